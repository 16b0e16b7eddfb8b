"""Build or update the index: the only writer. Unchanged documents are neither re-read
nor re-embedded; every change becomes a new generation switched in atomically."""

from __future__ import annotations

import hashlib
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from ingest.catalog import load_catalog, meta_for
from ingest.chunk import CHUNKER_VERSION
from ingest.clean import build_vocabulary
from ingest.embed import Embedder
from ingest.extract import SUPPORTED_SUFFIXES, ExtractError, content_hash, extract_pages
from ingest.models import Chunk, Document, DocumentMeta, PageText
from ingest.pipeline import document_chunks

from . import generations as gens
from .store import IndexedDocument, IndexError_, IndexStore, ThemeDef, text_hash, write_generation
from .themes import ThemeAssigner, load_themes, themes_file_hash

_IGNORED_SUFFIXES = {".toml", ".json", ".jsonl", ".gitkeep", ".csv"}
_IGNORED_NAMES = {"readme.md", "readme.txt", "license", "license.txt"}

ProgressFactory = Callable[[int, str], "Progress"]


class Progress:
    """A minimal progress interface: tqdm on a terminal, silent otherwise."""

    def update(self, n: int) -> None: ...

    def close(self) -> None: ...


def tqdm_progress(total: int, desc: str) -> Progress:
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="tekst", file=sys.stderr, disable=None, leave=False)  # type: ignore[return-value]


def no_progress(total: int, desc: str) -> Progress:
    return Progress()


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    chunks_total: int = 0
    chunks_embedded: int = 0
    chunks_reused: int = 0
    sentences_embedded: int = 0
    sentences_reused: int = 0
    generation: str | None = None
    seconds: float = 0.0
    embed_seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return self.generation is not None

    def to_dict(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items()}


def discover_files(paths: Sequence[Path], report: IngestReport) -> list[Path]:
    """Supported files under the given paths (folders one level deep, sorted)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            for child in sorted(path.iterdir()):
                if child.name.startswith(".") or not child.is_file():
                    continue
                if child.name.lower() in _IGNORED_NAMES or child.suffix.lower() in _IGNORED_SUFFIXES:
                    continue
                if child.suffix.lower() not in SUPPORTED_SUFFIXES:
                    report.skipped.append((str(child), f"unsupported file type {child.suffix or '(none)'}"))
                    continue
                files.append(child)
        elif path.is_file():
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                report.skipped.append((str(path), f"unsupported file type {path.suffix or '(none)'}"))
                continue
            files.append(path)
        else:
            report.skipped.append((str(path), "no such file or folder"))
    return files


def _open_previous(index_dir: Path, embedder: Embedder, rebuild: bool) -> IndexStore | None:
    try:
        gen = gens.current_generation(index_dir)
    except gens.IndexMissingError:
        return None
    try:
        return IndexStore.open(gen, expected_embedder=None if rebuild else embedder.name)
    except IndexError_:
        if rebuild:
            return None
        raise


def _previous_documents(store: IndexStore) -> dict[str, IndexedDocument]:
    """Documents of the previous generation with their chunks and vectors, for re-use."""
    vectors, ids = store.chunk_vectors()
    by_rowid = {int(r): vectors[i] for i, r in enumerate(ids)}
    out: dict[str, IndexedDocument] = {}
    for meta in store.document_metas():
        doc = store.document(meta.id)
        if doc is None:
            continue
        records = store.document_chunks(meta.id)
        chunk_vecs = np.stack([by_rowid[r.rowid] for r in records]) if records else np.zeros((0, store.manifest.dim), np.float32)
        sent = []
        for r in records:
            lo, hi = store.sentence_range(r.rowid)
            sent.append(store.sentence_vectors[lo - 1 : hi])
        sent_vecs = np.concatenate(sent) if sent else np.zeros((0, store.manifest.dim), np.float32)
        out[meta.id] = IndexedDocument(doc, tuple(r.chunk for r in records), chunk_vecs, sent_vecs)
    return out


def _vector_cache(previous: Iterable[IndexedDocument]) -> dict[str, np.ndarray]:
    """Vectors of every chunk and sentence text already embedded, keyed by text hash."""
    cache: dict[str, np.ndarray] = {}
    for item in previous:
        for chunk, vec in zip(item.chunks, item.chunk_vectors):
            cache["c:" + text_hash(embedding_text(chunk))] = vec
        sentences = [item.doc.text[s.start : s.end] for c in item.chunks for s in c.sentences]
        for sentence, vec in zip(sentences, item.sentence_vectors):
            cache["s:" + text_hash(sentence)] = vec
    return cache


def embedding_text(chunk: Chunk) -> str:
    """What the dense model sees for a chunk: its text as it stands in the document."""
    return chunk.text


def _embed_missing(
    texts: list[str], prefix: str, cache: dict[str, np.ndarray], embedder: Embedder, progress: ProgressFactory, desc: str
) -> tuple[np.ndarray, int]:
    keys = [prefix + text_hash(t) for t in texts]
    todo = sorted({k: t for k, t in zip(keys, texts) if k not in cache}.items())
    if todo:
        bar = progress(len(todo), desc)
        batch = 16
        for start in range(0, len(todo), batch):
            part = todo[start : start + batch]
            vecs = embedder.embed_passages([t for _, t in part], batch_size=batch)
            for (k, _), v in zip(part, vecs):
                cache[k] = v
            bar.update(len(part))
        bar.close()
    out = np.stack([cache[k] for k in keys]) if keys else np.zeros((0, embedder.dim), np.float32)
    return out.astype(np.float32), len(todo)


def ingest(
    paths: Sequence[Path],
    index_dir: Path,
    embedder: Embedder,
    *,
    catalog_path: Path | None = None,
    themes_path: Path | None = None,
    prune: bool = False,
    rebuild: bool = False,
    remove_ids: Sequence[str] = (),
    progress: ProgressFactory = tqdm_progress,
    on_phase: Callable[[str], None] | None = None,
) -> IngestReport:
    """Bring the index in line with the files under `paths`; returns what happened."""
    started = time.perf_counter()
    report = IngestReport()
    phase = on_phase or (lambda _: None)
    with gens.writer_lock(index_dir):
        gens.collect_garbage(index_dir)
        previous = _open_previous(index_dir, embedder, rebuild)
        prev_docs = _previous_documents(previous) if previous else {}
        prev_manifest = previous.manifest if previous else None
        catalog = load_catalog(catalog_path) if catalog_path else {}
        files = discover_files(paths, report)

        phase("lezen")
        by_hash: dict[str, str] = {}
        wanted: dict[str, tuple[Path, bytes, str, DocumentMeta]] = {}
        for path in files:
            data = path.read_bytes()
            digest = content_hash(data)
            meta = meta_for(path, catalog)
            if digest in by_hash:
                report.duplicates.append((str(path), by_hash[digest]))
                continue
            if meta.id in wanted:
                meta = replace(meta, id=f"{meta.id}-{digest[:6]}")
            by_hash[digest] = meta.id
            wanted[meta.id] = (path, data, digest, meta)

        keep: dict[str, IndexedDocument] = {}
        to_process: list[tuple[str, Path, bytes, str, DocumentMeta]] = []
        same_chunker = prev_manifest is not None and prev_manifest.chunker_version == CHUNKER_VERSION
        for doc_id, (path, data, digest, meta) in wanted.items():
            old = prev_docs.get(doc_id)
            if old and not rebuild and same_chunker and old.doc.content_hash == digest:
                keep[doc_id] = IndexedDocument(replace(old.doc, meta=meta, path=str(path)), old.chunks, old.chunk_vectors, old.sentence_vectors)
                report.unchanged.append(doc_id)
            else:
                to_process.append((doc_id, path, data, digest, meta))
        remove = set(remove_ids)
        for doc_id, old in prev_docs.items():
            if doc_id in wanted or doc_id in keep:
                continue
            if doc_id in remove or prune:
                report.removed.append(doc_id)
            else:
                keep[doc_id] = old
                if not Path(old.doc.path).exists():
                    report.missing.append(doc_id)
        for doc_id in remove:
            keep.pop(doc_id, None)
            if doc_id not in report.removed and doc_id in prev_docs:
                report.removed.append(doc_id)

        extracted: list[tuple[str, Path, str, DocumentMeta, list[PageText]]] = []
        for doc_id, path, data, digest, meta in to_process:
            try:
                pages = extract_pages(path, data)
            except ExtractError as exc:
                report.skipped.append((str(path), str(exc)))
                continue
            extracted.append((doc_id, path, digest, meta, pages))

        vocab: Counter[str] = Counter(previous.vocabulary() if previous and not rebuild else {})
        vocab.update(build_vocabulary(p.text for *_, pages in extracted for p in pages))

        phase("knippen")
        new_docs: list[tuple[str, Document, list[Chunk]]] = []
        for doc_id, path, digest, meta, pages in extracted:
            doc, chunks = document_chunks(meta, str(path), pages, vocab, digest)
            if not chunks:
                report.skipped.append((str(path), "no text left after cleaning"))
                continue
            new_docs.append((doc_id, doc, chunks))
            (report.updated if doc_id in prev_docs else report.added).append(doc_id)

        themes = load_themes(themes_path) if themes_path and themes_path.exists() else []
        themes_hash = themes_file_hash(themes)
        meta_changed = any(keep[d].doc.meta != prev_docs[d].doc.meta for d in keep if d in prev_docs)
        nothing_changed = (
            previous is not None
            and not new_docs
            and not report.removed
            and not meta_changed
            and prev_manifest is not None
            and prev_manifest.themes_hash == themes_hash
        )
        if nothing_changed:
            report.chunks_total = sum(len(d.chunks) for d in keep.values())
            report.chunks_reused = report.chunks_total
            report.seconds = time.perf_counter() - started
            return report

        phase("embedden")
        embed_started = time.perf_counter()
        cache = _vector_cache(prev_docs.values())
        indexed: list[IndexedDocument] = []
        for doc_id, doc, chunks in new_docs:
            chunk_vecs, n_chunks = _embed_missing(
                [embedding_text(c) for c in chunks], "c:", cache, embedder, progress, f"passages {doc_id[:30]}"
            )
            sentences = [doc.text[s.start : s.end] for c in chunks for s in c.sentences]
            sent_vecs, n_sent = _embed_missing(sentences, "s:", cache, embedder, progress, f"zinnen {doc_id[:30]}")
            report.chunks_embedded += n_chunks
            report.chunks_reused += len(chunks) - n_chunks
            report.sentences_embedded += n_sent
            report.sentences_reused += len(sentences) - n_sent
            indexed.append(IndexedDocument(doc, tuple(chunks), chunk_vecs, sent_vecs))
        report.embed_seconds = time.perf_counter() - embed_started
        for item in keep.values():
            report.chunks_reused += len(item.chunks)
        all_docs = sorted([*keep.values(), *indexed], key=lambda d: d.doc.id)
        report.chunks_total = sum(len(d.chunks) for d in all_docs)

        phase("thema's")
        theme_vectors, chunk_themes = _assign(themes, all_docs, embedder, previous, themes_hash)

        phase("schrijven")
        build = gens.new_build_dir(index_dir)
        write_generation(
            build,
            all_docs,
            embedder=embedder.name,
            dim=embedder.dim,
            chunker_version=CHUNKER_VERSION,
            vocabulary=vocab,
            themes=themes,
            theme_vectors=theme_vectors,
            themes_hash=themes_hash,
            chunk_themes=chunk_themes,
        )
        if previous is not None:
            previous.close()
        report.generation = gens.publish(index_dir, build).name
        gens.collect_garbage(index_dir)
    report.seconds = time.perf_counter() - started
    return report


def _assign(
    themes: list[ThemeDef],
    docs: Sequence[IndexedDocument],
    embedder: Embedder,
    previous: IndexStore | None,
    themes_hash: str,
) -> tuple[np.ndarray | None, dict[str, list[tuple[str, float]]]]:
    if not themes:
        return None, {}
    if previous is not None and previous.manifest.themes_hash == themes_hash and len(previous.theme_vectors) == len(themes):
        theme_vectors = previous.theme_vectors
    else:
        theme_vectors = ThemeAssigner.embed_themes(themes, embedder)
    assigner = ThemeAssigner(themes, theme_vectors)
    chunks = [c for d in docs for c in d.chunks]
    vectors = np.concatenate([d.chunk_vectors for d in docs]) if docs else np.zeros((0, embedder.dim), np.float32)
    return theme_vectors, assigner.assign_all(chunks, vectors)


def reassign_themes(index_dir: Path, embedder: Embedder, themes_path: Path) -> tuple[str, dict[str, int]]:
    """Re-file every chunk under the themes of `themes_path`, re-using all passage vectors."""
    with gens.writer_lock(index_dir):
        previous = _open_previous(index_dir, embedder, rebuild=False)
        if previous is None:
            raise gens.IndexMissingError(f"no index in {index_dir}: build one with 'kennisbank ingest'")
        docs = list(_previous_documents(previous).values())
        themes = load_themes(themes_path)
        themes_hash = themes_file_hash(themes)
        theme_vectors = ThemeAssigner.embed_themes(themes, embedder)
        assigner = ThemeAssigner(themes, theme_vectors)
        chunks = [c for d in docs for c in d.chunks]
        vectors = np.concatenate([d.chunk_vectors for d in docs]) if docs else np.zeros((0, embedder.dim), np.float32)
        chunk_themes = assigner.assign_all(chunks, vectors)
        build = gens.new_build_dir(index_dir)
        write_generation(
            build, docs, embedder=embedder.name, dim=embedder.dim, chunker_version=previous.manifest.chunker_version,
            vocabulary=previous.vocabulary(), themes=themes, theme_vectors=theme_vectors, themes_hash=themes_hash,
            chunk_themes=chunk_themes,
        )
        previous.close()
        name = gens.publish(index_dir, build).name
        gens.collect_garbage(index_dir)
    counts: Counter[str] = Counter(slug for assigned in chunk_themes.values() for slug, _ in assigned)
    return name, dict(counts)


def corpus_fingerprint(paths: Sequence[Path]) -> str:
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()
