"""Page boundaries recovered from text-layer dumps (ingest.pages.split_text_pages).

A page ends at the running footer with its number; stretches between two numbered
footers get the range of pages they must lie on; a text without numbered footers has
no page numbers at all, never guessed ones.
"""

from __future__ import annotations

import pytest
from conftest import CORPUS

from ingest.clean import build_vocabulary
from ingest.models import DocumentMeta, PageSpan, PageText
from ingest.pages import anchor_page_spans, split_text_pages
from ingest.pipeline import build_document

FOOTER = "Samen om het kind - Op school, thuis en in de wijk"
NJI = CORPUS / "nji-samen-om-het-kind-2015.txt"
WITHOUT_FOOTERS = [
    "factsheet-sterke-gezinnen-scholen-wijken.txt",
    "haarlemmermeer-verkenning-wijkgericht-werken-2025.txt",
    "sppoh-eindevaluatie-pilot-wijkgericht-werken-2025.txt",
    "swv-wijkgericht-werken-organiseren-2023.txt",
]
BREAK = "\n\n\n\n\n"  # a run of empty lines: a page break without a number


def footer(number: int, before: bool = False) -> str:
    """The NJi footer: the footer line then the number, or (on some pages) the number first."""
    return f"\n{number}\n\n{FOOTER}\n" if before else f"\n{FOOTER}\n\n{number}\n"


def body(name: str) -> str:
    return f"Tekst van {name} met een paar woorden.\nNog een regel van {name}."


def ranges(pages: list[PageText]) -> list[tuple[int | None, int | None]]:
    return [(p.page_lo, p.page_hi) for p in pages]


def page_with(pages: list[PageText], needle: str) -> PageText:
    found = [p for p in pages if needle in " ".join(p.text.split())]
    assert len(found) == 1, f"{needle!r} should be on exactly one page, found {len(found)}"
    return found[0]


# -- synthetic texts -----------------------------------------------------------------------------------
def test_numbered_footer_ends_each_page() -> None:
    text = body("A") + footer(1) + body("B") + footer(2) + body("C") + footer(3)
    pages = split_text_pages(text)
    assert ranges(pages) == [(1, 1), (2, 2), (3, 3)]
    for name, page in zip("ABC", pages, strict=True):
        assert f"Tekst van {name} met" in page.text


def test_footer_and_number_are_not_page_text() -> None:
    pages = split_text_pages(body("A") + footer(1) + body("B") + footer(2) + body("C") + footer(3))
    for page in pages:
        lines = [ln.strip() for ln in page.text.split("\n")]
        assert FOOTER not in lines
        assert not any(ln.isdigit() for ln in lines)


def test_number_before_the_footer_also_ends_the_page() -> None:
    text = body("A") + footer(4, before=True) + body("B") + footer(5, before=True) + body("C") + footer(6, before=True)
    pages = split_text_pages(text)
    assert ranges(pages) == [(1, 4), (5, 5), (6, 6)]
    assert not any(ln.strip() in {"4", "5", "6"} for p in pages for ln in p.text.split("\n"))


def test_text_after_the_last_footer_starts_on_the_next_page_with_open_end() -> None:
    text = body("A") + footer(7) + body("B") + footer(8) + body("C") + footer(9) + body("D")
    pages = split_text_pages(text)
    assert ranges(pages)[-1] == (10, None)
    assert "Tekst van D" in pages[-1].text


@pytest.mark.parametrize(
    "layout, expected",
    [
        # footer 2, two unnumbered breaks, footer 6: the three stretches lie on 3-4, 4-5, 5-6
        (
            [("A", 2), ("B", None), ("C", None), ("D", 6), ("E", 7), ("F", 8)],
            [(1, 2), (3, 4), (4, 5), (5, 6), (7, 7), (8, 8)],
        ),
        # one unnumbered break between footers 3 and 5: exactly pages 4 and 5
        ([("A", 3), ("B", None), ("C", 5), ("D", 6)], [(1, 3), (4, 4), (5, 5), (6, 6)]),
        # an unnumbered break between consecutive footers cannot push a stretch past them
        ([("A", 1), ("B", None), ("C", 2), ("D", 3)], [(1, 1), (2, 2), (2, 2), (3, 3)]),
    ],
)
def test_stretches_between_numbered_footers_get_page_ranges(
    layout: list[tuple[str, int | None]], expected: list[tuple[int, int]]
) -> None:
    text = ""
    for name, number in layout:
        text += body(name) + (footer(number) if number is not None else BREAK)
    pages = split_text_pages(text)
    assert ranges(pages) == expected
    for (name, _), page in zip(layout, pages, strict=True):
        assert f"Tekst van {name} met" in page.text


@pytest.mark.parametrize(
    "white, breaks",
    [
        ("\n\n\n\n", True),  # three empty lines: a page break
        ("\n\n \n\n", False),  # empty, a space (a bullet whose glyph was lost), empty: no break
        ("\n\n  \n\n\n\n", True),  # three empty lines besides the bullet: still a break
        ("\n\n\f\n\n", True),  # a form feed line is page white
    ],
)
def test_a_line_of_spaces_is_no_page_white(white: str, breaks: bool) -> None:
    text = body("A") + footer(3) + body("B") + white + body("C") + footer(5) + body("D") + footer(6)
    pages = split_text_pages(text)
    assert ranges(pages) == ([(1, 3), (4, 4), (5, 5), (6, 6)] if breaks else [(1, 3), (4, 5), (6, 6)])


def test_without_footer_no_page_is_known() -> None:
    text = body("A") + BREAK + body("B") + BREAK + body("C")
    pages = split_text_pages(text)
    assert len(pages) == 3
    assert ranges(pages) == [(None, None)] * 3


def test_footer_seen_fewer_than_three_times_is_no_footer() -> None:
    text = body("A") + footer(1) + body("B") + footer(2) + body("C")
    pages = split_text_pages(text)
    assert all(p.page_lo is None and p.page_hi is None for p in pages)
    assert "Tekst van C" in pages[-1].text


def test_bare_numbers_without_a_footer_are_not_page_numbers() -> None:
    text = "Aantal scholen:\n12\n\nAantal wijken:\n6\n\nAantal teams:\n3\n"
    pages = split_text_pages(text)
    assert [p.page_lo for p in pages] == [None]
    assert "12" in pages[0].text and "6" in pages[0].text


def test_windows_line_ends_are_handled() -> None:
    text = (body("A") + footer(1) + body("B") + footer(2) + body("C") + footer(3)).replace("\n", "\r\n")
    pages = split_text_pages(text)
    assert ranges(pages) == [(1, 1), (2, 2), (3, 3)]
    assert not any("\r" in p.text for p in pages)


def spans(*ranges_: tuple[int | None, int | None], width: int = 100) -> tuple[PageSpan, ...]:
    return tuple(PageSpan(i * width, (i + 1) * width, lo, hi) for i, (lo, hi) in enumerate(ranges_))


@pytest.mark.parametrize(
    "before, anchors, after",
    [
        # one stretch 12-65 with chapters listed on 14 and 21: cut at the headings
        ([(12, 65)], [(30, 14), (60, 21)], [(12, 14), (14, 21), (21, 65)]),
        # an anchor at a span start narrows it and bounds everything before it
        ([(1, 3), (2, 9), (8, 12)], [(100, 5)], [(1, 3), (5, 9), (8, 12)]),
        ([(1, 3), (2, 9), (8, 12)], [(150, 5)], [(1, 3), (2, 5), (5, 9), (8, 12)]),
        # after the last footer: the listed pages cut the open end
        ([(70, 80), (81, None)], [(120, 82), (150, 90)], [(70, 80), (81, 82), (82, 90), (90, None)]),
        # a listed page outside its span's range, or below an earlier anchor: ignored
        ([(12, 27), (29, 65)], [(50, 40)], [(12, 27), (29, 65)]),
        ([(12, 65)], [(30, 40), (60, 20)], [(12, 40), (40, 65)]),
        # no pages known: a contents table gives none
        ([(None, None), (None, None)], [(50, 4), (150, 9)], [(None, None), (None, None)]),
        ([(5, 9)], [], [(5, 9)]),
    ],
)
def test_anchor_page_spans(
    before: list[tuple[int | None, int | None]],
    anchors: list[tuple[int, int]],
    after: list[tuple[int | None, int | None]],
) -> None:
    out = anchor_page_spans(spans(*before), anchors)
    assert [(s.page_lo, s.page_hi) for s in out] == after
    assert out[0].start == 0 and out[-1].end == 100 * len(before)
    assert all(a.end == b.start for a, b in zip(out, out[1:], strict=False))  # no gap, no overlap


# -- the corpus ----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def nji_pages() -> list[PageText]:
    return split_text_pages(NJI.read_text(encoding="utf-8"))


def test_nji_passage_right_before_footer_7_is_on_page_7(nji_pages: list[PageText]) -> None:
    # the last lines above the first footer "Samen om het kind - ..." + "7" of the publication
    page = page_with(nji_pages, "Dit stelt iedereen die met kinderen en jongeren werkt voor een flinke opgave.")
    assert page.page_hi == 7
    assert page.page_lo is not None and page.page_lo <= 7
    assert page.text.rstrip().endswith(
        "Utrecht: Nederlands Jeugdinstituut, 2014."
    )  # the footnote just above the footer


def test_nji_text_after_footer_7_starts_on_page_8(nji_pages: list[PageText]) -> None:
    page = page_with(nji_pages, "Aanleiding voor de veranderingen in het (passend) onderwijs")
    assert page.page_lo == 8
    assert page.page_hi == 11  # the next numbered footer


def test_nji_number_before_footer_variant(nji_pages: list[PageText]) -> None:
    # "28" stands above the footer there; the reading list just before it ends page 28
    page = page_with(nji_pages, "Den Haag: Sociaal en Cultureel Planbureau, 2013.")
    assert page.page_hi == 28
    after = page_with(nji_pages, "Passend onderwijs is ingevoerd, maar het kan wel een paar jaar duren")
    assert after.page_lo == 29


def test_nji_chapter_3_runs_to_its_footer(nji_pages: list[PageText]) -> None:
    # an empty bullet (a line holding one space) between empty lines before the reading list is
    # no page break: the chapter's last passages may stand on page 28, where its footer is
    page = page_with(nji_pages, "in hoeverre we ouders er actief bij betrekken.")
    assert page.page_hi == 28
    assert page is page_with(nji_pages, "Den Haag: Sociaal en Cultureel Planbureau, 2013.")


def test_nji_ranges_are_ordered_and_consistent(nji_pages: list[PageText]) -> None:
    assert nji_pages[0].page_lo == 1
    for page in nji_pages:
        assert page.page_lo is not None
        assert page.page_hi is None or page.page_lo <= page.page_hi
    los = [p.page_lo for p in nji_pages]
    assert los == sorted(los)
    his = [p.page_hi for p in nji_pages if p.page_hi is not None]
    assert his == sorted(his)
    assert nji_pages[-1].page_lo == 81 and nji_pages[-1].page_hi is None  # after footer 80, end unknown


@pytest.fixture(scope="module")
def nji_document():  # type: ignore[no-untyped-def]
    pages = split_text_pages(NJI.read_text(encoding="utf-8"))
    doc, _ = build_document(
        DocumentMeta(id="nji", title="Samen om het kind"), str(NJI), pages, build_vocabulary(p.text for p in pages), ""
    )
    return doc


@pytest.mark.parametrize(
    "heading, pages",
    [
        ("4. Aansluiting met het wijkteam", (31, 45)),  # from the heading to the next listed one
        ("Betrokkenen aan het woord: oudervertegenwoordiger", (29, 31)),
        ("6. Onderwijs-zorgarrangementen", (58, 65)),  # to the numbered footer 65
        ("8. Sturen op samenhang", (82, 90)),
    ],
)
def test_nji_listed_headings_start_on_their_contents_page(nji_document, heading: str, pages: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    # the title line itself (a box may open earlier, where its chapter's reading list ends)
    h = next(h for h in nji_document.headings if h.title == heading and h.end > h.start)
    span = next(s for s in nji_document.pages if s.start == h.start)
    assert (span.page_lo, span.page_hi) == pages


def test_nji_page_spans_stay_ordered_and_cover_the_text(nji_document) -> None:  # type: ignore[no-untyped-def]
    spans_ = nji_document.pages
    assert spans_[0].start == 0 and spans_[-1].end == len(nji_document.text)
    assert all(a.end == b.start for a, b in zip(spans_, spans_[1:], strict=False))
    los = [s.page_lo for s in spans_]
    assert los == sorted(los)
    assert len(spans_) > 20  # the 17 listed headings cut the footer ranges (12 without them)


def test_nji_no_footer_left_in_page_text(nji_pages: list[PageText]) -> None:
    for page in nji_pages:
        assert FOOTER.lower() not in " ".join(page.text.split()).lower()


def test_nji_keeps_all_text(nji_pages: list[PageText]) -> None:
    raw = NJI.read_text(encoding="utf-8")
    raw_words = [w for w in raw.split() if w not in FOOTER.split() and not w.isdigit()]
    kept_words = [w for p in nji_pages for w in p.text.split() if w not in FOOTER.split() and not w.isdigit()]
    assert kept_words == raw_words


@pytest.mark.parametrize("name", WITHOUT_FOOTERS)
def test_seed_texts_without_footers_never_get_a_page(name: str) -> None:
    pages = split_text_pages((CORPUS / name).read_text(encoding="utf-8"))
    assert pages
    assert all(p.page_lo is None and p.page_hi is None for p in pages)
