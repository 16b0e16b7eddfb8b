"""A deterministic embedder for fast unit tests: hashed word and character features.

It is not a language model, but texts that share words get similar vectors, so
ranking code can be tested without loading a model.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np

from .base import normalise_rows

_WORD = re.compile(r"\w+", re.UNICODE)


class FakeEmbedder:
    def __init__(self, dim: int = 64) -> None:
        self.dim = dim
        self.name = f"fake:{dim}"

    def _vector(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dim, dtype=np.float32)
        for word in _WORD.findall(text.lower()):
            for feature in [word] + [word[i : i + 4] for i in range(max(1, len(word) - 3))]:
                digest = hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest()
                bucket = int.from_bytes(digest[:4], "little") % self.dim
                sign = 1.0 if digest[4] & 1 else -1.0
                vec[bucket] += sign
        return vec

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return (
            normalise_rows(np.stack([self._vector(t) for t in texts])) if texts else np.zeros((0, self.dim), np.float32)
        )

    def embed_passages(self, texts: Sequence[str], batch_size: int = 16) -> np.ndarray:
        return self.embed_queries(texts)
