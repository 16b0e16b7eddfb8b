"""Marked answer sentences in HTML (search/highlight.py): the document's text is escaped before
any markup is added, spans are clipped and merged, and a marked sentence's year is shown after
it when the passage does not show that year's line."""

from __future__ import annotations

import pytest

from search.highlight import highlight, normalise_spans, opening_label, year_notes


@pytest.mark.parametrize(
    ("spans", "length", "expected"),
    [
        ([(5, 9), (0, 3)], 20, [(0, 3), (5, 9)]),  # sorted
        ([(0, 5), (3, 8), (8, 10)], 20, [(0, 10)]),  # overlapping and touching merged
        ([(-4, 3), (15, 30)], 20, [(0, 3), (15, 20)]),  # clipped to the text
        ([(4, 4), (9, 2), (25, 30)], 20, []),  # empty, reversed and outside dropped
    ],
)
def test_normalise_spans(spans: list[tuple[int, int]], length: int, expected: list[tuple[int, int]]) -> None:
    assert normalise_spans(spans, length) == expected


@pytest.mark.parametrize(
    ("text", "spans", "notes", "expected"),
    [
        ("Een zin. Nog een.", [(9, 17)], None, "Een zin. <mark>Nog een.</mark>"),
        # the document's own markup is text, in and outside a mark
        ("<b>a</b> & <i>b</i>", [(11, 19)], None, "&lt;b&gt;a&lt;/b&gt; &amp; <mark>&lt;i&gt;b&lt;/i&gt;</mark>"),
        # a note goes after its sentence's mark, escaped too
        (
            "• 40% van de leerlingen.",
            [(2, 24)],
            {2: " [2024]"},
            '• <mark>40% van de leerlingen.</mark><span class="jaar-label"> [2024]</span>',
        ),
        ("ab", [(0, 1)], {0: "<x>"}, '<mark>a</mark><span class="jaar-label">&lt;x&gt;</span>b'),
        # a note for a sentence merged into a neighbour's mark still follows the mark
        ("aa bb", [(0, 2), (1, 5)], {1: " [2025]"}, '<mark>aa bb</mark><span class="jaar-label"> [2025]</span>'),
    ],
)
def test_highlight(text: str, spans: list[tuple[int, int]], notes: dict[int, str] | None, expected: str) -> None:
    assert str(highlight(text, spans, notes)) == expected


SLIDES = "2024\n• Gemiddeld aantal SLB-aanmeldingen is 9% per school.\n\n2025\n• Het niveau is minimaal 2,2."


@pytest.mark.parametrize(
    ("text", "spans", "years", "expected"),
    [
        # the passage shows both year lines: no note
        (SLIDES, [(7, 56), (65, 93)], [2024, 2025], {}),
        # the 2024 line lay in the passage before: the 2024 goal gets its year, 2025 does not
        (SLIDES[5:], [(2, 51), (60, 88)], [2024, 2025], {2: " [2024]"}),
        # no year, or fewer years than sentences: nothing to add
        ("Een zin zonder jaar.", [(0, 20)], [None], {}),
        ("Een zin.", [(0, 8)], [], {}),
    ],
)
def test_year_notes(text: str, spans: list[tuple[int, int]], years: list[int | None], expected: dict[int, str]) -> None:
    assert year_notes(text, spans, years) == expected


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        # four 2024 goals open the passage, its first year line is 2025: they get their year
        (SLIDES[5:], 2024, "[2024]"),
        ("Wijkarrangementen worden gemonitord.\n\n2025\n• Iets.", 2024, "[2024]"),
        # a slide's title and side label before the next year's line say nothing under 2024
        ("#lln met\n\nSLB begeleiding op school doelen per kalenderjaar\n\n2026\n• Iets.", 2025, ""),
        # the passage opens with a year's line itself, or opens under no year
        (SLIDES, 2023, ""),
        ("• Een doel.", None, ""),
    ],
)
def test_opening_label(text: str, year: int | None, expected: str) -> None:
    assert opening_label(text, year) == expected


def test_year_notes_leave_the_opening_year_to_the_passages_label() -> None:
    """A passage labelled "[2024]" does not repeat the year after each marked 2024 goal; a 2024
    sentence after another year's line still gets it (it cannot be one in a slide deck, but
    nothing then says the year)."""
    text = SLIDES[5:]
    assert year_notes(text, [(2, 51), (60, 88)], [2024, 2025], opening=2024) == {}
    assert year_notes(text, [(2, 51), (60, 88)], [2024, 2024], opening=2024) == {60: " [2024]"}
