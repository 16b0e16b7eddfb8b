"""Filter values typed on the command line, checked against what the index holds.

On the web the filters are lists to choose from; on the command line a user types "NJi" for
"Nederlands Jeugdinstituut (NJi)" or mistypes a theme slug, and a filter nothing matches would
quietly give "Geen resultaten". Pure functions: the options come from the index.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ingest.models import DocumentMeta

NONE_HERE = "(geen in deze index)"


class ChoiceError(ValueError):
    """A filter value that matches none, or more than one, of the options; `value` is that value."""

    def __init__(self, message: str, value: str) -> None:
        super().__init__(message)
        self.value = value


@dataclass(frozen=True)
class DocumentOptions:
    """What the documents of an index offer to filter on, each sorted."""

    types: tuple[str, ...]
    organisations: tuple[str, ...]
    years: tuple[int, ...]


def document_options(metas: Iterable[DocumentMeta]) -> DocumentOptions:
    metas = list(metas)
    return DocumentOptions(
        types=tuple(sorted({m.type for m in metas if m.type})),
        organisations=tuple(sorted({m.organisation for m in metas if m.organisation})),
        years=tuple(sorted({m.year for m in metas if m.year})),
    )


def match_choice(value: str, options: Sequence[str], name: str) -> str:
    """The option `value` names: equal ignoring case, else the one option that contains it
    ("NJi" -> "Nederlands Jeugdinstituut (NJi)"). ChoiceError, listing the options, otherwise.
    `name` names the filter in the message, in Dutch ("organisatie")."""
    wanted = " ".join(value.split()).casefold()
    exact = [o for o in options if o.casefold() == wanted]
    if exact:
        return exact[0]
    partial = [o for o in options if wanted and wanted in o.casefold()]
    if len(partial) == 1:
        return partial[0]
    listed = ", ".join(f"'{o}'" for o in sorted(options)) or NONE_HERE
    if len(partial) > 1:
        several = ", ".join(repr(o) for o in partial)
        raise ChoiceError(f"{name} '{value}' past bij meer dan één: {several}; kies er één", value)
    raise ChoiceError(f"{name} '{value}' komt niet voor; kies uit {listed}", value)


def match_choices(values: Sequence[str] | None, options: Sequence[str], name: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(match_choice(v, options, name) for v in values or ()))


def exact_choices(values: Sequence[str] | None, options: Sequence[str], name: str) -> tuple[str, ...]:
    """Values that must be given as they are (theme slugs, passage kinds, document ids)."""
    out = []
    for value in values or ():
        if value not in options:
            listed = ", ".join(sorted(options)) or NONE_HERE
            raise ChoiceError(f"{name} '{value}' komt niet voor; kies uit {listed}", value)
        out.append(value)
    return tuple(dict.fromkeys(out))


def match_years(values: Sequence[int] | None, options: Sequence[int]) -> tuple[int, ...]:
    """Years some document is from; ChoiceError naming the years there are otherwise."""
    for year in values or ():
        if year not in options:
            listed = ", ".join(map(str, sorted(options)))
            raise ChoiceError(f"geen documenten uit {year}; de documenten zijn uit {listed}", str(year))
    return tuple(dict.fromkeys(values or ()))
