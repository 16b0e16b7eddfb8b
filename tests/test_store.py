"""Index generations on disk (search.generation_writer, search.manifest, search.store): write
one and read everything back, the manifest, refusal of another embedder, and the filter SQL
(search.filters)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from ingest.chunk import CHUNKER_VERSION
from ingest.clean import build_vocabulary
from ingest.embed import create_embedder
from ingest.models import DocumentMeta, PageText
from ingest.pipeline import document_chunks
from search.analyze import word_tokens
from search.filters import Filters
from search.generation_writer import IndexedDocument, ThemeDef, write_generation
from search.manifest import MANIFEST, IndexMismatchError
from search.store import IndexStore

PARAGRAPH = (
    "De school en het wijkteam maken afspraken over de ondersteuning van leerlingen. "
    "De intern begeleider overlegt elke maand met de schoolcoach over leerlingen die dreigen uit te vallen. "
)
PAGES = [
    PageText("1. Aansluiting met het wijkteam\n\n" + PARAGRAPH * 6, 3, 3),
    PageText(PARAGRAPH * 6 + "\n\nDoen wat werkt\n\n• Zorg voor een vaste contactpersoon op school.\n", 4, 5),
]
THEMES = (ThemeDef("wijkteam", "Wijkteam en school", "Samenwerking met het wijkteam", ("wijkteam", "schoolcoach")),)


@pytest.fixture(scope="module")
def generation(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    embedder = create_embedder("fake")
    meta = DocumentMeta(
        id="nji",
        title="Samen om het kind",
        type="publicatie",
        organisation="NJi",
        year=2015,
        source="https://example.org",
    )
    vocab = build_vocabulary(p.text for p in PAGES)
    doc, chunks = document_chunks(meta, "/corpus/nji.txt", PAGES, vocab, "ab" * 32)
    other_meta = DocumentMeta(id="factsheet", title="Sterke gezinnen", type="factsheet")
    other, other_chunks = document_chunks(other_meta, "/corpus/f.txt", [PageText(PARAGRAPH * 2)], vocab, "cd" * 32)
    docs = []
    for d, cs in ((doc, chunks), (other, other_chunks)):
        sentences = [d.text[s.start : s.end] for c in cs for s in c.sentences]
        docs.append(
            IndexedDocument(
                d, tuple(cs), embedder.embed_passages([c.text for c in cs]), embedder.embed_passages(sentences)
            )
        )
    out = tmp_path_factory.mktemp("gen")
    chunk_themes = {chunks[0].id: [("wijkteam", 0.8)]}
    manifest = write_generation(
        out,
        docs,
        embedder=embedder.name,
        dim=embedder.dim,
        chunker_version=CHUNKER_VERSION,
        vocabulary=vocab,
        themes=THEMES,
        theme_vectors=embedder.embed_passages(["wijkteam"]),
        themes_hash="t1",
        chunk_themes=chunk_themes,
    )
    store = IndexStore.open(out, expected_embedder=embedder.name)
    yield out, manifest, store, docs, embedder
    store.close()


def test_documents_round_trip(generation) -> None:  # type: ignore[no-untyped-def]
    _, _, store, docs, _ = generation
    for item in docs:
        back = store.document(item.doc.id)
        assert back == item.doc  # meta, path, hash, text, page spans and headings
    assert {m.id for m in store.document_metas()} == {"nji", "factsheet"}
    assert store.meta("nji").year == 2015 and store.meta("nji").organisation == "NJi"
    assert store.document("bestaat-niet") is None and store.meta("bestaat-niet") is None


def test_chunks_round_trip_with_pages_sections_offsets_kind_and_sentences(generation) -> None:  # type: ignore[no-untyped-def]
    _, _, store, docs, _ = generation
    nji = docs[0]
    assert store.chunk_count() == sum(len(d.chunks) for d in docs)
    assert store.chunk_count("nji") == len(nji.chunks)
    back = [r.chunk for r in store.document_chunks("nji")]
    assert back == list(nji.chunks)
    assert back[0].page_start == 3 and back[-1].page_end == 5
    assert back[0].section == ("1. Aansluiting met het wijkteam",)
    assert back[-1].section[-1] == "Doen wat werkt"
    records = store.document_chunks("nji")
    assert store.previous_chunk(records[0]) is None
    assert [store.previous_chunk(r).chunk for r in records[1:]] == back[:-1]
    assert all(c.kind for c in back)
    assert store.chunk_by_id(back[0].id).chunk == back[0]


def test_chunk_offsets_give_back_exactly_the_chunk_text(generation) -> None:  # type: ignore[no-untyped-def]
    _, _, store, docs, _ = generation
    for item in docs:
        text = store.document(item.doc.id).text
        for record in store.document_chunks(item.doc.id):
            c = record.chunk
            assert text[c.start : c.end] == c.text
            assert all(c.start <= s.start < s.end <= c.end for s in c.sentences)


def test_vectors_are_keyed_by_chunk_rowid(generation) -> None:  # type: ignore[no-untyped-def]
    _, _, store, docs, embedder = generation
    vectors, ids = store.chunk_vectors()
    records = store.chunks(ids.tolist())
    expected = {c.id: v for d in docs for c, v in zip(d.chunks, d.chunk_vectors, strict=True)}
    for vec, rowid in zip(vectors, ids, strict=True):
        np.testing.assert_allclose(vec, expected[records[int(rowid)].chunk.id], rtol=1e-6)
    # searching with a chunk's own vector finds that chunk first
    target = docs[0].chunks[1]
    scores = store.dense(embedder.embed_passages([target.text])[0], Filters(), limit=3)
    best = max(scores, key=scores.get)
    assert records[best].chunk.id == target.id
    n_sentences = sum(len(c.sentences) for d in docs for c in d.chunks)
    assert store.sentence_vectors.shape == (n_sentences, embedder.dim)


def test_ranking_vectors_raw_and_post_processed(generation) -> None:  # type: ignore[no-untyped-def]
    _, _, store, docs, embedder = generation
    raw = store.ranking_vectors(None)
    assert raw.isotropy is None and raw.sentences is store.sentence_vectors
    query = embedder.embed_queries(["wijkteam en school"])[0]
    assert raw.query(query) is query
    assert raw.chunk_similarity([1], query) == pytest.approx({1: store.dense(query, Filters(), 10)[1]}, abs=1e-6)
    moved = store.ranking_vectors(1)
    assert moved is store.ranking_vectors(1)  # fitted once per open generation
    assert moved.sentences.shape == store.sentence_vectors.shape
    np.testing.assert_allclose(np.linalg.norm(moved.sentences, axis=1), 1.0, atol=1e-5)
    q = moved.query(query)
    scores = store.dense(q, Filters(), 10, moved)
    assert set(scores) == set(store.allowed_rowids(Filters()))
    assert scores == pytest.approx(moved.chunk_similarity(scores, q), abs=1e-5)
    # a chunk's own passage vector still finds that chunk first in the post-processed space
    target = docs[0].chunks[1]
    own = store.dense(moved.query(embedder.embed_passages([target.text])[0]), Filters(), 3, moved)
    assert store.chunks([max(own, key=own.get)])[max(own, key=own.get)].chunk.id == target.id
    only = store.dense(q, Filters(types=("factsheet",)), 10, moved)
    assert only and set(only) == set(store.allowed_rowids(Filters(types=("factsheet",))))


def test_themes_and_chunk_themes_round_trip(generation) -> None:  # type: ignore[no-untyped-def]
    _, _, store, docs, _ = generation
    assert store.themes() == list(THEMES)
    assert store.all_chunk_themes() == {docs[0].chunks[0].id: [("wijkteam", pytest.approx(0.8))]}
    assert store.theme_vectors.shape == (1, store.manifest.dim)


def test_stem_frequencies_count_the_passages_holding_each_stem(generation) -> None:  # type: ignore[no-untyped-def]
    _, _, store, docs, _ = generation
    chunks = [c for d in docs for c in d.chunks]
    expected: dict[str, int] = {}
    for c in chunks:
        for stem in set(word_tokens(" ".join(c.section[-1:]) + " " + c.text)):
            expected[stem] = expected.get(stem, 0) + 1
    assert dict(store.stem_frequencies()) == expected
    assert store.known_stems() == frozenset(expected)
    assert max(expected.values()) <= store.chunk_count() == len(chunks)


def test_manifest_fields(generation) -> None:  # type: ignore[no-untyped-def]
    out, manifest, store, docs, embedder = generation
    on_disk = json.loads((Path(out) / MANIFEST).read_text(encoding="utf-8"))
    assert on_disk["embedder"] == embedder.name == store.manifest.embedder
    assert on_disk["dim"] == embedder.dim
    assert on_disk["chunker_version"] == CHUNKER_VERSION
    assert on_disk["themes_hash"] == "t1"
    assert on_disk["documents"]["nji"] == {"file": "nji.txt", "content_hash": "ab" * 32, "chunks": len(docs[0].chunks)}
    assert on_disk["documents"]["factsheet"]["content_hash"] == "cd" * 32
    assert set(on_disk["files"]) == {"kb.sqlite", "chunks.faiss", "sentences.npy", "themes.npy"}
    assert all(len(f["sha256"]) == 64 and f["bytes"] > 0 for f in on_disk["files"].values())
    assert manifest == store.manifest


def test_another_embedder_is_refused_naming_both(generation) -> None:  # type: ignore[no-untyped-def]
    out, _, _, _, embedder = generation
    with pytest.raises(IndexMismatchError) as err:
        IndexStore.open(out, expected_embedder="e5:multilingual-e5-small-q4")
    message = str(err.value)
    assert f"'{embedder.name}'" in message and "'e5:multilingual-e5-small-q4'" in message
    assert "KENNISBANK_EMBEDDER=" in message and "--rebuild" in message


@pytest.mark.parametrize(
    "filters, where, args",
    [
        (Filters(), "1", []),
        (Filters(types=("factsheet",)), "d.type IN (?)", ["factsheet"]),
        (Filters(years=(2015, 2025)), "d.year IN (?,?)", [2015, 2025]),
        (
            Filters(types=("notitie",), kinds=("tekst",), doc_ids=("nji",)),
            "d.type IN (?) AND c.kind IN (?) AND c.doc_id IN (?)",
            ["notitie", "tekst", "nji"],
        ),
        (
            Filters(themes=("wijkteam",)),
            "c.rowid IN (SELECT chunk_rowid FROM chunk_themes WHERE slug IN (?))",
            ["wijkteam"],
        ),
        (Filters(hidden_kinds=("literatuur",)), "c.kind NOT IN (?)", ["literatuur"]),
        (
            Filters(years=(2015,), hidden_kinds=("literatuur", "x")),
            "d.year IN (?) AND c.kind NOT IN (?,?)",
            [2015, "literatuur", "x"],
        ),
    ],
)
def test_filters_sql(filters: Filters, where: str, args: list[object]) -> None:
    assert filters.sql() == (where, args)
    assert filters.is_empty() == (where == "1")


def test_filters_select_the_right_chunks(generation) -> None:  # type: ignore[no-untyped-def]
    _, _, store, docs, embedder = generation
    records = store.chunks(store.allowed_rowids(Filters()))
    assert len(records) == store.chunk_count()
    only_factsheet = store.chunks(store.allowed_rowids(Filters(types=("factsheet",))))
    assert {r.chunk.doc_id for r in only_factsheet.values()} == {"factsheet"}
    themed = store.chunks(store.allowed_rowids(Filters(themes=("wijkteam",))))
    assert [r.chunk.id for r in themed.values()] == [docs[0].chunks[0].id]
    assert store.allowed_rowids(Filters(years=(1999,))) == ()
    # dense search honours the filter
    scores = store.dense(embedder.embed_passages([docs[0].chunks[0].text])[0], Filters(doc_ids=("factsheet",)), limit=5)
    assert scores and set(scores) <= set(only_factsheet)
