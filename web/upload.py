"""Adding documents through the web UI (beheer): an upload form and a background ingest.

Mounted by the web app only when KENNISBANK_ADMIN_TOKEN is set, and every upload must carry
that token (form field `token`, header `X-Kennisbank-Token` or `Authorization: Bearer ...`),
compared in constant time.

- GET  /beheer/upload          the form (PDF, TXT or MD, metadata from the catalogue)
- POST /beheer/upload          the upload; answers with a redirect to the job page
- GET  /beheer/upload/{job}    progress and result of one upload (refreshes itself)
- POST /api/upload             the same upload for scripts; answers 202 with the job
- GET  /api/upload/{job}       progress and result as JSON

The request body is parsed as it streams in: the file goes straight to a hidden temporary
file in corpus/ and the upload is refused (413) as soon as it passes KENNISBANK_MAX_UPLOAD_MB,
or (403) when a file follows a wrong token, before any of it is stored (the small fields in
between are read, so that the refused form comes back filled in); nothing is held in memory.
Errors are {"detail": "..."} under /api/, like the rest of the API. The job, one at a time
in a background thread, checks the file (extract_pages: the same refusals as the command
line), gives it a safe name that overwrites nothing, appends a [[document]] entry to
corpus/catalog.toml (written atomically), and ingests it into a new index generation, which
the server picks up on its next request. A refused or failed upload leaves corpus/, the
catalogue and the index as they were.
"""

from __future__ import annotations

import codecs
import contextlib
import fcntl
import hashlib
import hmac
import logging
import os
import re
import secrets
import threading
import time
import tomllib
import unicodedata
from collections import OrderedDict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.templating import Jinja2Templates

from ingest.catalog import DOC_TYPES, CatalogError, load_catalog, slugify
from ingest.embed import Embedder, create_embedder
from ingest.extract import SUPPORTED_SUFFIXES, ExtractError, extract_pages
from kennisbank.reasons import dutch_reason
from kennisbank.settings import Settings
from search import generations as gens
from search.indexer import IngestReport, ingest
from search.ingest_hooks import Progress
from search.manifest import IndexError_, read_manifest
from search.searcher import IndexHandle
from search.store import IndexStore

from .schemas import ErrorOut

log = logging.getLogger(__name__)

TOKEN_HEADER = "x-kennisbank-token"
MAX_FIELD_BYTES = 4096
MAX_PARTS = 20
MAX_JOBS_KEPT = 200
# what a request may carry besides the file: the other fields and the multipart framing
_SLACK_BYTES = 64 * 1024 + MAX_PARTS * MAX_FIELD_BYTES
BUSY_WAIT_SECONDS = 1800.0
PART_PREFIX = ".upload-"
_RESERVED_STEMS = {"catalog", "themes", "glossary", "thesaurus", "readme", "license"}

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


class _Refused(Exception):
    """An upload refused while it streams in: HTTP status, a message for the user and the form's
    fields read before the refusal (so that the form can come back filled in)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.fields: dict[str, str] = {}


# -- names and the catalogue -----------------------------------------------------------------------
def safe_file_name(original: str) -> str:
    """A file name for corpus/ from whatever the browser sent: no folders, no hidden or reserved
    names, only lower-case letters, digits and hyphens before a supported suffix."""
    base = re.split(r"[\\/]", original or "")[-1].strip()
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    suffix = "." + suffix.lower() if suffix else ""
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    slug = slugify(ascii_stem)[:80].strip("-") or "document"
    if slug in _RESERVED_STEMS:
        slug = f"document-{slug}"
    return slug + suffix


def toml_string(value: str) -> str:
    """A TOML basic string."""
    out = ['"']
    for ch in value:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def catalog_entry(meta: dict[str, Any]) -> str:
    lines = ["", "[[document]]"]
    for key in ("id", "file", "title", "type", "organisation", "year", "source"):
        value = meta.get(key)
        if value in (None, ""):
            continue
        lines.append(f"{key} = {value}" if isinstance(value, int) else f"{key} = {toml_string(str(value))}")
    return "\n".join(lines) + "\n"


@contextlib.contextmanager
def _catalog_lock(catalog: Path) -> Iterator[None]:
    catalog.parent.mkdir(parents=True, exist_ok=True)
    with open(catalog.parent / ".catalog.lock", "a+") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp"
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def append_to_catalog(catalog: Path, entry: str) -> None:
    """Append one [[document]] entry; the catalogue is replaced in one step, never half-written."""
    with _catalog_lock(catalog):
        old = catalog.read_text(encoding="utf-8") if catalog.exists() else ""
        new = (old if not old or old.endswith("\n") else old + "\n") + entry
        tomllib.loads(new)  # never write a catalogue that the next ingest cannot read
        _write_atomically(catalog, new)


def remove_from_catalog(catalog: Path, entry: str) -> None:
    with _catalog_lock(catalog):
        if not catalog.exists():
            return
        text = catalog.read_text(encoding="utf-8")
        if entry in text:
            _write_atomically(catalog, text.replace(entry, "", 1))


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def token_matches(given: str | None, expected: str) -> bool:
    if not expected or given is None:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


# -- jobs ------------------------------------------------------------------------------------------
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
        digest = _sha256(job.temp_path)
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
                    and _sha256(path) == digest
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
        """Stream a multipart upload to a temporary file; raises _Refused."""
        header_token = request.headers.get(TOKEN_HEADER)
        auth = request.headers.get("authorization", "")
        if header_token is None and auth.lower().startswith("bearer "):
            header_token = auth[7:].strip()
        if header_token is not None and not token_matches(header_token, self.settings.admin_token):
            raise _Refused(403, "Onjuist beheertoken.")
        try:
            declared = int(request.headers.get("content-length", "-1"))
        except ValueError:
            declared = -1
        if declared > self.max_bytes + _SLACK_BYTES:
            raise _Refused(413, self._too_large())
        ctype = request.headers.get("content-type", "")
        from python_multipart.multipart import parse_options_header

        kind, params = parse_options_header(ctype)
        if kind != b"multipart/form-data":
            raise _Refused(415, "Stuur het formulier als multipart/form-data met een bestand in het veld ‘file’.")
        if not params.get(b"boundary"):
            raise _Refused(400, "Het formulier mist de scheidingsregel (boundary) van multipart/form-data.")
        charset = params.get(b"charset", b"utf-8").decode("latin-1")
        try:
            charset = codecs.lookup(charset).name
        except LookupError:
            charset = "utf-8"
        reader = _MultipartReader(self, params[b"boundary"], charset, header_token is not None)
        try:
            async for chunk in request.stream():
                await reader.feed(chunk)
            await reader.finish()
            return self._job_from(reader)
        except _Refused as exc:
            reader.discard()
            exc.fields = dict(reader.fields)
            raise
        except Exception as exc:
            reader.discard()
            refused = _Refused(400, "Het formulier kon niet gelezen worden.")
            refused.fields = dict(reader.fields)
            raise refused from exc

    def _too_large(self) -> str:
        return f"Bestand te groot: hoogstens {self.settings.max_upload_mb} MB."

    def _job_from(self, reader: _MultipartReader) -> UploadJob:
        fields = reader.fields
        if not reader.authorised:  # a token field was compared when it was read
            raise _Refused(403, "Onjuist of ontbrekend beheertoken.")
        if reader.file_path is None or not reader.file_name:
            raise _Refused(400, "Kies een bestand (PDF, TXT of MD).")
        suffix = Path(re.split(r"[\\/]", reader.file_name)[-1]).suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            raise _Refused(415, f"Alleen PDF, TXT of MD; ‘{suffix or 'zonder extensie'}’ wordt niet aanvaard.")
        if reader.file_size == 0:
            raise _Refused(400, "Het bestand is leeg.")
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


def _clean_text(value: str, limit: int) -> str:
    value = "".join(ch if ch.isprintable() else " " for ch in unicodedata.normalize("NFC", value))
    return " ".join(value.split())[:limit]


def validate_metadata(fields: dict[str, str]) -> dict[str, Any]:
    """Title, type, organisation and year as the catalogue takes them; raises _Refused."""
    doc_type = _clean_text(fields.get("type", ""), 40).lower()
    if doc_type and doc_type not in DOC_TYPES:
        raise _Refused(400, f"Onbekend documenttype ‘{doc_type}’; kies uit: {', '.join(DOC_TYPES)}.")
    year_text = _clean_text(fields.get("year", ""), 10)
    year: int | None = None
    if year_text:
        if not re.fullmatch(r"\d{4}", year_text) or not 1800 <= int(year_text) <= 2100:
            raise _Refused(400, "Jaar: vier cijfers, bijvoorbeeld 2024.")
        year = int(year_text)
    return {
        "title": _clean_text(fields.get("title", ""), 300),
        "type": doc_type,
        "organisation": _clean_text(fields.get("organisation", ""), 200),
        "year": year,
    }


class _MultipartReader:
    """python-multipart callbacks: small fields into memory, the one file onto disk, limits enforced
    while the bytes arrive."""

    def __init__(self, manager: UploadManager, boundary: bytes, charset: str, authorised: bool) -> None:
        from python_multipart.multipart import MultipartParser

        self.manager = manager
        self.charset = charset
        self.authorised = authorised
        self.fields: dict[str, str] = {}
        self.file_name: str | None = None
        self.file_path: Path | None = None
        self.file_size = 0
        self._fh: Any = None
        self._received = 0
        self._parts = 0
        self._header_name = b""
        self._header_value = b""
        self._disposition = b""
        self._name = ""
        self._is_file = False
        self._skip = False
        self._data = bytearray()
        self._pending: list[bytes] = []
        self._parser = MultipartParser(
            boundary,
            {
                "on_part_begin": self._part_begin,
                "on_part_data": self._part_data,
                "on_part_end": self._part_end,
                "on_header_field": self._header_field,
                "on_header_value": self._header_value_cb,
                "on_header_end": self._header_end,
                "on_headers_finished": self._headers_finished,
            },
        )

    async def feed(self, chunk: bytes) -> None:
        self._received += len(chunk)
        if self._received > self.manager.max_bytes + _SLACK_BYTES:
            raise _Refused(413, self.manager._too_large())
        self._parser.write(chunk)
        await self._flush()

    async def finish(self) -> None:
        self._parser.finalize()
        await self._flush()
        if self._fh is not None:
            await run_in_threadpool(self._fh.close)
            self._fh = None

    async def _flush(self) -> None:
        if self._pending and self._fh is not None:
            data = b"".join(self._pending)
            self._pending.clear()
            await run_in_threadpool(self._fh.write, data)

    def discard(self) -> None:
        if self._fh is not None:
            with contextlib.suppress(OSError):
                self._fh.close()
            self._fh = None
        if self.file_path is not None:
            self.file_path.unlink(missing_ok=True)
            self.file_path = None

    # callbacks
    def _part_begin(self) -> None:
        self._parts += 1
        if self._parts > MAX_PARTS:
            raise _Refused(400, "Te veel velden in het formulier.")
        self._disposition = b""
        self._data = bytearray()
        self._name = ""
        self._is_file = False
        self._skip = False

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def _header_value_cb(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]
        if len(self._header_value) > MAX_FIELD_BYTES:
            raise _Refused(400, "Een veld van het formulier is te lang.")

    def _header_end(self) -> None:
        if self._header_name.lower() == b"content-disposition":
            self._disposition = self._header_value
        self._header_name = b""
        self._header_value = b""

    def _decode(self, raw: bytes) -> str:
        return raw.decode(self.charset, errors="replace")

    def _headers_finished(self) -> None:
        from python_multipart.multipart import parse_options_header

        _, options = parse_options_header(self._disposition)
        self._name = self._decode(options.get(b"name", b""))
        self._is_file = b"filename" in options
        if not self._is_file:
            return
        if self._name != "file" or self.file_path is not None:
            self._skip = True  # other or further files are not stored
            return
        if not self.authorised and "token" in self.fields:
            raise _Refused(403, "Onjuist beheertoken.")  # before any of the file is stored
        self.file_name = self._decode(options.get(b"filename", b""))
        corpus = self.manager.corpus_dir
        corpus.mkdir(parents=True, exist_ok=True)
        self.file_path = corpus / f"{PART_PREFIX}{secrets.token_hex(8)}.part"
        self._fh = open(self.file_path, "xb")  # noqa: SIM115 - closed in finish() or discard()

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        size = end - start
        if self._is_file:
            if self._skip:
                return
            self.file_size += size
            if self.file_size > self.manager.max_bytes:
                raise _Refused(413, self.manager._too_large())
            self._pending.append(data[start:end])
        else:
            if len(self._data) + size > MAX_FIELD_BYTES:
                raise _Refused(400, "Een veld van het formulier is te lang.")
            self._data.extend(data[start:end])

    def _part_end(self) -> None:
        if self._is_file:
            return
        if self._name and self._name not in self.fields:
            self.fields[self._name] = self._decode(bytes(self._data))
        if self._name == "token" and not self.authorised:
            # A wrong token is refused when the file begins, not here: the form's other fields come
            # between the two, and read by then they fill the form in again with the refusal.
            self.authorised = token_matches(self.fields["token"], self.manager.settings.admin_token)


# -- the router ------------------------------------------------------------------------------------
def _templates(templates: Jinja2Templates | None) -> Jinja2Templates:
    if templates is not None:
        return templates
    from .templating import make_environment

    # The site's own environment, so that the upload pages get the same base page and navigation.
    return Jinja2Templates(env=make_environment(), context_processors=[lambda request: {"path": request.url.path}])


UPLOAD_OPENAPI = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "token": {
                            "type": "string",
                            "description": "het beheertoken (of stuur het in de header X-Kennisbank-Token)",
                        },
                        "file": {"type": "string", "format": "binary", "description": "PDF, TXT of MD"},
                        "title": {"type": "string", "maxLength": 300},
                        "type": {"type": "string", "enum": ["", *DOC_TYPES]},
                        "organisation": {"type": "string", "maxLength": 200},
                        "year": {"type": "string", "pattern": "^(\\d{4})?$"},
                    },
                }
            }
        },
    }
}


def upload_router(
    settings: Settings,
    handle: IndexHandle | None = None,
    *,
    templates: Jinja2Templates | None = None,
    embedder: Embedder | None = None,
    manager: UploadManager | None = None,
) -> APIRouter:
    """The upload pages and API. The app includes it only when settings.admin_token is set;
    without a token every route answers 404 all the same."""
    uploads = manager or UploadManager(settings, handle, embedder)
    tpl = _templates(templates)
    router = APIRouter()
    router.uploads = uploads  # type: ignore[attr-defined]  # for tests and app shutdown

    def enabled() -> None:
        if not settings.admin_token:
            raise _Refused(404, "Uploaden staat uit: zet KENNISBANK_ADMIN_TOKEN.")

    def form_values(fields: dict[str, str]) -> dict[str, str]:
        """What the user typed, to fill the form in again after a refusal (not the token, and a
        browser cannot be given the file back)."""
        limits = {"title": 300, "type": 40, "organisation": 200, "year": 10}
        return {name: _clean_text(fields.get(name, ""), limit) for name, limit in limits.items()}

    def form_page(
        request: Request, status: int = 200, error: str = "", values: dict[str, str] | None = None
    ) -> Response:
        context = {
            "request": request,
            "error": error,
            "values": values or {},
            "doc_types": DOC_TYPES,
            "max_mb": settings.max_upload_mb,
            "suffixes": ", ".join(s.lstrip(".").upper() for s in SUPPORTED_SUFFIXES),
        }
        return tpl.TemplateResponse(request, "upload.html", context, status_code=status)

    @router.get("/beheer/upload", response_class=HTMLResponse, include_in_schema=False)
    async def upload_form(request: Request) -> Response:
        try:
            enabled()
        except _Refused as exc:
            return HTMLResponse(exc.message, status_code=exc.status)
        return form_page(request)

    @router.post("/beheer/upload", include_in_schema=False)
    async def upload_post(request: Request) -> Response:
        try:
            enabled()
            job = await uploads.receive(request)
        except _Refused as exc:
            return form_page(request, exc.status, exc.message, form_values(exc.fields))
        uploads.submit(job)
        return RedirectResponse(f"/beheer/upload/{job.id}", status_code=303)

    @router.get("/beheer/upload/{job_id}", response_class=HTMLResponse, include_in_schema=False)
    async def upload_status_page(request: Request, job_id: str) -> Response:
        job = uploads.get(job_id) if settings.admin_token else None
        if job is None:
            return tpl.TemplateResponse(request, "upload_job.html", {"request": request, "job": None}, status_code=404)
        return tpl.TemplateResponse(request, "upload_job.html", {"request": request, "job": job, "info": job.to_json()})

    @router.post(
        "/api/upload",
        status_code=202,
        openapi_extra=UPLOAD_OPENAPI,
        responses={status: {"model": ErrorOut} for status in (400, 403, 404, 413, 415)},
        tags=["beheer"],
        summary="Een document toevoegen (met het beheertoken)",
    )
    async def upload_api(request: Request) -> JSONResponse:
        try:
            enabled()
            job = await uploads.receive(request)
        except _Refused as exc:
            return JSONResponse({"detail": exc.message}, status_code=exc.status)
        uploads.submit(job)
        return JSONResponse(
            {**job.to_json(), "status_url": f"/api/upload/{job.id}", "page_url": f"/beheer/upload/{job.id}"},
            status_code=202,
        )

    @router.get(
        "/api/upload/{job_id}",
        tags=["beheer"],
        summary="Voortgang en resultaat van een upload",
        responses={404: {"model": ErrorOut}},
    )
    async def upload_status(job_id: str) -> JSONResponse:
        job = uploads.get(job_id) if settings.admin_token else None
        if job is None:
            return JSONResponse({"detail": "Onbekende upload: deze bestaat niet (meer)."}, status_code=404)
        return JSONResponse(job.to_json())

    return router
