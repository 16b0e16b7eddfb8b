"""Keyword searches within one document: does the passage holding the word come first?

    python eval/keywords.py [--index DIR] [--per-document 25] [--seed 11] [--set NAME=VALUE ...] [--json]

"Zoek in dit document" is mostly used with a word or two ("ouders", "leesonderwijs
poortwachter"), not with the questions of the question sets. This script makes such searches
from the index itself, with a fixed seed: per document, words of six letters or more that one or
two of its passages use (one-word searches), and pairs of such words that one passage uses
together (two-word searches, each word in at most three of its passages). A search is answered
by a passage of that document holding every word (by stem). It reports hit@1 and MRR@10 per
document and overall for the default ranking, or for the settings given with `--set`
(`--set filtered_dense_span=false` is the ranking before stop 21).

The queries are generated, not written by a user, and favour the lexical retrievers by their
making: the figures judge ranking within a filter, not the search as a whole.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kennisbank.commands import open_searcher  # noqa: E402
from kennisbank.settings import Settings  # noqa: E402
from search.analyze import stem_set, word_tokens, words  # noqa: E402
from search.filters import Filters  # noqa: E402
from search.params import SearchOptions  # noqa: E402
from search.searcher import ONLY_WHEN_ASKED, with_params  # noqa: E402

MIN_LETTERS = 6


@dataclass(frozen=True)
class Passage:
    id: str
    doc_id: str
    text: str


@dataclass(frozen=True)
class KeywordQuery:
    doc_id: str
    query: str
    answers: frozenset[str]  # ids of the document's passages holding every word of the query


def keyword_queries(passages: Sequence[Passage], per_document: int = 25, seed: int = 11) -> list[KeywordQuery]:
    """Up to `per_document` one-word and `per_document` * 3 / 5 two-word searches per document."""
    rng = random.Random(seed)
    out: list[KeywordQuery] = []
    for doc_id in sorted({p.doc_id for p in passages}):
        own = [p for p in passages if p.doc_id == doc_id]
        stems = {p.id: stem_set(p.text) for p in own}
        surface: dict[str, str] = {}  # stem -> the first lower-case word form the document uses
        for p in own:
            for w in words(p.text):
                if len(w) >= MIN_LETTERS and w.isalpha() and w.islower():
                    st = word_tokens(w)
                    if st:
                        surface.setdefault(st[0], w)
        used_by = {s: {pid for pid, ss in stems.items() if s in ss} for s in surface}
        rare = sorted(s for s, ids in used_by.items() if 1 <= len(ids) <= 2)
        rng.shuffle(rare)
        out += [KeywordQuery(doc_id, surface[s], frozenset(used_by[s])) for s in rare[:per_document]]
        pairs = []
        for p in own:
            few = sorted(s for s in stems[p.id] if s in surface and len(used_by[s]) <= 3)
            if len(few) >= 2:
                a, b = rng.sample(few, 2)
                pairs.append(KeywordQuery(doc_id, f"{surface[a]} {surface[b]}", frozenset(used_by[a] & used_by[b])))
        rng.shuffle(pairs)
        out += pairs[: per_document * 3 // 5]
    return out


def first_answer(ranked_ids: Sequence[str], answers: Iterable[str], k: int = 10) -> int | None:
    wanted = set(answers)
    return next((i for i, pid in enumerate(ranked_ids[:k], start=1) if pid in wanted), None)


def summarise_ranks(ranks: Sequence[int | None]) -> dict[str, float]:
    n = len(ranks) or 1
    return {
        "n": len(ranks),
        "hit@1": sum(1 for r in ranks if r == 1) / n,
        "mrr@10": sum(1 / r for r in ranks if r) / n,
    }


def evaluate(queries: Sequence[KeywordQuery], search: Callable[[KeywordQuery], list[str]]) -> dict[str, dict]:
    ranks: dict[str, list[int | None]] = {}
    for q in queries:
        r = first_answer(search(q), q.answers)
        ranks.setdefault("all", []).append(r)
        ranks.setdefault(f"{q.doc_id} / {'two' if ' ' in q.query else 'one'}", []).append(r)
    return {key: summarise_ranks(v) for key, v in sorted(ranks.items())}


def parse_setting(text: str) -> tuple[str, object]:
    name, _, value = text.partition("=")
    low = value.strip().lower()
    if low in {"true", "false"}:
        return name, low == "true"
    if low == "none":
        return name, None
    try:
        return name, int(value) if low.lstrip("-").isdigit() else float(value)
    except ValueError:
        return name, value


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", type=Path)
    ap.add_argument("--per-document", type=int, default=25)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    settings = Settings.from_env()
    if args.index:
        settings = replace(settings, index_dir=args.index)
    changes: Mapping[str, object] = dict(parse_setting(s) for s in args.set)
    searcher = with_params(open_searcher(settings), **changes)
    rows = searcher.store.db.execute("SELECT id, doc_id, text, kind FROM chunks ORDER BY rowid").fetchall()
    passages = [Passage(i, d, t) for i, d, t, kind in rows if kind not in ONLY_WHEN_ASKED]
    queries = keyword_queries(passages, args.per_document, args.seed)

    def search(q: KeywordQuery) -> list[str]:
        options = SearchOptions(k=10, explain=False, filters=Filters(doc_ids=(q.doc_id,)))
        return [h.chunk.id for h in searcher.search(q.query, options).hits]

    report = evaluate(queries, search)
    if args.json:
        print(json.dumps({"settings": changes, "report": report}, ensure_ascii=False, indent=2))
        return 0
    print(f"{len(queries)} keyword searches within one document; settings: {dict(changes) or 'default'}")
    for key, s in report.items():
        print(f"  {key:<60} n={s['n']:>3}  hit@1 {s['hit@1']:.3f}  MRR@10 {s['mrr@10']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
