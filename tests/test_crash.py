"""Issue 5.2: atomic and crash-safe. A real `python -m kennisbank ingest` subprocess is stopped
at a known point by the test hook in search/ingest_hooks.py (KENNISBANK_TEST_PAUSE_AT) and killed
with SIGKILL there; the last good generation must still be served, and the next ingest must
finish the job. A damaged index is refused on open with a message that says how to rebuild."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT

from ingest.embed import create_embedder
from kennisbank import cli
from search import generations as gens
from search.handle import IndexHandle
from search.indexer import ingest
from search.ingest_hooks import no_progress
from search.manifest import CHUNK_VECTORS, DB, MANIFEST, SENTENCE_VECTORS, IndexCorruptError
from search.store import IndexStore

SMALL = ("factsheet-sterke-gezinnen-scholen-wijken.txt", "haarlemmermeer-verkenning-wijkgericht-werken-2025.txt")
NEW_DOC = """Notitie over de schoolmaatschappelijk werker

De schoolmaatschappelijk werker in Heemstede is het eerste aanspreekpunt voor ouders. Zij kent
de wijkteams en de huisartsen en brengt hen samen aan tafel wanneer een leerling vastloopt.
Dankzij het vaste spreekuur op school worden zorgen over thuiszitters sneller besproken.
"""
UNIQUE = "heemstede"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, object]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in (*SMALL, "catalog.toml"):
        shutil.copyfile(CORPUS / name, corpus / name)
    index = tmp_path / "index"
    ingest([corpus], index, create_embedder("fake"), catalog_path=corpus / "catalog.toml", progress=no_progress)
    return {"corpus": corpus, "index": index, "tmp": tmp_path}


def _environ(corpus: Path, index: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KENNISBANK_")}
    env.update(KENNISBANK_EMBEDDER="fake", KENNISBANK_INDEX_DIR=str(index), KENNISBANK_CORPUS_DIR=str(corpus), **extra)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def ingest_killed_at(point: str, corpus: Path, index: Path, marker: Path) -> None:
    """Start an ingest, wait until it reaches `point`, and kill -9 it there."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "kennisbank", "ingest"],
        env=_environ(corpus, index, KENNISBANK_TEST_PAUSE_AT=point, KENNISBANK_TEST_PAUSE_FILE=str(marker)),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            if proc.poll() is not None:
                out, err = proc.communicate()
                pytest.fail(f"ingest ended (rc {proc.returncode}) before reaching {point}: {err.decode()}")
            if time.monotonic() > deadline:
                pytest.fail(f"ingest did not reach {point} within 60 s")
            time.sleep(0.02)
        assert marker.read_text() == point
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()  # type: ignore[union-attr]
        proc.stderr.close()  # type: ignore[union-attr]


def found(handle: IndexHandle, word: str) -> bool:
    result = handle.searcher().search(word)
    return any(word in h.chunk.text.lower() for h in result.hits)


@pytest.mark.parametrize("point", ["embedding", "writing", "swap"])
def test_kill_during_ingest_leaves_last_good_index(env: dict[str, Path], point: str) -> None:
    corpus, index = env["corpus"], env["index"]
    handle = IndexHandle(index, create_embedder("fake"))
    before = gens.current_name(index)
    assert found(handle, "wijkteam") and not found(handle, UNIQUE)
    (corpus / "schoolmaatschappelijk-werk.txt").write_text(NEW_DOC, encoding="utf-8")

    ingest_killed_at(point, corpus, index, env["tmp"] / f"paused-{point}")

    # what the kill left behind
    if point == "writing":
        assert list(index.glob("build-*")), "a complete but unpublished build directory"
    if point == "swap":
        orphans = [p.name for p in gens.generation_dirs(index) if p.name != before]
        assert len(orphans) == 1, "renamed to a generation that CURRENT never named"
    assert gens.current_name(index) == before
    # a server that was running goes on answering from the last good generation ...
    assert found(handle, "wijkteam") and not found(handle, UNIQUE) and handle.generation == before
    # ... and so does one started now
    fresh = IndexHandle(index, create_embedder("fake"))
    assert found(fresh, "wijkteam") and fresh.generation == before
    cli_env = _environ(corpus, index)
    proc = subprocess.run(
        [sys.executable, "-m", "kennisbank", "search", "wijkteam", "--json"],
        env=cli_env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr

    # the writer lock died with the process: a later ingest finishes the job
    proc = subprocess.run(
        [sys.executable, "-m", "kennisbank", "ingest"],
        env=cli_env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "1 toegevoegd" in proc.stdout
    after = gens.current_name(index)
    assert after != before
    assert found(handle, UNIQUE) and handle.generation == after
    assert not list(index.glob("build-*")) and not list(index.glob("CURRENT.*.tmp"))
    assert all(gens.generation_order(p.name) <= gens.generation_order(after) for p in gens.generation_dirs(index)), (
        "orphans removed"
    )


def test_kill_during_first_ingest_leaves_no_half_index(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copyfile(CORPUS / SMALL[0], corpus / SMALL[0])
    index = tmp_path / "index"
    ingest_killed_at("swap", corpus, index, tmp_path / "paused")
    assert gens.current_name(index) is None
    with pytest.raises(gens.IndexMissingError, match="kennisbank ingest"):
        IndexHandle(index, create_embedder("fake")).searcher()
    report = ingest([corpus], index, create_embedder("fake"), progress=no_progress)
    assert report.added == ["factsheet-sterke-gezinnen-scholen-wijken"]
    assert found(IndexHandle(index, create_embedder("fake")), "wijk")


# -- damaged index files ------------------------------------------------------------------------------
def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _scribble(path: Path) -> None:
    data = bytearray(path.read_bytes())
    mid = len(data) // 2
    data[mid : mid + 64] = b"\x00" * 64 if any(data[mid : mid + 64]) else b"\xff" * 64
    path.write_bytes(bytes(data))


DAMAGE = {
    "truncated faiss": (CHUNK_VECTORS, _truncate),
    "scribbled faiss": (CHUNK_VECTORS, _scribble),
    "truncated database": (DB, _truncate),
    "scribbled database": (DB, _scribble),
    "missing database": (DB, lambda p: p.unlink()),
    "truncated sentence vectors": (SENTENCE_VECTORS, _truncate),
    "garbage manifest": (MANIFEST, lambda p: p.write_text("{not json")),
    "missing manifest": (MANIFEST, lambda p: p.unlink()),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_damaged_index_is_refused_on_open_with_rebuild_hint(
    env: dict[str, Path], damage: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, index = env["corpus"], env["index"]
    name, spoil = DAMAGE[damage]
    gen = gens.current_generation(index)
    spoil(gen / name)

    with pytest.raises(IndexCorruptError, match="kennisbank ingest --rebuild"):
        IndexStore.open(gen)
    with pytest.raises(IndexCorruptError, match="kennisbank ingest --rebuild"):
        IndexHandle(index, create_embedder("fake")).searcher()

    monkeypatch.setenv("KENNISBANK_EMBEDDER", "fake")
    monkeypatch.setenv("KENNISBANK_INDEX_DIR", str(index))
    monkeypatch.setenv("KENNISBANK_CORPUS_DIR", str(corpus))
    assert cli.main(["search", "wijkteam"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "kennisbank ingest --rebuild" in err and "Traceback" not in err
    assert cli.main(["ingest"]) == 1, "an ingest does not build on a damaged generation"
    assert "--rebuild" in capsys.readouterr().err
    assert cli.main(["ingest", "--rebuild"]) == 0
    capsys.readouterr()
    assert found(IndexHandle(index, create_embedder("fake")), "wijkteam")


def test_damage_found_even_without_checksums(env: dict[str, Path]) -> None:
    """Without the manifest's checksums the readers themselves refuse the files cleanly."""
    gen = gens.current_generation(env["index"])
    saved = (gen / CHUNK_VECTORS).read_bytes()
    _truncate(gen / CHUNK_VECTORS)
    with pytest.raises(IndexCorruptError, match="--rebuild"):
        IndexStore.open(gen, verify=False)
    (gen / CHUNK_VECTORS).write_bytes(saved)
    (gen / DB).write_bytes(b"this is not a database" * 100)
    store = IndexStore.open(gen, verify=False)
    with pytest.raises(IndexCorruptError, match="--rebuild"):
        store.document_metas()


def test_pointer_to_missing_generation(env: dict[str, Path]) -> None:
    index = env["index"]
    (index / gens.POINTER).write_text("gen-00000099-gone\n")
    with pytest.raises(gens.IndexMissingError, match="--rebuild"):
        IndexHandle(index, create_embedder("fake")).searcher()
    with pytest.raises(gens.IndexMissingError, match="--rebuild"):
        ingest([env["corpus"]], index, create_embedder("fake"), progress=no_progress)
    report = ingest([env["corpus"]], index, create_embedder("fake"), progress=no_progress, rebuild=True)
    assert report.changed and len(report.added) == 2
