"""Build or update the index: the only writer. Unchanged documents are neither re-read
nor re-embedded; every change becomes a new generation switched in atomically.

What a document is:
- its id comes from the catalogue (or the file name): a file with the id of an indexed
  document replaces that document when its bytes differ; of two files in one run that would
  get the same id, the second gets the id with a short content hash appended;
- the same bytes under two names are one document: the second file is reported as a
  duplicate and not indexed;
- a file renamed or moved (same bytes, old file gone) replaces the old entry;
- a document removed with `remove_ids` stays out of the index, also when its file is still
  in the corpus folder, until its file is named explicitly in `paths`.

Besides the store's files every generation holds `ingest-state.json`: the removed ids and,
per file, the size, times and inode seen when it was hashed, so that the next ingest does
not even read a file that did not change.

What is taken over from the previous generation is read in previous_generation.py, what the
dense model is given and which vectors are re-used is decided in embedding_inputs.py, and
filing under themes (and re-filing with `reassign_themes`) is theme_filing.py.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ingest import extract as _extract
from ingest.catalog import load_catalog, meta_for
from ingest.chunk import CHUNKER_VERSION
from ingest.clean import build_vocabulary
from ingest.embed import Embedder
from ingest.extract import SUPPORTED_SUFFIXES, ExtractError, extract_pages
from ingest.models import Chunk, Document, DocumentMeta, PageText
from ingest.pipeline import document_chunks

from . import generations as gens
from .embedding_inputs import EMBEDDING_TEXT_VERSION, embed_missing, embedding_text, vector_cache
from .generation_writer import IndexedDocument, write_generation
from .ingest_hooks import ProgressFactory, crash_test_pause, tqdm_progress
from .manifest import file_sha256
from .previous_generation import IngestState, open_previous, previous_documents, previous_info, stat_key
from .store import IndexStore
from .theme_filing import assign_themes
from .themes import load_themes, themes_file_hash

_IGNORED_SUFFIXES = {".toml", ".json", ".jsonl", ".gitkeep", ".csv"}
_IGNORED_NAMES = {"readme.md", "readme.txt", "license", "license.txt"}
# A file's cached hash is trusted only when the file was last changed this long before it
# was hashed (a write in the same clock tick would otherwise go unseen).
_RACY_NS = 2_000_000_000


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)  # removed earlier; file still there, not named
    chunks_total: int = 0
    chunks_embedded: int = 0
    chunks_reused: int = 0
    sentences_embedded: int = 0
    sentences_reused: int = 0
    files_read: int = 0  # files whose bytes were read (hashed or extracted) in this run
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


def _abs(path: str | Path) -> str:
    return os.path.abspath(path)


def _same_file(a: str | Path, b: str | Path) -> bool:
    if _abs(a) == _abs(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


# -- ingest ----------------------------------------------------------------------------------------
@dataclass
class _Wanted:
    path: Path
    digest: str
    meta: DocumentMeta
    size: int


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
    wait: bool = False,
) -> IngestReport:
    """Bring the index in line with the files under `paths`; returns what happened.

    `prune` removes documents whose file is gone; `remove_ids` removes documents (and keeps
    them out until their file is named in `paths`); `rebuild` re-reads every file. With
    `wait` a second writer waits for the lock instead of failing with IndexBusyError.
    """
    started = time.perf_counter()
    report = IngestReport()
    phase = on_phase or (lambda _: None)
    with gens.writer_lock(index_dir, wait=wait):
        gens.collect_garbage(index_dir)
        previous = open_previous(index_dir, embedder, rebuild)
        try:
            _ingest_locked(
                report,
                paths,
                index_dir,
                embedder,
                previous,
                catalog_path=catalog_path,
                themes_path=themes_path,
                prune=prune,
                rebuild=rebuild,
                remove_ids=remove_ids,
                progress=progress,
                phase=phase,
            )
        finally:
            if previous is not None:
                previous.close()
    report.seconds = time.perf_counter() - started
    return report


def _ingest_locked(
    report: IngestReport,
    paths: Sequence[Path],
    index_dir: Path,
    embedder: Embedder,
    previous: IndexStore | None,
    *,
    catalog_path: Path | None,
    themes_path: Path | None,
    prune: bool,
    rebuild: bool,
    remove_ids: Sequence[str],
    progress: ProgressFactory,
    phase: Callable[[str], None],
) -> None:
    prev = previous_info(previous) if previous else {}
    prev_manifest = previous.manifest if previous else None
    old_state = IngestState.read(previous.path if previous else None)
    state = IngestState(removed=dict(old_state.removed))
    catalog = load_catalog(catalog_path) if catalog_path else {}
    files = list({_abs(p): p for p in discover_files(paths, report)}.values())  # a file named twice is read once
    explicit = {_abs(p) for p in paths if p.is_file()}
    remove = set(remove_ids)

    phase("lezen")
    prev_by_hash: dict[str, str] = {}
    for doc_id, info in prev.items():
        prev_by_hash.setdefault(info.content_hash, doc_id)
    by_hash: dict[str, str] = {}
    wanted: dict[str, _Wanted] = {}
    moved: set[str] = set()
    copies: list[tuple[str, str]] = []  # (file, id of the file with the same bytes in this run)
    refused: dict[str, str] = {}  # doc id -> why its file was refused
    for path in files:
        try:
            st = path.stat()
        except OSError as exc:
            report.skipped.append((str(path), f"cannot be read ({exc.strerror or exc})"))
            continue
        if st.st_size > _extract.MAX_FILE_BYTES:
            report.skipped.append((str(path), _extract.too_large_message(st.st_size)))
            continue
        if st.st_size == 0:
            report.skipped.append((str(path), "empty file"))
            continue
        key = stat_key(st)
        cached = old_state.files.get(_abs(path))
        if not rebuild and cached and cached[:4] == key and int(cached[1]) + _RACY_NS < int(cached[4]):  # type: ignore[call-overload]
            digest = str(cached[5])
            hashed_at = int(cached[4])  # type: ignore[call-overload]
        else:
            hashed_at = time.time_ns()
            try:
                digest = file_sha256(path)
            except OSError as exc:
                report.skipped.append((str(path), f"cannot be read ({exc.strerror or exc})"))
                continue
            report.files_read += 1
        state.files[_abs(path)] = [*key, hashed_at, digest]
        if digest in by_hash:
            copies.append((str(path), by_hash[digest]))
            continue
        meta = meta_for(path, catalog)
        same = prev_by_hash.get(digest)
        if same is not None and same != meta.id and same not in wanted and not _same_file(prev[same].path, path):
            if Path(prev[same].path).exists() and same not in remove:
                report.duplicates.append((str(path), same))  # the same bytes are indexed under another file
                continue
            moved.add(same)  # renamed or moved: the old entry goes, the file comes under its new id
        if meta.id in wanted:
            meta = replace(meta, id=f"{meta.id}-{digest[:6]}")
        doc_id = meta.id
        if doc_id in remove:
            continue
        if doc_id in state.removed and _abs(path) not in explicit:
            report.excluded.append(doc_id)
            continue
        state.removed.pop(doc_id, None)
        by_hash[digest] = doc_id
        wanted[doc_id] = _Wanted(path, digest, meta, st.st_size)

    keep_ids: set[str] = set()
    unchanged: dict[str, _Wanted] = {}
    to_process: list[_Wanted] = []
    same_chunker = (
        prev_manifest is not None
        and prev_manifest.chunker_version == CHUNKER_VERSION
        and prev_manifest.embedding_text == EMBEDDING_TEXT_VERSION
    )
    for doc_id, item in wanted.items():
        old = prev.get(doc_id)
        if old and not rebuild and same_chunker and old.content_hash == item.digest:
            unchanged[doc_id] = item
            report.unchanged.append(doc_id)
        else:
            to_process.append(item)
    for doc_id, old in prev.items():
        if doc_id in wanted:
            continue
        if doc_id in remove:
            report.removed.append(doc_id)
            state.removed[doc_id] = old.content_hash
        elif doc_id in moved:
            report.removed.append(doc_id)
        elif doc_id in state.removed:
            report.removed.append(doc_id)  # removed before; cannot normally still be here
        elif not Path(old.path).exists():
            if prune:
                report.removed.append(doc_id)
            else:
                keep_ids.add(doc_id)
                report.missing.append(doc_id)
        else:
            keep_ids.add(doc_id)

    extracted: list[tuple[_Wanted, list[PageText]]] = []
    for item in to_process:
        try:
            pages = extract_pages(item.path, item.path.read_bytes())
            report.files_read += 1
        except (ExtractError, OSError) as exc:
            reason = str(exc) if isinstance(exc, ExtractError) else f"cannot be read ({exc.strerror or exc})"
            refused[item.meta.id] = reason
            if item.meta.id in prev:
                keep_ids.add(item.meta.id)
                reason += "; the indexed version is kept"
            report.skipped.append((str(item.path), reason))
            continue
        extracted.append((item, pages))

    reuse = (
        previous is not None and previous.manifest.embedder == embedder.name and previous.manifest.dim == embedder.dim
    )
    reuse_chunk_vectors = reuse and previous is not None and previous.manifest.embedding_text == EMBEDDING_TEXT_VERSION
    # The split-word decisions compare corpus counts, so a fresh build and an incremental one must
    # see the same vocabulary: when every document is re-read (rebuild, new chunker) the previous
    # counts would count each word twice. An updated document's old counts do stay in (the store
    # keeps no per-document counts); that only nudges the counts of its own words.
    keep_vocabulary = previous is not None and not rebuild and same_chunker
    vocab: Counter[str] = Counter(previous.vocabulary() if keep_vocabulary else {})
    vocab.update(build_vocabulary(p.text for _, pages in extracted for p in pages))

    phase("knippen")
    new_docs: list[tuple[str, Document, list[Chunk]]] = []
    for item, pages in extracted:
        doc_id = item.meta.id
        doc, chunks = document_chunks(item.meta, _abs(item.path), pages, vocab, item.digest)
        if not chunks:
            reason = "no text left after cleaning"
            refused[doc_id] = reason
            if doc_id in prev:
                keep_ids.add(doc_id)
                reason += "; the indexed version is kept"
            report.skipped.append((str(item.path), reason))
            continue
        new_docs.append((doc_id, doc, chunks))
        (report.updated if doc_id in prev else report.added).append(doc_id)
    indexed_files = {info.path for doc_id, info in prev.items() if doc_id in keep_ids}
    for path_str, doc_id in copies:
        if doc_id in refused:
            kept = "; the indexed version is kept" if _abs(path_str) in indexed_files else ""
            report.skipped.append((path_str, refused[doc_id] + kept))  # the same bytes, the same verdict
        else:
            report.duplicates.append((path_str, doc_id))

    themes = load_themes(themes_path) if themes_path and themes_path.exists() else []
    themes_hash = themes_file_hash(themes)
    meta_changed = any(
        item.meta != prev[doc_id].meta or _abs(item.path) != prev[doc_id].path for doc_id, item in unchanged.items()
    )
    nothing_changed = (
        previous is not None
        and reuse_chunk_vectors
        and not new_docs
        and not report.removed
        and not meta_changed
        and prev_manifest is not None
        and prev_manifest.themes_hash == themes_hash
        and state.removed == old_state.removed
    )
    if nothing_changed:
        report.chunks_total = previous.chunk_count() if previous else 0
        report.chunks_reused = report.chunks_total
        return

    prev_docs = previous_documents(previous) if previous else {}
    phase("embedden")
    embed_started = time.perf_counter()
    cache = vector_cache(prev_docs.values(), chunks=reuse_chunk_vectors) if reuse else {}
    kept: list[IndexedDocument] = []
    for doc_id in sorted(keep_ids | set(unchanged)):
        if doc_id not in prev_docs:
            continue
        old_item = prev_docs[doc_id]
        doc = old_item.doc
        if doc_id in unchanged:
            doc = replace(doc, meta=unchanged[doc_id].meta, path=_abs(unchanged[doc_id].path))
        if reuse_chunk_vectors:
            kept.append(IndexedDocument(doc, old_item.chunks, old_item.chunk_vectors, old_item.sentence_vectors))
            report.chunks_reused += len(old_item.chunks)
        else:
            # another embedder or another embedding text: the stored texts are embedded anew
            new_docs.append((doc_id, doc, list(old_item.chunks)))
    indexed: list[IndexedDocument] = []
    for doc_id, doc, chunks in new_docs:
        chunk_vecs, n_chunks = embed_missing(
            [embedding_text(c) for c in chunks], "c:", cache, embedder, progress, f"passages {doc_id[:30]}"
        )
        sentences = [doc.text[s.start : s.end] for c in chunks for s in c.sentences]
        sent_vecs, n_sent = embed_missing(sentences, "s:", cache, embedder, progress, f"zinnen {doc_id[:30]}")
        report.chunks_embedded += n_chunks
        report.chunks_reused += len(chunks) - n_chunks
        report.sentences_embedded += n_sent
        report.sentences_reused += len(sentences) - n_sent
        indexed.append(IndexedDocument(doc, tuple(chunks), chunk_vecs, sent_vecs))
    report.embed_seconds = time.perf_counter() - embed_started
    all_docs = sorted([*kept, *indexed], key=lambda d: d.doc.id)
    report.chunks_total = sum(len(d.chunks) for d in all_docs)

    phase("thema's")
    theme_vectors, chunk_themes = assign_themes(themes, all_docs, embedder, previous if reuse else None, themes_hash)

    phase("schrijven")
    build = gens.new_build_dir(index_dir)
    write_generation(
        build,
        all_docs,
        embedder=embedder.name,
        dim=embedder.dim,
        chunker_version=CHUNKER_VERSION,
        embedding_text=EMBEDDING_TEXT_VERSION,
        vocabulary=vocab,
        themes=themes,
        theme_vectors=theme_vectors,
        themes_hash=themes_hash,
        chunk_themes=chunk_themes,
    )
    paths_kept = {d.doc.path for d in all_docs}
    state.files = {p: v for p, v in {**old_state.files, **state.files}.items() if p in paths_kept}
    state.write(build)
    crash_test_pause("writing")
    report.generation = gens.publish(index_dir, build, before_switch=lambda _: crash_test_pause("swap")).name
    gens.collect_garbage(index_dir)


def corpus_fingerprint(paths: Sequence[Path]) -> str:
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()
