"""The thesaurus: loading corpus/thesaurus.toml, and which query words it expands with what."""

from __future__ import annotations

from pathlib import Path

import pytest

from search import generations as gens
from search.analyze import word_tokens
from search.models import ThesaurusMatch
from search.store import IndexStore
from search.thesaurus import Entry, Thesaurus, ThesaurusError, by_alternative, load_thesaurus
from tests.conftest import CORPUS

ENTRIES = [
    Entry("spijbelen", ("wegblijven", "lessen overslaan", "niet naar school gaan")),
    Entry("kengetallen", ("cijfers", "statistieken")),
    Entry("optimaal", ("zo goed mogelijk",)),
    Entry("ketenpartners", ("partners", "ketenpartner")),  # the second only repeats the word's stem
    Entry("afgewezen", ("niet goedgekeurd", "geweigerd")),
    Entry("anderstaligen", ("niet-nederlandstaligen",)),
]
# the stems the documents use: every entry word, and the everyday words a document also uses
KNOWN = frozenset(word_tokens("spijbelen kengetallen optimaal ketenpartners school lessen goed mogelijk partners"))


@pytest.mark.parametrize(
    "query, expected",
    [
        # a word no document uses, named as an alternative: the documents' word is added
        ("Wat betekent het als een tiener vaak wegblijft?", [("spijbelen", "wegblijven")]),
        ("Delen scholen hun cijfers?", [("kengetallen", "cijfers")]),
        # two unknown words pointing at one entry give it once, for the first the query reaches
        ("cijfers en statistieken", [("kengetallen", "cijfers")]),
        # a phrase applies when all its content words are in the query, one of them unknown
        ("leerlingen die lessen overslaan", [("spijbelen", "lessen overslaan")]),
        ("leerlingen die lessen volgen", []),
        # all words of the alternative are words the documents use: they find the passages
        # themselves, so nothing is added ("niet naar school gaan" is just "school" without stopwords)
        ("kinderen die niet naar school gaan", []),
        ("zo goed mogelijk ontplooien", []),
        ("welke partners zijn er", []),
        # the query already has the documents' word
        ("spijbelen en wegblijven", []),
        # a negated alternative never applies: without its stopword it says the opposite
        ("is de aanvraag goedgekeurd?", []),
        ("is de aanvraag niet goedgekeurd of geweigerd?", [("afgewezen", "geweigerd")]),
        ("hoe bereik je nederlandstaligen", []),
        # inflection does not matter: stems are compared
        ("jongeren die wegbleven en wegblijft", [("spijbelen", "wegblijven")]),
        ("", []),
    ],
)
def test_find_expands_only_words_no_document_uses(query, expected):
    found = Thesaurus(ENTRIES).find(query, KNOWN)
    assert [(m.word, m.matched) for m in found] == expected


def test_without_known_stems_every_alternative_counts():
    found = Thesaurus(ENTRIES).find("welke partners zijn er", frozenset())
    assert [m.word for m in found] == ["ketenpartners"]


def test_an_alternative_that_repeats_the_word_is_ignored():
    assert Thesaurus(ENTRIES).find("één ketenpartner", frozenset()) == []


def test_load_thesaurus_reads_the_words_table(tmp_path: Path):
    path = tmp_path / "thesaurus.toml"
    path.write_text('[woorden]\nspijbelen = ["wegblijven", "brossen"]\n"ib\'er" = ["intern begeleider"]\n', "utf-8")
    assert load_thesaurus(path) == [
        Entry("spijbelen", ("wegblijven", "brossen")),
        Entry("ib'er", ("intern begeleider",)),
    ]


@pytest.mark.parametrize(
    "text, message",
    [
        ("[woorden\n", "thesaurus.toml"),
        ("woorden = 3\n", "table"),
        ('[woorden]\nspijbelen = "wegblijven"\n', "spijbelen"),
        ("[woorden]\nspijbelen = [1, 2]\n", "spijbelen"),
    ],
)
def test_a_broken_thesaurus_is_refused_with_its_name(tmp_path: Path, text, message):
    path = tmp_path / "thesaurus.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(ThesaurusError, match=message):
        load_thesaurus(path)


def test_a_missing_thesaurus_file_is_an_error_naming_it(tmp_path: Path):
    with pytest.raises(ThesaurusError, match="nope.toml"):
        load_thesaurus(tmp_path / "nope.toml")


def test_the_corpus_thesaurus_lists_words_of_the_seed_documents(fake_index):
    """Every entry is a word the indexed documents use (that is what expanding to it is for)
    and names something else for it."""
    entries = load_thesaurus(CORPUS / "thesaurus.toml")
    assert len(entries) > 2000
    known = IndexStore.open(gens.current_generation(fake_index.index_dir)).known_stems()
    not_in_corpus = [e.word for e in entries if not set(word_tokens(e.word)) <= known]
    assert not_in_corpus == []
    assert all(e.alternatives for e in entries)
    assert not [e.word for e in entries if e.word in e.alternatives]


@pytest.mark.parametrize(
    "matches, expected",
    [
        ([], []),
        ([("kengetallen", "cijfers")], [("cijfers", ["kengetallen"])]),
        (
            [("gegevens", "cijfers"), ("spijbelen", "wegblijven"), ("kengetallen", "cijfers")],
            [("cijfers", ["gegevens", "kengetallen"]), ("wegblijven", ["spijbelen"])],
        ),
    ],
)
def test_added_words_are_grouped_under_the_alternative_that_brought_them(matches, expected):
    assert by_alternative([ThesaurusMatch(word, alt) for word, alt in matches]) == expected
