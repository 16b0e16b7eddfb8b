"""The JSON API under /api/: the same search, documents and themes as the pages, typed with
the pydantic models in schemas.py so /openapi.json describes them."""

from __future__ import annotations

from fastapi import APIRouter, Query

from .schemas import (
    DocumentDetailOut,
    DocumentOut,
    ErrorOut,
    PassageOut,
    PassagesOut,
    SearchOut,
    ThemeDetailOut,
    ThemeOut,
)
from .service import MAX_PASSAGE_IDS, KnowledgeBase

ERRORS = {400: {"model": ErrorOut}, 404: {"model": ErrorOut}, 422: {"model": ErrorOut}, 503: {"model": ErrorOut}}


def api_router(kb: KnowledgeBase) -> APIRouter:
    router = APIRouter(prefix="/api", tags=["kennisbank"], responses=ERRORS)

    @router.get("/search", response_model=SearchOut, summary="Zoek passages, gegroepeerd per thema")
    def search(
        q: str = Query(description="de vraag, in gewone woorden of met afkortingen"),
        theme: list[str] = Query(default=[], description="thema-slug (herhaalbaar)"),
        type: list[str] = Query(default=[], description="documenttype, bijv. publicatie"),
        organisation: list[str] = Query(default=[]),
        year: list[str] = Query(default=[], description="jaartal, vier cijfers"),
        kind: list[str] = Query(
            default=[],
            description="soort passage, bijv. praktijkvoorbeeld; leeslijsten (literatuur) komen alleen als je erom vraagt",
        ),
        doc: list[str] = Query(default=[], description="document-id (herhaalbaar): zoek alleen in dat document"),
        k: str | None = Query(default=None, description="aantal passages, 1-50 (standaard 10)"),
    ) -> SearchOut:
        params = kb.parse_search(
            q, theme=theme, type=type, organisation=organisation, year=year, kind=kind, doc=doc, k=k
        )
        return SearchOut.of(kb.search(params))

    @router.get("/documents", response_model=list[DocumentOut], summary="De documenten in de kennisbank")
    def documents() -> list[DocumentOut]:
        return [DocumentOut.of(row) for row in kb.documents()]

    @router.get(
        "/documents/{doc_id}", response_model=DocumentDetailOut, summary="Een document met zijn opgeschoonde tekst"
    )
    def document(doc_id: str) -> DocumentDetailOut:
        doc, count = kb.document(doc_id)
        return DocumentDetailOut.of_document(doc, count)

    @router.get("/themes", response_model=list[ThemeOut], summary="De thema's met aantallen passages en documenten")
    def themes() -> list[ThemeOut]:
        return [ThemeOut.of(row) for row in kb.theme_rows()]

    @router.get(
        "/themes/{slug}", response_model=ThemeDetailOut, summary="Een thema met zijn meest kenmerkende passages"
    )
    def theme(slug: str) -> ThemeDetailOut:
        row, passages = kb.theme(slug)
        return ThemeDetailOut(**ThemeOut.of(row).model_dump(), representative=[PassageOut.of(v) for v in passages])

    @router.get("/passages", response_model=PassagesOut, summary="Passages op id (voor de werkmap)")
    def passages(
        id: list[str] = Query(default=[], description=f"passage-id (herhaalbaar, hoogstens {MAX_PASSAGE_IDS})"),
    ) -> PassagesOut:
        views, missing = kb.passages(id)
        return PassagesOut(passages=[PassageOut.of(v) for v in views], missing=missing)

    return router
