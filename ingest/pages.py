"""Recover page boundaries from the text layer of a PDF saved as plain text.

The seed texts lost their form feeds. What is left to mark a page end is a
running footer followed (or preceded) by the page number, e.g. in the NJi
publication "Samen om het kind - Op school, thuis en in de wijk" then "7",
and runs of three or more empty lines where the extractor put a page break (a
line of spaces among them is a lost bullet glyph and does not count).
Only the footer carries a number, so pages between two numbered footers are
known as a range, never guessed. A contents table adds what it states: the page
each listed heading stands on ("4. Aansluiting met het wijkteam 31"), applied to
the cleaned text's page spans (`anchor_page_spans`), so text between two listed
headings lies between their pages. A listed page the footers contradict is ignored:
the footers are what a reader sees on the page.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from .models import PageSpan, PageText

_BLANK_RUN = re.compile(r"\n[ \t\f]*(?:\n[ \t\f]*){3,}")
_NUMBER_LINE = re.compile(r"^\s*(\d{1,3})\s*$")
_MIN_FOOTER_REPEATS = 3


def _norm(line: str) -> str:
    return " ".join(line.split()).lower()


def find_numbered_footer(text: str) -> str | None:
    """The running footer: a line that repeats at least three times next to a bare number."""
    lines = text.split("\n")
    counts: Counter[str] = Counter()
    for i, line in enumerate(lines):
        if not _NUMBER_LINE.match(line):
            continue
        for j in (i - 2, i - 1, i + 1, i + 2):
            if 0 <= j < len(lines) and len(_norm(lines[j])) > 8 and not _NUMBER_LINE.match(lines[j]):
                counts[_norm(lines[j])] += 1
    best = [line for line, n in counts.most_common(1) if n >= _MIN_FOOTER_REPEATS]
    return best[0] if best else None


def split_text_pages(text: str) -> list[PageText]:
    """Split a text-layer dump into pages with the page range each can be on.

    A page ends at a footer+number pair (numbered break) or at a run of empty
    lines (unnumbered break). Text before a numbered break of page N is on
    page N; between two numbered breaks M and N with k unnumbered breaks, the
    stretches are bounded by M+1+i from below and N-(k-i) from above.
    Without any numbered footer no page is known and all ranges are None.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    footer = find_numbered_footer(text)
    lines = text.split("\n")
    pieces: list[tuple[str, int | None]] = []  # (text, number of the page this break ends)
    current: list[str] = []
    blank_run = 0
    i = 0
    while i < len(lines):
        line = lines[i]
        if footer and _norm(line) == footer:
            number = _footer_number(lines, i)
            if number is not None:
                # the number line may stand just before the footer: drop it from the page
                while current and not current[-1].strip():
                    current.pop()
                if current and _NUMBER_LINE.match(current[-1]) and int(current[-1]) == number:
                    current.pop()
                pieces.append(("\n".join(current), number))
                current = []
                blank_run = 0
                i = _skip_footer(lines, i, number)
                continue
        if not line.strip():
            # A line of spaces is a list bullet whose glyph the extractor lost, not page-break
            # white: at the end of NJi chapter 3 "", " ", "" ended page 27 before the reading
            # list, and the chapter's last pages were cited p. 24-27 while p. 28 holds them.
            blank_run += 0 if " " in line else 1
        else:
            if blank_run >= 3 and any(x.strip() for x in current):
                pieces.append(("\n".join(current), None))
                current = []
            blank_run = 0
        current.append(line)
        i += 1
    pieces.append(("\n".join(current), None))
    return _assign_ranges(pieces, known=footer is not None)


def _footer_number(lines: list[str], i: int) -> int | None:
    for j in (i + 1, i + 2, i - 1, i - 2):
        if 0 <= j < len(lines):
            m = _NUMBER_LINE.match(lines[j])
            if m:
                return int(m.group(1))
    return None


def _skip_footer(lines: list[str], i: int, number: int) -> int:
    j = i + 1
    while j < len(lines) and j <= i + 2:
        m = _NUMBER_LINE.match(lines[j])
        if m and int(m.group(1)) == number:
            return j + 1
        if lines[j].strip():
            break
        j += 1
    return i + 1


def _assign_ranges(pieces: list[tuple[str, int | None]], known: bool) -> list[PageText]:
    """Page ranges per piece, one gap between numbered footers at a time.

    In the gap after footer M (0 at the start) that ends with footer N, stretch i of s
    lies on M+1+i .. N-(s-1-i) when every unnumbered break there is a real page break.
    More stretches than pages (s > N-M) means some blank runs were no page breaks, so
    none of them can be trusted: every stretch of that gap gets M+1 .. N. After the last
    footer the end is open.
    """
    if not known:
        return [PageText(text=t) for t, _ in pieces if t.strip()]
    bounds: list[tuple[int, int | None]] = []
    gap: list[int] = []  # indices of the pieces since the last numbered break
    last_number = 0  # the document starts on page 1
    for k, (_, number) in enumerate(pieces):
        gap.append(k)
        if number is None:
            continue
        first = min(last_number + 1, number)  # a footer number lower than the last one: trust the footer
        s = len(gap)
        for i, _k in enumerate(gap):
            if s <= number - first + 1:
                bounds.append((first + i, number - (s - 1 - i)))
            else:
                bounds.append((first, number))
        last_number = number
        gap = []
    for i, _k in enumerate(gap):
        bounds.append((last_number + 1 + i, None))
    return [
        PageText(text=t, page_lo=lo, page_hi=hi) for (t, _), (lo, hi) in zip(pieces, bounds, strict=False) if t.strip()
    ]


def anchor_page_spans(spans: Sequence[PageSpan], anchors: Sequence[tuple[int, int]]) -> tuple[PageSpan, ...]:
    """Narrow page ranges with (offset, page) anchors: the text at `offset` is on `page`.

    Reading order is page order, so text before an anchor is on its page or earlier and text
    after it on its page or later. An anchor outside the range its span already has, or below an
    earlier anchor, contradicts what is known and is ignored; spans without pages stay so.
    """
    spans = list(spans)
    kept: list[tuple[int, int]] = []
    for offset, page in sorted(anchors):
        span = next((s for s in spans if s.start <= offset < s.end), None)
        if span is None or span.page_lo is None:
            continue
        if page < span.page_lo or (span.page_hi is not None and page > span.page_hi):
            continue
        if kept and page < kept[-1][1]:
            continue
        kept.append((offset, page))
    if not kept:
        return tuple(spans)
    cuts = {offset: page for offset, page in kept}
    pieces: list[PageSpan] = []
    for span in spans:
        inner = sorted(o for o in cuts if span.start <= o < span.end)
        edges = [span.start, *(o for o in inner if o > span.start), span.end]
        pieces += [PageSpan(a, b, span.page_lo, span.page_hi) for a, b in zip(edges, edges[1:], strict=False)]
    # text after an anchor is on its page or later, text before it on its page or earlier
    lo_bound: int | None = None
    for i, s in enumerate(pieces):
        if s.page_lo is None:
            lo_bound = None
            continue
        if s.start in cuts:
            lo_bound = cuts[s.start]
        if lo_bound is not None and s.page_lo < lo_bound:
            pieces[i] = PageSpan(s.start, s.end, lo_bound, s.page_hi)
    hi_bound: int | None = None
    for i in range(len(pieces) - 1, -1, -1):
        s = pieces[i]
        if s.page_lo is None:
            hi_bound = None
            continue
        if hi_bound is not None and (s.page_hi is None or s.page_hi > hi_bound):
            pieces[i] = PageSpan(s.start, s.end, s.page_lo, hi_bound)
        if s.start in cuts:
            hi_bound = cuts[s.start]
    return tuple(pieces)
