"""Making room for every document in the first results: a pure re-ranking, table-driven."""

from __future__ import annotations

import random

import pytest

from search.diversify import diversify_by_source

# candidates 1-4 from document A, 5-6 from B, 7 from C; scores best first
SCORES = {1: 1.00, 2: 0.98, 3: 0.96, 4: 0.60, 5: 0.95, 6: 0.50, 7: 0.90}
SOURCE = {1: "A", 2: "A", 3: "A", 4: "A", 5: "B", 6: "B", 7: "C"}
ORDERED = sorted(SCORES, key=lambda c: -SCORES[c])  # 1, 2, 3, 5, 7, 4, 6


@pytest.mark.parametrize(
    ("penalty", "expected"),
    [
        (0.0, [1, 2, 3, 5, 7, 4, 6]),  # no penalty: the order as given
        # 2 drops to 0.93: below 5 (0.95), still above 7 (0.90)
        (0.05, [1, 5, 2, 7, 3, 6, 4]),
        (0.1, [1, 5, 7, 2, 3, 6, 4]),  # a runner-up of another document passes a close one
        (1.0, [1, 5, 7, 2, 6, 3, 4]),  # a huge penalty: one per document in turn, best first
    ],
)
def test_each_passage_above_from_the_same_document_costs_the_penalty(penalty, expected):
    out = diversify_by_source(ORDERED, SCORES, SOURCE, penalty)
    assert [c for c, _ in out] == expected


def test_the_adjusted_scores_are_what_the_order_follows():
    out = diversify_by_source(ORDERED, SCORES, SOURCE, 0.08)
    assert dict(out)[2] == pytest.approx(0.98 - 0.08)  # one of A above it
    assert dict(out)[3] == pytest.approx(0.96 - 2 * 0.08)
    assert dict(out)[1] == SCORES[1] and dict(out)[5] == SCORES[5]  # the first of each document keep theirs
    scores = [s for _, s in out]
    assert scores == sorted(scores, reverse=True)


def test_a_passage_well_ahead_stays_ahead():
    scores = {1: 1.0, 2: 0.9, 3: 0.5}
    source = {1: "A", 2: "A", 3: "B"}
    assert [c for c, _ in diversify_by_source([1, 2, 3], scores, source, 0.08)] == [1, 2, 3]


def test_within_one_document_the_order_never_changes():
    out = diversify_by_source(ORDERED, SCORES, SOURCE, 0.3)
    order = [c for c, _ in out]
    for doc in "ABC":
        mine = [c for c in order if SOURCE[c] == doc]
        assert mine == [c for c in ORDERED if SOURCE[c] == doc]


@pytest.mark.parametrize(
    ("ordered", "scores", "source", "expected"),
    [
        ([], {}, {}, []),
        ([7], {7: 0.3}, {7: "X"}, [(7, 0.3)]),
        ([1, 2], {1: 0.5, 2: 0.5}, {}, [(1, 0.5), (2, 0.5)]),  # no source known: each is its own
        # a candidate without a source is not taken for the source that happens to equal its id
        ([1, 3], {1: 0.5, 3: 0.49}, {1: 3}, [(1, 0.5), (3, 0.49)]),
        # given out of score order, each source's candidates still come best first
        ([2, 1], {1: 1.0, 2: 0.5}, {1: "A", 2: "A"}, [(1, 1.0), (2, 0.42)]),
    ],
)
def test_edge_cases(ordered, scores, source, expected):
    out = diversify_by_source(ordered, scores, source, 0.08)
    assert [c for c, _ in out] == [c for c, _ in expected]
    assert [s for _, s in out] == pytest.approx([s for _, s in expected])


def _naive(ordered, scores, source_of, penalty):
    remaining, taken, out = list(ordered), {}, []
    while remaining:
        best = min(remaining, key=lambda c: (-(scores[c] - penalty * taken.get(source_of[c], 0)), ordered.index(c)))
        out.append((best, scores[best] - penalty * taken.get(source_of[best], 0)))
        taken[source_of[best]] = taken.get(source_of[best], 0) + 1
        remaining.remove(best)
    return out


def test_the_queues_give_what_the_plain_greedy_gives():
    """The per-source queues are a shortcut; on random candidates (scores rounded so that ties
    occur) they must pick what trying every remaining candidate at each step picks."""
    rng = random.Random(7)
    for _ in range(500):
        n = rng.randint(0, 15)
        scores = {c: round(rng.random(), 1) for c in range(n)}
        ordered = sorted(scores, key=lambda c: (-scores[c], c))
        source_of = {c: rng.choice("ABC") for c in ordered}
        penalty = rng.choice([0.05, 0.08, 0.1, 0.3, 2.0])
        got = diversify_by_source(ordered, scores, source_of, penalty)
        want = _naive(ordered, scores, source_of, penalty)
        assert [c for c, _ in got] == [c for c, _ in want]
        assert [s for _, s in got] == pytest.approx([s for _, s in want])


def test_ties_keep_the_given_order():
    scores = {1: 0.5, 2: 0.5, 3: 0.5}
    assert [c for c, _ in diversify_by_source([3, 1, 2], scores, {1: "A", 2: "B", 3: "C"}, 0.08)] == [3, 1, 2]
