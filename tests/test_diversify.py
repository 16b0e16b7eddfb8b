"""Making room for every document in the first results: a pure re-ranking, table-driven."""

from __future__ import annotations

import random

import pytest

from search.diversify import diversify_by_source, penalise_by_source_size, source_size_penalty

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


@pytest.mark.parametrize(
    ("size", "weight", "expected"),
    [
        (1, 0.08, 0.0),  # a one-passage document pays nothing
        (0, 0.08, 0.0),  # an unknown size (no entry) pays nothing either
        (10, 0.08, 0.08 * 2.302585),
        (181, 0.08, 0.08 * 5.198497),  # the NJi publication
        (500, 0.08, 0.08 * 6.214608),  # three times the passages, 1.2 times the penalty
        (181, 0.0, 0.0),  # weight 0: off
    ],
)
def test_a_document_pays_by_the_logarithm_of_its_size(size, weight, expected):
    assert source_size_penalty(size, weight) == pytest.approx(expected, abs=1e-6)


def test_the_size_penalty_lets_the_shorter_document_pass_a_close_candidate():
    scores = {1: 1.00, 2: 0.95, 3: 0.70, 4: 0.40}
    source = {1: "long", 2: "short", 3: "long", 4: "lone"}
    sizes = {"long": 100, "short": 5, "lone": 1}
    out = penalise_by_source_size(scores, source, sizes, 0.08)
    # 1 loses 0.368, 2 loses 0.129: the short document's passage now comes first
    assert out[2] > out[1]
    assert out[4] == scores[4]  # a one-passage document keeps its score
    assert out[1] - out[3] == pytest.approx(scores[1] - scores[3])  # within a document the order holds
    # a candidate without a known source, or a source without a size, loses nothing
    assert penalise_by_source_size({9: 0.5}, {}, sizes, 0.08) == {9: 0.5}
    assert penalise_by_source_size({9: 0.5}, {9: "new"}, sizes, 0.08) == {9: 0.5}
    assert penalise_by_source_size(scores, source, sizes, 0.0) == scores
