"""'Kern van het antwoord': which marked sentences of the top passages are shown, in which order."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from ingest.models import Chunk, DocumentMeta, Sentence
from search.answer import (
    KERN_MARGIN,
    KeySentence,
    close_to_the_best,
    hit_sentences,
    holds_word,
    key_sentences,
    keyword_question,
    topic_word,
)
from search.markable import (
    can_answer,
    in_reference_note,
    is_byline,
    is_heading_line,
    is_imprint,
    is_link_list,
    is_question,
    is_title_line,
    list_end,
    marked_bounds,
)
from search.marking import stem_weights, weighted_overlap
from search.models import Explanation, Hit
from search.years import (
    asks_every_year,
    asks_when,
    best_per_year,
    goal_template,
    one_goal_per_year,
    query_years,
    sentence_years,
    shows_year_line,
    year_fit,
)


def _hit(rank: int, sentences: list[str], marked: list[int], best: int | None = None, kind: str = "tekst") -> Hit:
    """A passage at document offset 100 made of `sentences`; `marked` are the answer sentences."""
    text = " ".join(sentences)
    spans, pos = [], 100
    for s in sentences:
        spans.append(Sentence(pos, pos + len(s)))
        pos += len(s) + 1
    chunk = Chunk(f"c{rank}", f"doc{rank}", 0, text, 100, 100 + len(text), 1, 1, (), kind, tuple(spans))
    explanation = None
    if best is not None:
        explanation = Explanation(ranks={}, scores={}, best_sentence=sentences[best], matched_terms=())
    return Hit(
        chunk=chunk,
        meta=DocumentMeta(id=f"doc{rank}", title="t"),
        score=1.0 / rank,
        rank=rank,
        lexical_rank=None,
        dense_rank=None,
        answer_sentences=tuple(spans[i] for i in marked),
        explanation=explanation,
    )


A = "De school en het wijkteam overleggen elke maand over zorgleerlingen."
B = "Ouders zitten aan tafel bij elk gesprek over hun kind."
C = "Het samenwerkingsverband bekostigt de inzet van de schoolmaatschappelijk werker."
D = "Een vast aanspreekpunt in de wijk maakt de lijnen kort."
SEVEN = [
    A,
    B,
    C,
    D,
    "Leraren volgen samen met jeugdhulpverleners een training.",
    "De leerplichtambtenaar belt na drie dagen verzuim.",
    "Elk jaar meten we hoeveel thuiszitters er zijn.",
]


@pytest.mark.parametrize(
    ("sentences", "marked", "best", "expected"),
    [
        ([A, B], [0, 1], None, [A, B]),  # document order when no best sentence is named
        ([A, B], [0, 1], 1, [B, A]),  # the best sentence first
        (["Samenvatting.", A], [0, 1], None, [A]),  # fewer than five words: a heading, no answer
        (["• " + B, C], [0], None, [B]),  # a list item's bullet is not part of the sentence
        (["2. " + D], [0], None, [D]),  # nor is its number
        (
            ["60% van de meldingen is preventief volgens de helpdesk."],
            [0],
            None,
            ["60% van de meldingen is preventief volgens de helpdesk."],
        ),
        (
            [A, "  De   lijnen\nzijn kort   en de partners kennen elkaar."],
            [1],
            None,
            ["De lijnen zijn kort en de partners kennen elkaar."],
        ),
    ],
)
def test_hit_sentences(sentences: list[str], marked: list[int], best: int | None, expected: list[str]) -> None:
    assert hit_sentences(_hit(1, sentences, marked, best)) == expected


@pytest.mark.parametrize(
    ("hits", "expected"),
    [
        ([], []),
        # one best sentence per passage, in rank order, each with its passage's rank as reference
        ([_hit(1, [A, B], [0, 1], 0), _hit(2, [C], [0], 0)], [(A, 1), (B, 1), (C, 2)]),
        # a near-copy (the factsheet's point in an NJi box) is shown once, from the better passage
        (
            [_hit(1, [A], [0], 0), _hit(2, [A.replace("elke maand", "iedere maand")], [0], 0), _hit(3, [C], [0], 0)],
            [(A, 1), (C, 3)],
        ),
        # a reading list answers nothing
        ([_hit(1, [A], [0], 0, kind="literatuur"), _hit(2, [C], [0], 0)], [(C, 2)]),
        # passages beyond the fifth are not used
        (
            [_hit(r, [s], [0], 0) for r, s in enumerate(SEVEN, start=1)],
            [(s, r) for r, s in enumerate(SEVEN[:5], start=1)],
        ),
    ],
)
def test_key_sentences(hits: list[Hit], expected: list[tuple[str, int]]) -> None:
    assert [(k.text, k.reference) for k in key_sentences(hits)] == expected


def test_second_sentences_only_fill_up_to_the_minimum() -> None:
    """Each passage's best sentence comes first; further ones only until three are shown."""
    hits = [
        _hit(1, [A, B, D], [0, 1, 2], 0),
        _hit(2, [C, "Zo weten alle partners wat er van hen verwacht wordt."], [0, 1], 0),
    ]
    shown = [(k.text, k.reference) for k in key_sentences(hits, most=5, least=3)]
    assert shown == [(A, 1), (B, 1), (C, 2)]


@pytest.mark.parametrize(
    "sentence, section, expected",
    [
        ("doelen thuiszitters per kalenderjaar", ("doelen thuiszitters per kalenderjaar",), True),
        # the first slide of a run has a label in front of its title
        ("Passend thuisnabij onderwijs doelen TLV’s per kalenderjaar", ("doelen TLV’s per kalenderjaar",), True),
        # a numbered heading's title without its number (the sentencizer split it off)
        (
            "Jaarplan 2025-2026 volgend uit Ondersteuningsplan 2025-2029",
            ("4. Jaarplan 2025-2026 volgend uit Ondersteuningsplan 2025-2029",),
            True,
        ),
        ("Schoolcoach", ("4. Aansluiting met het wijkteam", "Schoolcoach"), True),
        # a sentence that ends in a full stop is an answer, whatever words it shares
        ("Wij werken met doelen thuiszitters per kalenderjaar.", ("doelen thuiszitters per kalenderjaar",), False),
        (
            "• 0 thuiszitters met als oorzaak geen goede onderwijsplek.",
            ("doelen thuiszitters per kalenderjaar",),
            False,
        ),
        ("1. Doorgaande gezonde ontwikkeling van de jeugd", ("Wijkindeling",), False),
        ("doelen thuiszitters per kalenderjaar", (), False),
    ],
)
def test_is_title_line(sentence: str, section: tuple[str, ...], expected: bool) -> None:
    assert is_title_line(sentence, section) is expected


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Welk percentage moet in 2025 uitstromen?", {2025}),
        ("doelen 2024 en 2026", {2024, 2026}),
        ("Hoeveel thuiszitters zijn er?", set()),
        ("ondersteuningsplan 2025-2029", {2025, 2026, 2027, 2028, 2029}),  # a range names the years between
        ("doelen 2023 – 2025", {2023, 2024, 2025}),
        ("doelen 2024 t/m 2026", {2024, 2025, 2026}),
        ("van 2024 tot en met 2025", {2024, 2025}),
        ("van 2024 tot 2026", {2024, 2025, 2026}),
        ("2027-2025", {2025, 2027}),  # backwards: the two years only
        ("1990-2025", {1990, 2025}),  # longer than MAX_YEAR_RANGE: the two years only
        ("12345 leerlingen, 205 scholen", set()),
    ],
)
def test_query_years(query: str, expected: set[int]) -> None:
    assert query_years(query) == expected


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Wat zijn de doelen voor thuiszitters per jaar?", True),
        ("doelen TLV per kalenderjaar", True),
        ("Wat moet er elk jaar bereikt zijn?", True),
        ("welke resultaten ieder schooljaar", True),
        ("jaarlijkse streefcijfers hoogbegaafde leerlingen", True),
        ("Welke jaren noemt het plan?", True),
        ("groei jaar op jaar", True),
        ("Wat is het doel voor thuiszitters in 2025?", False),  # one year: the usual marking
        ("Hoeveel jaar duurde de pilot?", False),
        ("jaarverslag van het samenwerkingsverband", False),
        ("ouders per school", False),
        ("Hoe vaak per jaar overleggen school en wijkteam?", False),  # a frequency, not each year's figure
        ("hoe dikwijls jaarlijks", False),
        ("jaarlijksheid", False),
        ("Hoeveel leerlingen per jaar krijgen een TLV?", True),  # a figure per year
    ],
)
def test_asks_every_year(query: str, expected: bool) -> None:
    assert asks_every_year(query) is expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Wanneer moet op papier staan hoe de wijken hun aanpak doorlichten?", True),
        ("In welk jaar moeten de wijken elkaar zelf weten te vinden?", True),
        ("welke jaren noemt het plan", True),
        ("Hoe lang duurt een traject in de Familieklas?", True),
        ("Welk percentage leerlingen woont in de wijk?", False),
        ("Hoeveel kinderen dreigden uit huis geplaatst te worden?", False),
        ("welke jeugdhulppartner", False),
    ],
)
def test_asks_when(query: str, expected: bool) -> None:
    assert asks_when(query) is expected


@pytest.mark.parametrize(
    "scored, under, expected",
    [
        # best first; sentence 0 is the year line's heading, under no year
        ([(0.9, 2), (0.85, 1), (0.8, 4), (0.7, 3), (0.6, 0)], [None, 2024, 2024, 2025, 2025], [2, 4]),
        ([(0.9, 1), (0.8, 0)], [2023, 2023], [1]),  # one year: its best sentence only
        ([(0.9, 0), (0.8, 1)], [None, None], []),  # no years at all
        ([(0.5, 3), (0.9, 0), (0.7, 1), (0.6, 2)], [2027, 2026, 2025, 2024], [3, 0, 1, 2]),  # order of `scored`
    ],
)
def test_best_per_year(scored, under, expected) -> None:
    assert best_per_year(scored, under) == expected


def test_sentence_years_follow_the_year_lines_above_them() -> None:
    texts = [
        "doelen TLV’s per kalenderjaar",
        "2025",
        "• 60% van de leerlingen wordt opgevangen binnen de wijk.",
        "doelen TLV’s per kalenderjaar",
        "2026",
        "• 65% van de leerlingen wordt opgevangen binnen de wijk.",
        "2026 (vervolg)",
        "• Plannen worden uitgevoerd.",
    ]
    assert sentence_years(texts) == [None, 2025, 2025, 2025, 2026, 2026, 2026, 2026]
    # a passage that opens under the year line of the passage before it
    assert sentence_years(texts[5:], start=2026) == [2026, 2026, 2026]
    assert sentence_years(texts[2:5], start=2025) == [2025, 2025, 2026]


def test_key_sentences_carry_the_year_their_sentence_stands_under() -> None:
    hit = replace(_hit(1, [A, B, C], [0, 2], best=2), answer_years=(2025, 2026))
    keys = key_sentences([hit])
    assert [(k.text, k.year) for k in keys] == [(C, 2026), (A, 2025)]
    assert [k.year for k in key_sentences([_hit(1, [A, B], [0])])] == [None]
    # a slide repeats a sentence per year: the year goes with the place marked first, not the words
    same = replace(_hit(1, [A, B, A], [0, 2]), answer_years=(2025, 2026))
    assert [(k.text, k.year) for k in key_sentences([same])] == [(A, 2025)]


def test_key_sentences_keep_a_goal_per_year_when_its_figure_changes() -> None:
    """The SWV slides repeat a goal per year with its target changed: for "Poortwachter" the
    2023-2025 figures were dropped as near-duplicates of 2027's. A sentence repeated word for word
    (figures too) under another year is still one."""
    y23 = "Percentage doorverwijzingen naar de poortwachter vanuit de SLB is 40%."
    y24 = "Percentage doorverwijzingen naar de poortwachter vanuit de SLB is 45%."
    first = replace(_hit(1, [y24, B], [0, 1]), answer_years=(2024, None))
    second = replace(_hit(2, [y23, C], [0, 1]), answer_years=(2023, None))
    assert [(k.text, k.year) for k in key_sentences([first, second])] == [(y24, 2024), (B, None), (y23, 2023)]
    # without years (a factsheet point the NJi box repeats with another figure) it is one
    plain = [_hit(1, [y24, B], [0, 1]), _hit(2, [y23, C], [0, 1])]
    assert [k.text for k in key_sentences(plain)] == [y24, B, C]


def _with_terms(hit: Hit, matched: tuple[str, ...] = (), related: tuple[str, ...] = (), expanded=()) -> Hit:
    sentences = [hit.chunk.sentence_text(s) for s in hit.chunk.sentences]
    explanation = Explanation(
        ranks={},
        scores={},
        best_sentence=sentences[0],
        matched_terms=matched,
        related_terms=related,
        expanded_terms=expanded,
    )
    return replace(hit, explanation=explanation)


def test_key_sentences_for_keywords_come_from_passages_holding_them() -> None:
    """For a question of a few keywords a passage without any of them (e5 finds the Haarlemmermeer
    note's "Werkvorm: ..." close to nearly anything) gives no answer sentence; a word inside a
    compound or one the thesaurus says stands for it counts; the glossary's long expansions do not."""
    holds = _with_terms(_hit(1, [A], [0]), matched=("wijkteam",))
    stranger = _with_terms(_hit(2, [B], [0]), expanded=("school", "werk"))
    related = _with_terms(_hit(3, [C], [0]), related=("cijfers",))
    hits = [holds, stranger, related]
    assert [k.reference for k in key_sentences(hits, words_needed=True)] == [1, 3]
    assert [k.reference for k in key_sentences(hits)] == [1, 2, 3]  # a question in one's own words
    assert [k.reference for k in key_sentences([_hit(1, [A], [0])], words_needed=True)] == [1]  # nothing to go by
    # a year is no keyword: every slide of 2024 holds "2024" ("leerplicht 2024")
    year_only = _with_terms(_hit(4, [D], [0]), matched=("2024",))
    assert [k.reference for k in key_sentences([holds, year_only], words_needed=True)] == [1]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Poortwachter", True),
        ("wat is een ZAT", True),
        ("ouders betrekken bij school", True),
        ("hoe voorkom je dat kinderen thuis komen te zitten?", False),
        ("welke doelen heeft het SWV voor thuiszitters", True),  # short questions count as keywords
        ("hoe werken school en wijkteam samen bij thuiszitters", False),
        ("wat is het", False),  # stopwords only: nothing to go by
        ("leerplicht 2024", True),
        ("2024", False),  # a year alone: no keyword to ask the passages for
    ],
)
def test_keyword_question(query: str, expected: bool) -> None:
    assert keyword_question(query) is expected


def test_key_sentences_for_a_year_leave_other_years_out() -> None:
    hit = replace(_hit(1, [A, B, C], [0, 1, 2]), answer_years=(2024, None, 2023))
    assert [(k.text, k.year) for k in key_sentences([hit], years=frozenset({2023}))] == [(B, None), (C, 2023)]
    assert key_sentences([hit], years=frozenset({2030})) == [KeySentence(B, 1, "c1", "doc1", None)]
    assert len(key_sentences([hit])) == 3


@pytest.mark.parametrize(
    ("matched", "expected"),
    [
        # the first passage's word the fewest passages hold: what the question is about
        ([("doelen", "SWV", "thuiszitters"), ("doelen", "SWV"), ("doelen", "SWV"), ("thuiszitters",)], "thuiszitters"),
        ([("doelen", "leesonderwijs"), ("doelen", "leesonderwijs"), ("doelen",)], "leesonderwijs"),
        ([("doelen",), ("doelen",)], "doelen"),  # all hold it: it is still the topic, and filters nothing
        ([("2026", "doelen"), ("doelen",), ("doelen",)], "doelen"),  # a year is no topic
        # a word asking for a figure is none while another is left ("percentage" of the SLB slide)
        ([("percentage", "scholen"), ("scholen",), ("scholen",)], "scholen"),
        ([(), ("thuiszitters",)], None),  # the first passage holds no question word: nothing to go by
        ([], None),
    ],
)
def test_topic_word(matched: list[tuple[str, ...]], expected: str | None) -> None:
    hits = [_with_terms(_hit(i, [A], [0]), matched=m) for i, m in enumerate(matched, start=1)]
    assert topic_word(hits) == expected


@pytest.mark.parametrize(
    ("matched", "expanded", "stand_ins", "expected"),
    [
        # "hoogbegaafde leerlingen": no passage holds the user's word; the thesaurus searched for
        # "hb-leerlingen", and the HB slides' "hb" is rarer than the TLV slide's "leerlingen"
        ([("doelen", "leerlingen"), ("doelen", "leerlingen")], [(), ("hb", "leerlingen")], ["hb-leerlingen"], "hb"),
        # a word searched for that no passage holds is no topic
        ([("doelen", "leerlingen"), ("doelen",)], [(), ()], ["hb-leerlingen"], "leerlingen"),
        # without stand-ins, glossary expansions held count for rarity, never as topic candidates
        ([("tlv", "doelen"), ("doelen",), ("doelen",)], [("toelaatbaarheidsverklaring",), (), ()], [], "tlv"),
        # "per jaar" says when, not what
        ([("doelen", "jaar"), ("doelen",), ("doelen",)], [(), (), ()], [], "doelen"),
    ],
)
def test_topic_word_with_words_searched_for(
    matched: list[tuple[str, ...]], expanded: list[tuple[str, ...]], stand_ins: list[str], expected: str
) -> None:
    hits = [
        _with_terms(_hit(i, [A], [0]), matched=m, expanded=e)
        for i, (m, e) in enumerate(zip(matched, expanded, strict=True), start=1)
    ]
    assert topic_word(hits, stand_ins) == expected


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("Gemiddeld aantal SLB-aanmeldingen is 9% per school.", "slb", True),
        ("Gemiddeld aantal SLB-aanmeldingen is 9% per school.", "aanmeldingen", True),
        ("Beperkingen rondom privacywetgeving (AVG).", "privacy", True),  # a compound's part
        ("Tijdig signaleren en begeleiden van relatieve onderpresteerders.", "onderpresteerders", True),
        ("In- en uitstroomgegevens van HB-leerlingen op het VO.", "onderpresteerders", False),
        ("doelen TLV’s per kalenderjaar", "tlv's", True),
        ("Een zin.", "de", False),  # a stopword has no stem: nothing to hold
    ],
)
def test_holds_word(text: str, word: str, expected: bool) -> None:
    assert holds_word(text, word) is expected


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (
            "• Gemiddeld aantal SLB-aanmeldingen is 11% per school.",
            "Gemiddeld aantal SLB-aanmeldingen is 9% per school.",
            True,
        ),
        ("Het interventieniveau is minimaal 2,2.", "Het interventieniveau is minimaal 2,6.", True),
        (
            "Vaak woont 80 tot 90 procent van de leerlingen in de wijk.",
            "Vaak woont 70 tot 80 procent van de leerlingen in de wijk.",
            True,
        ),
        # a number that names a goal stays: levels 2 and 3 are two goals
        (
            "Aanmeldingen op interventieniveau 2 is maximaal 55%.",
            "Aanmeldingen op interventieniveau 3 is maximaal 55%.",
            False,
        ),
        ("0 thuiszitters met als oorzaak geen goede onderwijsplek.", "Afname van thuiszitters.", False),
    ],
)
def test_goal_template(a: str, b: str, same: bool) -> None:
    assert (goal_template(a) == goal_template(b)) is same


def test_one_goal_per_year_follows_the_goal_marked_under_most_years() -> None:
    """ "streefcijfers SLB-aanmeldingen per jaar": the first slide marked an interventieniveau goal
    for 2024, and Kern read as one series with the SLB count for the other years."""
    count = "Gemiddeld aantal SLB-aanmeldingen is {}% per school."
    level = "Percentage aanmeldingen voor een SLB-traject op interventieniveau 2 is maximaal 55%."
    h1, h2, h3 = (_hit(i, [A], [0]) for i in (1, 2, 3))
    dated = [
        (h1, level, 2024),
        (h1, count.format(9), 2025),
        (h2, count.format(8), 2026),
        (h3, count.format(11), 2023),
        (h3, count.format(10), 2024),
        (h3, "Structurele samenwerking met de vakgroep SLB.", 2023),
    ]
    picked = one_goal_per_year(dated, lambda hit, text: True)
    assert [(y, t) for _, t, y in picked] == [
        (2023, count.format(11)),
        (2024, count.format(10)),
        (2025, count.format(9)),
        (2026, count.format(8)),
    ]
    # a year the series misses gets its first sentence on the topic, or nothing
    onder = "Tijdig signaleren van relatieve onderpresteerders."
    hb = "In- en uitstroomgegevens van HB-leerlingen zijn inzichtelijk."
    mixed = [
        (h1, hb, 2024),
        (h1, onder, 2026),
        (h2, "Afspraken over relatieve onderpresteerders.", 2025),
        (h2, hb, 2027),
    ]
    on_topic = lambda hit, text: holds_word(text, "onderpresteerders")  # noqa: E731
    assert [y for _, _, y in one_goal_per_year(mixed, on_topic)] == [2025, 2026]
    # two years alike are no series: each year its first sentence
    short = [(h1, level, 2024), (h1, count.format(9), 2025), (h2, count.format(8), 2026)]
    assert [t for _, t, _ in one_goal_per_year(short, lambda hit, text: True)] == [
        level,
        count.format(9),
        count.format(8),
    ]
    # no sentence on the topic: the topic is no guide
    assert len(one_goal_per_year(mixed, lambda hit, text: False)) == 4


def test_one_goal_per_year_takes_the_series_holding_the_question_from_every_passage_found() -> None:
    """ "percentage scholen op ondersteuningsniveau 3 per jaar": three SLB slides came first and
    marked "interventieniveau 3 is minimaal N%" for five years; the goal asked about, on the HB
    slides below them, holds the question's words. Its 2024 figure lay in the sixth passage."""
    slb = "Percentage aanmeldingen voor een SLB-traject op interventieniveau 3 is minimaal {}%."
    hb = "{}% van alle scholen zit op ondersteuningsniveau 3."
    first, second, low = (_hit(i, [A], [0]) for i in (1, 2, 6))
    dated = [(first, slb.format(20 + 5 * k), 2023 + k) for k in range(5)]
    pool = [*dated, (second, hb.format(70), 2023), (second, hb.format(80), 2025), (second, hb.format(100), 2027)]
    pool.append((low, hb.format(75), 2024))
    asked = ["percentage", "scholen", "ondersteuningsniveau"]

    def fit(hit: Hit, text: str) -> tuple[int, int]:
        return sum(1 for w in asked if holds_word(text, w)), 0

    on_percentage = lambda hit, text: holds_word(text, "percentage")  # noqa: E731  the first passage's word
    picked = one_goal_per_year(dated, on_percentage, pool, fit)
    assert [(y, t) for _, t, y in picked] == [
        (2023, hb.format(70)),
        (2024, hb.format(75)),
        (2025, hb.format(80)),
        (2027, hb.format(100)),
    ]
    assert picked[1][0] is low  # a year the first passages miss, from any passage found
    # without that sixth passage (k=5), 2024 is not filled with the SLB slides' other series: it
    # read "70% … 30% … 80%" as one goal
    on_scholen = lambda hit, text: True  # noqa: E731  every sentence on the topic
    without_low = one_goal_per_year(dated, on_scholen, pool[:-1], fit)
    assert [(y, t) for _, t, y in without_low] == [(2023, hb.format(70)), (2025, hb.format(80)), (2027, hb.format(100))]
    # a series off the topic that holds one question word only is no answer ("0 thuiszitters" for
    # "relatieve onderpresteerders per jaar", through its section's "per kalenderjaar")
    thuis = [(first, "0 thuiszitters met als oorzaak geen goede onderwijsplek.", 2024 + k) for k in range(4)]

    def one_word(hit: Hit, text: str) -> tuple[int, int]:
        return 0, 1

    onder = [(second, "Tijdig signaleren van relatieve onderpresteerders.", 2026)]
    on_onder = lambda hit, text: holds_word(text, "onderpresteerders")  # noqa: E731
    assert [t for _, t, _ in one_goal_per_year(onder, on_onder, [*thuis, *onder], one_word)] == [onder[0][1]]


def test_key_sentences_for_figures_come_from_passages_on_the_topic() -> None:
    """ "welke doelen heeft het SWV voor 2026 voor thuiszitters?" quoted the 2026 goals for TLV's
    and for the funds beside the one for thuiszitters: every goal slide says "doelen" and "SWV"."""
    thuis = "0 thuiszitters met als oorzaak geen goede onderwijsplek in het jaar."
    tlv = "65% van de leerlingen met een extra ondersteuningsbehoefte wordt opgevangen."
    first = replace(_with_terms(_hit(1, [thuis], [0]), matched=("doelen", "SWV", "thuiszitters")), answer_years=(2026,))
    other = replace(_with_terms(_hit(2, [tlv], [0]), matched=("doelen", "SWV")), answer_years=(2026,))
    assert [k.reference for k in key_sentences([first, other], years=frozenset({2026}))] == [1]
    assert [k.reference for k in key_sentences([first, other], every_year=True)] == [1]
    # no year asked: the TLV goal, which holds no word of the question, is no answer either
    assert [k.reference for k in key_sentences([first, other])] == [1]


def test_key_sentences_for_no_year_take_a_slides_goal_only_when_it_holds_the_question() -> None:
    """ "Hoeveel kinderen dreigden in het Deense Gladsaxe uit huis geplaatst te worden?" had "0
    thuiszitters met als oorzaak geen goede onderwijsplek." in "Kern": a goal under its year that
    holds no word of the question. One that holds one stays, as does any sentence under no year,
    and a question asking when takes the goals as they come."""
    goal = "0 thuiszitters met als oorzaak geen goede onderwijsplek."
    story = replace(_with_terms(_hit(1, [A], [0]), matched=("kinderen", "gladsaxe")), answer_years=(None,))
    slide = replace(_with_terms(_hit(2, [goal], [0]), matched=("kinderen",)), answer_years=(2025,))
    plain = _with_terms(_hit(3, [B], [0]), matched=("kinderen",))
    assert [k.reference for k in key_sentences([story, slide, plain])] == [1, 3]
    assert [k.reference for k in key_sentences([story, slide, plain], asks_when=True)] == [1, 2, 3]
    holds = replace(_with_terms(_hit(2, [goal], [0]), matched=("thuiszitters",)), answer_years=(2025,))
    asked_about = replace(story, explanation=replace(story.explanation, matched_terms=("thuiszitters", "gladsaxe")))
    assert [k.reference for k in key_sentences([asked_about, holds, plain])] == [1, 2, 3]


def test_key_sentences_for_every_year_give_a_passages_whole_series_in_year_order() -> None:
    """ "streefcijfers TLV's per jaar": the slide marking all five years gave its 2023 goal only,
    and a goal repeated unchanged ("0 thuiszitters" in 2026 and 2027) is the answer for each year."""
    goals = [
        "Thuiszitters worden gevolgd en geanalyseerd waarom ze thuis zitten.",
        "0 thuiszitters met als oorzaak geen goede onderwijsplek.",
        "Afname van thuiszitters die aangewezen zijn op jeugdhulp.",
        "0 thuiszitters met als oorzaak geen goede onderwijsplek.",
    ]
    series = replace(_hit(1, goals, [0, 1, 2, 3], best=2), answer_years=(2023, 2024, 2025, 2026))
    second = _hit(2, [B, C], [0, 1], best=0)
    keys = key_sentences([series, second], every_year=True)
    assert [(k.year, k.reference) for k in keys] == [(2023, 1), (2024, 1), (2025, 1), (2026, 1), (None, 2)]
    assert [k.text for k in keys][:4] == goals
    # without every_year: the best sentence per passage first, repeats of a figure once
    assert [(k.year, k.reference) for k in key_sentences([series, second])] == [(2025, 1), (2023, 1), (None, 2)]
    assert len(key_sentences([series, second], every_year=True, most=3)) == 3


@pytest.mark.parametrize(
    "sentence, under, asked, expected",
    [
        ("• 65% van de leerlingen", 2026, frozenset({2026}), 1),
        ("• 60% van de leerlingen", 2025, frozenset({2026}), -1),
        ("In 2026 is 65% bereikt.", None, frozenset({2026}), 1),  # names the year itself
        ("Een zin zonder jaar.", None, frozenset({2026}), 0),
        ("• 60% van de leerlingen", 2025, frozenset(), 0),  # the question names no year
    ],
)
def test_year_fit(sentence: str, under: int | None, asked: frozenset[int], expected: int) -> None:
    assert year_fit(sentence, under, asked) == expected


@pytest.mark.parametrize(
    "stems, frequencies, passages, expected",
    [
        (["avg"], {"avg": 4}, 600, {"avg": math.log(601 / 4.5)}),
        (
            ["school", "avg"],
            {"school": 400, "avg": 4},
            600,
            {"school": math.log(601 / 400.5), "avg": math.log(601 / 4.5)},
        ),
        (["onbekend"], {}, 600, {"onbekend": 0.0}),  # in no passage: no sentence can share it
        (["avg", "avg"], {"avg": 4}, 600, {"avg": math.log(601 / 4.5)}),  # a repeated stem counts once
        ([], {"avg": 4}, 600, {}),
    ],
)
def test_stem_weights(stems, frequencies, passages, expected) -> None:
    assert stem_weights(stems, frequencies, passages) == pytest.approx(expected)


def test_a_rare_stem_weighs_more_than_a_common_one() -> None:
    w = stem_weights(["school", "adviseur", "avg"], {"school": 400, "adviseur": 60, "avg": 4}, 600)
    assert w["avg"] > w["adviseur"] > w["school"] > 0


def test_a_stem_no_passage_holds_does_not_shrink_the_share_of_the_others() -> None:
    frequencies = {"school": 400, "avg": 4}
    with_typo = stem_weights(["school", "avg", "cijfer"], frequencies, 600)
    without = stem_weights(["school", "avg"], frequencies, 600)
    assert weighted_overlap(with_typo, {"avg"}) == pytest.approx(weighted_overlap(without, {"avg"}))


def test_a_stem_no_passage_holds_weighs_by_how_many_passages_say_it_otherwise() -> None:
    frequencies = {"school": 400, "avg": 4}
    # "suggestie" is in no passage; the thesaurus offers it for the words of 10 passages
    w = stem_weights(["school", "suggestie", "typfout"], frequencies, 600, said_otherwise={"suggestie": 10})
    assert w["suggestie"] == pytest.approx(stem_weights(["x"], {"x": 10}, 600)["x"])
    assert w["typfout"] == 0.0
    # a stem the passages hold keeps its own frequency, whatever the thesaurus offers
    assert w["school"] == stem_weights(["school"], frequencies, 600, said_otherwise={"school": 1})["school"]
    assert w["school"] == stem_weights(["school"], frequencies, 600)["school"]


@pytest.mark.parametrize(
    "weights, sentence, expected",
    [
        ({"avg": 3.0, "school": 1.0}, {"avg", "privacy"}, 0.75),
        ({"avg": 3.0, "school": 1.0}, {"school", "adviseur"}, 0.25),
        ({"avg": 3.0, "school": 1.0}, {"avg", "school"}, 1.0),
        ({"avg": 3.0, "school": 1.0}, set(), 0.0),
        ({}, {"avg"}, 0.0),  # a question without content words shares nothing
        ({"avg": 0.0}, {"avg"}, 0.0),
    ],
)
def test_weighted_overlap(weights, sentence, expected) -> None:
    assert weighted_overlap(weights, sentence) == pytest.approx(expected)


@pytest.mark.parametrize(
    "sentence, related, related_weight, expected",
    [
        ({"school"}, {"avg"}, 0.5, 0.25 + 0.5 * 0.75),  # "avg" said in other words counts half
        ({"school"}, {"avg"}, 0.0, 0.25),  # weight 0: only the stems held
        ({"avg", "school"}, {"avg"}, 0.5, 1.0),  # a stem held counts once, not again as related
        (set(), {"avg", "school"}, 0.5, 0.5),
        ({"school"}, {"privacy"}, 0.5, 0.25),  # a related stem the question lacks adds nothing
    ],
)
def test_weighted_overlap_with_words_said_otherwise(sentence, related, related_weight, expected) -> None:
    weights = {"avg": 3.0, "school": 1.0}
    assert weighted_overlap(weights, sentence, related, related_weight) == pytest.approx(expected)


RECOMMENDATIONS = (
    "Pijler Aanbevelingen\n\n1. Samenwerking school & adviseur\n"
    "• Houd regelmatig korte, vaste overlegmomenten om vertrouwen te versterken.\n"
    "Samenwerken in de wijk\nVeel scholen werken samen met het wijkteam\nZeker in het mbo hebben veel scholen een uitgebreide interne ondersteuningsstructuur\n"
    "Wijkgericht werken: doelen op kind-, school- en wijkniveau\nVerder lezen:\n"
    "De pilot werd uitgewerkt langs vier pijlers:\n"
    "doelen thuiszitters per kalenderjaar\n2025\n• 60% van de leerlingen wordt opgevangen\n"
    "Ouders zijn een belangrijke partner. Ouders op het mbo\n"
    "Voorzieningen in Engeland, Denemarken,\n"
)


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Samenwerking school & adviseur", True),  # after its list number "1."
        ("Samenwerken in de wijk", True),  # a line of its own, no full stop
        ("doelen thuiszitters per kalenderjaar", True),
        ("• Houd regelmatig korte, vaste overlegmomenten om vertrouwen te versterken.", False),  # list item
        ("• 60% van de leerlingen wordt opgevangen", False),  # a figure on a slide answers number questions
        ("Zeker in het mbo hebben veel scholen een uitgebreide interne ondersteuningsstructuur", False),  # 11 words
        # The trade-off of ten words: a sentence of 7-10 words alone on its line without a full stop
        # is taken for a title too (in the seed corpus all 34 such lines are titles or labels).
        ("Veel scholen werken samen met het wijkteam", True),
        ("Wijkgericht werken: doelen op kind-, school- en wijkniveau", True),  # a slide's title, 8 words
        ("Verder lezen:", True),  # a label
        ("De pilot werd uitgewerkt langs vier pijlers:", False),  # a lead-in sentence: it may answer
        ("Ouders zijn een belangrijke partner.", False),  # full stop
        ("Ouders op het mbo", False),  # shares its line with a sentence before it
        ("Voorzieningen in Engeland, Denemarken,", False),  # a sentence cut by the layout
    ],
)
def test_is_heading_line(sentence: str, expected: bool) -> None:
    start = RECOMMENDATIONS.index(sentence)
    assert is_heading_line(RECOMMENDATIONS, start, start + len(sentence)) is expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Wat levert die nabijheid van de jeugdhulp op?", True),
        ("»Hoe pak je dat aan?«", True),
        ("“Wat werkt er dan wel?”", True),
        ("Zij vroeg zich af wat werkt.", False),
        ("Wat werkt: korte lijnen", False),
    ],
)
def test_is_question(sentence: str, expected: bool) -> None:
    assert is_question(sentence) is expected


INTERVIEW = (
    "Jeugdhulp op school\nWat levert die nabijheid van de jeugdhulp op? Elke school had al een "
    "schoolmaatschappelijk werker. Zo. Nu zijn de lijnen kort en zien we kinderen eerder.\n"
    "Samenwerken in de wijk\n• Houd korte overleggen.\n"
)


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Jeugdhulp op school", False),  # the passage's own heading
        ("Wat levert die nabijheid van de jeugdhulp op?", False),  # a question
        ("Elke school had al een schoolmaatschappelijk werker.", True),
        ("Zo.", False),  # a fragment
        ("Nu zijn de lijnen kort en zien we kinderen eerder.", True),
        ("Samenwerken in de wijk", False),  # a sub-heading line
        ("• Houd korte overleggen.", True),
    ],
)
def test_can_answer(sentence: str, expected: bool) -> None:
    start = INTERVIEW.index(sentence)
    assert can_answer(INTERVIEW, start, start + len(sentence), ("Jeugdhulp op school",)) is expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Utrecht: Nederlands Jeugdinstituut, 2015.", True),
        ("Den Haag: OCW, 2014.", True),
        ("Nijmegen: Kenniscentrum Beroepsonderwijs Arbeidsmarkt, 2015.", True),
        ("In 2015: de Jeugdwet trad in werking, 2015.", False),  # starts with a word, not a place
        ("Doel: 60% van de leerlingen wordt in de regio opgevangen in 2025.", False),
        ("Op 1 januari 2015 zijn gemeenten verantwoordelijk geworden voor de jeugdhulp.", False),
        ("Doel: alle leerlingen binnen zes weken een plek, 2026", False),  # a goal, not a publisher
        ("Resultaat: minder thuiszitters dan in het jaar ervoor, 2025.", False),
    ],
)
def test_is_imprint(sentence: str, expected: bool) -> None:
    assert is_imprint(sentence) is expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "https://www.rijksoverheid.nl/documenten/rapporten/2023/06/20/hervormingsagenda-jeugd- 2023-2028 "
            "https://www.nji.nl/verbinding-onderwijs-en-jeugdhulp/school-en-wijk https://www.gelijke- "
            "kansen.nl/brugfunctionaris https://geenkinddebuurtuit.nl/ (voorbeeld uit Amsterdam west)",
            True,
        ),
        ("www.nji.nl www.ncj.nl en www.jeugdhulp.nl", True),
        ("19 Bron: website Altra (www.altra.nl/onderwijs/scholen/altrawerkt/).", True),
        ("Bron: Onderwijsraad, 2014.", True),
        ("Zie: www.augeo.nl voor het cursusaanbod.", True),
        # footnotes citing a publication: number, authors or organisation, comma, title
        ("10 Erik Keppels et al., Evaluatie aanpak jeugdteam mbo.", True),
        ("4 Onderwijsraad, Samen voor een ononderbroken schoolloopbaan.", True),
        ("6 Diana Prins, Daan Wienke & Karen van Rooijen, Ouderbetrokkenheid in het onderwijs.", True),
        ("16 Ministerie van Onderwijs, Cultuur en Wetenschap (OCW), Kamerbrief Extra kansen.", True),
        ("5 Frank Hoogeboom et.", True),  # cut off by the sentence split after "et."
        # a PDF's footnotes as ingest sets them apart (ingest/pdf_notes.py)
        ("Voetnoot 4: Onderwijsraad, Samen voor een ononderbroken schoolloopbaan.", True),
        ("Voetnoot 19: Bron: website Altra (www.altra.nl/onderwijs/).", True),
        ("Voetnoot 1: Blijvende bron van zorg, Sociaal en Cultureel Planbureau (2020)", True),
        ("Voetnoot 5: Eenzaamheid in de schaduw van de Coronapandemie, Gremmen M.H., VNG (2023)", True),
        (
            "Voetnoot 8: Corona en de gevolgen voor mantelzorg en mantelzorgers, Bakkerode H. Geron tijdschrift (2021)",
            True,
        ),
        ("Voetnoot 3: 6% van de inwoners kan vanwege persoonlijke of gezinssituatie geen burenhulp verlenen.", False),
        ("Voetnoot 7: In 2019 deed 40% van de scholen mee, zoals eerder gemeld (2020).", False),
        # a numbered note that explains, and sentences opening with a figure, are text
        ("1 Met ‘jeugdhulp’ bedoelen we in deze publicatie zowel de jeugdhulp van wijkteams als de rest.", False),
        ("10 procent van de leerlingen gaat naar het speciaal onderwijs.", False),
        ("3 Jeugdhulp en onderwijs werken samen in de wijk.", False),
        ("2023 Thuiszitters worden gevolgd en geanalyseerd.", False),
        ("4 VO-scholen, 12 basisscholen en het mbo doen mee.", False),  # the sentence goes on in lower case
        ("2 SLB, school en wijkteam stemmen de doelen af per kwartaal.", False),
        ("Meer informatie is beschikbaar via de website van Augeo.", False),
        ("Kijk op www.nji.nl voor de handreiking over school en wijk en de praatplaat.", False),
        ("Met de groep plaats je school/kinderopvang, wijk en gemeente in de juiste cirkel.", False),
        ("De bron van het probleem ligt vaak thuis.", False),
        ("", False),
    ],
)
def test_is_link_list(sentence: str, expected: bool) -> None:
    assert is_link_list(sentence) is expected


@pytest.mark.parametrize(
    "text, year, expected",
    [
        ("doelen per kalenderjaar\n2026\n• 65% van de leerlingen", 2026, True),
        ("doelen\n  2026 (vervolg) \n• plannen", 2026, True),
        ("doelen\n2025\n• 60% van de leerlingen", 2026, False),
        ("Sinds 2026 gelden de doelen.", 2026, False),  # a year named in a sentence is no year line
        ("", 2026, False),
    ],
)
def test_shows_year_line(text: str, year: int, expected: bool) -> None:
    assert shows_year_line(text, year) is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Zo nodig bij te sturen. “", "Zo nodig bij te sturen."),  # the next sentence's opening quote
        ("Zo nodig bij te sturen. „", "Zo nodig bij te sturen."),
        ("Zo nodig bij te sturen.", "Zo nodig bij te sturen."),
        ("Hij zei: “Klaar.”", "Hij zei: “Klaar.”"),  # a closing quote stays
        ("Het woord “", "Het woord"),
        ("“", "“"),  # nothing but the quote: left as it is
    ],
)
def test_a_marked_sentence_stops_before_the_next_sentences_opening_quote(text: str, expected: str) -> None:
    start, end = marked_bounds(text)
    assert text[start:end] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("• 40% van de leerlingen wordt opgevangen.", "40% van de leerlingen wordt opgevangen."),
        ("- Korte lijnen met de school.", "Korte lijnen met de school."),
        ("– Een vast aanspreekpunt.", "Een vast aanspreekpunt."),
        ("•  Twee spaties.", "Twee spaties."),
        ("• Actie gezet op perspectief. “", "Actie gezet op perspectief."),  # both ends
        ("•", "•"),  # nothing but the bullet: left as it is
        ("• ", "• "),
        ("-5% minder verzuim.", "-5% minder verzuim."),  # a minus sign, not a bullet
        ("#Thuiszitters 2024", "#Thuiszitters 2024"),
        ("Ouders • school", "Ouders • school"),  # only a bullet that opens the sentence
    ],
)
def test_a_marked_sentence_leaves_out_its_list_bullet(text: str, expected: str) -> None:
    start, end = marked_bounds(text)
    assert text[start:end] == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Annemiek Glasbergen, intern begeleider op een basisschool in Soest, en Sjoerd van den Berg, "
            "zorgcoördinator op een vmbo-school in Alkmaar",
            True,
        ),
        ("Elly Konijn, wethouder onderwijs en jeugdhulp van de gemeente Alkmaar", True),
        # a sentence about someone, with its verb and full stop, may answer
        ("Caroline Höhner, consulent passend onderwijs, legt uit wat haar rol is.", False),
        ("Annemiek Glasbergen: “Het mooiste is als de intern begeleider zichzelf overbodig maakt.", False),
        ("Scholen hebben te maken met logopedisten, ergotherapeuten", False),  # no name first
    ],
)
def test_is_byline(sentence: str, expected: bool) -> None:
    assert is_byline(sentence) is expected


NOTE_PASSAGE = (
    "Voorzieningen in Engeland en Denemarken.\n\n"
    "20 Tijne Berg-le Clercq et al., Preventie ingebed en verbonden. Lessen uit Scandinavië en Engeland. "
    "Utrecht: Nederlands Jeugdinstituut, 2015.\n\n"
    "Twee relevante lessen uit deze landen. Voetnoot 3: 6% van de inwoners. Het is zo.\n\n"
    "Voetnoot 8: Corona en mantelzorg. Een tweede zin."
)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Lessen uit Scandinavië en Engeland.", True),  # a later sentence of a note citing a publication
        ("Utrecht: Nederlands Jeugdinstituut, 2015.", True),
        ("20 Tijne Berg-le Clercq", False),  # the note's first sentence: is_link_list judges it
        ("Voorzieningen in Engeland", False),
        ("Twee relevante lessen", False),
        ("Het is zo.", False),  # a note's number inside a paragraph starts no note
        ("Een tweede zin.", True),  # a note set apart at ingest
    ],
)
def test_in_reference_note(sentence: str, expected: bool) -> None:
    assert in_reference_note(NOTE_PASSAGE, NOTE_PASSAGE.index(sentence)) is expected


def test_key_sentences_for_a_year_take_an_undated_sentence_only_on_the_topic() -> None:
    """ "doelen thuiszitters 2025" quoted "Voor schooljaar 2025–2026 biedt het jaarplan veel kansen …"
    from a passage that names thuiszitters elsewhere: the sentence only names the year. Under a
    heading that names the topic ("Startbijeenkomsten in juni 2025") a sentence may answer."""
    goal = "0 thuiszitters met als oorzaak geen goede onderwijsplek."
    plan = "Voor schooljaar 2025–2026 biedt het jaarplan veel kansen om de lessen te benutten."
    slide = replace(_with_terms(_hit(1, [goal], [0]), matched=("doelen", "thuiszitters")), answer_years=(2025,))
    report = replace(_with_terms(_hit(2, [plan], [0]), matched=("doelen", "thuiszitters")), answer_years=(None,))
    other = replace(_with_terms(_hit(3, [C], [0]), matched=("doelen",)), answer_years=(2025,))  # "doelen" is common
    assert [k.reference for k in key_sentences([slide, report, other], years=frozenset({2025}))] == [1]
    headed = replace(report, chunk=replace(report.chunk, section=("Thuiszitters in 2025",)))
    assert [k.reference for k in key_sentences([slide, headed, other], years=frozenset({2025}))] == [1, 2]


def test_key_sentences_for_a_keyword_naming_a_goal_give_its_years_in_order() -> None:
    """ "Poortwachter": the passages marked its goal for 2027, 2024 and 2023 and Kern listed them in
    that order; a few keywords naming a goal the slides set per year get it per year, in order."""
    goal = "Het percentage direct aangemelde leerlingen bij de Poortwachter is {}%."
    s1 = replace(
        _with_terms(_hit(1, [goal.format(90), goal.format(80)], [0, 1]), matched=("poortwachter",)),
        answer_years=(2027, 2026),
    )
    s2 = replace(_with_terms(_hit(2, [goal.format(60)], [0]), matched=("poortwachter",)), answer_years=(2024,))
    s3 = replace(
        _with_terms(_hit(3, [goal.format(50), B], [0, 1]), matched=("poortwachter",)), answer_years=(2023, None)
    )
    keys = key_sentences([s1, s2, s3], words_needed=True)
    assert [k.year for k in keys] == [2023, 2024, 2026, 2027]
    # a longer question in one's own words keeps the usual order: the best passage's two first
    # (FIRST_PASSAGE_SENTENCES), then the others' best
    assert [k.year for k in key_sentences([s1, s2, s3])] == [2027, 2026, 2024, 2023]


def _scored(hit: Hit, score: float) -> Hit:
    sentences = [hit.chunk.sentence_text(s) for s in hit.chunk.sentences]
    explanation = Explanation(ranks={}, scores={}, best_sentence=sentences[0], matched_terms=(), sentence_score=score)
    return replace(hit, explanation=explanation)


@pytest.mark.parametrize(
    ("scores", "kept"),
    [
        ([1.10, 1.05, 0.90], [1, 2]),  # the third's best sentence is far below the best passage's
        ([1.00, 1.00 - KERN_MARGIN, 0.70], [1, 2]),  # just within the margin
        ([0.95, 1.10, 1.02], [1, 2, 3]),  # measured from the best passage, not the first
        ([0.80, 1.10, 0.95], [1, 2]),  # the first always stays: its heading may hold the words asked
        ([None, 1.0, 0.5], [1, 2]),  # a passage nothing tells about stays
        ([], []),
    ],
)
def test_close_to_the_best(scores, kept) -> None:
    hits = [
        _hit(r, [A], [0]) if score is None else _scored(_hit(r, [A], [0]), score) for r, score in enumerate(scores, 1)
    ]
    assert [h.rank for h in close_to_the_best(hits)] == kept


def test_key_sentences_leave_out_passages_far_below_the_best() -> None:
    """Each of the five best passages gave a line, also one holding nothing on the question ("Meer
    informatie is beschikbaar via de website van ZonMw." for a question on the AVG)."""
    hits = [_scored(_hit(1, [A], [0]), 1.2), _scored(_hit(2, [B], [0]), 1.15), _scored(_hit(3, [C], [0]), 0.9)]
    assert [k.text for k in key_sentences(hits)] == [A, B]


def test_key_sentences_take_the_first_passages_two_best_before_the_others() -> None:
    """The first passage's second mark was left out for the best sentence of four passages below
    it ("mag een jeugdprofessional zelf een beschikking afgeven?": that second mark answered)."""
    hits = [
        _hit(1, [A, B], [0, 1], 0),
        *(_hit(r, [x], [0], 0) for r, x in ((2, C), (3, D), (4, SEVEN[4]), (5, SEVEN[5]))),
    ]
    keys = key_sentences(hits, most=5, least=3)
    assert [(k.text, k.reference) for k in keys][:2] == [(A, 1), (B, 1)]
    assert len(keys) == 5 and [k.reference for k in keys] == [1, 1, 2, 3, 4]


PILLARS = [
    "De pilot werd uitgewerkt langs vier pijlers:",
    "1.",
    "Samenwerking school en adviseur",
    "2.",
    "Samenwerking tussen scholen in de wijk",
    "De eindevaluatie bevestigt en verdiept de bevindingen uit de tussenevaluatie.",
]
BOX = [
    "Werk in samenhang aan een situatie waarin:",
    "onderwijs en opvoeding als gezamenlijke taak worden gezien.",
    "ouders weten wat van hen verwacht wordt.",
    "Een kind wordt niet uit de school gehaald als het niet nodig is, maar professionals worden versterkt.",
]
REASONS = [
    "Dat willen we doen om:",
    "1.",
    "Dichterbij: de ondersteuning dichter bij school, gezin en kind te bieden.",
    "2.",
]


@pytest.mark.parametrize(
    ("texts", "k", "end"),
    [
        (PILLARS, 0, 4),  # numbers and their short items, up to the next sentence of the text
        (BOX, 0, 2),  # items in lower case; a sentence with a capital and a full stop ends the list
        (REASONS, 0, 3),  # after a number its item, whatever its shape (and a trailing number)
        (["Beoogde cultuur vanuit kernwaarden:", "Vertrouwen, Vakmanschap, Verbinden en Versterken"], 0, 1),
        (["Manon Moonen zegt het zo:", "We doen het samen met de ouders en de school, elke week opnieuw."], 0, 0),
        (PILLARS, 5, 5),  # no colon: the sentence alone
        (["Een lijst:"], 0, 0),  # nothing follows
        (["Een lijst:", *[f"punt {i}" for i in range(12)]], 0, 8),  # at most eight items
    ],
)
def test_list_end(texts, k, end) -> None:
    assert list_end(texts, k) == end


def test_key_sentences_for_a_year_keep_the_goals_on_the_topic() -> None:
    """Under the year asked, a goal off the topic is left out while one on it is there: the SLB
    slide (first, holding "leesonderwijs" in another year) gave its 2024 SLB targets."""
    slb = "Gemiddeld aantal SLB-aanmeldingen is 10% per school."
    lees = "Het gemiddelde interventieniveau waarop het leesonderwijs wordt aangeboden is minimaal 2,0."
    first = _with_terms(
        replace(
            _hit(1, [slb, "Meten van leesonderwijs in 2023 gebeurt jaarlijks."], [0, 1]), answer_years=(2024, 2023)
        ),
        matched=("leesonderwijs",),
    )
    third = _with_terms(replace(_hit(3, [lees], [0]), answer_years=(2024,)), matched=("leesonderwijs",))
    keys = key_sentences([first, third], years=frozenset({2024}))
    assert [k.text for k in keys] == [lees]
    # no goal under the year is on the topic: the others stay (the nearest answer there is)
    only_slb = key_sentences([first], years=frozenset({2024}))
    assert [k.text for k in only_slb] == [slb]
