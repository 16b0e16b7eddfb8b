"""Issue 5.6: property tests (hypothesis) on cleaning and chunking, over generated Dutch-ish
pages with headings, bullets, running headers, page numbers and words split over lines.

- cleaning never invents text, and its page spans tile the cleaned text;
- every word of the cleaned text lands in at least one chunk;
- a chunk's offsets map back to exactly its text, and its sentences lie inside it;
- no chunk is empty or over the size limit.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ingest.chunk import MAX_WORDS, ChunkingOptions, chunk_document
from ingest.clean import build_vocabulary, clean_pages, normalise_line
from ingest.models import Document, DocumentMeta, PageText
from ingest.pipeline import build_document

PROFILE = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    derandomize=True,
    database=None,
)

DUTCH_WORDS = (
    "de het een en van in op met voor aan bij school wijkteam jeugdhulp ouders leerling leerlingen "
    "samenwerking gemeente onderwijs zorg passend kind kinderen gezin thuiszitter ondersteuning "
    "coördinator financiële reünie café IB'er PO-Raad jeugdprofessional wijkgericht werken "
    "aanpak resultaten 2025 12% €300 intern begeleider samenwerkingsverband"
).split()
LETTERS = "abcdefghijklmnopqrstuvwxyzéëïöüèáABCDEFGHIJKLMNOPRSTUVWZ"

word = st.one_of(
    st.sampled_from(DUTCH_WORDS),
    st.text(alphabet=LETTERS, min_size=1, max_size=14),
)


@st.composite
def sentence(draw: st.DrawFn) -> str:
    words = draw(st.lists(word, min_size=1, max_size=30))
    text = " ".join(words)
    return text[:1].upper() + text[1:] + draw(st.sampled_from([".", ".", "!", "?", ":", ""]))


@st.composite
def long_run(draw: st.DrawFn) -> str:
    """A 'sentence' longer than a chunk: a list without full stops."""
    n = draw(st.integers(MAX_WORDS + 1, MAX_WORDS + 120))
    return " ".join(draw(word) for _ in range(n))


def wrap(text: str, width: int, split_words: bool) -> list[str]:
    """Break a paragraph into lines as a PDF text layer does, sometimes hyphenating a word."""
    lines: list[str] = []
    line = ""
    for w in text.split():
        if line and len(line) + 1 + len(w) > width:
            if split_words and len(w) >= 8 and w.isalpha():
                cut = len(w) // 2
                lines.append(f"{line} {w[:cut]}-")
                line = w[cut:]
                continue
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    if line:
        lines.append(line)
    return lines


@st.composite
def block(draw: st.DrawFn) -> list[str]:
    kind = draw(st.sampled_from(["paragraph", "paragraph", "paragraph", "heading", "numbered", "bullets", "long"]))
    width = draw(st.integers(40, 90))
    if kind == "heading":
        return [
            draw(st.sampled_from(["Inleiding", "Doen wat werkt", "Conclusies en aanbevelingen", "Wat zeggen ouders"]))
        ]
    if kind == "numbered":
        return [
            f"{draw(st.integers(1, 9))}.{draw(st.integers(1, 9))} {draw(st.sampled_from(['Aanpak', 'Resultaten', 'Samenwerking met de school']))}"
        ]
    if kind == "bullets":
        bullet = draw(st.sampled_from(["•", "-", "\uf0b7", "▪"]))
        return [f"{bullet} {draw(sentence())}" for _ in range(draw(st.integers(1, 5)))]
    if kind == "long":
        return wrap(draw(long_run()), width, split_words=False)
    text = " ".join(draw(st.lists(sentence(), min_size=1, max_size=6)))
    return wrap(text, width, split_words=draw(st.booleans()))


@st.composite
def pages(draw: st.DrawFn) -> list[PageText]:
    n = draw(st.integers(1, 5))
    header = draw(st.sampled_from(["", "Samen om het kind – Op school, thuis en in de wijk"]))
    out = []
    for number in range(1, n + 1):
        lines: list[str] = [header] if header else []
        for b in draw(st.lists(block(), min_size=1, max_size=6)):
            lines.extend(b)
            lines.append("")
        if draw(st.booleans()):
            lines.append(str(number))
        out.append(PageText("\n".join(lines), number, number))
    return out


def _letters(text: str) -> Counter[str]:
    return Counter(ch for ch in text if ch.isalpha())


@PROFILE
@given(pages())
def test_cleaning_never_invents_text_and_spans_tile_it(doc_pages: list[PageText]) -> None:
    vocab = build_vocabulary(p.text for p in doc_pages)
    text, spans = clean_pages(doc_pages, vocab)
    source = "\n".join(normalise_line(line) for p in doc_pages for line in p.text.split("\n"))
    assert not (_letters(text) - _letters(source)), "cleaning only removes and joins, it never adds letters"
    assert "\u00ad" not in text and "\n\n\n" not in text
    assert all(line == line.rstrip() for line in text.split("\n"))
    assert unicodedata.is_normalized("NFC", text)
    if text:
        assert spans[0].start == 0 and spans[-1].end == len(text)
        assert all(a.end == b.start for a, b in zip(spans, spans[1:], strict=False))
        assert all(s.start < s.end or len(spans) == 1 for s in spans)


def _chunks(doc_pages: list[PageText], opts: ChunkingOptions | None = None):  # type: ignore[no-untyped-def]
    vocab = build_vocabulary(p.text for p in doc_pages)
    doc, toc_spans = build_document(DocumentMeta(id="doc", title="Proef"), "proef.txt", doc_pages, vocab, "0" * 64)
    return doc, toc_spans, chunk_document(doc, toc_spans, opts)


@PROFILE
@given(pages())
def test_every_word_lands_in_a_chunk(doc_pages: list[PageText]) -> None:
    doc, toc_spans, chunks = _chunks(doc_pages)
    assume(doc.text.strip())
    covered = [(c.start, c.end) for c in chunks]
    for m in re.finditer(r"\S+", doc.text):
        if any(a <= m.start() < b for a, b in toc_spans):
            continue  # a table of contents is left out on purpose
        assert any(a <= m.start() and m.end() <= b for a, b in covered), (
            f"word {m.group()!r} at {m.start()} is in no chunk"
        )


@PROFILE
@given(pages())
def test_chunk_offsets_map_back_to_the_text(doc_pages: list[PageText]) -> None:
    doc, _, chunks = _chunks(doc_pages)
    for i, c in enumerate(chunks):
        assert c.ordinal == i and c.doc_id == "doc"
        assert doc.text[c.start : c.end] == c.text
        assert c.sentences and c.sentences[0].start == c.start and c.sentences[-1].end == c.end
        for s in c.sentences:
            assert c.start <= s.start < s.end <= c.end
            assert doc.text[s.start : s.end].strip() == doc.text[s.start : s.end]
        assert all(a.end <= b.start for a, b in zip(c.sentences, c.sentences[1:], strict=False))


OPTIONS = st.sampled_from(
    [
        ChunkingOptions(),
        ChunkingOptions(min_words=20, max_words=60),
        ChunkingOptions(min_words=5, max_words=30, overlap_sentences=0),
    ]
)


@PROFILE
@given(pages(), OPTIONS)
def test_no_chunk_is_empty(doc_pages: list[PageText], opts: ChunkingOptions) -> None:
    _, _, chunks = _chunks(doc_pages, opts)
    assert all(c.text.strip() and c.word_count > 0 for c in chunks)


@PROFILE
@given(pages(), OPTIONS)
def test_no_chunk_is_over_the_size_limit(doc_pages: list[PageText], opts: ChunkingOptions) -> None:
    _, _, chunks = _chunks(doc_pages, opts)
    for c in chunks:
        assert c.word_count <= opts.max_words, f"chunk of {c.word_count} words over the limit of {opts.max_words}"


def test_overlap_plus_long_sentence_stays_within_the_limit() -> None:
    """The smallest case hypothesis found: a short sentence, then one of exactly MAX_WORDS words."""
    text = "De school.\n\n" + " ".join(["woord"] * MAX_WORDS)
    doc = Document(DocumentMeta(id="doc", title="Proef"), "proef.txt", "0" * 64, text)
    chunks = chunk_document(doc)
    assert max(c.word_count for c in chunks) <= MAX_WORDS
