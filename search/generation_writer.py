"""Writing a generation: the SQLite database (documents, chunks, sentences, themes, FTS5), the
FAISS index of chunk vectors, the sentence and theme vectors, and last the manifest that
records them, into an empty build directory; with what is handed to it (IndexedDocument,
ThemeDef) and the text hashes and stems text it stores. Nothing here changes a generation once
written.

Separate from the read side (store.py), which only opens finished generations, and from
generations.py, which switches a finished build directory in.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ingest.lazy import faiss
from ingest.models import Chunk, Document

from .analyze import char_grams, fts_document, word_tokens
from .manifest import CHUNK_VECTORS, DB, MANIFEST, SENTENCE_VECTORS, THEME_VECTORS, Manifest, file_sha256

SCHEMA = """
CREATE TABLE documents (
  id TEXT PRIMARY KEY, title TEXT, type TEXT, organisation TEXT, year INTEGER, source TEXT,
  seed_file TEXT, path TEXT, content_hash TEXT, text TEXT, pages TEXT, headings TEXT
);
CREATE TABLE chunks (
  rowid INTEGER PRIMARY KEY, id TEXT UNIQUE, doc_id TEXT REFERENCES documents(id), ordinal INTEGER,
  text TEXT, start INTEGER, end INTEGER, page_start INTEGER, page_end INTEGER, section TEXT,
  kind TEXT, text_hash TEXT, sent_lo INTEGER, sent_hi INTEGER
);
CREATE INDEX chunks_doc ON chunks(doc_id, ordinal);
CREATE TABLE sentences (rowid INTEGER PRIMARY KEY, chunk_rowid INTEGER, start INTEGER, end INTEGER, text_hash TEXT);
CREATE TABLE themes (slug TEXT PRIMARY KEY, position INTEGER, label TEXT, description TEXT, keywords TEXT);
CREATE TABLE chunk_themes (chunk_rowid INTEGER, slug TEXT, score REAL, PRIMARY KEY (chunk_rowid, slug));
CREATE INDEX chunk_themes_slug ON chunk_themes(slug, score);
CREATE TABLE vocabulary (word TEXT PRIMARY KEY, count INTEGER);
CREATE VIRTUAL TABLE fts_words USING fts5(tokens, content='', tokenize='unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE fts_grams USING fts5(tokens, content='', tokenize='unicode61 remove_diacritics 0');
"""


def stems_index_text(chunk: Chunk) -> str:
    """What the stems index holds of a passage: its innermost section title and its text."""
    return " ".join([*chunk.section[-1:], chunk.text])


def text_hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


@dataclass(frozen=True)
class IndexedDocument:
    """A document with its chunks and their vectors, ready to be written."""

    doc: Document
    chunks: tuple[Chunk, ...]
    chunk_vectors: np.ndarray
    sentence_vectors: np.ndarray  # every chunk's sentences, in chunk order

    def sentence_vectors_by_chunk(self) -> list[np.ndarray]:
        """The sentence vectors split per chunk (each chunk's own sentences, in chunk order)."""
        out, at = [], 0
        for chunk in self.chunks:
            out.append(self.sentence_vectors[at : at + len(chunk.sentences)])
            at += len(chunk.sentences)
        if at != len(self.sentence_vectors):
            raise ValueError(f"{self.doc.id}: {at} sentences but {len(self.sentence_vectors)} sentence vectors")
        return out


@dataclass(frozen=True)
class ThemeDef:
    slug: str
    label: str
    description: str
    keywords: tuple[str, ...] = ()


def write_generation(
    out_dir: Path,
    docs: Sequence[IndexedDocument],
    *,
    embedder: str,
    dim: int,
    chunker_version: str,
    vocabulary: Mapping[str, int],
    themes: Sequence[ThemeDef] = (),
    theme_vectors: np.ndarray | None = None,
    themes_hash: str = "",
    chunk_themes: Mapping[str, Sequence[tuple[str, float]]] | None = None,
    embedding_text: str = "",
) -> Manifest:
    """Write a complete generation into the empty directory `out_dir`."""
    chunk_themes = chunk_themes or {}
    con = sqlite3.connect(out_dir / DB)
    con.executescript(SCHEMA)
    chunk_vecs: list[np.ndarray] = []
    sent_vecs: list[np.ndarray] = []
    ids: list[int] = []
    rowid = 0
    sent_rowid = 0
    documents_manifest: dict[str, dict[str, object]] = {}
    for item in docs:
        doc = item.doc
        m = doc.meta
        con.execute(
            "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                m.id,
                m.title,
                m.type,
                m.organisation,
                m.year,
                m.source,
                m.seed_file,
                doc.path,
                doc.content_hash,
                doc.text,
                json.dumps([[p.start, p.end, p.page_lo, p.page_hi] for p in doc.pages]),
                json.dumps([[h.start, h.end, h.level, h.title] for h in doc.headings], ensure_ascii=False),
            ),
        )
        documents_manifest[m.id] = {
            "file": Path(doc.path).name,
            "content_hash": doc.content_hash,
            "chunks": len(item.chunks),
        }
        if len(item.chunks) != len(item.chunk_vectors):
            raise ValueError(f"{m.id}: {len(item.chunks)} chunks but {len(item.chunk_vectors)} vectors")
        for chunk, vec, chunk_sent_vecs in zip(
            item.chunks, item.chunk_vectors, item.sentence_vectors_by_chunk(), strict=True
        ):
            rowid += 1
            n_sent = len(chunk.sentences)
            con.execute(
                "INSERT INTO chunks VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    rowid,
                    chunk.id,
                    chunk.doc_id,
                    chunk.ordinal,
                    chunk.text,
                    chunk.start,
                    chunk.end,
                    chunk.page_start,
                    chunk.page_end,
                    json.dumps(list(chunk.section), ensure_ascii=False),
                    chunk.kind,
                    text_hash(chunk.text),
                    sent_rowid + 1,
                    sent_rowid + n_sent,
                ),
            )
            for s in chunk.sentences:
                sent_rowid += 1
                con.execute(
                    "INSERT INTO sentences VALUES (?,?,?,?,?)",
                    (sent_rowid, rowid, s.start, s.end, text_hash(doc.text[s.start : s.end])),
                )
            con.execute(
                "INSERT INTO fts_words(rowid, tokens) VALUES (?,?)",
                (rowid, fts_document(word_tokens(stems_index_text(chunk)))),
            )
            con.execute(
                "INSERT INTO fts_grams(rowid, tokens) VALUES (?,?)", (rowid, fts_document(char_grams(chunk.text)))
            )
            for slug, score in chunk_themes.get(chunk.id, ()):
                con.execute("INSERT INTO chunk_themes VALUES (?,?,?)", (rowid, slug, float(score)))
            chunk_vecs.append(np.asarray(vec, dtype=np.float32))
            ids.append(rowid)
            sent_vecs.append(chunk_sent_vecs)
    for position, theme in enumerate(themes):
        con.execute(
            "INSERT INTO themes VALUES (?,?,?,?,?)",
            (
                theme.slug,
                position,
                theme.label,
                theme.description,
                json.dumps(list(theme.keywords), ensure_ascii=False),
            ),
        )
    con.executemany("INSERT INTO vocabulary VALUES (?,?)", sorted(vocabulary.items()))
    con.commit()
    con.execute("VACUUM")
    con.close()

    fa = faiss()
    index = fa.IndexIDMap2(fa.IndexFlatIP(dim))
    if chunk_vecs:
        index.add_with_ids(np.stack(chunk_vecs).astype(np.float32), np.asarray(ids, dtype=np.int64))
    fa.write_index(index, str(out_dir / CHUNK_VECTORS))
    sentences = np.concatenate(sent_vecs).astype(np.float32) if sent_vecs else np.zeros((0, dim), np.float32)
    np.save(out_dir / SENTENCE_VECTORS, sentences)
    tv = theme_vectors if theme_vectors is not None else np.zeros((0, dim), np.float32)
    np.save(out_dir / THEME_VECTORS, np.asarray(tv, dtype=np.float32))

    files = {
        name: {"bytes": (out_dir / name).stat().st_size, "sha256": file_sha256(out_dir / name)}
        for name in (DB, CHUNK_VECTORS, SENTENCE_VECTORS, THEME_VECTORS)
    }
    manifest = Manifest(
        embedder=embedder,
        dim=dim,
        chunker_version=chunker_version,
        documents=documents_manifest,
        files=files,
        themes_hash=themes_hash,
        created=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        embedding_text=embedding_text,
    )
    (out_dir / MANIFEST).write_text(manifest.to_json(), encoding="utf-8")
    return manifest
