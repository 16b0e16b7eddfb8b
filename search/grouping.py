"""Answers grouped per theme, and a theme's most representative passages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .models import Hit

OTHER = "overig"


@dataclass(frozen=True)
class ThemeGroup:
    slug: str
    label: str
    hits: tuple[Hit, ...]


def group_by_theme(hits: Sequence[Hit], labels: Mapping[str, str], preferred: Sequence[str] = ()) -> list[ThemeGroup]:
    """Each hit under its strongest theme, or under the first of the `preferred` themes it is
    filed under (the themes a search was filtered on: asked for "ouders", a passage filed under
    "Mbo en arbeidstoeleiding" first and "Ouders" second is shown under "Ouders"); groups ordered
    by their best hit; themeless hits last."""
    groups: dict[str, list[Hit]] = {}
    for hit in hits:
        filed = {slug for slug, _ in hit.themes}
        theme = next((t for t in preferred if t in filed), None) or hit.primary_theme or OTHER
        groups.setdefault(theme, []).append(hit)
    ordered = sorted(groups.items(), key=lambda kv: (kv[0] == OTHER, min(h.rank for h in kv[1])))
    return [ThemeGroup(slug, labels.get(slug, "Overig"), tuple(items)) for slug, items in ordered]


@dataclass(frozen=True)
class Representative:
    chunk_id: str
    doc_id: str
    score: float


def representative_passages(
    scored: Sequence[tuple[str, str, float]], per_document: int = 2, limit: int = 12
) -> list[Representative]:
    """Highest-scoring (chunk_id, doc_id, score) first, at most `per_document` per document."""
    taken: dict[str, int] = {}
    out = []
    for chunk_id, doc_id, score in sorted(scored, key=lambda x: (-x[2], x[0])):
        if taken.get(doc_id, 0) >= per_document:
            continue
        taken[doc_id] = taken.get(doc_id, 0) + 1
        out.append(Representative(chunk_id, doc_id, score))
        if len(out) >= limit:
            break
    return out
