"""Command-line filter values matched against the index's options (pure functions)."""

from __future__ import annotations

import pytest

from kennisbank.choices import ChoiceError, exact_choices, match_choice, match_choices

ORGANISATIONS = [
    "Nederlands Jeugdinstituut (NJi)",
    "SPPOH (samenwerkingsverband passend primair onderwijs Haaglanden)",
    "Gemeente Haarlemmermeer",
]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("Nederlands Jeugdinstituut (NJi)", "Nederlands Jeugdinstituut (NJi)"),
        ("nederlands jeugdinstituut (nji)", "Nederlands Jeugdinstituut (NJi)"),  # case does not matter
        ("NJi", "Nederlands Jeugdinstituut (NJi)"),  # the one option that contains it
        ("sppoh", "SPPOH (samenwerkingsverband passend primair onderwijs Haaglanden)"),
        ("  gemeente   haarlemmermeer ", "Gemeente Haarlemmermeer"),  # spaces as typed
    ],
)
def test_match_choice(value: str, expected: str) -> None:
    assert match_choice(value, ORGANISATIONS, "organisation") == expected


@pytest.mark.parametrize(
    "value, message",
    [
        ("Gemeente Utrecht", "unknown organisation 'Gemeente Utrecht'; choose from 'Gemeente Haarlemmermeer'"),
        ("e", "matches several"),  # in every name: not a choice
        ("", "unknown organisation ''"),
    ],
)
def test_match_choice_refuses_what_names_no_single_option(value: str, message: str) -> None:
    with pytest.raises(ChoiceError, match=message.replace("(", r"\(").replace(")", r"\)")):
        match_choice(value, ORGANISATIONS, "organisation")


def test_match_choices_keeps_order_and_drops_repeats() -> None:
    assert match_choices(["NJi", "nji", "sppoh"], ORGANISATIONS, "organisation") == (
        ORGANISATIONS[0],
        ORGANISATIONS[1],
    )
    assert match_choices(None, ORGANISATIONS, "organisation") == ()


def test_exact_choices() -> None:
    assert exact_choices(["ouders", "ouders"], ["ouders", "thuiszitters"], "theme") == ("ouders",)
    with pytest.raises(ChoiceError, match="unknown theme 'Ouders'; choose from ouders, thuiszitters"):
        exact_choices(["Ouders"], ["thuiszitters", "ouders"], "theme")  # slugs are exact
    with pytest.raises(ChoiceError, match=r"\(none in this index\)"):
        exact_choices(["ouders"], [], "theme")
