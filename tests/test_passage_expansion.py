"""The thesaurus from the passages' side: each passage's bag of alternatives, BM25 over it, and
the explanation of a match. Pure functions, table-driven."""

from __future__ import annotations

import math

import pytest

from search.analyze import word_tokens
from search.passage_expansion import build_expansion_index, expansion_scores, offered_stems, related_words
from search.thesaurus import Entry, Thesaurus


def _stem(word: str) -> str:
    (stem,) = word_tokens(word)
    return stem


TAAK, OPDRACHT, MISSIE, WIJK, BUURT, GOED, MOGELIJK, OPTIMAAL = map(
    _stem, ["taak", "opdracht", "missie", "wijk", "buurt", "goed", "mogelijk", "optimaal"]
)
ALTERNATIVES = {
    OPDRACHT: [frozenset({TAAK}), frozenset({MISSIE})],
    OPTIMAAL: [frozenset({GOED, MOGELIJK})],
    WIJK: [frozenset({BUURT})],
}
# passage 1 says "opdracht" and "optimaal", 2 "wijk", 3 "opdracht" and "wijk", 4 only words
# without an entry
POSTINGS = {OPDRACHT: {1, 3}, OPTIMAAL: {1}, WIJK: {2, 3}, TAAK: {4}}


@pytest.fixture
def index():
    return build_expansion_index(POSTINGS, ALTERNATIVES, passages=5, names={OPDRACHT: "opdracht", WIJK: "wijk"})


def test_a_passage_is_indexed_under_the_alternatives_of_its_words(index):
    assert index.postings[TAAK] == {1: 1, 3: 1}
    assert index.postings[BUURT] == {2: 1, 3: 1}
    assert index.postings[GOED] == {1: 1}
    # a bag holds only what the passage's words offer: passage 4 holds "taak", which offers nothing
    assert 4 not in index.lengths
    assert index.lengths == {1: 4, 2: 1, 3: 3}
    assert index.average_length == pytest.approx(8 / 5)


@pytest.mark.parametrize(
    ("query", "allowed", "limit", "expected_order"),
    [
        ([TAAK], None, None, [3, 1]),  # both offer "taak"; 1 has the longer bag, so 3 scores higher
        ([BUURT, TAAK], None, None, [3, 2, 1]),  # 3 offers both
        ([GOED, MOGELIJK], None, None, [1]),
        ([TAAK], {1, 2}, None, [1]),  # filters: only the allowed passages
        ([BUURT, TAAK], None, 1, [3]),
        (["onbekend"], None, None, []),
        ([], None, None, []),
    ],
)
def test_expansion_scores_rank_by_bm25(index, query, allowed, limit, expected_order):
    scores = expansion_scores(index, query, allowed, limit)
    assert sorted(scores, key=lambda r: -scores[r]) == expected_order
    assert all(v > 0 for v in scores.values())


def test_expansion_scores_are_bm25_with_fts5s_defaults(index):
    scores = expansion_scores(index, [TAAK, TAAK])  # a repeated query word counts once
    idf = math.log(1 + (5 - 2 + 0.5) / (2 + 0.5))
    norm = 1 - 0.75 + 0.75 * 3 / (8 / 5)
    assert scores[3] == pytest.approx(idf * 1 * 2.2 / (1 + 1.2 * norm))


def test_a_stem_two_alternatives_offer_counts_twice():
    index = build_expansion_index({OPDRACHT: {1}}, {OPDRACHT: [frozenset({TAAK}), frozenset({TAAK, MISSIE})]}, 1)
    assert index.postings[TAAK] == {1: 2}
    assert index.lengths == {1: 3}


@pytest.mark.parametrize(
    ("query_words", "passage", "expected"),
    [
        ([("taak", TAAK)], {OPDRACHT}, ("taak ~ opdracht",)),
        ([("taak", TAAK), ("buurt", BUURT)], {OPDRACHT, WIJK}, ("taak ~ opdracht", "buurt ~ wijk")),
        ([("taak", TAAK)], {OPDRACHT, TAAK}, ()),  # the passage has the word itself: a plain match
        ([("taak", TAAK)], {WIJK}, ()),
        # a stem without a written form in the thesaurus is shown as the stem
        ([("goed", GOED)], {OPTIMAAL}, (f"goed ~ {OPTIMAAL}",)),
    ],
)
def test_related_words_say_which_passage_word_a_query_word_stands_for(index, query_words, passage, expected):
    assert related_words(index, query_words, passage) == expected


@pytest.mark.parametrize(
    ("stems", "expected"),
    [
        ({OPDRACHT}, {TAAK, MISSIE}),
        ({OPDRACHT, OPTIMAAL}, {TAAK, MISSIE, GOED, MOGELIJK}),
        ({TAAK}, set()),  # "taak" offers nothing: it is an alternative, not an entry
        (set(), set()),
    ],
)
def test_offered_stems_are_what_a_sentence_also_says(index, stems, expected):
    assert offered_stems(index, stems) == expected


def test_the_thesaurus_offers_the_alternatives_of_its_one_word_entries():
    thesaurus = Thesaurus(
        [
            Entry("opdracht", ("taak", "missie", "opdrachten")),  # "opdrachten" repeats the word itself
            Entry("toegelaten", ("niet afgewezen", "aangenomen")),  # a negated alternative never applies
            Entry("korte lijnen", ("snel contact",)),  # two words: no single stem to index under
            Entry("optimaal", ("zo goed mogelijk",)),
        ]
    )
    offered = thesaurus.alternatives_by_stem()
    assert offered == {
        OPDRACHT: (frozenset({TAAK}), frozenset({MISSIE})),
        _stem("toegelaten"): (frozenset({_stem("aangenomen")}),),
        OPTIMAAL: (frozenset({GOED, MOGELIJK}),),
    }
    assert thesaurus.words_by_stem() == {
        OPDRACHT: "opdracht",
        _stem("toegelaten"): "toegelaten",
        OPTIMAAL: "optimaal",
    }
