"""Headings and section paths (ingest.structure)."""

from __future__ import annotations

import re

import pytest
from conftest import CORPUS

from ingest.catalog import load_catalog, meta_for
from ingest.chunk import chunk_document
from ingest.clean import build_vocabulary
from ingest.extract import extract_pages
from ingest.models import Document, Heading
from ingest.pipeline import build_document
from ingest.structure import (
    contents_anchors,
    detect_headings,
    find_toc,
    reading_list_end,
    section_path_at,
    split_paragraphs,
)

BODY = (
    "Dit is een gewone alinea met genoeg woorden om als lopende tekst te gelden. "
    "Ze eindigt met een punt, zoals lopende tekst doet."
)


def headings_of(*paragraphs: str) -> list[tuple[int, str]]:
    headings, _ = detect_headings("\n\n".join(paragraphs))
    return [(h.level, h.title) for h in headings]


# -- detect_headings tables ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "paragraphs, expected",
    [
        # numbered chapters and sections
        (["4. Aansluiting met het wijkteam", BODY], [(1, "4. Aansluiting met het wijkteam")]),
        (["1.3 Duurzame samenwerking met ketenpartners", BODY], [(2, "1.3 Duurzame samenwerking met ketenpartners")]),
        (["1.1. Samenwerking tussen school en adviseur", BODY], [(2, "1.1. Samenwerking tussen school en adviseur")]),
        (["1.Inleiding", BODY], [(1, "1.Inleiding")]),
        (
            [
                "1. Parallelle bewegingen",
                BODY,
                "1.3 Duurzame samenwerking met ketenpartners",
                BODY,
                "2. Sterke pedagogische basis op school",
                BODY,
            ],
            [
                (1, "1. Parallelle bewegingen"),
                (2, "1.3 Duurzame samenwerking met ketenpartners"),
                (1, "2. Sterke pedagogische basis op school"),
            ],
        ),
        # box markers of the publications: always headings when they stand alone
        (["Doen wat werkt", "• Zorg voor een vaste contactpersoon.", BODY], [(1, "Doen wat werkt")]),
        (
            ["4. Aansluiting met het wijkteam", BODY, "Doen wat werkt", "• Zorg voor een vaste contactpersoon."],
            [(1, "4. Aansluiting met het wijkteam"), (2, "Doen wat werkt")],
        ),
        (
            [
                "4. Aansluiting met het wijkteam",
                BODY,
                "Verder lezen:",
                "Prakken, J. Passend onderwijs en jeugdhulp. Utrecht: NJi, 2014.",
            ],
            [(1, "4. Aansluiting met het wijkteam"), (2, "Verder lezen:")],
        ),
        (["Lessen uit het buitenland", BODY], [(1, "Lessen uit het buitenland")]),
        # short unpunctuated titles standing alone before a paragraph
        (["Wijkgericht werken", BODY], [(1, "Wijkgericht werken")]),
        (
            ["4. Aansluiting met het wijkteam", BODY, "Schoolcoach", BODY],
            [(1, "4. Aansluiting met het wijkteam"), (2, "Schoolcoach")],
        ),
        # ... but not a sentence, not a bullet, not a year, not a title followed by another title
        (["Dit is geen kop.", BODY], []),
        (["• Geen kop", BODY], []),
        (["2025", BODY], []),
        (["Een titel", "Een tweede titel"], []),
        (["Een lange regel met veel meer woorden dan een titel ooit zou hebben zonder punt", BODY], []),
    ],
)
def test_detect_headings(paragraphs: list[str], expected: list[tuple[int, str]]) -> None:
    assert headings_of(*paragraphs) == expected


@pytest.mark.parametrize(
    "items",
    [
        # as clean_pages writes a list: items on consecutive lines
        "1. Eerste punt van de lijst\n2. Tweede punt van de lijst\n3. Derde punt van de lijst",
        # the same list with blank lines between the items
        "1. Eerste punt van de lijst\n\n2. Tweede punt van de lijst\n\n3. Derde punt van de lijst",
        "1. Samenwerking school en adviseur\n\n2. Samenwerking tussen scholen in de wijk",
    ],
    ids=["consecutive-lines", "blank-lines", "sppoh-pillars"],
)
def test_numbered_list_is_not_headings(items: str) -> None:
    """A run of numbered lines with no prose between them is a list, not headings (not even its last item)."""
    text = "De pilot werd uitgewerkt langs vier pijlers:\n\n" + items + "\n\n" + BODY
    headings, _ = detect_headings(text)
    assert [h.title for h in headings if h.title[0].isdigit()] == []


def test_heading_offsets_point_at_the_heading() -> None:
    text = "\n\n".join([BODY, "4. Aansluiting met het wijkteam", BODY, "Schoolcoach", BODY])
    headings, _ = detect_headings(text)
    for h in headings:
        assert text[h.start : h.end] == h.title
    assert [h.start for h in headings] == sorted(h.start for h in headings)


def test_repeated_slide_title_is_one_section() -> None:
    text = "\n\n".join(["Passend thuisnabij onderwijs", BODY, "Passend thuisnabij onderwijs", BODY])
    starts = (0, text.index("Passend thuisnabij onderwijs", 1))
    headings, _ = detect_headings(text, starts)
    assert [h.title for h in headings] == ["Passend thuisnabij onderwijs"]


SLIDE_BULLET = "• 40% van de leerlingen wordt opgevangen op een school binnen de wijk."


def _slides(*titles: str) -> str:
    """Slides: a title, a year, a bullet each (the way the SWV deck reads after cleaning)."""
    return "\n\n".join(f"{t}\n\n{2023 + i}\n\n{SLIDE_BULLET}" for i, t in enumerate(titles))


@pytest.mark.parametrize(
    "titles, expected",
    [
        # the repeats lost "Wijkgericht werken:" to the header cleaner; the first has a label glued on
        (
            ["Passend thuisnabij onderwijs doelen TLV’s per kalenderjaar"] + ["doelen TLV’s per kalenderjaar"] * 3,
            ["doelen TLV’s per kalenderjaar"],
        ),
        # the same title on every slide: one section
        (
            ["Cultuur als basisvoorwaarde: doelen per kalenderjaar"] * 4,
            ["Cultuur als basisvoorwaarde: doelen per kalenderjaar"],
        ),
        # two runs that share only "per kalenderjaar" stay two sections
        (
            ["doelen TLV’s per kalenderjaar"] * 3 + ["doelen thuiszitters per kalenderjaar"] * 3,
            ["doelen TLV’s per kalenderjaar", "doelen thuiszitters per kalenderjaar"],
        ),
        # most of the words shared, a different label in front of the repeats
        (
            ["Nieuwkomers onderwijs doelen school en SLB-begeleiding per kalenderjaar"]
            + ["SLB begeleiding op school doelen school en SLB-begeleiding per kalenderjaar"] * 3,
            ["doelen school en SLB-begeleiding per kalenderjaar"],
        ),
        # twice is no run of slides (a cover page repeats its title once), and lower case is no title
        (["doelen per jaar"] * 2, []),
    ],
)
def test_runs_of_slides_with_one_title(titles: list[str], expected: list[str]) -> None:
    headings, _ = detect_headings(_slides(*titles))
    assert [h.title for h in headings] == expected


def test_a_year_continued_on_the_next_slide_is_no_heading() -> None:
    text = "\n\n".join(["Doelen per kalenderjaar", "2023", SLIDE_BULLET, "2023 (vervolg)", SLIDE_BULLET])
    headings, _ = detect_headings(text, (0, text.index("2023 (vervolg)")))
    assert [h.title for h in headings] == ["Doelen per kalenderjaar"]


@pytest.mark.parametrize(
    "line", ["De pilot werd uitgewerkt langs vier pijlers:", "Huiswerkvraag van tevoren:", "Werk in samenhang aan:"]
)
def test_a_lead_in_to_a_list_is_no_heading(line: str) -> None:
    text = "\n\n".join([BODY, line, "1. Samenwerking school en adviseur\n2. Thuiszitters voorkomen", BODY])
    headings, _ = detect_headings(text, (0, text.index(line)))
    assert line not in [h.title for h in headings]


def test_page_title_of_a_slide() -> None:
    title = "Wijkgericht werken: doelen op kind-, school- en wijkniveau"
    text = "\n\n".join([BODY, title, "• 90% van de leerlingen gaat naar een school in de wijk"])
    start = text.index(title)
    headings, _ = detect_headings(text, (0, start))
    assert (1, title) in [(h.level, h.title) for h in headings]


# -- tables of contents --------------------------------------------------------------------------------
TOC = [
    "Inhoud",
    "Vooraf 5",
    "1. Parallelle bewegingen: passend onderwijs en de Jeugdwet 7",
    "Betrokkenen aan het woord: voorzitter PO-Raad 11",
    "2. Sterke pedagogische basis op school 14",
    "Lessen uit het buitenland 79",
    "Samenwerken in de keten 85",
]


def test_find_toc() -> None:
    paragraphs = split_paragraphs("\n\n".join([*TOC, BODY]))
    titles, members = find_toc(paragraphs)
    assert titles == [
        "Vooraf",
        "1. Parallelle bewegingen: passend onderwijs en de Jeugdwet",
        "Betrokkenen aan het woord: voorzitter PO-Raad",
        "2. Sterke pedagogische basis op school",
        "Lessen uit het buitenland",
        "Samenwerken in de keten",
    ]
    assert members == set(range(len(TOC)))


def test_contents_anchors_give_each_listed_heading_its_page() -> None:
    text = "\n\n".join(
        [
            *TOC,
            "Vooraf",
            BODY,
            # "1. Parallelle bewegingen ..." never occurs as a heading: skipped, nothing else shifts
            "Betrokkenen aan het woord: voorzitter PO-Raad",
            BODY,
            "2. Sterke pedagogische basis op school",
            BODY,
            "Samen werken in de keten",
            BODY,
        ]
    )
    headings, _ = detect_headings(text)
    anchors = dict(contents_anchors(text, headings))
    pages = {h.title: anchors[h.start] for h in headings if h.start in anchors}
    assert pages == {
        "Vooraf": 5,
        "Betrokkenen aan het woord: voorzitter PO-Raad": 11,
        "2. Sterke pedagogische basis op school": 14,
        "Samen werken in de keten": 85,
    }
    assert contents_anchors(BODY, detect_headings(BODY)[0]) == ()  # no contents table, no anchors


def test_contents_anchors_follow_the_table_order() -> None:
    # Two boxes with the same opening words: each listed one is matched after the one before it.
    toc = ["Inhoud", "Betrokkenen aan het woord: ouder 10", "Aanpak 12", "Betrokkenen aan het woord: wethouder 20"]
    text = "\n\n".join(
        [*toc, "Betrokkenen aan het woord: ouder", BODY, "Aanpak", BODY, "Betrokkenen aan het woord: wethouder", BODY]
    )
    headings, _ = detect_headings(text)
    assert [p for _, p in contents_anchors(text, headings)] == [10, 12, 20]


def test_no_toc_without_title() -> None:
    titles, members = find_toc(split_paragraphs("\n\n".join([*TOC[1:], BODY])))
    assert (titles, members) == ([], set())


def test_toc_titles_mark_chapters() -> None:
    text = "\n\n".join(
        [
            *TOC,
            "Vooraf",
            BODY,
            "Samen optrekken",
            BODY,
            "Betrokkenen aan het woord: voorzitter PO-Raad",
            BODY,
            "Samen werken in de keten",  # a word split by the text layer does not hide a TOC title
            BODY,
        ]
    )
    headings, toc_spans = detect_headings(text)
    found = [(h.level, h.title) for h in headings]
    assert found[0] == (1, "Vooraf")
    assert (2, "Samen optrekken") in found
    assert (1, "Betrokkenen aan het woord: voorzitter PO-Raad") in found
    assert (1, "Samen werken in de keten") in found
    # the contents table itself is no heading and is reported as spans
    assert all(h.start > toc_spans[-1][1] for h in headings)
    assert text[toc_spans[0][0] : toc_spans[0][1]] == "Inhoud"
    assert len(toc_spans) == len(TOC)


# -- section_path_at -----------------------------------------------------------------------------------
H = (
    Heading(0, 10, 1, "1. Inleiding"),
    Heading(100, 110, 2, "Aanpak"),
    Heading(200, 210, 3, "Details"),
    Heading(300, 310, 2, "Resultaten"),
    Heading(400, 410, 1, "2. Conclusie"),
    Heading(500, 510, 2, "Doen wat werkt"),
)


@pytest.mark.parametrize(
    "offset, expected",
    [
        (0, ("1. Inleiding",)),
        (50, ("1. Inleiding",)),
        (100, ("1. Inleiding", "Aanpak")),
        (250, ("1. Inleiding", "Aanpak", "Details")),
        (350, ("1. Inleiding", "Resultaten")),  # a sibling replaces the section and its subsections
        (450, ("2. Conclusie",)),  # a new chapter closes everything
        (10_000, ("2. Conclusie", "Doen wat werkt")),
    ],
)
def test_section_path_at(offset: int, expected: tuple[str, ...]) -> None:
    assert section_path_at(H, offset) == expected


def test_section_path_before_the_first_heading_is_empty() -> None:
    assert section_path_at((Heading(100, 110, 1, "1. Inleiding"),), 50) == ()
    assert section_path_at((), 50) == ()


def test_section_path_with_a_skipped_level() -> None:
    headings = (Heading(0, 5, 1, "Vooraf"), Heading(10, 20, 3, "Kader"), Heading(30, 40, 2, "Samen optrekken"))
    assert section_path_at(headings, 15) == ("Vooraf", "Kader")
    assert section_path_at(headings, 35) == ("Vooraf", "Samen optrekken")


# -- the corpus ----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def corpus_docs() -> dict[str, Document]:
    catalog = load_catalog(CORPUS / "catalog.toml")
    files = sorted(CORPUS.glob("*.txt"))
    pages = {f: extract_pages(f) for f in files}
    vocab = build_vocabulary(p.text for ps in pages.values() for p in ps)
    out = {}
    for f in files:
        doc, _ = build_document(meta_for(f, catalog), str(f), pages[f], vocab, "0" * 64)
        out[doc.id] = doc
    return out


@pytest.fixture(scope="module")
def nji_text(corpus_docs: dict[str, Document]) -> str:
    """The NJi publication's cleaned text on one line: a sentence is found however it wraps."""
    return " ".join(corpus_docs["nji-samen-om-het-kind-2015"].text.split())


def _titles(doc: Document, level: int | None = None) -> list[str]:
    return [h.title for h in doc.headings if level is None or h.level == level]


def test_nji_chapters(corpus_docs: dict[str, Document]) -> None:
    chapters = _titles(corpus_docs["nji-samen-om-het-kind-2015"], level=1)
    for title in [
        "Vooraf",
        "1. Parallelle bewegingen: passend onderwijs en de Jeugdwet",
        "Betrokkenen aan het woord: voorzitter PO-Raad",
        "2. Sterke pedagogische basis op school",
        "3. Samenwerken met ouders",
        "4. Aansluiting met het wijkteam",
        "5. Mbo en jeugdhulp",
        "6. Onderwijs-zorgarrangementen",
        "7. Arbeidstoeleiding kwetsbare jongeren",
        "Lessen uit het buitenland",
        "8. Sturen op samenhang",
    ]:
        assert title in chapters
    # the numbered chapters come in order
    numbered = [t for t in chapters if t[0].isdigit()]
    assert [int(t.split(".")[0]) for t in numbered] == list(range(1, 9))


def test_nji_doen_wat_werkt_boxes_are_sections(corpus_docs: dict[str, Document]) -> None:
    doc = corpus_docs["nji-samen-om-het-kind-2015"]
    boxes = [h for h in doc.headings if h.title == "Doen wat werkt"]
    assert len(boxes) >= 7
    assert all(h.level == 2 for h in boxes)
    start = next(h.start for h in doc.headings if h.title == "4. Aansluiting met het wijkteam")
    box = next(h for h in boxes if h.start > start)
    assert section_path_at(doc.headings, box.end + 5) == ("4. Aansluiting met het wijkteam", "Doen wat werkt")


def test_swv_slide_runs_are_sections(corpus_docs: dict[str, Document]) -> None:
    """The deck's yearly goals: every run of slides is its own section, named by its title."""
    doc = corpus_docs["swv-wijkgericht-werken-organiseren-2023"]
    titles = _titles(doc)
    for run in [
        "doelen TLV’s per kalenderjaar",
        "doelen leerlingen buiten de regio per kalenderjaar",
        "doelen thuiszitters per kalenderjaar",
        "doelen wijkzorgstructuur en arrangementen per kalenderjaar",
        "doelen school en SLB-begeleiding per kalenderjaar",
        "doelen school en HB-kinderen in BBP-klas per kalenderjaar",
    ]:
        assert titles.count(run) == 1, run
    assert not any(t.endswith("(vervolg)") for t in titles)
    at = doc.text.index("0 thuiszitters met als oorzaak geen goede onderwijsplek")
    assert section_path_at(doc.headings, at) == ("doelen thuiszitters per kalenderjaar",)
    # and the passages follow: no three-word passage of a title slide, no passage across two runs
    chunks = chunk_document(doc)
    assert min(c.word_count for c in chunks) >= 25
    (goals,) = [c for c in chunks if "Afname van thuiszitters" in c.text]
    assert goals.section == ("doelen thuiszitters per kalenderjaar",)
    assert "buiten de regio" not in goals.text and "arrangement" not in goals.text


def test_sppoh_numbered_sections_and_list(corpus_docs: dict[str, Document]) -> None:
    doc = corpus_docs["sppoh-eindevaluatie-pilot-wijkgericht-werken-2025"]
    found = [(h.level, h.title) for h in doc.headings]
    assert (2, "1.3 Duurzame samenwerking met ketenpartners") in found
    assert (1, "2. Conclusie") in found
    assert (1, "3. Aanbevelingen") in found
    # the four pillars are a numbered list, not chapters
    assert not any(t.startswith("1. Samenwerking school en adviseur") for _, t in found)
    assert not any(t.startswith("4. Wijkgericht samenwerken") for _, t in found)


def test_nji_toc_titles_become_chapters(corpus_docs: dict[str, Document]) -> None:
    """Every chapter listed in the NJi contents table is a level-1 heading in the text, also
    "Samenwerken is simpel: gewoon doen (blog) 90", whose heading in the text lacks the "(blog)" label."""
    doc = corpus_docs["nji-samen-om-het-kind-2015"]
    titles, _ = find_toc(split_paragraphs(doc.text))
    assert len(titles) == 17
    chapters = {"".join(ch for ch in t.lower() if ch.isalnum()) for t in _titles(doc, level=1)}
    missing = [
        t
        for t in titles
        if not any(c.startswith("".join(ch for ch in t.lower() if ch.isalnum())[:25]) for c in chapters)
    ]
    assert missing == []


def test_footnotes_are_not_chapters() -> None:
    """A footnote at the foot of a PDF page ("1 Blijvende bron van zorg, Sociaal en Cultureel Planbureau (2020)")
    is not a numbered chapter heading."""
    from conftest import PDF_SAMPLES

    from ingest.models import DocumentMeta

    path = PDF_SAMPLES / "Mantelzorg.pdf"
    pages = extract_pages(path)
    doc, _ = build_document(
        DocumentMeta(id="mantelzorg", title="Mantelzorg"),
        str(path),
        pages,
        build_vocabulary(p.text for p in pages),
        "0" * 64,
    )
    assert not [h.title for h in doc.headings if "Planbureau" in h.title]


# -- footnotes and contents labels (synthetic) -----------------------------------------------------------
REFERRING = "Mantelzorgers helpen omdat ze willen dat hun dierbaren goed worden ondersteund1, zodat het welzijn groeit."


@pytest.mark.parametrize(
    "paragraphs, expected",
    [
        # the number is glued to a word above: a footnote, not a chapter and not a short title
        ([REFERRING, "1 Blijvende bron van zorg, Sociaal en Cultureel Planbureau (2020)", BODY], []),
        ([REFERRING, "1 Zie SCP (2020)", BODY], []),
        # no reference above: a chapter numbered without a full stop stays a chapter
        (["1 Inleiding", BODY], [(1, "1 Inleiding")]),
        # a reference with another number does not make "2 Aanpak" a footnote
        ([REFERRING, BODY, "2 Aanpak", BODY], [(1, "2 Aanpak")]),
        # a percentage is no footnote reference
        (["Bijna 12% van de ouders ervaart drempels1% en meer.", BODY, "1 Inleiding", BODY], [(1, "1 Inleiding")]),
    ],
    ids=["footnote", "short-footnote", "chapter-without-dot", "other-number", "percentage"],
)
def test_footnotes_are_not_headings(paragraphs: list[str], expected: list[tuple[int, str]]) -> None:
    assert headings_of(*paragraphs) == expected


def test_toc_title_with_a_label_matches_the_heading_without_it() -> None:
    toc = ["Inhoud", "Vooraf 5", "8. Sturen op samenhang 82", "Samenwerken is simpel: gewoon doen (blog) 90"]
    text = "\n\n".join(
        [*toc, "Vooraf", BODY, "8. Sturen op samenhang", BODY, "Samenwerken is simpel: gewoon doen", BODY]
    )
    headings, _ = detect_headings(text)
    assert [(h.level, h.title) for h in headings] == [
        (1, "Vooraf"),
        (1, "8. Sturen op samenhang"),
        (1, "Samenwerken is simpel: gewoon doen"),
    ]


READING_LIST = [
    "3. Samenwerken met ouders",
    "Ouders zijn partners van de school. Dat vraagt iets van beide kanten en van de wijk.",
    "Verder lezen:",
    "Diana Prins & Karen van Rooijen, Ouderbetrokkenheid in het onderwijs.",  # cut by a page break
    "Utrecht: Nederlands Jeugdinstituut, 2013.",
    "Nederlands Jeugdinstituut, Routekaart school en wijk (www.nji.nl/schoolenwijkverbonden).",
    "Passend onderwijs is ingevoerd. Is dat lastig voor de kinderen en ouders die er nu mee te maken hebben?",
    "“Het bezwaar van het op de kop zetten van een systeem is dat je de ontwikkeling niet kan stoppen.”",
    "Betrokkenen aan het woord: oudervertegenwoordiger",
    "Ze vertelt over haar zoon en de school. Dat ging niet vanzelf, zegt ze.",
]


def _doc_parts(paragraphs: list[str]) -> tuple[str, list[int]]:
    text = "\n\n".join(paragraphs)
    offsets, pos = [], 0
    for p in paragraphs:
        offsets.append(text.index(p, pos))
        pos = offsets[-1] + len(p)
    return text, offsets


def test_a_box_after_a_reading_list_opens_where_the_references_end() -> None:
    text, at = _doc_parts(READING_LIST)
    toc = [
        "Inhoud",
        "2. Sterke pedagogische basis op school 14",
        "3. Samenwerken met ouders 24",
        "Betrokkenen aan het woord: oudervertegenwoordiger 29",
        "4. Aansluiting met het wijkteam 31",
    ]
    headings, _ = detect_headings("\n\n".join(toc) + "\n\n" + text)
    shift = len("\n\n".join(toc)) + 2
    opened = [h for h in headings if h.start == h.end]
    assert [(h.start - shift, h.level, h.title) for h in opened] == [
        (at[6], 1, "Betrokkenen aan het woord: oudervertegenwoordiger")
    ]
    # the references stay under "Verder lezen", the interview's first page is the box's
    assert section_path_at(headings, shift + at[5]) == ("3. Samenwerken met ouders", "Verder lezen:")
    assert section_path_at(headings, shift + at[7]) == ("Betrokkenen aan het woord: oudervertegenwoordiger",)
    # its title line is still a heading of its own
    assert any(h.title == "Betrokkenen aan het woord: oudervertegenwoordiger" and h.end > h.start for h in headings)
    # the contents page is where the box opens and where its title line stands: the text before
    # the title line is the box's first page
    text_all = "\n\n".join(toc) + "\n\n" + text
    anchors = dict(contents_anchors(text_all, headings))
    title_line = next(h for h in headings if h.title.endswith("oudervertegenwoordiger") and h.end > h.start)
    assert anchors[shift + at[6]] == 29 and anchors[title_line.start] == 29
    assert sorted(anchors.values()) == [24, 29, 29]  # chapter 3 too; chapter 4 is not in this text


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        # the list ends with the last reference before a question, a quote or a long paragraph
        (["A. Auteur, Titel. Utrecht: NJi, 2014.", "Wat is de rol van een samenwerkingsverband?"], 1),
        (["A. Auteur, Titel. Utrecht: NJi, 2014.", "“Wij krijgen hier complexe doelgroepen binnen.”"], 1),
        (["A. Auteur, Titel (www.nji.nl/titel).", "Voorzieningen in Engeland, " + "woord " * 45], 1),
        (["A. Auteur, Titel.", "Utrecht: NJi, 2013.", "B. Auteur, Titel, 2013.", "Tekst daarna?"], 3),
        (["A. Auteur, Titel, 2014."], None),  # the list runs to the end
        # prose that happens to end in a year is no reference
        (["A. Auteur, Titel. Utrecht: NJi, 2014.", "Wij werken zo " + "samen " * 70 + "sinds 2014."], 1),
        (["Geen referentie maar een vraag?", "A. Auteur, 2014."], None),  # no reference before it
    ],
)
def test_reading_list_end(after: list[str], expected: int | None) -> None:
    text, at = _doc_parts(["Verder lezen:", *after])
    heading = Heading(0, len("Verder lezen:"), 2, "Verder lezen:")
    end = reading_list_end(split_paragraphs(text), heading)
    assert end == (None if expected is None else at[1 + expected])


def test_a_reading_list_before_the_next_chapter_opens_nothing() -> None:
    """Prose after the references that the next numbered chapter follows is not that chapter's."""
    paragraphs = [
        "3. Samenwerken met ouders",
        "Tekst van het hoofdstuk met genoeg woorden om een alinea te zijn, en nog wat meer.",
        "Verder lezen:",
        "A. Auteur, Titel. Utrecht: NJi, 2014.",
        "Een vraag aan het eind van het hoofdstuk?",
        "4. Aansluiting met het wijkteam",
        "Tekst van het volgende hoofdstuk, ook met genoeg woorden om een alinea te zijn.",
    ]
    headings, _ = detect_headings("\n\n".join(paragraphs))
    assert not [h for h in headings if h.start == h.end]


def test_nji_interviews_are_not_filed_under_their_chapters_reading_list(corpus_docs: dict[str, Document]) -> None:
    """Each of the eight "Verder lezen" lists runs straight into an interview or a box whose
    title the text layer gives later (up to a page); that text belongs to the box."""
    doc = corpus_docs["nji-samen-om-het-kind-2015"]
    chunks = chunk_document(doc)
    reading = [c for c in chunks if c.kind == "literatuur"]
    assert len(reading) == 8
    assert all(len(c.text.split()) < 100 and "?" not in c.text for c in reading)
    first = next(c for c in chunks if c.text.startswith("Waarom is het belangrijk dat onderwijs en jeugdhulp"))
    assert first.section == ("Betrokkenen aan het woord: voorzitter PO-Raad",)
    assert first.kind == "interview"
    abroad = next(c for c in chunks if "Voorzieningen in Engeland, Denemarken" in c.text)
    assert abroad.section[0] == "Lessen uit het buitenland" and abroad.kind == "buitenland"


@pytest.mark.parametrize(
    ("box", "page"),
    [
        ("Betrokkenen aan het woord: voorzitter PO-Raad", 11),
        ("Betrokkenen aan het woord: programmaleider samenwerkingsverband vo", 45),
        ("Lessen uit het buitenland", 79),
        ("Samenwerken is simpel: gewoon doen", 90),
    ],
)
def test_nji_a_box_after_a_reading_list_is_cited_from_its_listed_page(
    corpus_docs: dict[str, Document], box: str, page: int
) -> None:
    """The contents table lists the page each box starts on. Its first page of text, which the text
    layer gives before the title, was cited with the whole chapter's range before it ("p. 31–45"
    for an interview on p. 45); the box's passages up to its title line now stand on that page."""
    chunks = [c for c in chunk_document(corpus_docs["nji-samen-om-het-kind-2015"]) if c.section[:1] == (box,)]
    first = chunks[0]
    assert box not in first.text  # the text before the title line, else this test shows nothing
    assert (first.page_start, first.page_end) == (page, page)
    assert all(c.page_start is not None and c.page_start >= page for c in chunks)


@pytest.mark.parametrize(
    ("chapter", "opening"),
    [
        ("2. Sterke pedagogische basis op school", "Een veilige en zorgzame leeromgeving op"),
        ("3. Samenwerken met ouders", "Een goed pedagogisch klimaat op school kan"),
        ("4. Aansluiting met het wijkteam", "Nu gemeenten er op grote schaal voor hebben"),
        ("5. Mbo en jeugdhulp", "De knelpunten die worden ervaren bij de"),
        ("6. Onderwijs-zorgarrangementen", "Sommige leerlingen hebben naast ondersteuning"),
        ("7. Arbeidstoeleiding kwetsbare jongeren", "Een substantieel deel van de jongeren"),
        ("8. Sturen op samenhang", "Gemeenten en samenwerkingsverbanden passend onderwijs"),
    ],
)
def test_nji_chapter_openings_are_filed_under_their_chapter(
    corpus_docs: dict[str, Document], chapter: str, opening: str
) -> None:
    """The text layer gives each chapter's first column before the chapter's title (which comes
    mid-sentence or at the page's end); that text is the chapter's, not the previous box's."""
    doc = corpus_docs["nji-samen-om-het-kind-2015"]
    chunk = next(c for c in chunk_document(doc) if opening in c.text)
    assert chunk.section == (chapter,)


def test_nji_sentences_a_chapter_title_interrupted_are_whole(nji_text: str) -> None:
    text = nji_text
    for sentence in [
        "hulp en ondersteuning effectiever wanneer deze worden toegepast in,",
        "om hun plannen over en weer af te stemmen",
        "bij een hulpvraag van een student willen we niet afhankelijk zijn",
    ]:
        assert sentence in text


def test_nji_compounds_the_text_layer_split_are_whole(nji_text: str) -> None:
    text = nji_text
    for split in ("samenwerkings verband", "samen werking", "thuis zitters", "onder steuning", "leer plicht"):
        assert not re.search(rf"\b{split}\b", text), split
    for phrase in ("met een", "zorg en", "werk en"):  # words that spell another word together stay apart
        assert phrase in text


def test_the_line_a_lead_in_announces_is_no_heading() -> None:
    """The deck's "Beoogde cultuur vanuit kernwaarden:" is followed by the values themselves."""
    paragraphs = [
        "Beoogde cultuur vanuit kernwaarden:",
        "Vertrouwen, Vakmanschap, Verbinden en Versterken",
        "Elkaar ontmoeten en willen leren kennen, leiderschap en gunnen zijn de basis.",
        "Samenwerken in de wijk",
        "Scholen werken samen met het wijkteam en met elkaar, in elke wijk.",
    ]
    headings, _ = detect_headings("\n\n".join(paragraphs))
    assert [h.title for h in headings] == ["Samenwerken in de wijk"]


def test_a_slide_title_after_a_lead_in_on_the_page_before_is_a_heading() -> None:
    paragraphs = ["De pilot werd uitgewerkt langs vier pijlers:", "Samenwerking tussen scholen", "Tekst van de slide."]
    text = "\n\n".join(paragraphs)
    headings, _ = detect_headings(text, (0, text.index("Samenwerking tussen scholen")))
    assert [h.title for h in headings] == ["Samenwerking tussen scholen"]


def test_nji_sentences_a_pull_quote_cut_are_whole(nji_text: str) -> None:
    """Eight pull quotes stood in the middle of a sentence in the NJi text layer ("want die scholen
    zitten vaak | Het gaat erom dat professionals … | verder weg"); each now follows its paragraph."""
    text = nji_text
    for sentence in [
        "want die scholen zitten vaak verder weg en zijn wijk",
        "was ik vooral een individuele medewerker van de specialistische jeugdhulp",
        "voor te zorgen dat ze hun schoolloopbaan met succes doorlopen",
    ]:
        assert sentence in text
    assert "zitten vaak Het gaat erom" not in text
    assert "Het gaat erom dat professionals zich op de werkvloer willen verdiepen in elkaars wereld" in text
