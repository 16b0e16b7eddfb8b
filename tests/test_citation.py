"""Citations a beleidsmedewerker pastes into a note (search.citation): pure functions."""

from __future__ import annotations

import pytest

from ingest.models import Chunk, DocumentMeta
from search.citation import citable_section, cite, page_label, section_label, short_organisation, short_title


@pytest.mark.parametrize(
    "organisation, expected",
    [
        ("Nederlands Jeugdinstituut (NJi)", "NJi"),
        (
            "SPPOH (samenwerkingsverband passend primair onderwijs Haaglanden)",
            "SPPOH (samenwerkingsverband passend primair onderwijs Haaglanden)",
        ),
        ("Gemeente Haarlemmermeer", "Gemeente Haarlemmermeer"),
        ("  NJi ", "NJi"),
    ],
)
def test_short_organisation(organisation: str, expected: str) -> None:
    assert short_organisation(organisation) == expected


@pytest.mark.parametrize(
    "title, expected",
    [
        ("Samen om het kind – Op school, thuis en in de wijk (deel 3)", "Samen om het kind"),
        (
            "Sterke gezinnen, sterke scholen en sterke wijken (aandachtspunten)",
            "Sterke gezinnen, sterke scholen en sterke wijken",
        ),
        # a dash joining a pair is part of the title, not the start of a subtitle
        (
            "Verkenning wijkgericht werken bij aansluiting onderwijs – jeugdhulp",
            "Verkenning wijkgericht werken bij aansluiting onderwijs – jeugdhulp",
        ),
        ("Eindevaluatie pilot wijkgericht werken", "Eindevaluatie pilot wijkgericht werken"),
        ("Jaarplan - 2025", "Jaarplan"),
        ("Wijkgericht werken: hoe gaan we het organiseren?", "Wijkgericht werken: hoe gaan we het organiseren?"),
    ],
)
def test_short_title(title: str, expected: str) -> None:
    assert short_title(title) == expected


@pytest.mark.parametrize(
    "start, end, expected",
    [(33, 33, "p. 33"), (8, 11, "p. 8–11"), (81, None, "p. 81 e.v."), (None, None, ""), (None, 4, "")],
)
def test_page_label(start: int | None, end: int | None, expected: str) -> None:
    assert page_label(start, end) == expected


@pytest.mark.parametrize(
    "section, expected",
    [
        (("4. Aansluiting met het wijkteam",), "§4 Aansluiting met het wijkteam"),
        (("4. Aansluiting met het wijkteam", "Schoolcoach"), "§4 Aansluiting met het wijkteam › Schoolcoach"),
        (("1.3 Duurzame samenwerking",), "§1.3 Duurzame samenwerking"),
        (("Lessen uit het buitenland", "Deense Familieklas"), "Lessen uit het buitenland › Deense Familieklas"),
        (("Vooraf", "Vooraf"), "Vooraf"),
        ((), ""),
    ],
)
def test_section_label(section: tuple[str, ...], expected: str) -> None:
    assert section_label(section) == expected


def test_cite_puts_organisation_title_year_page_and_section_in_order() -> None:
    meta = DocumentMeta(
        id="nji",
        title="Samen om het kind – Op school, thuis en in de wijk",
        organisation="Nederlands Jeugdinstituut (NJi)",
        year=2015,
    )
    chunk = Chunk("nji:0001", "nji", 1, "tekst", 0, 5, 33, 33, ("4. Aansluiting met het wijkteam",), "tekst", ())
    assert cite(meta, chunk) == "NJi, Samen om het kind (2015), p. 33, §4 Aansluiting met het wijkteam"
    bare = Chunk("n:0000", "n", 0, "tekst", 0, 5, None, None, (), "tekst", ())
    assert cite(DocumentMeta(id="n", title="notitie"), bare) == "notitie"


TITLE = "Verkenning wijkgericht werken bij aansluiting onderwijs – jeugdhulp"


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        # the Haarlemmermeer note's title line as its first heading: the citation said it twice
        (("Notitie: Verkenning wijkgericht werken bij aansluiting onderwijs – jeugdhulp",), ()),
        (
            ("Notitie: Verkenning wijkgericht werken bij aansluiting onderwijs – jeugdhulp", "Wijkindeling"),
            ("Wijkindeling",),
        ),
        ((TITLE,), ()),
        (("Wijkindeling",), ("Wijkindeling",)),
        # a heading that merely mentions the subject stays
        (("Wijkgericht werken",), ("Wijkgericht werken",)),
        ((), ()),
    ],
)
def test_citable_section(section: tuple[str, ...], expected: tuple[str, ...]) -> None:
    assert citable_section(section, TITLE) == expected


def test_cite_does_not_repeat_the_title_as_section() -> None:
    meta = DocumentMeta(id="h", title=TITLE, organisation="Gemeente Haarlemmermeer", year=2025)
    chunk = Chunk(
        "h:0000", "h", 0, "Het bieden van een omgeving.", 0, 27, None, None, ("Notitie: " + TITLE,), "tekst", ()
    )
    assert cite(meta, chunk) == f"Gemeente Haarlemmermeer, {TITLE} (2025)"
