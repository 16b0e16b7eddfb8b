"""Which sentences of a passage are marked: the pure choice, table-driven (the scoring itself
is exercised on real passages in test_search.py)."""

from __future__ import annotations

import pytest

from search.marking import MOST_YEARS, SECOND_MARGIN, choose_marked

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
