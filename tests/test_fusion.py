"""Fusion: min-max normalisation, weighted score fusion, reciprocal rank fusion, ranking."""

from __future__ import annotations

import pytest

from search.fusion import RRF_K, min_max_normalise, rank, reciprocal_rank_fusion, weighted_score_fusion


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ({}, {}),
        ({1: 3.5}, {1: 1.0}),  # one candidate: it is the best there is
        ({1: 2.0, 2: 2.0, 3: 2.0}, {1: 1.0, 2: 1.0, 3: 1.0}),  # all equal
        ({1: 0.0, 2: 5.0, 3: 10.0}, {1: 0.0, 2: 0.5, 3: 1.0}),
        ({1: -4.0, 2: -2.0}, {1: 0.0, 2: 1.0}),  # negative BM25-style scores
    ],
)
def test_min_max_normalise(scores, expected):
    assert min_max_normalise(scores) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("scores", "min_span", "expected"),
    [
        # scores closer together than the least span stay as close as they are
        ({1: 0.81, 2: 0.84}, 0.3, {1: 0.0, 2: 0.1}),
        ({1: 0.5, 2: 0.6, 3: 0.8}, 0.6, {1: 0.0, 2: 1 / 6, 3: 0.5}),
        # spread wider than the least span: plain min-max
        ({1: 0.0, 2: 5.0, 3: 10.0}, 4.0, {1: 0.0, 2: 0.5, 3: 1.0}),
        ({1: 0.2, 2: 0.7}, 0.0, {1: 0.0, 2: 1.0}),
        # all equal with a least span: all at the bottom, none stretched to the top
        ({1: 2.0, 2: 2.0}, 0.5, {1: 0.0, 2: 0.0}),
        ({}, 1.0, {}),
    ],
)
def test_min_max_normalise_with_a_least_span(scores, min_span, expected):
    assert min_max_normalise(scores, min_span) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("maps", "weights", "expected"),
    [
        # candidate missing from a list scores 0 there but is still present
        ([{1: 1.0, 2: 0.0}, {3: 5.0, 1: 0.0}], [1.0, 1.0], {1: 1.0, 2: 0.0, 3: 1.0}),
        ([{1: 1.0, 2: 0.0}, {2: 1.0, 1: 0.0}], [0.3, 1.0], {1: 0.3, 2: 1.0}),
        # a zero weight silences a retriever but keeps its candidates
        ([{1: 9.0, 2: 1.0}, {2: 1.0, 1: 0.0}], [0.0, 1.0], {1: 0.0, 2: 1.0}),
        ([{}, {}], [1.0, 1.0], {}),
    ],
)
def test_weighted_score_fusion(maps, weights, expected):
    assert weighted_score_fusion(maps, weights) == pytest.approx(expected)


def test_a_least_span_keeps_small_differences_small_in_the_fusion():
    # within a filter the dense scores are 0.03 apart; stretched to 0..1 they outweigh the one
    # lexical match, spread over the span they have in the whole index they do not
    lexical = {3: 4.0}
    dense = {1: 0.84, 2: 0.83, 3: 0.81}
    assert rank(weighted_score_fusion([lexical, dense], [0.3, 1.0]))[0] == 1
    fused = weighted_score_fusion([lexical, dense], [0.3, 1.0], [0.0, 0.3])
    assert rank(fused) == [3, 1, 2]
    assert fused == pytest.approx({1: 0.1, 2: 2 / 30, 3: 0.3})


def test_weighted_fusion_keeps_a_lead_that_rank_fusion_loses():
    # one retriever is sure about 1; the other mildly prefers 2
    lexical = {1: 10.0, 2: 0.1, 3: 0.0}
    dense = {2: 0.82, 1: 0.81, 3: 0.80}
    fused = weighted_score_fusion([lexical, dense], [1.0, 1.0])
    assert rank(fused)[0] == 1


@pytest.mark.parametrize(
    ("rankings", "weights", "expected"),
    [
        ([[1, 2], [2, 1]], None, {1: 1 / (RRF_K + 1) + 1 / (RRF_K + 2), 2: 1 / (RRF_K + 2) + 1 / (RRF_K + 1)}),
        ([[1], [2]], [2.0, 1.0], {1: 2 / (RRF_K + 1), 2: 1 / (RRF_K + 1)}),
        ([[5, 6, 7]], None, {5: 1 / 61, 6: 1 / 62, 7: 1 / 63}),
        ([], None, {}),
    ],
)
def test_reciprocal_rank_fusion(rankings, weights, expected):
    assert reciprocal_rank_fusion(rankings, weights=weights) == pytest.approx(expected)


def test_rrf_rewards_agreement():
    fused = reciprocal_rank_fusion([[1, 2, 3], [3, 2, 1], [2, 3, 1]])
    assert rank(fused)[0] == 2


@pytest.mark.parametrize(
    ("scores", "expected"),
    [({3: 0.5, 1: 0.9, 2: 0.5}, [1, 2, 3]), ({}, []), ({7: 1.0}, [7])],
)
def test_rank_is_descending_with_stable_ties(scores, expected):
    assert rank(scores) == expected
