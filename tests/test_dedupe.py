"""Near-duplicate folding: a passage repeating a higher-ranked one is folded into it."""

from __future__ import annotations

import pytest

from search.dedupe import collapse_near_duplicates, containment, shingles

POINT = "Scholen en wijkteams maken samen afspraken over de inzet van jeugdhulp op school en in de wijk."
BOX = "Doen wat werkt. " + POINT + " Zo weten ouders waar zij terechtkunnen met hun vragen."
OTHER = "De gemeente hanteert een indeling in zes gebieden voor de gemeentelijke organisatie van het sociaal domein."


@pytest.mark.parametrize(
    ("text", "n", "size"),
    [
        ("", 4, 0),
        ("een twee", 4, 1),
        ("een twee drie vier", 4, 1),
        ("een twee drie vier vijf", 4, 2),
        ("a b a b a b", 2, 2),
    ],
)
def test_shingles(text, n, size):
    assert len(shingles(text, n)) == size


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (POINT, POINT, 1.0),
        (POINT, BOX, 1.0),  # the smaller one is wholly inside the larger
        (BOX, POINT, 1.0),
        (POINT, OTHER, 0.0),
        ("", POINT, 0.0),
    ],
)
def test_containment(a, b, expected):
    assert containment(shingles(a), shingles(b)) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("texts", "threshold", "expected"),
    [
        ([POINT, OTHER, BOX], 0.6, [(0, [2]), (1, [])]),  # the box repeats the point: folded into it
        ([BOX, POINT, OTHER], 0.6, [(0, [1]), (2, [])]),
        ([POINT, OTHER], 0.6, [(0, []), (1, [])]),
        ([POINT, BOX], 1.01, [(0, []), (1, [])]),  # threshold above 1: nothing folds
        ([], 0.6, []),
        ([OTHER, OTHER, OTHER], 0.6, [(0, [1, 2])]),
    ],
)
def test_collapse_near_duplicates(texts, threshold, expected):
    assert collapse_near_duplicates(texts, threshold) == expected


def test_partial_overlap_below_threshold_is_kept():
    half = " ".join(POINT.split()[:8]) + " " + " ".join(OTHER.split()[:8])
    share = containment(shingles(half), shingles(POINT))
    assert 0 < share < 0.6
    assert collapse_near_duplicates([POINT, half], 0.6) == [(0, []), (1, [])]
