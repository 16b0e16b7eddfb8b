"""The contents table of a publication ("Inhoud", then "4. Aansluiting met het wijkteam 31"):
shared by heading detection (its titles mark the unnumbered chapters) and page recovery
(its page numbers say on which page each of those headings stands)."""

from __future__ import annotations

import re

CONTENTS_TITLE = re.compile(r"^(inhoud|inhoudsopgave)$", re.I)
CONTENTS_LINE = re.compile(r"^(.{3,120}?)\s+(\d{1,3})$")
CONTENTS_LABEL = re.compile(r"\s*\([^()]{1,20}\)$")  # "(blog)": a label the contents table adds
MIN_ENTRIES = 3  # fewer "title number" lines after "Inhoud" are a coincidence, not a table


def squash(s: str) -> str:
    """Letters and digits only: PDF text splits words ("samenwerkings verband")."""
    return re.sub(r"[\W_]+", "", s.lower())


def contents_entry(line: str) -> tuple[str, int] | None:
    """("4. Aansluiting met het wijkteam", 31) from one line of a contents table."""
    m = CONTENTS_LINE.match(line.strip())
    return (m.group(1).strip(), int(m.group(2))) if m else None


def bare_title(title: str) -> str:
    """The title without a trailing label such as "(blog)"."""
    return CONTENTS_LABEL.sub("", title)
