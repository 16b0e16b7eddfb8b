"""The werkmap as a file: Markdown, Word (.docx) or CSV. Pure: passages in, bytes out.

Each passage comes with its full citation; a list of the sources closes the Markdown and
Word files. The passages are the index's own text, looked up by the server from their ids.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from .views import PassageView

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

TITLE = "Werkmap – Kennisbank Doen wat werkt"
DOCX_LANGUAGE = "nl-NL"
CSV_COLUMNS = (
    "nummer",
    "bronvermelding",
    "titel",
    "organisatie",
    "jaar",
    "pagina",
    "sectie",
    "soort passage",
    "thema's",
    "tekst",
    "document",
    "passage",
    "vindplaats",
)
MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _date(today: date) -> str:
    return today.strftime("%d-%m-%Y")


def _clean(text: str) -> str:
    return " ".join(text.split())


def _paragraphs(text: str) -> list[list[str]]:
    """The passage's paragraphs, each as its lines: a slide's bullets are one line each (the
    cleaned text keeps list items on lines of their own), running text is one line."""
    return [[_clean(line) for line in p.split("\n") if line.strip()] for p in text.split("\n\n") if p.strip()]


def link_base(public_url: str, request_base: str) -> str:
    """What the "Vindplaats" links start with: the address colleagues reach the knowledge base
    at (KENNISBANK_PUBLIC_URL) when set, else the one the request came in on. That one is often
    http://127.0.0.1:8000, which in a handout sent to colleagues leads nowhere."""
    return (public_url or request_base).rstrip("/")


def cell_text(text: str) -> str:
    """The passage's text for one spreadsheet cell: each line of `_paragraphs` on a line of its
    own, paragraphs one line break apart. Flattened to one line, a slide's years, bullets and
    titles ran together ("#Thuiszitters 2023 • Thuiszitters worden gevolgd …"); a blank line
    between paragraphs would double-space every slide, whose paragraphs are single lines."""
    return "\n".join(line for para in _paragraphs(text) for line in para)


def source_entry(v: PassageView) -> str:
    """'Nederlands Jeugdinstituut (NJi) (2015). Samen om het kind – ... Publicatie.'"""
    head = v.organisation.strip()
    if v.year:
        head = f"{head} ({v.year})" if head else f"({v.year})"
    parts = [p.rstrip(".") for p in (head, v.title.strip(), v.doc_type.capitalize()) if p]
    # A title that ends in "?", "!" or "…" (inside its closing quote or not) ends its sentence
    # itself: "organiseren?. Presentatie" was wrong.
    return " ".join(p if p.rstrip("”’\"')").endswith(("?", "!", "…")) else p + "." for p in parts)


def full_reference(v: PassageView) -> str:
    """Title, organisation, year, page and section, written out."""
    parts = [v.title, v.organisation, str(v.year) if v.year else "", v.page, v.section]
    return ", ".join(p for p in parts if p)


def sources(passages: Sequence[PassageView]) -> list[str]:
    """Each document once, in the order its first passage appears."""
    seen: dict[str, str] = {}
    for v in passages:
        seen.setdefault(v.doc_id, source_entry(v))
    return list(seen.values())


def _note(count: int, missing: int, today: date) -> str:
    note = f"Samengesteld op {_date(today)}; {count} passage{'s' if count != 1 else ''}."
    if missing == 1:
        note += " 1 bewaarde passage staat niet meer in de kennisbank en ontbreekt."
    elif missing:
        note += f" {missing} bewaarde passages staan niet meer in de kennisbank en ontbreken."
    return note


# A "<" that could open an HTML tag: Markdown passes raw HTML on, and a title uploaded as
# "<script>…" would run in a viewer that renders it. "< 18 jaar" stays as it is.
_TAG_OPEN = re.compile(r"<(?=[A-Za-z/!?])")


def markdown_safe(text: str) -> str:
    return _TAG_OPEN.sub("&lt;", text)


def to_markdown(passages: Sequence[PassageView], *, today: date, base_url: str = "", missing: int = 0) -> bytes:
    lines = [f"# {TITLE}", "", f"_{_note(len(passages), missing, today)}_", ""]
    for n, v in enumerate(passages, start=1):
        lines += [f"## {n}. {v.citation}", ""]
        for i, para in enumerate(_paragraphs(v.labelled_text)):
            if i:
                lines.append(">")
            # a hard line break ("  ") keeps a slide's bullets apart in the quote
            lines += [f"> {line}" + ("  " if k < len(para) - 1 else "") for k, line in enumerate(para)]
        lines.append("")
        lines.append(f"Bron: {full_reference(v)}  ")
        lines.append(
            f"Soort passage: {v.kind_label}"
            + (f" · Thema's: {', '.join(t.label for t in v.themes)}" if v.themes else "")
            + "  "
        )
        lines.append(f"Vindplaats: {base_url}{v.context_url} (passage {v.chunk_id})")
        lines.append("")
    lines += ["## Bronnen", ""]
    lines += [f"{i}. {entry}" for i, entry in enumerate(sources(passages), start=1)]
    return ("\n".join(markdown_safe(line) for line in lines) + "\n").encode("utf-8")


def _csv_cell(value: object) -> str:
    """Text as is, except that a leading = + - @ (a formula to a spreadsheet) gets a quote."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


# Dutch spreadsheets (Excel with Dutch regional settings, LibreOffice) read ";" as the field
# separator, since "," is the decimal comma there: a comma-separated file opened in all its
# columns in column A.
CSV_DELIMITER = ";"


def to_csv(passages: Sequence[PassageView], *, base_url: str = "") -> bytes:
    # A field holding a line break is quoted (csv.QUOTE_MINIMAL quotes any character of the
    # line terminator), so a spreadsheet keeps the passage's lines inside one cell.
    out = io.StringIO()
    writer = csv.writer(out, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for n, v in enumerate(passages, start=1):
        writer.writerow(
            [
                _csv_cell(x)
                for x in (
                    n,
                    v.citation,
                    v.title,
                    v.organisation,
                    v.year or "",
                    v.page,
                    v.section,
                    v.kind_label,
                    "; ".join(t.label for t in v.themes),
                    cell_text(v.labelled_text),
                    v.doc_id,
                    v.chunk_id,
                    f"{base_url}{v.context_url}",
                )
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM tells spreadsheets it is UTF-8


def to_docx(passages: Sequence[PassageView], *, today: date, base_url: str = "", missing: int = 0) -> bytes:
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    _describe(doc, today)
    doc.add_heading(TITLE, level=0)
    doc.add_paragraph(_note(len(passages), missing, today)).runs[0].italic = True
    for n, v in enumerate(passages, start=1):
        doc.add_heading(f"{n}. {v.citation}", level=1)
        for para in _paragraphs(v.labelled_text):
            for line in para:
                doc.add_paragraph(line, style="Quote")
        meta = doc.add_paragraph()
        meta.add_run("Bron: ").bold = True
        meta.add_run(full_reference(v))
        meta.add_run("\nSoort passage: ").bold = True
        meta.add_run(v.kind_label + (f" · Thema's: {', '.join(t.label for t in v.themes)}" if v.themes else ""))
        meta.add_run("\nVindplaats: ").bold = True
        meta.add_run(f"{base_url}{v.context_url}")
        for run in meta.runs:
            run.font.size = Pt(9)
    doc.add_heading("Bronnen", level=1)
    for entry in sources(passages):
        doc.add_paragraph(entry, style="List Number")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _describe(doc: DocxDocument, today: date) -> None:
    """The file's properties and language: python-docx's template says it was made by
    "python-docx" on 2013-12-23 and is English, so Word marked every Dutch word as misspelt."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    props = doc.core_properties
    made = datetime(today.year, today.month, today.day)
    props.title = TITLE
    props.author = props.last_modified_by = "Kennisbank Doen wat werkt"
    props.created = props.modified = made
    props.language = DOCX_LANGUAGE
    props.comments = ""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), DOCX_LANGUAGE)
    lang.set(qn("w:eastAsia"), DOCX_LANGUAGE)
