"""A PDF page's footnotes kept apart from its running text (ingest/pdf_notes.py): found by their
small numbers below the body type, written "Voetnoot N: …" after the running text, their marks
dropped from it, and a sentence the page break cuts finished before them. Pure functions on
fragments and page texts, then the real municipal PDFs, whose footnotes gave "3 6% van de
inwoners" (read as 36%) and cut "(respijtzorg). Dit | 8 Corona en de gevolgen … | vergroot het
risico"."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import PDF_SAMPLES

from ingest.extract import extract_pages
from ingest.pdf_notes import (
    Fragment,
    Note,
    body_size,
    drop_note_marks,
    page_note_numbers,
    separate_notes,
    split_page_notes,
)

BODY = [Fragment("Tweederde van de inwoners heeft burenhulp verleend", 11.0, 700.0)] * 5


@pytest.mark.parametrize(
    ("fragments", "expected"),
    [
        # a small number below the body text opens each footnote, whose own text is smaller type
        (
            [
                *BODY,
                Fragment("geboden.", 11.0, 122.8),
                Fragment("3", 5.0, 86.0),
                Fragment("6% van de inwoners kan geen burenhulp verlenen.", 8.0, 83.9),
                Fragment("4", 5.0, 76.7),
                Fragment("De vraagstelling", 8.0, 74.2),
            ],
            [3, 4],
        ),
        # the page number sits below the footnotes in body type: it is no running text
        (
            [*BODY, Fragment("5", 6.5, 78.0), Fragment("De resultaten omvatten", 8.0, 74.5), Fragment("4", 11.0, 51.7)],
            [5],
        ),
        # a mark in the running text (above its last line) is no footnote
        ([*BODY, Fragment("1", 7.0, 130.9), Fragment("vergroten.", 11.0, 127.0)], []),
        # a figure in a footnote's own text, in the footnote's type, is no footnote number
        (
            [
                *BODY,
                Fragment("7", 5.0, 96.1),
                Fragment("12", 8.0, 83.9),
                Fragment("8", 5.0, 76.7),
                Fragment("x", 8.0, 74.0),
            ],
            [7, 8],
        ),
        ([*BODY, Fragment("(202", 8.0, 74.2), Fragment("0", 8.0, 74.2), Fragment(")", 8.0, 74.2)], []),
        # numbers that do not count up are no footnotes
        ([*BODY, Fragment("4", 5.0, 90.0), Fragment("x", 8.0, 88.0), Fragment("2", 5.0, 80.0)], []),
        ([], []),
    ],
)
def test_page_note_numbers(fragments: list[Fragment], expected: list[int]) -> None:
    assert page_note_numbers(fragments, body_size(fragments)) == expected


def test_body_size_is_the_size_most_characters_are_set_in() -> None:
    assert body_size([Fragment("a" * 50, 11.0, 1), Fragment("b" * 10, 16.0, 2), Fragment("c" * 30, 8.0, 3)]) == 11.0
    assert body_size([]) == 0.0


PAGE = (
    " \n2 \n \nBouwen aan saamhorigheid \nIn 2014 bood nauwelijks de helft burenhulp. \n"
    "emotionele steun wordt geboden. \n \n"
    "3 6% van de inwoners kan geen burenhulp verlenen. 5% wil geen burenhulp verlenen. \n"
    "4 De vraagstelling: “Hoe vaak heeft u zich de \nafgelopen 12 maanden ingezet” \n"
)


@pytest.mark.parametrize(
    ("text", "numbers", "body_ends", "notes"),
    [
        (
            PAGE,
            [3, 4],
            "emotionele steun wordt geboden. \n \n",
            [
                Note(3, "6% van de inwoners kan geen burenhulp verlenen. 5% wil geen burenhulp verlenen."),
                Note(4, "De vraagstelling: “Hoe vaak heeft u zich de \nafgelopen 12 maanden ingezet”"),
            ],
        ),
        # the first note is the last line opening with its number: running text may open with it
        (
            "3 scholen doen mee.\nMeer tekst.\n3 Bron van zorg, SCP (2020)\n",
            [3],
            "Meer tekst.\n",
            [Note(3, "Bron van zorg, SCP (2020)")],
        ),
        # a note's line not found: nothing is split
        ("Alleen lopende tekst.\n", [7], "Alleen lopende tekst.\n", []),
        ("Tekst.\n", [], "Tekst.\n", []),
    ],
)
def test_split_page_notes(text: str, numbers: list[int], body_ends: str, notes: list[Note]) -> None:
    body, found = split_page_notes(text, numbers)
    assert body.endswith(body_ends)
    assert found == notes


@pytest.mark.parametrize(
    ("text", "numbers", "expected"),
    [
        ("burenhulp \nverleend3. De afgelopen", [3, 4], "burenhulp \nverleend. De afgelopen"),
        (
            "het aandeel dat burenhulp verleent 4, een stijgende lijn",
            [3, 4],
            "het aandeel dat burenhulp verleent, een stijgende lijn",
        ),
        ("goed worden ondersteund1, zodat ze", [1], "goed worden ondersteund, zodat ze"),
        ("de zgn. ‘compenseerders’6. Deze groep", [6], "de zgn. ‘compenseerders’. Deze groep"),
        ("sinds de lockdown10 en daarna", [10], "sinds de lockdown en daarna"),
        # figures stay: a year, a number that is no note of this page, a figure before a unit
        ("in 2014 bood nauwelijks de helft burenhulp", [3], "in 2014 bood nauwelijks de helft burenhulp"),
        ("verleend3. De afgelopen", [4], "verleend3. De afgelopen"),
        ("groep 3 van de school", [3], "groep 3 van de school"),
        ("COVID-19. Daarna", [19], "COVID-19. Daarna"),
        ("tekst", [], "tekst"),
    ],
)
def test_drop_note_marks(text: str, numbers: list[int], expected: str) -> None:
    assert drop_note_marks(text, numbers) == expected


def test_separate_notes_sets_notes_after_the_running_text_and_finishes_a_cut_sentence() -> None:
    pages = [
        " \n3 \nHet dragen van zorg brengt risico's mee (respijtzorg)8. Dit \n \n8 Corona en mantelzorg, Geron (2021) \n",
        " \n4 \nvergroot het risico op overbelasting. Ongeveer één op de tien \nvolwassenen zorgt.\n",
        "Een pagina zonder voetnoten \n",
    ]
    out = separate_notes(pages, [[8], [], []])
    assert out[0] == (
        " \n3 \nHet dragen van zorg brengt risico's mee (respijtzorg). Dit\n"
        "vergroot het risico op overbelasting.\n\nVoetnoot 8: Corona en mantelzorg, Geron (2021)\n"
    )
    assert out[1] == " \n4 \nOngeveer één op de tien \nvolwassenen zorgt.\n"
    assert out[2] == pages[2]


def test_a_carried_sentence_loses_the_marks_of_the_page_it_came_from() -> None:
    pages = [
        "Zij helpen omdat ze willen dat \n2 Bron, SCP (2020)\n",
        "hun dierbaren goed worden ondersteund3. Verder\n3 X\n",
    ]
    out = separate_notes(pages, [[2], [3]])
    assert "Zij helpen omdat ze willen dat\nhun dierbaren goed worden ondersteund." in out[0]


@pytest.mark.parametrize(
    "next_page",
    [
        "Een nieuwe alinea zonder einde\n\nvan de zin pas hier.",  # a blank line before the sentence ends
        "woorden " * 120 + "einde.",  # the sentence does not end soon
    ],
)
def test_separate_notes_leaves_a_cut_it_cannot_finish(next_page: str) -> None:
    pages = ["Lopende tekst die niet af is \n1 Bron, SCP (2020)\n", next_page]
    out = separate_notes(pages, [[1], []])
    assert out[0] == "Lopende tekst die niet af is\n\nVoetnoot 1: Bron, SCP (2020)\n"
    assert out[1] == next_page


def test_pages_without_notes_are_returned_unchanged() -> None:
    pages = [PAGE, "Volgende pagina.\n"]
    assert separate_notes(pages, [[], []]) == pages


@pytest.fixture(scope="module")
def sample_pages() -> dict[str, list[str]]:
    names = ("Verbondenheid_door_burenhulp.pdf", "Mantelzorg.pdf", "Eenzaamheid_en_sociale_veerkracht.pdf")
    if not all((PDF_SAMPLES / n).is_file() for n in names):
        pytest.skip(f"the PDF samples are missing from {PDF_SAMPLES}")  # test_pdf_samples fails in CI then
    return {n: [p.text for p in extract_pages(Path(n), (PDF_SAMPLES / n).read_bytes())] for n in names}


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_real_pdf_footnote_number_no_longer_touches_a_figure(sample_pages: dict[str, list[str]]) -> None:
    page = _flat(sample_pages["Verbondenheid_door_burenhulp.pdf"][1])
    assert "Voetnoot 3: 6% van de inwoners kan vanwege persoonlijke of gezinssituatie geen burenhulp verlenen." in page
    assert "3 6%" not in page
    assert "burenhulp verleend. De afgelopen 10 jaar" in page  # was "verleend3."
    assert page.index("emotionele steun wordt geboden.") < page.index("Voetnoot 3:") < page.index("Voetnoot 4:")


def test_real_pdf_sentence_cut_by_page_and_notes_is_whole(sample_pages: dict[str, list[str]]) -> None:
    pages = sample_pages["Mantelzorg.pdf"]
    assert "(respijtzorg). Dit vergroot het risico op overbelasting en vereenzaming" in _flat(pages[2])
    assert _flat(pages[2]).index("gezondheidsbeperkingen.") < _flat(pages[2]).index("Voetnoot 4:")
    assert "Voetnoot 8: Corona en de gevolgen voor mantelzorg en mantelzorgers" in _flat(pages[2])
    assert not _flat(pages[3]).startswith("4 vergroot")
    assert _flat(pages[3]).startswith("4 Ongeveer één op de tien volwassenen")


def test_real_pdf_keeps_every_word(sample_pages: dict[str, list[str]]) -> None:
    """Nothing is lost or made up: the words of the document are those pypdf reads, in other
    places (a note after its page's text, a cut sentence's end on the page it began), plus one
    "Voetnoot" per footnote; only numbers go (the marks, and the notes' own numbers)."""
    from pypdf import PdfReader

    for name, pages in sample_pages.items():
        raw = " ".join(p.extract_text() for p in PdfReader(PDF_SAMPLES / name).pages)
        now = " ".join(pages)
        notes = now.count("Voetnoot ")
        assert notes >= 5, name
        words_now = Counter(re.findall(r"[^\W\d_]+", now))
        words_now["Voetnoot"] -= notes
        assert +words_now == Counter(re.findall(r"[^\W\d_]+", raw)), name
