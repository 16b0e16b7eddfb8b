"""The HTML pages: zoeken, documenten, een document, thema's, een thema, werkmap.
Each route parses its input, asks the KnowledgeBase, renders a template."""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from search import generations as gens
from search.manifest import IndexError_

from .document_view import document_blocks, page_anchor, passage_anchor, sentence_spans, table_of_contents
from .pages import SearchPage, SearchParams, ThemeRow
from .service import BadRequest, KnowledgeBase, NotFound
from .templating import Pages
from .views import document_url

log = logging.getLogger(__name__)

MAX_SUGGESTIONS = 6


def theme_suggestions(rows: list[ThemeRow], page: SearchPage | None = None) -> list[ThemeRow]:
    """Themes to offer: those of the passages found first (they were near the question),
    then the themes with the most passages."""
    by_slug = {r.slug: r for r in rows if r.passages}
    first = [t.slug for p in (page.passages if page else []) for t in p.themes]
    order = list(dict.fromkeys([*first, *(r.slug for r in sorted(by_slug.values(), key=lambda r: -r.passages))]))
    return [by_slug[s] for s in order if s in by_slug][:MAX_SUGGESTIONS]


def _form_state(kb: KnowledgeBase, q: str, chosen: dict[str, list[str]], k: str | None) -> SearchParams:
    """The search form's state: the question as typed and the filters that pass validation."""
    valid: dict[str, list[str]] = {}
    for name, values in chosen.items():
        try:
            kb.parse_filters(**{name: values})
        except BadRequest:
            continue
        valid[name] = values
    try:
        return replace(kb.parse_filters(k=k, **valid), q=q)
    except BadRequest:
        return replace(kb.parse_filters(**valid), q=q)


def pages_router(kb: KnowledgeBase, pages: Pages) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    max_chars = kb.settings.max_query_chars

    @router.get("/", response_class=HTMLResponse)
    def home(
        request: Request,
        q: str | None = None,
        theme: list[str] = Query(default=[]),
        type: list[str] = Query(default=[]),
        organisation: list[str] = Query(default=[]),
        year: list[str] = Query(default=[]),
        kind: list[str] = Query(default=[]),
        doc: list[str] = Query(default=[]),
        k: str | None = None,
    ) -> Response:
        context: dict[str, object] = {"max_chars": max_chars, "page": None, "error": "", "index_problem": ""}
        try:
            facets = kb.facets()
            rows = kb.theme_rows()
        except (gens.IndexMissingError, IndexError_) as exc:
            # The page speaks Dutch and shows no server paths; the English detail goes to the log.
            if isinstance(exc, gens.IndexMissingError):
                problem = "er is nog geen index"
            else:
                log.error("index cannot be opened: %s", exc)
                problem = "de index kan niet worden geopend; het serverlog zegt waarom"
            context.update(
                params=SearchParams(q=(q or "")[:max_chars]), facets=None, suggestions=[], index_problem=problem
            )
            return pages.render(request, "home.html", **context)
        context.update(facets=facets, suggestions=theme_suggestions(rows))
        chosen = {"theme": theme, "type": type, "organisation": organisation, "year": year, "kind": kind, "doc": doc}
        if q is None or (not q.strip() and any(chosen.values())):
            # No question yet (a theme page's "zoek binnen dit thema" link, or filters chosen
            # first): the form, with the filters that are valid already set, and a word on any
            # that is not (a stale link to a theme that was renamed).
            status = 200
            try:
                params = kb.parse_filters(k=k, **chosen)
            except BadRequest as exc:
                context.update(error=exc.page_message)
                status = exc.status
                params = _form_state(kb, "", chosen, k)
            return pages.render(request, "home.html", status_code=status, params=params, **context)
        try:
            params = kb.parse_search(q, k=k, **chosen)
        except BadRequest as exc:
            # The form keeps the question and every filter that is valid, so the user only
            # has to mend what the message names.
            raw = _form_state(kb, " ".join((q or "").split())[:max_chars], chosen, k)
            context.update(error=exc.page_message)
            return pages.render(request, "home.html", status_code=exc.status, params=raw, **context)
        page = kb.search(params)
        context.update(page=page, suggestions=theme_suggestions(rows, page))
        return pages.render(request, "home.html", params=params, **context)

    @router.get("/documenten", response_class=HTMLResponse)
    def documents(request: Request) -> Response:
        return pages.render(request, "documents.html", rows=kb.documents())

    @router.get("/documenten/{doc_id}", response_class=HTMLResponse)
    def document(
        request: Request,
        doc_id: str,
        passage: str | None = None,
        pagina: str | None = None,
        zin: list[str] = Query(default=[]),
    ) -> Response:
        doc, count = kb.document(doc_id)
        if pagina is not None:
            # ASCII digits only: str.isdigit() also accepts "²", which int() refuses. A whole number
            # of any length is a page number (past the last page: not found); one thousands of
            # digits long, which int() refuses, is read as a number past any page.
            digits = pagina.strip()
            significant = digits.lstrip("0")
            if not re.fullmatch(r"[0-9]+", digits) or not significant:
                raise BadRequest(f"Ongeldig paginanummer: '{pagina[:20]}'. Gebruik een geheel getal vanaf 1.")
            page = int(significant) if len(significant) <= 9 else 999_999_999
            if not any(span.page_lo is not None for span in doc.pages):
                raise NotFound("Dit document heeft geen paginanummers; zoek de passage via de inhoudsopgave.")
            anchor = page_anchor(doc, page)
            if anchor is None:
                # after the last numbered footer the text runs on ("p. 90 e.v."): how far is unknown
                open_end = max((s.page_lo for s in doc.pages if s.page_lo is not None and s.page_hi is None), default=0)
                if open_end and page > open_end:
                    raise NotFound(
                        f"Na pagina {open_end} geeft de tekst van dit document geen paginanummers meer: "
                        f"pagina {page} is niet aan te wijzen. De tekst vanaf pagina {open_end} staat achteraan."
                    )
                raise NotFound(f"Pagina {page} komt in dit document niet voor.")
            return RedirectResponse(f"{document_url(doc.id)}#{anchor}", status_code=303)
        view = kb.passage_in(doc.id, passage) if passage else None
        span = (view.start, view.end) if view else None
        anchor = passage_anchor(view.chunk_id) if view else ""
        return pages.render(
            request,
            "document.html",
            doc=doc,
            passages=count,
            passage=view,
            passage_anchor=anchor,
            toc=table_of_contents(doc),
            blocks=document_blocks(doc, span, anchor, sentence_spans(zin, span) if span else ()),
            max_chars=max_chars,
        )

    @router.get("/themas", response_class=HTMLResponse)
    def themes(request: Request) -> Response:
        return pages.render(request, "themes.html", rows=kb.theme_rows())

    @router.get("/themas/{slug}", response_class=HTMLResponse)
    def theme(request: Request, slug: str) -> Response:
        row, passages = kb.theme(slug)
        return pages.render(request, "theme.html", theme=row, passages=passages, search_link=urlencode({"theme": slug}))

    @router.get("/werkmap", response_class=HTMLResponse)
    def werkmap(request: Request) -> Response:
        return pages.render(request, "werkmap.html")

    return router
