"""Theme logic: keyword evidence, scoring, picking, grouping, representative passages, loading
themes and labels, and `themes reassign` re-filing without re-embedding passages."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from ingest.embed import create_embedder
from ingest.models import Chunk, Document, DocumentMeta, Sentence
from kennisbank.cli import main
from search import generations as gens
from search.generation_writer import IndexedDocument, ThemeDef
from search.grouping import OTHER, group_by_theme, representative_passages
from search.indexer import ingest
from search.ingest_hooks import no_progress
from search.models import Hit
from search.store import IndexStore
from search.theme_filing import reassign_themes
from search.themes import (
    MAX_THEMES,
    ThemeAssigner,
    ThemeLabel,
    ThemeParams,
    ThemesError,
    chapter_themes,
    keyword_counts,
    keyword_hits,
    keyword_stems,
    keyword_weights,
    lexical_evidence,
    load_theme_labels,
    load_themes,
    micro_metrics,
    pick_themes,
    resolve_labels,
    standardise_over_themes,
    theme_scores,
    with_chapter_themes,
)

SLUGS = ["a", "b", "c", "d"]


# -- keywords ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("stems", "keywords", "counts"),
    [
        (["ouder", "school", "ouder"], [("ouder",)], [2]),
        (["school", "wijk"], [("school", "wijk")], [1]),
        (["wijk", "school"], [("school", "wijk")], [0]),  # a phrase only in its order
        (["school", "x", "wijk"], [("school", "wijk")], [0]),  # and only contiguous
        (["schoolwijk"], [("school",)], [0]),  # whole stems, not substrings
        ([], [("ouder",)], [0]),
        (["a", "b", "a", "b"], [("a", "b"), ("b",)], [2, 2]),
        (["ouder", "ouder"], [("ouder",)], [2]),  # repeats side by side count each
    ],
)
def test_keyword_counts(stems, keywords, counts):
    assert keyword_counts(stems, keywords) == counts
    assert keyword_hits(stems, keywords) == sum(1 for c in counts if c)


def test_keyword_stems_keeps_phrases_and_counts_forms_once():
    theme = ThemeDef("t", "T", "", ("wijkplan", "wijkplannen", "korte lijnen", "de", "  "))
    stems = keyword_stems(theme)
    assert len(stems) == 2  # plural folded into the singular; a stopword alone is no keyword
    assert len(stems[1]) == 2


def test_keyword_weights_favour_rare_keywords():
    chunks = [["school", "avg"], ["school"], ["school"], ["school", "ouder"]]
    w_school, w_avg, w_never = keyword_weights(chunks, [("school",), ("avg",), ("privacy",)])
    assert w_school < w_avg < w_never
    assert w_school == pytest.approx(math.log(5 / 5))


@pytest.mark.parametrize(
    ("counts", "weights", "expected"),
    [([0, 0], [1.0, 2.0], 0.0), ([1, 0], [1.0, 2.0], math.log(2)), ([0, 2], [1.0, 2.0], math.log(5))],
)
def test_lexical_evidence(counts, weights, expected):
    assert lexical_evidence(counts, weights) == pytest.approx(expected)


def test_lexical_evidence_is_dampened():
    one, ten = lexical_evidence([1], [1.0]), lexical_evidence([10], [1.0])
    assert one < ten < 10 * one


# -- scoring and picking --------------------------------------------------------------------------
def test_theme_scores_standardises_similarity_and_adds_keyword_evidence():
    params = ThemeParams(dense_weight=1.0, lexical_weight=0.0)
    scores = theme_scores(np.array([0.80, 0.82, 0.84, 0.86]), [0, 0, 0, 0], params)
    assert scores.mean() == pytest.approx(0.0) and scores.std() == pytest.approx(1.0)
    assert list(np.argsort(-scores)) == [3, 2, 1, 0]
    with_words = theme_scores(np.array([0.80, 0.82, 0.84, 0.86]), [2.0, 0, 0, 0], ThemeParams(1.0, 1.0))
    assert with_words[0] == pytest.approx(scores[0] + 2.0)


def test_theme_scores_centring_removes_a_theme_that_is_close_to_everything():
    dense = np.array([0.90, 0.86, 0.80, 0.80])  # theme a is close to every passage
    theme_mean = np.array([0.90, 0.80, 0.80, 0.80])
    plain = theme_scores(dense, [0] * 4, ThemeParams(lexical_weight=0.0, centring=0.0), theme_mean)
    centred = theme_scores(dense, [0] * 4, ThemeParams(lexical_weight=0.0, centring=1.0), theme_mean)
    assert int(np.argmax(plain)) == 0
    assert int(np.argmax(centred)) == 1


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([[1.0, 2.0, 3.0]], [[-1.2247, 0.0, 1.2247]]),
        ([[0.8, 0.8, 0.8]], [[0.0, 0.0, 0.0]]),  # no spread: zeros, not NaN
        ([[0.1, 0.3], [0.5, 0.5]], [[-1.0, 1.0], [0.0, 0.0]]),  # each row on its own
    ],
)
def test_standardise_over_themes(rows, expected):
    assert standardise_over_themes(np.array(rows)) == pytest.approx(np.array(expected), abs=1e-4)


# A passage vector that leans to theme a, while its sentences speak to theme b one by one.
PASSAGE = np.array([0.86, 0.85, 0.80, 0.80])
SENTENCES = np.array([[0.80, 0.90, 0.80, 0.80], [0.80, 0.88, 0.81, 0.80], [0.84, 0.83, 0.80, 0.80]])


@pytest.mark.parametrize(
    ("share", "sentences", "best"),
    [
        (0.0, SENTENCES, 0),  # the passage vector alone
        (0.3, None, 0),  # no sentence vectors: the passage vector alone
        (0.3, SENTENCES[:0], 0),  # a passage without sentences
        (0.5, SENTENCES, 1),  # the sentences tip it
        (1.0, SENTENCES, 1),
    ],
)
def test_theme_scores_sentence_share(share, sentences, best):
    params = ThemeParams(dense_weight=1.0, lexical_weight=0.0, sentence_share=share)
    scores = theme_scores(PASSAGE, [0] * 4, params, None, sentences)
    assert int(np.argmax(scores)) == best
    assert scores.std() == pytest.approx(1.0)  # still on the scale the thresholds were calibrated on


def test_theme_scores_sentence_share_mixes_standardised_rows():
    params = ThemeParams(dense_weight=1.0, lexical_weight=0.0, sentence_share=0.3)
    mixed = 0.7 * standardise_over_themes(PASSAGE) + 0.3 * standardise_over_themes(SENTENCES).mean(axis=0)
    assert theme_scores(PASSAGE, [0] * 4, params, None, SENTENCES) == pytest.approx(standardise_over_themes(mixed))


def test_sentence_vectors_by_chunk_splits_in_chunk_order():
    def with_sentences(cid, n):
        return replace(_chunk(cid, "x"), sentences=tuple(Sentence(i, i + 1) for i in range(n)))

    def document(chunks, vectors):
        doc = Document(meta=DocumentMeta(id="d", title="d"), path="d.txt", content_hash="", text="x")
        return IndexedDocument(doc, tuple(chunks), np.zeros((len(chunks), 2), np.float32), vectors)

    chunks = [with_sentences("a", 2), with_sentences("b", 0), with_sentences("c", 3)]
    vectors = np.arange(10, dtype=np.float32).reshape(5, 2)
    parts = document(chunks, vectors).sentence_vectors_by_chunk()
    assert [p.tolist() for p in parts] == [vectors[:2].tolist(), [], vectors[2:].tolist()]
    with pytest.raises(ValueError, match="d: 4 sentences but 5 sentence vectors"):
        document(chunks[:1] + [with_sentences("d", 2)], vectors).sentence_vectors_by_chunk()


def test_assigner_files_by_sentences_when_the_passage_vector_is_a_blend():
    themes = [ThemeDef("a", "A", "a"), ThemeDef("b", "B", "b"), ThemeDef("c", "C", "c")]
    theme_vectors = np.eye(3, 4, dtype=np.float32)
    passage = np.array([0.6, 0.5, 0.4, 0.0], dtype=np.float32)
    sentences = np.array([[0.2, 0.9, 0.1, 0.0], [0.3, 0.8, 0.2, 0.0]], dtype=np.float32)
    chunks = [_chunk("c1", "Een zin. Nog een zin.")]
    for share, expected in [(0.0, "a"), (0.5, "b")]:
        assigner = ThemeAssigner(
            themes, theme_vectors, ThemeParams(lexical_weight=0.0, threshold=0.5, sentence_share=share)
        )
        filed = assigner.assign_all(chunks, passage[None, :], [sentences])
        assert filed["c1"][0][0] == expected


def test_theme_scores_all_equal_similarity_gives_zero_not_nan():
    scores = theme_scores(np.full(4, 0.8), [0, 0, 0, 0], ThemeParams())
    assert np.all(scores == 0.0)


@pytest.mark.parametrize(
    ("scores", "threshold", "margin", "expected"),
    [
        ([5.0, 1.0, 0.5, 0.0], 3.0, 0.5, ["a"]),
        ([5.0, 4.0, 3.5, 3.2], 3.0, 0.5, ["a", "b", "c"]),  # never more than three
        ([5.0, 2.0, 0.0, 0.0], 1.0, 0.5, ["a"]),  # b is over the threshold but far below a
        ([5.0, 2.6, 0.0, 0.0], 1.0, 0.5, ["a", "b"]),
        ([2.0, 1.9, 0.0, 0.0], 3.0, 0.5, []),  # nothing strong enough: no theme
        ([0.0, 0.0, 4.0, 0.0], 3.0, 0.5, ["c"]),
    ],
)
def test_pick_themes(scores, threshold, margin, expected):
    params = ThemeParams(threshold=threshold, relative_margin=margin)
    picked = pick_themes(np.array(scores), SLUGS, params)
    assert [s for s, _ in picked] == expected
    assert len(picked) <= MAX_THEMES
    assert [sc for _, sc in picked] == sorted((sc for _, sc in picked), reverse=True)


def _chunk(cid: str, text: str, doc: str = "d", section: tuple[str, ...] = (), ordinal: int = 0) -> Chunk:
    return Chunk(
        id=cid,
        doc_id=doc,
        ordinal=ordinal,
        text=text,
        start=0,
        end=len(text),
        page_start=None,
        page_end=None,
        section=section,
    )


def test_assigner_files_by_keywords_and_heading():
    themes = [
        ThemeDef("privacy", "Privacy", "AVG en toestemming", ("AVG", "toestemming")),
        ThemeDef("ouders", "Ouders", "Samenwerken met ouders", ("ouders", "ouderbetrokkenheid")),
        ThemeDef("geld", "Geld", "Financiering", ("financiering", "budget")),
    ]
    vectors = np.eye(3, 8, dtype=np.float32)
    flat = np.full(8, 0.1, dtype=np.float32)  # equally (dis)similar to every theme: keywords decide
    chunks = [
        _chunk("c1", "De AVG vraagt toestemming van de jongere voor het delen van informatie."),
        _chunk("c2", "Een gewone zin zonder trefwoord.", section=("3. Samenwerken met ouders",)),
        _chunk("c3", "Het weer was mooi en de zon scheen."),
        _chunk("c4", "Ook dit gaat nergens over."),
    ]
    assigner = ThemeAssigner(themes, vectors, ThemeParams(lexical_weight=1.0, threshold=0.5, relative_margin=0.5))
    filed = assigner.assign_all(chunks, np.stack([flat] * 4))
    assert [s for s, _ in filed["c1"]] == ["privacy"]
    assert [s for s, _ in filed["c2"]] == ["ouders"]  # the chapter heading is evidence
    assert filed["c3"] == [] and filed["c4"] == []


def test_assigner_without_themes_files_nothing():
    assert ThemeAssigner([], np.zeros((0, 8), np.float32)).assign_all([_chunk("c", "tekst")], np.zeros((1, 8))) == {
        "c": []
    }


# -- grouping and representative passages ---------------------------------------------------------
def _hit(cid: str, rank: int, themes: tuple[tuple[str, float], ...], doc: str = "d") -> Hit:
    return Hit(
        chunk=_chunk(cid, "tekst", doc),
        meta=DocumentMeta(id=doc, title=doc),
        score=1.0 / rank,
        rank=rank,
        lexical_rank=None,
        dense_rank=None,
        themes=themes,
    )


@pytest.mark.parametrize(
    ("hits", "expected"),
    [
        ([], []),
        (
            [_hit("h1", 1, (("a", 5.0), ("b", 4.0))), _hit("h2", 2, (("b", 6.0),)), _hit("h3", 3, (("a", 4.0),))],
            [("a", ["h1", "h3"]), ("b", ["h2"])],  # h1 only under its strongest theme
        ),
        (
            [_hit("h1", 1, ()), _hit("h2", 2, (("c", 4.0),)), _hit("h3", 3, (("b", 4.0),))],
            [("c", ["h2"]), ("b", ["h3"]), (OTHER, ["h1"])],  # themeless last, even when it ranks first
        ),
        (
            [_hit("h1", 3, (("a", 4.0),)), _hit("h2", 1, (("b", 4.0),))],
            [("b", ["h2"]), ("a", ["h1"])],  # groups ordered by their best hit
        ),
    ],
)
def test_group_by_theme(hits, expected):
    groups = group_by_theme(hits, {"a": "Thema A", "b": "Thema B", "c": "Thema C"})
    assert [(g.slug, [h.chunk.id for h in g.hits]) for g in groups] == expected
    assert all(g.label == {"a": "Thema A", "b": "Thema B", "c": "Thema C"}.get(g.slug, "Overig") for g in groups)


@pytest.mark.parametrize(
    ("preferred", "expected"),
    [
        ((), [("a", ["h1"]), ("c", ["h2", "h3"])]),
        # filtered on theme b: a hit filed under b, though not first, is shown under b
        (("b",), [("b", ["h1", "h3"]), ("c", ["h2"])]),
        (("c", "b"), [("b", ["h1"]), ("c", ["h2", "h3"])]),  # the first asked theme it holds
        (("x",), [("a", ["h1"]), ("c", ["h2", "h3"])]),  # a theme no hit holds changes nothing
    ],
)
def test_group_by_theme_prefers_the_themes_asked_for(preferred, expected):
    hits = [
        _hit("h1", 1, (("a", 5.0), ("b", 4.0))),
        _hit("h2", 2, (("c", 6.0),)),
        _hit("h3", 3, (("c", 5.0), ("b", 4.5))),
    ]
    assert [(g.slug, [h.chunk.id for h in g.hits]) for g in group_by_theme(hits, {}, preferred)] == expected


@pytest.mark.parametrize(
    ("scored", "per_document", "limit", "expected"),
    [
        ([], 2, 10, []),
        ([("c1", "x", 3.0), ("c2", "x", 5.0), ("c3", "x", 4.0), ("c4", "y", 1.0)], 2, 10, ["c2", "c3", "c4"]),
        ([("c1", "x", 3.0), ("c2", "y", 5.0), ("c3", "z", 4.0)], 1, 2, ["c2", "c3"]),
        ([("b", "x", 2.0), ("a", "x", 2.0)], 2, 10, ["a", "b"]),  # ties by chunk id: stable output
    ],
)
def test_representative_passages(scored, per_document, limit, expected):
    chosen = representative_passages(scored, per_document, limit)
    assert [r.chunk_id for r in chosen] == expected
    per_doc: dict[str, int] = {}
    for r in chosen:
        per_doc[r.doc_id] = per_doc.get(r.doc_id, 0) + 1
    assert all(n <= per_document for n in per_doc.values())


# -- loading themes and labels ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[theme]]\nlabel = "Zonder slug"\n', "unique slug"),
        ('[[theme]]\nslug = "a"\n[[theme]]\nslug = "a"\n', "unique slug"),
        ("[[theme]\nslug = ", "themes.toml"),
    ],
)
def test_load_themes_errors(tmp_path, text, message):
    path = tmp_path / "themes.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ThemesError, match=message):
        load_themes(path)


def test_load_themes_missing_file_is_a_themes_error(tmp_path):
    with pytest.raises(ThemesError, match="nope.toml"):
        load_themes(tmp_path / "nope.toml")


def test_load_themes_reads_fields(tmp_path):
    path = tmp_path / "themes.toml"
    path.write_text(
        '[[theme]]\nslug = "a"\nlabel = "A"\ndescription = """\nTwee\nregels.\n"""\nkeywords = ["x", " ", "y z"]\n',
        encoding="utf-8",
    )
    assert load_themes(path) == [ThemeDef("a", "A", "Twee regels.", ("x", "y z"))]


def test_the_corpus_themes_file_loads():
    themes = load_themes(Path(__file__).resolve().parent.parent / "corpus" / "themes.toml")
    assert len(themes) == 14
    assert all(t.description and t.keywords and t.label for t in themes)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"doc": "d", "quote": "q"}', "not a label"),
        ("niet json", "not a label"),
        ('{"doc": "d", "quote": "q", "themes": ["onbekend"]}', "unknown theme"),
        ('{"doc": "d", "quote": "q", "themes": ["a", "b", "c", "d"]}', "more than 3"),
    ],
)
def test_load_theme_labels_errors(tmp_path, line, message):
    path = tmp_path / "labels.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(ThemesError, match=message):
        load_theme_labels(path, SLUGS)


def test_resolve_labels_needs_exactly_one_passage():
    chunks = {"d": [("c1", "Eerste passage, over Ouders en School."), ("c2", "Tweede passage over ouders en school.")]}
    labels = [
        ThemeLabel("d", "eerste passage over ouders", ("a",)),  # case and punctuation do not matter
        ThemeLabel("d", "over ouders en school", ("a",)),  # in both passages
        ThemeLabel("d", "staat nergens", ()),
        ThemeLabel("e", "eerste passage", ()),  # another document
    ]
    found, problems = resolve_labels(labels, chunks)
    assert found == {0: "c1"}
    assert len(problems) == 3 and "over ouders en school" in problems[0] and "matches 2" in problems[0]


@pytest.mark.parametrize(
    ("pairs", "precision", "recall"),
    [
        ([(["a"], ["a"]), (["b"], ["b"])], 1.0, 1.0),
        ([(["a", "b"], ["a"]), ([], ["c"])], 0.5, 0.5),
        ([(["a"], [])], 1.0, 0.0),
        ([([], [])], 1.0, 1.0),
    ],
)
def test_micro_metrics(pairs, precision, recall):
    m = micro_metrics(pairs)
    assert (m.precision, m.recall) == (pytest.approx(precision), pytest.approx(recall))


# -- reassign: new themes without re-embedding passages -----------------------------------------------
class CountingEmbedder:
    """The fake embedder, counting what it is asked to embed."""

    def __init__(self) -> None:
        self.inner = create_embedder("fake")
        self.name, self.dim = self.inner.name, self.inner.dim
        self.queries: list[str] = []
        self.passages: list[str] = []

    def embed_queries(self, texts):
        self.queries += list(texts)
        return self.inner.embed_queries(texts)

    def embed_passages(self, texts, batch_size=16):
        self.passages += list(texts)
        return self.inner.embed_passages(texts, batch_size)


THEMES_V1 = """
[[theme]]
slug = "ouders"
label = "Ouders"
description = "Samenwerken met ouders."
keywords = ["ouders", "ouderbetrokkenheid"]
"""

THEMES_V2 = (
    THEMES_V1
    + """
[[theme]]
slug = "verzuim"
label = "Verzuim"
description = "Leerlingen die niet naar school gaan."
keywords = ["verzuim", "thuiszitters", "leerplicht"]
"""
)

TEXTS = {
    "ouders.txt": "Ouders en school\n\nDe school betrekt ouders bij elk gesprek. Ouderbetrokkenheid helpt kinderen. "
    "Ouders kennen hun kind het beste en denken mee over de aanpak op school.\n",
    "verzuim.txt": "Verzuim\n\nBij verzuim belt de school meteen. Thuiszitters krijgen snel een plek. "
    "De leerplicht geldt voor elke leerling en verzuim wordt elke week besproken. Over verzuim en "
    "thuiszitters praten school en leerplicht samen, want verzuim is een signaal.\n",
    # passages about neither theme, so that the keywords are rare in this small corpus as in a real one
    **{
        f"overig-{i}.txt": f"Onderwerp {i}\n\nDit stuk gaat over {w} in de gemeente. De wethouder spreekt over {w}. "
        f"Iedereen vindt {w} belangrijk voor de stad en de regio.\n"
        for i, w in enumerate(["fietspaden", "parkeren", "bibliotheken", "sportvelden", "vuilnis", "bomen"])
    },
}


@pytest.fixture
def small_index(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in TEXTS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    (corpus / "themes.toml").write_text(THEMES_V1, encoding="utf-8")
    index = tmp_path / "index"
    ingest([corpus], index, create_embedder("fake"), themes_path=corpus / "themes.toml", progress=no_progress)
    return corpus, index


def _snapshot(index: Path):
    store = IndexStore.open(gens.current_generation(index))
    vectors, rowids = store.chunk_vectors()
    by_id = {store.chunks([int(r)])[int(r)].chunk.id: v for r, v in zip(rowids, vectors, strict=True)}
    filed = store.all_chunk_themes()
    slugs = [t.slug for t in store.themes()]
    store.close()
    return by_id, filed, slugs


# Files every chunk under its three best themes with their scores, so that the stored scores
# show which vectors the indexer used.
EAGER = ThemeParams(lexical_weight=0.0, threshold=-100.0, relative_margin=-100.0, sentence_share=0.5)


class _EagerAssigner(ThemeAssigner):
    def __init__(self, themes, theme_vectors, params=None):  # noqa: ANN001
        super().__init__(themes, theme_vectors, EAGER)


def _refiled(index: Path, with_sentences: bool) -> tuple[dict, dict]:
    """What the store holds, and the themes recomputed from its vectors: each chunk with the
    vectors of its own sentences (looked up by its sentence range), or with none."""
    store = IndexStore.open(gens.current_generation(index))
    vectors, rowids = store.chunk_vectors()
    records = store.chunks(int(r) for r in rowids)
    ranges = store.sentence_ranges([int(r) for r in rowids])
    chunks = [records[int(r)].chunk for r in rowids]
    sentences = [store.sentence_vectors[ranges[int(r)][0] - 1 : ranges[int(r)][1]] for r in rowids]
    assigner = ThemeAssigner(store.themes(), store.theme_vectors, EAGER)
    recomputed = assigner.assign_all(chunks, vectors, sentences if with_sentences else None)
    filed = store.all_chunk_themes()
    store.close()

    def rounded(themes):  # noqa: ANN001, ANN202
        return {c: sorted((s, round(x, 3)) for s, x in ts) for c, ts in themes.items()}

    return rounded(filed), rounded(recomputed)


def test_ingest_and_reassign_file_each_chunk_with_its_own_sentences(tmp_path, monkeypatch):
    monkeypatch.setattr("search.theme_filing.ThemeAssigner", _EagerAssigner)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in TEXTS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    three = THEMES_V2 + '[[theme]]\nslug = "geld"\nlabel = "Geld"\ndescription = "Budget en financiering."\n'
    (corpus / "themes.toml").write_text(three, encoding="utf-8")
    index = tmp_path / "index"
    ingest([corpus], index, create_embedder("fake"), themes_path=corpus / "themes.toml", progress=no_progress)
    for step in ("ingest", "reassign"):
        if step == "reassign":
            four = three + '[[theme]]\nslug = "privacy"\nlabel = "Privacy"\ndescription = "De AVG en toestemming."\n'
            (corpus / "themes.toml").write_text(four, encoding="utf-8")
            reassign_themes(index, create_embedder("fake"), corpus / "themes.toml")
        filed, recomputed = _refiled(index, with_sentences=True)
        assert len(filed) > 1 and filed == recomputed, step
        _, passages_only = _refiled(index, with_sentences=False)
        assert filed != passages_only, step  # the sentences count


def test_reassign_embeds_only_the_theme_texts(small_index):
    corpus, index = small_index
    before_name = gens.current_name(index)
    vectors_before, filed_before, slugs_before = _snapshot(index)
    assert slugs_before == ["ouders"]
    assert all(slug == "ouders" for assigned in filed_before.values() for slug, _ in assigned)

    (corpus / "themes.toml").write_text(THEMES_V2, encoding="utf-8")
    embedder = CountingEmbedder()
    name, counts = reassign_themes(index, embedder, corpus / "themes.toml")

    assert embedder.passages == []  # no passage or sentence is embedded again
    assert len(embedder.queries) == 2 and "Verzuim" in embedder.queries[1]  # the two theme texts, once
    assert name != before_name and gens.current_name(index) == name  # a new generation is live
    vectors_after, filed_after, slugs_after = _snapshot(index)
    assert slugs_after == ["ouders", "verzuim"]
    assert vectors_after.keys() == vectors_before.keys()
    assert all(np.array_equal(vectors_before[c], vectors_after[c]) for c in vectors_before)
    verzuim_chunks = [c for c, assigned in filed_after.items() if any(s == "verzuim" for s, _ in assigned)]
    assert verzuim_chunks and counts.get("verzuim") == len(verzuim_chunks)


def test_cli_themes_reassign_and_list(small_index, monkeypatch, capsys):
    corpus, index = small_index
    (corpus / "themes.toml").write_text(THEMES_V2, encoding="utf-8")
    monkeypatch.setenv("KENNISBANK_EMBEDDER", "fake")
    monkeypatch.setenv("KENNISBANK_CORPUS_DIR", str(corpus))
    assert main(["--index", str(index), "themes", "reassign", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["generation"] == gens.current_name(index)
    assert main(["--index", str(index), "themes", "--json"]) == 0
    rows = {r["slug"]: r for r in json.loads(capsys.readouterr().out)}
    assert set(rows) == {"ouders", "verzuim"}
    assert rows["verzuim"]["passages"] == out["passages_per_theme"]["verzuim"] and rows["verzuim"]["documents"] >= 1


def test_cli_reassign_with_a_broken_themes_file_keeps_the_index(small_index, monkeypatch, capsys):
    corpus, index = small_index
    before = gens.current_name(index)
    (corpus / "themes.toml").write_text("[[theme]]\nslug = \n", encoding="utf-8")
    monkeypatch.setenv("KENNISBANK_EMBEDDER", "fake")
    monkeypatch.setenv("KENNISBANK_CORPUS_DIR", str(corpus))
    assert main(["--index", str(index), "themes", "reassign"]) == 1
    assert "themes.toml" in capsys.readouterr().err
    assert gens.current_name(index) == before


def test_cli_theme_unknown_slug_is_an_error(small_index, monkeypatch, capsys):
    _, index = small_index
    monkeypatch.setenv("KENNISBANK_EMBEDDER", "fake")
    assert main(["--index", str(index), "theme", "bestaat-niet"]) == 2  # a usage error
    assert "thema 'bestaat-niet' komt niet voor" in capsys.readouterr().err


# -- search: filtering and grouping per theme, end to end on the fake index ---------------------------
def _search_json(index: Path, monkeypatch, capsys, *args: str):
    monkeypatch.setenv("KENNISBANK_EMBEDDER", "fake")
    assert main(["--index", str(index), "search", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_search_theme_filter_and_grouping(fake_index, monkeypatch, capsys):
    index = fake_index.index_dir
    plain = _search_json(index, monkeypatch, capsys, "hoe voorkom je thuiszitters en verzuim", "--k", "20")
    hits = plain["hits"] if isinstance(plain, dict) else plain
    assert hits and all("themes" in h for h in hits)
    filtered = _search_json(
        index, monkeypatch, capsys, "hoe voorkom je thuiszitters en verzuim", "--theme", "thuiszitters"
    )
    fhits = filtered["hits"] if isinstance(filtered, dict) else filtered
    assert fhits and all(any(t["slug"] == "thuiszitters" for t in h["themes"]) for h in fhits)

    grouped = _search_json(index, monkeypatch, capsys, "samenwerken met ouders en het wijkteam", "--by-theme")
    ghits = {h["chunk_id"] if "chunk_id" in h else h["id"]: h for h in grouped["hits"]}
    seen = [cid for g in grouped["groups"] for cid in g["chunk_ids"]]
    assert sorted(seen) == sorted(ghits)  # every hit in exactly one group
    for g in grouped["groups"]:
        for cid in g["chunk_ids"]:
            themes = ghits[cid]["themes"]
            assert (themes[0]["slug"] if themes else "overig") == g["slug"]  # under its strongest theme


CHAPTER_THEMES = [
    ThemeDef("pedagogische-basis", "Sterke pedagogische basis", ""),
    ThemeDef("ouders", "Ouders", ""),
    ThemeDef("onderwijs-zorgarrangementen", "Onderwijs-zorgarrangementen", ""),
]


@pytest.mark.parametrize(
    ("section", "named"),
    [
        (("2. Sterke pedagogische basis op school", "Doen wat werkt"), ["pedagogische-basis"]),
        (("3. Samenwerken met ouders",), ["ouders"]),  # a plural, stemmed
        (("6. Onderwijs-zorgarrangementen", "Zorg sluit aan"), ["onderwijs-zorgarrangementen"]),
        (("Doen wat werkt", "Sterke pedagogische basis op school"), []),  # only the chapter (outermost) counts
        (("Een pedagogische basis",), []),  # every word of the label
        ((), []),
    ],
)
def test_chapter_themes(section, named):
    assert chapter_themes(section, CHAPTER_THEMES) == named


@pytest.mark.parametrize(
    ("picked", "named", "expected"),
    [
        ([("a", 2.0)], ["b"], [("a", 2.0), ("b", 0.0)]),  # added after the picked ones
        ([("a", 2.0), ("b", 1.0)], ["b"], [("a", 2.0), ("b", 1.0)]),  # picked already: as it was
        ([("a", 2.0), ("b", 1.0), ("c", 0.5)], ["d"], [("a", 2.0), ("b", 1.0), ("d", 0.0)]),  # the weakest gives way
        ([], ["d"], [("d", 0.0)]),
        ([("a", 2.0)], [], [("a", 2.0)]),
    ],
)
def test_with_chapter_themes(picked, named, expected):
    assert with_chapter_themes(picked, named) == expected
    assert len(with_chapter_themes(picked, named)) <= MAX_THEMES
