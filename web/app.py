"""The web application: `create_app(settings)` wires the knowledge base, the page, API and
werkmap routes, security headers and error pages. No global app instance."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from kennisbank.settings import Settings
from search import generations as gens
from search.manifest import IndexError_

from .reasons import dutch_field_problem
from .routes_api import api_router
from .routes_pages import pages_router
from .routes_werkmap import werkmap_router
from .service import KnowledgeBase, WebError
from .templating import STATIC, Pages

log = logging.getLogger(__name__)

# No inline script or style anywhere: the pages load /static/site.js and /static/style.css only.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
STATUS_HEADINGS = {
    400: "Deze vraag kan niet worden uitgevoerd",
    404: "Niet gevonden",
    405: "Niet toegestaan",
    413: "Te groot",
    422: "Ongeldige invoer",
    500: "Er ging iets mis",
    503: "De kennisbank is niet beschikbaar",
}


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def create_app(settings: Settings) -> FastAPI:
    kb = KnowledgeBase(settings)
    pages = Pages()
    upload = None
    if settings.admin_token:
        from .upload import upload_router

        upload = upload_router(settings, kb.handle)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        if upload is not None:
            upload.uploads.shutdown()  # type: ignore[attr-defined]  # let a running ingest finish

    app = FastAPI(
        lifespan=lifespan,
        title="Kennisbank Doen wat werkt",
        description="Zoek in beleidsteksten over onderwijs en jeugdhulp: geciteerde passages per thema.",
        version="0.1.0",
        docs_url=None,  # Swagger UI loads its scripts from a CDN: offline and under the CSP it cannot work
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.kb = kb
    app.state.settings = settings
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.middleware("http")
    async def security_headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    def error_response(request: Request, status: int, message: str) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": message}, status_code=status)
        heading = STATUS_HEADINGS.get(status, "Er ging iets mis")
        return pages.render(request, "error.html", status_code=status, heading=heading, message=message)

    @app.exception_handler(WebError)
    async def web_error(request: Request, exc: WebError) -> Response:
        return error_response(request, exc.status, exc.message if _wants_json(request) else exc.page_message)

    @app.exception_handler(gens.IndexMissingError)
    async def index_missing(request: Request, exc: gens.IndexMissingError) -> Response:
        return error_response(
            request, 503, "Er is nog geen index. Bouw die met 'kennisbank ingest' en laad de pagina opnieuw."
        )

    @app.exception_handler(IndexError_)
    async def index_broken(request: Request, exc: IndexError_) -> Response:
        log.error("index cannot be opened: %s", exc)
        return error_response(request, 503, f"De index kan niet worden geopend: {exc}")

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(dutch_field_problem(err) for err in exc.errors()[:5])
        return error_response(request, 422, f"Ongeldige invoer ({problems}).")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        messages = {404: "Deze pagina bestaat niet.", 405: "Deze methode is hier niet toegestaan."}
        message = messages.get(exc.status_code) or (exc.detail if isinstance(exc.detail, str) else "Ongeldig verzoek.")
        return error_response(request, exc.status_code, message)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        # Never a traceback to the user; the log has it.
        log.exception("unexpected error on %s", request.url.path)
        response = error_response(request, 500, "Er ging onverwacht iets mis. Probeer het later opnieuw.")
        # This handler runs outside the middleware stack, so the headers are set here too.
        response.headers.update(SECURITY_HEADERS)
        return response

    app.include_router(pages_router(kb, pages))
    app.include_router(werkmap_router(kb, pages, settings.public_url))
    app.include_router(api_router(kb))

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request) -> Response:
        # From the schema itself, so the page lists exactly what /openapi.json describes.
        routes = [
            (path, method.upper(), op.get("summary", ""))
            for path, ops in app.openapi()["paths"].items()
            for method, op in ops.items()
        ]
        return pages.render(request, "api.html", routes=routes)

    if upload is not None:
        app.include_router(upload)
    return app
