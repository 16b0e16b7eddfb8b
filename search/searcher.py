"""Hybrid search: BM25 over stems and over character 5-grams, e5 dense vectors mixed with
the best sentence's similarity, fused on normalised scores (or ranks), near-duplicates folded."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import replace

import numpy as np

from ingest.embed import Embedder
from ingest.kinds import KINDS

from .analyze import char_grams, matched_terms, query_word_stems, stem_set, word_tokens
from .dedupe import collapse_near_duplicates
from .diversify import diversify_by_source, penalise_by_source_size
from .filters import Filters
from .fusion import min_max_normalise, rank, reciprocal_rank_fusion, weighted_score_fusion
from .generation_writer import stems_index_text
from .glossary import Glossary
from .marking import mark_answer_sentences, series_topic, stem_weights, year_standing
from .models import Explanation, Hit, SearchResult, ThesaurusMatch
from .params import RankingParams, SearchOptions
from .passage_expansion import (
    ExpansionIndex,
    bag_frequency,
    build_expansion_index,
    expansion_scores,
    related_words,
)
from .query import MAX_QUERY_CHARS, validate_query
from .store import IndexStore, sentence_rows
from .thesaurus import Thesaurus
from .verdict import weak_match
from .years import asks_every_year, query_years

RETRIEVERS = ("lexical", "grams", "dense", "thesaurus")
# A reading list ("Verder lezen": authors and titles of publications) answers no question, but
# its titles are close to many questions in e5 ("Beter met minder. Bouwstenen voor een transformatie
# van het jeugdstelsel"): it is found only when its kind is asked for (--kind literatuur).
ONLY_WHEN_ASKED = frozenset({"literatuur"})


def verdict_filters(filters: Filters) -> Filters:
    """The filters the weak-match verdict is judged under: none, so that a filter does not change
    it, except that kinds found only when asked for stay in when the filters ask for them (a
    question about "Planbureau" within the reading lists is answered)."""
    asked = set(filters.kinds) & ONLY_WHEN_ASKED
    return Filters(kinds=tuple(sorted(set(KINDS)))) if asked else Filters()


def searchable(filters: Filters) -> Filters:
    """The filters a search applies: the kinds found only when asked for are left out unless the
    filters name kinds themselves (then only those are searched anyway). Applied in every
    retriever, so the ranks, the fusion and the weak-match check see the same passages as the hits."""
    if filters.kinds:
        return filters
    return replace(filters, hidden_kinds=tuple(sorted(ONLY_WHEN_ASKED)))


_PRACTICE_CUES = ("wat werkt", "voorbeeld", "hoe ", "aanpak", "tip", "aanbevel", "goed werkt", "werkwijze")
PRACTICE_KINDS = ("doen-wat-werkt", "praktijkvoorbeeld", "aanbeveling")


class Searcher:
    def __init__(
        self,
        store: IndexStore,
        embedder: Embedder,
        params: RankingParams | None = None,
        glossary: Glossary | None = None,
        max_query_chars: int = MAX_QUERY_CHARS,
        thesaurus: Thesaurus | None = None,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.params = params or RankingParams()
        self.glossary = glossary or Glossary([])
        self.max_query_chars = max_query_chars
        self.thesaurus = thesaurus or Thesaurus([])
        self._qcache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._expansion: ExpansionIndex | None = None
        self._expansion_lock = threading.Lock()

    def embed_query(self, query: str) -> np.ndarray:
        vec = self._qcache.get(query)
        if vec is None:
            vec = self.embedder.embed_queries([query])[0]
            self._qcache[query] = vec
            if len(self._qcache) > 512:
                self._qcache.popitem(last=False)
        return vec

    def search(self, query: str, options: SearchOptions | None = None) -> SearchResult:
        options = options or SearchOptions()
        q = validate_query(query, self.max_query_chars)
        verdict = verdict_filters(options.filters)
        if options.filters == verdict:
            return self._search(q, options)[0]
        # "Weak" means the knowledge base holds nothing near the question, and a filter does not
        # change that: judged within the filter, "ouders" in the SWV deck (no slide as close as
        # passages elsewhere) was weak and the page hid the slide that names parents, while "hoe
        # laat gaat de trein" under a theme filter was answered by "een rijdende trein". The
        # verdict is the unfiltered search's.
        unfiltered, dense_span = self._search(q, SearchOptions(k=1, explain=False, filters=verdict))
        # Nor does a filter make e5's small differences large: among a document's few passages
        # min-max normalisation stretched cosines 0.03 apart over the whole dense weight, and for
        # "ouders" in the SWV deck the one slide naming parents came sixth of fourteen. The dense
        # scores within a filter are spread over at least the span they have in the whole index.
        span = dense_span if self.params.filtered_dense_span else 0.0
        result = self._search(q, options, dense_min_span=span, weak=unfiltered.weak)[0]
        verdict_ms = unfiltered.timings_ms["total_ms"]
        timings = {**result.timings_ms, "verdict_ms": verdict_ms}
        timings["total_ms"] += verdict_ms
        return replace(result, timings_ms=timings)

    def _search(
        self, q: str, options: SearchOptions, dense_min_span: float = 0.0, weak: bool | None = None
    ) -> tuple[SearchResult, float]:
        """The search under `options`, and the span of its dense scores. `weak` given is the
        verdict; otherwise it is judged here."""
        p = self.params
        filters = searchable(options.filters)
        t0 = time.perf_counter()
        stems = word_tokens(q)
        own_text = self.lexical_query(q, thesaurus=False)  # the user's words and abbreviations
        expansions = self.thesaurus_matches(q)
        lexical_text = " ".join([own_text, *(m.word for m in expansions)])
        lexical = (
            self.store.lexical(word_tokens(lexical_text), "fts_words", filters, p.candidates)
            if p.weight_lexical
            else {}
        )
        gram_scores = (
            self.store.lexical(char_grams(lexical_text), "fts_grams", filters, p.candidates) if p.weight_grams else {}
        )
        passage_side = (
            self.passage_expansion(stems, filters, p.candidates)
            if p.weight_thesaurus and self._uses_thesaurus()
            else {}
        )
        t1 = time.perf_counter()
        raw_query = self.embed_query(q)  # also needed to pick the answer sentences in a lexical-only run
        t2 = time.perf_counter()
        space = self.store.ranking_vectors(p.isotropy_directions)
        qvec = space.query(raw_query)
        dense_chunk = self.store.dense(qvec, filters, p.candidates, space) if p.weight_dense else {}
        candidates = list(dict.fromkeys([*dense_chunk, *lexical, *gram_scores, *passage_side]))
        sentence_best = self._best_sentences(candidates, qvec, space.sentences)
        missing = [c for c in candidates if c not in dense_chunk]
        if missing:
            dense_chunk.update(space.chunk_similarity(missing, qvec))
        dense = (
            {
                c: (1 - p.sentence_mix) * dense_chunk[c] + p.sentence_mix * sentence_best.get(c, (dense_chunk[c], 0))[0]
                for c in candidates
            }
            if p.weight_dense
            else {}
        )
        maps = {"lexical": lexical, "grams": gram_scores, "dense": dense, "thesaurus": passage_side}
        weights = [p.weight_lexical, p.weight_grams, p.weight_dense, p.weight_thesaurus]
        min_spans = {"dense": dense_min_span}
        if p.fusion == "rrf":
            fused = reciprocal_rank_fusion([rank(maps[r]) for r in RETRIEVERS], weights=weights)
        else:
            fused = weighted_score_fusion(
                [maps[r] for r in RETRIEVERS], weights, [min_spans.get(r, 0.0) for r in RETRIEVERS]
            )
        records = self.store.chunks(candidates)
        # A passage standing wholly under other years than the one asked cannot give its figure,
        # when some passage can: for a year no passage holds ("doelen 2030") the other years'
        # goals are the nearest answer, and the search goes by no year (nobody pays, all marked).
        years = query_years(q)
        standing = {c: year_standing(self.store, records[c], years) for c in fused} if years else {}
        if not any(v > 0 for v in standing.values()):
            years = frozenset()
        year_cost: dict[int, float] = {}
        if years and p.year_mismatch_penalty and p.fusion != "rrf":  # rank fusion: scores of another scale
            for c, v in standing.items():
                if v < 0:
                    fused[c] -= p.year_mismatch_penalty
                    year_cost[c] = p.year_mismatch_penalty
        if p.kind_boost and any(cue in q.lower() for cue in _PRACTICE_CUES):
            for c in fused:
                if records[c].chunk.kind in PRACTICE_KINDS:
                    fused[c] += p.kind_boost
        combined = fused
        doc_of = {c: records[c].chunk.doc_id for c in fused}
        if p.document_size_penalty and p.fusion != "rrf":  # rank fusion's scores have another scale
            sizes = self.store.passages_per_document(filters)
            fused = penalise_by_source_size(fused, doc_of, sizes, p.document_size_penalty)
        ordered = rank(fused)
        if p.document_penalty and p.fusion != "rrf":
            diversified = diversify_by_source(ordered, fused, doc_of, p.document_penalty)
            ordered = [c for c, _ in diversified]
            fused = dict(diversified)
        t3 = time.perf_counter()
        kept = collapse_near_duplicates(
            [records[c].chunk.text for c in ordered[: max(options.k * 3, 30)]], p.collapse_threshold
        )
        expansion_text = lexical_text[len(q) :].strip()  # what the glossary and thesaurus added
        ranks = {r: {c: i for i, c in enumerate(rank(maps[r]), start=1)} for r in RETRIEVERS}
        norm = {r: min_max_normalise(maps[r], min_spans.get(r, 0.0)) for r in RETRIEVERS}
        top = kept[: options.k]
        themes = self.store.chunk_themes([ordered[i] for i, _ in top])
        expansion = self.expansion_index() if self._uses_thesaurus() else None
        said_otherwise = {s: bag_frequency(expansion, s) for s in stems} if expansion is not None else None
        stem_weight = stem_weights(stems, self.store.stem_frequencies(), self.store.chunk_count(), said_otherwise)
        every_year = asks_every_year(q)
        # Asked for every year, a passage marks the best sentence under each of its years only when
        # it holds what the figures are asked of: "doelen thuiszitters per jaar" marked the five
        # yearly TLV targets of the TLV slide below the thuiszitters slide, as goals for each year.
        # Another passage marks its best one or two, as for any question.
        passage_stems = (
            {ordered[i]: stem_set(stems_index_text(records[ordered[i]].chunk)) for i, _ in top} if every_year else {}
        )
        topic = series_topic(stem_weight, frozenset().union(*passage_stems.values())) if passage_stems else None
        question_stems = query_word_stems(q)
        hits = []
        shown: dict[str, set[int]] = {}  # per document, where the sentences marked so far start
        for position, (i, folded) in enumerate(top, start=1):
            rowid = ordered[i]
            rec = records[rowid]
            # Marked sentences keep raw cosines: the stem and year weights below are calibrated on them.
            marked = mark_answer_sentences(
                self.store,
                rec,
                raw_query,
                stem_weight,
                years,
                expansion,
                p.related_stem_weight,
                every_year=every_year and (topic is None or topic in passage_stems.get(rowid, ())),
                shown=frozenset(shown.get(rec.chunk.doc_id, ())),
            )
            shown.setdefault(rec.chunk.doc_id, set()).update(s.start for s in marked.sentences)
            explanation = None
            if options.explain:
                explanation = Explanation(
                    ranks={r: ranks[r].get(rowid) for r in RETRIEVERS},
                    scores={r: round(norm[r].get(rowid, 0.0), 4) for r in RETRIEVERS},
                    best_sentence=rec.chunk.sentence_text(marked.sentences[marked.best]) if marked.sentences else "",
                    matched_terms=matched_terms(q, rec.chunk.text, compounds=True),
                    expanded_terms=matched_terms(expansion_text, rec.chunk.text) if expansion_text else (),
                    related_terms=(
                        related_words(expansion, question_stems, stem_set(stems_index_text(rec.chunk)))
                        if expansion is not None and passage_side.get(rowid)
                        else ()
                    ),
                    # of the sentence shown, in raw e5 cosine (the ranking's own score is in `scores`)
                    sentence_similarity=round(marked.best_similarity, 4),
                    sentence_score=round(marked.best_score, 4),
                    document_cost=round(combined[rowid] - fused[rowid], 4),
                    year_cost=year_cost.get(rowid, 0.0),
                )
            hits.append(
                Hit(
                    chunk=rec.chunk,
                    meta=rec.meta,
                    score=round(float(fused[rowid]), 6),
                    rank=position,
                    lexical_rank=ranks["lexical"].get(rowid),
                    dense_rank=ranks["dense"].get(rowid),
                    themes=tuple(themes.get(rowid, ())),
                    answer_sentences=marked.sentences,
                    answer_years=marked.years,
                    opening_year=marked.opening_year,
                    explanation=explanation,
                    duplicates=tuple(records[ordered[j]].chunk.id for j in folded),
                )
            )
        if weak is None:
            weak = weak_match(
                self.store,
                q,
                own_text,
                bool(expansions),
                hits[0].chunk.text if hits else None,
                [records[c].chunk.text for c in lexical],
                filters,
                raw_query,
                p,
            )
        t4 = time.perf_counter()
        timings = {
            "lexical_ms": (t1 - t0) * 1000,
            "embed_ms": (t2 - t1) * 1000,
            "rank_ms": (t3 - t2) * 1000,
            "hits_ms": (t4 - t3) * 1000,
            "total_ms": (t4 - t0) * 1000,
        }
        dense_span = max(dense.values()) - min(dense.values()) if dense else 0.0
        return SearchResult(
            query=q,
            hits=tuple(hits),
            glossary=tuple(self.glossary.find(q)),
            thesaurus=tuple(expansions),
            weak=weak,
            timings_ms=timings,
            years=years,
        ), dense_span

    def lexical_query(self, query: str, thesaurus: bool = True) -> str:
        """The text the BM25 retrievers search for: the query plus the expansion of each
        abbreviation it uses, so "TLV" also finds "toelaatbaarheidsverklaring", and the
        documents' words for its words no document uses ("statistieken" -> "kengetallen").
        The dense retriever keeps the user's words: e5 already places most abbreviations, and
        a question padded with synonyms is no longer the question."""
        parts = [query]
        if self.params.expand_glossary:
            parts += [m.expansion for m in self.glossary.find(query)]
        if thesaurus:
            parts += [m.word for m in self.thesaurus_matches(query)]
        return " ".join(parts)

    def thesaurus_matches(self, query: str) -> list[ThesaurusMatch]:
        if not self.params.expand_thesaurus or not len(self.thesaurus):
            return []
        return self.thesaurus.find(query, self.store.known_stems())

    def passage_expansion(self, stems: list[str], filters: Filters, limit: int) -> dict[int, float]:
        """The passages whose words the thesaurus says a user may put as the query does, by
        BM25 over those alternatives (passage_expansion.py), under the search's filters."""
        allowed = None if filters.is_empty() else frozenset(self.store.allowed_rowids(filters))
        return expansion_scores(self.expansion_index(), stems, allowed, limit)

    def expansion_index(self) -> ExpansionIndex:
        """The passages' bags of alternatives, built on first use (a server's first requests may
        come at once: built once, under a lock)."""
        with self._expansion_lock:
            if self._expansion is None:
                self._expansion = build_expansion_index(
                    self.store.stem_postings(),
                    self.thesaurus.alternatives_by_stem(),
                    self.store.chunk_count(),
                    self.thesaurus.words_by_stem(),
                )
            return self._expansion

    def _uses_thesaurus(self) -> bool:
        return self.params.expand_thesaurus and len(self.thesaurus) > 0

    # -- helpers -------------------------------------------------------------------------------
    def _best_sentences(self, rowids: list[int], qvec: np.ndarray, vectors: np.ndarray) -> dict[int, tuple[float, int]]:
        """Per chunk: the highest sentence similarity to the query and that sentence's row."""
        ranges = self.store.sentence_ranges(rowids)
        out: dict[int, tuple[float, int]] = {}
        for rowid, (lo, hi) in ranges.items():
            if hi < lo:
                continue
            sims = vectors[sentence_rows(lo, hi)] @ qvec
            j = int(np.argmax(sims))
            out[rowid] = (float(sims[j]), lo + j)
        return out


def with_params(searcher: Searcher, **changes: object) -> Searcher:
    """A searcher over the same store with some ranking parameters changed (for tuning)."""
    s = Searcher(
        searcher.store,
        searcher.embedder,
        replace(searcher.params, **changes),
        searcher.glossary,
        searcher.max_query_chars,
        searcher.thesaurus,
    )
    s._qcache = searcher._qcache
    s._expansion = searcher._expansion
    return s
