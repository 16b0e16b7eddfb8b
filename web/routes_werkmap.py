"""Werkmap export: the browser posts the ids of the saved passages; the server looks them up
in the index (so every word is the source's) and answers with a Markdown, Word or CSV file."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from .export import MEDIA_TYPES, link_base, to_csv, to_docx, to_markdown
from .service import MAX_EXPORT_IDS, BadRequest, KnowledgeBase, NotFound
from .templating import Pages


def werkmap_router(kb: KnowledgeBase, pages: Pages, public_url: str) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.post("/werkmap/export.{fmt}")
    async def export(request: Request, fmt: str) -> Response:
        if fmt not in MEDIA_TYPES:
            raise NotFound(f"Onbekend exportformaat '{fmt[:20]}': kies md, docx of csv.")
        try:
            form = await request.form(max_fields=MAX_EXPORT_IDS + 1)
        except StarletteHTTPException as exc:
            if "fields" in str(exc.detail):
                raise BadRequest(f"Te veel passages tegelijk (hoogstens {MAX_EXPORT_IDS}).") from None
            raise BadRequest("Het exportverzoek kon niet worden gelezen.") from None
        ids = [str(v) for v in form.getlist("passage")]
        if not ids:
            raise BadRequest("De werkmap is leeg: bewaar eerst een of meer passages.")
        views, missing = kb.passages(ids, limit=MAX_EXPORT_IDS)
        if not views:
            raise NotFound("Geen van de bewaarde passages staat (nog) in de kennisbank.")
        today = date.today()
        base_url = link_base(public_url, str(request.base_url))
        if fmt == "md":
            body = to_markdown(views, today=today, base_url=base_url, missing=len(missing))
        elif fmt == "docx":
            body = to_docx(views, today=today, base_url=base_url, missing=len(missing))
        else:
            body = to_csv(views, base_url=base_url)
        filename = f"werkmap-{today.isoformat()}.{fmt}"
        return Response(
            body, media_type=MEDIA_TYPES[fmt], headers={"Content-Disposition": f'attachment; filename="{filename}"'}
        )

    return router
