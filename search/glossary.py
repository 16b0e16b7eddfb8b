"""The field's abbreviations (corpus/glossary.toml) and finding them in a query."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .models import GlossaryMatch


class GlossaryError(ValueError):
    pass


@dataclass(frozen=True)
class Term:
    term: str
    expansion: str
    variants: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()


def load_glossary(path: Path) -> list[Term]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise GlossaryError(f"{path}: {exc}") from exc
    return [
        Term(
            term=e["term"],
            expansion=e["expansion"],
            variants=tuple(e.get("variants", [])),
            documents=tuple(e.get("documents", [])),
        )
        for e in data.get("term", [])
        if e.get("term") and e.get("expansion")
    ]


def _norm(s: str) -> str:
    return s.lower().replace("’", "'").replace("‘", "'")


def _pattern(form: str) -> re.Pattern[str]:
    # Abbreviations are whole tokens: "vo" must not fire inside "voor"; "ib'er" keeps its apostrophe.
    # A plural may follow: "TLV's", "ib'ers", "SLB'ers" (not "vos" for "VO").
    form = _norm(form)
    plural = r"(?:'s|s)?" if form.endswith("er") else r"(?:'s)?"
    return re.compile(r"(?<![\w'])" + re.escape(form) + plural + r"(?![\w'])")


class Glossary:
    def __init__(self, terms: Sequence[Term]) -> None:
        self.terms = list(terms)
        self._patterns = [
            (t, [(f, _pattern(f)) for f in sorted({t.term, *t.variants}, key=len, reverse=True)]) for t in self.terms
        ]

    def find(self, query: str) -> list[GlossaryMatch]:
        """Terms the query uses, in the order they first appear."""
        q = _norm(query)
        found: list[tuple[int, GlossaryMatch]] = []
        for term, forms in self._patterns:
            for _form, pattern in forms:
                m = pattern.search(q)
                if m:
                    found.append(
                        (
                            m.start(),
                            GlossaryMatch(term.term, term.expansion, query[m.start() : m.end()], term.documents),
                        )
                    )
                    break
        found.sort(key=lambda x: x[0])
        return [m for _, m in found]
