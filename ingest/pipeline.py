"""From page texts to a Document with headings and pages, and from there to chunks."""

from __future__ import annotations

from collections.abc import Mapping

from .chunk import ChunkingOptions, chunk_document
from .clean import clean_pages
from .models import Chunk, Document, DocumentMeta, PageText
from .pages import anchor_page_spans
from .structure import contents_anchors, detect_headings


def build_document(
    meta: DocumentMeta, path: str, pages: list[PageText], vocab: Mapping[str, int], digest: str
) -> tuple[Document, tuple[tuple[int, int], ...]]:
    """Clean the pages and find the headings; returns the document and its contents-table spans."""
    text, page_spans = clean_pages(pages, vocab)
    headings, toc_spans = detect_headings(text, tuple(p.start for p in page_spans))
    page_spans = anchor_page_spans(page_spans, contents_anchors(text, headings))
    doc = Document(meta=meta, path=path, content_hash=digest, text=text, pages=page_spans, headings=headings)
    return doc, toc_spans


def document_chunks(
    meta: DocumentMeta,
    path: str,
    pages: list[PageText],
    vocab: Mapping[str, int],
    digest: str,
    opts: ChunkingOptions | None = None,
) -> tuple[Document, list[Chunk]]:
    doc, toc_spans = build_document(meta, path, pages, vocab, digest)
    return doc, chunk_document(doc, toc_spans, opts)
