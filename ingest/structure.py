"""Find headings in cleaned text and give every offset its section path.

Three kinds of heading are recognised, each for a reason seen in the corpus:
- numbered chapters and sections ("4. Aansluiting met het wijkteam", "1.3 Duurzame ...");
  a run of numbered lines with no prose between them is a list, not headings, and a
  footnote ("1 Blijvende bron van zorg, ...", its number glued to a word above) is none;
- titles from a table of contents ("Betrokkenen aan het woord: voorzitter PO-Raad 11"),
  which mark the unnumbered chapters of a publication;
- short unpunctuated lines standing alone before a paragraph (box titles, slide titles);
- the title of a run of slides ("doelen thuiszitters per kalenderjaar", one slide per year):
  the first slide often has a label glued in front of it ("Passend thuisnabij onderwijs doelen
  TLV's per kalenderjaar") and the repeats lose their first words to the running-header
  cleaner, so a run is recognised by the words its titles end with, and opens one section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .contents import CONTENTS_TITLE, MIN_ENTRIES, bare_title, contents_entry, squash
from .models import Heading

_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s*([A-ZÀ-Ý‘'\"“].*)$")
_END_PUNCT = re.compile(r"[.,;]['’”\")]*$")
_MAX_HEADING_WORDS = 18
_MAX_SHORT_HEADING_WORDS = 8
_MAX_PAGE_TITLE_WORDS = 16
# Box and part markers of the publications: always a heading when they stand alone.
BOX_MARKERS = (
    "doen wat werkt",
    "verder lezen",
    "betrokkenen aan het woord",
    "lessen uit het buitenland",
    "praktijkvoorbeeld",
    "aanbevelingen",
    "conclusie",
    "conclusies",
)
_YEAR = re.compile(r"^\d{4}(?:\s*\(vervolg\))?$")  # "2024 (vervolg)": a slide's year, no title
_MIN_SERIES_WORDS = 3  # "per kalenderjaar" alone does not make two slide titles one run
_MIN_SERIES_SLIDES = 3  # a title page that repeats the cover's two lines is no run of slides
_LEAD_IN = re.compile(r":['’”\")]*$")  # "De pilot werd uitgewerkt langs vier pijlers:" opens a list
_FOOTNOTE_NUMBER = re.compile(r"^(\d{1,2})\s")  # a footnote has no full stop after its number
_FOOTNOTE_LOOKBACK = 6000  # characters: about two pages of text above the footnote


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    text: str


def split_paragraphs(text: str) -> list[Paragraph]:
    """Paragraphs are separated by blank lines; list items by single newlines."""
    out = []
    for m in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text):
        out.append(Paragraph(m.start(), m.end(), m.group(0)))
    return out


def _norm(s: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", s.lower()).split())


def find_toc(paragraphs: list[Paragraph]) -> tuple[list[str], set[int]]:
    """Titles listed in a table of contents, and the indices of the paragraphs that form it."""
    entries, members = find_toc_entries(paragraphs)
    return [title for title, _ in entries], members


def find_toc_entries(paragraphs: list[Paragraph]) -> tuple[list[tuple[str, int]], set[int]]:
    """(title, page) per line of a table of contents, and the indices of its paragraphs."""
    for i, para in enumerate(paragraphs[:80]):
        if not CONTENTS_TITLE.match(para.text.strip()):
            continue
        entries, members = [], {i}
        for j in range(i + 1, min(len(paragraphs), i + 80)):
            entry = contents_entry(paragraphs[j].text.strip())
            if not entry:
                break
            entries.append(entry)
            members.add(j)
        if len(entries) >= MIN_ENTRIES:
            return entries, members
    return [], set()


def _toc_match(key: str, toc_key: str) -> bool:
    """A heading matches a contents title when it is the title, perhaps with a few characters
    more (a footnote mark)."""
    return key == toc_key or (key.startswith(toc_key) and len(key) - len(toc_key) < 4)


def contents_anchors(text: str, headings: tuple[Heading, ...]) -> tuple[tuple[int, int], ...]:
    """(offset, page) for each heading the table of contents lists with its page, matched in
    the table's order; a listed title not found as a heading is skipped."""
    entries, _ = find_toc_entries(split_paragraphs(text))
    out: list[tuple[int, int]] = []
    pos = 0
    for title, page in entries:
        keys = _toc_keys([title])
        for n in range(pos, len(headings)):
            h = headings[n]
            # A box opened where a reading list ends (a heading of no length, placed before its
            # title's line: open_boxes_after_reading_lists) starts on the listed page, and the
            # text up to its title line is its first page: both are anchored. Anchored at the
            # title line only, that page of an interview listed on p. 45 was cited "p. 31-45".
            if h.level == 1 and any(_toc_match(squash(h.title), k) for k in keys):
                out.append((h.start, page))
                pos = n + 1
                if h.end == h.start:
                    title_line = next((x for x in headings[n + 1 :] if x.title == h.title and x.end > x.start), None)
                    if title_line is not None:
                        out.append((title_line.start, page))
                        pos = headings.index(title_line) + 1
                break
    return tuple(out)


def _numbered(text: str) -> tuple[int, str] | None:
    if "\n" in text or len(text.split()) > _MAX_HEADING_WORDS or _END_PUNCT.search(text):
        return None
    m = _NUMBERED.match(text.strip())
    if not m:
        return None
    return m.group(1).count(".") + 1, text.strip()


def _footnote(text: str, para: Paragraph) -> bool:
    """A numbered line whose number stands glued to a word above it ("ondersteund1,")."""
    m = _FOOTNOTE_NUMBER.match(para.text)
    if not m:
        return False
    above = text[max(0, para.start - _FOOTNOTE_LOOKBACK) : para.start]
    return re.search(rf"[^\W\d_]{{2}}{m.group(1)}(?![\d%])", above) is not None


def _toc_keys(titles: list[str]) -> list[str]:
    """Squashed contents titles, each also without a trailing label such as "(blog)"."""
    keys = []
    for title in titles:
        keys.append(squash(title))
        bare = bare_title(title)
        if bare != title and len(squash(bare)) >= 10:
            keys.append(squash(bare))
    return keys


def _short_title(text: str) -> bool:
    t = text.strip()
    if "\n" in t or not t or t.startswith("•") or _END_PUNCT.search(t) or _LEAD_IN.search(t) or _YEAR.match(t):
        return False
    words = t.split()
    return len(words) <= _MAX_SHORT_HEADING_WORDS and len(t) <= 70 and (t[0].isupper() or t[0].isdigit())


def _box_marker(text: str) -> bool:
    key = _norm(text)
    return "\n" not in text.strip() and len(key.split()) <= 10 and any(key.startswith(m) for m in BOX_MARKERS)


def _page_title(text: str, capitalised: bool = True) -> bool:
    """A slide or page title: first paragraph of a page, short, no full stop, capitalised (a
    repeated slide title may start in lower case: its first words went with the running header)."""
    t = text.strip()
    if "\n" in t or not t or t.startswith("•") or _END_PUNCT.search(t) or _LEAD_IN.search(t) or _YEAR.match(t):
        return False
    start_ok = t[0].isupper() or t[0].isdigit() or (not capitalised and t[0].isalpha())
    return len(t.split()) <= _MAX_PAGE_TITLE_WORDS and len(t) <= 160 and start_ok


def _common_suffix(a: list[str], b: list[str]) -> int:
    """How many words two titles share at their end (compared as letters and digits only)."""
    n = 0
    while n < min(len(a), len(b)) and squash(a[-1 - n]) == squash(b[-1 - n]) and squash(a[-1 - n]):
        n += 1
    return n


def slide_series(paragraphs: list[Paragraph], lookback: int = 4) -> dict[int, tuple[str, str]]:
    """Paragraphs that open a run of slides with a repeated title -> (title, key of the repeats).

    A run is a title line that occurs at least three times. Its opener is the first occurrence, or
    a title line just before it (on the same slide) that ends with most of the same words; the
    run's title is then those shared words, without the label glued in front. The heading's span
    stays the whole line, so the label is still shown in the text.
    """
    titles = {
        i: p.text.strip()
        for i, p in enumerate(paragraphs)
        if _page_title(p.text, capitalised=False) and not _box_marker(p.text)
    }
    occurrences: dict[str, list[int]] = {}
    for i, t in titles.items():
        occurrences.setdefault(squash(t), []).append(i)
    out: dict[int, tuple[str, str]] = {}
    for key, where in occurrences.items():
        if len(where) < _MIN_SERIES_SLIDES:
            continue
        first = where[0]
        repeated = titles[first].split()
        opener, title = first, titles[first]
        for j in range(first - 1, max(-1, first - 1 - lookback), -1):
            if j not in titles or len(occurrences.get(squash(titles[j]), ())) > 1:
                continue  # no title line, or one that repeats itself (a label such as "Passend thuisnabij onderwijs")
            words = titles[j].split()
            n = _common_suffix(words, repeated)
            if n >= _MIN_SERIES_WORDS and 2 * n >= len(repeated):
                opener, title = j, " ".join(words[-n:])
                break
        if opener not in out:
            out[opener] = (title, key)
    return out


def detect_headings(
    text: str, page_starts: tuple[int, ...] = ()
) -> tuple[tuple[Heading, ...], tuple[tuple[int, int], ...]]:
    """Headings in document order, and the (start, end) spans of table-of-contents paragraphs.

    `page_starts` are offsets where a new page begins: on slides the first line is the title.
    """
    paragraphs = split_paragraphs(text)
    toc_titles, toc_members = find_toc(paragraphs)
    toc_keys = _toc_keys(toc_titles)
    starts = set(page_starts)
    numbered = {i: _numbered(p.text) for i, p in enumerate(paragraphs) if i not in toc_members}
    footnotes = {i for i, v in numbered.items() if v and _footnote(text, paragraphs[i])}
    numbered = {i: v for i, v in numbered.items() if v and i not in footnotes}
    # A numbered "heading" directly followed by another numbered one of the same level is a list.
    listy = set()
    keys = sorted(numbered)
    for a, b in zip(keys, keys[1:], strict=False):
        if b == a + 1 and numbered[a][0] == numbered[b][0] == 1:
            listy.update({a, b})
    series = slide_series(paragraphs)
    headings: list[Heading] = []
    level_of_numbered = 0
    last_title_key = None
    for i, para in enumerate(paragraphs):
        if i in toc_members:
            continue
        key = squash(para.text)
        level = None
        title = " ".join(para.text.split())
        if toc_keys and "\n" not in para.text and any(_toc_match(key, k) for k in toc_keys):
            level = 1
            level_of_numbered = 1
        elif i in listy or i in footnotes:
            continue  # a list item or a footnote is no title of any kind
        elif i in numbered:
            level = numbered[i][0]
            level_of_numbered = level
        elif _box_marker(para.text):
            level = level_of_numbered + 1
        elif key == last_title_key:
            continue  # a slide title repeated on the next slide continues the same section
        elif i in series:
            title, key = series[i]
            level = level_of_numbered + 1
        elif i > 0 and para.start not in starts and _LEAD_IN.search(paragraphs[i - 1].text.strip()):
            continue  # what a lead-in on the same page announces ("kernwaarden:" -> "Vertrouwen, Vakmanschap, ...")
        elif para.start in starts and _page_title(para.text):
            level = level_of_numbered + 1
        elif _short_title(para.text) and i + 1 < len(paragraphs):
            nxt = paragraphs[i + 1].text.strip()
            if nxt and (nxt[0].isupper() or nxt[0].isdigit() or nxt.startswith("•")) and not _short_title(nxt):
                level = level_of_numbered + 1
        if level is None:
            continue
        if key == last_title_key:
            continue  # a slide title repeated on the next slide continues the same section
        last_title_key = key
        headings.append(Heading(para.start, para.end, level, title))
    toc_spans = tuple((paragraphs[i].start, paragraphs[i].end) for i in sorted(toc_members))
    return open_boxes_after_reading_lists(tuple(headings), paragraphs), toc_spans


# A reference ends in its year ("Utrecht: Nederlands Jeugdinstituut, 2014.") or its web address.
_REFERENCE_END = re.compile(r"(?:\b(?:19|20)\d\d|\((?:www\.|https?://)[^)]*\))\.?\s*$")
_REFERENCE_PIECE_WORDS = 40  # a reference split by a page break: its first part has no year yet
_REFERENCE_MAX_WORDS = 60  # the text layer joins a list's references: three of them are 50 words
_BOX_REACH = 8000  # characters: the box title stands at most about two pages below its text


def reading_list_end(paragraphs: list[Paragraph], heading: Heading) -> int | None:
    """Offset of the first paragraph after a "Verder lezen" heading that is no longer part of
    its list of references, or None when the list runs to the end."""
    last_ref = None
    after = [p for p in paragraphs if p.start >= heading.end]
    for i, p in enumerate(after):
        t = p.text.strip()
        words = len(t.split())
        if words > _REFERENCE_MAX_WORDS or t.endswith("?") or t[:1] in "“\"‘'»":
            break  # prose, a question or a quote, even when it ends in a year ("... sinds 2014.")
        if _REFERENCE_END.search(t):
            last_ref = i
        elif words > _REFERENCE_PIECE_WORDS:
            break
    if last_ref is None or last_ref + 1 >= len(after):
        return None
    return after[last_ref + 1].start


def open_boxes_after_reading_lists(headings: tuple[Heading, ...], paragraphs: list[Paragraph]) -> tuple[Heading, ...]:
    """The NJi publication ends each chapter with "Verder lezen" and then a box (an interview,
    "Lessen uit het buitenland", a blog) whose title the text layer gives only after the box's
    first page of text. Without help that text is filed under "Verder lezen" (cited so, labelled a
    reading list, left out of the answer summary). The box's section is opened where the
    references end: a heading of no length (no title text stands there) with the box's title and
    level, placed before the title's own line."""
    out = list(headings)
    for h in headings:
        if not _norm(h.title).startswith("verder lezen"):
            continue
        end = reading_list_end(paragraphs, h)
        box = next((x for x in headings if x.start > h.start and x.level < h.level), None)
        if end is None or box is None or box.start <= end or box.start - end > _BOX_REACH:
            continue
        between = [x for x in headings if end <= x.start < box.start]
        if _NUMBERED.match(box.title) or any(x.level <= box.level for x in between):
            continue  # the next chapter, or another section first: not this box's text
        out.append(Heading(end, end, box.level, box.title))
    return tuple(sorted(out, key=lambda x: (x.start, x.end)))


def section_path_at(headings: tuple[Heading, ...], offset: int) -> tuple[str, ...]:
    """The heading titles (chapter first) that govern text at `offset`."""
    stack: list[Heading] = []
    for h in headings:
        if h.start > offset:
            break
        while stack and stack[-1].level >= h.level:
            stack.pop()
        stack.append(h)
    return tuple(h.title for h in stack)
