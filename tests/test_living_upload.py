"""Issue 5.4: upload in the web UI. Only with KENNISBANK_ADMIN_TOKEN set and only with that
token; PDF, TXT and MD up to the size limit, refused while streaming when too large; stored
under corpus/ with a safe name that overwrites nothing, catalogued, ingested in the background
with visible progress, and a clear result. The router is tested on a bare FastAPI app (and on
the real app when web/app.py has one)."""

from __future__ import annotations

import asyncio
import io
import re
import shutil
import time
import tomllib
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS, PDF_SAMPLES
from fastapi import FastAPI
from fastapi.testclient import TestClient

from ingest.embed import create_embedder
from kennisbank.settings import Settings
from search import generations as gens
from search.handle import IndexHandle
from search.indexer import ingest
from search.ingest_hooks import no_progress
from web import upload_jobs, upload_request
from web.upload import upload_router
from web.upload_catalog import safe_file_name
from web.upload_jobs import UploadManager
from web.upload_request import UploadRefused

TOKEN = "beheer-geheim-123"
SMALL = ("factsheet-sterke-gezinnen-scholen-wijken.txt", "haarlemmermeer-verkenning-wijkgericht-werken-2025.txt")
SAMPLE = PDF_SAMPLES / "Verbondenheid_door_burenhulp.pdf"
NOTE = """Notitie over de jeugdverpleegkundige op school

In Bloemendaal is de jeugdverpleegkundige elke week op school. Leerkrachten bespreken daar zorgen over
een leerling zonder dat er eerst een verwijzing nodig is. Ouders worden altijd vooraf gevraagd.

Wat werkt: een vast gezicht, een vaste dag en korte lijnen met het wijkteam.
"""


class Env:
    def __init__(self, tmp: Path, token: str = TOKEN, max_mb: int = 2) -> None:
        self.corpus = tmp / "corpus"
        self.corpus.mkdir()
        for name in (*SMALL, "catalog.toml"):
            shutil.copyfile(CORPUS / name, self.corpus / name)
        self.index = tmp / "index"
        ingest(
            [self.corpus],
            self.index,
            create_embedder("fake"),
            catalog_path=self.corpus / "catalog.toml",
            progress=no_progress,
        )
        self.settings = Settings(
            index_dir=self.index, corpus_dir=self.corpus, embedder="fake", admin_token=token, max_upload_mb=max_mb
        )
        self.handle = IndexHandle(self.index, create_embedder("fake"))
        app = FastAPI()
        self.router = upload_router(self.settings, self.handle)
        app.include_router(self.router)
        self.client = TestClient(app)

    def files(self) -> set[str]:
        return {p.name for p in self.corpus.iterdir()}

    def post(
        self, content: bytes, name: str = "notitie.txt", token: str | None = TOKEN, api: bool = False, **fields: str
    ) -> Any:
        data = dict(fields)
        if token is not None:
            data = {"token": token, **data}
        url = "/api/upload" if api else "/beheer/upload"
        return self.client.post(
            url, data=data, files={"file": (name, content, "application/octet-stream")}, follow_redirects=False
        )

    def upload(self, content: bytes, name: str = "notitie.txt", **fields: str) -> dict[str, Any]:
        response = self.post(content, name, api=True, **fields)
        assert response.status_code == 202, response.text
        return self.wait(response.json()["id"])

    def wait(self, job_id: str, timeout: float = 60) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            info = self.client.get(f"/api/upload/{job_id}").json()
            if info["state"] not in ("queued", "running"):
                return info
            assert time.monotonic() < deadline, info
            time.sleep(0.05)


@pytest.fixture
def env(tmp_path: Path) -> Env:
    return Env(tmp_path)


def test_form_page(env: Env) -> None:
    page = env.client.get("/beheer/upload")
    assert page.status_code == 200
    html = page.text
    assert 'enctype="multipart/form-data"' in html and 'name="token"' in html and 'type="password"' in html
    assert "hoogstens 2 MB" in html and "evaluatie" in html
    assert TOKEN not in html
    assert html.index('name="token"') < html.index('name="file"'), "the token is sent before the file"


def test_upload_adds_a_document_and_the_server_serves_it(env: Env) -> None:
    before = gens.current_name(env.index)
    response = env.post(
        NOTE.encode(),
        "Notitie Jeugdverpleegkundige.TXT",
        title="De jeugdverpleegkundige op school",
        type="notitie",
        organisation="GGD Kennemerland",
        year="2024",
    )
    assert response.status_code == 303
    page_url = response.headers["location"]
    job_id = page_url.rsplit("/", 1)[1]
    info = env.wait(job_id)
    assert info["state"] == "done", info
    assert info["file"] == "notitie-jeugdverpleegkundige.txt" and info["document_id"] == "notitie-jeugdverpleegkundige"
    assert info["chunks_added"] >= 1 and str(info["chunks_added"]) in info["message"]
    assert (env.corpus / "notitie-jeugdverpleegkundige.txt").read_bytes() == NOTE.encode()
    assert not [n for n in env.files() if n.startswith(".upload-")]
    catalog = tomllib.loads((env.corpus / "catalog.toml").read_text(encoding="utf-8"))
    entry = catalog["document"][-1]
    assert entry["file"] == "notitie-jeugdverpleegkundige.txt" and entry["title"] == "De jeugdverpleegkundige op school"
    assert entry["type"] == "notitie" and entry["organisation"] == "GGD Kennemerland" and entry["year"] == 2024
    assert (env.corpus / "catalog.toml").read_text(encoding="utf-8").startswith("# Corpus catalogue"), "comments kept"
    # the running server picks up the new generation without a restart
    assert env.handle.generation != before and gens.current_name(env.index) != before
    hits = env.handle.searcher().search("jeugdverpleegkundige Bloemendaal").hits
    assert (
        hits and hits[0].meta.id == "notitie-jeugdverpleegkundige" and hits[0].meta.organisation == "GGD Kennemerland"
    )
    page = env.client.get(page_url)
    assert page.status_code == 200 and "Toegevoegd" in page.text and "Passages toegevoegd" in page.text
    assert 'http-equiv="refresh"' not in page.text
    # a later ingest of the whole corpus finds nothing to do
    report = ingest(
        [env.corpus], env.index, create_embedder("fake"), catalog_path=env.corpus / "catalog.toml", progress=no_progress
    )
    assert not report.changed and "notitie-jeugdverpleegkundige" in report.unchanged


@pytest.mark.skipif(not SAMPLE.exists(), reason="shared/pdf-samples is not there")
def test_pdf_upload(env: Env) -> None:
    info = env.upload(
        SAMPLE.read_bytes(), "Verbondenheid door burenhulp.pdf", title="Verbondenheid door burenhulp", type="publicatie"
    )
    assert info["state"] == "done", info
    assert info["file"] == "verbondenheid-door-burenhulp.pdf" and info["chunks_added"] > 0
    assert env.handle.searcher().search("burenhulp").hits


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("../../etc/gevaarlijk.txt", "gevaarlijk.txt"),
        ("..\\..\\windows\\system32\\boos.md", "boos.md"),
        ("/absoluut/pad.txt", "pad.txt"),
        ("Rapport Één – 2024.PDF", "rapport-een-2024.pdf"),
        (".verborgen.txt", "verborgen.txt"),
        ("catalog.md", "document-catalog.md"),
        ("....txt", "document.txt"),
    ],
)
def test_safe_file_names(sent: str, stored: str) -> None:
    assert safe_file_name(sent) == stored


def test_path_traversal_stays_inside_corpus(env: Env, tmp_path: Path) -> None:
    info = env.upload(NOTE.encode(), "../../buiten.txt")
    assert info["state"] == "done" and info["file"] == "buiten.txt"
    assert (env.corpus / "buiten.txt").exists() and not (tmp_path / "buiten.txt").exists()


def test_same_name_never_overwrites(env: Env) -> None:
    first = env.upload(NOTE.encode(), "notitie.txt")
    second = env.upload((NOTE + "\nEen tweede versie met een extra zin over de wijkcoach.\n").encode(), "notitie.txt")
    assert first["file"] == "notitie.txt" and second["file"] == "notitie-2.txt"
    assert second["state"] == "done" and second["document_id"] == "notitie-2"
    assert (env.corpus / "notitie.txt").read_bytes() == NOTE.encode()
    # an existing corpus file of another name whose id would collide is not touched either
    third = env.upload((NOTE + "\nDerde versie.\n").encode(), "factsheet-sterke-gezinnen-scholen-wijken.txt")
    assert third["file"] == "factsheet-sterke-gezinnen-scholen-wijken-2.txt"
    assert (env.corpus / SMALL[0]).read_bytes() == (CORPUS / SMALL[0]).read_bytes()


def test_same_bytes_as_an_indexed_document_are_refused(env: Env) -> None:
    before = env.files(), (env.corpus / "catalog.toml").read_text(encoding="utf-8"), gens.current_name(env.index)
    info = env.upload((CORPUS / SMALL[1]).read_bytes(), "kopie.txt")
    assert info["state"] == "refused" and "haarlemmermeer-verkenning-wijkgericht-werken-2025" in info["message"]
    assert (
        env.files(),
        (env.corpus / "catalog.toml").read_text(encoding="utf-8"),
        gens.current_name(env.index),
    ) == before


def _blank_pdf() -> bytes:
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(595, 842)
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def _encrypted_pdf() -> bytes:
    from pypdf import PdfWriter

    w = PdfWriter(clone_from=str(SAMPLE))
    w.encrypt("geheim")
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "make", "reason"),
    [
        ("scan.pdf", _blank_pdf, "de PDF heeft geen tekstlaag"),
        ("beveiligd.pdf", _encrypted_pdf, "de PDF is beveiligd met een wachtwoord"),
        ("nep.pdf", lambda: b"<html>geen pdf</html>", "dit is geen PDF"),
        ("spaties.txt", lambda: b"   \n\n  ", "het bestand is leeg"),
        ("kapot.pdf", lambda: b"%PDF-1.4\n" + b"\x00" * 64, "de PDF is beschadigd"),
    ],
)
def test_bad_files_are_refused_in_the_job_and_change_nothing(env: Env, name: str, make: Any, reason: str) -> None:
    if name == "beveiligd.pdf" and not SAMPLE.exists():
        pytest.skip("shared/pdf-samples is not there")
    before = env.files(), (env.corpus / "catalog.toml").read_text(encoding="utf-8"), gens.current_name(env.index)
    info = env.upload(make(), name, title="Iets")
    assert info["state"] == "refused" and reason in info["message"], info
    assert not re.search(r"[A-Z]\w*(Error|Exception)\b", info["message"]), "a Python exception's name"
    assert (
        env.files(),
        (env.corpus / "catalog.toml").read_text(encoding="utf-8"),
        gens.current_name(env.index),
    ) == before
    page = env.client.get(f"/beheer/upload/{info['id']}")
    assert "Geweigerd" in page.text and reason in page.text


@pytest.mark.parametrize(
    ("kwargs", "status", "text"),
    [
        ({"token": None}, 403, "beheertoken"),
        ({"token": "fout"}, 403, "beheertoken"),
        ({"token": TOKEN[:-1]}, 403, "beheertoken"),
        ({"name": "brief.docx"}, 415, "Alleen PDF, TXT of MD"),
        ({"name": "zonder-extensie"}, 415, "Alleen PDF, TXT of MD"),
        ({"content": b""}, 400, "leeg"),
        ({"year": "twintig"}, 400, "Jaar"),
        ({"year": "1492"}, 400, "Jaar"),
        ({"type": "roman"}, 400, "documenttype"),
        ({"title": "x" * 5000}, 400, "te lang"),
    ],
)
def test_refused_requests(env: Env, kwargs: dict[str, Any], status: int, text: str) -> None:
    before = env.files()
    content = kwargs.pop("content", NOTE.encode())
    name = kwargs.pop("name", "notitie.txt")
    token = kwargs.pop("token", TOKEN)
    for api in (False, True):
        response = env.post(content, name, token=token, api=api, **kwargs)
        assert response.status_code == status, response.text
        if api:  # the API's errors are {"detail": "..."}, a Dutch sentence, as everywhere under /api/
            detail = response.json()["detail"]
            assert set(response.json()) == {"detail"} and detail[0].isupper() and detail.endswith(".")
            assert text.lower() in detail.lower()
        else:
            assert text.lower() in response.text.lower()
    assert env.files() == before


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"token": "fout"}, 403),
        ({"year": "twintig"}, 400),
        ({"name": "brief.docx"}, 415),
        ({"content": b""}, 400),
    ],
)
def test_a_refused_form_comes_back_as_the_user_filled_it_in(env: Env, kwargs: dict[str, Any], status: int) -> None:
    typed = {
        "title": 'Notitie "jeugd" <op> school',
        "type": "notitie",
        "organisation": "GGD Kennemerland",
        "year": "2024",
    }
    typed |= {k: v for k, v in kwargs.items() if k in typed}
    response = env.post(
        kwargs.get("content", NOTE.encode()),
        kwargs.get("name", "notitie.txt"),
        token=kwargs.get("token", TOKEN),
        **typed,
    )
    assert response.status_code == status
    html = response.text
    assert 'value="Notitie &#34;jeugd&#34; &lt;op&gt; school"' in html  # escaped, in the value only
    assert '<option value="notitie" selected>' in html
    assert 'value="GGD Kennemerland"' in html and f'value="{typed["year"]}"' in html
    assert "Kies het bestand opnieuw" in html  # a browser cannot be given the file back
    assert TOKEN not in html and 'value="fout"' not in html  # the token is never sent back


def test_token_in_header(env: Env) -> None:
    response = env.client.post(
        "/api/upload", headers={"X-Kennisbank-Token": TOKEN}, files={"file": ("kop.md", b"# Kop\n\n" + NOTE.encode())}
    )
    assert response.status_code == 202
    assert env.wait(response.json()["id"])["state"] == "done"
    response = env.client.post(
        "/api/upload", headers={"Authorization": "Bearer fout"}, files={"file": ("kop2.md", NOTE.encode())}
    )
    assert response.status_code == 403


def test_token_is_compared_in_constant_time(env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[bytes, bytes]] = []
    real = upload_request.hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(upload_request.hmac, "compare_digest", spy)
    assert env.post(NOTE.encode(), token="fout").status_code == 403
    assert calls == [(b"fout", TOKEN.encode())]


def test_no_admin_token_no_upload(tmp_path: Path) -> None:
    env = Env(tmp_path, token="")
    assert env.client.get("/beheer/upload").status_code == 404
    assert env.post(NOTE.encode(), token="").status_code == 404
    assert env.post(NOTE.encode(), token="", api=True).status_code == 404
    assert not [n for n in env.files() if n.startswith(".upload-")]


def test_too_large_is_refused(env: Env) -> None:
    before = env.files()
    big = b"woord " * (2 * 1024 * 1024 // 6 + 10)  # just over 2 MB
    for api in (False, True):
        response = env.post(big, "groot.txt", api=api)
        assert response.status_code == 413 and "te groot" in response.text
    assert env.files() == before
    ok = env.upload(b"woord " * (1024 * 1024 // 6) + NOTE.encode(), "net-onder-de-grens.txt")  # about 1 MB
    assert ok["state"] == "done", ok


def _request(env: Env, chunks: list[bytes], headers: dict[str, str]) -> tuple[Any, list[int]]:
    """A Starlette request whose body arrives in chunks; records how many were read."""
    from starlette.requests import Request

    pulled: list[int] = []

    async def receive() -> dict[str, Any]:
        i = len(pulled)
        pulled.append(i)
        if i < len(chunks):
            return {"type": "http.request", "body": chunks[i], "more_body": i + 1 < len(chunks)}
        return {"type": "http.disconnect"}

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/api/upload",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
    }
    return Request(scope, receive), pulled


def _multipart(
    boundary: str, fields: list[tuple[str, str]], file_name: str, file_chunks: int, chunk: bytes
) -> list[bytes]:
    head = b""
    for name, value in fields:
        head += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
    head += f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{file_name}"\r\n\r\n'.encode()
    return [head] + [chunk] * file_chunks + [f"\r\n--{boundary}--\r\n".encode()]


def test_limits_are_enforced_while_streaming(env: Env) -> None:
    """A 20 MB body against a 2 MB limit is refused after about 2 MB has been read, a wrong token
    before any of the file has been stored, and an announced oversize body before reading at all."""
    manager: UploadManager = env.router.uploads  # type: ignore[attr-defined]
    boundary = "grens"
    chunk = b"x" * 65536
    headers = {"content-type": f"multipart/form-data; boundary={boundary}"}

    body = _multipart(boundary, [("token", TOKEN)], "groot.txt", 320, chunk)
    request, pulled = _request(env, body, headers)
    with pytest.raises(UploadRefused) as info:
        asyncio.run(manager.receive(request))
    assert info.value.status == 413
    assert len(pulled) < 40, f"read {len(pulled)} chunks of 64 kB before refusing"

    body = _multipart(boundary, [("token", "fout")], "groot.txt", 320, chunk)
    request, pulled = _request(env, body, headers)
    with pytest.raises(UploadRefused) as info:
        asyncio.run(manager.receive(request))
    assert info.value.status == 403 and len(pulled) <= 2

    request, pulled = _request(env, body, {**headers, "content-length": str(50 * 1024 * 1024)})
    with pytest.raises(UploadRefused) as info:
        asyncio.run(manager.receive(request))
    assert info.value.status == 413 and pulled == []
    assert not [n for n in env.files() if n.startswith(".upload-")]


def test_progress_is_visible_while_another_ingest_holds_the_index(env: Env) -> None:
    with gens.writer_lock(env.index):
        response = env.post(NOTE.encode(), "wachten.txt", api=True, title="<script>alert('x')</script>")
        job_id = response.json()["id"]
        deadline = time.monotonic() + 30
        while env.client.get(f"/api/upload/{job_id}").json()["phase"] != "wachten":
            assert time.monotonic() < deadline
            time.sleep(0.05)
        page = env.client.get(f"/beheer/upload/{job_id}")
        assert "Bezig" in page.text and "Wachten tot een andere indexering klaar is" in page.text
        assert 'http-equiv="refresh"' in page.text
    info = env.wait(job_id)
    assert info["state"] == "done"
    page = env.client.get(f"/beheer/upload/{job_id}").text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page and "<script>alert" not in page


def test_uploads_run_one_at_a_time(env: Env) -> None:
    ids = [
        env.post(
            (NOTE + f"\nVersie {i} met een eigen slotzin over school {i}.\n").encode(), f"reeks-{i}.txt", api=True
        ).json()["id"]
        for i in range(3)
    ]
    infos = [env.wait(i) for i in ids]
    assert [i["state"] for i in infos] == ["done"] * 3
    assert len({i["generation"] for i in infos}) == 3
    assert {f"reeks-{i}" for i in range(3)} <= {m.id for m in env.handle.searcher().store.document_metas()}


def test_unknown_job(env: Env) -> None:
    response = env.client.get("/api/upload/bestaat-niet")
    assert response.status_code == 404 and response.json() == {"detail": "Onbekende upload: deze bestaat niet (meer)."}
    assert env.client.get("/beheer/upload/bestaat-niet").status_code == 404


def test_an_upload_without_a_title_reports_the_title_the_index_gives_it(env: Env) -> None:
    info = env.upload(NOTE.encode(), "eenzaamheid-en-sociale-veerkracht.txt")
    assert info["state"] == "done", info
    assert info["document_id"] == "eenzaamheid-en-sociale-veerkracht"
    indexed = env.handle.searcher().store.meta("eenzaamheid-en-sociale-veerkracht")
    assert indexed is not None and info["title"] == indexed.title == "Eenzaamheid en sociale veerkracht"
    assert info["message"].startswith(
        "‘Eenzaamheid en sociale veerkracht’ is toegevoegd als document ‘eenzaamheid-en-sociale-veerkracht’"
    )
    page = env.client.get(f"/beheer/upload/{info['id']}").text
    assert "<dt>Titel</dt><dd>Eenzaamheid en sociale veerkracht</dd>" in page


def test_a_failed_upload_names_no_python_exception(env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise KeyError("chunks")

    monkeypatch.setattr(upload_jobs, "ingest", broken)

    def state() -> tuple[set[str], str]:  # the catalogue's lock file may appear: it is no document
        names = {n for n in env.files() if not n.startswith(".")}
        return names, (env.corpus / "catalog.toml").read_text(encoding="utf-8")

    before = state()
    info = env.upload(NOTE.encode(), "stuk.txt")
    assert info["state"] == "failed" and "er is niets veranderd" in info["message"]
    assert "KeyError" not in info["message"] and "chunks" not in info["message"]
    assert state() == before
