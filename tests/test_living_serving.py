"""Issue 5.3: serving while indexing. Several threads search in a loop through one IndexHandle
(as the web server does) while an ingest in another process adds a document; no search may
fail, and once the new generation is switched in the handle serves it without a restart."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT

from ingest.embed import create_embedder
from search import generations as gens
from search.handle import IndexHandle
from search.indexer import ingest
from search.ingest_hooks import no_progress

SMALL = (
    "factsheet-sterke-gezinnen-scholen-wijken.txt",
    "haarlemmermeer-verkenning-wijkgericht-werken-2025.txt",
    "sppoh-eindevaluatie-pilot-wijkgericht-werken-2025.txt",
)
QUERIES = [
    "wijkteam op school",
    "samenwerking jeugdhulp en onderwijs",
    "wat werkt bij thuiszitters",
    "ouders betrekken",
    "Heemstede",
]
NEW_DOC = """Werkwijze in Heemstede

In Heemstede schuift de jeugdverpleegkundige elke maand aan bij het zorgoverleg van de school.
Ouders worden vooraf gevraagd wat zij nodig hebben, zodat het overleg over hun kind niet over
hun hoofd heen gaat. De school en het wijkteam spreken af wie de ouders terugbelt.
"""


def _environ(corpus: Path, index: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KENNISBANK_")}
    env.update(KENNISBANK_EMBEDDER="fake", KENNISBANK_INDEX_DIR=str(index), KENNISBANK_CORPUS_DIR=str(corpus), **extra)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in (*SMALL, "catalog.toml"):
        shutil.copyfile(CORPUS / name, corpus / name)
    index = tmp_path / "index"
    ingest([corpus], index, create_embedder("fake"), catalog_path=corpus / "catalog.toml", progress=no_progress)
    return corpus, index


def test_searches_from_several_threads_during_an_ingest_never_fail(built: tuple[Path, Path]) -> None:
    corpus, index = built
    handle = IndexHandle(index, create_embedder("fake"))
    before = gens.current_name(index)
    assert not any("heemstede" in h.chunk.text.lower() for h in handle.searcher().search("Heemstede").hits)
    (corpus / "werkwijze-heemstede.txt").write_text(NEW_DOC, encoding="utf-8")

    stop = threading.Event()
    errors: list[BaseException] = []
    seen: list[str | None] = []
    counts = [0] * 4

    def searching(worker: int) -> None:
        rnd = random.Random(worker)
        while not stop.is_set():
            try:
                result = handle.searcher().search(rnd.choice(QUERIES))
                assert result.hits
                seen.append(handle.generation)
                counts[worker] += 1
            except BaseException as exc:  # noqa: BLE001 - every failure counts
                errors.append(exc)
                return

    threads = [threading.Thread(target=searching, args=(i,), daemon=True) for i in range(len(counts))]
    for t in threads:
        t.start()
    # pause briefly while embedding and between renaming the generation and switching CURRENT,
    # so that the searches certainly run through those moments
    proc = subprocess.Popen(
        [sys.executable, "-m", "kennisbank", "ingest"],
        env=_environ(corpus, index, KENNISBANK_TEST_PAUSE_AT="embedding,swap", KENNISBANK_TEST_PAUSE_SECONDS="0.5"),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        out, err = proc.communicate(timeout=120)
        time.sleep(0.5)  # searches go on after the switch
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=30)
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "1 toegevoegd" in out
    assert not errors, f"{len(errors)} searches failed, first: {errors[0]!r}"
    assert all(n > 0 for n in counts), counts
    after = gens.current_name(index)
    assert after != before
    assert before in seen and after in seen, "served the old generation during the ingest and the new one after it"
    assert handle.generation == after
    hits = handle.searcher().search("Heemstede jeugdverpleegkundige").hits
    assert any("Heemstede" in h.chunk.text for h in hits)
