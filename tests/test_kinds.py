"""Passage kinds from the section path and the text; and on the real corpus."""

from __future__ import annotations

import pytest

from ingest.kinds import KINDS, detect_passage_kind, mentions_place


@pytest.mark.parametrize(
    ("section", "text", "kind"),
    [
        (("2. Sterke pedagogische basis op school", "Doen wat werkt"), "Werk in samenhang aan ...", "doen-wat-werkt"),
        (("Betrokkenen aan het woord: voorzitter PO-Raad",), "Rinda den Besten ...", "interview"),
        (("Betrokkenen aan het woord: intern begeleider", "Samen met de ouders"), "tekst", "interview"),
        (("Lessen uit het buitenland", "Leerlingwelzijnteam"), "In Finland behoren de scholen ...", "buitenland"),
        (("3. Aanbevelingen", "Pijler Aanbevelingen voor kleine, werkbare stappen"), "1. Samen ...", "aanbeveling"),
        (("2. Conclusie",), "De eindevaluatie bevestigt ...", "conclusie"),
        (("2. Zorg voor een verbonden visie en gezamenlijke sturing op resultaten",), "...", "aanbeveling"),
        (("8. Borg professionaliteit",), "Zorg voor goed opgeleide professionals", "aanbeveling"),
        (("Zorg voor elkaar",), "...", "tekst"),  # not a numbered point
        (("2. Zorgstructuur in de wijk",), "...", "tekst"),  # "zorg" as a noun
        (("Passend thuisnabij onderwijs doelen TLV’s per kalenderjaar",), "• Het aantal ...", "doelen"),
        (("Jaarplan 2025",), "...", "doelen"),
        (("8. Sturen op samenhang", "Samenwerken is simpel: gewoon doen"), "Blog van ...", "blog"),
        (("Verder lezen",), "Literatuur ...", "literatuur"),
        # NJi practice examples: a chapter passage about a named place
        (
            ("2. Sterke pedagogische basis op school", "Jeugdhulp traint op school"),
            "In Almere gebeurt dit sinds een jaar.",
            "praktijkvoorbeeld",
        ),
        (
            ("4. Aansluiting met het wijkteam", "Schoolcoach"),
            "In de gemeente Roosendaal werkt ...",
            "praktijkvoorbeeld",
        ),
        # a country is not a practice example, nor is text without a chapter
        (("4. Aansluiting met het wijkteam",), "In Nederland is de jeugdhulp ...", "tekst"),
        ((), "In Almere gebeurt dit.", "tekst"),
        (("Inleiding",), "Lopende tekst zonder plaats.", "tekst"),
        # the innermost heading decides
        (("3. Aanbevelingen", "Doen wat werkt"), "...", "doen-wat-werkt"),
    ],
)
def test_detect_passage_kind(section, text, kind):
    assert detect_passage_kind(section, text) == kind
    assert kind in KINDS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In Almere", True),
        ("in de regio Twente", True),
        ("In Nederland", False),
        ("In Deze", False),
        ("in het algemeen", False),
    ],
)
def test_mentions_place(text, expected):
    assert mentions_place(text) is expected


def test_kinds_on_the_real_corpus(fake_index):
    from search.generations import current_generation
    from search.store import IndexStore

    store = IndexStore.open(current_generation(fake_index.index_dir))
    rows = store.db.execute("SELECT doc_id, section, kind FROM chunks").fetchall()
    kinds_by_doc: dict[str, set[str]] = {}
    for doc, _section, kind in rows:
        assert kind in KINDS
        kinds_by_doc.setdefault(doc, set()).add(kind)
    nji = kinds_by_doc["nji-samen-om-het-kind-2015"]
    assert {"doen-wat-werkt", "praktijkvoorbeeld", "interview", "buitenland"} <= nji
    assert "aanbeveling" in kinds_by_doc["sppoh-eindevaluatie-pilot-wijkgericht-werken-2025"]
    assert "aanbeveling" in kinds_by_doc["factsheet-sterke-gezinnen-scholen-wijken"]
    assert "doelen" in kinds_by_doc["swv-wijkgericht-werken-organiseren-2023"]
    for _doc, section, kind in rows:
        if kind == "doen-wat-werkt":
            assert "Doen wat werkt" in section
        if kind == "interview":
            assert "Betrokkenen aan het woord" in section
