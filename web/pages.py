"""What the pages and the API show: the search's parameters and result page, the facets of the
search form, and the rows of the document and theme lists. Frozen views; no retrieval here."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from ingest.kinds import KINDS
from search.answer import KeySentence
from search.filters import Filters
from search.models import GlossaryMatch, SearchResult, ThesaurusMatch
from search.thesaurus import by_alternative
from search.years import query_years

from .views import PassageView

MAX_K = 50
DEFAULT_K = 10


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    themes: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    kinds: tuple[str, ...] = ()
    docs: tuple[str, ...] = ()
    k: int = DEFAULT_K

    @property
    def filters(self) -> Filters:
        return Filters(
            types=self.types,
            organisations=self.organisations,
            years=self.years,
            kinds=self.kinds,
            themes=self.themes,
            doc_ids=self.docs,
        )

    def filter_values(self) -> dict[str, tuple[str, ...] | tuple[int, ...]]:
        """The filters by the names the search page and the API take them under."""
        return {
            "theme": self.themes,
            "type": self.types,
            "organisation": self.organisations,
            "year": self.years,
            "kind": self.kinds,
            "doc": self.docs,
        }

    def query_string(self, k: int | None = None) -> str:
        """This search as the query string of the search page, with `k` passages if given."""
        pairs: list[tuple[str, object]] = [("q", self.q)]
        for name, values in self.filter_values().items():
            pairs.extend((name, v) for v in values)
        n = self.k if k is None else k
        if n != DEFAULT_K:
            pairs.append(("k", n))
        return urlencode(pairs)

    @property
    def has_filters(self) -> bool:
        return not self.filters.is_empty()


@dataclass(frozen=True)
class Facets:
    themes: list[tuple[str, str]]
    types: list[str]
    organisations: list[str]
    years: list[int]
    kinds: list[tuple[str, str]] = field(default_factory=lambda: list(KINDS.items()))
    documents: list[tuple[str, str]] = field(default_factory=list)  # (id, title)


@dataclass(frozen=True)
class Group:
    slug: str
    label: str
    passages: list[PassageView]


@dataclass(frozen=True)
class SearchPage:
    params: SearchParams
    result: SearchResult
    passages: list[PassageView]
    groups: list[Group]
    key: list[KeySentence]
    more: bool = False  # the search found more passages than it shows

    @property
    def weak(self) -> bool:
        return self.result.weak

    @property
    def years_not_found(self) -> list[int]:
        """The years the question names when no passage found names them or stands under them:
        the passages shown are of other years, and the page says so."""
        asked = query_years(self.result.query)
        return sorted(asked) if asked and not self.result.years else []

    @property
    def more_k(self) -> int | None:
        """How many passages the "Toon N passages" link asks for; None when the search found no more
        than it shows, or shows the most it may."""
        if not self.more or self.params.k >= MAX_K:
            return None
        return min(self.params.k + DEFAULT_K, MAX_K)

    @property
    def glossary(self) -> tuple[GlossaryMatch, ...]:
        return self.result.glossary

    @property
    def thesaurus(self) -> tuple[ThesaurusMatch, ...]:
        return self.result.thesaurus

    @property
    def thesaurus_groups(self) -> list[tuple[str, list[str]]]:
        return by_alternative(self.result.thesaurus)


@dataclass(frozen=True)
class DocumentRow:
    id: str
    title: str
    type: str
    organisation: str
    year: int | None
    source: str
    passages: int


@dataclass(frozen=True)
class ThemeRow:
    slug: str
    label: str
    description: str
    passages: int
    documents: int
