"""Whether a search is a weak match: the knowledge base holds nothing near the question, and the
page says so instead of showing passages as answers ("recept voor appeltaart")."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .analyze import matched_terms, part_of_compound, word_tokens, words
from .filters import Filters
from .params import RankingParams
from .store import IndexStore


def is_weak(best_dense: float, any_word_match: bool, top_word_share: float, params: RankingParams) -> bool:
    """No passage answers well: the best dense similarity is low and the words do not save it."""
    if not any_word_match:
        return best_dense < params.weak_dense_no_words
    return best_dense < params.weak_dense and top_word_share < 0.5


def weak_match(
    store: IndexStore,
    query: str,
    own_text: str,
    thesaurus_used: bool,
    first_text: str | None,
    lexical_texts: Sequence[str],
    filters: Filters,
    raw_query: np.ndarray,
    params: RankingParams,
) -> bool:
    """is_weak for a search of `query`: `own_text` is the user's words and the glossary's
    expansions (no thesaurus words), `thesaurus_used` whether the thesaurus added any,
    `first_text` the first passage shown, `lexical_texts` the passages the stems index found
    (for the words the search went by), `raw_query` the raw e5 query vector."""
    # The weak-match thresholds are calibrated on the best raw e5 cosine, whatever space ranks.
    best_dense = max(store.dense(raw_query, filters, 1).values(), default=0.0)
    query_words = {w for w in words(query) if word_tokens(w)}
    share = (
        len(matched_terms(query, first_text, compounds=True)) / len(query_words)
        if first_text is not None and query_words
        else 0.0
    )
    # A passage holding every word of the question answers it in the question's own words,
    # wherever the ranking puts it: "Planbureau" asked for in the reading lists, whose one
    # passage naming it ranks below passages e5 finds close to anything.
    if query_words and any(len(matched_terms(query, t, compounds=True)) == len(query_words) for t in lexical_texts):
        share = 1.0
    # The user's own words decide whether any word matched: a thesaurus word is a guess. A
    # one-letter word is no topic either: the "b" of "<b>??</b>" matches the "b" of "t.b.v.".
    own_tokens = word_tokens(own_text)
    counted = [t for t in own_tokens if len(t) > 1]
    words_matched = bool(lexical_texts)
    if words_matched and (thesaurus_used or len(counted) < len(own_tokens)):
        words_matched = bool(counted) and bool(store.lexical(counted, "fts_words", filters, 1))
    if not words_matched:  # "privacy", which the documents say only in "privacywetgeving"
        known = store.known_stems()
        words_matched = any(part_of_compound(t, known) for t in counted)
    return is_weak(best_dense, words_matched, share, params)
