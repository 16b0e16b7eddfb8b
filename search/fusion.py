"""Combining ranked lists from several retrievers: pure functions on {id: score} maps."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

RRF_K = 60


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[int]], k: int = RRF_K, weights: Sequence[float] | None = None
) -> dict[int, float]:
    """Sum of weight / (k + rank) over the lists a candidate appears in (rank from 1)."""
    weights = weights or [1.0] * len(rankings)
    fused: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, key in enumerate(ranking, start=1):
            fused[key] = fused.get(key, 0.0) + weight / (k + rank)
    return fused


def min_max_normalise(scores: Mapping[int, float], min_span: float = 0.0) -> dict[int, float]:
    """Scale scores to [0, 1] (the lowest 0, the highest 1); a single candidate or all-equal
    scores all become 1. With `min_span`, scores closer together than that are divided by it
    instead, so they stay as close as they are (the highest then below 1)."""
    if not scores:
        return {}
    lo, hi = min(scores.values()), max(scores.values())
    span = max(hi - lo, min_span)
    if span < 1e-12:
        return {key: 1.0 for key in scores}
    return {key: (value - lo) / span for key, value in scores.items()}


def weighted_score_fusion(
    score_maps: Sequence[Mapping[int, float]],
    weights: Sequence[float],
    min_spans: Sequence[float] | None = None,
) -> dict[int, float]:
    """Weighted sum of min-max-normalised scores; a candidate missing from a list scores 0 there.

    Unlike rank fusion this keeps how far ahead a candidate is, which protects an exact
    lexical match (a figure, a year) that only one retriever finds. `min_spans` gives each list
    the least span it is normalised by (min_max_normalise).
    """
    spans = min_spans or [0.0] * len(score_maps)
    fused: dict[int, float] = {}
    for scores, weight, span in zip(score_maps, weights, spans, strict=True):
        for key, value in min_max_normalise(scores, span).items():
            fused[key] = fused.get(key, 0.0) + weight * value
    for scores in score_maps:
        for key in scores:
            fused.setdefault(key, 0.0)
    return fused


def rank(scores: Mapping[int, float]) -> list[int]:
    """Keys by descending score, ties broken by key for a stable order."""
    return [key for key, _ in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))]
