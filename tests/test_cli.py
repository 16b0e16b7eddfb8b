"""The command line (kennisbank.cli.main), run in-process with the fake embedder on a small
copy of the corpus: exit codes, readable and JSON output, one-line errors and no tracebacks."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CORPUS

from ingest.embed import create_embedder
from kennisbank.cli import main
from kennisbank.messages import dutch_error
from search import generations as gens
from search.query import validate_query

NJI = "nji-samen-om-het-kind-2015"
FACTSHEET = "factsheet-sterke-gezinnen-scholen-wijken"
QUERY = "hoe voorkom je dat kinderen thuis komen te zitten?"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("cli")
    corpus = base / "corpus"
    corpus.mkdir()
    for name in ("catalog.toml", "themes.toml", "glossary.toml", "thesaurus.toml", f"{NJI}.txt", f"{FACTSHEET}.txt"):
        if (CORPUS / name).exists():
            shutil.copy2(CORPUS / name, corpus / name)
    return base


@pytest.fixture
def env(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KENNISBANK_EMBEDDER", "fake")
    monkeypatch.setenv("KENNISBANK_CORPUS_DIR", str(workspace / "corpus"))
    monkeypatch.setenv("KENNISBANK_INDEX_DIR", str(workspace / "index"))
    return workspace


@pytest.fixture
def indexed(env: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    if not (env / "index").exists():
        assert main(["ingest"]) == 0
        capsys.readouterr()
    return env


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_ingest_reports_and_exits_0(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "ingest", "--index", str(env / "fresh-index"))
    assert code == 0, err
    assert "2 toegevoegd" in out and "0 overgeslagen" in out
    code, out, _ = run(capsys, "ingest", "--index", str(env / "fresh-index"), "--json")
    assert code == 0
    report = json.loads(out)
    assert sorted(report["unchanged"]) == sorted([NJI, FACTSHEET])


def test_a_corrupt_pdf_is_skipped_with_one_line_naming_it(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = env / "corpus-with-bad-pdf"
    shutil.copytree(env / "corpus", corpus)
    (corpus / "kapot.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer garbage")
    code, out, err = run(capsys, "ingest", str(corpus), "--index", str(env / "index-bad-pdf"))
    assert code == 3
    lines = [ln for ln in err.splitlines() if "kapot.pdf" in ln]
    assert len(lines) == 1 and lines[0].startswith("kennisbank: ") and " overgeslagen: de PDF " in lines[0]
    assert "Error" not in lines[0]  # pypdf's exception is no part of the reason shown
    assert "2 toegevoegd" in out and "1 overgeslagen" in out  # the good documents are indexed anyway


def test_a_path_that_does_not_exist_is_a_usage_error(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A mistyped path: exit 2 with one Dutch line, and no index is written (it exited 3, "finished
    but skipped some files", after an ingest run)."""
    index = env / "index-typo"
    code, _, err = run(capsys, "ingest", str(env / "bestaat-niet.pdf"), "--index", str(index))
    assert code == 2
    assert err.strip() == f"kennisbank: {env / 'bestaat-niet.pdf'} bestaat niet; er is niets ingelezen"
    assert not index.exists()


def test_a_folder_without_documents_is_a_usage_error(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A mistyped or wrong folder read as a run that changed nothing (exit 0)."""
    empty = env / "leeg"
    empty.mkdir()
    (empty / "catalog.toml").write_text("", encoding="utf-8")  # no document, only what ingest ignores
    index = env / "index-leeg"
    code, _, err = run(capsys, "ingest", str(empty), "--index", str(index))
    assert code == 2
    assert err.strip() == f"kennisbank: geen documenten (.txt, .md, .pdf) gevonden in {empty}; er is niets ingelezen"
    assert not index.exists()


def test_search_prints_citations(indexed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", QUERY, "--k", "5")
    assert code == 0
    assert "p. " in out and "§" in out
    assert "Samen om het kind" in out


def test_search_json(indexed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", QUERY, "--k", "3", "--json")
    assert code == 0
    data = json.loads(out)
    hits = data if isinstance(data, list) else data["hits"]
    assert 1 <= len(hits) <= 3
    for hit in hits:
        for key in ("doc_id", "title", "page", "section", "text", "score", "themes"):
            assert key in hit
        assert hit["doc_id"] in {NJI, FACTSHEET}
        assert isinstance(hit["section"], list) and isinstance(hit["themes"], list)
        assert isinstance(hit["score"], float) and hit["text"]
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)


def test_search_says_which_documents_words_it_also_searched_for(
    indexed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "kerncijfers" is in neither document; corpus/thesaurus.toml names it for "kengetallen"."""
    code, out, _ = run(capsys, "search", "kerncijfers delen", "--k", "3")
    assert code == 0
    line = next(x for x in out.splitlines() if x.startswith("Ook gezocht op: "))
    assert "kengetallen" in line and line.endswith("(voor 'kerncijfers')")
    code, out, _ = run(capsys, "search", "kerncijfers delen", "--k", "3", "--json")
    data = json.loads(out)
    assert {"word": "kengetallen", "matched": "kerncijfers"} in data["thesaurus"]
    assert any("kengetallen" in h["text"].lower() for h in data["hits"])


def test_search_filter_by_document(indexed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "samenwerking school", "--doc", FACTSHEET, "--json")
    assert code == 0
    data = json.loads(out)
    hits = data if isinstance(data, list) else data["hits"]
    assert hits and {h["doc_id"] for h in hits} == {FACTSHEET}


@pytest.mark.parametrize(
    "query, message",
    [
        ("", "lege vraag: typ een vraag of een paar zoekwoorden"),
        ("   ", "lege vraag"),
        ("x" * 10_000, "de vraag is te lang (10000 tekens; hoogstens 500)"),
        ("?! ...", "de vraag bevat geen woorden om op te zoeken"),
    ],
)
def test_bad_queries_exit_2_with_a_message(
    indexed: Path, capsys: pytest.CaptureFixture[str], query: str, message: str
) -> None:
    code, out, err = run(capsys, "search", query)
    assert code == 2
    assert err.startswith("kennisbank: ") and message in err and len(err.strip().splitlines()) == 1
    assert out == ""


@pytest.mark.parametrize(
    "option, message",
    [
        (["--theme", "onbekend"], "thema 'onbekend' komt niet voor; kies uit "),
        (["--kind", "roman"], "soort passage 'roman' komt niet voor; kies uit "),
        (["--organisation", "Gemeente Utrecht"], "organisatie 'Gemeente Utrecht' komt niet voor; kies uit "),
        (["--type", "t"], "documenttype 't' past bij meer dan één: 'factsheet', 'publicatie'; kies er één"),
        (["--type", "roman"], "documenttype 'roman' komt niet voor; kies uit "),
        (["--doc", "bestaat-niet"], "document 'bestaat-niet' komt niet voor; kies uit "),
        (["--year", "1999"], "geen documenten uit 1999; de documenten zijn uit "),
    ],
)
def test_a_filter_nothing_matches_exits_2_naming_the_options(
    indexed: Path, capsys: pytest.CaptureFixture[str], option: list[str], message: str
) -> None:
    code, out, err = run(capsys, "search", "thuiszitters", *option)
    assert code == 2
    assert err.startswith("kennisbank: ") and message in err and len(err.strip().splitlines()) == 1
    assert out == ""


def test_an_unknown_theme_page_exits_2_naming_the_themes(indexed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "theme", "bestaat-niet")
    assert code == 2 and out == ""
    assert err.startswith("kennisbank: thema 'bestaat-niet' komt niet voor; kies uit ") and "thuiszitters" in err


def test_search_json_explains_only_when_asked(indexed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def hits(*extra: str) -> list[dict]:
        code, out, _ = run(capsys, "search", QUERY, "--k", "3", "--json", *extra)
        data = json.loads(out)
        return data if isinstance(data, list) else data["hits"]

    assert hits() and all("explain" not in h for h in hits())
    assert all({"ranks", "scores", "best_sentence", "document_cost"} <= set(h["explain"]) for h in hits("--explain"))


def test_a_part_of_an_organisations_name_filters_on_it(indexed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "samenwerking school", "--organisation", "nji", "--json")
    assert code == 0
    data = json.loads(out)
    hits = data if isinstance(data, list) else data["hits"]
    assert hits and {h["organisation"] for h in hits} == {"Nederlands Jeugdinstituut (NJi)"}


@pytest.mark.parametrize(
    "option, message",
    [
        (["--k", "0"], "argument --k: moet tussen 1 en 100 liggen, niet 0"),
        (["--k", "-1"], "argument --k: moet tussen 1 en 100 liggen, niet -1"),
        (["--k", "101"], "argument --k: moet tussen 1 en 100 liggen, niet 101"),
        (["--k", "tien"], "argument --k: geen geheel getal: 'tien'"),
        (["--year", "vorig jaar"], "argument --year: geen geheel getal: 'vorig jaar'"),
    ],
)
def test_a_bad_number_exits_2_saying_so_in_dutch(
    indexed: Path, capsys: pytest.CaptureFixture[str], option: list[str], message: str
) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["search", "thuiszitters", *option])
    assert exc.value.code == 2
    assert message in capsys.readouterr().err


def test_documents_json(indexed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "documents", "--json")
    assert code == 0
    rows = {r["id"]: r for r in json.loads(out)}
    assert set(rows) == {NJI, FACTSHEET}
    assert rows[NJI]["year"] == 2015 and rows[NJI]["passages"] > 50
    assert rows[FACTSHEET]["type"] == "factsheet"


def test_remove_and_unknown_id(indexed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    index = indexed / "index-remove"
    assert run(capsys, "ingest", "--index", str(index))[0] == 0
    code, _, err = run(capsys, "remove", "bestaat-niet", "--index", str(index))
    assert code == 1 and err == "kennisbank: onbekend document: bestaat-niet\n"
    code, out, _ = run(capsys, "remove", FACTSHEET, "--index", str(index))
    assert code == 0 and f"verwijderd: {FACTSHEET}" in out
    _, out, _ = run(capsys, "documents", "--json", "--index", str(index))
    assert [r["id"] for r in json.loads(out)] == [NJI]
    # a removed document stays out on the next ingest of the folder
    run(capsys, "ingest", "--index", str(index))
    _, out, _ = run(capsys, "documents", "--json", "--index", str(index))
    assert [r["id"] for r in json.loads(out)] == [NJI]


@pytest.mark.parametrize("command", [["search", "wijkteam"], ["documents"], ["remove", NJI]])
def test_a_missing_index_exits_1_with_a_hint(env: Path, capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    code, out, err = run(capsys, *command, "--index", str(env / "no-index-here"))
    assert code == 1
    assert err.startswith("kennisbank: geen index in ") and len(err.strip().splitlines()) == 1
    assert "bouw er een met 'kennisbank ingest'" in err  # the hint: how to get an index


def test_another_embedder_is_refused(
    indexed: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KENNISBANK_EMBEDDER", "fake:32")
    code, _, err = run(capsys, "search", "wijkteam")
    assert code == 1
    assert "'fake:64'" in err and "'fake:32'" in err  # names the index's embedder and the configured one
    assert "is gebouwd met embedder 'fake:64', maar ingesteld is 'fake:32'" in err


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("KENNISBANK_PORT", "achtduizend", "KENNISBANK_PORT='achtduizend': geen geheel getal"),
        ("KENNISBANK_PUBLIC_URL", "kennisbank.nl", "KENNISBANK_PUBLIC_URL moet een webadres zijn zoals"),
    ],
)
def test_a_bad_setting_exits_1(
    env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, name: str, value: str, message: str
) -> None:
    monkeypatch.setenv(name, value)
    code, _, err = run(capsys, "documents")
    assert code == 1 and err.startswith(f"kennisbank: {message}") and err.count("\n") == 1


@pytest.mark.parametrize(
    ("text", "years", "expected"),
    [
        # the year line was in the passage before: the marked bullet gets its year
        ("• 65% van de leerlingen wordt opgevangen.", (2026,), "»• 65% van de leerlingen wordt opgevangen.« [2026]"),
        # the year line stands in the passage: the reader sees it, no label
        (
            "2026\n• 65% van de leerlingen wordt opgevangen.",
            (2026,),
            "2026 »• 65% van de leerlingen wordt opgevangen.«",
        ),
        # a year named in a sentence above is no year line: the label stays
        (
            "Sinds 2026 gelden de doelen.\n• 65% van de leerlingen wordt opgevangen.",
            (2026,),
            "Sinds 2026 gelden de doelen. »• 65% van de leerlingen wordt opgevangen.« [2026]",
        ),
        ("• 65% van de leerlingen wordt opgevangen.", (None,), "»• 65% van de leerlingen wordt opgevangen.«"),
        ("• 65% van de leerlingen wordt opgevangen.", (), "»• 65% van de leerlingen wordt opgevangen.«"),
    ],
)
def test_marked_sentences_show_a_year_the_passage_does_not(text: str, years: tuple, expected: str) -> None:
    from ingest.models import Chunk, DocumentMeta, Sentence
    from kennisbank.render import _mark, hit_to_json
    from search.models import Hit

    start = text.index("•")
    sentence = Sentence(start, len(text))
    chunk = Chunk("d:0001", "d", 1, text, 0, len(text), None, None, (), "tekst", (Sentence(0, len(text)),))
    hit = Hit(
        chunk, DocumentMeta(id="d", title="t"), 1.0, 1, None, None, answer_sentences=(sentence,), answer_years=years
    )
    assert _mark(hit) == expected
    assert hit_to_json(hit, {})["answer_years"] == list(years)


@pytest.mark.parametrize(
    "text, opening, expected",
    [
        # the passage opens under 2024 without saying so: the plain output's "[2024]", in the JSON too
        ("• Interventieniveau 2 is maximaal 55%.\n\n2025\n\n• Maximaal 50%.", 2024, 2024),
        ("2024\n\n• Interventieniveau 2 is maximaal 55%.", 2024, None),  # it says so itself
        ("• Interventieniveau 2 is maximaal 55%.", None, None),
    ],
)
def test_json_hit_names_the_year_the_passage_opens_under(text: str, opening: int | None, expected: int | None) -> None:
    from ingest.models import Chunk, DocumentMeta, Sentence
    from kennisbank.render import hit_to_json
    from search.models import Hit

    chunk = Chunk("d:0001", "d", 1, text, 0, len(text), None, None, (), "doel", (Sentence(0, len(text)),))
    hit = Hit(chunk, DocumentMeta(id="d", title="t"), 1.0, 1, None, None, opening_year=opening)
    assert hit_to_json(hit, {})["opening_year"] == expected


@pytest.mark.parametrize("weak", [False, True])
def test_search_json_is_a_plain_list_only_for_a_good_match(weak: bool) -> None:
    from kennisbank.render import result_to_json
    from search.models import SearchResult

    data = result_to_json(SearchResult(query="recept voor appeltaart", hits=(), weak=weak), {})
    if weak:
        assert isinstance(data, dict) and data["weak"] is True and data["hits"] == []
    else:
        assert data == []


def test_a_reader_that_stops_early_is_no_error(indexed: Path) -> None:
    """'kennisbank search … | head -1': the pipe closes while results are printed."""
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-m", "kennisbank", "search", QUERY, "--k", "100", "--json"],  # well over a pipe buffer
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0
    assert "Traceback" not in err and "BrokenPipe" not in err


def _questions(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    """A question set: (seed file of the answer's document, question, quote) per question."""
    lines = [
        json.dumps({"id": f"q{i}", "question": q, "kind": "lookup", "relevant": [{"doc": doc, "quote": quote}]})
        for i, (doc, q, quote) in enumerate(rows, start=1)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


FACTSHEET_SEED = "002_982c86041f6f1706.txt"


def test_eval_within_the_document_of_each_answer(indexed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--within-document searches each question within the document of its first answer, as "Zoek
    in dit document" does: what comes first for a question in the NJi publication's words, whose
    answer the factsheet does not hold, is then the factsheet."""
    task = "Zorg voor een heldere taakverdeling en samenwerking tussen betrokken"
    nji_words = "Samen om het kind op school, thuis en in de wijk"
    questions = _questions(
        indexed / "questions.jsonl",
        [(FACTSHEET_SEED, task, task), (FACTSHEET_SEED, nji_words, "een zin die nergens staat")],
    )
    code, out, err = run(capsys, "eval", str(questions), "--within-document", "--misses", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["within_document"] is True
    assert report["questions"][0]["rank"] == 1 and report["questions"][1]["rank"] is None
    (miss,) = report["misses"]
    assert miss["first"] and {f["doc"] for f in miss["first"]} == {FACTSHEET_SEED}
    code, out, _ = run(capsys, "eval", str(questions), "--misses", "--json")
    assert code == 0 and json.loads(out)["within_document"] is False
    (miss,) = json.loads(out)["misses"]
    assert {f["doc"] for f in miss["first"]} != {FACTSHEET_SEED}  # unfiltered the NJi publication comes first
    code, out, _ = run(capsys, "eval", str(questions), "--within-document")
    assert code == 0 and "each within the document of its first answer" in out


def test_eval_within_documents_the_index_lacks_is_a_usage_error(
    indexed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questions = _questions(indexed / "elsewhere.jsonl", [("999_onbekend.txt", "waar staat dit", "dit")])
    code, out, err = run(capsys, "eval", str(questions), "--within-document")
    assert code == 2 and err == "kennisbank: niet in de index: 999_onbekend.txt\n" and not out


def _error_of(make: Callable[[], object]) -> Exception:
    try:
        make()
    except Exception as exc:  # whichever error the search package raises
        return exc
    raise AssertionError("no error")


def _busy(index: Path) -> None:
    with gens.writer_lock(index), gens.writer_lock(index):
        pass


def _missing_generation(index: Path) -> None:
    index.mkdir()
    (index / gens.POINTER).write_text("gen-00000099-weg\n")
    gens.current_generation(index)


@pytest.mark.parametrize(
    "make, dutch",
    [
        (lambda tmp: validate_query(" "), "lege vraag: typ een vraag of een paar zoekwoorden"),
        (lambda tmp: validate_query("x" * 600, 500), "de vraag is te lang (600 tekens; hoogstens 500)"),
        (lambda tmp: validate_query("...?"), "de vraag bevat geen woorden om op te zoeken"),
        (
            lambda tmp: gens.current_generation(tmp / "leeg"),
            "geen index in {tmp}/leeg: bouw er een met 'kennisbank ingest'",
        ),
        (
            lambda tmp: _missing_generation(tmp / "wijzer"),
            "de indexwijzer {tmp}/wijzer/CURRENT noemt 'gen-00000099-weg', maar die generatie ontbreekt: "
            "bouw de index opnieuw met 'kennisbank ingest --rebuild'",
        ),
        (
            lambda tmp: _busy(tmp / "bezet"),
            "een andere ingest schrijft naar {tmp}/bezet; probeer het opnieuw als die klaar is",
        ),
        (
            lambda tmp: create_embedder("bogus"),
            "onbekende embedder 'bogus' in KENNISBANK_EMBEDDER: gebruik 'e5', 'sentence-transformers:<modelmap>' "
            "of 'fake'",
        ),
    ],
)
def test_the_search_packages_errors_read_in_dutch(tmp_path: Path, make: Callable[[Path], object], dutch: str) -> None:
    """The errors a user meets daily, as the search package really words them (in English)."""
    assert dutch_error(_error_of(lambda: make(tmp_path))) == dutch.format(tmp=tmp_path)


def test_an_error_without_its_dutch_is_shown_as_it_is() -> None:
    assert dutch_error("an error added later") == "an error added later"
