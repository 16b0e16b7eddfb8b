"""Answer sentences marked in a passage, for HTML: the text is escaped first, then the
<mark> tags are added around the (escaped) spans, so nothing in a document can become markup."""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup, escape


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


def highlight(text: str, spans: Iterable[tuple[int, int]]) -> Markup:
    """`text` as safe HTML with each span (character offsets into `text`) wrapped in <mark>."""
    out: list[str] = []
    pos = 0
    for a, b in normalise_spans(spans, len(text)):
        out.append(escape(text[pos:a]))
        out.append(Markup("<mark>") + escape(text[a:b]) + Markup("</mark>"))
        pos = b
    out.append(escape(text[pos:]))
    return Markup("").join(out)
