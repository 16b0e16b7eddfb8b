"""eval/keywords.py: keyword searches within one document, made from the index with a fixed
seed; on the e5 index the passage holding the words comes first for most of them."""

from __future__ import annotations

import pytest

from search.analyze import stem_set
from search.filters import Filters
from search.params import SearchOptions
from search.searcher import ONLY_WHEN_ASKED, with_params
from tests.conftest import load_eval_script


@pytest.fixture(scope="module")
def keywords():
    return load_eval_script("keywords")


def _passages(keywords):
    P = keywords.Passage
    return [
        P("a:0", "a", "De leerplichtambtenaar spreekt met de ouders over verzuim."),
        P("a:1", "a", "Het wijkteam en de school maken afspraken over verzuim en begeleiding."),
        P("a:2", "a", "Begeleiding van thuiszitters vraagt geduld van de leerplichtambtenaar."),
        P("a:3", "a", "Iedere school heeft een ondersteuningsprofiel tegen verzuim."),
        P("b:0", "b", "Samenwerking tussen jeugdhulp en onderwijs in de wijk."),
    ]


def test_keyword_queries_name_words_one_or_two_passages_use(keywords):
    passages = _passages(keywords)
    queries = keywords.keyword_queries(passages, per_document=25, seed=3)
    assert queries == keywords.keyword_queries(passages, per_document=25, seed=3)  # fixed by the seed
    by_id = {p.id: p for p in passages}
    assert {q.doc_id for q in queries} == {"a", "b"}
    for q in queries:
        terms = q.query.split()
        assert 1 <= len(terms) <= 2 and all(len(t) >= keywords.MIN_LETTERS for t in terms)
        assert q.answers and all(by_id[a].doc_id == q.doc_id for a in q.answers)
        # the answers are exactly the document's passages holding every word
        holding = {p.id for p in passages if p.doc_id == q.doc_id and stem_set(q.query) <= stem_set(p.text)}
        assert set(q.answers) == holding
        if len(terms) == 1:
            assert len(q.answers) <= 2
    # "leerplichtambtenaar" and "begeleiding" are in two of a's passages, "verzuim" in three;
    # "wijk" is too short
    singles = {q.query for q in queries if " " not in q.query}
    assert {"leerplichtambtenaar", "begeleiding", "samenwerking"} <= singles
    assert "verzuim" not in singles and "wijk" not in singles
    assert len(keywords.keyword_queries(passages, per_document=1, seed=3)) < len(queries)


@pytest.mark.parametrize(
    ("ranked", "answers", "expected"),
    [(["x", "a", "b"], {"a"}, 2), (["a"], {"a", "b"}, 1), (["x", "y"], {"a"}, None), (["x"] * 10 + ["a"], {"a"}, None)],
)
def test_first_answer(keywords, ranked, answers, expected):
    assert keywords.first_answer(ranked, answers) == expected


def test_summarise_ranks(keywords):
    assert keywords.summarise_ranks([1, 2, None, 1]) == {"n": 4, "hit@1": 0.5, "mrr@10": pytest.approx(0.625)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("filtered_dense_span=false", ("filtered_dense_span", False)),
        ("weight_lexical=0.5", ("weight_lexical", 0.5)),
        ("candidates=40", ("candidates", 40)),
        ("isotropy_directions=None", ("isotropy_directions", None)),
        ("fusion=rrf", ("fusion", "rrf")),
    ],
)
def test_parse_setting(keywords, text, expected):
    assert keywords.parse_setting(text) == expected


def test_a_word_searched_within_a_document_comes_first_on_the_e5_index(keywords, e5_searcher):
    """The generated keyword searches (178 on this corpus) within their document: the passage
    holding the words comes first for 0.93 of them; spread over the filter's own dense span, as
    before stop 21, for 0.87."""
    searcher = e5_searcher
    rows = searcher.store.db.execute("SELECT id, doc_id, text, kind FROM chunks ORDER BY rowid").fetchall()
    passages = [keywords.Passage(i, d, t) for i, d, t, kind in rows if kind not in ONLY_WHEN_ASKED]
    queries = keywords.keyword_queries(passages)
    assert len(queries) >= 150

    def report(s):
        def search(q):
            options = SearchOptions(k=10, explain=False, filters=Filters(doc_ids=(q.doc_id,)))
            return [h.chunk.id for h in s.search(q.query, options).hits]

        return keywords.evaluate(queries, search)["all"]

    default = report(searcher)
    stretched = report(with_params(searcher, filtered_dense_span=False))
    print(f"\nkeywords within a document: hit@1 {default['hit@1']:.3f} (stretched {stretched['hit@1']:.3f})")
    assert default["hit@1"] >= 0.9 and default["mrr@10"] >= 0.93
    assert default["hit@1"] > stretched["hit@1"]
