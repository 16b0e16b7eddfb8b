"""Answer sentences marked in a passage, for HTML: the text is escaped first, then the
<mark> tags are added around the (escaped) spans, so nothing in a document can become markup."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from markupsafe import Markup, escape

from .answer import shows_year_line


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


def year_notes(text: str, spans: Sequence[tuple[int, int]], years: Sequence[int | None]) -> dict[int, str]:
    """For each marked sentence that stands under a year whose line lies outside the passage (a
    slide's "2024" in the passage before: four 2024 goals opened the next passage without it),
    that year, by the sentence's start: " [2024]", as the command line shows it."""
    return {
        a: f" [{year}]"
        for (a, _), year in zip(spans, years, strict=False)
        if year is not None and not shows_year_line(text[:a], year)
    }
