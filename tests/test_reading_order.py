"""A chapter title the text layer put after the chapter's first text is moved back (pure functions)."""

from __future__ import annotations

import pytest

from ingest.clean import build_vocabulary, clean_pages
from ingest.models import PageText
from ingest.reading_order import (
    drop_repeated_pull_quotes,
    is_chapter_title,
    misplaced_chapter_titles,
    move_boxes,
    move_footnotes,
    move_interview_titles,
    move_pull_quotes,
    restore_chapter_openings,
    separate_footnotes,
    separate_pull_quotes,
    set_off_document_title,
)

# The NJi layout: a box ends, the chapter's first column starts a new flow (one leading space),
# and the title block comes in the middle of a sentence, followed by the sentence's rest.
INTERRUPTED = [
    "Ook in Nederland wordt de methode van de",  # the end of the previous chapter's box
    "Familieklas op bescheiden schaal ingezet.",
    " Gemeenten en samenwerkingsverbanden hebben",  # 1: the chapter's text begins
    "gezamenlijk zeggenschap over alle hulp.",
    "",
    "Bestuurlijk overleg",
    "Gemeenten zijn verplicht om hun plannen over",  # the sentence the title interrupts
    "",
    "8. Sturen op samenhang",
    "",
    "Hoe werken gemeenten en samenwerkingsverbanden effectief samen? Op welke resultaten moet je",
    " en weer af te stemmen, in het oogo.",  # the rest of the sentence
    "Rituele dans",
]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (INTERRUPTED, [(2, 8, 11)]),
        # the title at the page's end, its flow opening right after a pull quote without a full stop
        (["gaat betalen", " Een deel van de jongeren slaagt er niet in.", "", "7. Arbeid"], [(1, 3, 4)]),
        # ... but after running text that ends a sentence, a title at a page's end stays
        (["Zo werkt het.", " Een deel van de jongeren slaagt er niet in.", "", "7. Arbeid"], []),
        # nothing interrupted: the line before the title ends a sentence, the title stays
        (["Slot.", " Begin van de kolom.", "Zo eindigt het.", "", "4. Titel", "", " verder in kleine letters"], []),
        # no new text flow before the title on this page: nothing to move it to
        (["geen inspringing hier en", "", "4. Titel", "", " verder in kleine letters"], []),
        # a numbered list item inside a paragraph is no chapter title (no blank line before it)
        (["Twee punten:", "1. Eerste punt", " en verder"], []),
        # a sub-section number ("1.3") is no chapter title
        ([" Begin.", "tekst zonder punt", "", "1.3 Duurzame samenwerking", " verder"], []),
        # the title's block runs on into a new capitalised paragraph: it is where it belongs
        ([" Begin en", "", "4. Titel", "", "Een nieuwe alinea.", "Nog een.", "En nog een."] + ["x"] * 12, []),
        # a new column opening with a quote is no continuation of a sentence
        (
            [
                " Een interview met de intern begeleider",
                "over de samenwerking met het wijkteam",
                "",
                "5. Mbo",
                "",
                " “Wij werken al jaren samen,” zegt zij.",
            ]
            + ["x"] * 12,
            [],
        ),
        # the chapter's own paragraph ends in a full stop before a blank line: the title is in place,
        # even if a later line opens with a bracket in lower case
        (
            [
                " Meer informatie: www.familieklas.dk",
                "",
                "4. Aansluiting met het wijkteam",
                "",
                "De school en het wijkteam werken samen.",
                "",
                " (zie bijlage) voor de cijfers",
            ],
            [],
        ),
    ],
)
def test_misplaced_chapter_titles(lines: list[str], expected: list[tuple[int, int, int]]) -> None:
    assert misplaced_chapter_titles(lines) == expected


def test_restore_moves_the_title_block_and_joins_the_interrupted_sentence() -> None:
    out = restore_chapter_openings(INTERRUPTED)
    assert out[:8] == [
        "Ook in Nederland wordt de methode van de",
        "Familieklas op bescheiden schaal ingezet.",
        "",
        "8. Sturen op samenhang",
        "",
        "Hoe werken gemeenten en samenwerkingsverbanden effectief samen? Op welke resultaten moet je",
        "",
        "",  # two: a break clean.py never bridges, though the lead-in's last line ends no sentence
    ]
    i = out.index("Gemeenten zijn verplicht om hun plannen over")
    assert out[i + 1] == " en weer af te stemmen, in het oogo."
    assert sorted(out) == sorted([*INTERRUPTED, "", ""])  # only moved: two blank lines more, nothing lost


def test_restore_leaves_pages_without_misplaced_titles_alone() -> None:
    lines = ["1. Inleiding", "", "Dit is de tekst.", " Een nieuwe kolom."]
    assert restore_chapter_openings(lines) == lines


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("4. Aansluiting met het wijkteam", True),
        ("1.3 Duurzame samenwerking", False),
        ("• punt", False),
        ("2014.", False),
    ],
)
def test_is_chapter_title(line: str, expected: bool) -> None:
    assert is_chapter_title(line) is expected


def test_cleaned_text_reads_title_then_chapter_and_keeps_the_sentence_whole() -> None:
    text = "\n".join(INTERRUPTED)
    cleaned, _ = clean_pages([PageText(text, 81, 81)], build_vocabulary([text]))
    paragraphs = cleaned.split("\n\n")
    title = paragraphs.index("8. Sturen op samenhang")
    assert paragraphs[title + 2].startswith("Gemeenten en samenwerkingsverbanden hebben")
    assert "Gemeenten zijn verplicht om hun plannen over en weer af te stemmen, in het oogo." in cleaned
    # the box's short first line stays in its paragraph: the wide title block after it does not
    # make it look like a title line
    assert paragraphs[title - 1] == "Ook in Nederland wordt de methode van de Familieklas op bescheiden schaal ingezet."


def test_a_title_whose_flow_starts_inside_the_block_moved_before_it_stays() -> None:
    lines = [
        " Eerste kolom zonder punt",
        "",
        "2. Eerste",
        "",
        " Tweede kolom zonder punt",
        "",
        "3. Tweede",
        "",
        " gaat verder",
        " verder met de eerste",
    ]
    found = misplaced_chapter_titles(lines)
    assert all(a[2] <= b[0] for a, b in zip(found, found[1:], strict=False))
    out = restore_chapter_openings(lines)
    assert sorted(ln for ln in out if ln.strip()) == sorted(ln for ln in lines if ln.strip())


def test_a_title_at_a_pdf_pages_end_does_not_carry_its_footer_into_the_page() -> None:
    """Footers and page numbers are dropped before titles are moved."""
    footer = "Samen om het kind - Op school, thuis en in de wijk"
    pages = []
    for n in range(1, 5):
        body = [footer, f"Tekst van pagina {n} loopt door.", "", f"Alinea {n} is hier klaar."]
        if n == 2:
            body += [
                "gaat betalen",
                " Een deel van de jongeren slaagt er niet",
                "in een baan te vinden",
                "en te houden,",
                "zeker niet zonder diploma.",
                "",
                "7. Arbeid",
            ]
        pages.append(PageText("\n".join([*body, "", footer, str(n)]), n, n))
    text, _ = clean_pages(pages, build_vocabulary(p.text for p in pages))
    paragraphs = text.split("\n\n")
    assert "7. Arbeid" in paragraphs
    assert footer not in text and "2" not in paragraphs
    assert paragraphs[paragraphs.index("7. Arbeid") + 1].startswith("Een deel van de jongeren")


PULL_QUOTE_PAGE = [
    "“Het wijkgericht werken is voor het gros van",
    "de basisscholen een goede ontwikkeling. Het",
    "werkt alleen minder goed voor het speciaal",
    "onderwijs, want die scholen zitten vaak",
    "",
    "Het gaat erom",
    "dat professionals",
    "zich op de",
    "werkvloer willen",
    "verdiepen in",
    "elkaars wereld",
    " verder weg en zijn wijk of zelfs gemeente",
    "overstijgend. Ook voor veel bijzondere scholen",
    "is het lastig.”",
    "",
    "Hoe voorkomen we dat?",
]


DOUBLE_SPACED_QUOTE = [
    "De essentie is",
    "continuïteit: in",
    "",
    "de schoolloopbaan",
    "en in de overstap",
    "",
    "van onderwijs",
    "naar werk",
]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # the pull quote goes after the paragraph; the sentence it cut is one again
        (
            PULL_QUOTE_PAGE,
            [
                *PULL_QUOTE_PAGE[:4],
                *PULL_QUOTE_PAGE[11:14],
                "",
                *PULL_QUOTE_PAGE[5:11],
                "",
                "Hoe voorkomen we dat?",
            ],
        ),
        # a double-spaced pull quote (an empty line after some of its lines) is one too
        (
            ["partners te", "", *DOUBLE_SPACED_QUOTE, " vormen in meerdere gemeenten.", "", "Het doel"],
            ["partners te", " vormen in meerdere gemeenten.", "", *DOUBLE_SPACED_QUOTE, "", "Het doel"],
        ),
        # ... but not with two empty lines in a row, nor ending in one
        (["partners te", "", "De essentie is", "", "", "continuïteit", "van onderwijs", " vormen er."], None),
        # a list of short lines after a finished sentence is no pull quote
        (["Dit is af.", "", "• een", "• twee", "• drie", " en verder"], None),
        # two short lines are too few to tell a box from the text
        (["zitten vaak", "", "Het gaat", "erom", " verder weg."], None),
        # the text after the block starts a new sentence: nothing was interrupted
        (["zitten vaak", "", "Het gaat erom", "dat professionals", "zich op de", " Verder weg."], None),
        # the paragraph ends the page with its sentence
        (
            ["zitten vaak", "", "Het gaat erom", "dat professionals", "zich op de", " verder weg."],
            ["zitten vaak", " verder weg.", "", "Het gaat erom", "dat professionals", "zich op de"],
        ),
        # the paragraph goes on on the next page: moved to the page's end, the quote would be glued
        # to the rest of the sentence there, so it stays
        (["zitten vaak", "", "Het gaat erom", "dat professionals", "zich op de", " verder weg dan de"], None),
    ],
)
def test_move_pull_quotes(lines: list[str], expected: list[str] | None) -> None:
    assert move_pull_quotes(lines) == (lines if expected is None else expected)


def test_cleaned_text_keeps_a_sentence_a_pull_quote_cut_whole() -> None:
    from ingest.clean import clean_pages
    from ingest.models import PageText

    text, _ = clean_pages([PageText("\n".join(PULL_QUOTE_PAGE))], {})
    assert "want die scholen zitten vaak verder weg en zijn wijk" in " ".join(text.split())
    assert "elkaars wereld" in text and text.index("elkaars wereld") > text.index("is het lastig")


BOX_PAGE = [
    "De invoering van passend onderwijs beoogt",
    "om de positie van ouders tegenover",
    "scholen en schoolbesturen te",
    "",
    " Meer informatie over",
    "ouderbetrokkenheid",
    "",
    "Het Steunpunt Passend Onderwijs heeft op",
    "",
    "zijn website informatie verzameld.",
    " versterken. Volgens Mark Weghorst is dat",
    "niet per definitie het geval.",
    "",
    "Passendonderwijscafés",
]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # the box goes after the paragraph the interrupted sentence ends; the sentence is whole
        (
            BOX_PAGE,
            [*BOX_PAGE[:3], *BOX_PAGE[10:12], "", *BOX_PAGE[4:10], "", "Passendonderwijscafés"],
        ),
        # the box's own footnote goes with it
        (
            [
                "om daarin de kinderen",
                "",
                " Politie als partner",
                "Ook politie is een partner.5",
                "",
                "5 Frank Hoogeboom et. al., Veiligheid. Utrecht: NJi, 2015.",
                " te laten oefenen.",
                "",
                "Verder.",
            ],
            [
                "om daarin de kinderen",
                " te laten oefenen.",
                "",
                " Politie als partner",
                "Ook politie is een partner.5",
                "",
                "5 Frank Hoogeboom et. al., Veiligheid. Utrecht: NJi, 2015.",
                "",
                "Verder.",
            ],
        ),
        # a column break inside the continued sentence: the box goes after the sentence's end
        (
            [
                "om de",
                "",
                " Handreiking",
                "Zie de website.",
                " vrijgekomen gelden behouden blijft",
                "",
                "wanneer deze wordt afgebouwd.",
                "",
                "Zeker.",
            ],
            [
                "om de",
                " vrijgekomen gelden behouden blijft",
                "",
                "wanneer deze wordt afgebouwd.",
                "",
                " Handreiking",
                "Zie de website.",
                "",
                "Zeker.",
            ],
        ),
        # a footnote block alone in a sentence is no box (moving those moved dev answers)
        (["op veel plaatsen", "", " 12 Onderwijsraad, Samen, 2014.", " onder druk staan.", ""], None),
        # a box after a finished sentence interrupts nothing
        (["Dit is af.", "", " Meer informatie", "Zie de website.", " en verder."], None),
        # the box's last line ends no sentence: no box and continuation to tell apart
        (["zitten vaak", "", " Meer informatie", "zie de website van", " verder weg."], None),
        # the sentence runs on to the next page: moved here, the box would be glued to its rest
        (["zitten vaak", "", " Meer informatie", "Zie de website.", " verder weg dan de"], None),
        # the block starts no new flow (no indent): a paragraph of the text, not a box
        (["zitten vaak", "", "Meer informatie", "Zie de website.", " verder weg."], None),
        # a title indented further than a new flow, right below the line it cuts (no blank line)
        (
            [
                "Op deze manier worden het ",
                "  Altra Werkt!",
                "",
                "Lees het verhaal van Bertino.",
                "",
                "19 Bron: website Altra, 2015.",
                " behandelplan en het plan één.",
                "",
                "Verder.",
            ],
            [
                "Op deze manier worden het ",
                " behandelplan en het plan één.",
                "",
                "  Altra Werkt!",
                "",
                "Lees het verhaal van Bertino.",
                "",
                "19 Bron: website Altra, 2015.",
                "",
                "Verder.",
            ],
        ),
        # a new flow (one space) right below an unfinished line goes on with the column: no box
        (["Op deze manier worden het ", " Altra Werkt!", "", "Lees dit.", " behandelplan."], None),
    ],
)
def test_move_boxes(lines: list[str], expected: list[str] | None) -> None:
    assert move_boxes(lines) == (lines if expected is None else expected)


def test_cleaned_text_keeps_a_sentence_a_box_cut_whole() -> None:
    from ingest.clean import clean_pages
    from ingest.models import PageText

    text, _ = clean_pages([PageText("\n".join(BOX_PAGE))], {})
    flat = " ".join(text.split())
    assert "scholen en schoolbesturen te versterken. Volgens Mark Weghorst" in flat
    assert "zijn website informatie verzameld. versterken" not in flat


QUOTE_BETWEEN = [
    "op school zelf uit.”",
    "",
    "We willen",
    "niet dat een",
    "",
    "jeugdteam",
    "opnieuw de",
    "gaat maken",
    " Omdat een mboschool niet de enige",
]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # a pull quote between two paragraphs: the next paragraph no longer joins its last line
        (QUOTE_BETWEEN, [*QUOTE_BETWEEN[:-1], "", QUOTE_BETWEEN[-1]]),
        # a narrow column's text after a line that ends no sentence goes on: no pull quote
        (["zo zijn dat wij eerst", "met elkaar in overleg", "moeten over wie dat", "gaat betalen", " Een deel"], None),
        # a byline's last line before a new flow is too short a run
        (["Het is af.", "", "Jeugdinstituut", " We hebben het druk"], None),
        # the run ends a sentence: the paragraphs part there already
        (["Het is af.", "", "Het is een", "gezamenlijke", "taak.", " Wijkteam en school"], None),
        # the next line starts no new flow
        (["Het is af.", "", "Het is een", "gezamenlijke", "taak om", "samen te werken"], None),
    ],
)
def test_separate_pull_quotes(lines: list[str], expected: list[str] | None) -> None:
    assert separate_pull_quotes(lines) == (lines if expected is None else expected)


# The NJi text layer: a footnote in the middle of the sentence a column break cut.
NOTE_PAGE = [
    "Door onduidelijkheden over verantwoordelijkheden en financiering staat de continuïteit van",
    "onderwijszorgarrangementen op veel plaatsen",
    "",
    "12 Onderwijsraad, Samen voor een ononderbroken schoolloopbaan. Den Haag: Onderwijsraad, 2014.",
    " onder druk. Dit leidt tot risico’s voor zowel",
    "individuele leerlingen.",
    "",
    "Volgende alinea.",
]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # the note goes after the paragraph the cut sentence ends in
        (NOTE_PAGE, [*NOTE_PAGE[:2], *NOTE_PAGE[4:6], "", NOTE_PAGE[3], "", NOTE_PAGE[7]]),
        # a note of two lines, or two notes, move as one block
        (
            [
                "Ook hebben",
                "",
                "21 Ministerie van OCW, Passend onderwijs. Zevende",
                "rapportage. Den Haag: OCW, 2015.",
                " alle betrokkenen meegedaan.",
            ],
            [
                "Ook hebben",
                " alle betrokkenen meegedaan.",
                "",
                "21 Ministerie van OCW, Passend onderwijs. Zevende",
                "rapportage. Den Haag: OCW, 2015.",
            ],
        ),
        # a note the text layer breaks in two stays one note: its second half opened a paragraph
        (
            [
                "jongeren in ",
                "",
                "18 Joanka Prakken, Passend onderwijs en jeugdhulp. ",
                "",
                "Notitie Denktank. Utrecht: NJi, 2014.",
                " kwetsbare posities te bieden.",
                "",
                "Maar.",
            ],
            [
                "jongeren in ",
                " kwetsbare posities te bieden.",
                "",
                "18 Joanka Prakken, Passend onderwijs en jeugdhulp. ",
                "Notitie Denktank. Utrecht: NJi, 2014.",
                "",
                "Maar.",
            ],
        ),
        # the line above ends a sentence: the note stands between paragraphs, where it belongs
        (["Dat is zo.", "", "7 Onderwijsraad, 2014.", " En verder."], None),
        # no lower-case continuation within a few lines: no cut sentence to mend
        (["zonder punt", "", "7 Onderwijsraad, 2014.", "Nieuwe alinea."], None),
        # no blank line before the number: a list or a figure in running text, no note
        (["in", "12 scholen werken", " samen."], None),
        # the sentence runs on to the next page: moved to this page's end it would be glued to its rest
        (["op veel plaatsen", "", "12 Onderwijsraad, 2014.", " onder druk en", "verder"], None),
    ],
)
def test_move_footnotes(lines: list[str], expected: list[str] | None) -> None:
    assert move_footnotes(lines) == (lines if expected is None else expected)


def test_cleaned_text_keeps_a_sentence_a_footnote_cut_whole() -> None:
    from ingest.clean import clean_pages
    from ingest.models import PageText

    text, _ = clean_pages([PageText("\n".join(NOTE_PAGE))], {})
    flat = " ".join(text.split())
    assert "op veel plaatsen onder druk. Dit leidt" in flat
    assert "2014. onder druk" not in flat


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # the Haarlemmermeer note: its title, then its first sentence as a new flow
        (
            [" Notitie: Verkenning wijkgericht werken", " Het bieden van een omgeving is een", "opdracht."],
            [" Notitie: Verkenning wijkgericht werken", "", " Het bieden van een omgeving is een", "opdracht."],
        ),
        # leading blank lines are no title
        (["", " Notitie: Verkenning", " Het bieden"], ["", " Notitie: Verkenning", "", " Het bieden"]),
        # a first line that ends a sentence is the text itself
        ([" Dit is de eerste zin.", " De tweede."], None),
        # the next line goes on in the same flow: one paragraph (the factsheet's first sentence)
        ([" Sterke gezinnen, sterke scholen en sterke wijken: dat zijn de pijlers van", "en onderwijsbeleid."], None),
        # already set off
        ([" 1.Inleiding", " ", "In het schooljaar"], None),
        ([], None),
    ],
)
def test_set_off_document_title(lines: list[str], expected: list[str] | None) -> None:
    assert set_off_document_title(lines) == (lines if expected is None else expected)


# The NJi layout: an interview's title and byline across the top of a page, given by the text
# layer in the middle of the answer the column was in.
BYLINE_PAGE = [
    "is die het overzicht en de regie houdt. Scholen",
    "hebben te maken met logopedisten,",
    "",
    "Betrokkenen aan het woord:",
    "intern begeleider en zorgcoördinatoren",
    "",
    "Annemiek Glasbergen, intern begeleider op een basisschool in Soest, en",
    "Sjoerd van den Berg, zorgcoördinator op een",
    "vmbo-school in Alkmaar",
    " ergotherapeuten, onderzoekers, remedial",
    "teachers. Dat is niet meer behapbaar.”",
    "",
    "Herkennen jullie het beeld?",
]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # the block goes after the paragraph the cut sentence ends in, two blank lines after it
        (
            BYLINE_PAGE,
            [
                *BYLINE_PAGE[:2],
                *BYLINE_PAGE[9:11],
                "",
                *BYLINE_PAGE[3:5],
                "",
                *BYLINE_PAGE[6:9],
                "",
                "",
                BYLINE_PAGE[12],
            ],
        ),
        # the line above ends a sentence: the interview starts there, the block stays
        (["Dat is zo.", "", "Betrokkenen aan het woord:", "wethouder", "", " verder"], None),
        # no lower-case continuation within the block's reach
        (["met logopedisten,", "", "Betrokkenen aan het woord:", "wethouder", "Nieuwe alinea."], None),
        # another box marker is no interview title
        (["met logopedisten,", "", "Doen wat werkt", " ergotherapeuten."], None),
    ],
)
def test_move_interview_titles(lines: list[str], expected: list[str] | None) -> None:
    assert move_interview_titles(lines) == (lines if expected is None else expected)


def test_cleaned_text_keeps_a_sentence_an_interview_title_cut_whole() -> None:
    from ingest.clean import clean_pages
    from ingest.models import PageText

    text, _ = clean_pages([PageText("\n".join(BYLINE_PAGE))], {})
    flat = " ".join(text.split())
    assert "met logopedisten, ergotherapeuten, onderzoekers" in flat
    assert "Alkmaar ergotherapeuten" not in flat
    assert "vmbo-school in Alkmaar\n\nHerkennen" in text  # the question stays a paragraph of its own


NOTE = ["", "10 Erik Keppels et al., Evaluatie aanpak jeugdteam mbo.  ", "Nijmegen: Kenniscentrum, 2015."]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # a new paragraph right below a footnote's last line starts after a blank line
        (
            [
                "een kostenbesparing opleveren.10 ",
                *NOTE,
                " Doordat veel studenten op het mbo buiten ",
                "de stad wonen.",
            ],
            [
                "een kostenbesparing opleveren.10 ",
                *NOTE,
                "",
                " Doordat veel studenten op het mbo buiten ",
                "de stad wonen.",
            ],
        ),
        # the sentence goes on below the note (move_footnotes' case): nothing inserted here
        (["de continuïteit staat op veel plaatsen", *NOTE, " onder druk. Dat blijkt."], None),
        # no footnote: a paragraph opening with a figure is not one
        (["Dat is zo.", "", "Het plan heeft 10 doelen.", " Dat zijn er veel."], None),
        # a note longer than a footnote block is none
        (["Dat is zo.", "", "10 a", "b", "c", "d", "e", "f", "g.", " Daarna."], None),
    ],
)
def test_separate_footnotes(lines: list[str], expected: list[str] | None) -> None:
    assert separate_footnotes(lines) == (lines if expected is None else expected)


HOST = [
    "Van Aalst zou ouders nog wel meer willen inzetten. “Als we",
    "willen dat kinderen in het regulier onderwijs blijven, is het goed.",
    "Wat kan een oudergemeenschap zelf doen, op school en in de",
    "wijk, om kinderen op onze school te houden? Daar heeft iedereen",
    "een rol in.”",
    "",
]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # a pull quote repeating the text above, word for word: it goes (also double-spaced)
        (
            [
                *HOST,
                "Nu hebben we het omgedraaid.",
                "",
                "Wat kan een",
                "oudergemeenschap",
                "zelf doen, op school",
                "",
                "en in de wijk, om",
                "kinderen op onze",
                "school te houden?",
                "",
                " Naar ons idee.",
            ],
            [*HOST, "Nu hebben we het omgedraaid.", "", " Naar ons idee."],
        ),
        # one that says what the text does not is kept
        ([*HOST, "", "Wat kan een", "gemeente zelf doen", "in de wijk om", "scholen te helpen?", "", "Verder."], None),
        # fewer than eight words repeated: a title or a label, kept
        ([*HOST, "", "Wat kan een", "oudergemeenschap", "zelf doen?", "", "Verder."], None),
        # lines of running text (more than six words) are no pull quote, even when repeated
        ([*HOST, "", "Wat kan een oudergemeenschap zelf doen, op school en in de", "Verder."], None),
    ],
)
def test_drop_repeated_pull_quotes(lines: list[str], expected: list[str] | None) -> None:
    assert drop_repeated_pull_quotes(lines) == (lines if expected is None else expected)
