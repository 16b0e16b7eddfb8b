"""The one place where heavy libraries are imported, lazily, so that `import ingest`
and `import search` stay cheap and a missing optional package fails with a clear message."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_SENTENCE_END_ABBREVIATION = re.compile(r"^(?:[A-Z]{2,6}|vo|po)\.$")


@lru_cache(maxsize=1)
def spacy_sentencizer() -> Any:
    """spaCy's blank Dutch pipeline with the rule-based sentencizer (no model download)."""
    import spacy

    nlp = spacy.blank("nl")
    # spaCy's Dutch exceptions keep the dot of abbreviations such as "Art." on the word, and so
    # no sentence ends there. They also hold the field's "VO." and "PO." and every abbreviation
    # in capitals: "… Pilot Jongerenwerk in school op het VO. De insteek …" was one sentence,
    # marked and quoted whole. The documents write their abbreviations without dots.
    nlp.tokenizer.rules = {
        text: tokens for text, tokens in nlp.tokenizer.rules.items() if not _SENTENCE_END_ABBREVIATION.match(text)
    }
    nlp.add_pipe("sentencizer")
    nlp.max_length = 5_000_000
    return nlp


def faiss() -> Any:
    import faiss as _faiss

    return _faiss


def sentence_transformers() -> Any:
    import sentence_transformers as _st

    return _st
