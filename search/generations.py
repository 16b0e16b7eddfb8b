"""Index generations: immutable directories switched in by an atomic pointer file.

index/
  CURRENT            name of the live generation (replaced with os.replace, never edited)
  gen-<time>-<rand>/ one complete index: kb.sqlite, chunks.faiss, sentences.npy, manifest.json
  build-<rand>/      a generation being written; never read
  writer.lock        held (flock) by the one process that may write

Readers only ever open what CURRENT names, so a crash at any point leaves the last good
generation readable; several server processes can share the directory.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

POINTER = "CURRENT"
LOCK = "writer.lock"
KEEP_GENERATIONS = 3


class IndexMissingError(FileNotFoundError):
    pass


class IndexBusyError(RuntimeError):
    pass


def current_generation(index_dir: Path) -> Path:
    pointer = index_dir / POINTER
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError as exc:
        raise IndexMissingError(f"no index in {index_dir}: build one with 'kennisbank ingest'") from exc
    gen = index_dir / name
    if not name or "/" in name or not gen.is_dir():
        raise IndexMissingError(
            f"index pointer {pointer} names {name!r}, which is missing: rebuild with 'kennisbank ingest --rebuild'"
        )
    return gen


def current_name(index_dir: Path) -> str | None:
    try:
        return (index_dir / POINTER).read_text(encoding="utf-8").strip() or None
    except FileNotFoundError:
        return None


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_tree(path: Path) -> None:
    for child in path.iterdir():
        if child.is_file():
            with open(child, "rb") as fh:
                os.fsync(fh.fileno())
    _fsync_dir(path)


@contextlib.contextmanager
def writer_lock(index_dir: Path, wait: bool = False) -> Iterator[None]:
    """One writer at a time per index directory."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / LOCK, "a+") as fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError as exc:
            raise IndexBusyError(f"another ingest is writing to {index_dir}; try again when it is done") from exc
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def new_build_dir(index_dir: Path) -> Path:
    path = index_dir / f"build-{secrets.token_hex(6)}"
    path.mkdir(parents=True)
    return path


def publish(index_dir: Path, build_dir: Path) -> Path:
    """Make a finished build the current generation, atomically."""
    fsync_tree(build_dir)
    name = f"gen-{time.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(3)}"
    gen = index_dir / name
    os.rename(build_dir, gen)
    tmp = index_dir / f"{POINTER}.{secrets.token_hex(4)}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(name + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, index_dir / POINTER)
    _fsync_dir(index_dir)
    return gen


def collect_garbage(index_dir: Path, keep: int = KEEP_GENERATIONS) -> list[str]:
    """Remove leftover builds and all but the newest `keep` generations (never the current one).

    Call only while holding the writer lock: a build directory is then certainly abandoned.
    Older generations are kept a while because a server may still be answering from one.
    """
    removed = []
    live = current_name(index_dir)
    for path in index_dir.glob("build-*"):
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path.name)
    for path in index_dir.glob(f"{POINTER}.*.tmp"):
        path.unlink(missing_ok=True)
    gens = sorted((p for p in index_dir.glob("gen-*") if p.is_dir()), key=lambda p: p.name, reverse=True)
    for path in gens[keep:]:
        if path.name != live:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path.name)
    return removed
