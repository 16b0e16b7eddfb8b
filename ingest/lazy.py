"""The one place where heavy libraries are imported, lazily, so that `import ingest`
and `import search` stay cheap and a missing optional package fails with a clear message."""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def spacy_sentencizer() -> Any:
    """spaCy's blank Dutch pipeline with the rule-based sentencizer (no model download)."""
    import spacy

    nlp = spacy.blank("nl")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 5_000_000
    return nlp


def faiss() -> Any:
    import faiss as _faiss

    return _faiss


def sentence_transformers() -> Any:
    import sentence_transformers as _st

    return _st
