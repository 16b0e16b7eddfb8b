"""Putting a chapter's title back where its text begins, when the text layer read it later, and
a pull quote the text layer put in the middle of a sentence after that sentence's paragraph.

In two-column publications (the NJi's "Samen om het kind") a chapter's first page carries the
title and a lead-in across the top, but the text layer gives the first column's text first and
the title block only where the layout engine met it: in the middle of a sentence, or at the end
of the page. Left there, the chapter's opening paragraphs are filed under the previous chapter's
last box (an interview, "Lessen uit het buitenland"), cited with its section, and the sentence
the title interrupts is cut in two passages. Pure functions on one page's raw lines.
"""

from __future__ import annotations

import re

_CHAPTER = re.compile(r"^\d{1,2}\.\s+[A-ZÀ-Ý]")  # "4. Aansluiting met het wijkteam", not "1.3 ..." or "• ..."
# Where the text layer starts a new text flow it indents the first line by one space; in running
# text a line never starts with a space.
_FLOW_START = re.compile(r"^ [A-ZÀ-Ý“‘\"]")
# the interrupted sentence goes on in lower case (a quote or bracket before it may open a new
# flow only when a capital follows: " “Wij werken…" is a new column, not a continuation)
_CONTINUATION = re.compile(r"^ [(‘“\"]?[a-zà-ÿ]")
# a line that ends a sentence (clean.py judges paragraphs by the same rule)
SENTENCE_END = re.compile(r"[.!?:;…]['’”\")]*\s*$")
_FULL_STOP = re.compile(r"\.['’”\")]*\s*$")
MAX_BLOCK_LINES = 12  # title (one or two lines), its lead-in (a few questions), blank lines
MAX_LOOKBACK_LINES = 150  # about two columns of a page


def is_chapter_title(line: str) -> bool:
    """A numbered chapter title line; the title block spans the page, not one column."""
    return bool(_CHAPTER.match(line.strip()))


def _block_end(lines: list[str], i: int) -> int | None:
    """The first line after the title block that starts at `i` and interrupts a sentence: the
    sentence's continuation (a lower-case line), or the page's end; None when the block is no
    title block (a paragraph ends in a full stop before a blank line: the chapter's own text
    follows the title, as it should; or more than MAX_BLOCK_LINES lines follow)."""
    k = i + 1
    while k < len(lines) and k <= i + MAX_BLOCK_LINES:
        line = lines[k]
        if _CONTINUATION.match(line):
            return k
        if _FULL_STOP.search(line) and (k + 1 == len(lines) or not lines[k + 1].strip()):
            return None
        k += 1
    if all(not ln.strip() for ln in lines[k:]):
        return len(lines)
    return None


def _flow_start(lines: list[str], i: int) -> int | None:
    for k in range(i - 1, max(-1, i - MAX_LOOKBACK_LINES - 1), -1):
        if is_chapter_title(lines[k]):
            return None  # another chapter's title comes first: nothing to move
        if _FLOW_START.match(lines[k]):
            return k
    return None


def misplaced_chapter_titles(lines: list[str]) -> list[tuple[int, int, int]]:
    """(flow start, title line, block end) for each chapter title the text layer put after the
    chapter's first text: a numbered chapter title preceded by a new text flow on the same page
    and followed by the rest of the sentence it interrupts, or by nothing (the page's end)."""
    found: list[tuple[int, int, int]] = []
    for i, raw in enumerate(lines):
        if not _CHAPTER.match(raw) or (i and lines[i - 1].strip()):
            continue
        end = _block_end(lines, i)
        if end is None:
            continue
        before = next((ln for ln in reversed(lines[:i]) if ln.strip()), "")
        if end < len(lines) and SENTENCE_END.search(before):
            continue  # nothing is interrupted: the title stands where it belongs
        start = _flow_start(lines, i)
        if start is None:
            continue
        if end == len(lines):
            # A title at the page's end is often just where it belongs (the next page opens the
            # chapter); it is moved only when its flow begins right after a fragment that ends
            # no sentence: a pull quote or box, never the previous chapter's running text.
            previous = next((ln for ln in reversed(lines[:start]) if ln.strip()), "")
            if not previous or SENTENCE_END.search(previous):
                continue
        if found and start < found[-1][2]:
            continue  # its flow would start inside the block moved before it: leave it
        found.append((start, i, end))
    return found


def restore_chapter_openings(lines: list[str]) -> list[str]:
    """The page's lines with each misplaced chapter title block moved to where its text flow
    starts, and the sentence it interrupted joined up again."""
    for start, i, end in reversed(misplaced_chapter_titles(lines)):
        block = _without_trailing_blanks(lines[i:end])
        body = _without_trailing_blanks(lines[start:i])
        # two empty lines: a paragraph break clean.py never bridges (a lead-in question may end
        # at the column's edge without a full stop)
        lines = [*lines[:start], "", *block, "", "", *body, *lines[end:]]
    return lines


def _without_trailing_blanks(lines: list[str]) -> list[str]:
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return lines


# A pull quote ("Het gaat erom dat professionals zich op de werkvloer willen verdiepen in
# elkaars wereld") stands in a narrow box beside the column: the text layer gives it as a run of
# lines of a few words each, after a blank line, in the middle of the sentence whose rest follows
# as a new flow (" verder weg en zijn wijk ..."). Left there, the passage read "want die scholen
# zitten vaak Het gaat erom dat professionals ... verder weg" and marked the fragment as an answer.
PULL_QUOTE_MIN_LINES = 3
PULL_QUOTE_MAX_WORDS = 4


def _pull_quote_end(lines: list[str], i: int) -> int | None:
    """The continuation line after the narrow block starting at `i`, or None. The block may be
    double-spaced (one empty line after some of its lines: "De essentie is | continuïteit: in |
    | de schoolloopbaan")."""
    k, run = i, 0
    while k < len(lines) and not _CONTINUATION.match(lines[k]):
        if not lines[k].strip():
            if k + 1 >= len(lines) or not lines[k + 1].strip() or k == i:
                return None
        elif len(lines[k].split()) <= PULL_QUOTE_MAX_WORDS:
            run += 1
        else:
            return None
        k += 1
    if run < PULL_QUOTE_MIN_LINES or k >= len(lines):
        return None
    return k


def move_pull_quotes(lines: list[str]) -> list[str]:
    """The page's lines with each pull quote that interrupts a sentence moved after the
    paragraph the sentence ends, as a paragraph of its own (its words are kept: a box may say
    what the text does not)."""
    i = 1
    while i < len(lines):
        before = next((ln for ln in reversed(lines[:i]) if ln.strip()), "")
        if lines[i - 1].strip() or not lines[i].strip() or not before or SENTENCE_END.search(before):
            i += 1
            continue
        k = _pull_quote_end(lines, i)
        if k is None:
            i += 1
            continue
        end = k  # the paragraph the continuation finishes: up to the next blank line
        while end + 1 < len(lines) and lines[end + 1].strip():
            end += 1
        if end + 1 == len(lines) and not SENTENCE_END.search(lines[end]):
            # the paragraph goes on on the next page: moved to this page's end, the quote would
            # be glued to the rest of the sentence there
            i = k
            continue
        lines, i = _move_after(lines, i, k, end, lines[i:k])
    return lines


# A box ("Meer informatie over ouderbetrokkenheid en (passend) onderwijs", "Politie als
# samenwerkingspartner") stands beside the column with its own title; the text layer gives it
# whole in the middle of the sentence the column was in, after a blank line and as a new flow
# (its first line indented), and the sentence goes on after the box's last full stop as a new
# flow in lower case (" versterken. Volgens Mark Weghorst ..."). Left there, the passage quoted
# "... de website van het NJi. versterken. Volgens Mark Weghorst" and cut the interrupted
# sentence in two passages.
MAX_BOX_LINES = 80  # a box of a dozen double-spaced lines and its title
_FOOTNOTE = re.compile(r"^\s*\d{1,2}\s+\S")


def _box_end(lines: list[str], i: int) -> int | None:
    """The continuation line after the box starting at `i` (a new flow after a blank line), or
    None: no lower-case continuation within MAX_BOX_LINES, the box's last line ends no
    sentence, or a chapter title comes first. The box's own footnotes ("5 Frank Hoogeboom et.
    al., Veiligheid in verbinding. …") go with it."""
    for k in range(i + 1, min(len(lines), i + MAX_BOX_LINES + 1)):
        line = lines[k]
        if is_chapter_title(line):
            return None
        if _CONTINUATION.match(line):
            last = next((ln for ln in reversed(lines[i:k]) if ln.strip()), "")
            return k if SENTENCE_END.search(last) else None
    return None


# A box title the text layer indents further than the column's new flows and gives right below
# the line it cuts, with no blank line ("… Op deze manier worden het |   Altra Werkt! | …box… |
# 19 Bron: … | behandelplan, het onderwijsplan …"). Left there, the rest of the sentence and
# the paragraph after it ("Belangrijk is wel dat de begeleiding door de jobcoach wordt voortgezet
# …") were glued to the box's footnote, where a reference note's sentences are never marked.
_INDENTED_BOX_TITLE = re.compile(r"^ {2,}[A-ZÀ-Ý“‘\"]")


def move_boxes(lines: list[str]) -> list[str]:
    """The page's lines with each titled box that interrupts a sentence moved after the
    paragraph the sentence ends, as in move_pull_quotes. A block of footnotes alone is no box
    and stays where it is (moving those moved dev answers, see the README)."""
    i = 1
    while i < len(lines):
        before = next((ln for ln in reversed(lines[:i]) if ln.strip()), "")
        indented_title = bool(_INDENTED_BOX_TITLE.match(lines[i]))
        if (
            (lines[i - 1].strip() and not indented_title)
            or not (_FLOW_START.match(lines[i]) or indented_title)
            or not before
            or SENTENCE_END.search(before)
            or _FOOTNOTE.match(lines[i])
        ):
            i += 1
            continue
        k = _box_end(lines, i)
        if k is None:
            i += 1
            continue
        end = _sentence_paragraph_end(lines, k)
        if end is None:
            i = k
            continue
        lines, i = _move_after(lines, i, k, end, _without_trailing_blanks(lines[i:k]))
    return lines


# A document's title the text layer gives as its first line, with the first sentence going on
# below it as a new flow, no blank line between (the Haarlemmermeer note: " Notitie: Verkenning
# wijkgericht werken bij aansluiting onderwijs – jeugdhulp | Het bieden van een inclusieve
# omgeving …"). Joined, "Kern" quoted the title as the start of the note's first sentence.
MAX_TITLE_WORDS = 16


def set_off_document_title(lines: list[str]) -> list[str]:
    """The first page's lines with a blank line after the document's title line: its first
    line, which ends no sentence, when the next line starts a new flow (a capital after the
    one-space indent)."""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or first + 1 >= len(lines):
        return lines
    title = lines[first]
    if SENTENCE_END.search(title) or len(title.split()) > MAX_TITLE_WORDS or not _FLOW_START.match(lines[first + 1]):
        return lines
    return [*lines[: first + 1], "", *lines[first + 1 :]]


# A footnote the text layer gives in the middle of the sentence a column break cut, after a blank
# line ("… staat de continuïteit van onderwijszorgarrangementen op veel plaatsen | 12 Onderwijsraad,
# Samen voor een ononderbroken schoolloopbaan. … 2014. | onder druk."). Left there, "Kern" quoted
# "… op veel plaatsen" as the answer, without "onder druk".
MAX_NOTE_LINES = 6  # two or three notes of two lines each


def move_footnotes(lines: list[str]) -> list[str]:
    """The page's lines with each block of footnotes that interrupts a sentence moved after the
    paragraph the sentence ends, as in move_boxes (_move_blocks_that_cut_a_sentence)."""
    return _move_blocks_that_cut_a_sentence(lines, _FOOTNOTE, MAX_NOTE_LINES, squeeze=True)


def _move_blocks_that_cut_a_sentence(
    lines: list[str], opens: re.Pattern[str], reach: int, blank_after: bool = False, squeeze: bool = False
) -> list[str]:
    """The page's lines with each block that interrupts a sentence moved after the paragraph the
    sentence ends in: the block's first line matches `opens`, after a blank line, below a line
    that ends no sentence, and the sentence goes on within `reach` lines after it as a new flow
    in lower case. With `blank_after`, two blank lines follow the moved block. With `squeeze`, the
    block's blank lines go: a note the text layer breaks in two ("18 Joanka Prakken, …, een
    gedeelde verantwoordelijkheid. | | Notitie Denktank …, 2014.") stays one note, where its
    second half opened a paragraph of its own, the passage's text, and was marked as an answer."""
    i = 1
    while i < len(lines):
        before = next((ln for ln in reversed(lines[:i]) if ln.strip()), "")
        if lines[i - 1].strip() or not opens.match(lines[i]) or not before or SENTENCE_END.search(before):
            i += 1
            continue
        k = next((j for j in range(i + 1, min(len(lines), i + reach + 1)) if _CONTINUATION.match(lines[j])), None)
        end = None if k is None else _sentence_paragraph_end(lines, k)
        if k is None or end is None:
            i += 1
            continue
        block = _without_trailing_blanks(lines[i:k])
        if squeeze:
            block = [ln for ln in block if ln.strip()]
        lines, i = _move_after(lines, i, k, end, [*block, ""] if blank_after else block)
    return lines


# An interview's title and byline ("Betrokkenen aan het woord: | intern begeleider en
# zorgcoördinatoren | Annemiek Glasbergen, intern begeleider … op een vmbo-school in Alkmaar")
# stand across the top of a page; the text layer gives them in the middle of the sentence the
# column was in, whose rest follows in lower case (" ergotherapeuten, onderzoekers, …"). Left
# there, "Kern" quoted "… vmbo-school in Alkmaar ergotherapeuten, onderzoekers …" as an answer.
_INTERVIEW_TITLE = re.compile(r"^\s*Betrokkenen aan het woord\s*:")
MAX_BYLINE_LINES = 12


def move_interview_titles(lines: list[str]) -> list[str]:
    """The page's lines with each interview title block that interrupts a sentence moved after
    the paragraph the sentence ends in, as in move_boxes (the block opens the interview's
    section there, so the interrupted answer stays in the text before it). Two blank lines
    follow it, as after a chapter's title block: the byline's last line runs to the column's edge
    and ends no sentence, and the question below it would join it."""
    return _move_blocks_that_cut_a_sentence(lines, _INTERVIEW_TITLE, MAX_BYLINE_LINES, blank_after=True)


def _move_after(lines: list[str], i: int, k: int, end: int, block: list[str]) -> tuple[list[str], int]:
    """The lines with `block` (it stood at lines[i:k], mostly after an empty line, which goes)
    moved after the paragraph lines[k:end + 1] that finishes the sentence it cut, and where to
    look on from."""
    blank_at = i - 1 if not lines[i - 1].strip() else i
    moved = [*lines[:blank_at], *lines[k : end + 1], "", *block, *lines[end + 1 :]]
    return moved, blank_at + (end + 1 - k) + 1 + len(block)


def _sentence_paragraph_end(lines: list[str], k: int) -> int | None:
    """The last line of the paragraph in which the sentence going on at line `k` ends: up to a
    blank line after a line that ends a sentence (a column break may fall inside the sentence:
    "… behouden blijft | wanneer deze voorziening wordt afgebouwd."). None when the sentence
    runs on to the next page, where the box would be glued to its rest."""
    end = k
    while True:
        while end + 1 < len(lines) and lines[end + 1].strip():
            end += 1
        if SENTENCE_END.search(lines[end]):
            return end
        after = next((j for j in range(end + 1, len(lines)) if lines[j].strip()), None)
        if after is None or not re.match(r"^\s*[a-zà-ÿ]", lines[after]):
            return None
        end = after


def separate_footnotes(lines: list[str]) -> list[str]:
    """The page's lines with a blank line between a block of footnotes and a new paragraph the
    text layer gives right below its last line: "10 Erik Keppels et al., Evaluatie aanpak
    jeugdteam mbo. | Nijmegen: …, 2015. | Doordat veel studenten op het mbo buiten de stad
    Utrecht wonen, …" was one paragraph, on the page and in the exports. The block opens after a
    blank line (a line matching a note's number and text), holds at most MAX_NOTE_LINES lines
    and ends a sentence; the line below it starts a new flow (indented, with a capital)."""
    out = list(lines)
    for k in range(len(lines) - 1, 0, -1):
        if not _FLOW_START.match(lines[k]) or not SENTENCE_END.search(lines[k - 1]):
            continue
        opening = next(
            (j for j in range(k - 1, max(-1, k - 1 - MAX_NOTE_LINES), -1) if not lines[j].strip() or j == 0), None
        )
        if opening is None:
            continue
        first = opening if lines[opening].strip() else opening + 1
        if first < k and _FOOTNOTE.match(lines[first]):
            out.insert(k, "")
    return out


def separate_pull_quotes(lines: list[str]) -> list[str]:
    """The page's lines with a blank line between a pull quote that stands between two
    paragraphs and the paragraph after it. There the quote interrupts no sentence, but its last
    line ends none either, and the next paragraph starts as a new flow right below it: joined,
    the passage read "We willen niet dat een jeugdteam opnieuw de hele analyse gaat maken Omdat een
    mboschool niet de enige vindplaats is", one sentence. A pull quote here is a run of at least
    PULL_QUOTE_MIN_LINES lines of at most PULL_QUOTE_MAX_WORDS words (blank lines between them:
    some are double-spaced) after a line that ends a sentence."""
    out = list(lines)
    for k in range(len(lines) - 1, 0, -1):
        if not _FLOW_START.match(lines[k]) or not lines[k - 1].strip() or SENTENCE_END.search(lines[k - 1]):
            continue
        j, run = k - 1, 0
        while j >= 0 and (
            not lines[j].strip()
            or (len(lines[j].split()) <= PULL_QUOTE_MAX_WORDS and not SENTENCE_END.search(lines[j]))
        ):
            run += bool(lines[j].strip())
            j -= 1
        if run >= PULL_QUOTE_MIN_LINES and j >= 0 and SENTENCE_END.search(lines[j]):
            out.insert(k, "")
    return out


# A pull quote repeats a sentence of the text nearby in large type ("Wat kan een | oudergemeenschap
# | zelf doen, op school | | en in de wijk, om | …"). Between two paragraphs it interrupts no
# sentence, so it stayed: in the passage it stood between two quotes of another speaker, as if she
# said it, and "Kern" could quote it twice. One that repeats, word for word, eight words or more of
# the text within REPEAT_REACH lines goes; one that says what the text does not is kept.
REPEAT_MAX_LINE_WORDS = 6
REPEAT_MIN_WORDS = 8
REPEAT_MAX_WORDS = 40
REPEAT_REACH = 150  # lines: about two pages of a column
_WORDS = re.compile(r"[^\W_]+")


def _words_of(lines: list[str]) -> str:
    return " ".join(w.lower() for line in lines for w in _WORDS.findall(line))


def drop_repeated_pull_quotes(lines: list[str]) -> list[str]:
    """The page's lines without the pull quotes that repeat the text nearby: a run of short lines
    (single blank lines between them allowed) after a finished sentence, up to
    the end of its sentence, whose words stand in the same order in the lines around it."""
    out = list(lines)
    i = 0
    while i < len(out):
        before = next((ln for ln in reversed(out[:i]) if ln.strip()), "")
        if not out[i].strip() or (before and not SENTENCE_END.search(before)):
            i += 1  # not after a finished sentence: inside a paragraph, or a double-spaced quote
            continue
        last, j = None, i
        while j < len(out):
            if not out[j].strip():
                if j + 1 >= len(out) or not out[j + 1].strip():
                    break
            elif (
                len(out[j].split()) > REPEAT_MAX_LINE_WORDS
                or (last is not None and _FLOW_START.match(out[j]))
                or is_chapter_title(out[j])
            ):
                break  # running text, a new flow below the quote, or a chapter's title
            else:
                last = j
                if SENTENCE_END.search(out[j]):
                    break  # the quote's sentence ends here
            j += 1
        if last is None:
            i += 1
            continue
        quote = _words_of(out[i : last + 1])
        around = (out[max(0, i - REPEAT_REACH) : i], out[last + 1 : last + 1 + REPEAT_REACH])
        if REPEAT_MIN_WORDS <= len(quote.split()) <= REPEAT_MAX_WORDS and any(
            f" {quote} " in f" {_words_of(lines_around)} " for lines_around in around
        ):
            del out[i : last + 1]
            if 0 < i < len(out) and not out[i - 1].strip() and not out[i].strip():
                del out[i]  # one blank line between the paragraphs around it, as before
        i += 1
    return out
