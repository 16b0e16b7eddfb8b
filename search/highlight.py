"""Answer sentences marked in a passage, for HTML: the text is escaped first, then the
<mark> tags are added around the (escaped) spans, so nothing in a document can become markup."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from markupsafe import Markup, escape

from .years import YEAR_LINE, shows_year_line


def normalise_spans(spans: Iterable[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """Spans clipped to [0, length], empty ones dropped, sorted, overlapping or touching ones merged."""
    clipped = sorted((max(0, a), min(length, b)) for a, b in spans if min(length, b) > max(0, a))
    merged: list[tuple[int, int]] = []
    for a, b in clipped:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def highlight(text: str, spans: Iterable[tuple[int, int]], notes: Mapping[int, str] | None = None) -> Markup:
    """`text` as safe HTML with each span (character offsets into `text`) wrapped in <mark>.
    `notes` (by a span's start) are set after the span's mark, escaped too: the year a marked
    sentence stands under when the passage does not show that year's line (year_notes)."""
    notes = notes or {}
    out: list[str] = []
    pos = 0
    for a, b in normalise_spans(spans, len(text)):
        out.append(escape(text[pos:a]))
        out.append(Markup("<mark>") + escape(text[a:b]) + Markup("</mark>"))
        for note in (notes[s] for s in sorted(notes) if a <= s < b):
            out.append(Markup('<span class="jaar-label">') + escape(note) + Markup("</span>"))
        pos = b
    out.append(escape(text[pos:]))
    return Markup("").join(out)


# A line that says something under its year: a list item or a sentence, not a slide's title
# ("SLB begeleiding op school doelen … per kalenderjaar") or side label ("#lln met").
_GOAL_LINE = re.compile(r"^[•·▪‣◦*–-]\s|[.!?;:]['’”\")]*$")


def opening_label(text: str, year: int | None) -> str:
    """What a passage that opens under a year whose line ended the passage before it shows first
    ("[2024]"), or "" (no such year, or a year's line comes before any goal or sentence). Four
    2024 goals opened a passage whose first year line was "2025": read without it, "maximaal 55%"
    and "minimaal 30%" passed for 2025 goals, marked or not."""
    if year is None:
        return ""
    for line in text.split("\n"):
        line = " ".join(line.split())
        if YEAR_LINE.match(line):
            return ""  # a year's line before any goal (a slide's title above "2026" says no year)
        if _GOAL_LINE.search(line):
            return f"[{year}]"
    return ""


def year_notes(
    text: str, spans: Sequence[tuple[int, int]], years: Sequence[int | None], opening: int | None = None
) -> dict[int, str]:
    """For each marked sentence that stands under a year whose line lies outside the passage (a
    slide's "2024" in the passage before: four 2024 goals opened the next passage without it),
    that year, by the sentence's start: " [2024]", as the command line shows it. None for the
    year the passage opens under (`opening`) while no year line comes first: the passage's
    opening_label says it."""
    return {
        a: f" [{year}]"
        for (a, _), year in zip(spans, years, strict=False)
        if year is not None
        and not shows_year_line(text[:a], year)
        and not (year == opening and opening_label(text, opening) and not _any_year_line(text[:a]))
    }


def _any_year_line(text: str) -> bool:
    return any(YEAR_LINE.match(" ".join(line.split())) for line in text.split("\n"))
