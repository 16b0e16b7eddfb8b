"""Frozen dataclasses passed between ingest, search and web."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class PageText:
    """Text of one page (or of a stretch whose page is only known as a range).

    `page_lo`/`page_hi` are the first and last page this text can be on; both
    are None when the source does not tell (a plain text file without page
    markers). For a PDF both equal the 1-based page index.
    """

    text: str
    page_lo: int | None = None
    page_hi: int | None = None


@dataclass(frozen=True)
class DocumentMeta:
    id: str
    title: str
    type: str = ""
    organisation: str = ""
    year: int | None = None
    source: str = ""
    seed_file: str = ""


@dataclass(frozen=True)
class PageSpan:
    """Cleaned-text characters [start, end) lie on pages page_lo..page_hi."""

    start: int
    end: int
    page_lo: int | None
    page_hi: int | None


@dataclass(frozen=True)
class Heading:
    """A heading found in the cleaned text; level 1 is a chapter."""

    start: int
    end: int
    level: int
    title: str


@dataclass(frozen=True)
class Document:
    meta: DocumentMeta
    path: str
    content_hash: str
    text: str
    pages: tuple[PageSpan, ...] = ()
    headings: tuple[Heading, ...] = ()

    @property
    def id(self) -> str:
        return self.meta.id


@dataclass(frozen=True)
class Sentence:
    """A sentence of a chunk, as offsets into the document's cleaned text."""

    start: int
    end: int


@dataclass(frozen=True)
class Chunk:
    id: str
    doc_id: str
    ordinal: int
    text: str
    start: int
    end: int
    page_start: int | None
    page_end: int | None
    section: tuple[str, ...] = ()
    kind: str = "tekst"
    sentences: tuple[Sentence, ...] = field(default=())

    @property
    def word_count(self) -> int:
        return len(self.text.split())

    def sentence_text(self, sentence: Sentence) -> str:
        """The text of one of this chunk's sentences (its offsets are into the document)."""
        return self.text[sentence.start - self.start : sentence.end - self.start]
