"""The `kennisbank` command line: ingest, search, eval, themes, serve.

Every command that prints results has --json. Errors are one line on stderr, in Dutch, with a
non-zero exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from ingest.embed import EmbedderError
from search import generations as gens
from search.glossary import GlossaryError
from search.manifest import IndexError_
from search.query import QueryError
from search.themes import ThemesError
from search.thesaurus import ThesaurusError

from .commands import (
    EVAL_MODES,
    EXIT_ERROR,
    EXIT_OK,
    EXIT_USAGE,
    cmd_documents,
    cmd_eval,
    cmd_ingest,
    cmd_remove,
    cmd_search,
    cmd_serve,
    cmd_theme,
    cmd_themes,
    print_error,
)
from .messages import dutch_error
from .settings import Settings, SettingsError

MAX_RESULTS = 100


def _whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"geen geheel getal: '{text}'") from None


def _positive(text: str) -> int:
    value = _whole_number(text)
    if not 1 <= value <= MAX_RESULTS:
        raise argparse.ArgumentTypeError(f"moet tussen 1 en {MAX_RESULTS} liggen, niet {value}")
    return value


# -- parser ---------------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="kennisbank", description="Kennisbank 'Doen wat werkt': ingest and search Dutch policy texts."
    )
    p.add_argument("--index", help="index directory (default: KENNISBANK_INDEX_DIR or index/)")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("ingest", help="add or update documents (default: corpus/)")
    s.add_argument("paths", nargs="*")
    s.add_argument("--index", dest="index_sub")
    s.add_argument("--prune", action="store_true", help="remove documents whose file is gone")
    s.add_argument("--rebuild", action="store_true", help="re-read every document (vectors are still re-used)")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_ingest)

    s = sub.add_parser("remove", help="remove documents from the index")
    s.add_argument("doc_ids", nargs="+")
    s.add_argument("--index", dest="index_sub")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_remove)

    s = sub.add_parser("search", help="search the knowledge base")
    s.add_argument("query")
    s.add_argument("--k", type=_positive, default=10, help=f"number of passages (1-{MAX_RESULTS})")
    s.add_argument("--type", action="append", help="document type (notitie, publicatie, ...)")
    s.add_argument("--organisation", action="append", help="organisation, or a part of its name ('NJi')")
    s.add_argument("--year", action="append", type=_whole_number)
    s.add_argument("--kind", action="append", help="passage kind (praktijkvoorbeeld, doen-wat-werkt, ...)")
    s.add_argument("--theme", action="append", help="theme slug")
    s.add_argument("--doc", action="append", help="document id")
    s.add_argument("--by-theme", action="store_true", help="group the passages per theme")
    s.add_argument("--explain", action="store_true", help="show why each passage was found")
    s.add_argument("--index", dest="index_sub")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_search)

    s = sub.add_parser("eval", help="hit@k / MRR on a question set")
    s.add_argument("questions")
    s.add_argument("--k", type=_whole_number, default=10)
    s.add_argument("--mode", choices=sorted(EVAL_MODES), default="hybrid")
    s.add_argument("--halves", action="store_true", help="also report the two halves of a fixed-seed split")
    s.add_argument("--seed", type=_whole_number, default=7)
    s.add_argument("--misses", action="store_true", help="list questions whose answer is not in the top 5")
    s.add_argument(
        "--within-document",
        action="store_true",
        help="search each question within the document of its first answer ('Zoek in dit document')",
    )
    s.add_argument("--index", dest="index_sub")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_eval)

    s = sub.add_parser("themes", help="list themes, or 'themes reassign' after editing themes.toml")
    s.add_argument("action", nargs="?", choices=["list", "reassign"], default="list")
    s.add_argument("--index", dest="index_sub")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_themes)

    s = sub.add_parser("theme", help="a theme's most representative passages")
    s.add_argument("slug")
    s.add_argument("--per-document", type=_whole_number, default=2)
    s.add_argument("--limit", type=_whole_number, default=10)
    s.add_argument("--index", dest="index_sub")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_theme)

    s = sub.add_parser("documents", help="list the indexed documents")
    s.add_argument("--index", dest="index_sub")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_documents)

    s = sub.add_parser("serve", help="start the web interface")
    s.add_argument("--host")
    s.add_argument("--port", type=_whole_number)
    s.add_argument("--index", dest="index_sub")
    s.set_defaults(func=cmd_serve)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
        index = getattr(args, "index_sub", None) or args.index
        if index:
            settings = replace(settings, index_dir=Path(index))
        return int(args.func(args, settings))
    except (QueryError, SettingsError, EmbedderError, GlossaryError, ThesaurusError, ThemesError) as exc:
        print_error(dutch_error(exc))
        return EXIT_USAGE if isinstance(exc, QueryError) else EXIT_ERROR
    except (IndexError_, gens.IndexMissingError, gens.IndexBusyError) as exc:
        print_error(dutch_error(exc))
        return EXIT_ERROR
    except FileNotFoundError as exc:
        print_error(f"bestand niet gevonden: {exc.filename or exc}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        print_error("afgebroken; de index is niet veranderd")
        return 130
    except BrokenPipeError:
        # The reader went away ("kennisbank search ... | head"): not an error of ours. Point
        # stdout at nothing so the interpreter's final flush does not raise again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
