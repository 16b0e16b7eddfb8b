"""Tune ranking weights on the dev questions, honestly: grid-search on one half of a
fixed-seed split, report the other half, both ways, beside the all-questions figures.

    python eval/tune.py eval/dev-questions.jsonl [--index DIR] [--seed 7]

Retriever scores are computed once per question; each weight setting is then a cheap
re-ranking: the grid of 9,600 settings, tuned three times, runs in about forty minutes here.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kennisbank.cli import open_searcher  # noqa: E402
from kennisbank.settings import Settings  # noqa: E402
from search.analyze import char_grams, word_tokens  # noqa: E402
from search.dedupe import collapse_near_duplicates  # noqa: E402
from search.diversify import diversify_by_source, penalise_by_source_size  # noqa: E402
from search.evaluate import Retrieved, evaluate_question, load_questions, split_halves, summarise  # noqa: E402
from search.fusion import min_max_normalise, rank, reciprocal_rank_fusion  # noqa: E402
from search.searcher import RankingParams, searchable  # noqa: E402
from search.store import Filters  # noqa: E402


@dataclass
class Features:
    lexical: dict[int, float]
    grams: dict[int, float]
    dense_chunk: dict[int, float]
    dense_sentence: dict[int, float]
    thesaurus: dict[int, float]  # the passage-side thesaurus expansion (passage_expansion.py)


def compute_features(searcher, question: str, candidates: int, directions: int | None) -> Features:
    store = searcher.store
    f = searchable(Filters())  # what a search applies: reading lists left out
    lexical_text = searcher.lexical_query(question)
    lex = store.lexical(word_tokens(lexical_text), "fts_words", f, candidates)
    grams = store.lexical(char_grams(lexical_text), "fts_grams", f, candidates)
    space = store.ranking_vectors(directions)
    q = space.query(searcher.embed_query(question))
    dense = store.dense(q, f, 10_000, space)
    ranges = store.sentence_ranges(list(dense))
    sims = space.sentences @ q
    sent = {r: float(sims[lo - 1 : hi].max()) if hi >= lo else dense[r] for r, (lo, hi) in ranges.items()}
    thesaurus = searcher.passage_expansion(word_tokens(question), f, candidates)
    return Features(lex, grams, dense, sent, thesaurus)


def fused_ranking(feat: Features, p: RankingParams, doc_of: dict[int, str], sizes: Mapping[str, int]) -> list[int]:
    top_dense = dict(sorted(feat.dense_chunk.items(), key=lambda kv: -kv[1])[: p.candidates])
    thesaurus = feat.thesaurus if p.weight_thesaurus else {}
    cands = set(top_dense) | set(feat.lexical) | set(feat.grams) | set(thesaurus)
    dense = {c: (1 - p.sentence_mix) * feat.dense_chunk[c] + p.sentence_mix * feat.dense_sentence[c] for c in cands}
    maps = [feat.lexical, feat.grams, dense, thesaurus]
    weights = [p.weight_lexical, p.weight_grams, p.weight_dense, p.weight_thesaurus]
    if p.fusion == "rrf":
        fused = reciprocal_rank_fusion([rank(m) for m in maps], weights=weights)
    else:
        fused = {c: 0.0 for c in cands}
        for m, w in zip(maps, weights, strict=True):
            for c, v in min_max_normalise(m).items():
                fused[c] += w * v
    if p.document_size_penalty and p.fusion != "rrf":
        fused = penalise_by_source_size(fused, doc_of, sizes, p.document_size_penalty)
    ordered = rank(fused)
    if p.document_penalty and p.fusion != "rrf":
        ordered = [c for c, _ in diversify_by_source(ordered, fused, doc_of, p.document_penalty)]
    return ordered


def evaluate(questions, feats, texts, seed_of, p: RankingParams, k: int = 10):
    doc_of = {c: doc for c, (doc, _) in texts.items()}
    sizes = Counter(doc_of.values())
    outcomes = []
    for q in questions:
        ordered = fused_ranking(feats[p.isotropy_directions, q.id], p, doc_of, sizes)[:30]
        kept = collapse_near_duplicates([texts[c][1] for c in ordered], p.collapse_threshold)
        ranked = [Retrieved(seed_of[texts[ordered[i]][0]], texts[ordered[i]][1]) for i, _ in kept[:k]]
        outcomes.append(evaluate_question(q, ranked, k))
    return outcomes


def objective(summary) -> float:
    a = summary["all"]
    return a["mrr@10"] + a["hit@5"]


GRID = {
    "weight_lexical": [0.1, 0.2, 0.3, 0.5],
    "weight_grams": [0.0, 0.1, 0.2, 0.3, 0.5],
    "weight_thesaurus": [0.0, 0.1, 0.15, 0.2, 0.3],
    "document_penalty": [0.0, 0.08],
    "document_size_penalty": [0.0, 0.08],
    "sentence_mix": [0.0, 0.3, 0.5, 0.7],
    "isotropy_directions": [None, 0, 1, 2, 3, 5],  # None: raw e5 cosines (see search/isotropy.py)
}


def grid(base: RankingParams):
    keys = list(GRID)
    for values in itertools.product(*(GRID[k] for k in keys)):
        yield replace(base, **dict(zip(keys, values, strict=True)))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("questions")
    ap.add_argument("--index")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    settings = Settings.from_env()
    if args.index:
        settings = replace(settings, index_dir=Path(args.index))
    base = RankingParams()
    searcher = open_searcher(settings, base)  # the command line's own set-up (glossary, thesaurus)
    questions = load_questions(Path(args.questions))
    feats = {
        (d, q.id): compute_features(searcher, q.question, base.candidates, d)
        for d in GRID["isotropy_directions"]
        for q in questions
    }
    rows = searcher.store.db.execute("SELECT rowid, doc_id, text FROM chunks").fetchall()
    shown = set(searcher.store.allowed_rowids(searchable(Filters())))  # sizes count these, as a search does
    texts = {int(r): (d, t) for r, d, t in rows if int(r) in shown}
    seed_of = {m.id: (m.seed_file or m.id) for m in searcher.store.document_metas()}
    half_a, half_b = split_halves(questions, seed=args.seed)

    def best_on(qs):
        scored = [(objective(summarise(evaluate(qs, feats, texts, seed_of, p))), p) for p in grid(base)]
        return max(scored, key=lambda x: x[0])[1]

    report = {}
    for name, tune, held in (("a->b", half_a, half_b), ("b->a", half_b, half_a)):
        p = best_on(tune)
        report[name] = {
            "params": {k: getattr(p, k) for k in GRID},
            "held_out": summarise(evaluate(held, feats, texts, seed_of, p)),
        }
    p_all = best_on(questions)
    report["current"] = summarise(evaluate(questions, feats, texts, seed_of, base))
    report["current_params"] = {k: getattr(base, k) for k in GRID}
    report["best_all"] = {
        "params": {k: getattr(p_all, k) for k in GRID},
        "summary": summarise(evaluate(questions, feats, texts, seed_of, p_all)),
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    for name in ("a->b", "b->a"):
        a = report[name]["held_out"]["all"]
        print(f"{name}: tuned {report[name]['params']} -> held-out hit@5 {a['hit@5']:.3f} MRR {a['mrr@10']:.3f}")
        for kind in ("paraphrase", "practice", "number"):
            if kind in report[name]["held_out"]:
                s = report[name]["held_out"][kind]
                print(f"      {kind:<11} n={int(s['n'])} hit@5 {s['hit@5']:.3f} MRR {s['mrr@10']:.3f}")
    c = report["current"]["all"]
    print(
        f"current {report['current_params']}: hit@5 {c['hit@5']:.3f} MRR {c['mrr@10']:.3f} paraphrase hit@5 {report['current']['paraphrase']['hit@5']:.3f}"
    )
    b = report["best_all"]["summary"]["all"]
    print(
        f"best on all {report['best_all']['params']}: hit@5 {b['hit@5']:.3f} MRR {b['mrr@10']:.3f} (in-sample, optimistic)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
