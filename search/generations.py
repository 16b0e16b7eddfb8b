"""Index generations: immutable directories switched in by an atomic pointer file.

index/
  CURRENT                  name of the live generation (replaced with os.replace, never edited)
  gen-<seq>-<time>-<rand>/ one complete index: kb.sqlite, chunks.faiss, sentences.npy, manifest.json
  build-<rand>/            a generation being written; never read
  writer.lock              held (flock) by the one process that may write

Readers only ever open what CURRENT names, so a crash at any point leaves the last good
generation readable; several server processes can share the directory.

A switch is two steps: the finished build directory is renamed to its generation name,
then CURRENT is replaced. A writer killed between the two leaves a generation that
CURRENT never named (an orphan, newer than the live one); the next writer removes it,
like any leftover build directory, and does the work again.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import secrets
import shutil
import time
from collections.abc import Callable, Iterator
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


_SEQ = re.compile(r"^gen-(\d{8})-")


def generation_order(name: str) -> tuple[int, str]:
    """Sort key of a generation name: its sequence number (older unnumbered names first)."""
    m = _SEQ.match(name)
    return (int(m.group(1)) if m else -1, name)


def generation_dirs(index_dir: Path) -> list[Path]:
    """All generation directories, oldest first."""
    return sorted((p for p in index_dir.glob("gen-*") if p.is_dir()), key=lambda p: generation_order(p.name))


def _next_name(index_dir: Path) -> str:
    existing = generation_dirs(index_dir)
    seq = max((generation_order(p.name)[0] for p in existing), default=0) + 1
    return f"gen-{seq:08d}-{time.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(3)}"


def publish(index_dir: Path, build_dir: Path, before_switch: Callable[[Path], None] | None = None) -> Path:
    """Make a finished build the current generation, atomically.

    `before_switch` is called with the renamed generation before CURRENT names it (the
    test suite kills the process there to check that the old generation survives).
    """
    fsync_tree(build_dir)
    gen = index_dir / _next_name(index_dir)
    name = gen.name
    os.rename(build_dir, gen)
    _fsync_dir(index_dir)
    if before_switch is not None:
        before_switch(gen)
    tmp = index_dir / f"{POINTER}.{secrets.token_hex(4)}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(name + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, index_dir / POINTER)
    _fsync_dir(index_dir)
    return gen


def collect_garbage(index_dir: Path, keep: int = KEEP_GENERATIONS) -> list[str]:
    """Remove leftover builds, orphaned generations and all but the newest `keep` generations
    up to the current one (never the current one itself).

    Call only while holding the writer lock: a build directory, or a generation newer than
    the one CURRENT names, is then certainly abandoned by a writer that died. Older
    generations are kept a while because a server may still be answering from one.
    """
    removed = []
    live = current_name(index_dir)
    for path in index_dir.glob("build-*"):
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path.name)
    for path in index_dir.glob(f"{POINTER}.*.tmp"):
        path.unlink(missing_ok=True)
    gens = generation_dirs(index_dir)
    if live is not None and (index_dir / live).is_dir():
        live_key = generation_order(live)
        orphans = [p for p in gens if generation_order(p.name) > live_key]
        for path in orphans:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path.name)
        gens = [p for p in gens if p not in orphans]
    for path in list(reversed(gens))[keep:]:
        if path.name != live:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path.name)
    return removed
