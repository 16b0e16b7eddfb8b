"""Cut a cleaned document into passages of whole sentences that stop at headings.

Chunks hold 80-250 words where the section allows, overlap by one sentence, never
cross a heading (so never a chapter boundary), and keep offsets into the cleaned text
so a passage can be shown in place.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .kinds import detect_passage_kind
from .lazy import spacy_sentencizer
from .models import Chunk, Document, Sentence
from .structure import section_path_at

# Bumped whenever cleaning, headings or chunking change what chunks come out, so that an
# incremental ingest re-chunks every document (vectors are still re-used by text hash). Also
# bumped for changes in passage kinds and in the lexical analyzer, which only a re-chunk applies
# (v4: instruction-worded numbered headings are recommendations; "TLV’s" indexed as "tlv";
# v5: runs of slides with one title are one section, title-only slides are carried along;
# v15: a box after a reading list starts on its listed page where it opens, which its pages show;
# v16: a web address broken after a hyphen is rejoined also before a figure; v17: a pull quote
# in the middle of a sentence is moved after that sentence's paragraph; v18: so is a titled box,
# and a PDF's footnotes are set apart from its running text, ingest/pdf_notes.py; v22: a hyphen at
# a line's end before a hyphenated word is kept, "out-of-the-box" and "OKé-op-school"; v23, v24 and
# v27: the lexical analyzer, "welk" and "SLB-er", "smw'er"; v25: a sentence ends after "VO."; v26:
# a block of footnotes is set apart from the paragraph below it; v28: a line of spaces ends no
# page, a footnote broken in two stays one, a box title indented below an unfinished line is
# moved, and a passage neither ends nor opens inside a footnote; v29: a glued abbreviation gets
# its hyphen back, "CJG-medewerker", "mbo-team"; v30: a byline block opens no sentence, a
# double-spaced sentence goes on after "en", a pull quote that repeats the text nearby goes).
CHUNKER_VERSION = "sent-heading-v30"
MIN_WORDS = 80
MAX_WORDS = 250
_SMALL_SECTION_WORDS = 25
_MAX_OVERLAP_WORDS = 60
_UNIT = re.compile(r"[^\n]+")
_SENTENCE_END = re.compile(r"[.!;]['’”\")]*\s*$")
# A paragraph opening with a note's number and a capital ("18 Joanka Prakken, …"): a footnote.
_NOTE_PARAGRAPH = re.compile(r"\d{1,2}\s+[A-ZÀ-Ý]")


@dataclass(frozen=True)
class ChunkingOptions:
    min_words: int = MIN_WORDS
    max_words: int = MAX_WORDS
    overlap_sentences: int = 1


def _words(text: str) -> int:
    return len(text.split())


def split_sentences(text: str, start: int, end: int, limit: int = MAX_WORDS) -> list[Sentence]:
    """Sentences of text[start:end]; every line (paragraph, list item, heading) is at least one."""
    nlp = spacy_sentencizer()
    out: list[Sentence] = []
    for m in _UNIT.finditer(text, start, end):
        line = m.group(0)
        if not line.strip():
            continue
        for sent in nlp(line).sents:
            s, e = m.start() + sent.start_char, m.start() + sent.end_char
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                out.extend(_split_long(text, s, e, limit))
    return out


def _split_long(text: str, start: int, end: int, limit: int = MAX_WORDS) -> list[Sentence]:
    """A "sentence" longer than a chunk (a list without full stops) is cut at word boundaries."""
    words = list(re.finditer(r"\S+", text[start:end]))
    if len(words) <= limit:
        return [Sentence(start, end)]
    pieces = []
    for i in range(0, len(words), limit):
        group = words[i : i + limit]
        pieces.append(Sentence(start + group[0].start(), start + group[-1].end()))
    return pieces


def _sections(doc: Document, toc_spans: tuple[tuple[int, int], ...] = ()) -> list[tuple[int, int]]:
    """(start, end) of the stretches between headings; a contents table also bounds one, so
    that no chunk spans it (its sentences are dropped, its text would still lie in between)."""
    bounds = sorted({0, *(h.start for h in doc.headings), *(x for span in toc_spans for x in span), len(doc.text)})
    return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if doc.text[a:b].strip()]


def _display_section(doc: Document, path: tuple[str, ...]) -> tuple[str, ...]:
    """Slide titles repeat the deck title; the citation needs only what follows it."""
    title = doc.meta.title.lower().rstrip("?")
    out = []
    for item in path:
        low = item.lower()
        if title and low.startswith(title) and len(item) > len(title) + 3:
            item = item[len(title) :].lstrip(" ?:–-")
        out.append(item)
    return tuple(out)


def _group(sentences: list[Sentence], text: str, opts: ChunkingOptions) -> list[list[Sentence]]:
    """Balanced greedy grouping of sentences into windows with one sentence of overlap.

    The target size is the section's words divided evenly over the fewest windows that
    respect max_words, so a 300-word section gives two windows of ~150, not 250 + 50.
    """
    lengths = [_words(text[s.start : s.end]) for s in sentences]
    total = sum(lengths)
    if total <= opts.max_words:
        return [sentences]
    # A footnote's sentences stay in one passage and none opens the next: the passage after
    # "… 18 Joanka Prakken, …, een gedeelde verantwoordelijkheid." opened with the note's rest,
    # "Notitie Denktank … 2014.", which, its number left behind, was marked as an answer.
    in_note = [_in_note(text, s.start) for s in sentences]
    joined = [i > 0 and "\n\n" not in text[sentences[i - 1].end : s.start] for i, s in enumerate(sentences)]
    target = max(opts.min_words, total / math.ceil(total / opts.max_words))
    groups: list[list[Sentence]] = []
    i = 0
    while i < len(sentences):
        group: list[Sentence] = []
        count = 0
        if groups and opts.overlap_sentences:
            tail = groups[-1][-opts.overlap_sentences :]
            tail_words = sum(_words(text[t.start : t.end]) for t in tail)
            if tail_words <= _MAX_OVERLAP_WORDS and not in_note[i - 1]:
                group, count = list(tail), tail_words
        if group and count + lengths[i] > opts.max_words:
            group, count = [], 0  # the overlap sentence would push the window over the limit
        added = 0
        while i < len(sentences) and (added == 0 or count + lengths[i] <= opts.max_words):
            if added and in_note[i] and not joined[i] and count + _note_words(i, lengths, joined) > opts.max_words:
                break  # the note would not fit whole: it opens the next passage
            group.append(sentences[i])
            count += lengths[i]
            i += 1
            added += 1
            if count >= target and not (i < len(sentences) and in_note[i] and joined[i]):
                break
        remaining = sum(lengths[i:])
        if 0 < remaining < opts.min_words / 2 and count + remaining <= opts.max_words:
            group.extend(sentences[i:])
            i = len(sentences)
        groups.append(group)
    return groups


def _note_words(i: int, lengths: list[int], joined: list[bool]) -> int:
    """The words of the paragraph whose first sentence is sentence `i`."""
    j = i + 1
    while j < len(lengths) and joined[j]:
        j += 1
    return sum(lengths[i:j])


def _in_note(text: str, start: int) -> bool:
    """Whether the sentence at `start` lies in a paragraph that opens with a note's number."""
    begins = text.rfind("\n\n", 0, start)
    return bool(_NOTE_PARAGRAPH.match(text, 0 if begins < 0 else begins + 2))


def chunk_document(
    doc: Document, toc_spans: tuple[tuple[int, int], ...] = (), opts: ChunkingOptions | None = None
) -> list[Chunk]:
    """All chunks of a document, in reading order."""
    opts = opts or ChunkingOptions()
    text = doc.text
    chunks: list[Chunk] = []
    pending: list[Sentence] = []
    for start, end in _sections(doc, toc_spans):
        sentences = [
            s
            for s in split_sentences(text, start, end, opts.max_words)
            if not any(a <= s.start < b for a, b in toc_spans)
        ]
        if not sentences:
            continue
        carried = pending
        sentences = pending + sentences
        pending = []
        words = sum(_words(text[s.start : s.end]) for s in sentences)
        next_heading = next((h for h in doc.headings if h.start == end), None)
        this_heading = next((h for h in doc.headings if h.start == start), None)
        if (
            words < _SMALL_SECTION_WORDS
            and next_heading is not None
            and (
                next_heading.level > 1
                or (this_heading and next_heading.level >= this_heading.level and titles_only(text, sentences))
            )
        ):
            # A heading directly followed by a sub-heading, or a slide holding only titles
            # ("Passend thuisnabij onderwijs") before the next of its level: carry it along
            # instead of a passage of 3 words. Never into a higher chapter.
            pending = sentences
            continue
        body_start = sentences[len(carried)].start if len(sentences) > len(carried) else None
        for group in _group(sentences, text, opts):
            chunks.append(_make_chunk(doc, group, len(chunks), body_start))
            body_start = None
    if pending:
        chunks.append(_make_chunk(doc, pending, len(chunks)))
    return chunks


def titles_only(text: str, sentences: list[Sentence]) -> bool:
    """No line here ends in a full stop: headings, labels, lead-ins ("kernwaarden:") and titles
    that ask a question ("Wijkgericht werken: hoe gaan we het organiseren? ...") only."""
    lines = text[sentences[0].start : sentences[-1].end].split("\n")
    return all(not _SENTENCE_END.search(line) for line in lines if line.strip())


def _make_chunk(doc: Document, group: list[Sentence], ordinal: int, body_start: int | None = None) -> Chunk:
    """`body_start`: where the section's own text begins after carried-along titles; the
    passage is cited by the section it is about, not by the label that opened the slide."""
    start, end = group[0].start, group[-1].end
    section = _display_section(doc, section_path_at(doc.headings, start if body_start is None else body_start))
    pages = [p for p in doc.pages if p.start < end and p.end > start]
    page_start = pages[0].page_lo if pages else None
    page_end = pages[-1].page_hi if pages else None
    if page_start is not None and page_end is not None and page_end < page_start:
        page_end = page_start
    text = doc.text[start:end]
    return Chunk(
        id=f"{doc.id}:{ordinal:04d}",
        doc_id=doc.id,
        ordinal=ordinal,
        text=text,
        start=start,
        end=end,
        page_start=page_start,
        page_end=page_end,
        section=section,
        kind=detect_passage_kind(section, text),
        sentences=tuple(group),
    )
