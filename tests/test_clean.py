"""Cleaning extracted page text (ingest.clean): tables for the pure string functions and
small synthetic documents for clean_pages."""

from __future__ import annotations

from collections import Counter

import pytest

from ingest.clean import (
    build_vocabulary,
    clean_pages,
    drop_footnote_marks,
    drop_noise_lines,
    find_running_lines,
    hyphenate_glued_abbreviations,
    is_page_number,
    join_split_word,
    normalise_line,
    rejoin_inline_splits,
)
from ingest.models import PageText

VOCAB = Counter(
    {
        "ondersteuning": 12,
        "onderwijs": 20,
        "onderwijsondersteuning": 3,
        "onder": 4,
        "school": 30,
        "en": 200,
        "wijk": 15,
        "komen": 6,
        "de": 400,
        "komende": 9,
        "komen de": 0,
        "sociaal-emotioneel": 3,
        "sociaal": 5,
        "samenwerking": 25,
        "samen": 10,
        "werking": 2,
        "mentaliteitsverandering": 1,
        "onder steuning": 6,
        "meteen": 40,
        "werken": 50,
        "jeugdhulp": 40,
        "jeugd": 10,
    }
)


# -- join_split_word -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "left, right, vocab, expected",
    [
        # a hyphen at the line end splits a word
        ("beleids-", "stuk", Counter(), "beleidsstuk"),
        ("Het beleids-", "stuk is klaar.", Counter(), "Het beleidsstuk is klaar."),
        # no hyphen: joined when the corpus knows the whole word
        ("onder", "steuning", VOCAB, "ondersteuning"),
        ("extra onder", "steuning voor leerlingen", VOCAB, "extra ondersteuning voor leerlingen"),
        # two real words that the corpus also writes as one word
        ("onderwijs", "ondersteuning", VOCAB, "onderwijsondersteuning"),
        # ... but not when the corpus does not know the compound
        ("onderwijs", "ondersteuning", Counter({"onderwijs": 5, "ondersteuning": 5}), "onderwijs ondersteuning"),
        # ... nor when the two words side by side are as common as the compound
        (
            "onderwijs",
            "ondersteuning",
            Counter({"onderwijs": 5, "ondersteuning": 5, "onderwijsondersteuning": 2, "onderwijs ondersteuning": 4}),
            "onderwijs ondersteuning",
        ),
        # "enwijk" is no word: two words stay two words
        ("school en", "wijk", VOCAB, "school en wijk"),
        # a hyphen before a conjunction is an elided compound: "jeugd- en onderwijs"
        ("jeugd-", "en onderwijs", VOCAB, "jeugd- en onderwijs"),
        ("zorg-", "of onderwijs", VOCAB, "zorg- of onderwijs"),
        # a web address or a compound with hyphens already keeps the one at the line's end
        ("zie www.steunpunt.nl/passend-", "onderwijs/ouders", VOCAB, "zie www.steunpunt.nl/passend-onderwijs/ouders"),
        ("het programma OKé-op-", "school", VOCAB, "het programma OKé-op-school"),
        ("creatieve, out-", "of-the-box oplossingen", VOCAB, "creatieve, out-of-the-box oplossingen"),
        (
            "https://www.rijksoverheid.nl/documenten/rapporten/2023/06/20/hervormingsagenda-jeugd-",
            "2023-2028",
            VOCAB,
            "https://www.rijksoverheid.nl/documenten/rapporten/2023/06/20/hervormingsagenda-jeugd-2023-2028",
        ),
        ("de jaren 2023-", "2028 tellen", VOCAB, "de jaren 2023- 2028 tellen"),  # no address: as before
        # a capitalised compound keeps its hyphen
        ("PO-", "Raad", VOCAB, "PO-Raad"),
        ("de PO-", "Raad en de VO-raad", VOCAB, "de PO-Raad en de VO-raad"),
        # an abbreviation before the hyphen keeps it too
        ("VO-", "scholen", VOCAB, "VO-scholen"),
        # the corpus writes the hyphenated form: keep the hyphen
        ("sociaal-", "emotioneel", VOCAB, "sociaal-emotioneel"),
        # a short common word after a real word: "komen de" must not become "komende"
        ("komen", "de", VOCAB, "komen de"),
        ("zij komen", "de school binnen", VOCAB, "zij komen de school binnen"),
        # a capital after a plain word end starts a new word
        ("in de gemeente", "Utrecht", VOCAB, "in de gemeente Utrecht"),
        # numbers and punctuation
        ("in 2025", "beginnen", VOCAB, "in 2025 beginnen"),
        ("samen.", "werking", VOCAB, "samen. werking"),
        # empty sides and surrounding spaces
        ("", "tekst", VOCAB, "tekst"),
        ("tekst", "", VOCAB, "tekst"),
        ("beleids-   ", "   stuk", Counter(), "beleidsstuk"),
    ],
)
def test_join_split_word(left: str, right: str, vocab: Counter[str], expected: str) -> None:
    assert join_split_word(left, right, vocab) == expected


# -- rejoin_inline_splits ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "line, expected",
    [
        # justified lines keep a wide gap where a hyphen was lost
        ("de mentaliteits   verandering is groot", "de mentaliteitsverandering is groot"),
        # with a wide gap both halves may be words of their own
        ("goede samen  werking", "goede samenwerking"),
        # a wide gap between two words that form no known word only collapses
        ("school   en wijk", "school en wijk"),
        ("de  school", "de school"),
        # across a single space only a word far more common whole than split is rejoined
        ("goede samen werking.", "goede samenwerking."),
        ("(samen werking)", "(samenwerking)"),
        ("onder steuning", "onder steuning"),  # whole 12, pair 6: not twice the pair's count plus one
        # function words never join, whatever they spell together
        ("onderwijs en ondersteuning", "onderwijs en ondersteuning"),
        ("zij komen de school binnen", "zij komen de school binnen"),
        ("met een werk en", "met een werk en"),
        # a word in capitals keeps its own case: no "JEUGDhulp"
        ("JEUGD hulp", "JEUGD hulp"),
        # a capital starts a new word; a hyphen or a digit is no split
        ("samen Werking", "samen Werking"),
        ("samen-werking samen werking2", "samen-werking samen werking2"),
        # numbers are never glued to words
        ("in  2025  samen", "in 2025 samen"),
    ],
)
def test_rejoin_inline_splits(line: str, expected: str) -> None:
    assert rejoin_inline_splits(line, VOCAB) == expected


# -- is_page_number ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "line, expected",
    [
        ("7", True),
        ("  7  ", True),
        ("- 7 -", True),
        ("-7-", True),
        ("pagina 3 van 10", True),
        ("Pagina 3", True),
        ("12/40", True),
        ("p. 4", True),
        ("123", True),
        ("2025", False),  # a year, not a page
        ("1000", False),
        ("12%", False),
        ("3.", False),
        ("Hoofdstuk 3", False),
        ("7 jongeren", False),
        ("", False),
    ],
)
def test_is_page_number(line: str, expected: bool) -> None:
    assert is_page_number(line) is expected


# -- normalise_line ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "line, expected",
    [
        ("\ufb01nanciering", "financiering"),  # ligature fi
        ("e\ufb00ect", "effect"),
        ("onder\u00adsteuning", "ondersteuning"),  # soft hyphen
        ("co\u00f6rdinatie", "co\u00f6rdinatie"),
        ("coo\u0308rdinatie", "co\u00f6rdinatie"),  # decomposed diaeresis becomes NFC
        ("school\twijk", "school wijk"),
        ("school\u00a0wijk", "school wijk"),  # no-break space
        ("tekst   ", "tekst"),
        ("  ingesprongen", "  ingesprongen"),
    ],
)
def test_normalise_line(line: str, expected: str) -> None:
    assert normalise_line(line) == expected


# -- running lines and noise ---------------------------------------------------------------------------
HEADER = "Samen om het kind – Op school, thuis en in de wijk"


def _page(i: int, header: str | None = HEADER, footer: str | None = None) -> list[str]:
    lines = [header] if header else []
    lines += [f"Dit is regel {n} van de tekst op pagina {i}." for n in range(1, 9)]
    if footer:
        lines.append(footer)
    return lines


def test_running_header_found_on_many_pages() -> None:
    pages = [_page(i) for i in range(1, 6)]
    assert find_running_lines(pages) == {" ".join(HEADER.lower().split())}


def test_running_footer_found_case_and_space_insensitive() -> None:
    pages = [
        _page(i, header=None, footer="Gemeente  Haarlemmermeer" if i % 2 else "gemeente haarlemmermeer")
        for i in range(1, 6)
    ]
    assert find_running_lines(pages) == {"gemeente haarlemmermeer"}


def test_running_lines_need_three_pages() -> None:
    assert find_running_lines([_page(1), _page(2)]) == set()


def test_a_line_on_few_pages_is_no_running_line() -> None:
    pages = [_page(i, header=HEADER if i <= 3 else "Titel van hoofdstuk " + str(i)) for i in range(1, 11)]
    assert find_running_lines(pages) == set()  # 3 of 10 pages: below the 40 % share


def test_a_repeated_line_in_the_middle_of_pages_is_no_running_line() -> None:
    pages = []
    for i in range(1, 6):
        lines = _page(i, header=None)
        lines.insert(4, "Doen wat werkt")
        pages.append(lines)
    assert "doen wat werkt" not in find_running_lines(pages)


def test_years_are_never_running_lines() -> None:
    pages = [["2025", *_page(i, header=None)] for i in range(1, 6)]
    assert find_running_lines(pages) == set()


def test_drop_noise_lines() -> None:
    lines = ["3", "Samen om het kind", "Tekst met 12 leerlingen.", "12", "...", "• ", "Laatste regel.", "- 4 -"]
    kept = drop_noise_lines(lines, {"samen om het kind"})
    assert kept == ["Tekst met 12 leerlingen.", "12", "• ", "Laatste regel."]


# -- build_vocabulary ----------------------------------------------------------------------------------
def test_vocabulary_counts_words_and_within_line_bigrams() -> None:
    vocab = build_vocabulary(["De school en het wijkteam\nonderwijs", "ondersteuning in de wijk"])
    assert vocab["de"] == 2 and vocab["school"] == 1
    assert vocab["de school"] == 1 and vocab["het wijkteam"] == 1
    assert vocab["wijkteam onderwijs"] == 0  # bigrams stop at line ends
    assert vocab["onderwijs ondersteuning"] == 0  # and at text ends


def test_vocabulary_is_lower_case_and_skips_numbers() -> None:
    vocab = build_vocabulary(["PO-Raad 2025 Samenwerking"])
    assert vocab["samenwerking"] == 1 and vocab["po"] == 1 and vocab["raad"] == 1
    assert "2025" not in vocab


# -- clean_pages ---------------------------------------------------------------------------------------
def clean(*texts: str, numbered: bool = True) -> tuple[str, tuple]:
    pages = [PageText(t, i, i) if numbered else PageText(t) for i, t in enumerate(texts, start=1)]
    return clean_pages(pages, build_vocabulary(texts))


def paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


def test_paragraph_lines_are_joined_and_split_words_rejoined() -> None:
    text, _ = clean(
        "De school en het wijkteam maken afspraken over de\n"
        "ondersteuning van leerlingen en hun ouders. Het beleids-\n"
        "stuk beschrijft de aanpak.\n"
        "\n"
        "Een tweede alinea begint hier.\n"
    )
    assert paragraphs(text) == [
        "De school en het wijkteam maken afspraken over de ondersteuning van leerlingen en hun ouders. "
        "Het beleidsstuk beschrijft de aanpak.",
        "Een tweede alinea begint hier.",
    ]


def test_bullets_become_list_items() -> None:
    text, _ = clean(
        "Wat werkt:\n"
        "\uf0b7 een vaste contactpersoon\n"
        "\uf0b7 korte lijnen met de school die\n"
        "doorlopen op de volgende regel\n"
        "- gezamenlijke scholing\n"
        "● ouders aan tafel\n"
        "\n"
        "Daarna volgt gewone tekst.\n"
    )
    assert (
        "Wat werkt:\n\n• een vaste contactpersoon\n• korte lijnen met de school die doorlopen op de volgende regel\n"
        in text
    )
    assert "• gezamenlijke scholing\n• ouders aan tafel\n\nDaarna volgt gewone tekst." in text
    assert "\uf0b7" not in text and "●" not in text


def test_numbered_items_stay_on_their_own_lines() -> None:
    text, _ = clean(
        "De pilot kende drie pijlers:\n1. Samenwerking school en adviseur\n2. Samenwerking tussen scholen\n3. Voorkomen van thuiszitters\n"
    )
    assert "1. Samenwerking school en adviseur\n2. Samenwerking tussen scholen\n3. Voorkomen van thuiszitters" in text


def test_short_title_line_stays_apart_from_the_paragraph() -> None:
    text, _ = clean(
        "Samenwerking in de wijk\nDe school en het wijkteam maken samen afspraken over de aanpak van\nde ondersteuning van leerlingen.\n"
    )
    assert paragraphs(text)[0] == "Samenwerking in de wijk"


def test_short_last_line_with_full_stop_ends_the_paragraph() -> None:
    """A paragraph's last line is short and ends a sentence; the next line starts with a capital
    and is not indented by a blank line (common in PDF text layers): a new paragraph starts."""
    text, _ = clean(
        "Dit is een lange regel van een alinea die tot aan de rand van de kolom loopt en\n"
        "hier eindigt.\n"
        "Een nieuwe alinea zonder lege regel ervoor begint hier en loopt tot de rand\n"
        "van de kolom.\n"
    )
    assert paragraphs(text) == [
        "Dit is een lange regel van een alinea die tot aan de rand van de kolom loopt en hier eindigt.",
        "Een nieuwe alinea zonder lege regel ervoor begint hier en loopt tot de rand van de kolom.",
    ]


def test_double_spaced_text_is_joined_into_paragraphs() -> None:
    text, _ = clean(
        "Wijkgericht werken\n\n"
        "De school en het wijkteam maken samen\n\n"
        "afspraken over de ondersteuning van\n\n"
        "leerlingen en hun ouders.\n\n\n\n"
        "Een tweede alinea begint met een hoofdletter\n\n"
        "en loopt over twee regels.\n"
    )
    assert paragraphs(text) == [
        "Wijkgericht werken",
        "De school en het wijkteam maken samen afspraken over de ondersteuning van leerlingen en hun ouders.",
        "Een tweede alinea begint met een hoofdletter en loopt over twee regels.",
    ]


def test_single_spaced_blank_line_separates_paragraphs() -> None:
    text, _ = clean(
        "De school en het wijkteam maken samen afspraken over de\n"
        "ondersteuning van leerlingen. Dat gebeurt elke maand in\n"
        "een overleg op school met alle partners erbij.\n"
        "\n"
        "Een tweede alinea begint hier en loopt verder door over de\n"
        "regel tot aan het einde van de alinea, waar een punt staat.\n"
    )
    assert paragraphs(text) == [
        "De school en het wijkteam maken samen afspraken over de ondersteuning van leerlingen. "
        "Dat gebeurt elke maand in een overleg op school met alle partners erbij.",
        "Een tweede alinea begint hier en loopt verder door over de regel tot aan het einde van de alinea, waar een punt staat.",
    ]


def test_a_double_spaced_box_in_single_spaced_text_keeps_its_sentences_whole() -> None:
    """A box whose lines each stand on their own (an empty line after every line) in a text that
    is not double-spaced: a line that runs to the column's edge inside a sentence goes on below
    the empty line, also with a name ("… publiceerde het | Nederlands Jeugdinstituut een
    handreiking"); a short line or a contents line ending in its page number does not."""
    running = "".join(f"Regel {i} van de lopende tekst in de kolom gaat hier verder en verder\n" for i in range(12))
    text, _ = clean(
        running + "\n"
        "In het kader van de invoering passend onderwijs en de transitie van de zorg publiceerde het\n"
        "\n"
        "Nederlands Jeugdinstituut een handreiking voor gemeenten en samenwerkingsverbanden.\n"
        "\n"
        "1. Parallelle bewegingen: passend onderwijs en de Jeugdwet in de wijk en op school 7\n"
        "\n"
        "Betrokkenen aan het woord: voorzitter PO-Raad over de ontwikkelingen in het veld 11\n"
        "\n"
        "Kort en zonder punt\n"
        "\n"
        "Nieuwe alinea met een hoofdletter die verder gaat tot aan de rand van de kolom hier.\n"
    )
    assert paragraphs(text)[1:] == [
        "In het kader van de invoering passend onderwijs en de transitie van de zorg publiceerde het "
        "Nederlands Jeugdinstituut een handreiking voor gemeenten en samenwerkingsverbanden.",
        "1. Parallelle bewegingen: passend onderwijs en de Jeugdwet in de wijk en op school 7",
        "Betrokkenen aan het woord: voorzitter PO-Raad over de ontwikkelingen in het veld 11",
        "Kort en zonder punt",
        "Nieuwe alinea met een hoofdletter die verder gaat tot aan de rand van de kolom hier.",
    ]


def test_a_double_spaced_sentence_goes_on_after_a_function_word_but_not_into_a_title() -> None:
    """A line of a double-spaced box that ends on "en", "de" or "van" ends no sentence, however
    short its line: the sentence goes on below the empty line, also with a name. A title there is
    the next box's, where the column broke off."""
    running = "".join(
        f"Regel {i} van de lopende tekst in de kolom gaat hier verder en verder en klaar.\n" for i in range(12)
    )
    text, _ = clean(
        running + "\n"
        "Het NJi deed een verkenning in Finland, Denemarken en\n"
        "\n"
        "Engeland. Beide rapporten zijn beschikbaar.\n"
        "\n"
        "Op vrijwel elke school in Denemarken is een plek voor de\n"
        "\n"
        "Lessen uit het buitenland\n"
        "\n"
        "Nederland is niet het enige land.\n"
    )
    assert paragraphs(text)[1:] == [
        "Het NJi deed een verkenning in Finland, Denemarken en Engeland. Beide rapporten zijn beschikbaar.",
        "Op vrijwel elke school in Denemarken is een plek voor de",
        "Lessen uit het buitenland",
        "Nederland is niet het enige land.",
    ]


@pytest.mark.parametrize(
    "lines, expected",
    [
        # a byline or title block without any full stop, then the text as a new (indented) flow
        (
            [
                "Blog van Marjolein Oudhof, orthopedagoog en adviseur bij het Nederlands",
                "Jeugdinstituut",
                " We hebben het druk, maar we denken ook vaak dat we niet in de positie zijn.",
            ],
            [
                "Blog van Marjolein Oudhof, orthopedagoog en adviseur bij het Nederlands Jeugdinstituut",
                "We hebben het druk, maar we denken ook vaak dat we niet in de positie zijn.",
            ],
        ),
        # a sentence that goes on in a new flow after a function word: one paragraph
        (
            ["In de wijk werken de school en de jeugdhulp samen met het", " Nederlands Jeugdinstituut aan een plan."],
            ["In de wijk werken de school en de jeugdhulp samen met het Nederlands Jeugdinstituut aan een plan."],
        ),
        # a block that already holds a full stop is running text: its new flow goes on as before
        (
            [
                "De school werkt samen. Ook de gemeente en de jeugdhulp werken met",
                "de wijkteams en",
                " Buurtteams Amsterdam aan een plan.",
            ],
            [
                "De school werkt samen. Ook de gemeente en de jeugdhulp werken met de wijkteams en Buurtteams Amsterdam "
                "aan een plan."
            ],
        ),
    ],
)
def test_a_new_flow_below_a_block_without_a_full_stop_opens_a_paragraph(lines: list[str], expected: list[str]) -> None:
    text, _ = clean("\n".join(lines) + "\n")
    assert paragraphs(text) == expected


def test_an_interview_answer_after_its_question_is_a_paragraph_of_its_own() -> None:
    """The question ends where the column is narrow; the answer opens with its speaker's name."""
    text, _ = clean(
        "Wat betekent meer samenwerking voor\n"
        "de interne organisatie van de gemeente?\n"
        "Manon Moonen: “De interne ontschotting\n"
        "lukt ons steeds beter. We hebben teams.”\n"
        "Sjoerd van den Berg: “Bij ons op school is\n"
        "de functie veranderd.”\n"
    )
    assert paragraphs(text) == [
        "Wat betekent meer samenwerking voor de interne organisatie van de gemeente?",
        "Manon Moonen: “De interne ontschotting lukt ons steeds beter. We hebben teams.”",
        "Sjoerd van den Berg: “Bij ons op school is de functie veranderd.”",
    ]


def test_running_header_and_page_numbers_are_removed() -> None:
    pages = [
        f"{HEADER}\nDit is de tekst van pagina {i}. Het gaat over de school.\nMeer over het wijkteam op pagina {i}.\n{i}"
        for i in range(1, 5)
    ]
    text, _ = clean(*pages)
    assert "Samen om het kind" not in text
    assert all(not line.strip().isdigit() for line in text.split("\n"))
    for i in range(1, 5):
        assert f"Dit is de tekst van pagina {i}." in text


def test_no_blank_runs_no_trailing_spaces() -> None:
    text, _ = clean("Een regel.   \n\n\n\n\nNog een regel.\t\n", "Derde regel op een nieuwe pagina.")
    assert "\n\n\n" not in text
    assert all(line == line.rstrip() for line in text.split("\n"))


def test_page_spans_map_offsets_to_pages() -> None:
    p1 = "Eerste alinea op pagina drie.\n\nEen alinea die over de pagina\n"
    p2 = "heen loopt en op pagina vier eindigt.\n\nTweede alinea op pagina vier.\n"
    p3 = "Alinea op pagina vijf.\n"
    text, spans = clean_pages(
        [PageText(p1, 3, 3), PageText(p2, 4, 4), PageText(p3, 5, 5)], build_vocabulary([p1, p2, p3])
    )
    assert spans[0].start == 0 and spans[-1].end == len(text)
    assert all(a.end == b.start for a, b in zip(spans, spans[1:], strict=False))

    def page_of(needle: str) -> tuple[int | None, int | None]:
        offset = text.index(needle)
        span = next(s for s in spans if s.start <= offset < s.end)
        return span.page_lo, span.page_hi

    assert page_of("Eerste alinea") == (3, 3)
    assert page_of("over de pagina") == (3, 3)
    assert page_of("heen loopt") == (4, 4)  # the same paragraph continues on the next page
    assert page_of("Tweede alinea") == (4, 4)
    assert page_of("Alinea op pagina vijf") == (5, 5)
    assert "Een alinea die over de pagina heen loopt en op pagina vier eindigt." in text


def test_page_ranges_are_carried_into_spans() -> None:
    text, spans = clean_pages(
        [PageText("Tekst op een onbekende pagina.\n", 8, 11), PageText("Vervolg op pagina twaalf.\n", 12, 12)],
        Counter(),
    )
    assert [(s.page_lo, s.page_hi) for s in spans] == [(8, 11), (12, 12)]
    unknown_text, unknown = clean_pages([PageText("Tekst zonder paginanummer.\n")], Counter())
    assert [(s.page_lo, s.page_hi) for s in unknown] == [(None, None)]
    assert unknown[0].start == 0 and unknown[0].end == len(unknown_text)


def test_empty_pages_give_empty_text() -> None:
    text, spans = clean_pages([PageText("   \n\n", 1, 1)], Counter())
    assert text == ""
    assert all(s.start == s.end == 0 for s in spans)


@pytest.mark.parametrize(
    "line, expected",
    [
        ("de vruchten plukken.1 Deze transformatie", "de vruchten plukken. Deze transformatie"),
        ("advies Beter met minder.2", "advies Beter met minder."),
        ("de hervatting hiervan.”7", "de hervatting hiervan.”"),
        ("leerlingen.8 “Citaat”", "leerlingen. “Citaat”"),
        # not footnotes: an article, a figure, a level, a version, a name with a number
        ("Art.12 Jeugdwet", "Art.12 Jeugdwet"),
        ("volgens artikel.12 van de wet", "volgens artikel.12 van de wet"),
        ("de leerlingen in groep 8.", "de leerlingen in groep 8."),
        ("praktijkonderwijs en mbo1, voortijdige", "praktijkonderwijs en mbo1, voortijdige"),
        ("versie 2.0 is klaar", "versie 2.0 is klaar"),
        ("Bertino, 17 jaar oud.19 Hij", "Bertino, 17 jaar oud.19 Hij"),  # three letters mid-line: left alone
        ("Bertino, 17 jaar oud.19", "Bertino, 17 jaar oud."),  # ... at the line's end it is a note
        ("te kunnen bieden”.12", "te kunnen bieden”."),
        ("met de jeugdhulp en de ggz.14", "met de jeugdhulp en de ggz."),
        ("zie p.12", "zie p.12"),
    ],
)
def test_drop_footnote_marks(line: str, expected: str) -> None:
    assert drop_footnote_marks(line) == expected


GLUE_VOCAB = {
    "cjg": 3,
    "vo": 5,
    "po": 4,
    "saw": 2,
    "ij": 3,
    "zat": 1,
    "medewerker": 2,
    "raad": 4,
    "team": 6,
    "generalist": 1,
    "gezinswerker": 1,
    "burg": 1,
    "landschap": 0,
    "opgeleide": 1,
}


@pytest.mark.parametrize(
    "line, expected",
    [
        ("jeugd en gezinsgeneralist, CJGmedewerker, ", "jeugd en gezinsgeneralist, CJG-medewerker, "),
        ("de PORaad, VORaad en MBO Raad", "de PO-Raad, VO-Raad en MBO Raad"),  # the word takes the last capital
        ("Het SAWteam en de SAWgeneralist", "Het SAW-team en de SAW-generalist"),
        ("het mboteam, de mbogezinswerker, hboopgeleide", "het mbo-team, de mbo-gezinswerker, hbo-opgeleide"),
        ("op IJburg", "op IJburg"),  # IJ is a Dutch letter, no abbreviation
        ("het ZATlandschap", "het ZATlandschap"),  # the abbreviation alone once only, the word unknown
        ("het CJG en de CJGer", "het CJG en de CJGer"),  # "er" is no word of three letters
        ("de mbostudent", "de mbostudent"),  # a word the corpus does not know: left as it is
        ("CJG-medewerker en mbo-team", "CJG-medewerker en mbo-team"),  # already hyphenated
    ],
)
def test_a_glued_abbreviation_gets_its_hyphen_back(line: str, expected: str) -> None:
    assert hyphenate_glued_abbreviations(line, GLUE_VOCAB) == expected
