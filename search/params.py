"""What a search runs with: the ranking parameters (RankingParams: the retrievers' weights, the
penalties and the weak-match thresholds, tuned on the dev questions) and one search's options
(SearchOptions: how many passages, the filters, whether to explain).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .filters import Filters
from .isotropy import TOP_DIRECTIONS


@dataclass(frozen=True)
class RankingParams:
    fusion: str = "minmax"  # or "rrf"
    weight_lexical: float = 0.3
    weight_grams: float = 0.3
    weight_dense: float = 1.0
    # BM25 of the question's words among the alternatives the thesaurus gives for each passage's
    # words (passage_expansion.py); 0 leaves it out. Both dev halves pick 0.15 (half a ties it
    # with 0.2, half b with 0.1).
    weight_thesaurus: float = 0.15
    sentence_mix: float = 0.3  # dense = (1 - mix) * chunk similarity + mix * best sentence similarity
    candidates: int = 60
    # Marked sentences: a question stem a sentence says only in other words (the thesaurus offers
    # it for one of the sentence's words: "taak" for "opdracht") counts this share of its weight,
    # as the user's word is then answered by the document's. Dev marked 33 of 37 at 0.6-1.0 (31
    # at 0); half a gains from 0.4 up, half b from 0.6: the lowest weight both halves pick.
    related_stem_weight: float = 0.6
    kind_boost: float = 0.0  # added for practice-type passages when the query asks what works
    # Taken off a passage's fused score for each passage of its document ranked above it
    # (diversify.py), so one long document does not fill the first places. In a sweep of 0.02-0.3
    # both dev halves rank 0.06-0.1 best (half a MRR@10 0.817, half b 0.788; 0.806 / 0.779
    # without): the middle taken. Hit.score is the adjusted score.
    document_penalty: float = 0.08
    # Taken off every passage's fused score: this x ln(passages in its document), as the longest
    # document's best passage is close to a question by chance more often than a short one's
    # (diversify.py). Half a gains from 0.04 up (MRR@10 0.817 -> 0.825), half b from 0.06 (0.788
    # -> 0.797, 0.802 at 0.08-0.12); half a loses a top-5 answer from 0.1: 0.08 taken.
    document_size_penalty: float = 0.08
    # Taken off a passage whose every sentence stands under another year than the one the
    # question names (marking.year_standing: "SLB doelen 2024" and a slide of 2026-2027), when
    # some candidate does hold that year.
    year_mismatch_penalty: float = 0.5
    # A filtered search spreads its dense scores over at least the span they have in the whole
    # index (Searcher.search), so a filter keeps e5's small differences small.
    filtered_dense_span: bool = True
    collapse_threshold: float = 0.6
    # A weak result (the UI then says so instead of showing noise), calibrated on e5-small: the 40
    # dev questions have a best chunk similarity of 0.840-0.881 and always a word match, off-topic
    # questions ("recept voor appeltaart", "hoe installeer ik Windows") 0.78-0.842.
    weak_dense: float = 0.835  # below this, weak unless the top passage holds half the query's words
    weak_dense_no_words: float = 0.85  # below this and no query word in any passage: weak
    expand_glossary: bool = True  # add the expansions of abbreviations to the lexical (not the dense) query
    # add the documents' words for query words no document uses, from corpus/thesaurus.toml
    # (lexical query only); False also leaves out the passage side: its retriever
    # (weight_thesaurus) and its part in the marking (related_stem_weight)
    expand_thesaurus: bool = True
    # Dense ranking compares vectors after removing the corpus mean and this many top principal
    # directions (isotropy.py); None compares the raw e5 cosines.
    isotropy_directions: int | None = TOP_DIRECTIONS


@dataclass(frozen=True)
class SearchOptions:
    k: int = 10
    filters: Filters = field(default_factory=Filters)
    explain: bool = True
