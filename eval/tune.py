"""Tune ranking weights on the dev questions, honestly: grid-search on one half of a
fixed-seed split, report the other half, both ways, beside the all-questions figures.

    python eval/tune.py eval/dev-questions.jsonl [--index DIR] [--seed 7] [--splits 60] [--json]

Retriever scores are computed once per question and each setting of the grid ranks every
question once (a cheap re-ranking: the 9,600 settings take about half an hour here); every
choice below is then made from that table of ranks. A setting is chosen by its score smoothed
over its grid neighbours (search/selection.py), and, for comparison, by its own score alone
("argmax"). `--splits N` also tunes on N more random halvings, both ways, and prints the mean
held-out figures of both rules: one fixed split of 20 + 20 questions is a noisy judge.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kennisbank.commands import open_searcher  # noqa: E402
from kennisbank.settings import Settings  # noqa: E402
from search.analyze import char_grams, word_tokens  # noqa: E402
from search.dedupe import collapse_near_duplicates  # noqa: E402
from search.diversify import diversify_by_source, penalise_by_source_size  # noqa: E402
from search.evaluate import Retrieved, evaluate_question, load_questions, split_halves, summarise  # noqa: E402
from search.filters import Filters  # noqa: E402
from search.fusion import min_max_normalise, rank, reciprocal_rank_fusion  # noqa: E402
from search.params import RankingParams  # noqa: E402
from search.searcher import searchable  # noqa: E402
from search.selection import (  # noqa: E402
    SMOOTHING_PASSES,
    choose_setting,
    grid_neighbours,
    grid_settings,
    hits,
    question_scores,
    reciprocal_ranks,
)
from search.store import sentence_rows  # noqa: E402


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
    sent = {r: float(sims[sentence_rows(lo, hi)].max()) if hi >= lo else dense[r] for r, (lo, hi) in ranges.items()}
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


GRID = {
    "weight_lexical": [0.1, 0.2, 0.3, 0.5],
    "weight_grams": [0.0, 0.1, 0.2, 0.3, 0.5],
    "weight_thesaurus": [0.0, 0.1, 0.15, 0.2, 0.3],
    "document_penalty": [0.0, 0.08],
    "document_size_penalty": [0.0, 0.08],
    "sentence_mix": [0.0, 0.3, 0.5, 0.7],
    "isotropy_directions": [None, 0, 1, 2, 3, 5],  # None: raw e5 cosines (see search/isotropy.py)
}
RULES = {"smoothed": SMOOTHING_PASSES, "argmax": 0}  # how many smoothing passes each rule makes


def grid(base: RankingParams) -> list[RankingParams]:
    return [replace(base, **values) for values in grid_settings(GRID)]


def rank_table(questions, feats, texts, seed_of, settings: list[RankingParams]) -> np.ndarray:
    """settings x questions: the rank of each question's first answer (0: none in the top 10)."""
    table = np.zeros((len(settings), len(questions)), dtype=np.int16)
    for i, p in enumerate(settings):
        table[i] = [o.rank or 0 for o in evaluate(questions, feats, texts, seed_of, p)]
    return table


@dataclass(frozen=True)
class Halving:
    seed: int
    tuned_on: tuple[str, ...]  # question ids
    held_out: tuple[str, ...]
    setting: int  # index into the grid
    mrr: float  # MRR@10 on held_out
    hit5: float


def halvings(questions, table: np.ndarray, neighbours, seeds) -> dict[str, list[Halving]]:
    """Per rule, a setting chosen on each half of each seed's split and scored on the other half,
    both ways round, from `table` (settings x questions: first-answer ranks, 0 for none)."""
    per_question = question_scores(table)
    column = {q.id: i for i, q in enumerate(questions)}
    out: dict[str, list[Halving]] = {rule: [] for rule in RULES}
    for seed in seeds:
        a, b = split_halves(questions, seed=seed)
        for tune, held in ((a, b), (b, a)):
            held_columns = [column[q.id] for q in held]
            for rule in RULES:
                i = choose(per_question, [column[q.id] for q in tune], neighbours, rule)
                ranks = table[i, held_columns]
                out[rule].append(
                    Halving(
                        seed,
                        tuple(q.id for q in tune),
                        tuple(q.id for q in held),
                        i,
                        float(reciprocal_ranks(ranks).mean()),
                        float(hits(ranks).mean()),
                    )
                )
    return out


def choose(per_question: np.ndarray, columns: list[int], neighbours, rule: str) -> int:
    return choose_setting(per_question[:, columns], neighbours, RULES[rule])


def prepare(searcher, questions, base: RankingParams):
    """What every setting re-ranks from: the retrievers' scores per question (for each number
    of directions in the grid), the passages a search can show, and each document's seed file."""
    feats = {
        (d, q.id): compute_features(searcher, q.question, base.candidates, d)
        for d in GRID["isotropy_directions"]
        for q in questions
    }
    rows = searcher.store.db.execute("SELECT rowid, doc_id, text FROM chunks").fetchall()
    shown = set(searcher.store.allowed_rowids(searchable(Filters())))  # sizes count these, as a search does
    texts = {int(r): (d, t) for r, d, t in rows if int(r) in shown}
    seed_of = {m.id: (m.seed_file or m.id) for m in searcher.store.document_metas()}
    return feats, texts, seed_of


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("questions")
    ap.add_argument("--index")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--splits", type=int, default=60, help="random halvings for the rules' mean held-out figures")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    settings = Settings.from_env()
    if args.index:
        settings = replace(settings, index_dir=Path(args.index))
    base = RankingParams()
    searcher = open_searcher(settings, base)  # the command line's own set-up (glossary, thesaurus)
    questions = load_questions(Path(args.questions))
    feats, texts, seed_of = prepare(searcher, questions, base)
    candidates = grid(base)
    neighbours = grid_neighbours(GRID)
    table = rank_table(questions, feats, texts, seed_of, candidates)
    per_question = question_scores(table)
    column = {q.id: i for i, q in enumerate(questions)}

    def columns(qs) -> list[int]:
        return [column[q.id] for q in qs]

    def params(p: RankingParams) -> dict:
        return {k: getattr(p, k) for k in GRID}

    report: dict = {"current_params": params(base)}
    report["current"] = summarise(evaluate(questions, feats, texts, seed_of, base))
    half_a, half_b = split_halves(questions, seed=args.seed)
    for rule in RULES:
        for name, tune, held in (("a->b", half_a, half_b), ("b->a", half_b, half_a)):
            p = candidates[choose(per_question, columns(tune), neighbours, rule)]
            report[f"{rule} {name}"] = {
                "params": params(p),
                "held_out": summarise(evaluate(held, feats, texts, seed_of, p)),
            }
        p_all = candidates[choose(per_question, list(range(len(questions))), neighbours, rule)]
        report[f"{rule} all"] = {
            "params": params(p_all),
            "summary": summarise(evaluate(questions, feats, texts, seed_of, p_all)),
        }
    if args.splits:
        report["splits"] = {
            rule: {
                "halvings": 2 * args.splits,
                "mrr@10": float(np.mean([h.mrr for h in found])),
                "hit@5": float(np.mean([h.hit5 for h in found])),
            }
            for rule, found in halvings(questions, table, neighbours, range(1000, 1000 + args.splits)).items()
        }
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    c = report["current"]["all"]
    print(
        f"current {report['current_params']}: hit@5 {c['hit@5']:.3f} MRR {c['mrr@10']:.3f} paraphrase hit@5 {report['current']['paraphrase']['hit@5']:.3f}"
    )
    for rule in RULES:
        print(f"\n{rule}:")
        for name in ("a->b", "b->a"):
            r = report[f"{rule} {name}"]
            a = r["held_out"]["all"]
            print(f"  {name}: tuned {r['params']} -> held-out hit@5 {a['hit@5']:.3f} MRR {a['mrr@10']:.3f}")
            for kind in ("paraphrase", "practice", "number"):
                if kind in r["held_out"]:
                    s = r["held_out"][kind]
                    print(f"        {kind:<11} n={int(s['n'])} hit@5 {s['hit@5']:.3f} MRR {s['mrr@10']:.3f}")
        if "splits" in report:
            sp = report["splits"][rule]
            print(f"  {sp['halvings']} random halvings, held-out mean: hit@5 {sp['hit@5']:.3f} MRR {sp['mrr@10']:.3f}")
        b = report[f"{rule} all"]["summary"]["all"]
        print(
            f"  on all: {report[f'{rule} all']['params']}: hit@5 {b['hit@5']:.3f} MRR {b['mrr@10']:.3f} (in-sample, optimistic)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
