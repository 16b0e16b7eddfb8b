"""Filing a generation's passages under its themes: when an ingest writes a generation (from
the vectors it already has), and `reassign_themes`, which writes a new generation with every
passage re-filed under a changed themes file, re-using all passage vectors.

Separate from indexer.py: re-filing reads nothing from the corpus, only the previous
generation.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ingest.embed import Embedder

from . import generations as gens
from .generation_writer import IndexedDocument, ThemeDef, write_generation
from .previous_generation import IngestState, open_previous, previous_documents
from .store import IndexStore
from .themes import ThemeAssigner, load_themes, themes_file_hash


def assign_themes(
    themes: list[ThemeDef],
    docs: Sequence[IndexedDocument],
    embedder: Embedder,
    previous: IndexStore | None,
    themes_hash: str,
) -> tuple[np.ndarray | None, dict[str, list[tuple[str, float]]]]:
    if not themes:
        return None, {}
    if (
        previous is not None
        and previous.manifest.themes_hash == themes_hash
        and len(previous.theme_vectors) == len(themes)
    ):
        theme_vectors = previous.theme_vectors
    else:
        theme_vectors = ThemeAssigner.embed_themes(themes, embedder)
    assigner = ThemeAssigner(themes, theme_vectors)
    return theme_vectors, _file_chunks(assigner, docs, embedder.dim)


def _file_chunks(
    assigner: ThemeAssigner, docs: Sequence[IndexedDocument], dim: int
) -> dict[str, list[tuple[str, float]]]:
    """File every chunk of `docs` under its themes, from the vectors already computed."""
    chunks = [c for d in docs for c in d.chunks]
    vectors = np.concatenate([d.chunk_vectors for d in docs]) if docs else np.zeros((0, dim), np.float32)
    sentences = [sv for d in docs for sv in d.sentence_vectors_by_chunk()]
    return assigner.assign_all(chunks, vectors, sentences)


def reassign_themes(index_dir: Path, embedder: Embedder, themes_path: Path) -> tuple[str, dict[str, int]]:
    """Re-file every chunk under the themes of `themes_path`, re-using all passage vectors."""
    with gens.writer_lock(index_dir):
        gens.collect_garbage(index_dir)
        previous = open_previous(index_dir, embedder, rebuild=False)
        if previous is None:
            raise gens.IndexMissingError(f"no index in {index_dir}: build one with 'kennisbank ingest'")
        docs = list(previous_documents(previous).values())
        themes = load_themes(themes_path)
        themes_hash = themes_file_hash(themes)
        theme_vectors = ThemeAssigner.embed_themes(themes, embedder)
        chunk_themes = _file_chunks(ThemeAssigner(themes, theme_vectors), docs, embedder.dim)
        build = gens.new_build_dir(index_dir)
        write_generation(
            build,
            docs,
            embedder=embedder.name,
            dim=embedder.dim,
            chunker_version=previous.manifest.chunker_version,
            embedding_text=previous.manifest.embedding_text,
            vocabulary=previous.vocabulary(),
            themes=themes,
            theme_vectors=theme_vectors,
            themes_hash=themes_hash,
            chunk_themes=chunk_themes,
        )
        IngestState.read(previous.path).write(build)
        previous.close()
        name = gens.publish(index_dir, build).name
        gens.collect_garbage(index_dir)
    counts: Counter[str] = Counter(slug for assigned in chunk_themes.values() for slug, _ in assigned)
    return name, dict(counts)
