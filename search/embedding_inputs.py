"""What the dense model is given to embed, and which vectors an ingest can take over instead
of embedding again: a chunk's embedding text (without repeated lines and web addresses, under
a version stored in the manifest), the vectors of the previous generation keyed by the hash
of the text they were made from, and the embedding of the texts no stored vector covers.

Separate from indexer.py, which decides which documents need vectors at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np

from ingest.embed import Embedder
from ingest.models import Chunk

from .generation_writer import IndexedDocument, text_hash
from .ingest_hooks import ProgressFactory, crash_test_pause

# Bumped whenever embedding_text changes what the dense model sees.
EMBEDDING_TEXT_VERSION = "unique-lines-no-addresses-v1"
_MIN_REPEAT_WORDS = 2


def embedding_text(chunk: Chunk) -> str:
    """What the dense model sees for a chunk: its text, without the lines that repeat an earlier
    line of the same chunk and without web addresses. Slides repeat their title on every slide
    ("cultuur als basisvoorwaarde: doelen per kalenderjaar", five times in one passage); the
    repeats are layout and would pull the passage's vector towards its title. Shown text is
    untouched."""
    return without_web_addresses(unique_lines(chunk.text))


_WEB_ADDRESS = re.compile(r"[ \t]*\S*(?:://|www\.)\S*")


def without_web_addresses(text: str) -> str:
    """The text without its web addresses. An address is where to read more, not what the
    passage says, and e5 reads it as a string of word pieces: the Haarlemmermeer note's work
    form, half of it seven addresses, was close to nearly any question."""
    return _WEB_ADDRESS.sub("", text).strip() if _WEB_ADDRESS.search(text) else text


def unique_lines(text: str) -> str:
    seen: set[str] = set()
    kept = []
    for line in text.split("\n"):
        key = " ".join(line.split()).lower()
        if key in seen and len(key.split()) >= _MIN_REPEAT_WORDS:
            continue
        seen.add(key)
        kept.append(line)
    return "\n".join(kept)


def vector_cache(previous: Iterable[IndexedDocument], chunks: bool = True) -> dict[str, np.ndarray]:
    """Vectors of every chunk and sentence text already embedded, keyed by text hash. `chunks`
    False: the chunk vectors were made from differently prepared text and are not offered."""
    cache: dict[str, np.ndarray] = {}
    for item in previous:
        if chunks:
            for chunk, vec in zip(item.chunks, item.chunk_vectors, strict=True):
                cache["c:" + text_hash(embedding_text(chunk))] = vec
        sentences = [item.doc.text[s.start : s.end] for c in item.chunks for s in c.sentences]
        for sentence, vec in zip(sentences, item.sentence_vectors, strict=True):
            cache["s:" + text_hash(sentence)] = vec
    return cache


def embed_missing(
    texts: list[str],
    prefix: str,
    cache: dict[str, np.ndarray],
    embedder: Embedder,
    progress: ProgressFactory,
    desc: str,
) -> tuple[np.ndarray, int]:
    keys = [prefix + text_hash(t) for t in texts]
    todo = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in cache}.items())
    if todo:
        bar = progress(len(todo), desc)
        batch = 16
        for start in range(0, len(todo), batch):
            part = todo[start : start + batch]
            vecs = embedder.embed_passages([t for _, t in part], batch_size=batch)
            for (k, _), v in zip(part, vecs, strict=True):
                cache[k] = v
            bar.update(len(part))
            crash_test_pause("embedding")
        bar.close()
    out = np.stack([cache[k] for k in keys]) if keys else np.zeros((0, embedder.dim), np.float32)
    return out.astype(np.float32), len(todo)
