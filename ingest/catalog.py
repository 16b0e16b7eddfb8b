"""The corpus catalogue (corpus/catalog.toml): metadata per document file."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from .models import DocumentMeta

DOC_TYPES = ("notitie", "publicatie", "factsheet", "presentatie", "evaluatie")


class CatalogError(ValueError):
    pass


def slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug or "document"


def title_from_filename(path: Path) -> str:
    words = re.sub(r"[_\-]+", " ", path.stem).strip()
    return words[:1].upper() + words[1:] if words else path.name


def load_catalog(path: Path) -> dict[str, DocumentMeta]:
    """Catalogue entries keyed by file name. A missing catalogue is an empty one."""
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"{path}: {exc}") from exc
    out: dict[str, DocumentMeta] = {}
    for entry in data.get("document", []):
        file = entry.get("file")
        if not file:
            raise CatalogError(f"{path}: an entry has no 'file'")
        year = entry.get("year")
        out[file] = DocumentMeta(
            id=entry.get("id") or slugify(Path(file).stem),
            title=entry.get("title") or title_from_filename(Path(file)),
            type=entry.get("type", ""),
            organisation=entry.get("organisation", ""),
            year=int(year) if year not in (None, "") else None,
            source=entry.get("source", ""),
            seed_file=entry.get("seed_file", ""),
        )
    return out


def meta_for(path: Path, catalog: dict[str, DocumentMeta]) -> DocumentMeta:
    """The catalogue's metadata for a file, or a title made from its name."""
    if path.name in catalog:
        return catalog[path.name]
    return DocumentMeta(id=slugify(path.stem), title=title_from_filename(path))
