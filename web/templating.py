"""Jinja2 set-up: autoescaping on, the templates next to this module, one render helper."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ingest.kinds import KINDS

from .views import context_url, document_url, theme_url

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"
SITE_NAME = "Kennisbank Doen wat werkt"


def make_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        site_name=SITE_NAME,
        kinds=KINDS,
        document_url=document_url,
        theme_url=theme_url,
        context_url=context_url,
    )
    return env


class Pages:
    """Renders a template to an HTML response; `request` tells the navigation where we are."""

    def __init__(self) -> None:
        self.env = make_environment()

    def render(self, request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        html = self.env.get_template(name).render(path=request.url.path, **context)
        return HTMLResponse(html, status_code=status_code)
