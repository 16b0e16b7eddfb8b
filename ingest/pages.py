"""Recover page boundaries from the text layer of a PDF saved as plain text.

The seed texts lost their form feeds. What is left to mark a page end is a
running footer followed (or preceded) by the page number, e.g. in the NJi
publication "Samen om het kind - Op school, thuis en in de wijk" then "7",
and runs of three or more empty lines where the extractor put a page break.
Only the footer carries a number, so pages between two numbered footers are
known as a range, never guessed. A contents table adds what it states: the page
each listed heading stands on ("4. Aansluiting met het wijkteam 31"), so text
between two listed headings lies between their pages. A contents page number that
contradicts the footers is ignored: the footers are what a reader sees on the page.
"""

from __future__ import annotations

import re
from collections import Counter

from .contents import CONTENTS_TITLE, MIN_ENTRIES, bare_title, contents_entry, squash
from .models import PageText

FOOTER = "footer"  # a break after a numbered footer: the page with that number ends here
ANCHOR = "anchor"  # a break before a heading the contents table lists: that page goes on from here
Break = tuple[str, int] | None  # None: a run of empty lines, or the end of the text

_CONTENTS_SCAN_LINES = 200  # a contents table stands near the top
_HEADING_WRAP_LINES = 3  # a listed heading may wrap ("Betrokkenen aan het woord:" / "voorzitter PO-Raad")
_MIN_HEADING_KEY = 6
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
    lines (unnumbered break); a heading listed in the contents table starts a
    stretch on its listed page. Text before a numbered break of page N is on
    page N; between two numbered breaks M and N with k unnumbered breaks, the
    stretches are bounded by M+1+i from below and N-(k-i) from above.
    Without any numbered footer no page is known and all ranges are None.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    footer = find_numbered_footer(text)
    lines = text.split("\n")
    anchors = contents_anchors(lines) if footer else {}
    pieces: list[tuple[str, Break]] = []
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
                pieces.append(("\n".join(current), (FOOTER, number)))
                current = []
                blank_run = 0
                i = _skip_footer(lines, i, number)
                continue
        if i in anchors:
            pieces.append(("\n".join(current), (ANCHOR, anchors[i])))
            current = []
            blank_run = 0
        elif not line.strip():
            blank_run += 1
        else:
            if blank_run >= 3 and any(x.strip() for x in current):
                pieces.append(("\n".join(current), None))
                current = []
            blank_run = 0
        current.append(line)
        i += 1
    pieces.append(("\n".join(current), None))
    return _assign_ranges(_consistent_anchors(pieces), known=footer is not None)


def contents_anchors(lines: list[str]) -> dict[int, int]:
    """Line index of each heading the contents table lists -> its listed page. Headings are
    looked for in the table's order after it; one that is not found is skipped."""
    start, entries = _contents_table(lines)
    out: dict[int, int] = {}
    i = start
    for title, page in entries:
        key = squash(bare_title(title))
        if len(key) < _MIN_HEADING_KEY:
            continue
        for j in range(i, len(lines)):
            first = squash(lines[j])
            # the line holds the start of the title and nothing else; wrapped lines complete it
            if len(first) >= _MIN_HEADING_KEY and key.startswith(first):
                if squash(" ".join(lines[j : j + _HEADING_WRAP_LINES])).startswith(key):
                    out[j] = page
                    i = j + 1
                    break
    return out


def _contents_table(lines: list[str]) -> tuple[int, list[tuple[str, int]]]:
    """(index of the first line after the table, [(title, page)]) or (0, [])."""
    for i, line in enumerate(lines[:_CONTENTS_SCAN_LINES]):
        if not CONTENTS_TITLE.match(line.strip()):
            continue
        entries: list[tuple[str, int]] = []
        j = i + 1
        while j < len(lines):
            if lines[j].strip():
                entry = contents_entry(lines[j])
                if entry is None:
                    break
                entries.append(entry)
            j += 1
        pages = [p for _, p in entries]
        if len(entries) >= MIN_ENTRIES and pages == sorted(pages):
            return j, entries
    return 0, []


def _consistent_anchors(pieces: list[tuple[str, Break]]) -> list[tuple[str, Break]]:
    """Drop a contents page the footers contradict: below a page that already ended, or past
    the next numbered footer. The text is then joined again as if the heading were not listed
    (a heading may stand mid-page: its split is no page break)."""
    next_footer: list[int | None] = [None] * len(pieces)
    upcoming = None
    for k in range(len(pieces) - 1, -1, -1):
        next_footer[k] = upcoming
        brk = pieces[k][1]
        if brk is not None and brk[0] == FOOTER:
            upcoming = brk[1]
    out: list[tuple[str, Break]] = []
    low = 1
    carried = ""
    for k, (text, brk) in enumerate(pieces):
        text = carried + text
        carried = ""
        if brk is not None and brk[0] == ANCHOR:
            page, limit = brk[1], next_footer[k]
            if page < low or (limit is not None and page > limit):
                carried = text + "\n"
                continue
            low = page
        elif brk is not None:
            low = brk[1] + 1
        out.append((text, brk))
    if carried:
        out.append((carried, None))
    return out


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


def _assign_ranges(pieces: list[tuple[str, Break]], known: bool) -> list[PageText]:
    """Page ranges per piece, one gap between known pages at a time.

    A gap runs from a known start (page 1, the page after footer M, or the listed page p of a
    heading) to a known end (footer N: its last stretch ends on N; a listed heading on page q:
    its last stretch ends on q at the latest). Stretch i of s lies on first+i .. last-(s-1-i)
    when every unnumbered break there is a real page break. More stretches than pages means
    some blank runs were no page breaks, so none of them can be trusted: every stretch of that
    gap gets first .. last. After the last known page the end is open.
    """
    if not known:
        return [PageText(text=t) for t, _ in pieces if t.strip()]
    bounds: list[tuple[int, int | None]] = []
    gap: list[int] = []  # indices of the pieces since the last known page
    start = 1  # the document starts on page 1
    for k, (_, brk) in enumerate(pieces):
        gap.append(k)
        if brk is None:
            continue
        kind, number = brk
        first = min(start, number)  # a footer number lower than the last one: trust the footer
        s = len(gap)
        for i, _k in enumerate(gap):
            if s <= number - first + 1:
                bounds.append((first + i, number - (s - 1 - i)))
            else:
                bounds.append((first, number))
        start = number + 1 if kind == FOOTER else number
        gap = []
    for i, _k in enumerate(gap):
        bounds.append((start + i, None))
    return [
        PageText(text=t, page_lo=lo, page_hi=hi) for (t, _), (lo, hi) in zip(pieces, bounds, strict=False) if t.strip()
    ]
