"""Adding documents through the web UI (beheer): an upload form and a background ingest.

Mounted by the web app only when KENNISBANK_ADMIN_TOKEN is set, and every upload must carry
that token (form field `token`, header `X-Kennisbank-Token` or `Authorization: Bearer ...`),
compared in constant time.

- GET  /beheer/upload          the form (PDF, TXT or MD, metadata from the catalogue)
- POST /beheer/upload          the upload; answers with a redirect to the job page
- GET  /beheer/upload/{job}    progress and result of one upload (refreshes itself)
- POST /api/upload             the same upload for scripts; answers 202 with the job
- GET  /api/upload/{job}       progress and result as JSON

The request body is parsed as it streams in: the file goes straight to a hidden temporary
file in corpus/ and the upload is refused (413) as soon as it passes KENNISBANK_MAX_UPLOAD_MB,
or (403) when a file follows a wrong token, before any of it is stored (the small fields in
between are read, so that the refused form comes back filled in); nothing is held in memory.
Errors are {"detail": "..."} under /api/, like the rest of the API. The job, one at a time
in a background thread, checks the file (extract_pages: the same refusals as the command
line), gives it a safe name that overwrites nothing, appends a [[document]] entry to
corpus/catalog.toml (written atomically), and ingests it into a new index generation, which
the server picks up on its next request. A refused or failed upload leaves corpus/, the
catalogue and the index as they were.

This module holds the routes; reading the request is upload_request.py, the jobs and their
ingest upload_jobs.py, file names and the catalogue upload_catalog.py.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.templating import Jinja2Templates

from ingest.catalog import DOC_TYPES
from ingest.embed import Embedder
from ingest.extract import SUPPORTED_SUFFIXES
from kennisbank.settings import Settings
from search.handle import IndexHandle

from .schemas import ErrorOut
from .upload_jobs import UploadManager
from .upload_request import UploadRefused, clean_text


def _templates(templates: Jinja2Templates | None) -> Jinja2Templates:
    if templates is not None:
        return templates
    from .templating import make_environment

    # The site's own environment, so that the upload pages get the same base page and navigation.
    return Jinja2Templates(env=make_environment(), context_processors=[lambda request: {"path": request.url.path}])


UPLOAD_OPENAPI = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "token": {
                            "type": "string",
                            "description": "het beheertoken (of stuur het in de header X-Kennisbank-Token)",
                        },
                        "file": {"type": "string", "format": "binary", "description": "PDF, TXT of MD"},
                        "title": {"type": "string", "maxLength": 300},
                        "type": {"type": "string", "enum": ["", *DOC_TYPES]},
                        "organisation": {"type": "string", "maxLength": 200},
                        "year": {"type": "string", "pattern": "^(\\d{4})?$"},
                    },
                }
            }
        },
    }
}


def upload_router(
    settings: Settings,
    handle: IndexHandle | None = None,
    *,
    templates: Jinja2Templates | None = None,
    embedder: Embedder | None = None,
    manager: UploadManager | None = None,
) -> APIRouter:
    """The upload pages and API. The app includes it only when settings.admin_token is set;
    without a token every route answers 404 all the same."""
    uploads = manager or UploadManager(settings, handle, embedder)
    tpl = _templates(templates)
    router = APIRouter()
    router.uploads = uploads  # type: ignore[attr-defined]  # for tests and app shutdown

    def enabled() -> None:
        if not settings.admin_token:
            raise UploadRefused(404, "Uploaden staat uit: zet KENNISBANK_ADMIN_TOKEN.")

    def form_values(fields: dict[str, str]) -> dict[str, str]:
        """What the user typed, to fill the form in again after a refusal (not the token, and a
        browser cannot be given the file back)."""
        limits = {"title": 300, "type": 40, "organisation": 200, "year": 10}
        return {name: clean_text(fields.get(name, ""), limit) for name, limit in limits.items()}

    def form_page(
        request: Request, status: int = 200, error: str = "", values: dict[str, str] | None = None
    ) -> Response:
        context = {
            "request": request,
            "error": error,
            "values": values or {},
            "doc_types": DOC_TYPES,
            "max_mb": settings.max_upload_mb,
            "suffixes": ", ".join(s.lstrip(".").upper() for s in SUPPORTED_SUFFIXES),
        }
        return tpl.TemplateResponse(request, "upload.html", context, status_code=status)

    @router.get("/beheer/upload", response_class=HTMLResponse, include_in_schema=False)
    async def upload_form(request: Request) -> Response:
        try:
            enabled()
        except UploadRefused as exc:
            return HTMLResponse(exc.message, status_code=exc.status)
        return form_page(request)

    @router.post("/beheer/upload", include_in_schema=False)
    async def upload_post(request: Request) -> Response:
        try:
            enabled()
            job = await uploads.receive(request)
        except UploadRefused as exc:
            return form_page(request, exc.status, exc.message, form_values(exc.fields))
        uploads.submit(job)
        return RedirectResponse(f"/beheer/upload/{job.id}", status_code=303)

    @router.get("/beheer/upload/{job_id}", response_class=HTMLResponse, include_in_schema=False)
    async def upload_status_page(request: Request, job_id: str) -> Response:
        job = uploads.get(job_id) if settings.admin_token else None
        if job is None:
            return tpl.TemplateResponse(request, "upload_job.html", {"request": request, "job": None}, status_code=404)
        return tpl.TemplateResponse(request, "upload_job.html", {"request": request, "job": job, "info": job.to_json()})

    @router.post(
        "/api/upload",
        status_code=202,
        openapi_extra=UPLOAD_OPENAPI,
        responses={status: {"model": ErrorOut} for status in (400, 403, 404, 413, 415)},
        tags=["beheer"],
        summary="Een document toevoegen (met het beheertoken)",
    )
    async def upload_api(request: Request) -> JSONResponse:
        try:
            enabled()
            job = await uploads.receive(request)
        except UploadRefused as exc:
            return JSONResponse({"detail": exc.message}, status_code=exc.status)
        uploads.submit(job)
        return JSONResponse(
            {**job.to_json(), "status_url": f"/api/upload/{job.id}", "page_url": f"/beheer/upload/{job.id}"},
            status_code=202,
        )

    @router.get(
        "/api/upload/{job_id}",
        tags=["beheer"],
        summary="Voortgang en resultaat van een upload",
        responses={404: {"model": ErrorOut}},
    )
    async def upload_status(job_id: str) -> JSONResponse:
        job = uploads.get(job_id) if settings.admin_token else None
        if job is None:
            return JSONResponse({"detail": "Onbekende upload: deze bestaat niet (meer)."}, status_code=404)
        return JSONResponse(job.to_json())

    return router
