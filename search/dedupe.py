"""Near-duplicate passages: the factsheet's points reappear in the NJi "Doen wat werkt" boxes.
Showing both twice wastes a slot in the top five, so the lower one is folded into the higher."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from .analyze import words

SHINGLE = 4
THRESHOLD = 0.6


@lru_cache(maxsize=8192)  # the same passages are compared query after query
def shingles(text: str, n: int = SHINGLE) -> frozenset[tuple[str, ...]]:
    toks = words(text)
    if len(toks) < n:
        return frozenset({tuple(toks)}) if toks else frozenset()
    return frozenset(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))


def containment(a: frozenset[tuple[str, ...]], b: frozenset[tuple[str, ...]]) -> float:
    """Share of the smaller passage's shingles found in the other one."""
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return len(small & large) / len(small)


def collapse_near_duplicates(texts: Sequence[str], threshold: float = THRESHOLD) -> list[tuple[int, list[int]]]:
    """Given texts in rank order, keep each one unless it repeats a kept one.

    Returns (index kept, indices folded into it) in rank order.
    """
    kept: list[tuple[int, list[int], frozenset[tuple[str, ...]]]] = []
    for i, text in enumerate(texts):
        sh = shingles(text)
        for _, folded, ksh in kept:
            if containment(sh, ksh) >= threshold:
                folded.append(i)
                break
        else:
            kept.append((i, [], sh))
    return [(i, folded) for i, folded, _ in kept]
