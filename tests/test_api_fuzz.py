"""Issue 5.6: schemathesis against the JSON API's OpenAPI schema, in process; no request it
makes may end in a 5xx.

Two schemas: the whole web app (web.app.create_app, with the admin token set so that the
upload API is part of it), and the upload router on a bare app, which runs even where the
web app is not there yet. At most 50 examples per operation, on the fake embedder."""

from __future__ import annotations

import importlib
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import CORPUS
from fastapi import FastAPI
from hypothesis import HealthCheck, settings

from ingest.embed import create_embedder
from kennisbank.settings import Settings
from search.handle import IndexHandle
from search.indexer import ingest
from search.ingest_hooks import no_progress

schemathesis = pytest.importorskip("schemathesis")
from schemathesis.checks import not_a_server_error  # noqa: E402

TOKEN = "fuzz-token-niet-te-raden"
FUZZ = settings(
    max_examples=50, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None
)


def _built(base: Path, names: list[str]) -> Settings:
    corpus = base / "corpus"
    corpus.mkdir()
    for name in names:
        shutil.copyfile(CORPUS / name, corpus / name)
    index = base / "index"
    ingest(
        [corpus],
        index,
        create_embedder("fake"),
        catalog_path=corpus / "catalog.toml",
        themes_path=corpus / "themes.toml",
        progress=no_progress,
    )
    return Settings(index_dir=index, corpus_dir=corpus, embedder="fake", admin_token=TOKEN, max_upload_mb=1)


@pytest.fixture(scope="module")
def fuzz_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return _built(tmp_path_factory.mktemp("fuzz"), [p.name for p in CORPUS.iterdir() if p.is_file()])


@pytest.fixture(scope="module")
def app_schema(fuzz_settings: Settings):  # type: ignore[no-untyped-def]
    try:
        web_app = importlib.import_module("web.app")
    except ModuleNotFoundError:
        pytest.skip("web/app.py is not there yet")
    app = web_app.create_app(fuzz_settings)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.fixture(scope="module")
def upload_schema(fuzz_settings: Settings):  # type: ignore[no-untyped-def]
    from web.upload import upload_router

    app = FastAPI()
    settings_ = replace(fuzz_settings)
    app.include_router(upload_router(settings_, IndexHandle(settings_.index_dir, create_embedder("fake"))))
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def fuzz(schema, headers: dict[str, str] | None = None) -> int:  # type: ignore[no-untyped-def]
    """Up to 50 generated requests per operation; every 5xx is collected and reported.

    (schemathesis.pytest.from_fixture would give one sub-test per operation, but its lazy
    loader does not run under pytest 9; this loop does the same work.)"""
    from hypothesis import given

    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @FUZZ
        @given(case=operation.as_strategy())
        def check(case) -> None:  # type: ignore[no-untyped-def]
            case.call_and_validate(headers=headers, checks=[not_a_server_error])

        try:
            check()
        except Exception as exc:  # noqa: BLE001 - collected and reported below
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)
    return operations


def test_web_api_has_no_server_errors(app_schema) -> None:  # type: ignore[no-untyped-def]
    assert fuzz(app_schema) >= 1


def test_upload_api_has_no_server_errors(upload_schema) -> None:  # type: ignore[no-untyped-def]
    assert fuzz(upload_schema) == 2  # POST /api/upload, GET /api/upload/{job_id}


def test_upload_api_with_the_token_has_no_server_errors(tmp_path: Path) -> None:
    """With the token the generated bodies get parsed, checked and sometimes accepted: every
    job must end as added or refused, never as an internal failure."""
    import time

    from web.upload import upload_router

    settings_ = _built(tmp_path, ["haarlemmermeer-verkenning-wijkgericht-werken-2025.txt", "catalog.toml"])
    app = FastAPI()
    router = upload_router(settings_, IndexHandle(settings_.index_dir, create_embedder("fake")))
    app.include_router(router)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    assert fuzz(schema, headers={"X-Kennisbank-Token": TOKEN}) == 2
    uploads = router.uploads  # type: ignore[attr-defined]
    deadline = time.monotonic() + 120
    while any(job.active for job in list(uploads.jobs.values())):
        assert time.monotonic() < deadline
        time.sleep(0.1)
    states = [job.state for job in uploads.jobs.values()]
    assert "failed" not in states, [job.message for job in uploads.jobs.values() if job.state == "failed"]
    assert not [p for p in settings_.corpus_dir.iterdir() if p.name.startswith(".upload-")]
    print(f"\nuploads accepted for processing: {len(states)}; outcomes: { {s: states.count(s) for s in set(states)} }")


def test_fuzzing_stored_nothing(fuzz_settings: Settings) -> None:
    """Without the token no upload can have gone through."""
    corpus: Path = fuzz_settings.corpus_dir
    assert {p.name for p in corpus.iterdir() if not p.name.startswith(".catalog")} == {
        p.name for p in CORPUS.iterdir() if p.is_file()
    }
