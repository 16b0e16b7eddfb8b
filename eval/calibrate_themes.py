"""Calibrate theme assignment (ThemeParams) on the hand-labelled passages, honestly.

    python eval/calibrate_themes.py [--index DIR] [--labels tests/data/theme_labels.jsonl] [--seed 7]

Each labelled passage is the chunk of its document whose reduced text holds the label's quote.
Per chunk the similarities to the theme texts and the keyword hits are computed once (from the
index: no embedding); every ThemeParams setting is then a cheap re-scoring (the whole grid takes
about five minutes here). Printed: micro precision/recall/F1 of the best settings on all labels,
per theme for the chosen one, and a 2-fold cross-validation (fixed seed): choose on one half,
report on the other, both ways.
A setting is chosen by F1 among those with precision >= 0.8 (the issue's bar), else by F1.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kennisbank.settings import Settings  # noqa: E402
from search import generations as gens  # noqa: E402
from search.store import IndexStore, sentence_rows  # noqa: E402
from search.themes import (  # noqa: E402
    ThemeAssigner,
    ThemeEvidence,
    ThemeLabel,
    ThemeMetrics,
    ThemeParams,
    chunk_stems,
    load_theme_labels,
    micro_metrics,
    per_theme_metrics,
    pick_themes,
    resolve_labels,
    theme_scores,
)

GRID = {
    "dense_weight": [0.0, 1.0],
    "lexical_weight": [0.0, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0],
    "threshold": [round(x, 2) for x in np.arange(1.0, 5.01, 0.1)],
    "relative_margin": [0.3, 0.4, 0.5, 0.6, 0.7, 0.8],
    "centring": [0.0, 0.25, 0.5, 0.75, 1.0],
    "sentence_share": [0.0, 0.15, 0.3, 0.5],
}
PRECISION_BAR = 0.8

Features = tuple[ThemeEvidence, np.ndarray]  # a passage's evidence, the themes' corpus means


def settings_grid() -> list[ThemeParams]:
    out = []
    for dw, lw, th, rm, ce, ss in itertools.product(*GRID.values()):
        if (dw == 0.0 and lw == 0.0) or (dw == 0.0 and (ce != 0.0 or ss != 0.0)):
            continue
        out.append(
            ThemeParams(
                dense_weight=dw, lexical_weight=lw, threshold=th, relative_margin=rm, centring=ce, sentence_share=ss
            )
        )
    return out


def predict(features: Sequence[Features], slugs: Sequence[str], params: ThemeParams) -> list[list[str]]:
    return [
        [s for s, _ in pick_themes(theme_scores(ev.dense, ev.lexical, params, mean, ev.sentences), slugs, params)]
        for ev, mean in features
    ]


def evaluate(
    gold: Sequence[Sequence[str]], features: Sequence[Features], slugs: Sequence[str], params: ThemeParams
) -> ThemeMetrics:
    return micro_metrics(list(zip(gold, predict(features, slugs, params), strict=True)))


def choose(results: Sequence[tuple[ThemeParams, ThemeMetrics]]) -> tuple[ThemeParams, ThemeMetrics]:
    good = [r for r in results if r[1].precision >= PRECISION_BAR]
    pool = good or list(results)
    # ties: the simpler, less eager setting (higher threshold) wins
    return max(pool, key=lambda r: (round(r[1].f1, 4), r[1].precision, r[0].threshold))


def fmt(m: ThemeMetrics) -> str:
    return f"P {m.precision:.3f}  R {m.recall:.3f}  F1 {m.f1:.3f}  (tp {m.true_positives}, predicted {m.predicted}, gold {m.gold})"


def fmt_params(p: ThemeParams) -> str:
    return (
        f"dense {p.dense_weight:<4} lexical {p.lexical_weight:<4} threshold {p.threshold:<4} "
        f"margin {p.relative_margin:<4} centring {p.centring:<4} sentences {p.sentence_share}"
    )


def load_features(
    index_dir: Path, labels_path: Path
) -> tuple[list[ThemeLabel], list[list[str]], list[Features], list[str]]:
    store = IndexStore.open(gens.current_generation(index_dir))
    themes = store.themes()
    if not themes:
        raise SystemExit(f"the index in {index_dir} has no themes: run 'kennisbank themes reassign' first")
    slugs = [t.slug for t in themes]
    labels = load_theme_labels(labels_path, slugs)
    docs = {lab.doc for lab in labels}
    records = {doc: store.document_chunks(doc) for doc in docs}
    found, problems = resolve_labels(labels, {d: [(r.chunk.id, r.chunk.text) for r in rs] for d, rs in records.items()})
    for line in problems:
        print("unresolved:", line, file=sys.stderr)
    # corpus statistics over every chunk, as the indexer computes them when it files the chunks
    vectors, rowids = store.chunk_vectors()
    every = store.chunks(int(r) for r in rowids)
    stems_of = {int(r): chunk_stems(every[int(r)].chunk) for r in rowids}
    assigner = ThemeAssigner(themes, store.theme_vectors)
    stats = assigner.corpus_stats([stems_of[int(r)] for r in rowids], vectors)
    vector_of = {int(r): v for r, v in zip(rowids, vectors, strict=True)}
    ranges = store.sentence_ranges([int(r) for r in rowids])
    by_id = {r.chunk.id: r for rs in records.values() for r in rs}
    kept = sorted(found)
    feats = []
    for i in kept:
        rowid = by_id[found[i]].rowid
        lo, hi = ranges[rowid]
        sentences = store.sentence_vectors[sentence_rows(lo, hi)]
        feats.append((assigner.features(stems_of[rowid], vector_of[rowid], stats, sentences), stats.theme_mean))
    return [labels[i] for i in kept], [list(labels[i].themes) for i in kept], feats, slugs


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", type=Path, default=None)
    ap.add_argument("--labels", type=Path, default=ROOT / "tests" / "data" / "theme_labels.jsonl")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--top", type=int, default=10)
    args = ap.parse_args(argv)
    index_dir = args.index or Settings.from_env().index_dir
    labels, gold, feats, slugs = load_features(index_dir, args.labels)
    print(
        f"{len(labels)} labelled passages resolved; {sum(len(g) for g in gold)} theme labels; {sum(not g for g in gold)} without theme"
    )

    grid = settings_grid()
    current = ThemeParams()
    print(f"\ncurrent defaults: {fmt_params(current)}\n  {fmt(evaluate(gold, feats, slugs, current))}")

    results = [(p, evaluate(gold, feats, slugs, p)) for p in grid]
    print(f"\nbest {args.top} of {len(grid)} settings on all labels (precision >= {PRECISION_BAR} first):")
    ranked = sorted(
        results, key=lambda r: (r[1].precision >= PRECISION_BAR, round(r[1].f1, 4), r[1].precision), reverse=True
    )
    for p, m in ranked[: args.top]:
        print(f"  {fmt_params(p)}   {fmt(m)}")
    subsets = [(f"dense_weight {dw}", lambda p, dw=dw: p.dense_weight == dw) for dw in GRID["dense_weight"]]
    subsets += [("dense only", lambda p: p.lexical_weight == 0.0), ("no sentences", lambda p: p.sentence_share == 0.0)]
    for name, keep in subsets:
        part = [r for r in results if keep(r[0])]
        if part:
            p, m = choose(part)
            print(f"  best with {name:<18} {fmt_params(p)}   {fmt(m)}")

    chosen, chosen_m = choose(results)
    print(f"\nchosen on all labels: {fmt_params(chosen)}\n  {fmt(chosen_m)}")
    pairs = list(zip(gold, predict(feats, slugs, chosen), strict=True))
    print("\nper theme (chosen setting):")
    for slug, m in per_theme_metrics(pairs, slugs).items():
        print(
            f"  {slug:<30} P {m.precision:.2f}  R {m.recall:.2f}  F1 {m.f1:.2f}  (tp {m.true_positives}, predicted {m.predicted}, gold {m.gold})"
        )

    order = list(range(len(labels)))
    random.Random(args.seed).shuffle(order)
    halves = [sorted(order[: len(order) // 2]), sorted(order[len(order) // 2 :])]
    print(f"\n2-fold cross-validation (seed {args.seed}): choose on one half, report on the other")
    held_pairs: list[tuple[list[str], list[str]]] = []
    for k, (train, test) in enumerate([(halves[0], halves[1]), (halves[1], halves[0])], start=1):
        tr = [(p, evaluate([gold[i] for i in train], [feats[i] for i in train], slugs, p)) for p in grid]
        p, m = choose(tr)
        pred = predict([feats[i] for i in test], slugs, p)
        held = micro_metrics(list(zip([gold[i] for i in test], pred, strict=True)))
        held_pairs += list(zip([gold[i] for i in test], pred, strict=True))
        print(f"  fold {k}: chosen {fmt_params(p)}\n     train {fmt(m)}\n     held-out {fmt(held)}")
    print(f"  pooled held-out: {fmt(micro_metrics(held_pairs))}")
    if replace(chosen) != current:
        print(f"\nto adopt: {chosen}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
