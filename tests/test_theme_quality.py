"""Theme assignment on the real e5 index of the seed corpus, judged on the hand-labelled passages
(tests/data/theme_labels.jsonl; see eval/calibrate_themes.py for how the thresholds were chosen)."""

from __future__ import annotations

from pathlib import Path

import pytest

from search import generations as gens
from search.store import IndexStore
from search.themes import load_theme_labels, micro_metrics, per_theme_metrics, resolve_labels
from search.themes_view import theme_passages

LABELS = Path(__file__).resolve().parent / "data" / "theme_labels.jsonl"
SLUGS = [
    "wijkgericht-werken", "samenwerking-school-wijkteam", "preventie-vroegsignalering", "pedagogische-basis",
    "ouders", "thuiszitters", "onderwijs-zorgarrangementen", "passend-thuisnabij-onderwijs",
    "mbo-arbeidstoeleiding", "sturing-financiering", "professionalisering", "cultuur-vertrouwen",
    "monitoring-doelen", "privacy",
]  # fmt: skip


@pytest.fixture(scope="module")
def store(e5_index):
    s = IndexStore.open(gens.current_generation(e5_index.index_dir))
    yield s
    s.close()


@pytest.fixture(scope="module")
def resolved(store):
    labels = load_theme_labels(LABELS, [t.slug for t in store.themes()])
    docs = {lab.doc for lab in labels}
    chunks = {d: [(r.chunk.id, r.chunk.text) for r in store.document_chunks(d)] for d in docs}
    found, problems = resolve_labels(labels, chunks)
    return labels, found, problems


def test_the_index_has_the_fourteen_themes(store):
    assert [t.slug for t in store.themes()] == SLUGS


def test_labels_cover_every_document_and_enough_passages(store, resolved):
    labels, _, _ = resolved
    assert len(labels) >= 80
    assert {lab.doc for lab in labels} == {m.id for m in store.document_metas()}
    assert any(not lab.themes for lab in labels)  # passages that fit no theme are labelled too


def test_every_label_quote_finds_exactly_one_passage(resolved):
    _, _, problems = resolved
    assert not problems, "labelled quotes that do not resolve to exactly one passage:\n" + "\n".join(problems)


def test_theme_precision_and_recall_on_the_labelled_passages(store, resolved):
    labels, found, _ = resolved
    filed = store.all_chunk_themes()
    pairs = [(list(labels[i].themes), [s for s, _ in filed.get(cid, [])]) for i, cid in found.items()]
    m = micro_metrics(pairs)
    per_theme = per_theme_metrics(pairs, SLUGS)
    report = f"P {m.precision:.3f} R {m.recall:.3f} F1 {m.f1:.3f} over {len(pairs)} passages; per theme: " + ", ".join(
        f"{s} P {t.precision:.2f} R {t.recall:.2f}" for s, t in per_theme.items()
    )
    # Issue 3's bar (precision 0.80 at recall 0.70), at the thresholds eval/calibrate_themes.py
    # chose on these labels (0.819 / 0.716 since stop 25's re-calibration, with the chapters'
    # themes). Chosen and measured on the same 112 passages: cross-validated it is lower (see the
    # README), so this guards the calibration, not how well unseen passages are filed.
    assert m.precision >= 0.81, report
    assert m.recall >= 0.71, report


def test_every_theme_has_passages(store):
    counts = {slug: n for slug, n in store.db.execute("SELECT slug, count(*) FROM chunk_themes GROUP BY slug")}
    assert {s: counts.get(s, 0) for s in SLUGS if not counts.get(s)} == {}


def test_theme_thuiszitters_shows_passages_from_three_documents(store):
    hits = theme_passages(store, "thuiszitters")
    docs = [h.doc_id for h in hits]
    assert len(set(docs)) >= 3, docs
    assert all(docs.count(d) <= 2 for d in docs)
    assert all(any(s == "thuiszitters" for s, _ in h.themes) for h in hits)


def test_a_chapters_passages_are_filed_under_the_theme_its_title_names(store):
    """A trainer asking for the "Doen wat werkt" boxes of the theme "Onderwijs-zorgarrangementen"
    got none: the box of chapter 6 ("6. Onderwijs-zorgarrangementen") was filed under "Sturing en
    financiering" only, and that of chapter 2 under "Preventie en vroegsignalering"."""
    from search.themes import chapter_themes

    themes = store.themes()
    filed = store.all_chunk_themes()
    boxes = [
        r.chunk for d in store.document_metas() for r in store.document_chunks(d.id) if r.chunk.kind == "doen-wat-werkt"
    ]
    named = {c.id: chapter_themes(c.section, themes) for c in boxes}
    assert sum(1 for n in named.values() if n) >= 2  # the NJi chapters on pedagogy and on arrangements
    for chunk in boxes:
        slugs = [s for s, _ in filed.get(chunk.id, [])]
        assert set(named[chunk.id]) <= set(slugs), (chunk.id, chunk.section, slugs)
