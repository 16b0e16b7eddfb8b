"""Citations a beleidsmedewerker can paste: "NJi, Samen om het kind (2015), p. 33, §4 Aansluiting met het wijkteam"."""

from __future__ import annotations

import re

from ingest.models import Chunk, DocumentMeta


def short_organisation(organisation: str) -> str:
    """'Nederlands Jeugdinstituut (NJi)' -> 'NJi'; other names unchanged."""
    m = re.search(r"\(([^()]{2,12})\)\s*$", organisation)
    return m.group(1) if m else organisation.strip()


def short_title(title: str) -> str:
    """The main title, without the subtitle after a dash or the part in brackets. A dash before a
    lower-case word joins a pair ("aansluiting onderwijs – jeugdhulp"): that stays."""
    main = re.split(r"\s[–—-]\s(?=[A-ZÀ-Ý0-9“‘\"'])|\s\(", title, maxsplit=1)[0].strip()
    return main or title


def page_label(page_start: int | None, page_end: int | None) -> str:
    """'p. 33', 'p. 8–11', 'p. 81 e.v.' (from 81 on, end unknown) or '' when no page is known."""
    if page_start is None:
        return ""
    if page_end is None:
        return f"p. {page_start} e.v."
    if page_end == page_start:
        return f"p. {page_start}"
    return f"p. {page_start}–{page_end}"


def section_label(section: tuple[str, ...]) -> str:
    """'§4 Aansluiting met het wijkteam' for a numbered chapter, else the innermost heading."""
    if not section:
        return ""
    chapter = section[0]
    m = re.match(r"^(\d+(?:\.\d+)*)\.?\s*(.+)$", chapter)
    inner = section[-1] if len(section) > 1 else ""
    label = f"§{m.group(1)} {m.group(2)}" if m else chapter
    if inner and inner != chapter:
        label = f"{label} › {inner}"
    return label


_SQUASH = re.compile(r"[\W_]+", re.UNICODE)


def citable_section(section: tuple[str, ...], title: str) -> tuple[str, ...]:
    """The section path without a heading that only repeats the document's title: the
    Haarlemmermeer note's first heading is its title line ("Notitie: Verkenning wijkgericht werken
    bij aansluiting onderwijs – jeugdhulp"), and the citation read the title twice."""
    key = _SQUASH.sub("", title.lower())
    return tuple(h for h in section if not (key and _SQUASH.sub("", h.lower()).endswith(key)))


def cite(meta: DocumentMeta, chunk: Chunk) -> str:
    parts = []
    org = short_organisation(meta.organisation)
    title = short_title(meta.title)
    head = f"{org}, {title}" if org else title
    if meta.year:
        head += f" ({meta.year})"
    parts.append(head)
    page = page_label(chunk.page_start, chunk.page_end)
    if page:
        parts.append(page)
    section = section_label(citable_section(chunk.section, meta.title))
    if section:
        parts.append(section)
    return ", ".join(parts)
