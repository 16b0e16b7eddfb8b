"""Pure cleaning of extracted page text into paragraphs.

PDF text layers carry running headers and footers, bare page numbers, words
split across line ends (with or without a hyphen), private-use bullet glyphs
and lines broken at the column edge. Everything here is a pure function over
strings so it can be tested from tables.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .models import PageSpan, PageText
from .reading_order import (
    SENTENCE_END,
    drop_repeated_pull_quotes,
    is_chapter_title,
    move_boxes,
    move_footnotes,
    move_interview_titles,
    move_pull_quotes,
    restore_chapter_openings,
    separate_footnotes,
    separate_pull_quotes,
    set_off_document_title,
)

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
# Bullet glyphs seen in text layers: Wingdings/Symbol private-use points ( U+F0B7),
# plus the usual typographic ones.
_BULLET_CHARS = "•●▪■◦○‣∙·\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8-–*"
_BULLET = re.compile(r"^\s*[" + re.escape(_BULLET_CHARS) + r"]\s+")
_NUMBERED_ITEM = re.compile(r"^\s*(?:\d{1,2}[.)]|[a-z][.)])\s+\S")
_PAGE_NUMBER = re.compile(r"^\s*(?:pagina\s+|p\.\s*|-\s*)?\d{1,3}(?:\s*(?:/|van)\s*\d{1,3})?(?:\s*-)?\s*$", re.I)
_ONLY_PUNCT = re.compile(r"^[\W_]+$", re.UNICODE)
_CONJUNCTIONS = {"en", "of", "tot", "dan", "als"}
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}
_MIN_RUNNING_PAGES = 3
_RUNNING_SHARE = 0.4
_EDGE_LINES = 3


def normalise_line(line: str) -> str:
    """NFC, no soft hyphens or ligatures, tabs and odd spaces made plain, no trailing space."""
    line = unicodedata.normalize("NFC", line)
    for lig, plain in _LIGATURES.items():
        line = line.replace(lig, plain)
    line = line.replace("\u00ad", "").replace("\u200b", "")
    return re.sub(r"[^\S\n]", " ", line).rstrip()


# Words that stand next to each other in any sentence and happen to spell a word together
# ("met een" -> "meteen", "werk en" -> "werken", "we er" -> "weer"): never rejoined across
# a single space, whatever the counts say.
_FUNCTION_WORDS = frozenset(
    "aan af al als bij dan dat de die dit door du een en er het hier hij hun ik in je maar me mee met "
    "na naar niet nog of om op over te tot uit van voor we wel ze zij zo".split()
)
_SINGLE_GAP_MIN_JOINED = 3
_SINGLE_GAP_RATIO = 2


def rejoin_inline_splits(line: str, vocab: Mapping[str, int]) -> str:
    """Justified PDF lines lose a hyphen and keep a wide gap ("mentaliteits   verandering").

    A gap of two or more spaces between two word parts is rejoined when the corpus knows
    the whole word; then runs of spaces collapse to one. Across a single space the text layer
    also splits compounds ("samenwerkings verband", "thuis zitters"); such a pair is rejoined
    only when the whole word is far more common in the corpus than the pair (at least three
    times, and twice the pair's count plus one), neither half is a function word and the left
    one is not in capitals ("JEUGD hulp" stays).
    """

    def fix(m: re.Match[str]) -> str:
        left, right = m.group(1), m.group(2)
        return join_split_word(left, right, vocab, wide_gap=True)

    line = re.sub(r"([^\W\d_]+) {2,}([^\W\d_]+)", fix, line)
    line = re.sub(r" {2,}", " ", line)
    tokens = line.split(" ")
    out = tokens[:1]
    for token in tokens[1:]:
        if out and _split_compound(out[-1], token, vocab):
            out[-1] += token
        else:
            out.append(token)
    return " ".join(out)


# An abbreviation glued to the word it forms a compound with: the text layer lost the hyphen
# ("CJGmedewerker", "VORaad", "mboteam"). A user who pastes the quote gets wrong Dutch, and a
# search for "CJG" or "mbo" missed the word in the lexical index.
_GLUED_CAPS = re.compile(r"\b([A-Z]{2,6})([a-zà-ÿ]+)\b")
_GLUED_LOWER = re.compile(r"\b(v?mbo|hbo)([a-zà-ÿ]{4,})\b")
_MIN_ABBREVIATION_COUNT = 2  # the abbreviation also stands alone in the corpus this often


def hyphenate_glued_abbreviations(line: str, vocab: Mapping[str, int]) -> str:
    """The line with "CJG-medewerker", "VO-Raad", "mbo-team": a capital abbreviation the corpus
    also uses on its own, or mbo/vmbo/hbo, glued to a word of three letters or more the corpus
    knows. The word may start with the last capital ("VORaad"). "IJburg" stays: IJ is a letter
    of Dutch, not an abbreviation."""

    def caps(m: re.Match[str]) -> str:
        letters, tail = m.group(1), m.group(2)
        for cut in (len(letters), len(letters) - 1):
            prefix, rest = letters[:cut], letters[cut:] + tail
            if len(prefix) < 2 or len(rest) < 3 or prefix == "IJ":
                continue
            if vocab.get(prefix.lower(), 0) >= _MIN_ABBREVIATION_COUNT and vocab.get(rest.lower(), 0) > 0:
                return f"{prefix}-{rest}"
        return m.group(0)

    def lower(m: re.Match[str]) -> str:
        return f"{m.group(1)}-{m.group(2)}" if vocab.get(m.group(2), 0) > 0 else m.group(0)

    return _GLUED_LOWER.sub(lower, _GLUED_CAPS.sub(caps, line))


def _split_compound(left: str, right: str, vocab: Mapping[str, int]) -> bool:
    """Whether two whole words side by side are one word the text layer split."""
    m_left = _LEFT_WORD.fullmatch(left)
    m_right = _RIGHT_WORD.fullmatch(right)
    if not m_left or not m_right or not right[0].islower():
        return False
    if len(m_left.group(1)) > 1 and m_left.group(1).isupper():
        return False
    a, b = m_left.group(1).lower(), m_right.group(1).lower()
    if a in _FUNCTION_WORDS or b in _FUNCTION_WORDS or len(b) < 4:
        return False
    joined = vocab.get(a + b, 0)
    return joined >= _SINGLE_GAP_MIN_JOINED and joined >= _SINGLE_GAP_RATIO * (vocab.get(f"{a} {b}", 0) + 1)


# a word with an opening bracket or quote before it, and a word with closing punctuation after it
_LEFT_WORD = re.compile(r"[(‘“'\"]?([^\W\d_]+)")
_RIGHT_WORD = re.compile(r"([^\W\d_]+(?:['’][^\W\d_]+)?)[.,;:!?)’”'\"]*")  # "werkingsregio’s"


# A footnote reference the text layer glued to the sentence it annotates: "hiervan.”7 De", "Beter
# met minder.2", "te kunnen bieden”.12" (the note itself stays where the page has it). Only after
# a full stop, question or exclamation mark or closing quote, after a word of four letters or more
# ("art.12 Jeugdwet" is an article), and before a capital or the line's end; at the line's end a
# shorter word will do ("de ggz.14").
_FOOTNOTE_MARK = re.compile(r"(?<=[^\W\d_]{4})([”’\"]?[.!?][”’\"]?|[”’\"])\d{1,2}(?=$|\s+[A-ZÀ-Ý“‘\"(])")
_FOOTNOTE_MARK_AT_END = re.compile(r"(?<=[^\W\d_]{2})([”’\"]?[.!?][”’\"]?)\d{1,2}$")


def drop_footnote_marks(line: str) -> str:
    return _FOOTNOTE_MARK_AT_END.sub(r"\1", _FOOTNOTE_MARK.sub(r"\1", line.rstrip())) if line.strip() else line


def _key(line: str) -> str:
    return " ".join(line.split()).lower()


def find_running_lines(pages: list[list[str]]) -> set[str]:
    """Lines (normalised) that stand at the top or bottom of many pages: headers and footers."""
    if len(pages) < _MIN_RUNNING_PAGES:
        return set()
    seen: Counter[str] = Counter()
    for lines in pages:
        content = [ln for ln in lines if ln.strip()]
        edge = content[:_EDGE_LINES] + content[-_EDGE_LINES:]
        for key in {_key(ln) for ln in edge}:
            if len(key) >= 4 and not re.fullmatch(r"\d{4}", key):
                seen[key] += 1
    threshold = max(_MIN_RUNNING_PAGES, int(len(pages) * _RUNNING_SHARE + 0.999))
    return {key for key, n in seen.items() if n >= threshold}


def is_page_number(line: str) -> bool:
    """A bare page number ("7", "- 7 -", "pagina 3 van 10"); four-digit years are not."""
    return bool(_PAGE_NUMBER.match(line))


def drop_noise_lines(lines: list[str], running: set[str]) -> list[str]:
    """Remove running headers/footers, page numbers at the page edges and punctuation-only lines."""
    content_idx = [i for i, ln in enumerate(lines) if ln.strip()]
    edges = set(content_idx[:2] + content_idx[-2:])
    out = []
    for i, line in enumerate(lines):
        if line.strip():
            if _key(line) in running:
                continue
            if i in edges and is_page_number(line):
                continue
            if _ONLY_PUNCT.match(line.strip()) and not _BULLET.match(line + " "):
                continue
        out.append(line)
    return out


def build_vocabulary(texts: Iterable[str]) -> Counter[str]:
    """Word counts and within-line bigram counts (lower-case) over raw texts.

    Bigrams stop at line ends so that the very splits we want to repair ("onderwijs" at
    the end of one line, "ondersteuning" at the start of the next) do not count as
    evidence for two separate words.
    """
    counts: Counter[str] = Counter()
    for text in texts:
        for line in text.split("\n"):
            words = [w.lower() for w in _WORD.findall(line)]
            counts.update(words)
            counts.update(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))
    return counts


def join_split_word(left: str, right: str, vocab: Mapping[str, int], wide_gap: bool = False) -> str:
    """Join the end of one line to the start of the next, rejoining a word split between them.

    "beleids-" + "stuk" -> "beleidsstuk"; "onder" + "steuning" -> "ondersteuning" when the corpus
    knows "ondersteuning"; "jeugd-" + "en onderwijs" stays "jeugd- en onderwijs"; "school en" +
    "wijk" stays two words because "enwijk" is no word of the corpus.
    """
    left = left.rstrip()
    right = right.lstrip()
    if not left:
        return right
    if not right:
        return left
    if left.endswith("-") and re.search(r"(?:://|www\.)\S*$", left):
        # a web address broken after a hyphen goes on, also with a figure ("…/hervormingsagenda-
        # jeugd-" + "2023-2028"): a space there broke the link in the passages and the exports
        return left + right
    m_left = re.search(r"([^\W\d_]+)(-?)$", left)
    m_right = re.match(r"([^\W\d_]+)", right)
    if m_left and m_left.group(2) and right[0].isupper():
        return left + right  # "PO-" + "Raad": a capitalised compound keeps its hyphen
    if not m_left or not m_right or not right[0].islower():
        return f"{left} {right}"
    w1, hyphen, w2 = m_left.group(1), m_left.group(2), m_right.group(1)
    joined = (w1 + w2).lower()
    token = left.rsplit(None, 1)[-1]
    if hyphen and ("/" in token or "www." in token or "-" in token[:-1] or "-" in right.split(None, 1)[0]):
        # inside a web address or a compound that already has hyphens ("OKé-op-" + "school",
        # "out-" + "of-the-box": not the elided "jeugd- of jeugdhulp"), the hyphen at the line's
        # end is part of it
        return left + right
    if hyphen:
        if w2.lower() in _CONJUNCTIONS or w1.isupper():
            return f"{left} {right}" if w2.lower() in _CONJUNCTIONS else left + right
        if vocab.get(joined, 0) == 0 and vocab.get(f"{w1}-{w2}".lower(), 0) > 0:
            return left + right
        return left[:-1] + right
    if vocab.get(joined, 0) > 0:
        w1_known = vocab.get(w1.lower(), 0) > 0
        w2_known = vocab.get(w2.lower(), 0) > 0
        if wide_gap or not (w1_known and w2_known):
            return left + right
        # Both halves are words ("komen" + "de" would make "komende"): join only when the
        # whole word is clearly more common than the two words side by side.
        bigram = vocab.get(f"{w1.lower()} {w2.lower()}", 0)
        if len(w2) > 3 and vocab[joined] >= 2 * (bigram + 1):
            return left + right
    return f"{left} {right}"


def _is_item(line: str) -> bool:
    return bool(_BULLET.match(line) or _NUMBERED_ITEM.match(line))


def _as_item(line: str) -> str:
    m = _BULLET.match(line)
    if m:
        return "• " + line[m.end() :].strip()
    return line.strip()


@dataclass(frozen=True)
class _Line:
    text: str
    page: int  # index into the page list
    blank_before: int


# The name that opens an answer in an interview: "Manon Moonen: “", "Annemiek Glasbergen: “".
_SPEAKER = re.compile(r"^[A-ZÀ-Ý][\w'’-]+(?: (?:van|de|der|den|[A-ZÀ-Ý][\w'’-]+)){0,3}: [“\"‘]")


def _continues(paragraph: str, last_line: str, line: _Line, width: float) -> bool:
    """Does `line` continue `paragraph`, whose last source line was `last_line`?

    Shortness is judged on the last source line, not on the paragraph joined so far: a
    line that stops well before the column edge after a full stop ends its paragraph.
    """
    text = line.text.strip()
    if _is_item(line.text):
        return False
    starts_lower = text[0].islower() or (text[0] in "(‘'\"“" and len(text) > 1 and text[1].islower())
    ends_sentence = bool(SENTENCE_END.search(paragraph.strip()))
    last_word = last_line.rstrip().rsplit(None, 1)[-1].lower() if last_line.strip() else ""
    if line.blank_before:
        if starts_lower or ends_sentence:
            return starts_lower and not ends_sentence
        if (
            line.blank_before == 1
            and last_word in _FUNCTION_WORDS
            and len(paragraph.split()) > 8
            and not _looks_like_title(text, width)
        ):
            # a double-spaced box's sentence cannot end on "en", "de" or "van": it goes on below
            # the empty line, also with a name ("… in Finland, Denemarken en | | Engeland."); a
            # title there is a box's, where a column broke off ("… is een | | Lessen uit het
            # buitenland")
            return True
        # a double-spaced box: the line before ran to the column's edge inside a sentence, so the
        # sentence goes on below the empty line, also with a name ("… publiceerde het | Nederlands
        # Jeugdinstituut een handreiking")
        # (not after a contents line, whose page number ends it: "… en de Jeugdwet 7")
        return (
            line.blank_before == 1
            and len(last_line.strip()) >= 0.9 * width
            and len(paragraph.split()) > 8
            and not last_line.rstrip()[-1:].isdigit()
        )
    if starts_lower:
        return True
    if (
        _NEW_FLOW.match(line.text)
        and not _ANY_SENTENCE_END.search(paragraph)
        and len(paragraph.split()) >= _MIN_BYLINE_WORDS
        and last_word not in _FUNCTION_WORDS
    ):
        # A new flow (the text layer indents it) below a block with no full stop at all: a
        # byline or title, then the text ("Blog van Marjolein Oudhof, orthopedagoog … bij het
        # Nederlands | Jeugdinstituut |  We hebben het druk, …" was one sentence, marked whole).
        return False
    if ends_sentence and _SPEAKER.match(text):
        return False  # an interview's answer after the question: "… de gemeente? | Manon Moonen: “De …"
    if _NUMBERED_ITEM.match(paragraph) and not ends_sentence:
        return False  # a numbered heading line followed by its first capitalised sentence
    if ends_sentence and len(last_line.strip()) < 0.6 * width:
        return False
    if ends_sentence and _looks_like_title(text, width):
        return False
    if not ends_sentence and len(paragraph.split()) <= 8 and len(paragraph.strip()) < 0.6 * width:
        # a paragraph of one short line without a full stop followed by a capital: a heading or title line
        return False
    return True


_NEW_FLOW = re.compile(r"^ [A-ZÀ-Ý“‘\"]")
_ANY_SENTENCE_END = re.compile(r"[.!?…]['’”\")]*(?:\s|$)")
_MIN_BYLINE_WORDS = 6


def _looks_like_title(text: str, width: float) -> bool:
    return len(text.split()) <= 8 and len(text) < 0.6 * width and not SENTENCE_END.search(text)


def clean_pages(pages: list[PageText], vocab: Mapping[str, int]) -> tuple[str, tuple[PageSpan, ...]]:
    """Clean a document's pages into paragraphs separated by blank lines.

    Returns the cleaned text and which characters lie on which pages. A paragraph
    may run on over a page break (a sentence continued on the next page).
    """
    split_pages = [[normalise_line(ln) for ln in p.text.split("\n")] for p in pages]
    running = find_running_lines(split_pages)
    # Some text layers put an empty line after every line ("double-spaced"); there a single
    # empty line is no paragraph break.
    flat = [ln for raw in split_pages for ln in raw]
    nonblank = [i for i, ln in enumerate(flat) if ln.strip()]
    followed = sum(1 for i in nonblank if i + 1 < len(flat) and not flat[i + 1].strip())
    double_spaced = bool(nonblank) and followed >= 0.6 * len(nonblank)
    lines: list[_Line] = []
    for index, raw in enumerate(split_pages):
        blank = 1  # a page break counts as a blank line
        # Titles are put back only after the footer and page number are gone: a title block at a
        # page's end would otherwise carry them into the middle of the page.
        page_lines = restore_chapter_openings(drop_noise_lines(raw, running))
        if index == 0:
            page_lines = set_off_document_title(page_lines)
        for line in drop_repeated_pull_quotes(
            separate_pull_quotes(
                separate_footnotes(move_interview_titles(move_footnotes(move_boxes(move_pull_quotes(page_lines)))))
            )
        ):
            if not line.strip():
                blank += 1
                continue
            line = drop_footnote_marks(hyphenate_glued_abbreviations(rejoin_inline_splits(line, vocab), vocab))
            lines.append(_Line(line, index, blank - 1 if double_spaced and blank == 1 else blank))
            blank = 0
    # Column width differs between one- and two-column pages, so "short" is judged
    # against the longest of the neighbouring lines.
    # A chapter's title block spans the page, so the column text before it does not see its width.
    lengths = [len(ln.text.strip()) for ln in lines]
    titles = [i for i, ln in enumerate(lines) if ln.blank_before and is_chapter_title(ln.text)]
    local_width = []
    for i in range(len(lines)):
        at = bisect.bisect_right(titles, i)
        lo = titles[at - 1] if at else 0
        hi = titles[at] if at < len(titles) else len(lines)
        local_width.append(max(lengths[max(lo, i - 6) : min(hi, i + 7)]))

    paragraphs: list[tuple[str, int]] = []  # (text, page index where it starts)
    boundaries: list[list[tuple[int, int]]] = []  # per paragraph: (offset in paragraph, page index)
    last_line = ""
    for line, width in zip(lines, local_width, strict=False):
        if paragraphs and _continues(paragraphs[-1][0], last_line, line, width):
            text, start_page = paragraphs[-1]
            joined = join_split_word(text, line.text, vocab)
            if line.page != boundaries[-1][-1][1]:
                boundaries[-1].append((len(joined) - len(line.text.strip()), line.page))
            paragraphs[-1] = (joined, start_page)
        else:
            paragraphs.append((_as_item(line.text), line.page))
            boundaries.append([(0, line.page)])
        last_line = line.text

    out: list[str] = []
    spans: list[tuple[int, int]] = []  # (offset, page index)
    offset = 0
    prev_item = False
    for (text, _), bounds in zip(paragraphs, boundaries, strict=False):
        item = _is_item(text)
        if out:
            sep = "\n" if (item and prev_item) else "\n\n"
            out.append(sep)
            offset += len(sep)
        for rel, page in bounds:
            if not spans or spans[-1][1] != page:
                spans.append((offset + rel, page))
        out.append(text)
        offset += len(text)
        prev_item = item
    cleaned = "".join(out)
    page_spans = []
    for k, (start, page) in enumerate(spans):
        end = spans[k + 1][0] if k + 1 < len(spans) else len(cleaned)
        page_spans.append(PageSpan(start, end, pages[page].page_lo, pages[page].page_hi))
    return cleaned, tuple(page_spans)
