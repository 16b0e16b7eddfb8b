"""Pydantic models of the JSON API (they make /docs show a real OpenAPI schema)."""

from __future__ import annotations

from dataclasses import asdict

from pydantic import BaseModel, Field

from ingest.models import Document
from search.answer import KeySentence

from .document_view import page_markers
from .pages import DocumentRow, SearchPage, ThemeRow
from .views import PassageView, document_url, theme_url


class ErrorOut(BaseModel):
    detail: str = Field(description="what went wrong, in Dutch, for the user")


class CitationOut(BaseModel):
    text: str = Field(
        description="the full citation, e.g. 'NJi, Samen om het kind (2015), p. 33, §4 Aansluiting met het wijkteam'"
    )
    title: str
    organisation: str
    year: int | None
    page: str = Field(description="page label: 'p. 33', 'p. 8–11' or '' when unknown")
    page_start: int | None
    page_end: int | None
    section: str
    section_path: list[str]


class ThemeTagOut(BaseModel):
    slug: str
    label: str
    score: float


class PassageOut(BaseModel):
    chunk_id: str
    doc_id: str
    rank: int | None = Field(description="position in the result list (search and theme passages)")
    score: float | None = Field(
        description="search: the fused retriever scores less what the passage's document costs it (0.08 x "
        "ln of the document's number of passages, and 0.08 for each passage of the same document ranked "
        "above; never rises down the list; may fall below 0); null outside a search"
    )
    kind: str = Field(description="passage kind, e.g. 'praktijkvoorbeeld'")
    kind_label: str = Field(description="the kind as the interface names it, e.g. 'Praktijkvoorbeeld'")
    text: str
    answer_sentences: list[str] = Field(description="the sentences of the passage that answer the question")
    answer_years: list[int | None] = Field(
        description="per answer sentence, the year it stands under in the document (slides with goals per "
        "year), null where no year line precedes it"
    )
    opening_year: int | None = Field(
        None,
        description="the year the passage opens under when that year's line ended the passage before it "
        "(slides with goals per year): its first goals stand under this year; null otherwise",
    )
    citation: CitationOut
    themes: list[ThemeTagOut]
    context_url: str = Field(description="the document page opened at this passage")
    duplicates: list[str] = Field(description="ids of near-identical passages folded into this one")

    @classmethod
    def of(cls, v: PassageView) -> PassageOut:
        return cls(
            chunk_id=v.chunk_id,
            doc_id=v.doc_id,
            rank=v.rank,
            score=v.score,
            kind=v.kind,
            kind_label=v.kind_label,
            text=v.text,
            answer_sentences=list(v.answer_sentences),
            answer_years=list(v.answer_years),
            opening_year=v.opening_year,
            citation=CitationOut(
                text=v.citation,
                title=v.title,
                organisation=v.organisation,
                year=v.year,
                page=v.page,
                page_start=v.page_start,
                page_end=v.page_end,
                section=v.section,
                section_path=list(v.section_path),
            ),
            themes=[ThemeTagOut(slug=t.slug, label=t.label, score=t.score) for t in v.themes],
            context_url=v.context_url,
            duplicates=list(v.duplicates),
        )


class KeySentenceOut(BaseModel):
    text: str
    reference: int = Field(description="rank of the passage the sentence comes from")
    chunk_id: str
    doc_id: str
    year: int | None = Field(description="the year the sentence stands under in its document, if any")

    @classmethod
    def of(cls, k: KeySentence) -> KeySentenceOut:
        return cls(text=k.text, reference=k.reference, chunk_id=k.chunk_id, doc_id=k.doc_id, year=k.year)


class GlossaryOut(BaseModel):
    term: str
    expansion: str
    matched: str = Field(description="the words of the question that matched")


class ThesaurusOut(BaseModel):
    word: str = Field(description="the documents' word the search also looked for")
    matched: str = Field(description="the thesaurus alternative the question used (compared by stem)")


class GroupOut(BaseModel):
    slug: str
    label: str
    chunk_ids: list[str]


class FiltersOut(BaseModel):
    theme: list[str]
    type: list[str]
    organisation: list[str]
    year: list[int]
    kind: list[str]
    doc: list[str] = []


class SearchOut(BaseModel):
    query: str = Field(description="the question as searched (whitespace normalised)")
    weak: bool = Field(description="no passage matches well; the web page shows no passages then")
    filters: FiltersOut
    glossary: list[GlossaryOut] = Field(description="abbreviations in the question and their expansion")
    thesaurus: list[ThesaurusOut] = Field(
        description="words of the question no document uses, and the documents' words searched for instead"
    )
    answer: list[KeySentenceOut] = Field(description="'kern van het antwoord': 3-5 sentences from the top passages")
    years_not_found: list[int] = Field(
        description="years the question names that no passage found holds: the hits and the answer are of "
        "other years (the web page says 'Geen passage gaat over 2022.')"
    )
    hits: list[PassageOut]
    groups: list[GroupOut] = Field(description="the hits per theme, in the order the web page shows them")

    @classmethod
    def of(cls, page: SearchPage) -> SearchOut:
        p = page.params
        return cls(
            query=page.result.query,
            weak=page.weak,
            filters=FiltersOut(**{name: list(values) for name, values in p.filter_values().items()}),
            glossary=[GlossaryOut(term=g.term, expansion=g.expansion, matched=g.matched) for g in page.glossary],
            thesaurus=[ThesaurusOut(word=t.word, matched=t.matched) for t in page.thesaurus],
            answer=[KeySentenceOut.of(k) for k in page.key],
            years_not_found=page.years_not_found,
            hits=[PassageOut.of(v) for v in page.passages],
            groups=[
                GroupOut(slug=g.slug, label=g.label, chunk_ids=[v.chunk_id for v in g.passages]) for g in page.groups
            ],
        )


class DocumentOut(BaseModel):
    id: str
    title: str
    type: str
    organisation: str
    year: int | None
    source: str
    passages: int = Field(description="number of passages in the index")
    url: str = Field(description="the document's web page")

    @classmethod
    def of(cls, row: DocumentRow) -> DocumentOut:
        return cls(**asdict(row), url=document_url(row.id))


class PageOut(BaseModel):
    start: int = Field(description="offset in `text` where the page (range) begins")
    page_lo: int
    page_hi: int | None = Field(description="null: the end is unknown (after the last numbered footer)")
    label: str


class HeadingOut(BaseModel):
    start: int
    end: int = Field(
        description="equal to `start` where a box opens before its title line (the NJi interviews after a "
        "reading list): no title text stands there, the box's title line follows as a heading of its own"
    )
    level: int
    title: str


class DocumentDetailOut(DocumentOut):
    text: str = Field(description="the cleaned text; `pages` and `headings` are offsets into it")
    pages: list[PageOut]
    headings: list[HeadingOut]

    @classmethod
    def of_document(cls, doc: Document, passages: int) -> DocumentDetailOut:
        m = doc.meta
        return cls(
            id=m.id,
            title=m.title,
            type=m.type,
            organisation=m.organisation,
            year=m.year,
            source=m.source,
            passages=passages,
            url=document_url(m.id),
            text=doc.text,
            pages=[
                PageOut(start=p.offset, page_lo=p.page_lo, page_hi=p.page_hi, label=p.label) for p in page_markers(doc)
            ],
            headings=[HeadingOut(start=h.start, end=h.end, level=h.level, title=h.title) for h in doc.headings],
        )


class ThemeOut(BaseModel):
    slug: str
    label: str
    description: str
    passages: int
    documents: int
    url: str

    @classmethod
    def of(cls, row: ThemeRow) -> ThemeOut:
        return cls(**asdict(row), url=theme_url(row.slug))


class ThemeDetailOut(ThemeOut):
    representative: list[PassageOut] = Field(
        description="the theme's most representative passages, at most two per document"
    )


class PassagesOut(BaseModel):
    passages: list[PassageOut]
    missing: list[str] = Field(description="requested ids that are not (any more) in the index")
