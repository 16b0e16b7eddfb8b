"""Chunking (ingest.chunk): windows of whole sentences within a section, balanced sizes,
one sentence of overlap, never across a heading or a contents table, with pages and sections."""

from __future__ import annotations

import pytest

from ingest.chunk import ChunkingOptions, chunk_document
from ingest.models import Document, DocumentMeta, Heading, PageSpan


def sentence(n: int, words: int = 10) -> str:
    """A sentence of exactly `words` words, recognisable by its number."""
    return " ".join([f"Zin{n}"] + ["woord"] * (words - 2) + ["einde."])


def para(first: int, count: int, words: int = 10) -> str:
    return " ".join(sentence(first + i, words) for i in range(count))


def make_doc(
    blocks: list[str], headings: dict[int, int] | None = None, title: str = "Proef", pages: bool = False
) -> Document:
    """Blocks joined by blank lines; `headings` maps a block index to its heading level."""
    headings = headings or {}
    text, found, spans, offset = "", [], [], 0
    for i, block in enumerate(blocks):
        if text:
            text += "\n\n"
        start = len(text)
        text += block
        if i in headings:
            found.append(Heading(start, len(text), headings[i], block))
        if pages:
            spans.append(PageSpan(offset, len(text), i + 1, i + 1))
            offset = len(text)
    if pages:
        spans[-1] = PageSpan(spans[-1].start, len(text), spans[-1].page_lo, spans[-1].page_hi)
    return Document(DocumentMeta(id="doc", title=title), "doc.txt", "0" * 64, text, tuple(spans), tuple(found))


def numbers(chunk) -> list[int]:  # type: ignore[no-untyped-def]
    return [int(w[3:]) for w in chunk.text.split() if w.startswith("Zin")]


@pytest.mark.parametrize(
    "sentences, words, expected_sizes",
    [
        (5, 10, [50]),  # a short section is one chunk
        (25, 10, [250]),  # exactly max_words: still one chunk
        (30, 10, [150, 160]),  # 300 words: two balanced windows (the second starts with the overlap sentence)
        (60, 10, [200, 200, 220]),  # 600 words: three windows of ~200, the last with the overlap
    ],
)
def test_window_sizes_are_balanced(sentences: int, words: int, expected_sizes: list[int]) -> None:
    chunks = chunk_document(make_doc([para(1, sentences, words)]))
    assert [c.word_count for c in chunks] == expected_sizes


def test_windows_overlap_by_one_sentence_and_cover_everything() -> None:
    chunks = chunk_document(make_doc([para(1, 60)]))
    for a, b in zip(chunks, chunks[1:], strict=False):
        assert numbers(b)[0] == numbers(a)[-1]  # one sentence of overlap
    assert sorted({n for c in chunks for n in numbers(c)}) == list(range(1, 61))


def test_no_overlap_when_switched_off() -> None:
    chunks = chunk_document(make_doc([para(1, 60)]), opts=ChunkingOptions(overlap_sentences=0))
    assert sum(c.word_count for c in chunks) == 600


def test_overlap_is_dropped_when_it_would_push_a_window_over_the_limit() -> None:
    opts = ChunkingOptions(min_words=10, max_words=30)
    doc = make_doc([sentence(1, 10) + " " + sentence(2, 25) + " " + sentence(3, 28)])
    chunks = chunk_document(doc, opts=opts)
    assert all(c.word_count <= 30 for c in chunks)
    assert [numbers(c) for c in chunks] == [[1], [2], [3]]


@pytest.mark.parametrize(
    "blocks, note",
    [
        # the window reaches its target inside a footnote: the note's sentences stay together,
        # and none is the next window's overlap (its number left behind, it read as text)
        ([para(1, 14), "18 " + para(15, 3), para(18, 14)], range(15, 18)),
        # the note would not fit whole in the window: it opens the next one
        ([para(1, 22), "18 " + para(23, 5), para(28, 20)], range(23, 28)),
    ],
)
def test_a_window_neither_ends_nor_opens_inside_a_footnote(blocks: list[str], note: range) -> None:
    chunks = chunk_document(make_doc(blocks))
    assert len(chunks) >= 2
    holding = [c for c in chunks if set(numbers(c)) & set(note)]
    assert len(holding) == 1 and set(note) <= set(numbers(holding[0]))
    assert all(numbers(c)[0] not in note[1:] for c in chunks)


def test_a_paragraph_opening_with_a_number_in_lower_case_is_no_footnote() -> None:
    chunks = chunk_document(make_doc([para(1, 14), "18 zinnen. " + para(15, 3), para(18, 14)]))
    assert len(chunks) == 2 and numbers(chunks[1])[0] == numbers(chunks[0])[-1]  # the plain overlap


def test_a_sentence_longer_than_a_chunk_is_cut_at_word_boundaries() -> None:
    doc = make_doc([" ".join(["woord"] * 600)])
    chunks = chunk_document(doc)
    assert all(c.word_count <= 250 for c in chunks)
    assert sum(c.word_count for c in chunks) >= 600


def test_chunks_never_cross_a_heading_and_carry_its_section() -> None:
    doc = make_doc(["1. Inleiding", para(1, 20), "2. Aanpak", para(100, 20)], headings={0: 1, 2: 1})
    chunks = chunk_document(doc)
    assert [c.section for c in chunks] == [("1. Inleiding",), ("2. Aanpak",)]
    assert numbers(chunks[0]) == list(range(1, 21)) and numbers(chunks[1]) == list(range(100, 120))
    assert chunks[0].text.startswith("1. Inleiding")  # the heading is the first line of its passage


def test_a_heading_directly_followed_by_a_subheading_is_carried_along() -> None:
    doc = make_doc(["4. Wijkteam", "Schoolcoach", para(1, 10)], headings={0: 1, 1: 2})
    chunks = chunk_document(doc)
    assert len(chunks) == 1
    assert chunks[0].text.startswith("4. Wijkteam\n\nSchoolcoach")
    # cited by the section its text is about, under its chapter
    assert chunks[0].section == ("4. Wijkteam", "Schoolcoach")


@pytest.mark.parametrize(
    "blocks, headings, expected",
    [
        # a slide with only titles before the next slide of the same level: carried along
        (
            ["Passend thuisnabij onderwijs", "Wijkgericht werken: doelen", "doelen TLV’s", para(1, 10)],
            {0: 1, 2: 1},
            [(("doelen TLV’s",), "Passend thuisnabij onderwijs\n\nWijkgericht werken: doelen\n\ndoelen TLV’s")],
        ),
        # a lead-in ending in ":" is no sentence either
        (
            ["Beoogde cultuur:", "Vertrouwen en verbinden", para(1, 10)],
            {0: 1, 1: 1},
            [(("Vertrouwen en verbinden",), "Beoogde cultuur:\n\nVertrouwen")],
        ),
        # a short section with a sentence stays its own passage
        (
            ["Wijkindeling", "De wijken zijn bekend.", "Startbijeenkomst", para(1, 10)],
            {0: 1, 2: 1},
            [(("Wijkindeling",), "Wijkindeling\n\nDe wijken"), (("Startbijeenkomst",), "Startbijeenkomst")],
        ),
        # never carried into a higher chapter, even when it holds no sentence (a text broken off by
        # the PDF layout at the end of a box)
        (
            ["Lessen", para(1, 10), "Bestuurlijk overleg", "plannen over", "8. Sturen op samenhang", para(50, 10)],
            {0: 1, 2: 2, 4: 1},
            [
                (("Lessen",), "Lessen"),
                (("Lessen", "Bestuurlijk overleg"), "Bestuurlijk overleg"),
                (("8. Sturen op samenhang",), "8. Sturen"),
            ],
        ),
    ],
)
def test_title_only_sections(blocks: list[str], headings: dict[int, int], expected: list[tuple]) -> None:
    chunks = chunk_document(make_doc(blocks, headings=headings))
    assert [(c.section, c.text[: len(start)]) for c, (_, start) in zip(chunks, expected, strict=False)] == expected
    assert len(chunks) == len(expected)


def test_a_contents_table_is_in_no_chunk_and_splits_its_section() -> None:
    toc = "Inhoud\n\nVooraf 5\n\n1. Inleiding 7"
    doc = make_doc([para(1, 5), toc, para(50, 5)])
    start = doc.text.index("Inhoud")
    toc_spans = (
        (start, start + len("Inhoud")),
        (doc.text.index("Vooraf 5"), doc.text.index("Vooraf 5") + 8),
        (doc.text.index("1. Inleiding 7"), doc.text.index("1. Inleiding 7") + 14),
    )
    chunks = chunk_document(doc, toc_spans)
    assert [numbers(c) for c in chunks] == [list(range(1, 6)), list(range(50, 55))]
    assert not any("Inhoud" in c.text or "Vooraf 5" in c.text for c in chunks)


def test_pages_of_a_chunk_span_its_text() -> None:
    doc = make_doc([para(1, 5), para(20, 5), para(40, 5)], pages=True)
    (chunk,) = chunk_document(doc)
    assert (chunk.page_start, chunk.page_end) == (1, 3)
    assert doc.text[chunk.start : chunk.end] == chunk.text


def test_slide_titles_drop_the_repeated_deck_title() -> None:
    title = "Wijkgericht werken: hoe gaan we het organiseren?"
    doc = make_doc([f"{title} Doelen 2023", para(1, 5)], headings={0: 1}, title=title)
    (chunk,) = chunk_document(doc)
    assert chunk.section == ("Doelen 2023",)


def test_chunk_ids_and_sentences() -> None:
    chunks = chunk_document(make_doc([para(1, 60)]))
    assert [c.id for c in chunks] == [f"doc:{i:04d}" for i in range(len(chunks))]
    for c in chunks:
        assert len(c.sentences) == len(numbers(c))
        assert c.sentences[0].start == c.start and c.sentences[-1].end == c.end


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # the field's abbreviations end a sentence: spaCy's Dutch exceptions held "VO." and "PO."
        (
            "Pilot Jongerenwerk in school op het VO. De insteek van deze pilots is preventief.",
            ["Pilot Jongerenwerk in school op het VO.", "De insteek van deze pilots is preventief."],
        ),
        ("Dit geldt voor het po. Het vo volgt.", ["Dit geldt voor het po.", "Het vo volgt."]),
        ("Wat doet het SWV. Dat staat hier.", ["Wat doet het SWV.", "Dat staat hier."]),
        # an abbreviation with its dot in lower case still does not end one
        ("Zie bijv. De Wet en art. 5 ervan.", ["Zie bijv. De Wet en art. 5 ervan."]),
    ],
)
def test_split_sentences_ends_a_sentence_after_an_abbreviation_in_capitals(line: str, expected: list[str]) -> None:
    from ingest.chunk import split_sentences

    assert [line[s.start : s.end] for s in split_sentences(line, 0, len(line))] == expected
