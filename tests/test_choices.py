"""Command-line filter values matched against the index's options (pure functions)."""

from __future__ import annotations

import pytest

from ingest.models import DocumentMeta
from kennisbank.choices import ChoiceError, document_options, exact_choices, match_choice, match_choices, match_years

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
        ("Gemeente Utrecht", "organisatie 'Gemeente Utrecht' komt niet voor; kies uit 'Gemeente Haarlemmermeer'"),
        ("e", "past bij meer dan één: .*; kies er één"),  # in every name: not a choice
        ("", "organisatie '' komt niet voor"),
    ],
)
def test_match_choice_refuses_what_names_no_single_option(value: str, message: str) -> None:
    with pytest.raises(ChoiceError, match=message.replace("(", r"\(").replace(")", r"\)")):
        match_choice(value, ORGANISATIONS, "organisatie")


def test_match_choices_keeps_order_and_drops_repeats() -> None:
    assert match_choices(["NJi", "nji", "sppoh"], ORGANISATIONS, "organisation") == (
        ORGANISATIONS[0],
        ORGANISATIONS[1],
    )
    assert match_choices(None, ORGANISATIONS, "organisation") == ()


def test_exact_choices() -> None:
    assert exact_choices(["ouders", "ouders"], ["ouders", "thuiszitters"], "theme") == ("ouders",)
    with pytest.raises(ChoiceError, match="thema 'Ouders' komt niet voor; kies uit ouders, thuiszitters"):
        exact_choices(["Ouders"], ["thuiszitters", "ouders"], "thema")  # slugs are exact
    with pytest.raises(ChoiceError, match=r"\(geen in deze index\)"):
        exact_choices(["ouders"], [], "thema")


def test_a_choice_error_names_the_value_that_failed() -> None:
    with pytest.raises(ChoiceError) as exc:
        match_choices(["NJi", "Gemeente Utrecht", "onbekend"], ORGANISATIONS, "organisation")
    assert exc.value.value == "Gemeente Utrecht"


def test_match_years() -> None:
    assert match_years([2015, 2015, 2023], [2015, 2023, 2025]) == (2015, 2023)
    assert match_years(None, [2015]) == ()
    with pytest.raises(ChoiceError, match="geen documenten uit 1999; de documenten zijn uit 2015, 2023") as exc:
        match_years([2015, 1999], [2023, 2015])
    assert exc.value.value == "1999"


def test_document_options_are_each_sorted_once() -> None:
    metas = [
        DocumentMeta(id="a", title="a", type="publicatie", organisation="NJi", year=2015),
        DocumentMeta(id="b", title="b", type="notitie", organisation="NJi", year=2025),
        DocumentMeta(id="c", title="c", type="publicatie", organisation="", year=None),
    ]
    options = document_options(metas)
    assert options.types == ("notitie", "publicatie")
    assert options.organisations == ("NJi",)
    assert options.years == (2015, 2025)
