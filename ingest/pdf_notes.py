"""Footnotes at the foot of a PDF page, kept apart from the running text.

pypdf reads a page top to bottom, so a page's footnotes come out as lines of running text:
"3 6% van de inwoners kan … geen burenhulp verlenen." read as "36 %" when pasted, the number
of footnote 8 opened "8 Corona en de gevolgen voor mantelzorg …, Bakkerode H. Geron tijdschrift
(2021) vergroot het risico op overbelasting" (the sentence above the footnote ends on the next
page), and the marks in the text stay glued to their word ("verleend3.").

The type tells them apart where the text cannot: a footnote's number is set small (superscript)
below the last line of body type. `page_note_numbers` finds those numbers from pypdf's text
fragments (extract.py collects them); the rest works on the page texts:
- `split_page_notes`: the page's text above the first footnote, and each footnote;
- `drop_note_marks`: the footnote numbers glued to words of the running text;
- `separate_notes`: all of it per page, the notes written "Voetnoot 3: …" after the running
  text, and after the end of a sentence the page break cuts (taken up from the next page), so no
  note sits inside a sentence and none of its numbers touches a figure.
Without small numbers below the body type (a plain page, a scan's text layer, a layout this
does not know) a page is left exactly as pypdf read it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

# A footnote number is set at most this share of the size of the type around it (the body's,
# or the smaller footnote text's); body type is within BODY_SHARE of the most used size (sizes
# are rounded, and a heading is larger, never smaller).
NOTE_NUMBER_SHARE = 0.85
BODY_SHARE = 0.95
# The sentence a page break cuts is finished from the next page only when it ends this soon.
MAX_CARRIED_CHARS = 600
NOTE_LABEL = "Voetnoot"

_SENTENCE_END = re.compile(r"[.!?][”’\"')]?(?=\s|$)")
_OPEN_END = re.compile(r"[^.!?:;”’\"')\]]\s*$")


@dataclass(frozen=True)
class Fragment:
    """A piece of text as the PDF draws it: its font size in points and its height on the page
    (from the bottom, as PDF counts)."""

    text: str
    size: float
    y: float


@dataclass(frozen=True)
class Note:
    number: int
    text: str


def body_size(fragments: Sequence[Fragment]) -> float:
    """The font size most characters are set in."""
    counts: Counter[float] = Counter()
    for f in fragments:
        counts[f.size] += len(f.text.strip())
    counts.pop(0.0, None)
    return counts.most_common(1)[0][0] if counts else 0.0


def page_note_numbers(fragments: Sequence[Fragment], body: float) -> list[int]:
    """The footnote numbers of a page, in order: below its lowest line of body type (a bare page
    number does not count as running text), the numbers set smaller than the type around them
    there (a footnote's own text may hold a figure: "12% van de volwassen bevolking"). Empty when
    there are none, or when they do not count up."""
    if body <= 0:
        return []
    body_ys = [f.y for f in fragments if f.size >= BODY_SHARE * body and (t := f.text.strip()) and not t.isdigit()]
    if not body_ys:
        return []
    lowest = min(body_ys)
    below = [f for f in fragments if f.y < lowest]
    note_type = body_size(below)
    numbers = [
        int(t)
        for f in below
        if (t := f.text.strip()).isdigit() and len(t) <= 3 and f.size <= NOTE_NUMBER_SHARE * min(body, note_type)
    ]
    numbers = list(dict.fromkeys(numbers))
    return numbers if numbers == sorted(numbers) else []


def _note_line(number: int) -> re.Pattern[str]:
    """A line opening with a footnote's number and its text."""
    return re.compile(rf"(?m)^[ \t]*{number}[ \t]+(?=\S)")


def split_page_notes(text: str, numbers: Sequence[int]) -> tuple[str, list[Note]]:
    """The running text above the page's first footnote, and the footnotes. The first note is
    looked for as the last line opening with its number (a line of running text may open with a
    figure); a later note's line is the next one opening with its number. Nothing is split when
    the first note's line is not found."""
    if not numbers:
        return text, []
    first = None
    for m in _note_line(numbers[0]).finditer(text):
        first = m.start()
    if first is None:
        return text, []
    starts = [(numbers[0], first)]
    for n in numbers[1:]:
        m = _note_line(n).search(text, starts[-1][1] + 1)
        if m is not None:
            starts.append((n, m.start()))
    notes = []
    for (n, lo), (_, hi) in zip(starts, [*starts[1:], (0, len(text))], strict=True):
        body = _note_line(n).sub("", text[lo:hi], count=1).strip()
        if body:
            notes.append(Note(n, body))
    return text[:first], notes


def drop_note_marks(text: str, numbers: Sequence[int]) -> str:
    """The running text without its footnote marks: a note's number glued to a word
    ("verleend3.", "ondersteund1, zodat", "‘compenseerders’6.") or standing alone before a comma or full stop
    ("verleent 4, een"). Only this page's note numbers count: "in 2014 bood" keeps its year."""
    if not numbers:
        return text
    alternatives = "|".join(str(n) for n in sorted(set(numbers), key=lambda n: -n))
    glued = re.compile(rf"(?:(?<=[^\W\d_]{{2}})|(?<=[^\W\d_][’”')]))(?:{alternatives})(?=[.,;:!?)”’\"]|\s|$)")
    spaced = re.compile(rf"(?<=[^\W\d_]{{2}})[ \t]+(?:{alternatives})(?=[,;:.](?:\s|$))")
    return spaced.sub("", glued.sub("", text))


def _sentence_rest(text: str) -> tuple[str, str, str]:
    """For the text of the next page: its leading lines that are no running text (blank, or a
    bare page number), the words up to the end of its first sentence, and what follows. The middle
    part is empty when that sentence does not end within MAX_CARRIED_CHARS or a blank line comes
    first (a new paragraph: the cut sentence was a heading or a list item)."""
    m = re.match(r"(?:[ \t]*(?:\d{1,4})?[ \t]*\n)*", text)
    lead = m.group(0) if m else ""
    rest = text[len(lead) :]
    end = _SENTENCE_END.search(rest, 0, MAX_CARRIED_CHARS)
    if end is None or re.search(r"\n[ \t]*\n", rest[: end.end()]):
        return lead, "", rest
    return lead, rest[: end.end()], rest[end.end() :]


def separate_notes(texts: Sequence[str], numbers: Sequence[Sequence[int]]) -> list[str]:
    """Each page's text with its footnotes after its running text, as paragraphs of their own
    ("Voetnoot 3: …"), the footnote marks dropped from the running text, and a sentence the page
    break cuts finished before the notes (its end taken from the next page). Pages without notes
    are returned as they are, except for the start of a sentence a previous page took."""
    out = list(texts)
    for i, nums in enumerate(numbers):
        if not nums:
            continue
        body, notes = split_page_notes(out[i], nums)
        if not notes:
            continue
        body = drop_note_marks(body, [n.number for n in notes]).rstrip()
        if i + 1 < len(out) and _OPEN_END.search(body):
            lead, carried, rest = _sentence_rest(out[i + 1])
            if carried:
                carried = drop_note_marks(carried, numbers[i + 1]) if i + 1 < len(numbers) else carried
                body = f"{body}\n{carried.strip()}"
                out[i + 1] = lead + rest.lstrip(" \t")
        block = "\n\n".join(f"{NOTE_LABEL} {n.number}: {n.text}" for n in notes)
        out[i] = f"{body}\n\n{block}\n"
    return out
