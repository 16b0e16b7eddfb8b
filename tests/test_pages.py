"""Page boundaries recovered from text-layer dumps (ingest.pages.split_text_pages).

A page ends at the running footer with its number; stretches between two numbered
footers get the range of pages they must lie on; a text without numbered footers has
no page numbers at all, never guessed ones.
"""

from __future__ import annotations

import pytest
from conftest import CORPUS

from ingest.models import PageText
from ingest.pages import split_text_pages

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


def contents(*entries: tuple[str, int]) -> str:
    return "Inhoud\n\n" + "\n\n".join(f"{title} {page}" for title, page in entries) + "\n\n"


@pytest.mark.parametrize(
    "entries, layout, expected",
    [
        # footers 3 and 12 with chapters listed on 4 and 9: the stretches narrow to the chapters
        (
            [("1. Inleiding", 4), ("2. Aanpak", 9), ("3. Slot", 30)],
            [("A", 3), ("1. Inleiding\n\n", "B", None), ("2. Aanpak\n\n", "C", 12), ("", "D", 13)],
            [(1, 3), (4, 9), (9, 12), (13, 13)],
        ),
        # a listed page the footers contradict (chapter on 20, next footer 12) is ignored: the
        # heading may stand mid-page, so its text joins what stood before it
        (
            [("1. Inleiding", 4), ("2. Aanpak", 20), ("3. Slot", 30)],
            [("A", 3), ("1. Inleiding\n\n", "B", 12), ("2. Aanpak\n\n", "C", 13), ("", "D", 14)],
            [(1, 3), (4, 12), (13, 13), (14, 14)],
        ),
        # a heading that wraps over two lines is found; a listed heading after the last footer
        # starts the open end
        (
            [("Vooraf", 2), ("Betrokkenen aan het woord: voorzitter PO-Raad", 5), ("Lessen uit het buitenland", 9)],
            [
                ("A", 1),
                ("Vooraf\n\n", "B", 2),
                ("C", None),
                ("Betrokkenen aan het woord:\nvoorzitter PO-Raad\n\n", "D", 6),
                ("Lessen uit het buitenland\n\n", "E", None),
            ],
            [(1, 1), (2, 2), (3, 5), (5, 6), (9, None)],
        ),
    ],
)
def test_contents_table_pages_narrow_the_ranges(
    entries: list[tuple[str, int]],
    layout: list[tuple[str, str, int | None] | tuple[str, int]],
    expected: list[tuple[int, int | None]],
) -> None:
    text = contents(*entries)
    for item in layout:
        heading, name, number = item if len(item) == 3 else ("", *item)  # type: ignore[misc]
        text += heading + body(name) + (footer(number) if number is not None else BREAK)
    pages = split_text_pages(text)
    assert ranges(pages) == expected  # the first page holds the contents table and A
    for item, page in zip(layout, pages, strict=True):
        assert f"Tekst van {item[-2]} met" in page.text


def test_a_sentence_that_starts_like_a_listed_heading_is_no_heading() -> None:
    text = contents(("Lessen uit het buitenland", 9), ("Slot", 10), ("Bijlagen", 11))
    text += body("A") + footer(2) + "Lessen uit het buitenland laten zien dat het werkt.\n" + body("B")
    text += footer(3) + body("C") + footer(4)
    pages = split_text_pages(text)
    assert ranges(pages) == [(1, 2), (3, 3), (4, 4)]


def test_a_contents_table_without_footers_gives_no_pages() -> None:
    text = contents(("1. Inleiding", 4), ("2. Aanpak", 9), ("3. Slot", 12))
    text += "1. Inleiding\n\n" + body("A") + BREAK + "2. Aanpak\n\n" + body("B")
    pages = split_text_pages(text)
    assert pages and all(p.page_lo is None and p.page_hi is None for p in pages)


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


def test_nji_ranges_are_ordered_and_consistent(nji_pages: list[PageText]) -> None:
    assert nji_pages[0].page_lo == 1
    for page in nji_pages:
        assert page.page_lo is not None
        assert page.page_hi is None or page.page_lo <= page.page_hi
    los = [p.page_lo for p in nji_pages]
    assert los == sorted(los)
    his = [p.page_hi for p in nji_pages if p.page_hi is not None]
    assert his == sorted(his)
    # after footer 80 the blog listed on page 90 is last; its end is unknown
    assert nji_pages[-1].page_lo == 90 and nji_pages[-1].page_hi is None


@pytest.mark.parametrize(
    "heading, pages",
    [
        ("4. Aansluiting met het wijkteam", (31, 45)),  # from the heading to the next listed one
        ("Betrokkenen aan het woord: oudervertegenwoordiger", (29, 31)),
        ("6. Onderwijs-zorgarrangementen", (58, 65)),  # to the numbered footer 65
        ("8. Sturen op samenhang", (82, 90)),
    ],
)
def test_nji_listed_headings_start_on_their_contents_page(
    nji_pages: list[PageText], heading: str, pages: tuple[int, int]
) -> None:
    page = next(p for p in nji_pages if " ".join(p.text.split()).startswith(heading))
    assert (page.page_lo, page.page_hi) == pages


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
