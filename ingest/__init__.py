from .catalog import load_catalog, meta_for
from .chunk import CHUNKER_VERSION, chunk_document
from .clean import build_vocabulary, clean_pages
from .embed import Embedder, EmbedderError, create_embedder
from .extract import ExtractError, extract_pages
from .models import Chunk, Document, DocumentMeta, Heading, PageSpan, PageText, Sentence
from .pipeline import build_document, document_chunks

__all__ = [
    "CHUNKER_VERSION",
    "Chunk",
    "Document",
    "DocumentMeta",
    "Embedder",
    "EmbedderError",
    "ExtractError",
    "Heading",
    "PageSpan",
    "PageText",
    "Sentence",
    "build_document",
    "build_vocabulary",
    "chunk_document",
    "clean_pages",
    "create_embedder",
    "document_chunks",
    "extract_pages",
    "load_catalog",
    "meta_for",
]
