"""What the routes call: one object per app around an IndexHandle. It parses and checks
input, asks `search` for results and turns them into views; it holds no retrieval logic."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ingest.embed import create_embedder
from ingest.kinds import KINDS
from ingest.models import Document
from kennisbank.choices import NONE_HERE, ChoiceError, document_options, match_choices, match_years
from kennisbank.commands import glossary_for, params_for, theme_overview, thesaurus_for  # the CLI's own set-up, shared
from kennisbank.settings import Settings
from search.answer import kern
from search.generation_writer import ThemeDef
from search.grouping import group_by_theme
from search.handle import IndexHandle
from search.marking import opening_year
from search.params import SearchOptions
from search.query import QueryError, validate_query
from search.searcher import Searcher
from search.themes_view import theme_passages

from .pages import DEFAULT_K, MAX_K, DocumentRow, Facets, Group, SearchPage, SearchParams, ThemeRow
from .views import PassageView, hit_view, passage_view

MAX_FILTER_CHARS = 200
MAX_FILTER_VALUES = 20
MAX_PASSAGE_IDS = 100
# An export takes the whole werkmap in one request; the page saves at most MAX_PASSAGE_IDS, but a
# werkmap saved before that cap may hold more: up to this many still export whole.
MAX_EXPORT_IDS = 500
MAX_ID_CHARS = 300
# An API error names at most this many valid values (document ids, organisations, ...): enough
# for this corpus whole, and a message that stays readable when uploads make the lists long.
MAX_NAMED_CHOICES = 20


class WebError(Exception):
    """An error with a message for the user (Dutch) and an HTTP status."""

    status = 400

    def __init__(self, message: str, page_message: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        # What an HTML page says instead: where its form offers the choices in a select list,
        # "kies uit de lijst" beats a list of ids the message names for an API client.
        self.page_message = message if page_message is None else page_message


class BadRequest(WebError):
    status = 400


class NotFound(WebError):
    status = 404


# The query errors (QueryError.reason) as the pages say them.
QUERY_ERRORS = {
    "empty": "Typ een vraag of een paar zoekwoorden.",
    "too_long": "Uw vraag is te lang ({length} tekens); er passen er hoogstens {limit} in.",
    "no_words": "Uw vraag bevat geen woorden om op te zoeken.",
}


def query_error_message(exc: QueryError) -> str:
    """A query error in the interface's language; one without a wording here as it is."""
    text = QUERY_ERRORS.get(exc.reason)
    return text.format(**exc.details) if text else str(exc)


def named_choices(
    options: Sequence[str], *, quoted: bool = False, limit: int = MAX_NAMED_CHOICES, all_at: str = ""
) -> str:
    """The valid values for an error message, in the order given: at most `limit`, then "…" with
    the total (and `all_at`, where the API lists them all). `quoted` puts each in quotes, for
    names that may hold a comma themselves (organisations)."""
    shown = [f"'{o}'" if quoted else o for o in options[:limit]]
    if len(options) > limit:
        shown.append(f"… ({len(options)} in totaal" + (f", zie {all_at})" if all_at else ")"))
    return ", ".join(shown) or NONE_HERE


def _values(raw: Sequence[str] | None, name: str) -> tuple[str, ...]:
    values = tuple(dict.fromkeys(v.strip() for v in (raw or ()) if v and v.strip()))
    if len(values) > MAX_FILTER_VALUES:
        raise BadRequest(f"Te veel waarden voor het filter '{name}' (hoogstens {MAX_FILTER_VALUES}).")
    if any(len(v) > MAX_FILTER_CHARS for v in values):
        raise BadRequest(f"Een waarde voor het filter '{name}' is te lang (hoogstens {MAX_FILTER_CHARS} tekens).")
    return values


class KnowledgeBase:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.handle = IndexHandle(
            settings.index_dir,
            create_embedder(settings.embedder),
            params_for(settings),
            glossary_for(settings),
            settings.max_query_chars,
            thesaurus_for(settings),
        )

    def searcher(self) -> Searcher:
        """The searcher over the live generation (re-opened when an ingest switched in a new one)."""
        return self.handle.searcher()

    # -- themes and facets --------------------------------------------------------------------
    def themes(self) -> list[ThemeDef]:
        return self.searcher().store.themes()

    def labels(self) -> dict[str, str]:
        return {t.slug: t.label for t in self.themes()}

    def facets(self) -> Facets:
        metas = self.searcher().store.document_metas()
        options = document_options(metas)
        return Facets(
            themes=[(t.slug, t.label) for t in self.themes()],
            types=list(options.types),
            organisations=list(options.organisations),
            years=sorted(options.years, reverse=True),
            documents=sorted(((m.id, m.title or m.id) for m in metas), key=lambda d: d[1].casefold()),
        )

    # -- search -------------------------------------------------------------------------------
    def parse_search(
        self,
        q: str | None,
        *,
        theme: Sequence[str] | None = None,
        type: Sequence[str] | None = None,
        organisation: Sequence[str] | None = None,
        year: Sequence[str] | None = None,
        kind: Sequence[str] | None = None,
        doc: Sequence[str] | None = None,
        k: int | str | None = None,
    ) -> SearchParams:
        """Checked search input; BadRequest with a message saying what is wrong."""
        try:
            query = validate_query(q or "", self.settings.max_query_chars)
        except QueryError as exc:
            raise BadRequest(query_error_message(exc)) from exc
        return replace(
            self.parse_filters(theme=theme, type=type, organisation=organisation, year=year, kind=kind, doc=doc, k=k),
            q=query,
        )

    def parse_filters(
        self,
        *,
        theme: Sequence[str] | None = None,
        type: Sequence[str] | None = None,
        organisation: Sequence[str] | None = None,
        year: Sequence[str] | None = None,
        kind: Sequence[str] | None = None,
        doc: Sequence[str] | None = None,
        k: int | str | None = None,
    ) -> SearchParams:
        """The checked filters and result count of a search, without its question."""
        themes = _values(theme, "thema")
        labels = self.labels()
        unknown = [t for t in themes if t not in labels]
        if unknown:
            raise BadRequest(
                f"Onbekend thema: '{unknown[0]}'. Kies uit: {named_choices(sorted(labels), all_at='/api/themes')}.",
                f"Onbekend thema: '{unknown[0]}'. Kies een thema uit de lijst.",
            )
        kinds = _values(kind, "soort passage")
        unknown = [x for x in kinds if x not in KINDS]
        if unknown:
            raise BadRequest(f"Onbekende soort passage: '{unknown[0]}'. Kies uit: {', '.join(KINDS)}.")
        years = []
        for y in _values(year, "jaar"):
            if not re.fullmatch(r"\d{4}", y):
                raise BadRequest(f"Ongeldig jaartal: '{y}'. Gebruik vier cijfers, bijvoorbeeld 2015.")
            years.append(int(y))
        if k in (None, ""):
            n = DEFAULT_K
        else:
            try:
                n = int(k)
            except (TypeError, ValueError):
                raise BadRequest(f"Ongeldig aantal resultaten: '{k}'.") from None
            if not 1 <= n <= MAX_K:
                raise BadRequest(f"Het aantal resultaten moet tussen 1 en {MAX_K} liggen.")
        types = _values(type, "documenttype")
        organisations = _values(organisation, "organisatie")
        docs = _values(doc, "document")
        if docs:
            known = {m.id for m in self.searcher().store.document_metas()}
            unknown = [d for d in docs if d not in known]
            if unknown:
                listed = named_choices(sorted(known), all_at="/api/documents")
                raise BadRequest(
                    f"Onbekend document: '{unknown[0]}'. Kies uit: {listed}.",
                    f"Onbekend document: '{unknown[0]}'. Kies een document uit de lijst.",
                )
        if types or organisations or years:
            # Hand-made links with a value no document has would show an empty result that
            # reads as "no passage answers the question"; say what is wrong instead.
            # A hand-typed value may differ in case or name only part of an organisation ("NJi"),
            # as on the command line.
            facets = self.facets()
            try:
                types = match_choices(types, facets.types, "documenttype")
            except ChoiceError as exc:
                listed = named_choices(facets.types, all_at="/api/documents")
                raise BadRequest(f"Onbekend documenttype: '{exc.value}'. Kies uit: {listed}.") from None
            try:
                organisations = match_choices(organisations, facets.organisations, "organisatie")
            except ChoiceError as exc:
                listed = named_choices(facets.organisations, quoted=True, all_at="/api/documents")
                raise BadRequest(
                    f"Onbekende organisatie: '{exc.value}'. Kies uit: {listed}.",
                    f"Onbekende organisatie: '{exc.value}'. Kies een organisatie uit de lijst.",
                ) from None
            try:
                match_years(years, facets.years)
            except ChoiceError as exc:
                listed = ", ".join(str(x) for x in sorted(facets.years))
                raise BadRequest(f"Geen documenten uit {exc.value}. De documenten zijn uit: {listed}.") from None
        return SearchParams(
            themes=themes,
            types=types,
            organisations=organisations,
            years=tuple(years),
            kinds=kinds,
            docs=docs,
            k=n,
        )

    def search(self, params: SearchParams) -> SearchPage:
        searcher = self.searcher()
        try:
            # one passage more than shown, to know whether "Toon N passages" would show anything new
            result = searcher.search(params.q, SearchOptions(k=params.k + 1, filters=params.filters, explain=True))
        except QueryError as exc:
            raise BadRequest(query_error_message(exc)) from exc
        more = len(result.hits) > params.k
        result = replace(result, hits=result.hits[: params.k])
        labels = {t.slug: t.label for t in searcher.store.themes()}
        views = {h.chunk.id: hit_view(h, labels) for h in result.hits}
        groups = [
            Group(g.slug, g.label, [views[h.chunk.id] for h in g.hits])
            for g in group_by_theme(result.hits, labels, params.filters.themes)
        ]
        key = kern(result)
        return SearchPage(params, result, list(views.values()), groups, key, more)

    # -- documents ----------------------------------------------------------------------------
    def documents(self) -> list[DocumentRow]:
        store = self.searcher().store
        return [
            DocumentRow(m.id, m.title, m.type, m.organisation, m.year, m.source, store.chunk_count(m.id))
            for m in store.document_metas()
        ]

    def document(self, doc_id: str) -> tuple[Document, int]:
        store = self.searcher().store
        doc = store.document(doc_id) if len(doc_id) <= MAX_ID_CHARS else None
        if doc is None:
            raise NotFound(f"Er is geen document met de code '{doc_id[:MAX_ID_CHARS]}'.")
        return doc, store.chunk_count(doc_id)

    def passage_in(self, doc_id: str, chunk_id: str) -> PassageView:
        views, missing = self.passages([chunk_id])
        if missing or views[0].doc_id != doc_id:
            raise NotFound(f"Passage '{chunk_id[:MAX_ID_CHARS]}' staat niet (meer) in dit document.")
        return views[0]

    def passages(self, chunk_ids: Sequence[str], limit: int = MAX_PASSAGE_IDS) -> tuple[list[PassageView], list[str]]:
        """The passages with these ids, in the given order (duplicates once), and the ids not found."""
        ids = list(dict.fromkeys(i.strip() for i in chunk_ids if i and i.strip()))
        if len(ids) > limit:
            raise BadRequest(f"Te veel passages tegelijk ({len(ids)}; hoogstens {limit}).")
        store = self.searcher().store
        labels = {t.slug: t.label for t in store.themes()}
        records = {i: store.chunk_by_id(i) if len(i) <= MAX_ID_CHARS else None for i in ids}
        found = {i: r for i, r in records.items() if r is not None}
        themes = store.chunk_themes([r.rowid for r in found.values()])
        views = [
            passage_view(r.chunk, r.meta, labels, themes=themes.get(r.rowid, ()), opening_year=opening_year(store, r))
            for r in found.values()
        ]
        return views, [i for i, r in records.items() if r is None]

    # -- themes -------------------------------------------------------------------------------
    def theme_rows(self) -> list[ThemeRow]:
        return [ThemeRow(**row) for row in theme_overview(self.searcher().store)]  # type: ignore[arg-type]

    def theme(self, slug: str, per_document: int = 2, limit: int = 10) -> tuple[ThemeRow, list[PassageView]]:
        rows = {r.slug: r for r in self.theme_rows()}
        if slug not in rows:
            raise NotFound(f"Er is geen thema '{slug[:MAX_ID_CHARS]}'.")
        store = self.searcher().store
        labels = {r.slug: r.label for r in rows.values()}
        hits = theme_passages(store, slug, per_document=per_document, limit=limit)
        return rows[slug], [hit_view(h, labels) for h in hits]
