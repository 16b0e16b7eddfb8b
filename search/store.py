"""The index store: one generation directory holding SQLite (documents, chunks, FTS5),
a FAISS index of chunk vectors, sentence vectors and a manifest.

`write_generation` writes a complete generation into an empty directory;
`IndexStore.open` reads one and refuses it when it was built by another embedder
or its files are damaged. Nothing here changes a generation once written.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

import numpy as np

from ingest.lazy import faiss
from ingest.models import Chunk, Document, DocumentMeta, Heading, PageSpan, Sentence

from .analyze import char_grams, fts_document, fts_query, word_tokens
from .isotropy import Isotropy, fit_isotropy, sample_rows

T = TypeVar("T")

FORMAT_VERSION = 1
DB = "kb.sqlite"
CHUNK_VECTORS = "chunks.faiss"
SENTENCE_VECTORS = "sentences.npy"
THEME_VECTORS = "themes.npy"
MANIFEST = "manifest.json"
RECORD_CACHE_SIZE = 5_000  # chunk records kept per open generation (some MB of text)

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


class IndexError_(RuntimeError):
    """Base for errors opening an index; the message says what to do."""


class IndexMismatchError(IndexError_):
    pass


class IndexCorruptError(IndexError_):
    pass


def stems_index_text(chunk: Chunk) -> str:
    """What the stems index holds of a passage: its innermost section title and its text."""
    return " ".join([*chunk.section[-1:], chunk.text])


def sentence_rows(lo: int, hi: int) -> slice:
    """The rows of the sentence vectors that hold a passage's sentences `lo`..`hi` (its
    sent_lo, sent_hi: sentence rowids, which count from 1, where the vector rows count from 0)."""
    return slice(lo - 1, hi)


def text_hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


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


@dataclass(frozen=True)
class Manifest:
    embedder: str
    dim: int
    chunker_version: str
    documents: Mapping[str, Mapping[str, object]]
    files: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    themes_hash: str = ""
    created: str = ""
    format_version: int = FORMAT_VERSION
    # How a chunk's text was prepared for the dense model; "" = as it stands (before versions).
    # Stored vectors are re-used only under the same preparation.
    embedding_text: str = ""

    def to_json(self) -> str:
        return json.dumps(
            {
                "format_version": self.format_version,
                "embedder": self.embedder,
                "dim": self.dim,
                "chunker_version": self.chunker_version,
                "created": self.created,
                "themes_hash": self.themes_hash,
                "embedding_text": self.embedding_text,
                "documents": self.documents,
                "files": self.files,
            },
            indent=2,
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        data = json.loads(text)
        return cls(
            embedder=data["embedder"],
            dim=int(data["dim"]),
            chunker_version=data["chunker_version"],
            documents=data.get("documents", {}),
            files=data.get("files", {}),
            themes_hash=data.get("themes_hash", ""),
            created=data.get("created", ""),
            format_version=int(data.get("format_version", 0)),
            embedding_text=data.get("embedding_text", ""),
        )


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


def read_manifest(gen_dir: Path) -> Manifest:
    path = gen_dir / MANIFEST
    try:
        return Manifest.from_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise IndexCorruptError(f"{path} is missing: rebuild the index with 'kennisbank ingest --rebuild'") from exc
    except (ValueError, KeyError) as exc:
        raise IndexCorruptError(
            f"{path} is damaged ({exc}): rebuild the index with 'kennisbank ingest --rebuild'"
        ) from exc


def verify_files(gen_dir: Path, manifest: Manifest) -> None:
    """Sizes and checksums as written; a truncated or altered file is refused before use."""
    for name, info in manifest.files.items():
        path = gen_dir / name
        hint = "rebuild the index with 'kennisbank ingest --rebuild'"
        if not path.exists():
            raise IndexCorruptError(f"index file {path} is missing: {hint}")
        if path.stat().st_size != info.get("bytes"):
            raise IndexCorruptError(f"index file {path} is truncated or changed (size differs): {hint}")
        if file_sha256(path) != info.get("sha256"):
            raise IndexCorruptError(f"index file {path} is corrupt (checksum differs): {hint}")


@dataclass(frozen=True)
class Filters:
    types: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    kinds: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    doc_ids: tuple[str, ...] = ()
    hidden_kinds: tuple[str, ...] = ()  # kinds left out (reading lists, unless asked for)

    def is_empty(self) -> bool:
        return not (
            self.types
            or self.organisations
            or self.years
            or self.kinds
            or self.themes
            or self.doc_ids
            or self.hidden_kinds
        )

    def sql(self) -> tuple[str, list[object]]:
        """A WHERE fragment over `c` (chunks) and `d` (documents)."""
        parts: list[str] = []
        args: list[object] = []

        def member(column: str, values: Sequence[object]) -> None:
            parts.append(f"{column} IN ({','.join('?' * len(values))})")
            args.extend(values)

        if self.types:
            member("d.type", self.types)
        if self.organisations:
            member("d.organisation", self.organisations)
        if self.years:
            member("d.year", self.years)
        if self.kinds:
            member("c.kind", self.kinds)
        if self.hidden_kinds:
            parts.append(f"c.kind NOT IN ({','.join('?' * len(self.hidden_kinds))})")
            args.extend(self.hidden_kinds)
        if self.doc_ids:
            member("c.doc_id", self.doc_ids)
        if self.themes:
            parts.append(
                f"c.rowid IN (SELECT chunk_rowid FROM chunk_themes WHERE slug IN ({','.join('?' * len(self.themes))}))"
            )
            args.extend(self.themes)
        return (" AND ".join(parts) or "1"), args


@dataclass(frozen=True)
class ChunkRecord:
    rowid: int
    chunk: Chunk
    meta: DocumentMeta


class RankingVectors:
    """One generation's vectors in the space ranking compares them in (raw or post-processed)."""

    def __init__(self, isotropy: Isotropy | None, index: Any, sentences: np.ndarray) -> None:
        self.isotropy = isotropy
        self.index = index  # FAISS id map over the chunk vectors in this space
        self.sentences = sentences

    def query(self, vector: np.ndarray) -> np.ndarray:
        """The query vector in this space."""
        return self.isotropy.apply(vector) if self.isotropy is not None else vector

    def chunk_similarity(self, rowids: Iterable[int], query: np.ndarray) -> dict[int, float]:
        """Similarity of the query with these chunks (a rowid the index lacks is an error)."""
        return {int(r): float(self.index.reconstruct(int(r)) @ query) for r in rowids}


class IndexStore:
    """Read access to one immutable generation. Thread-safe: one SQLite connection per thread."""

    def __init__(self, gen_dir: Path, manifest: Manifest) -> None:
        self.path = gen_dir
        self.manifest = manifest
        self._local = threading.local()
        fa = faiss()
        try:
            self._index = fa.read_index(str(gen_dir / CHUNK_VECTORS))
            self.sentence_vectors = np.load(gen_dir / SENTENCE_VECTORS, mmap_mode=None)
            self.theme_vectors = np.load(gen_dir / THEME_VECTORS)
        except (RuntimeError, ValueError, OSError) as exc:
            raise IndexCorruptError(
                f"index in {gen_dir} cannot be read ({exc}): rebuild with 'kennisbank ingest --rebuild'"
            ) from exc
        self._meta_cache: dict[str, DocumentMeta] = {}
        self._ranking_vectors: dict[int | None, RankingVectors] = {}
        self._known_stems: frozenset[str] | None = None
        self._stem_frequencies: Mapping[str, int] | None = None
        self._stem_postings: Mapping[str, frozenset[int]] | None = None
        self._total_chunks: int | None = None
        self._passages_cache: dict[Filters, Mapping[str, int]] = {}
        self._lock = threading.Lock()
        # A generation never changes, so a chunk read once can be handed out again: every query
        # reads its ~100 candidates, and rebuilding them (sentences included) was a fifth of its time.
        self._record_cache: dict[int, ChunkRecord] = {}
        # ... and so does the set of passages a filter lets through; every search filters (reading
        # lists are hidden unless asked for) and two retrievers ask. Few distinct filters occur.
        self._allowed_cache: dict[Filters, tuple[int, ...]] = {}

    @classmethod
    def open(cls, gen_dir: Path, expected_embedder: str | None = None, verify: bool = True) -> IndexStore:
        manifest = read_manifest(gen_dir)
        if manifest.format_version != FORMAT_VERSION:
            raise IndexMismatchError(
                f"index in {gen_dir} has format {manifest.format_version}, this version reads {FORMAT_VERSION}: "
                "rebuild with 'kennisbank ingest --rebuild'"
            )
        if expected_embedder and manifest.embedder != expected_embedder:
            raise IndexMismatchError(
                f"index in {gen_dir} was built with embedder '{manifest.embedder}', but the configured embedder is "
                f"'{expected_embedder}': set KENNISBANK_EMBEDDER={manifest.embedder} or rebuild with "
                "'kennisbank ingest --rebuild'"
            )
        if verify:
            verify_files(gen_dir, manifest)
        return cls(gen_dir, manifest)

    # -- SQLite ---------------------------------------------------------------------------
    @property
    def db(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            uri = f"file:{self.path / DB}?mode=ro&immutable=1"
            try:
                con = sqlite3.connect(uri, uri=True, check_same_thread=False)
                con.execute("SELECT count(*) FROM chunks").fetchone()
            except sqlite3.DatabaseError as exc:
                raise IndexCorruptError(
                    f"{self.path / DB} is not a readable index ({exc}): rebuild with 'kennisbank ingest --rebuild'"
                ) from exc
            self._local.con = con
        return con

    def close(self) -> None:
        con = getattr(self._local, "con", None)
        if con is not None:
            con.close()
            self._local.con = None

    # -- documents ------------------------------------------------------------------------
    def document_metas(self) -> list[DocumentMeta]:
        rows = self.db.execute(
            "SELECT id, title, type, organisation, year, source, seed_file FROM documents ORDER BY title"
        ).fetchall()
        return [DocumentMeta(*row) for row in rows]

    def meta(self, doc_id: str) -> DocumentMeta | None:
        if doc_id not in self._meta_cache:
            row = self.db.execute(
                "SELECT id, title, type, organisation, year, source, seed_file FROM documents WHERE id=?", (doc_id,)
            ).fetchone()
            if row is None:
                return None
            self._meta_cache[doc_id] = DocumentMeta(*row)
        return self._meta_cache[doc_id]

    def document(self, doc_id: str) -> Document | None:
        row = self.db.execute(
            "SELECT id, title, type, organisation, year, source, seed_file, path, content_hash, text, pages, headings "
            "FROM documents WHERE id=?",
            (doc_id,),
        ).fetchone()
        if row is None:
            return None
        meta = DocumentMeta(*row[:7])
        pages = tuple(PageSpan(*p) for p in json.loads(row[10]))
        headings = tuple(Heading(*h) for h in json.loads(row[11]))
        return Document(meta=meta, path=row[7], content_hash=row[8], text=row[9], pages=pages, headings=headings)

    def chunk_count(self, doc_id: str | None = None) -> int:
        if doc_id is None:
            # Every search weighs stems by rarity against this total; count(*) scans the table, and
            # a generation never changes, so it is counted once.
            if self._total_chunks is None:
                self._total_chunks = int(self.db.execute("SELECT count(*) FROM chunks").fetchone()[0])
            return self._total_chunks
        return int(self.db.execute("SELECT count(*) FROM chunks WHERE doc_id=?", (doc_id,)).fetchone()[0])

    def passages_per_document(self, filters: Filters | None = None) -> Mapping[str, int]:
        """How many passages each document has among those `filters` let through (every search
        weighs a passage by its document's size: a kind filter that leaves a document three
        passages leaves it three chances to be close by chance). A search passes the filters it
        applies, searchable(...), which leave out the reading lists it never shows; without
        filters every passage counts. A generation never changes, so each count is made once per
        filter."""

        def count(where: str, args: list[object]) -> Mapping[str, int]:
            rows = self.db.execute(
                f"SELECT c.doc_id, count(*) FROM chunks c JOIN documents d ON d.id=c.doc_id WHERE {where} GROUP BY c.doc_id",
                args,
            )
            return MappingProxyType({doc: int(n) for doc, n in rows})

        return self._per_filter(self._passages_cache, filters or Filters(), count)

    _FILTER_CACHE_SIZE = 256  # distinct filter combinations kept; a full cache starts over

    def _per_filter(self, cache: dict, filters: Filters, compute: Callable[[str, list[object]], T]) -> T:
        """`compute(where, args)` for these filters (their SQL fragment), once per filter: a
        generation never changes."""
        found = cache.get(filters)
        if found is None:
            found = compute(*filters.sql())
            if len(cache) >= self._FILTER_CACHE_SIZE:
                cache.clear()
            cache[filters] = found
        return found

    _CHUNK_COLUMNS = "c.rowid, c.id, c.doc_id, c.ordinal, c.text, c.start, c.end, c.page_start, c.page_end, c.section, c.kind, c.sent_lo, c.sent_hi"

    def _record(self, row: Sequence[object], with_sentences: bool = True) -> ChunkRecord:
        rowid, cid, doc_id, ordinal, text, start, end, p0, p1, section, kind, lo, hi = row
        sentences: tuple[Sentence, ...] = ()
        if with_sentences:
            sentences = tuple(
                Sentence(s, e)
                for s, e in self.db.execute(
                    "SELECT start, end FROM sentences WHERE rowid BETWEEN ? AND ? ORDER BY rowid", (lo, hi)
                )
            )
        chunk = Chunk(
            id=cid,
            doc_id=doc_id,
            ordinal=ordinal,
            text=text,
            start=start,
            end=end,
            page_start=p0,
            page_end=p1,
            section=tuple(json.loads(section)),
            kind=kind,
            sentences=sentences,
        )
        meta = self.meta(str(doc_id)) or DocumentMeta(id=str(doc_id), title=str(doc_id))
        return ChunkRecord(int(rowid), chunk, meta)

    def chunks(self, rowids: Iterable[int]) -> dict[int, ChunkRecord]:
        ids = list(dict.fromkeys(int(r) for r in rowids))
        cache = self._record_cache  # shared by the server's threads: only get/set/clear, no check-then-read
        found: dict[int, ChunkRecord] = {}
        missing = []
        for r in ids:
            rec = cache.get(r)
            if rec is None:
                missing.append(r)
            else:
                found[r] = rec
        if missing:
            rows = self.db.execute(
                f"SELECT {self._CHUNK_COLUMNS} FROM chunks c WHERE c.rowid IN ({','.join('?' * len(missing))})", missing
            ).fetchall()
            if len(cache) + len(rows) > RECORD_CACHE_SIZE:
                cache.clear()
            for row in rows:
                rec = self._record(row)
                found[rec.rowid] = cache[rec.rowid] = rec
        return {r: found[r] for r in ids if r in found}

    def chunk_by_id(self, chunk_id: str) -> ChunkRecord | None:
        row = self.db.execute(f"SELECT {self._CHUNK_COLUMNS} FROM chunks c WHERE c.id=?", (chunk_id,)).fetchone()
        return self._record(row) if row else None

    def previous_chunk(self, rec: ChunkRecord) -> ChunkRecord | None:
        """The passage before this one in its document (None for the first)."""
        row = self.db.execute(
            "SELECT rowid FROM chunks WHERE doc_id=? AND ordinal=?", (rec.chunk.doc_id, rec.chunk.ordinal - 1)
        ).fetchone()
        return self.chunks([int(row[0])])[int(row[0])] if row else None

    def document_chunks(self, doc_id: str) -> list[ChunkRecord]:
        rows = self.db.execute(
            f"SELECT {self._CHUNK_COLUMNS} FROM chunks c WHERE c.doc_id=? ORDER BY c.ordinal", (doc_id,)
        ).fetchall()
        return [self._record(row) for row in rows]

    def sentence_range(self, rowid: int) -> tuple[int, int]:
        lo, hi = self.db.execute("SELECT sent_lo, sent_hi FROM chunks WHERE rowid=?", (rowid,)).fetchone()
        return int(lo), int(hi)

    def sentence_ranges(self, rowids: Sequence[int]) -> dict[int, tuple[int, int]]:
        if not rowids:
            return {}
        rows = self.db.execute(
            f"SELECT rowid, sent_lo, sent_hi FROM chunks WHERE rowid IN ({','.join('?' * len(rowids))})", list(rowids)
        ).fetchall()
        return {int(r): (int(lo), int(hi)) for r, lo, hi in rows}

    def allowed_rowids(self, filters: Filters) -> tuple[int, ...]:
        def rowids(where: str, args: list[object]) -> tuple[int, ...]:
            rows = self.db.execute(
                f"SELECT c.rowid FROM chunks c JOIN documents d ON d.id=c.doc_id WHERE {where}", args
            )
            return tuple(int(r[0]) for r in rows)

        return self._per_filter(self._allowed_cache, filters, rowids)

    # -- retrieval ------------------------------------------------------------------------
    def lexical(self, tokens: list[str], table: str, filters: Filters, limit: int) -> dict[int, float]:
        """bm25 over an FTS5 table ('fts_words' or 'fts_grams'); higher is better."""
        if table not in ("fts_words", "fts_grams"):
            raise ValueError(table)
        query = fts_query(tokens)
        if query is None:
            return {}
        where, args = filters.sql()
        rows = self.db.execute(
            f"SELECT f.rowid, bm25({table}) AS s FROM {table} f JOIN chunks c ON c.rowid=f.rowid "
            f"JOIN documents d ON d.id=c.doc_id WHERE {table} MATCH ? AND {where} ORDER BY s LIMIT ?",
            [query, *args, limit],
        ).fetchall()
        return {int(r): -float(s) for r, s in rows}

    def dense(
        self, query: np.ndarray, filters: Filters, limit: int, vectors: RankingVectors | None = None
    ) -> dict[int, float]:
        """Inner product (cosine, vectors are normalised) of the query with the chunk vectors:
        the stored ones, or those of `vectors` (then the query must be in their space)."""
        index = vectors.index if vectors is not None else self._index
        n = index.ntotal
        if n == 0:
            return {}
        q = np.asarray(query, dtype=np.float32).reshape(1, -1)
        fa = faiss()
        if filters.is_empty():
            scores, ids = index.search(q, min(limit, n))
        else:
            allowed = self.allowed_rowids(filters)
            if not allowed:
                return {}
            params = fa.SearchParameters(sel=fa.IDSelectorBatch(np.asarray(allowed, dtype=np.int64)))
            scores, ids = index.search(q, min(limit, len(allowed)), params=params)
        return {int(i): float(s) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0}

    def ranking_vectors(self, directions: int | None) -> RankingVectors:
        """Chunk and sentence vectors as ranking compares them: the stored ones (None), or
        post-processed with all-but-the-top fitted on this generation's passage and sentence
        vectors (see isotropy.py). Built once per open generation and setting."""
        with self._lock:
            found = self._ranking_vectors.get(directions)
            if found is not None:
                return found
            if directions is None:
                built = RankingVectors(None, self._index, self.sentence_vectors)
            else:
                chunks, ids = self.chunk_vectors()
                iso = fit_isotropy(sample_rows([chunks, self.sentence_vectors]), directions)
                fa = faiss()
                index = fa.IndexIDMap2(fa.IndexFlatIP(self.manifest.dim))
                if len(chunks):
                    index.add_with_ids(iso.apply(chunks), ids)
                sentences = iso.apply(self.sentence_vectors) if len(self.sentence_vectors) else self.sentence_vectors
                built = RankingVectors(iso, index, sentences)
            self._ranking_vectors[directions] = built
            return built

    def chunk_vectors(self) -> tuple[np.ndarray, np.ndarray]:
        """All chunk vectors and their rowids (for re-use and theme assignment)."""
        n = self._index.ntotal
        ids = faiss().vector_to_array(self._index.id_map).astype(np.int64)
        vectors = self._index.index.reconstruct_n(0, n) if n else np.zeros((0, self.manifest.dim), np.float32)
        return np.asarray(vectors, dtype=np.float32), ids

    # -- themes and vocabulary ------------------------------------------------------------
    def themes(self) -> list[ThemeDef]:
        rows = self.db.execute("SELECT slug, label, description, keywords FROM themes ORDER BY position").fetchall()
        return [ThemeDef(slug, label, desc, tuple(json.loads(kw))) for slug, label, desc, kw in rows]

    def chunk_themes(self, rowids: Sequence[int]) -> dict[int, list[tuple[str, float]]]:
        out: dict[int, list[tuple[str, float]]] = {int(r): [] for r in rowids}
        if not rowids:
            return out
        rows = self.db.execute(
            f"SELECT chunk_rowid, slug, score FROM chunk_themes WHERE chunk_rowid IN ({','.join('?' * len(rowids))}) "
            "ORDER BY score DESC",
            list(rowids),
        )
        for rowid, slug, score in rows:
            out[int(rowid)].append((slug, float(score)))
        return out

    def all_chunk_themes(self) -> dict[str, list[tuple[str, float]]]:
        out: dict[str, list[tuple[str, float]]] = {}
        rows = self.db.execute(
            "SELECT c.id, t.slug, t.score FROM chunk_themes t JOIN chunks c ON c.rowid=t.chunk_rowid ORDER BY t.score DESC"
        )
        for cid, slug, score in rows:
            out.setdefault(cid, []).append((slug, float(score)))
        return out

    def vocabulary(self) -> dict[str, int]:
        return {w: int(c) for w, c in self.db.execute("SELECT word, count FROM vocabulary")}

    def stem_frequencies(self) -> Mapping[str, int]:
        """How many passages hold each stem (FTS5's own vocabulary of the generation, read once):
        the thesaurus only expands query words the index lacks, and a rare stem shared with the
        question says more about which sentence answers it than a common one."""
        with self._lock:
            if self._stem_frequencies is None:
                # A temp table lives in the connection, so the read-only database stays untouched.
                self.db.execute(
                    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_words_vocab USING fts5vocab(main, 'fts_words', 'row')"
                )
                rows = self.db.execute("SELECT term, doc FROM temp.fts_words_vocab")
                self._stem_frequencies = MappingProxyType({term: int(n) for term, n in rows})
                self._known_stems = frozenset(self._stem_frequencies)
            return self._stem_frequencies

    def stem_postings(self) -> Mapping[str, frozenset[int]]:
        """Which passages hold each stem (the stems index's own postings, read once): what the
        thesaurus's passage-side expansion is built from without re-reading every passage."""
        with self._lock:
            if self._stem_postings is None:
                self.db.execute(
                    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_words_instance "
                    "USING fts5vocab(main, 'fts_words', 'instance')"
                )
                postings: dict[str, set[int]] = {}
                for term, rowid in self.db.execute("SELECT DISTINCT term, doc FROM temp.fts_words_instance"):
                    postings.setdefault(term, set()).add(int(rowid))
                self._stem_postings = MappingProxyType({t: frozenset(r) for t, r in postings.items()})
            return self._stem_postings

    def known_stems(self) -> frozenset[str]:
        """Every stem the stems index holds."""
        self.stem_frequencies()
        assert self._known_stems is not None
        return self._known_stems
