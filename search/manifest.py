"""What a generation directory holds and the record that vouches for it: the file names, the
manifest (embedder, chunker, documents, each file's size and checksum), and the checks made
before a generation is opened, with the errors for one that cannot be.

Separate from the writer (generation_writer.py), which produces these files, and from the
read side (store.py), which opens them after these checks; generations.py only switches
whole directories in and never looks inside one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

FORMAT_VERSION = 1
DB = "kb.sqlite"
CHUNK_VECTORS = "chunks.faiss"
SENTENCE_VECTORS = "sentences.npy"
THEME_VECTORS = "themes.npy"
MANIFEST = "manifest.json"


class IndexError_(RuntimeError):
    """Base for errors opening an index; the message says what to do."""


class IndexMismatchError(IndexError_):
    pass


class IndexCorruptError(IndexError_):
    pass


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


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
