"""The reference configuration the retrieval issues compare against, run on the same
questions and the same cleaned texts as the pipeline: fixed 120-word windows (60-word
stride), BM25 over Snowball-Dutch stems, e5 cosine over the windows, reciprocal rank fusion.

    python eval/baseline.py eval/dev-questions.jsonl [--index DIR] [--json]

It reads the documents' cleaned text from the index (so cleaning is shared; chunking,
ranking and everything after are not) and embeds the windows itself (about a minute on two
cores; nothing is stored). It prints the same table as `kennisbank eval` for the dense,
BM25 and fused rankings, so the pipeline's figures have a measured reference beside them
instead of a remembered one.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.embed import create_embedder  # noqa: E402
from kennisbank.settings import Settings  # noqa: E402
from search import generations as gens  # noqa: E402
from search.analyze import word_tokens  # noqa: E402
from search.evaluate import Retrieved, format_table, load_questions, run_evaluation, summarise  # noqa: E402
from search.fusion import rank, reciprocal_rank_fusion  # noqa: E402
from search.store import IndexStore  # noqa: E402

WINDOW = 120
STRIDE = 60


@dataclass(frozen=True)
class Window:
    doc: str  # seed file name (what the questions cite) or document id
    text: str


def word_windows(text: str, size: int = WINDOW, stride: int = STRIDE) -> list[str]:
    """Overlapping windows of `size` words; the last one ends at the text's end."""
    ws = text.split()
    out = []
    for i in range(0, max(1, len(ws)), stride):
        out.append(" ".join(ws[i : i + size]))
        if i + size >= len(ws):
            break
    return [w for w in out if w]


class BM25:
    """Okapi BM25 (k1 1.2, b 0.75) over the windows' stems."""

    def __init__(self, docs: list[list[str]], k1: float = 1.2, b: float = 0.75) -> None:
        self.tf = [Counter(d) for d in docs]
        self.len = [len(d) for d in docs]
        self.avg = sum(self.len) / max(1, len(docs))
        df = Counter(t for d in docs for t in set(d))
        n = len(docs)
        self.idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}
        self.k1, self.b = k1, b

    def scores(self, terms: list[str]) -> dict[int, float]:
        out: dict[int, float] = {}
        for t in set(terms):
            idf = self.idf.get(t)
            if idf is None:
                continue
            for j, tf in enumerate(self.tf):
                f = tf.get(t, 0)
                if f:
                    norm = self.k1 * (1 - self.b + self.b * self.len[j] / self.avg)
                    out[j] = out.get(j, 0.0) + idf * f * (self.k1 + 1) / (f + norm)
        return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("questions")
    ap.add_argument("--index", default=None)
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    settings = Settings.from_env()
    index_dir = Path(args.index) if args.index else settings.index_dir
    embedder = create_embedder(settings.embedder)
    store = IndexStore.open(gens.current_generation(index_dir), expected_embedder=embedder.name)
    windows = []
    for meta in store.document_metas():
        doc = store.document(meta.id)
        if doc is not None:
            windows += [Window(meta.seed_file or meta.id, w) for w in word_windows(doc.text)]
    print(f"{len(windows)} windows of {WINDOW} words; embedding ...", file=sys.stderr)
    vectors = embedder.embed_passages([w.text for w in windows])
    bm25 = BM25([word_tokens(w.text) for w in windows])
    questions = load_questions(Path(args.questions))

    def ranking(mode: str):
        def retrieve(q: str) -> list[Retrieved]:
            dense = dict(enumerate((vectors @ embedder.embed_queries([q])[0]).tolist()))
            lexical = bm25.scores(word_tokens(q))
            if mode == "dense":
                order = rank(dense)
            elif mode == "bm25":
                order = rank(lexical)
            else:
                order = rank(reciprocal_rank_fusion([rank(lexical), rank(dense)]))
            return [Retrieved(windows[j].doc, windows[j].text) for j in order[: args.k]]

        return retrieve

    results = {}
    for mode in ("rrf", "bm25", "dense"):
        results[mode] = summarise(run_evaluation(questions, ranking(mode), k=args.k), k=args.k)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    for mode, summary in results.items():
        print(f"\nbaseline {mode}: {WINDOW}-word windows, {len(questions)} questions")
        print(format_table(summary, k=args.k))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
