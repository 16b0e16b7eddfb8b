"""Issue 5.1: incremental ingest. Unchanged documents are neither re-read nor re-embedded, a
changed one is replaced, --prune and `kennisbank remove` take documents out, the same bytes
under two names are one document. Everything here runs on the fake embedder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT, copy_corpus

from ingest.embed import create_embedder
from kennisbank import cli
from search import generations as gens
from search.indexer import IngestReport, ingest
from search.ingest_hooks import no_progress
from search.store import IndexStore

SMALL = (
    "factsheet-sterke-gezinnen-scholen-wijken.txt",
    "haarlemmermeer-verkenning-wijkgericht-werken-2025.txt",
    "sppoh-eindevaluatie-pilot-wijkgericht-werken-2025.txt",
)
NEW_TEXT = """Nieuwe notitie over de brugfunctionaris

De brugfunctionaris verbindt school, gezin en wijkteam. In de gemeente Zandvoort werkt
de brugfunctionaris sinds 2024 op alle basisscholen. Ouders weten de brugfunctionaris snel te
vinden en leerkrachten krijgen eerder hulp bij zorgen over een kind.

Wat werkt volgens de scholen: een vast gezicht, korte lijnen en een wekelijks spreekuur op school.
"""


def small_corpus(dest: Path, names: tuple[str, ...] = SMALL) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for name in (*names, "catalog.toml"):
        shutil.copyfile(CORPUS / name, dest / name)
    return dest


def age(paths: list[Path], seconds: float = 60) -> None:
    """Set file times back, as for files that have been lying in corpus/ a while."""
    past = time.time() - seconds
    for p in paths:
        os.utime(p, (past, past))


def run_ingest(corpus: Path, index: Path, paths: list[Path] | None = None, **kw: object) -> IngestReport:
    return ingest(
        paths if paths is not None else [corpus],
        index,
        create_embedder("fake"),
        catalog_path=corpus / "catalog.toml",
        themes_path=corpus / "themes.toml",
        progress=no_progress,
        **kw,  # type: ignore[arg-type]
    )


def open_current(index: Path) -> IndexStore:
    return IndexStore.open(gens.current_generation(index), expected_embedder="fake:64")


def doc_ids(index: Path) -> set[str]:
    store = open_current(index)
    try:
        return {m.id for m in store.document_metas()}
    finally:
        store.close()


@pytest.fixture
def small(tmp_path: Path) -> tuple[Path, Path]:
    corpus = small_corpus(tmp_path / "corpus")
    age(list(corpus.iterdir()))
    index = tmp_path / "index"
    report = run_ingest(corpus, index)
    assert len(report.added) == 3 and report.changed
    return corpus, index


def test_unchanged_reingest_reads_and_embeds_nothing(small: tuple[Path, Path]) -> None:
    corpus, index = small
    before = gens.current_name(index)
    report = run_ingest(corpus, index)
    assert report.generation is None and gens.current_name(index) == before
    assert sorted(report.unchanged) == sorted(p.removesuffix(".txt") for p in SMALL)
    assert report.files_read == 0, "unchanged files are recognised by size, times and inode without reading them"
    assert report.chunks_embedded == 0 and report.sentences_embedded == 0
    assert report.seconds < 1.0


def test_unchanged_full_corpus_reingest_timing(tmp_path: Path) -> None:
    """The figure for the note: an unchanged re-ingest of the whole corpus, in process and as a command."""
    corpus = copy_corpus(tmp_path / "corpus")
    for p in corpus.iterdir():
        p.chmod(0o644)
    age(list(corpus.iterdir()))
    index = tmp_path / "index"
    run_ingest(corpus, index)
    report = run_ingest(corpus, index)
    assert not report.changed and report.files_read == 0 and report.seconds < 1.0
    env = {
        **os.environ,
        "KENNISBANK_EMBEDDER": "fake",
        "KENNISBANK_INDEX_DIR": str(index),
        "KENNISBANK_CORPUS_DIR": str(corpus),
    }
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "kennisbank", "ingest"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    wall = time.perf_counter() - started
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import kennisbank.cli, search.indexer"], cwd=ROOT, check=True, timeout=60)
    startup = time.perf_counter() - started
    assert proc.returncode == 0, proc.stderr
    assert "index ongewijzigd" in proc.stdout and "5 ongewijzigd" in proc.stdout
    print(
        f"\nunchanged re-ingest: {report.seconds * 1000:.0f} ms in process; command {wall:.2f} s of which start-up {startup:.2f} s"
    )
    assert wall - startup < 1.0


def test_changed_document_is_replaced(small: tuple[Path, Path]) -> None:
    corpus, index = small
    target = corpus / SMALL[1]
    old = open_current(index)
    old_texts = {r.chunk.text for r in old.document_chunks("haarlemmermeer-verkenning-wijkgericht-werken-2025")}
    old_other = {r.chunk.text for r in old.document_chunks("factsheet-sterke-gezinnen-scholen-wijken")}
    old.close()
    target.write_text(NEW_TEXT, encoding="utf-8")
    report = run_ingest(corpus, index)
    assert report.updated == ["haarlemmermeer-verkenning-wijkgericht-werken-2025"]
    assert len(report.unchanged) == 2 and report.files_read == 2  # hashed, then extracted
    store = open_current(index)
    try:
        chunks = store.document_chunks("haarlemmermeer-verkenning-wijkgericht-werken-2025")
        texts = {r.chunk.text for r in chunks}
        assert texts and not (texts & old_texts), "the old passages are gone"
        assert any("brugfunctionaris" in t for t in texts)
        assert {r.chunk.text for r in store.document_chunks("factsheet-sterke-gezinnen-scholen-wijken")} == old_other
        total = store.chunk_count()
        assert store._index.ntotal == total, "one vector per passage: the old vectors went with their passages"
        assert store.chunk_vectors()[0].shape[0] == total
        assert report.chunks_total == total
        assert report.chunks_embedded == len(chunks), "only the changed document was embedded"
    finally:
        store.close()


def test_appending_reuses_vectors_of_unchanged_passages(small: tuple[Path, Path]) -> None:
    corpus, index = small
    target = corpus / SMALL[2]
    target.write_text(
        target.read_text(encoding="utf-8") + "\n\nEen extra slotalinea over de evaluatie van de pilot.\n",
        encoding="utf-8",
    )
    report = run_ingest(corpus, index)
    assert report.updated == ["sppoh-eindevaluatie-pilot-wijkgericht-werken-2025"]
    assert report.chunks_reused > report.chunks_embedded >= 1


def test_prune_removes_only_documents_whose_file_is_gone(small: tuple[Path, Path]) -> None:
    corpus, index = small
    (corpus / SMALL[0]).unlink()
    report = run_ingest(corpus, index)
    assert report.missing == ["factsheet-sterke-gezinnen-scholen-wijken"] and not report.removed
    assert "factsheet-sterke-gezinnen-scholen-wijken" in doc_ids(index)
    # naming a single file with --prune does not take the other documents out
    report = run_ingest(corpus, index, paths=[corpus / SMALL[1]], prune=True)
    assert report.removed == ["factsheet-sterke-gezinnen-scholen-wijken"]
    assert doc_ids(index) == {
        "haarlemmermeer-verkenning-wijkgericht-werken-2025",
        "sppoh-eindevaluatie-pilot-wijkgericht-werken-2025",
    }


def test_remove_keeps_the_document_out_until_its_file_is_named(small: tuple[Path, Path]) -> None:
    corpus, index = small
    report = run_ingest(corpus, index, paths=[], remove_ids=["factsheet-sterke-gezinnen-scholen-wijken"])
    assert report.removed == ["factsheet-sterke-gezinnen-scholen-wijken"] and report.changed
    assert "factsheet-sterke-gezinnen-scholen-wijken" not in doc_ids(index)
    report = run_ingest(corpus, index)  # the file is still in corpus/
    assert report.excluded == ["factsheet-sterke-gezinnen-scholen-wijken"] and not report.changed
    assert "factsheet-sterke-gezinnen-scholen-wijken" not in doc_ids(index)
    report = run_ingest(corpus, index, paths=[corpus / SMALL[0]])
    assert report.added == ["factsheet-sterke-gezinnen-scholen-wijken"]
    assert "factsheet-sterke-gezinnen-scholen-wijken" in doc_ids(index)
    assert not run_ingest(corpus, index).excluded


def test_cli_remove_and_ingest(
    small: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, index = small
    monkeypatch.setenv("KENNISBANK_EMBEDDER", "fake")
    monkeypatch.setenv("KENNISBANK_INDEX_DIR", str(index))
    monkeypatch.setenv("KENNISBANK_CORPUS_DIR", str(corpus))
    assert cli.main(["remove", "sppoh-eindevaluatie-pilot-wijkgericht-werken-2025"]) == 0
    assert "verwijderd: sppoh-eindevaluatie-pilot-wijkgericht-werken-2025" in capsys.readouterr().out
    assert cli.main(["remove", "no-such-document"]) == 1
    assert "onbekend document" in capsys.readouterr().err
    assert cli.main(["ingest"]) == 0
    assert "index ongewijzigd" in capsys.readouterr().out
    (corpus / "nieuw.md").write_text("# Brugfunctionaris\n\n" + NEW_TEXT, encoding="utf-8")
    assert cli.main(["ingest"]) == 0
    assert "1 toegevoegd" in capsys.readouterr().out
    (corpus / SMALL[0]).unlink()
    assert cli.main(["ingest", "--prune"]) == 0
    assert "1 verwijderd" in capsys.readouterr().out
    assert doc_ids(index) == {"haarlemmermeer-verkenning-wijkgericht-werken-2025", "nieuw"}


def test_same_bytes_under_two_names_is_one_document(small: tuple[Path, Path]) -> None:
    corpus, index = small
    shutil.copyfile(corpus / SMALL[1], corpus / "kopie-van-de-verkenning.txt")
    report = run_ingest(corpus, index)
    assert report.duplicates == [
        (str(corpus / "kopie-van-de-verkenning.txt"), "haarlemmermeer-verkenning-wijkgericht-werken-2025")
    ]
    assert not report.changed and "kopie-van-de-verkenning" not in doc_ids(index)
    # also within one run, and when the copy is named on its own
    (corpus / "nog-een.txt").write_text(NEW_TEXT, encoding="utf-8")
    (corpus / "zelfde.txt").write_text(NEW_TEXT, encoding="utf-8")
    report = run_ingest(corpus, index)
    assert report.added == ["nog-een"] and (str(corpus / "zelfde.txt"), "nog-een") in report.duplicates
    report = run_ingest(corpus, index, paths=[corpus / "zelfde.txt"])
    assert report.duplicates == [(str(corpus / "zelfde.txt"), "nog-een")] and not report.changed


def test_a_file_named_twice_is_read_once(small: tuple[Path, Path]) -> None:
    corpus, index = small
    (corpus / "nieuw.txt").write_text(NEW_TEXT, encoding="utf-8")
    report = run_ingest(corpus, index, paths=[corpus, corpus / "nieuw.txt"])
    assert report.added == ["nieuw"] and not report.duplicates


def test_renamed_file_replaces_its_old_entry(small: tuple[Path, Path]) -> None:
    corpus, index = small
    (corpus / SMALL[0]).rename(corpus / "factsheet.txt")
    report = run_ingest(corpus, index)
    assert report.added == ["factsheet"] and report.removed == ["factsheet-sterke-gezinnen-scholen-wijken"]
    assert report.chunks_embedded == 0 and not report.missing


def test_catalogue_change_needs_no_embedding(small: tuple[Path, Path]) -> None:
    corpus, index = small
    catalog = corpus / "catalog.toml"
    catalog.write_text(
        catalog.read_text(encoding="utf-8").replace(
            'title = "Eindevaluatie pilot wijkgericht werken"', 'title = "Eindevaluatie (herzien)"'
        ),
        encoding="utf-8",
    )
    report = run_ingest(corpus, index)
    assert report.changed and report.chunks_embedded == 0 and not report.updated
    store = open_current(index)
    assert store.meta("sppoh-eindevaluatie-pilot-wijkgericht-werken-2025").title == "Eindevaluatie (herzien)"  # type: ignore[union-attr]
    store.close()


def test_other_embedder_rebuild_embeds_everything_anew(small: tuple[Path, Path]) -> None:
    corpus, index = small
    (corpus / SMALL[0]).unlink()  # a document whose file is gone is re-embedded from its stored text
    report = ingest(
        [corpus],
        index,
        create_embedder("fake:32"),
        catalog_path=corpus / "catalog.toml",
        progress=no_progress,
        rebuild=True,
    )
    assert report.changed and report.chunks_reused == 0 and report.chunks_embedded == report.chunks_total
    store = IndexStore.open(gens.current_generation(index), expected_embedder="fake:32")
    assert store.manifest.dim == 32 and store.chunk_vectors()[0].shape == (report.chunks_total, 32)
    assert "factsheet-sterke-gezinnen-scholen-wijken" in {m.id for m in store.document_metas()}
    store.close()


def test_second_writer_is_refused_or_waits(small: tuple[Path, Path]) -> None:
    corpus, index = small
    with gens.writer_lock(index):
        with pytest.raises(gens.IndexBusyError, match="another ingest"):
            run_ingest(corpus, index)
    assert not run_ingest(corpus, index, wait=True).changed


def test_old_generations_are_collected(small: tuple[Path, Path]) -> None:
    corpus, index = small
    target = corpus / "wisselend.txt"
    for i in range(5):
        target.write_text(
            NEW_TEXT + f"\nVersie {i} van deze notitie, met een eigen slotzin nummer {i}.\n", encoding="utf-8"
        )
        assert run_ingest(corpus, index).changed
    names = [p.name for p in gens.generation_dirs(index)]
    assert len(names) == gens.KEEP_GENERATIONS and names[-1] == gens.current_name(index)
    assert not list(index.glob("build-*"))


def _chunk_texts(index: Path) -> list[tuple[str, str]]:
    store = IndexStore.open(gens.current_generation(index))
    try:
        return [(r.chunk.id, r.chunk.text) for m in store.document_metas() for r in store.document_chunks(m.id)]
    finally:
        store.close()


def test_a_new_chunker_version_cuts_the_same_chunks_as_a_fresh_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every document is re-read after a chunker change; the corpus vocabulary that decides the
    split-word joins must then be counted once, exactly as in a build from scratch."""
    corpus = copy_corpus(tmp_path / "corpus")
    run_ingest(corpus, tmp_path / "index")
    fresh = _chunk_texts(tmp_path / "index")
    monkeypatch.setattr("search.indexer.CHUNKER_VERSION", "test-next-version")
    report = run_ingest(corpus, tmp_path / "index")
    assert set(report.updated) == {chunk_id.split(":")[0] for chunk_id, _ in fresh}  # every document re-read
    assert _chunk_texts(tmp_path / "index") == fresh


def test_vectors_made_from_other_embedding_text_are_not_reused(
    small: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """When what the dense model sees of a chunk changes (search.embedding_inputs.embedding_text), the
    next ingest embeds every chunk anew; sentence vectors, whose text did not change, are kept."""
    corpus, index = small
    monkeypatch.setattr("search.indexer.EMBEDDING_TEXT_VERSION", "unique-lines-v0")
    report = run_ingest(corpus, index)
    assert report.changed and report.chunks_reused == 0 and report.chunks_embedded == report.chunks_total
    assert report.sentences_embedded == 0 and report.sentences_reused > 0
    store = IndexStore.open(gens.current_generation(index))
    assert store.manifest.embedding_text == "unique-lines-v0"
    store.close()
    again = run_ingest(corpus, index)  # the same preparation: nothing to do
    assert not again.changed and again.chunks_embedded == 0


@pytest.mark.parametrize(
    "text, expected",
    [
        ("doelen per jaar\n2023\n• a b.\ndoelen per jaar\n2024\n• c d.", "doelen per jaar\n2023\n• a b.\n2024\n• c d."),
        ("Een zin.\n\nEen andere zin.", "Een zin.\n\nEen andere zin."),  # empty lines are layout, kept
        # a repeated goal says nothing new; a one-word line (a year) is kept where it stands
        ("2023\n• 0 thuiszitters.\n2024\n• 0 thuiszitters.", "2023\n• 0 thuiszitters.\n2024"),
        ("#Thuiszitters\n2024\n#Thuiszitters\n2025", "#Thuiszitters\n2024\n#Thuiszitters\n2025"),
    ],
)
def test_unique_lines(text: str, expected: str) -> None:
    from search.embedding_inputs import unique_lines

    assert unique_lines(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Meer informatie?\nhttps://www.nji.nl/a-b https://geenkinddebuurtuit.nl/ (voorbeeld)",
            "Meer informatie?\n (voorbeeld)",
        ),
        ("Zie www.augeo.nl voor het aanbod.", "Zie voor het aanbod."),
        ("op (www.nji.nl/onderwijs), zie daar", "op zie daar"),
        ("Kijk op school.nl voor meer.", "Kijk op school.nl voor meer."),  # no scheme, no www: kept
        ("Zonder adres.", "Zonder adres."),
    ],
)
def test_without_web_addresses(text: str, expected: str) -> None:
    from search.embedding_inputs import without_web_addresses

    assert without_web_addresses(text) == expected
