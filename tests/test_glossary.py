"""Glossary: whole-token lookup of abbreviations in a query, and corpus/glossary.toml itself."""

from __future__ import annotations

import tomllib

import pytest

from search.glossary import Glossary, GlossaryError, Term, _pattern, load_glossary
from tests.conftest import CORPUS

TERMS = [
    Term("VO", "voortgezet onderwijs"),
    Term("PO", "primair onderwijs"),
    Term("ib'er", "intern begeleider", variants=("ib-er",)),
    Term("SWV", "samenwerkingsverband passend onderwijs", variants=("SWV-er",)),
    Term("T.O.M.", "Traject op Maat"),
]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("wat doet het vo?", ["VO"]),
        ("voor wie is dit voorbeeld", []),  # "vo" never inside "voor" or "voorbeeld"
        ("Overstap PO naar VO", ["PO", "VO"]),  # several terms, in query order
        ("VO en PO", ["VO", "PO"]),
        ("wat doet de ib’er", ["ib'er"]),  # curly apostrophe
        ("wat doet de IB'ER", ["ib'er"]),  # case
        ("de ib-er op school", ["ib'er"]),  # variant
        ("wat doet de SWV-er?", ["SWV"]),
        ("ibers", []),
        ("hoe werken ib'ers samen", ["ib'er"]),  # a plural of a term ending in "-er"
        ("de IB-ers", ["ib'er"]),
        ("twee VO's", ["VO"]),  # "'s" after any term
        ("vos en po-scholen", ["PO"]),  # not "vos" for "VO"
        ("T.O.M. Den Bosch", ["T.O.M."]),
        ("tom", []),
        ("", []),
    ],
)
def test_find(query, found):
    assert [m.term for m in Glossary(TERMS).find(query)] == found


def test_match_keeps_the_query_spelling_and_expansion():
    (m,) = Glossary(TERMS).find("Wat doet de IB’er?")
    assert m.matched == "IB’er"
    assert m.expansion == "intern begeleider"


def test_load_rejects_broken_toml(tmp_path):
    path = tmp_path / "glossary.toml"
    path.write_text("[[term]\nterm = ", encoding="utf-8")
    with pytest.raises(GlossaryError, match="glossary.toml"):
        load_glossary(path)


def test_corpus_glossary_terms_occur_in_the_documents_they_name():
    terms = load_glossary(CORPUS / "glossary.toml")
    catalog = tomllib.loads((CORPUS / "catalog.toml").read_text(encoding="utf-8"))
    files = {d["id"]: CORPUS / d["file"] for d in catalog["document"]}
    assert len(terms) >= 15
    for term in terms:
        assert term.documents, f"{term.term} names no document"
        forms = [_pattern(f) for f in (term.term, *term.variants)]
        for doc in term.documents:
            text = files[doc].read_text(encoding="utf-8").lower().replace("’", "'")
            assert any(p.search(text) for p in forms), f"{term.term} does not occur in {doc}"


def test_corpus_glossary_expands_the_fields_abbreviations():
    glossary = Glossary(load_glossary(CORPUS / "glossary.toml"))
    found = {m.term: m.expansion for m in glossary.find("Wat doet de SWV-er met een TLV voor het vo en mbo?")}
    assert found["SWV"] == "samenwerkingsverband passend onderwijs"
    assert set(found) == {"SWV", "TLV", "VO", "mbo"}
