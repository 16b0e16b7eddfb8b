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
    (re.compile(r"^(\d+(\.\d+)*\.?\s*)?conclusie"), "conclusie"),
    (re.compile(r"\bdoelen\b|doelstelling|jaarplan|per kalenderjaar"), "doelen"),
    (re.compile(r"^betrokkenen aan het woord"), "interview"),
    (re.compile(r"^lessen uit het buitenland"), "buitenland"),
    (re.compile(r"\(blog\)|^blog\b|gewoon doen$"), "blog"),
    (re.compile(r"praktijkvoorbeeld|^voorbeeld\b"), "praktijkvoorbeeld"),
)
# Practice examples in the NJi publication are boxes about one named place or project:
# a quoted practitioner plus a place or organisation name in the text.
_PRACTICE_TEXT = re.compile(
    r"\b(in (de gemeente |de regio )?[A-Z][a-z]+(?:[- ][A-Z][a-z]+)?\b.*\b(werkt|werken|is gestart|zijn gestart|heeft|hebben))|"
    r"\b(pilot|project|aanpak|werkwijze)\b.*\b[A-Z][a-z]{3,}\b",
)


def detect_passage_kind(section: tuple[str, ...], text: str) -> str:
    """The kind of a passage from its section path (innermost first) and, failing that, its text."""
    for title in reversed(section):
        key = " ".join(title.lower().split())
        for pattern, kind in _HEADING_RULES:
            if pattern.search(key):
                return kind
    if section and section[0].lower().startswith(("1.", "2.", "3.", "4.", "5.", "6.", "7.", "8.")):
        quoted = text.count("“") + text.count('"') >= 2
        if quoted and _PRACTICE_TEXT.search(text):
            return "praktijkvoorbeeld"
    return "tekst"
