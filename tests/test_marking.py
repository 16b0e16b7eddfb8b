"""Which sentences of a passage are marked: the pure choice, table-driven (the scoring itself
is exercised on real passages in test_search.py)."""

from __future__ import annotations

import pytest

from search.marking import (
    MOST_YEARS,
    SECOND_MARGIN,
    agreeing_goal,
    choose_marked,
    series_topic,
    under_headings,
    without_repeats,
)

# (score, sentence index), best first; sentence 0 is a year-less opening, 1-2 stand under 2024, 3-4 under 2025
SCORED = [(0.90, 2), (0.89, 3), (0.88, 1), (0.70, 4), (0.60, 0)]
UNDER = [None, 2024, 2024, 2025, 2025]


@pytest.mark.parametrize(
    ("scored", "under", "limit", "every_year", "expected"),
    [
        (SCORED, UNDER, 2, False, [2, 3]),  # the best two, best first
        ([(0.90, 2), (0.90 - SECOND_MARGIN - 0.01, 3)], UNDER, 2, False, [2]),  # the second too far behind
        (SCORED, UNDER, 1, False, [2]),
        (SCORED, UNDER, 2, True, [2, 3]),  # every year: the best under 2024, then under 2025
        ([(0.9, 1), (0.89, 2), (0.7, 0)], [None, 2023, 2023], 2, True, [1, 2]),  # one year only: the usual two
        ([(0.9, 1), (0.89, 0)], [None, None], 2, True, [1, 0]),  # no years: the usual two
        ([], [], 2, True, []),
    ],
)
def test_choose_marked(scored, under, limit, every_year, expected):
    assert choose_marked(scored, under, limit, every_year) == expected


def test_every_year_marks_at_most_the_best_years():
    years = list(range(2020, 2020 + MOST_YEARS + 3))
    scored = [(1.0 - i / 100, i) for i in range(len(years))]  # sentence i stands under years[i]
    chosen = choose_marked(scored, years, 2, True)
    assert chosen == list(range(MOST_YEARS))  # the best MOST_YEARS years, best first


# The thuiszitters slides: one goal per year, "0 thuiszitters" set under 2024-2027 (sentences 1, 3,
# 5, 7) and the best under 2024, 2026 and 2027, while 2025's own goal (4) scores a little higher.
GOALS = ["gevolgd", "nul", "afname", "nul", "afname-mevis", "nul", "integraal", "nul"]
GOAL_UNDER = [2023, 2024, 2024, 2025, 2025, 2026, 2026, 2027]
GOAL_SCORED = [(0.95, 4), (0.94, 1), (0.93, 5), (0.92, 7), (0.91, 3), (0.90, 0), (0.80, 2), (0.70, 6)]


@pytest.mark.parametrize(
    ("picked", "templates", "expected"),
    [
        ([4, 1, 5, 7, 0], GOALS, [3, 1, 5, 7, 0]),  # 2025 gets the goal the other years agree on
        ([1, 0], GOALS, [1, 0]),  # no goal is the best under two years: unchanged
        # two goals tie for most years: no agreement, unchanged
        ([1, 3], ["a", "a", "x", "b", "x", "x", "x", "x"], [1, 3]),
        ([4, 1, 5], ["x", "nul", "x", "x", "x", "nul", "x", "x"], [4, 1, 5]),  # 2025 sets no "nul": its best stays
    ],
)
def test_agreeing_goal(picked, templates, expected):
    assert agreeing_goal(picked, GOAL_SCORED, GOAL_UNDER, templates) == expected


def test_every_year_marks_the_agreed_goal_under_each_year_that_sets_it():
    assert choose_marked(GOAL_SCORED, GOAL_UNDER, 2, True, GOALS) == [3, 1, 5, 7, 0]
    assert choose_marked(GOAL_SCORED, GOAL_UNDER, 2, True) == [4, 1, 5, 7, 0]  # without templates: each year's best


CJG = "Uiteindelijk is het CJG een belang rijkere partner voor de scholen dan een coach die ze eenopeen inhuren."
CJG_QUOTE = "Het CJG is een belangrijkere partner voor scholen dan een coach die ze een-op-een inhuren"
GOAL_2024 = "40% van de leerlingen wordt opgevangen op de eerste school."
GOAL_2025 = "60% van de leerlingen wordt opgevangen op de eerste school."


ZERO = "0 thuiszitters met als oorzaak geen goede onderwijsplek."


@pytest.mark.parametrize(
    ("picked", "texts", "under", "every_year", "expected"),
    [
        ([0, 1], [CJG, CJG_QUOTE], [None, None], False, [0]),  # a pull quote repeating the sentence beside it
        ([1, 0], [CJG, CJG_QUOTE], [None, None], False, [1]),  # the better one stays, whichever it is
        ([0, 1], [CJG, GOAL_2024], [None, None], False, [0, 1]),  # two different sentences
        ([0, 1], [GOAL_2024, GOAL_2025], [2024, 2025], False, [0, 1]),  # a goal per year, its target changed
        ([0, 1], [GOAL_2024, GOAL_2025], [2024, 2024], False, [0]),  # the same goal twice under one year
        ([0, 1], [ZERO, ZERO], [2024, 2025], False, [0]),  # unchanged under two years: said twice
        ([0, 1], [ZERO, ZERO], [2024, 2025], True, [0, 1]),  # ... unless asked for every year
        ([], [], [], False, []),
    ],
)
def test_without_repeats(picked, texts, under, every_year, expected):
    assert without_repeats(picked, texts, under, every_year) == expected


@pytest.mark.parametrize(
    ("weights", "held", "expected"),
    [
        (
            {"doel": 1.0, "thuiszitter": 3.0, "per": 1.5, "jaar": 1.6},
            {"doel", "thuiszitter", "per", "jaar"},
            "thuiszitter",
        ),
        # "percentage" is rarer, but asks for a figure; the HB slides say "70% van alle scholen"
        (
            {"percentag": 4.1, "school": 0.2, "ondersteuningsniveau": 3.9, "3": 2.5},
            {"percentag", "school", "ondersteuningsniveau", "3"},
            "ondersteuningsniveau",
        ),
        ({"thuiszitter": 3.0, "mevis": 5.0}, {"thuiszitter"}, "thuiszitter"),  # a stem no passage holds is no topic
        ({"per": 1.5, "jaar": 1.6, "2025": 3.0}, {"per", "jaar", "2025"}, None),  # only when and figures
        ({}, set(), None),
    ],
)
def test_series_topic(weights, held, expected):
    assert series_topic(weights, frozenset(held)) == expected


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        (("1.3 Duurzame samenwerking met ketenpartners",), {"knelpunt": 4.0, "samenwerk": 0.5, "ketenpartner": 1.5}),
        ((), {"knelpunt": 4.0, "samenwerk": 1.0, "ketenpartner": 3.0}),
        (("Doelen en resultaten", "Samenwerking"), {"knelpunt": 4.0, "samenwerk": 0.5, "ketenpartner": 3.0}),
    ],
)
def test_under_headings(section, expected):
    """A question word the passage's headings hold counts half in its sentences."""
    weights = {"knelpunt": 4.0, "samenwerk": 1.0, "ketenpartner": 3.0}
    assert under_headings(weights, section) == pytest.approx(expected)
