"""The thesaurus from the passages' side: a fourth retriever that scores each passage by the
question's words among what a user may say instead of the passage's own words.

The query-side expansion (thesaurus.py) only adds a document's word for a query word that no
document uses: a word the documents do use finds its passages itself, and expanding it would
bury them. But a question in a user's own words mostly uses words the documents also use,
just not in the passage that answers it: "Wiens *taak* is het om te zorgen dat ieder kind zich
*zo goed mogelijk* kan ontplooien?" against "een *opdracht* … waar elk kind zich *optimaal* kan
ontwikkelen". Here every passage carries the alternatives of its words ("opdracht" -> "taak",
"optimaal" -> "zo goed mogelijk") as a second bag of stems, searched with BM25 (FTS5's k1 and b),
and fused at a low weight beside the others: evidence, never a match on its own. An alternative
of several words adds each of its stems ("zo goed mogelijk": "goed", "mogelijk"): requiring the
whole phrase in the question scored lower on the dev set. A passage's bag may hold a word the
passage also says itself ("taak" offered by "opdracht" beside "taak"): leaving those out scored
lower too. Entries of more than one stem ("korte lijnen", "vo-scholen") are not used here.

Built in memory from the stems index's postings when a searcher first needs it, so an edit of
corpus/thesaurus.toml takes effect at the next start without re-ingesting. Pure functions.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

# FTS5's own bm25() defaults, so the bag is weighed like the stems index beside it.
BM25_K1 = 1.2
BM25_B = 0.75


@dataclass(frozen=True)
class ExpansionIndex:
    postings: Mapping[str, Mapping[int, int]]  # alternative stem -> {passage rowid: how often}
    lengths: Mapping[int, int]  # passage rowid -> stems in its bag
    passages: int  # passages in the generation (for the inverse document frequency)
    average_length: float
    offers: Mapping[str, frozenset[str]]  # corpus stem -> the alternative stems it offers
    names: Mapping[str, str]  # corpus stem -> the word as the thesaurus writes it (for explanations)


def build_expansion_index(
    stem_postings: Mapping[str, Collection[int]],
    alternatives: Mapping[str, Sequence[frozenset[str]]],
    passages: int,
    names: Mapping[str, str] | None = None,
) -> ExpansionIndex:
    """Each passage's bag: the stems of the alternatives of every distinct stem it holds.

    `stem_postings` maps a stem to the passages holding it (the stems index); `alternatives` a
    corpus stem to its alternatives' stems (Thesaurus.alternatives_by_stem), `names` that stem
    to its word. A stem that two alternatives of a passage's words offer counts twice."""
    flat = {stem: [s for alt in alts for s in alt] for stem, alts in alternatives.items()}
    postings: dict[str, dict[int, int]] = {}
    lengths: dict[int, int] = {}
    for stem, rowids in stem_postings.items():
        offered = flat.get(stem)
        if not offered:
            continue
        for rowid in rowids:
            lengths[rowid] = lengths.get(rowid, 0) + len(offered)
            for s in offered:
                bag = postings.setdefault(s, {})
                bag[rowid] = bag.get(rowid, 0) + 1
    passages = max(passages, len(lengths))
    average = sum(lengths.values()) / passages if passages else 0.0
    offers = {stem: frozenset(stems) for stem, stems in flat.items()}
    return ExpansionIndex(
        MappingProxyType({s: MappingProxyType(bag) for s, bag in postings.items()}),
        MappingProxyType(lengths),
        passages,
        average,
        MappingProxyType(offers),
        MappingProxyType(dict(names or {})),
    )


def bag_frequency(index: ExpansionIndex, stem: str) -> int:
    """In how many passages' bags a stem is: how many passages say it in other words."""
    return len(index.postings.get(stem, ()))


def idf(index: ExpansionIndex, stem: str) -> float:
    """BM25's inverse document frequency of a stem among the bags (Lucene's form, never below 0)."""
    df = bag_frequency(index, stem)
    return math.log(1 + (index.passages - df + 0.5) / (df + 0.5))


def expansion_scores(
    index: ExpansionIndex,
    query_stems: Iterable[str],
    allowed: Collection[int] | None = None,
    limit: int | None = None,
) -> dict[int, float]:
    """BM25 of the query's distinct stems against the passages' bags (higher is better),
    only over `allowed` passages when given; the best `limit` when given."""
    scores: dict[int, float] = {}
    for stem in dict.fromkeys(query_stems):
        bag = index.postings.get(stem)
        if not bag:
            continue
        weight = idf(index, stem)
        for rowid, tf in bag.items():
            if allowed is not None and rowid not in allowed:
                continue
            norm = 1 - BM25_B + BM25_B * index.lengths[rowid] / index.average_length
            scores[rowid] = scores.get(rowid, 0.0) + weight * tf * (BM25_K1 + 1) / (tf + BM25_K1 * norm)
    if limit is not None and len(scores) > limit:
        kept = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        return dict(kept)
    return scores


def related_words(
    index: ExpansionIndex, query_words: Iterable[tuple[str, str]], passage_stems: Collection[str]
) -> tuple[str, ...]:
    """Why the passage-side expansion found a passage: "taak ~ opdracht" for each query word
    (given as (word, stem)) that the thesaurus offers for a word of the passage, which the
    passage itself does not hold; in query order."""
    out: list[str] = []
    for word, stem in dict.fromkeys(query_words):
        if stem in passage_stems:
            continue
        sources = sorted(index.names.get(t, t) for t in passage_stems if stem in index.offers.get(t, ()))
        if sources:
            out.append(f"{word} ~ {', '.join(sources)}")
    return tuple(out)


def offered_stems(index: ExpansionIndex, stems: Iterable[str]) -> frozenset[str]:
    """Every stem the thesaurus offers for any of `stems` (a sentence's): what it also says."""
    return frozenset(s for t in stems for s in index.offers.get(t, ()))
