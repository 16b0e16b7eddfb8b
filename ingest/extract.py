"""Read a source file into page texts: .txt, .md and .pdf (pypdf, page by page).

Everything that can go wrong with a user's file ends in an ExtractError whose
message says, in one line, why the file was refused.

The limits below bound the time and memory one file can take. They are module
attributes, read at call time, so that tests (and a deployment that must accept larger
files) can change them.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable
from pathlib import Path

from .models import PageText
from .pages import split_text_pages
from .pdf_notes import Fragment, body_size, page_note_numbers, separate_notes

SUPPORTED_SUFFIXES = (".txt", ".md", ".pdf")
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_PDF_PAGES = 2000
MAX_PAGE_STREAM_BYTES = 20 * 1024 * 1024
# Reading a PDF's text layer stops (and the file is refused) after this many seconds.
MAX_EXTRACT_SECONDS = 120.0
# A text layer with fewer characters than this per page on average is a scan.
MIN_CHARS_PER_PAGE = 25


class ExtractError(ValueError):
    """A file that cannot be ingested; the message is the reason, for the user."""


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def human_size(n: int) -> str:
    if n >= 1_048_576:
        return f"{n / 1_048_576:.0f} MB"
    return f"{n / 1024:.0f} kB" if n >= 1024 else f"{n} bytes"


def too_large_message(size: int) -> str:
    return f"file too large ({human_size(size)}; at most {human_size(MAX_FILE_BYTES)} are accepted)"


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252, which older Dutch documents often use."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def markdown_to_text(text: str) -> str:
    """Markdown headings and emphasis become plain lines the cleaner understands."""
    lines = []
    for line in text.split("\n"):
        line = re.sub(r"^\s{0,3}#{1,6}\s+", "", line)
        line = re.sub(r"(\*\*|__)(.+?)\1", r"\2", line)
        line = re.sub(r"^\s*[-*+]\s+", "• ", line)
        line = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", line)
        lines.append(line)
    # a heading line gets a blank line after it so it stands alone
    return "\n".join(lines)


def extract_pages(path: Path, data: bytes | None = None) -> list[PageText]:
    """Pages of a file; raises ExtractError with a user-facing reason."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ExtractError(f"unsupported file type {suffix or '(none)'}: use .txt, .md or .pdf")
    if data is None:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ExtractError(too_large_message(size))
        data = path.read_bytes()
    if len(data) > MAX_FILE_BYTES:
        raise ExtractError(too_large_message(len(data)))
    if not data.strip():
        raise ExtractError("empty file")
    if suffix == ".pdf":
        pages = extract_pdf_pages(data)
    else:
        text = decode_text(data)
        if suffix == ".md":
            text = markdown_to_text(text)
        if "\x00" in text:
            raise ExtractError("binary content in a text file")
        pages = split_text_pages(text)
    if not any(p.text.strip() for p in pages):
        raise ExtractError("no text in the document")
    return pages


def extract_pdf_pages(data: bytes) -> list[PageText]:
    if not data.lstrip()[:1024].startswith(b"%PDF-") and b"%PDF-" not in data[:1024]:
        raise ExtractError("not a PDF (no %PDF header)")
    from io import BytesIO

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError, PyPdfError

    # pypdf logs every repair it makes in a damaged file; the user gets one line from us instead
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    deadline = time.monotonic() + MAX_EXTRACT_SECONDS
    try:
        reader = PdfReader(BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception as exc:  # pypdf raises several types for unsupported crypto
                raise ExtractError("encrypted PDF: remove the password first") from exc
            if not ok:
                raise ExtractError("encrypted PDF: remove the password first")
        n_pages = len(reader.pages)
    except ExtractError:
        raise
    except _limit_errors() as exc:
        raise ExtractError(f"PDF too large or too complex to read ({exc}); refused") from exc
    except (
        PdfReadError,
        PyPdfError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        OSError,
        RecursionError,
    ) as exc:
        raise ExtractError(f"corrupt or truncated PDF ({type(exc).__name__})") from exc
    if n_pages == 0:
        raise ExtractError("PDF has no pages")
    if n_pages > MAX_PDF_PAGES:
        raise ExtractError(f"PDF has {n_pages} pages; at most {MAX_PDF_PAGES} are accepted")
    texts: list[str] = []
    fragments: list[list[Fragment]] = []
    for index in range(n_pages):
        if time.monotonic() > deadline:
            raise ExtractError(
                f"PDF takes too long to read (over {MAX_EXTRACT_SECONDS:.0f} s at page {index + 1}); refused"
            )
        try:
            page = reader.pages[index]
            declared = _declared_stream_bytes(page)
            if declared > MAX_PAGE_STREAM_BYTES:
                raise ExtractError(f"page {index + 1} has a content stream of {declared / 1_000_000:.0f} MB; refused")
            contents = page.get_contents()
            size = len(contents.get_data()) if contents is not None else 0
            if size > MAX_PAGE_STREAM_BYTES:
                raise ExtractError(f"page {index + 1} has a content stream of {size / 1_000_000:.0f} MB; refused")
            drawn: list[Fragment] = []
            text = page.extract_text(visitor_text=_collect_fragments(drawn)) or ""
        except ExtractError:
            raise
        except _limit_errors() as exc:
            raise ExtractError(f"page {index + 1} is too large or too complex to read; refused") from exc
        except Exception as exc:  # one broken page object must not kill the whole file
            raise ExtractError(f"corrupt PDF: page {index + 1} cannot be read ({type(exc).__name__})") from exc
        texts.append(text)
        fragments.append(drawn)
    chars = sum(len(t.strip()) for t in texts)
    if chars < MIN_CHARS_PER_PAGE * n_pages:
        raise ExtractError("no text layer, OCR it first")
    body = body_size([f for page_fragments in fragments for f in page_fragments])
    texts = separate_notes(texts, [page_note_numbers(f, body) for f in fragments])
    return [PageText(text=t, page_lo=i, page_hi=i) for i, t in enumerate(texts, start=1)]


def _collect_fragments(into: list[Fragment]) -> Callable[[str, list[float], list[float], object, float], None]:
    """A pypdf text visitor that keeps each drawn piece of text with its size in points and its
    height on the page: the text matrix times the current transformation matrix gives both."""

    def visit(text: str, cm: list[float], tm: list[float], _font: object, font_size: float) -> None:
        if not text.strip() or not cm or not tm:
            return
        c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        into.append(Fragment(text, round(float(font_size) * (c * c + d * d) ** 0.5, 1), float(y)))

    return visit


def _limit_errors() -> tuple[type[BaseException], ...]:
    """pypdf's own resource limits (newer versions) and Python's memory error."""
    try:
        from pypdf.errors import LimitReachedError
    except ImportError:  # pypdf < 5
        return (MemoryError,)
    return (LimitReachedError, MemoryError)


def _declared_stream_bytes(page: object) -> int:
    """The /Length the page's content streams declare, before anything is decompressed."""
    try:
        contents = page["/Contents"].get_object()  # type: ignore[index]
    except (KeyError, AttributeError):
        return 0
    streams = contents if isinstance(contents, list) else [contents]
    total = 0
    for stream in streams:
        obj = stream.get_object() if hasattr(stream, "get_object") else stream
        raw = getattr(obj, "_data", b"") or b""
        total += len(raw)
    return total
