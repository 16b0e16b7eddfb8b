"""File names and catalogue entries for uploaded documents, and the catalogue's atomic writes.

An upload's file name comes from the browser and its metadata from a form, while a command-line
ingest or another server may read corpus/ and the catalogue at the same moment, and a failed
upload must take its entry out again: so names are made safe before anything is stored, entries
are written as valid TOML, and the catalogue is only ever replaced whole, under a lock, with
text that the next ingest can read.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import secrets
import tomllib
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ingest.catalog import slugify

_RESERVED_STEMS = {"catalog", "themes", "glossary", "thesaurus", "readme", "license"}


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
