"""What each `kennisbank` command does (cli.py parses the arguments and turns errors into exit
codes), and opening the searcher as the settings say, which the web service shares.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

from ingest.embed import create_embedder
from ingest.extract import SUPPORTED_SUFFIXES
from ingest.kinds import KINDS
from search.evaluate import Retrieved, format_table, load_questions, run_evaluation, split_halves, summarise
from search.filters import Filters
from search.glossary import Glossary, load_glossary
from search.grouping import group_by_theme
from search.handle import IndexHandle
from search.indexer import IngestReport, discover_files, ingest
from search.params import RankingParams, SearchOptions
from search.query import QueryError
from search.searcher import Searcher, with_params
from search.store import IndexStore
from search.theme_filing import reassign_themes
from search.thesaurus import Thesaurus, by_alternative, load_thesaurus

from .choices import ChoiceError, document_options, exact_choices, match_choices, match_years
from .reasons import dutch_reason
from .render import hit_to_json, print_hits, print_theme_groups, result_to_json
from .settings import Settings

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_SKIPPED = 0, 1, 2, 3

EVAL_MODES: dict[str, dict[str, object]] = {
    "hybrid": {},
    "lexical": {
        "weight_grams": 0.0,
        "weight_thesaurus": 0.0,
        "document_penalty": 0.0,
        "document_size_penalty": 0.0,
        "weight_dense": 0.0,
        "weight_lexical": 1.0,
    },
    "dense": {
        "weight_grams": 0.0,
        "weight_thesaurus": 0.0,
        "document_penalty": 0.0,
        "document_size_penalty": 0.0,
        "weight_lexical": 0.0,
        "weight_dense": 1.0,
        "sentence_mix": 0.0,
    },
    "rrf": {
        "fusion": "rrf",
        "weight_grams": 0.0,
        "weight_thesaurus": 0.0,
        "document_penalty": 0.0,
        "document_size_penalty": 0.0,
        "sentence_mix": 0.0,
        "weight_lexical": 1.0,
        "weight_dense": 1.0,
    },
}


def print_error(message: str) -> None:
    print(f"kennisbank: {message}", file=sys.stderr)


def glossary_for(settings: Settings) -> Glossary:
    return Glossary(load_glossary(settings.glossary_path)) if settings.glossary_path.exists() else Glossary([])


def thesaurus_for(settings: Settings) -> Thesaurus:
    return Thesaurus(load_thesaurus(settings.thesaurus_path)) if settings.thesaurus_path.exists() else Thesaurus([])


def params_for(settings: Settings) -> RankingParams:
    return RankingParams(fusion=settings.fusion)


def open_searcher(settings: Settings, params: RankingParams | None = None) -> Searcher:
    embedder = create_embedder(settings.embedder)
    handle = IndexHandle(
        settings.index_dir,
        embedder,
        params or params_for(settings),
        glossary_for(settings),
        settings.max_query_chars,
        thesaurus_for(settings),
    )
    return handle.searcher()


def _filters(args: argparse.Namespace, store: IndexStore) -> Filters:
    """The search filters, each value checked against the index: a value nothing matches is a
    usage error naming the options, not an empty result."""
    metas = store.document_metas()
    options = document_options(metas)
    try:
        return Filters(
            types=match_choices(args.type, options.types, "documenttype"),
            organisations=match_choices(args.organisation, options.organisations, "organisatie"),
            years=match_years(args.year, options.years),
            kinds=exact_choices(args.kind, list(KINDS), "soort passage"),
            themes=exact_choices(args.theme, [t.slug for t in store.themes()], "thema"),
            doc_ids=exact_choices(args.doc, [m.id for m in metas], "document"),
        )
    except ChoiceError as exc:
        raise QueryError(str(exc)) from exc


# -- commands -------------------------------------------------------------------------------------
def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    paths = [Path(p) for p in args.paths] or [settings.corpus_dir]
    missing = [p for p in paths if not p.exists()]
    if missing:  # a mistyped path: say so before anything is read or written
        for path in missing:
            print_error(f"{path} bestaat niet; er is niets ingelezen")
        return EXIT_USAGE
    found = IngestReport()
    if not args.prune and not discover_files(paths, found) and not found.skipped:
        # A folder without documents (mistyped, or the wrong one) read as a run that changed
        # nothing, exit 0. With --prune an emptied folder is meant: its documents go.
        print_error(
            f"geen documenten ({', '.join(SUPPORTED_SUFFIXES)}) gevonden in {', '.join(map(str, paths))}; er is niets ingelezen"
        )
        return EXIT_USAGE
    embedder = create_embedder(settings.embedder)
    report = ingest(
        paths,
        settings.index_dir,
        embedder,
        catalog_path=settings.catalog_path,
        themes_path=settings.themes_path,
        prune=args.prune,
        rebuild=args.rebuild,
    )
    for path, reason in report.skipped:
        print_error(f"{path} overgeslagen: {dutch_reason(reason)}")
    for path, same in report.duplicates:
        print_error(f"{path} overgeslagen: dezelfde inhoud als document '{same}'")
    for doc_id in report.missing:
        print_error(f"document '{doc_id}' heeft geen bestand meer; 'kennisbank ingest --prune' haalt het weg")
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        state = f"nieuwe generatie {report.generation}" if report.changed else "index ongewijzigd"
        print(
            f"{state}: {len(report.added)} toegevoegd, {len(report.updated)} bijgewerkt, "
            f"{len(report.unchanged)} ongewijzigd, {len(report.removed)} verwijderd, {len(report.skipped)} overgeslagen; "
            f"{report.chunks_total} passages ({report.chunks_embedded} ingebed, {report.chunks_reused} hergebruikt; "
            f"{report.sentences_embedded} zinnen ingebed) in {f'{report.seconds:.1f}'.replace('.', ',')} s"
        )
    return EXIT_SKIPPED if report.skipped else EXIT_OK


def cmd_remove(args: argparse.Namespace, settings: Settings) -> int:
    embedder = create_embedder(settings.embedder)
    store_dir = settings.index_dir
    searcher = open_searcher(settings)
    known = {m.id for m in searcher.store.document_metas()}
    missing = [d for d in args.doc_ids if d not in known]
    if missing:
        print_error(f"{'onbekend document' if len(missing) == 1 else 'onbekende documenten'}: {', '.join(missing)}")
        return EXIT_ERROR
    searcher.store.close()
    report = ingest(
        [],
        store_dir,
        embedder,
        catalog_path=settings.catalog_path,
        themes_path=settings.themes_path,
        remove_ids=args.doc_ids,
    )
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(
            f"verwijderd: {', '.join(report.removed)}; {report.chunks_total} passages over (generatie {report.generation})"
        )
    return EXIT_OK


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    searcher = open_searcher(settings)
    filters = _filters(args, searcher.store)
    result = searcher.search(args.query, SearchOptions(k=args.k, filters=filters, explain=True))
    labels = {t.slug: t.label for t in searcher.store.themes()}
    if args.json:
        payload = result_to_json(
            result, labels, by_theme=args.by_theme, explain=args.explain, themes_asked=filters.themes
        )
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return EXIT_OK
    for g in result.glossary:
        print(f"{g.term} = {g.expansion}")
    if result.thesaurus:
        groups = by_alternative(result.thesaurus)
        print("Ook gezocht op: " + "; ".join(f"{', '.join(ws)} (voor '{alt}')" for alt, ws in groups))
    if result.weak:
        print("Geen passage sluit goed aan bij deze vraag; probeer andere woorden of een thema.")
    if not result.hits:
        print("Geen resultaten.")
        return EXIT_OK
    if args.by_theme:
        print_theme_groups(group_by_theme(result.hits, labels, filters.themes), labels, explain=args.explain)
    else:
        print_hits(result.hits, labels, explain=args.explain)
    return EXIT_OK


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    questions = load_questions(Path(args.questions))
    base = open_searcher(settings)
    searcher = with_params(base, **EVAL_MODES[args.mode])
    seed_of = {m.id: (m.seed_file or m.id) for m in searcher.store.document_metas()}
    within: dict[str, Filters] = {}
    if args.within_document:
        # each question searched within the document of its first answer, as "Zoek in dit
        # document" does
        doc_of_seed = {seed: doc for doc, seed in seed_of.items()}
        unknown = sorted({q.relevant[0].doc for q in questions} - set(doc_of_seed))
        if unknown:
            print_error(f"niet in de index: {', '.join(unknown)}")
            return EXIT_USAGE
        within = {q.question: Filters(doc_ids=(doc_of_seed[q.relevant[0].doc],)) for q in questions}

    def retrieve(q: str) -> list[Retrieved]:
        options = SearchOptions(k=max(args.k, 10), explain=False, filters=within.get(q, Filters()))
        hits = searcher.search(q, options).hits
        return [Retrieved(seed_of.get(h.doc_id, h.doc_id), h.chunk.text, h.answer_texts()) for h in hits]

    outcomes = run_evaluation(questions, retrieve, k=args.k)
    summary = summarise(outcomes, k=args.k)
    halves = {}
    if args.halves:
        a, b = split_halves(questions, seed=args.seed)
        ids_a = {q.id for q in a}
        halves = {
            "half_a": summarise([o for o in outcomes if o.question.id in ids_a], k=args.k),
            "half_b": summarise([o for o in outcomes if o.question.id not in ids_a], k=args.k),
        }
    misses = [o for o in outcomes if o.rank is None or o.rank > 5]
    if args.json:
        payload: dict[str, object] = {"mode": args.mode, "k": args.k, "within_document": args.within_document}
        payload |= {"summary": summary, **halves}
        payload["questions"] = [
            {
                "id": o.question.id,
                "kind": o.question.kind,
                "rank": o.rank,
                f"recall@{args.k}": o.recall_at_k,
                "marked_ok": o.marked_ok,
            }
            for o in outcomes
        ]
        if args.misses:
            payload["misses"] = [
                {
                    "id": o.question.id,
                    "question": o.question.question,
                    "rank": o.rank,
                    "first": [{"doc": r.doc, "text": r.text[:300]} for r in o.top[:3]],
                }
                for o in misses
            ]
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return EXIT_OK
    scope = ", each within the document of its first answer" if args.within_document else ""
    print(f"mode: {args.mode}, {len(questions)} questions{scope}")
    print(format_table(summary, k=args.k))
    for name, s in halves.items():
        print(f"\n{name} (seed {args.seed})")
        print(format_table(s, k=args.k))
    if args.misses:
        print(f"\nNot in the top 5 ({len(misses)}):")
        for o in misses:
            print(f"\n{o.question.id} [{o.question.kind}] {o.question.question}  (rank {o.rank or '>' + str(args.k)})")
            print(f"   wanted: {o.question.relevant[0].doc}: {o.question.relevant[0].quote[:110]}")
            for i, r in enumerate(o.top[:3], start=1):
                print(f"   {i}. {r.doc}: {' '.join(r.text.split())[:110]}")
    return EXIT_OK


def cmd_themes(args: argparse.Namespace, settings: Settings) -> int:
    if args.action == "reassign":
        embedder = create_embedder(settings.embedder)
        name, counts = reassign_themes(settings.index_dir, embedder, settings.themes_path)
        if args.json:
            print(json.dumps({"generation": name, "passages_per_theme": counts}, ensure_ascii=False, indent=2))
        else:
            print(f"thema's opnieuw toegekend, zonder passages opnieuw in te bedden (generatie {name})")
            for slug, n in sorted(counts.items()):
                print(f"  {slug:<32} {n:>4} passages")
        return EXIT_OK
    store = open_searcher(settings).store
    rows = theme_overview(store)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"{'thema':<32}{'passages':>10}{'documenten':>12}  label")
    for r in rows:
        print(f"{r['slug']:<32}{r['passages']:>10}{r['documents']:>12}  {r['label']}")
    return EXIT_OK


def theme_overview(store) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    counts = {
        slug: (n, d)
        for slug, n, d in store.db.execute(
            "SELECT t.slug, count(*), count(DISTINCT c.doc_id) FROM chunk_themes t JOIN chunks c ON c.rowid=t.chunk_rowid GROUP BY t.slug"
        )
    }
    return [
        {
            "slug": t.slug,
            "label": t.label,
            "description": t.description,
            "passages": counts.get(t.slug, (0, 0))[0],
            "documents": counts.get(t.slug, (0, 0))[1],
        }
        for t in store.themes()
    ]


def cmd_theme(args: argparse.Namespace, settings: Settings) -> int:
    from search.themes_view import theme_passages

    searcher = open_searcher(settings)
    themes = {t.slug: t for t in searcher.store.themes()}
    if args.slug not in themes:
        print_error(f"thema '{args.slug}' komt niet voor; kies uit {', '.join(sorted(themes))}")
        return EXIT_USAGE
    records = theme_passages(searcher.store, args.slug, per_document=args.per_document, limit=args.limit)
    labels = {t.slug: t.label for t in themes.values()}
    if args.json:
        print(
            json.dumps(
                {
                    "slug": args.slug,
                    "label": themes[args.slug].label,
                    "passages": [hit_to_json(h, labels) for h in records],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return EXIT_OK
    print(f"{themes[args.slug].label}\n{themes[args.slug].description}\n")
    print_hits(records, labels, explain=False)
    return EXIT_OK


def cmd_documents(args: argparse.Namespace, settings: Settings) -> int:
    store = open_searcher(settings).store
    metas = store.document_metas()
    rows = [
        {
            "id": m.id,
            "title": m.title,
            "type": m.type,
            "organisation": m.organisation,
            "year": m.year,
            "passages": store.chunk_count(m.id),
        }
        for m in metas
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for r in rows:
            print(f"{r['id']:<52} {r['type']:<12} {r['year'] or '':<6} {r['passages']:>4}  {r['title']}")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from web.app import create_app

    settings = replace(settings, host=args.host or settings.host, port=args.port or settings.port)
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="info")
    return EXIT_OK
