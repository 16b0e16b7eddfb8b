"""Reading one upload request as it streams in: the token, the size limits, the form's fields
and the file.

An upload may be large and its sender need not be trusted, so nothing waits for the whole body
or holds it in memory: the multipart parts are handled as they arrive, the file goes straight
to a hidden temporary file in corpus/, and the request is refused (UploadRefused, carrying its
HTTP status) the moment it passes a limit, or before any of the file is stored when it follows a
wrong token. The fields read by then travel with the refusal, so that the form can come back
filled in.
"""

from __future__ import annotations

import contextlib
import hmac
import re
import secrets
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool

from ingest.catalog import DOC_TYPES

if TYPE_CHECKING:
    from .upload_jobs import UploadManager

TOKEN_HEADER = "x-kennisbank-token"
MAX_FIELD_BYTES = 4096
MAX_PARTS = 20
# what a request may carry besides the file: the other fields and the multipart framing
SLACK_BYTES = 64 * 1024 + MAX_PARTS * MAX_FIELD_BYTES
PART_PREFIX = ".upload-"


class UploadRefused(Exception):
    """An upload refused while it streams in: HTTP status, a message for the user and the form's
    fields read before the refusal (so that the form can come back filled in)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.fields: dict[str, str] = {}


def token_matches(given: str | None, expected: str) -> bool:
    if not expected or given is None:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def clean_text(value: str, limit: int) -> str:
    value = "".join(ch if ch.isprintable() else " " for ch in unicodedata.normalize("NFC", value))
    return " ".join(value.split())[:limit]


def validate_metadata(fields: dict[str, str]) -> dict[str, Any]:
    """Title, type, organisation and year as the catalogue takes them; raises UploadRefused."""
    doc_type = clean_text(fields.get("type", ""), 40).lower()
    if doc_type and doc_type not in DOC_TYPES:
        raise UploadRefused(400, f"Onbekend documenttype ‘{doc_type}’; kies uit: {', '.join(DOC_TYPES)}.")
    year_text = clean_text(fields.get("year", ""), 10)
    year: int | None = None
    if year_text:
        if not re.fullmatch(r"\d{4}", year_text) or not 1800 <= int(year_text) <= 2100:
            raise UploadRefused(400, "Jaar: vier cijfers, bijvoorbeeld 2024.")
        year = int(year_text)
    return {
        "title": clean_text(fields.get("title", ""), 300),
        "type": doc_type,
        "organisation": clean_text(fields.get("organisation", ""), 200),
        "year": year,
    }


class MultipartReader:
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
        if self._received > self.manager.max_bytes + SLACK_BYTES:
            raise UploadRefused(413, self.manager.too_large_message())
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
            raise UploadRefused(400, "Te veel velden in het formulier.")
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
            raise UploadRefused(400, "Een veld van het formulier is te lang.")

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
            raise UploadRefused(403, "Onjuist beheertoken.")  # before any of the file is stored
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
                raise UploadRefused(413, self.manager.too_large_message())
            self._pending.append(data[start:end])
        else:
            if len(self._data) + size > MAX_FIELD_BYTES:
                raise UploadRefused(400, "Een veld van het formulier is te lang.")
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
