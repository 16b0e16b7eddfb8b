"""The read side of the index: one generation directory holding SQLite (documents, chunks,
FTS5), a FAISS index of chunk vectors, sentence vectors and a manifest.

`IndexStore.open` reads one and refuses it when it was built by another embedder or its files
are damaged (manifest.py); generation_writer.py writes one. Nothing here changes a generation.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

import numpy as np

from ingest.lazy import faiss
from ingest.models import Chunk, Document, DocumentMeta, Heading, PageSpan, Sentence

from .analyze import fts_query
from .filters import Filters
from .generation_writer import ThemeDef
from .isotropy import Isotropy, fit_isotropy, sample_rows
from .manifest import (
    CHUNK_VECTORS,
    DB,
    FORMAT_VERSION,
    SENTENCE_VECTORS,
    THEME_VECTORS,
    IndexCorruptError,
    IndexMismatchError,
    Manifest,
    read_manifest,
    verify_files,
)

T = TypeVar("T")

RECORD_CACHE_SIZE = 5_000  # chunk records kept per open generation (some MB of text)


def sentence_rows(lo: int, hi: int) -> slice:
    """The rows of the sentence vectors that hold a passage's sentences `lo`..`hi` (its
    sent_lo, sent_hi: sentence rowids, which count from 1, where the vector rows count from 0)."""
    return slice(lo - 1, hi)


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
