"""Room for every document in the first results: each passage ranks a little lower for the
size of its document, and for every passage of its document already above it.

One long document (the NJi publication holds four fifths of the passages) is close to most
questions in both BM25 and e5, so its passages crowd the first places even where a shorter
document answers better. Two small penalties in fused-score units handle that:

- per passage already taken from the same document (`diversify_by_source`): a close runner-up
  from another document gets through, a passage well ahead stays where it is;
- by the document's size (`penalise_by_source_size`): the more passages a document has, the
  more of them are close to a question by chance. Before it, the NJi publication's passage came
  first without the document holding any answer for 4 of 40 dev questions and 6 and 4 of 30 in
  the hold-out sets, the four other documents together for 3, 3 and 1. The penalty grows with
  the logarithm of the size, so a document of 500 passages pays little more than one of 170,
  and a one-passage document pays nothing.

Pure functions.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence

_OWN = object()  # the source of a candidate that has none: itself, never equal to a real source


def source_size_penalty(size: int, weight: float) -> float:
    """What a passage of a document of `size` passages loses: weight x ln(size); nothing for a
    document of one passage (or an unknown size, 0)."""
    return weight * math.log(size) if size > 1 and weight > 0 else 0.0


def penalise_by_source_size(
    scores: Mapping[int, float],
    source_of: Mapping[int, Hashable],
    sizes: Mapping[Hashable, int],
    weight: float,
) -> dict[int, float]:
    """Each candidate's score minus `source_size_penalty` of its source's size (`sizes`; a
    candidate without a source, or of a source without a size, loses nothing)."""
    return {c: s - source_size_penalty(sizes.get(source_of.get(c), 0), weight) for c, s in scores.items()}


def diversify_by_source(
    ordered: Sequence[int],
    scores: Mapping[int, float],
    source_of: Mapping[int, Hashable],
    penalty: float,
) -> list[tuple[int, float]]:
    """Re-rank the candidates `ordered` greedily: the next one is the candidate with the highest
    score minus `penalty` times the number of candidates of its source (`source_of`, e.g. its
    document; a candidate without one is its own) already taken. Returns (candidate, adjusted
    score), best first; ties keep the given order. A penalty of 0 (or below) returns the given
    order with the scores unchanged."""
    if penalty <= 0:
        return [(c, scores[c]) for c in ordered]
    position = {c: i for i, c in enumerate(ordered)}
    # Within one source the order never changes (its candidates all carry the same penalty), so
    # only the head of each source's queue competes: O(candidates x sources).
    queues: dict[Hashable, list[int]] = {}
    for c in ordered:
        queues.setdefault(source_of[c] if c in source_of else (_OWN, c), []).append(c)
    for queue in queues.values():
        queue.sort(key=lambda c: (-scores[c], position[c]))
    heads = {source: 0 for source in queues}
    taken: dict[Hashable, int] = {}
    out: list[tuple[int, float]] = []
    for _ in range(len(ordered)):
        best_source, best_key, best_score = None, None, 0.0
        for source, head in heads.items():
            if head >= len(queues[source]):
                continue
            c = queues[source][head]
            adjusted = scores[c] - penalty * taken.get(source, 0)
            key = (-adjusted, position[c])
            if best_key is None or key < best_key:
                best_source, best_key, best_score = source, key, adjusted
        assert best_source is not None
        out.append((queues[best_source][heads[best_source]], best_score))
        heads[best_source] += 1
        taken[best_source] = taken.get(best_source, 0) + 1
    return out
