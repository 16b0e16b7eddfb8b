"""A document's cleaned text as HTML blocks: headings, paragraphs and page markers, with one
passage wrapped in <mark id=...> so that a link with that fragment scrolls to it, and the
sentences the search marked as its answer marked inside it.

Pure: the text is escaped piece by piece; only the tags added here are markup.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from ingest.models import Document
from search.citation import page_label

_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")


@dataclass(frozen=True)
class PageMarker:
    offset: int
    anchor: str
    label: str
    page_lo: int
    page_hi: int | None  # None: from page_lo on, the end is unknown (after the last numbered footer)


@dataclass(frozen=True)
class Block:
    kind: str  # "heading", "paragraph", "page" (a page marker between blocks) or "anchor" (a box opens)
    html: Markup
    level: int = 0
    anchor: str = ""


@dataclass(frozen=True)
class TocEntry:
    title: str
    anchor: str
    level: int


def passage_anchor(chunk_id: str) -> str:
    return f"passage-{chunk_id}"


def page_markers(doc: Document) -> list[PageMarker]:
    """One marker where the known page (range) changes; text without page information gets none."""
    out: list[PageMarker] = []
    previous = None
    for k, span in enumerate(doc.pages):
        if span.page_lo is None:
            previous = None
            continue
        if (span.page_lo, span.page_hi) == previous:
            continue
        previous = (span.page_lo, span.page_hi)
        label = page_label(span.page_lo, span.page_hi)  # as the citations write it: "p. 90 e.v."
        out.append(PageMarker(span.start, f"pagina-{k + 1}", label, span.page_lo, span.page_hi))
    return out


def page_anchor(doc: Document, page: int) -> str | None:
    """The anchor of the first marker whose pages include `page`; None when no text is known to
    lie on it. An open end ("p. 90 e.v.") counts for its first page only: how far it runs is
    unknown, so a later page number is answered as unknown rather than guessed."""
    for marker in page_markers(doc):
        hi = marker.page_hi if marker.page_hi is not None else marker.page_lo
        if marker.page_lo <= page <= hi:
            return marker.anchor
    return None


_SPAN = re.compile(r"([0-9]{1,9})-([0-9]{1,9})")
MAX_MARKED_SENTENCES = 8


def sentence_spans(values: Sequence[str], passage: tuple[int, int]) -> tuple[tuple[int, int], ...]:
    """The answer sentences a context link names ("zin=120-180"), those that lie inside the
    passage. Others are left out, not refused: a link saved before a re-ingest may name offsets
    of an older text, and the passage itself is still worth showing."""
    out = []
    for value in values[:MAX_MARKED_SENTENCES]:
        m = _SPAN.fullmatch(value.strip())
        if m:
            a, b = int(m.group(1)), int(m.group(2))
            # overlapping spans (a hand-made link) would nest one mark in another
            if passage[0] <= a < b <= passage[1] and not any(a < y and x < b for x, y in out):
                out.append((a, b))
    return tuple(out)


def heading_anchor(index: int) -> str:
    return f"kop-{index + 1}"


def table_of_contents(doc: Document, max_level: int = 1) -> list[TocEntry]:
    """The chapters; a box opened before its title line (a heading of no length, see
    ingest.structure.open_boxes_after_reading_lists) is listed once, where it opens: its own
    title line, the next heading of that title, is left out."""
    out = []
    waiting: set[str] = set()  # titles of opened boxes whose title line has not come yet
    for i, h in enumerate(doc.headings):
        if h.end == h.start:
            waiting.add(h.title)
        elif h.title in waiting:
            waiting.discard(h.title)
            continue
        if h.level <= max_level:
            out.append(TocEntry(h.title, heading_anchor(i), h.level))
    return out


def _segments(doc: Document) -> list[tuple[int, int, int | None]]:
    """(start, end, heading index or None): paragraphs split at heading bounds, whitespace trimmed."""
    text = doc.text
    cuts = {0, len(text)}
    for m in _BLANK_LINES.finditer(text):
        cuts.update((m.start(), m.end()))
    for h in doc.headings:
        cuts.update((max(0, min(h.start, len(text))), max(0, min(h.end, len(text)))))
    points = sorted(cuts)
    out = []
    for s, e in zip(points, points[1:], strict=False):
        piece = text[s:e]
        if not piece.strip():
            continue
        s += len(piece) - len(piece.lstrip())
        e -= len(piece) - len(piece.rstrip())
        heading = next((i for i, h in enumerate(doc.headings) if h.start <= s and e <= h.end), None)
        out.append((s, e, heading))
    return out


def _inline(text: str, s: int, e: int, events: list[tuple[int, int, Markup]]) -> Markup:
    """text[s:e] escaped, with each event's markup inserted at its offset (order breaks ties)."""
    out: list[str] = []
    pos = s
    for offset, _, markup in sorted(events, key=lambda ev: (ev[0], ev[1])):
        out.append(escape(text[pos:offset]))
        out.append(markup)
        pos = offset
    out.append(escape(text[pos:e]))
    return Markup("").join(out)


def _marker_html(marker: PageMarker) -> Markup:
    return Markup('<span class="pagina" id="{}">{}</span>').format(marker.anchor, marker.label)


def document_blocks(
    doc: Document,
    passage: tuple[int, int] | None = None,
    passage_id: str = "",
    sentences: Sequence[tuple[int, int]] = (),
) -> list[Block]:
    """The document as blocks; the characters [start, end) of `passage` are marked, the first
    piece of the mark carrying the id `passage_id`, and within it the `sentences` (the answer the
    search marked: document offsets) once more."""
    text = doc.text
    markers = page_markers(doc)
    blocks: list[Block] = []
    m = 0
    anchored = False
    openings = [(h.start, i) for i, h in enumerate(doc.headings) if h.end == h.start]
    o = 0
    for s, e, heading in _segments(doc):
        while o < len(openings) and openings[o][0] <= s:
            blocks.append(Block("anchor", Markup(""), anchor=heading_anchor(openings[o][1])))
            o += 1
        inline: list[PageMarker] = []
        while m < len(markers) and markers[m].offset < e:
            if markers[m].offset <= s or heading is not None:
                blocks.append(Block("page", _marker_html(markers[m])))
            else:
                inline.append(markers[m])
            m += 1
        events: list[tuple[int, int, Markup]] = [(mk.offset, 1, _marker_html(mk)) for mk in inline]
        if passage is not None:
            a, b = max(s, passage[0]), min(e, passage[1])
            if a < b:
                if anchored or not passage_id:
                    events.append((a, 2, Markup('<mark class="passage">')))
                else:
                    events.append((a, 2, Markup('<mark class="passage" id="{}">').format(passage_id)))
                    anchored = True
                events.append((b, 0, Markup("</mark>")))
            for lo, hi in sentences:
                a, b = max(s, passage[0], lo), min(e, passage[1], hi)
                if a < b:  # inside the passage's mark: opened after it, closed before it
                    events.append((a, 3, Markup('<mark class="zin">')))
                    events.append((b, -1, Markup("</mark>")))
        html = _inline(text, s, e, events)
        if heading is not None:
            level = doc.headings[heading].level
            blocks.append(Block("heading", html, level=level, anchor=heading_anchor(heading)))
        else:
            blocks.append(Block("paragraph", html))
    for marker in markers[m:]:
        blocks.append(Block("page", _marker_html(marker)))
    return blocks
