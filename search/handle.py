"""The live generation of an index directory for a server: re-opened when another process
switches in a new one, so several server processes share one index and see each ingest."""

from __future__ import annotations

from pathlib import Path

from ingest.embed import Embedder

from . import generations as gens
from .glossary import Glossary
from .params import RankingParams
from .query import MAX_QUERY_CHARS
from .searcher import Searcher
from .store import IndexStore
from .thesaurus import Thesaurus


class IndexHandle:
    """The current generation of an index directory, re-opened when another process switches
    in a new one. A server keeps one handle; each request asks it for the searcher."""

    def __init__(
        self,
        index_dir: Path,
        embedder: Embedder,
        params: RankingParams | None = None,
        glossary: Glossary | None = None,
        max_query_chars: int = MAX_QUERY_CHARS,
        thesaurus: Thesaurus | None = None,
    ) -> None:
        self.index_dir = index_dir
        self.embedder = embedder
        self.params = params
        self.glossary = glossary
        self.max_query_chars = max_query_chars
        self.thesaurus = thesaurus
        self._name: str | None = None
        self._searcher: Searcher | None = None

    def searcher(self) -> Searcher:
        name = gens.current_name(self.index_dir)
        if self._searcher is None or name != self._name:
            gen = gens.current_generation(self.index_dir)
            store = IndexStore.open(gen, expected_embedder=self.embedder.name)
            old = self._searcher
            self._searcher = Searcher(
                store, self.embedder, self.params, self.glossary, self.max_query_chars, self.thesaurus
            )
            if old is not None:
                self._searcher._qcache = old._qcache
            self._name = gen.name
        return self._searcher

    @property
    def generation(self) -> str | None:
        return self._name
