"""What an ingest takes over from the generation before it: that generation's store (or
None when there is none, or a rebuild may pass over a broken one), its documents' ids,
metadata, files and content hashes, their chunks with their vectors, and its
ingest-state.json (the removed ids, and per file the size, times and inode seen when it was
hashed, so that a file that did not change is not even read).

Separate from indexer.py, which decides from these what to re-read and re-embed.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ingest.embed import Embedder
from ingest.models import DocumentMeta

from . import generations as gens
from .generation_writer import IndexedDocument
from .manifest import IndexError_
from .store import IndexStore, sentence_rows

STATE_FILE = "ingest-state.json"


def open_previous(index_dir: Path, embedder: Embedder, rebuild: bool) -> IndexStore | None:
    try:
        gen = gens.current_generation(index_dir)
    except gens.IndexMissingError:
        if rebuild:
            return None
        if gens.current_name(index_dir) is not None:
            raise
        return None
    try:
        return IndexStore.open(gen, expected_embedder=None if rebuild else embedder.name)
    except IndexError_:
        if rebuild:
            return None
        raise


@dataclass(frozen=True)
class _PrevDoc:
    meta: DocumentMeta
    path: str
    content_hash: str


def previous_info(store: IndexStore) -> dict[str, _PrevDoc]:
    """Id, metadata, file and content hash of every indexed document (no texts, no vectors)."""
    rows = store.db.execute(
        "SELECT id, title, type, organisation, year, source, seed_file, path, content_hash FROM documents"
    ).fetchall()
    return {row[0]: _PrevDoc(DocumentMeta(*row[:7]), row[7], row[8]) for row in rows}


def previous_documents(store: IndexStore) -> dict[str, IndexedDocument]:
    """Documents of the previous generation with their chunks and vectors, for re-use."""
    vectors, ids = store.chunk_vectors()
    by_rowid = {int(r): vectors[i] for i, r in enumerate(ids)}
    out: dict[str, IndexedDocument] = {}
    for meta in store.document_metas():
        doc = store.document(meta.id)
        if doc is None:
            continue
        records = store.document_chunks(meta.id)
        chunk_vecs = (
            np.stack([by_rowid[r.rowid] for r in records]) if records else np.zeros((0, store.manifest.dim), np.float32)
        )
        sent = []
        for r in records:
            lo, hi = store.sentence_range(r.rowid)
            sent.append(store.sentence_vectors[sentence_rows(lo, hi)])
        sent_vecs = np.concatenate(sent) if sent else np.zeros((0, store.manifest.dim), np.float32)
        out[meta.id] = IndexedDocument(doc, tuple(r.chunk for r in records), chunk_vecs, sent_vecs)
    return out


@dataclass
class IngestState:
    removed: dict[str, str] = field(default_factory=dict)  # doc id -> content hash when removed
    files: dict[str, list[object]] = field(
        default_factory=dict
    )  # abs path -> [size, mtime, ctime, ino, hashed_at, sha256]

    @classmethod
    def read(cls, gen_dir: Path | None) -> IngestState:
        if gen_dir is None:
            return cls()
        try:
            data = json.loads((gen_dir / STATE_FILE).read_text(encoding="utf-8"))
            return cls(dict(data.get("removed", {})), dict(data.get("files", {})))
        except (OSError, ValueError, TypeError, AttributeError):
            return cls()  # only a cache and a list of removals: an unreadable one is an empty one

    def write(self, gen_dir: Path) -> None:
        data = {"removed": self.removed, "files": self.files}
        (gen_dir / STATE_FILE).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def stat_key(st: os.stat_result) -> list[object]:
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
