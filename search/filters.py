"""Search filters (document type, organisation, year, passage kind, theme, document, hidden
kinds) and the SQL fragment that applies them. Separate from the store: the web pages, the
CLI and the evaluation scripts build filters without opening an index, and the store only
applies a filter's fragment and caches what it lets through.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Filters:
    types: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    kinds: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    doc_ids: tuple[str, ...] = ()
    hidden_kinds: tuple[str, ...] = ()  # kinds left out (reading lists, unless asked for)

    def is_empty(self) -> bool:
        return not (
            self.types
            or self.organisations
            or self.years
            or self.kinds
            or self.themes
            or self.doc_ids
            or self.hidden_kinds
        )

    def sql(self) -> tuple[str, list[object]]:
        """A WHERE fragment over `c` (chunks) and `d` (documents)."""
        parts: list[str] = []
        args: list[object] = []

        def member(column: str, values: Sequence[object]) -> None:
            parts.append(f"{column} IN ({','.join('?' * len(values))})")
            args.extend(values)

        if self.types:
            member("d.type", self.types)
        if self.organisations:
            member("d.organisation", self.organisations)
        if self.years:
            member("d.year", self.years)
        if self.kinds:
            member("c.kind", self.kinds)
        if self.hidden_kinds:
            parts.append(f"c.kind NOT IN ({','.join('?' * len(self.hidden_kinds))})")
            args.extend(self.hidden_kinds)
        if self.doc_ids:
            member("c.doc_id", self.doc_ids)
        if self.themes:
            parts.append(
                f"c.rowid IN (SELECT chunk_rowid FROM chunk_themes WHERE slug IN ({','.join('?' * len(self.themes))}))"
            )
            args.extend(self.themes)
        return (" AND ".join(parts) or "1"), args
