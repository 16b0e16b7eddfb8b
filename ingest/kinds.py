"""Passage kinds: what sort of passage a chunk is, from its headings and box markers.

A professional asking "wat werkt?" or "een voorbeeld" wants practice examples and
"Doen wat werkt" boxes; a beleidsmedewerker wants recommendations and targets.
"""

from __future__ import annotations

import re

KINDS: dict[str, str] = {
    "doen-wat-werkt": "Doen wat werkt",
    "praktijkvoorbeeld": "Praktijkvoorbeeld",
    "interview": "Interview",
    "buitenland": "Les uit het buitenland",
    "aanbeveling": "Aanbeveling",
    "conclusie": "Conclusie",
    "doelen": "Doelen en resultaten",
    "blog": "Blog",
    "literatuur": "Verder lezen",
    "tekst": "Lopende tekst",
}

# Order matters: the innermost heading decides first, then the chapter.
_HEADING_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^doen wat werkt"), "doen-wat-werkt"),
    (re.compile(r"^verder lezen"), "literatuur"),
    (re.compile(r"aanbeveling"), "aanbeveling"),
    # A numbered point worded as an instruction is a recommendation: the factsheet's nine
    # points ("2. Zorg voor een verbonden visie ...", "8. Borg professionaliteit").
    (
        re.compile(r"^\d+\.\s*(zorg voor|organiseer|borg|implementeer|benut|versterk|investeer|betrek|maak)\b"),
        "aanbeveling",
    ),
    (re.compile(r"^(\d+(\.\d+)*\.?\s*)?conclusie"), "conclusie"),
    (re.compile(r"\bdoelen\b|doelstelling|jaarplan|per kalenderjaar"), "doelen"),
    (re.compile(r"^betrokkenen aan het woord"), "interview"),
    (re.compile(r"^lessen uit het buitenland"), "buitenland"),
    (re.compile(r"\(blog\)|^blog\b|gewoon doen$"), "blog"),
    (re.compile(r"praktijkvoorbeeld|^voorbeeld\b"), "praktijkvoorbeeld"),
)
# Practice examples in the NJi publication are stretches about one named place: "In Almere
# gebeurt dit ...", "in de gemeente Roosendaal". Countries belong to "lessen uit het buitenland".
_PLACE = re.compile(r"\b[Ii]n (?:de gemeente |de regio |de provincie )?([A-Z][a-zëéï]+(?:[- ][A-Z][a-zëéï]+)?)")
_NOT_PLACES = frozenset(
    {"Nederland", "Engeland", "Denemarken", "Finland", "Europa", "Werk", "De", "Het", "Een", "Deze", "Dit"}
)


def mentions_place(text: str) -> bool:
    return any(p not in _NOT_PLACES for p in _PLACE.findall(text))


def detect_passage_kind(section: tuple[str, ...], text: str) -> str:
    """The kind of a passage from its section path (innermost first) and, failing that, its text."""
    for title in reversed(section):
        key = " ".join(title.lower().split())
        for pattern, kind in _HEADING_RULES:
            if pattern.search(key):
                return kind
    if section and re.match(r"^\d+\.\s", section[0]) and mentions_place(text):
        return "praktijkvoorbeeld"
    return "tekst"
