"""What a page or the API shows of a passage: its citation pieces, kind label, marked text and
links. Built once per passage here, so the HTML pages, the API and the exports agree."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from markupsafe import Markup, escape

from ingest.kinds import KINDS
from ingest.models import Chunk, DocumentMeta
from search.citation import citable_section, cite, page_label, section_label
from search.highlight import highlight, opening_label, year_notes
from search.models import Hit

from .document_view import passage_anchor

# A passage is shown with its line breaks (white-space: pre-line); runs of empty lines, common
# in slide decks, would stretch a result card without adding anything.
_EMPTY_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")


def compact_lines(html: Markup) -> Markup:
    """Escaped passage HTML with each run of empty lines reduced to one line break. Only
    whitespace between tags is touched, so the markup stays as safe as it was."""
    return Markup(_EMPTY_LINES.sub("\n", str(html)))


def document_url(doc_id: str) -> str:
    return f"/documenten/{quote(doc_id, safe='')}"


def theme_url(slug: str) -> str:
    return f"/themas/{quote(slug, safe='')}"


def context_url(doc_id: str, chunk_id: str, sentences: Iterable[tuple[int, int]] = ()) -> str:
    """The document opened at a passage: the server marks it, and the answer `sentences`
    (document offsets) within it; the fragment scrolls to it."""
    query = urlencode([("passage", chunk_id), *(("zin", f"{a}-{b}") for a, b in sentences)])
    return f"{document_url(doc_id)}?{query}#{quote(passage_anchor(chunk_id), safe=':')}"


def kind_label(kind: str) -> str:
    return KINDS.get(kind, kind)


@dataclass(frozen=True)
class ThemeTag:
    slug: str
    label: str
    score: float


@dataclass(frozen=True)
class PassageView:
    chunk_id: str
    doc_id: str
    rank: int | None
    score: float | None
    kind: str
    kind_label: str
    text: str
    html: Markup  # the text, escaped, answer sentences in <mark>
    answer_sentences: tuple[str, ...]
    citation: str
    title: str
    organisation: str
    year: int | None
    doc_type: str
    source: str
    page: str
    page_start: int | None
    page_end: int | None
    section: str
    section_path: tuple[str, ...]
    themes: tuple[ThemeTag, ...]
    context_url: str
    duplicates: tuple[str, ...]
    answer_years: tuple[int | None, ...] = ()  # per answer sentence, the year it stands under
    start: int = 0  # offsets of the passage in the document's cleaned text
    end: int = 0
    # "[2024]" when the passage opens under a year whose line ended the passage before it
    # (highlight.opening_label): shown before its text on the page and in exports
    opening_label: str = ""
    opening_year: int | None = None  # the year behind opening_label

    @property
    def labelled_text(self) -> str:
        """The text as exports give it: after the opening year's label, on a line of its own."""
        return f"{self.opening_label}\n{self.text}" if self.opening_label else self.text


def passage_view(
    chunk: Chunk,
    meta: DocumentMeta,
    labels: Mapping[str, str],
    *,
    rank: int | None = None,
    score: float | None = None,
    themes: Iterable[tuple[str, float]] = (),
    spans: Iterable[tuple[int, int]] = (),
    duplicates: Iterable[str] = (),
    years: Iterable[int | None] = (),
    opening_year: int | None = None,
) -> PassageView:
    spans = list(spans)
    years = tuple(years)
    label = opening_label(chunk.text, opening_year)
    html = compact_lines(highlight(chunk.text, spans, year_notes(chunk.text, spans, years, opening_year)))
    if label:
        html = Markup('<span class="jaar-label jaar-opening">') + escape(label) + Markup("</span>\n") + html
    return PassageView(
        chunk_id=chunk.id,
        doc_id=chunk.doc_id,
        rank=rank,
        score=score,
        kind=chunk.kind,
        kind_label=kind_label(chunk.kind),
        text=chunk.text,
        html=html,
        answer_sentences=tuple(" ".join(chunk.text[a:b].split()) for a, b in spans),
        answer_years=years,
        citation=cite(meta, chunk),
        title=meta.title,
        organisation=meta.organisation,
        year=meta.year,
        doc_type=meta.type,
        source=meta.source,
        page=page_label(chunk.page_start, chunk.page_end),
        page_start=chunk.page_start,
        page_end=chunk.page_end,
        section=section_label(citable_section(chunk.section, meta.title)),
        section_path=tuple(chunk.section),
        themes=tuple(ThemeTag(slug, labels.get(slug, slug), round(float(s), 4)) for slug, s in themes),
        context_url=context_url(chunk.doc_id, chunk.id, [(chunk.start + a, chunk.start + b) for a, b in spans]),
        duplicates=tuple(duplicates),
        start=chunk.start,
        end=chunk.end,
        opening_label=label,
        opening_year=opening_year if label else None,
    )


def hit_view(hit: Hit, labels: Mapping[str, str]) -> PassageView:
    return passage_view(
        hit.chunk,
        hit.meta,
        labels,
        rank=hit.rank,
        score=hit.score,
        themes=hit.themes,
        spans=hit.answer_spans(),
        duplicates=hit.duplicates,
        years=hit.answer_years,
        opening_year=hit.opening_year,
    )
