"""Upload jobs and the manager that runs them: one background ingest at a time, with progress
the upload pages can show.

Adding a document means an ingest, which takes a while and must not run twice at once, so the
manager only receives the upload (streamed to disk by upload_request's reader) and answers at
once; its single worker thread then checks the file, stores it under a name that overwrites
nothing, catalogues it and ingests it, and on a refusal or a failure leaves corpus/, the
catalogue and the index as they were. Every job ends in a state and a message the user can read.
"""

from __future__ import annotations

import codecs
import contextlib
import logging
import os
import re
import secrets
import threading
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import Request

from ingest.catalog import CatalogError, load_catalog, slugify
from ingest.embed import Embedder, create_embedder
from ingest.extract import SUPPORTED_SUFFIXES, ExtractError, extract_pages
from kennisbank.reasons import dutch_reason
from kennisbank.settings import Settings
from search import generations as gens
from search.handle import IndexHandle
from search.indexer import IngestReport, ingest
from search.ingest_hooks import Progress
from search.manifest import IndexError_, file_sha256, read_manifest
from search.store import IndexStore

from .upload_catalog import append_to_catalog, catalog_entry, remove_from_catalog, safe_file_name
from .upload_request import (
    PART_PREFIX,
    SLACK_BYTES,
    TOKEN_HEADER,
    MultipartReader,
    UploadRefused,
    token_matches,
    validate_metadata,
)

log = logging.getLogger(__name__)

MAX_JOBS_KEPT = 200
BUSY_WAIT_SECONDS = 1800.0

PHASES = {
    "wachtrij": "In de wachtrij",
    "controleren": "Bestand controleren",
    "opslaan": "Opslaan in corpus/",
    "wachten": "Wachten tot een andere indexering klaar is",
    "lezen": "Tekst lezen",
    "knippen": "Passages maken",
    "embedden": "Passages inbedden",
    "thema's": "Thema's toewijzen",
    "schrijven": "Nieuwe indexgeneratie schrijven",
    "klaar": "Klaar",
}
STATES = {
    "queued": "In de wachtrij",
    "running": "Bezig",
    "done": "Toegevoegd",
    "refused": "Geweigerd",
    "failed": "Mislukt",
}


@dataclass
class UploadJob:
    id: str
    original_name: str
    temp_path: Path
    metadata: dict[str, Any]
    size: int
    state: str = "queued"
    phase: str = "wachtrij"
    done: int = 0
    total: int = 0
    message: str = ""
    file: str = ""
    document_id: str = ""
    title: str = ""  # the title the index gives the document, once it is in
    chunks_added: int = 0
    generation: str | None = None
    created: float = field(default_factory=time.time)
    finished: float | None = None

    @property
    def active(self) -> bool:
        return self.state in ("queued", "running")

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "state": self.state,
            "state_label": STATES[self.state],
            "phase": self.phase,
            "phase_label": PHASES.get(self.phase, self.phase),
            "progress": {"done": self.done, "total": self.total},
            "original_name": self.original_name,
            "size": self.size,
            "file": self.file,
            "document_id": self.document_id,
            "title": self.title or self.metadata.get("title", ""),
            "chunks_added": self.chunks_added,
            "generation": self.generation,
            "message": self.message,
        }


class _JobProgress(Progress):
    def __init__(self, job: UploadJob, total: int) -> None:
        self.job = job
        job.total += total

    def update(self, n: int) -> None:
        self.job.done += n


class UploadManager:
    """The uploads of one server: stream to disk, then one background ingest at a time."""

    def __init__(self, settings: Settings, handle: IndexHandle | None = None, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self.handle = handle
        self._embedder = embedder or (handle.embedder if handle is not None else None)
        self.max_bytes = int(settings.max_upload_mb) * 1024 * 1024
        self.jobs: OrderedDict[str, UploadJob] = OrderedDict()
        self._lock = threading.Lock()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kennisbank-upload")
        self._remove_stale_parts()

    @property
    def corpus_dir(self) -> Path:
        return self.settings.corpus_dir

    def _remove_stale_parts(self, older_than: float = 3600.0) -> None:
        """Temporary files left by a server that died during an upload."""
        if not self.corpus_dir.is_dir():
            return
        for path in self.corpus_dir.glob(f"{PART_PREFIX}*.part"):
            with contextlib.suppress(OSError):
                if time.time() - path.stat().st_mtime > older_than:
                    path.unlink()

    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = create_embedder(self.settings.embedder)
        return self._embedder

    def get(self, job_id: str) -> UploadJob | None:
        with self._lock:
            return self.jobs.get(job_id)

    def submit(self, job: UploadJob) -> None:
        with self._lock:
            self.jobs[job.id] = job
            while len(self.jobs) > MAX_JOBS_KEPT:
                oldest = next(iter(self.jobs.values()))
                if oldest.active:
                    break
                self.jobs.popitem(last=False)
        self._executor.submit(self._run, job)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=False)

    # -- the background job -----------------------------------------------------------------------
    def _run(self, job: UploadJob) -> None:
        job.state = "running"
        stored: Path | None = None
        entry: str | None = None
        try:
            job.phase = "controleren"
            refusal = self._check(job)
            if refusal:
                self._finish(job, "refused", refusal)
                return
            job.phase = "opslaan"
            stored, meta = self._store(job)
            entry = catalog_entry(meta)
            append_to_catalog(self.settings.catalog_path, entry)
            report = self._ingest(job, stored)
            outcome = self._outcome(job, report, stored)
            if outcome is not None:
                self._rollback(stored, entry)
                self._finish(job, "refused", outcome)
                return
            title = job.title or meta.get("title") or job.document_id
            self._finish(
                job,
                "done",
                f"‘{title}’ is toegevoegd als document ‘{job.document_id}’ met {job.chunks_added} "
                f"{'passage' if job.chunks_added == 1 else 'passages'}.",
            )
        except Exception:  # the job must end with a state the user can read
            log.exception("upload %s failed", job.id)
            if stored is not None:
                self._rollback(stored, entry)
            self._finish(job, "failed", "Er ging onverwacht iets mis; er is niets veranderd. Het serverlog zegt wat.")
        finally:
            job.temp_path.unlink(missing_ok=True)

    def _finish(self, job: UploadJob, state: str, message: str) -> None:
        job.message = message
        job.phase = "klaar"
        job.finished = time.time()
        job.state = state

    def _check(self, job: UploadJob) -> str | None:
        """Why the file cannot be added, or None."""
        digest = file_sha256(job.temp_path)
        job.metadata["sha256"] = digest
        try:
            gen = gens.current_generation(self.settings.index_dir)
            indexed = read_manifest(gen).documents
        except (gens.IndexMissingError, IndexError_):
            indexed = {}
        for doc_id, info in indexed.items():
            if info.get("content_hash") == digest:
                return f"Geweigerd: dit bestand staat al in de kennisbank als document ‘{doc_id}’."
        if self.corpus_dir.is_dir():
            for path in self.corpus_dir.iterdir():
                if (
                    path.is_file()
                    and not path.name.startswith(".")
                    and path.stat().st_size == job.size
                    and file_sha256(path) == digest
                ):
                    return f"Geweigerd: hetzelfde bestand staat al in corpus/ als ‘{path.name}’."
        suffix = Path(job.original_name).suffix.lower()
        try:
            extract_pages(Path("upload" + suffix), job.temp_path.read_bytes())
        except ExtractError as exc:
            log.info("upload %s refused: %s", job.id, exc)  # the reason as ingest gives it, for the log
            return f"Geweigerd: {dutch_reason(str(exc)).rstrip('.')}."
        return None

    def _taken_ids(self) -> set[str]:
        ids: set[str] = set()
        with contextlib.suppress(CatalogError, OSError):
            ids |= {m.id for m in load_catalog(self.settings.catalog_path).values()}
        with contextlib.suppress(gens.IndexMissingError, IndexError_, OSError):
            ids |= set(read_manifest(gens.current_generation(self.settings.index_dir)).documents)
        return ids

    def _store(self, job: UploadJob) -> tuple[Path, dict[str, Any]]:
        """Move the upload into corpus/ under a name no other file has (never overwriting)."""
        self.corpus_dir.mkdir(parents=True, exist_ok=True)
        name = safe_file_name(job.original_name)
        stem, suffix = name[: -len(Path(name).suffix)], Path(name).suffix
        taken = self._taken_ids()
        for n in range(1, 1000):
            candidate = name if n == 1 else f"{stem}-{n}{suffix}"
            doc_id = slugify(Path(candidate).stem)
            if doc_id in taken:
                continue
            target = self.corpus_dir / candidate
            try:
                os.link(job.temp_path, target)  # fails when the name exists: nothing is overwritten
            except FileExistsError:
                continue
            job.temp_path.unlink(missing_ok=True)
            job.file = candidate
            job.document_id = doc_id
            meta = {
                "id": doc_id,
                "file": candidate,
                "title": job.metadata.get("title") or "",
                "type": job.metadata.get("type") or "",
                "organisation": job.metadata.get("organisation") or "",
                "year": job.metadata.get("year"),
                "source": f"Geüpload via de webinterface ({time.strftime('%Y-%m-%d')}, oorspronkelijke naam: {job.original_name})",
            }
            return target, meta
        raise RuntimeError("no free file name in corpus/")

    def _ingest(self, job: UploadJob, stored: Path) -> IngestReport:
        deadline = time.monotonic() + BUSY_WAIT_SECONDS
        while True:
            try:
                return ingest(
                    [stored],
                    self.settings.index_dir,
                    self.embedder(),
                    catalog_path=self.settings.catalog_path,
                    themes_path=self.settings.themes_path,
                    progress=lambda total, desc: _JobProgress(job, total),
                    on_phase=lambda phase: setattr(job, "phase", phase),
                )
            except gens.IndexBusyError:
                if time.monotonic() > deadline:
                    raise
                job.phase = "wachten"
                time.sleep(1.0)

    def _outcome(self, job: UploadJob, report: IngestReport, stored: Path) -> str | None:
        """None when the document went in, else why not."""
        job.generation = report.generation
        for path, reason in report.skipped:
            if Path(path).name == stored.name:
                log.info("upload %s refused by the ingest: %s", job.id, reason)
                return f"Geweigerd: {dutch_reason(reason).rstrip('.')}."
        for path, same in report.duplicates:
            if Path(path).name == stored.name:
                return f"Geweigerd: dit bestand staat al in de kennisbank als document ‘{same}’."
        if job.document_id not in (*report.added, *report.updated):
            return "Geweigerd: het document is niet in de index gekomen."
        job.chunks_added, job.title = self._indexed(job.document_id)
        return None

    def _indexed(self, doc_id: str) -> tuple[int, str]:
        """The document's number of passages in the index and the title the index gives it (the
        catalogue's, or the one ingest makes from the file name when the upload gave none)."""

        def read(store: IndexStore) -> tuple[int, str]:
            meta = store.meta(doc_id)
            return store.chunk_count(doc_id), meta.title if meta is not None else ""

        if self.handle is not None:
            return read(self.handle.searcher().store)
        store = IndexStore.open(gens.current_generation(self.settings.index_dir))
        try:
            return read(store)
        finally:
            store.close()

    def _rollback(self, stored: Path, entry: str | None) -> None:
        if entry is not None:
            with contextlib.suppress(OSError):
                remove_from_catalog(self.settings.catalog_path, entry)
        stored.unlink(missing_ok=True)

    # -- receiving the request --------------------------------------------------------------------
    async def receive(self, request: Request) -> UploadJob:
        """Stream a multipart upload to a temporary file; raises UploadRefused."""
        header_token = request.headers.get(TOKEN_HEADER)
        auth = request.headers.get("authorization", "")
        if header_token is None and auth.lower().startswith("bearer "):
            header_token = auth[7:].strip()
        if header_token is not None and not token_matches(header_token, self.settings.admin_token):
            raise UploadRefused(403, "Onjuist beheertoken.")
        try:
            declared = int(request.headers.get("content-length", "-1"))
        except ValueError:
            declared = -1
        if declared > self.max_bytes + SLACK_BYTES:
            raise UploadRefused(413, self.too_large_message())
        ctype = request.headers.get("content-type", "")
        from python_multipart.multipart import parse_options_header

        kind, params = parse_options_header(ctype)
        if kind != b"multipart/form-data":
            raise UploadRefused(415, "Stuur het formulier als multipart/form-data met een bestand in het veld ‘file’.")
        if not params.get(b"boundary"):
            raise UploadRefused(400, "Het formulier mist de scheidingsregel (boundary) van multipart/form-data.")
        charset = params.get(b"charset", b"utf-8").decode("latin-1")
        try:
            charset = codecs.lookup(charset).name
        except LookupError:
            charset = "utf-8"
        reader = MultipartReader(self, params[b"boundary"], charset, header_token is not None)
        try:
            async for chunk in request.stream():
                await reader.feed(chunk)
            await reader.finish()
            return self._job_from(reader)
        except UploadRefused as exc:
            reader.discard()
            exc.fields = dict(reader.fields)
            raise
        except Exception as exc:
            reader.discard()
            refused = UploadRefused(400, "Het formulier kon niet gelezen worden.")
            refused.fields = dict(reader.fields)
            raise refused from exc

    def too_large_message(self) -> str:
        return f"Bestand te groot: hoogstens {self.settings.max_upload_mb} MB."

    def _job_from(self, reader: MultipartReader) -> UploadJob:
        fields = reader.fields
        if not reader.authorised:  # a token field was compared when it was read
            raise UploadRefused(403, "Onjuist of ontbrekend beheertoken.")
        if reader.file_path is None or not reader.file_name:
            raise UploadRefused(400, "Kies een bestand (PDF, TXT of MD).")
        suffix = Path(re.split(r"[\\/]", reader.file_name)[-1]).suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            raise UploadRefused(415, f"Alleen PDF, TXT of MD; ‘{suffix or 'zonder extensie'}’ wordt niet aanvaard.")
        if reader.file_size == 0:
            raise UploadRefused(400, "Het bestand is leeg.")
        metadata = validate_metadata(fields)
        job = UploadJob(
            id=secrets.token_urlsafe(12),
            original_name=re.split(r"[\\/]", reader.file_name)[-1][:200],
            temp_path=reader.file_path,
            metadata=metadata,
            size=reader.file_size,
        )
        reader.file_path = None  # the job owns it now
        return job
