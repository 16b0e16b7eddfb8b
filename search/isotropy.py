"""Post-processing of e5 vectors for ranking: "all-but-the-top" (Mu & Viswanath, 2018).

e5 places every passage in a narrow cone: on this corpus any question has a cosine of
0.80-0.90 with every passage, and a few shared directions (the "passage: " prefix, Dutch
policy register) carry much of that. Subtracting the corpus mean and projecting out the
top principal directions leaves the part of each vector that tells passages apart. Fitted
on the passage vectors of one generation only (no questions, no labels), so it follows the
corpus and cannot be tuned to a question set; how many directions to remove was chosen on
halves of the dev questions (1; 1-5 all beat raw cosines on both halves).

Pure functions on arrays; the store fits one per generation on its passage and sentence
vectors and keeps the raw vectors for re-use, themes, the weak-match check and the marked
sentences, whose thresholds are calibrated on raw cosines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

TOP_DIRECTIONS = 1
FIT_ROWS = 20_000  # a mean and a few principal directions are well estimated from this many rows
_RELATIVE_TOLERANCE = 1e-4  # what is left of a vector below this share of its length is rounding


@dataclass(frozen=True, eq=False)
class Isotropy:
    """x -> normalise((x - mean) minus its part along `directions`)."""

    mean: np.ndarray  # (dim,)
    directions: np.ndarray  # (k, dim), orthonormal rows

    def apply(self, vectors: np.ndarray) -> np.ndarray:
        """Transform one vector (dim,) or rows (n, dim) into unit rows. A row with nothing left
        after the removal (the mean itself, or a mean-plus-removed-directions vector) becomes zero
        rather than normalised rounding noise."""
        x = np.asarray(vectors, dtype=np.float32)
        single = x.ndim == 1
        x = np.atleast_2d(x)
        before = np.linalg.norm(x, axis=1, keepdims=True)
        x = x - self.mean
        if len(self.directions):
            x = x - (x @ self.directions.T) @ self.directions
        norms = np.linalg.norm(x, axis=1, keepdims=True)
        x = np.divide(x, norms, out=np.zeros_like(x), where=norms > _RELATIVE_TOLERANCE * np.maximum(before, 1e-12))
        return x[0] if single else x


def sample_rows(parts: Sequence[np.ndarray], max_rows: int = FIT_ROWS) -> np.ndarray:
    """At most `max_rows` evenly spaced rows of the arrays stacked, without stacking them all."""
    sizes = [len(p) for p in parts]
    total = sum(sizes)
    if total <= max_rows:
        return np.concatenate([np.asarray(p) for p in parts]) if parts else np.zeros((0, 0))
    wanted = np.linspace(0, total - 1, max_rows).astype(np.int64)
    out, offset = [], 0
    for part, size in zip(parts, sizes, strict=True):
        mine = wanted[(wanted >= offset) & (wanted < offset + size)] - offset
        if len(mine):
            out.append(np.asarray(part)[mine])
        offset += size
    return np.concatenate(out)


def fit_isotropy(vectors: np.ndarray, directions: int = TOP_DIRECTIONS, max_rows: int = FIT_ROWS) -> Isotropy:
    """Mean and top principal directions of `vectors` (n, dim), from at most `max_rows` evenly
    spaced rows. With fewer than two vectors there is nothing to learn: nothing is removed
    (a lone vector minus its own mean would be all zero)."""
    x = np.asarray(vectors)
    if x.ndim != 2:
        raise ValueError(f"expected a (n, dim) array, got shape {x.shape}")
    if x.shape[0] > max_rows:
        x = sample_rows([x], max_rows)
    x = x.astype(np.float64)
    dim = x.shape[1]
    if x.shape[0] < 2:
        return Isotropy(np.zeros(dim, np.float32), np.zeros((0, dim), np.float32))
    mean = x.mean(axis=0)
    centred = x - mean
    # n centred rows span at most n - 1 directions; removing all of them would leave only
    # rounding noise, so at least one is kept.
    k = max(0, min(directions, x.shape[0] - 2, dim - 1))
    if k == 0:
        return Isotropy(mean.astype(np.float32), np.zeros((0, dim), np.float32))
    # The dim x dim covariance keeps this cheap for any corpus size (n x dim^2 flops).
    values, vecs = np.linalg.eigh(centred.T @ centred)
    top = vecs[:, np.argsort(values)[::-1][:k]].T
    return Isotropy(mean.astype(np.float32), np.ascontiguousarray(top, dtype=np.float32))
