"""Which sentences of a found passage answer the question: the ones the pages mark, the CLI
brackets and the "Kern" collects.

Each sentence that can answer (no heading, title or reading-list line: markable.can_answer) is
scored by its raw e5 cosine with the question, plus the rarity-weighted share of the question's
stems it holds (those it says only in other words, by the thesaurus, in part), plus a nudge
towards the year the question asks about. The best one or two are marked, in passage order; for
a question about every year ("doelen per jaar") the best sentence under each year of the passage;
for a question naming a year, never a sentence that stands under another year.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ingest.models import Chunk, Sentence

from .analyze import stem_set, word_tokens
from .markable import can_answer, list_end, marked_bounds, repeats
from .passage_expansion import ExpansionIndex, offered_stems
from .store import ChunkRecord, IndexStore, sentence_rows
from .years import FIGURE_WORDS, WHEN_WORDS, best_per_year, goal_template, sentence_years, year_fit

# e5 similarities of one passage's sentences lie within ~0.05 of each other: 0.1 puts every
# sentence of the asked year before those of the other years without reordering within a year.
YEAR_WEIGHT = 0.1
# The weight of the rarity-weighted share of query stems beside the e5 cosine. An unweighted
# share at 0.1 let a sentence sharing "scholen" and "adviseurs" beat the one naming the "AVG"
# asked about; 0.2-0.5 score alike on both dev halves (marked 31 of 37, was 28).
STEM_WEIGHT = 0.3
# A second sentence is marked when it scores within this of the best one.
SECOND_MARGIN = 0.02
# A question about every year marks the best sentence under each year, for at most this many
# years (the SWV deck sets goals for five: 2023-2027).
MOST_YEARS = 8


@dataclass(frozen=True)
class MarkedSentences:
    sentences: tuple[Sentence, ...]  # in passage order
    best_similarity: float  # the best one's raw e5 cosine with the question (0.0 when none)
    years: tuple[int | None, ...]  # per sentence, the year it stands under
    best: int = 0  # which of `sentences` scored best (the one an explanation and "Kern" quote first)
    opening_year: int | None = None  # the year the passage opens under (opening_year)
    # the best one's whole score: raw e5 cosine, plus its share of the question's stems and the
    # year nudge (comparable between the passages of one search, as "Kern" compares them)
    best_score: float = 0.0


def stem_weights(
    stems: Iterable[str],
    frequencies: Mapping[str, int],
    passages: int,
    said_otherwise: Mapping[str, int] | None = None,
) -> dict[str, float]:
    """Inverse passage frequency of each stem: sharing "avg" (in 4 passages) with a question says
    more about a sentence than sharing "school" (in most of them). A stem no passage holds but
    the thesaurus offers for their words (`said_otherwise`: in how many passages) is weighed by
    that count, as a sentence can say it in other words; one neither holds nor offers (a typo)
    weighs nothing: no sentence can share it, and in the total it would only shrink every
    sentence's share."""
    said_otherwise = said_otherwise or {}

    def weight(s: str) -> float:
        n = frequencies.get(s) or said_otherwise.get(s)
        return math.log((passages + 1) / (n + 0.5)) if n else 0.0

    return {s: weight(s) for s in set(stems)}


def weighted_overlap(
    query_weights: Mapping[str, float],
    sentence_stems: Iterable[str],
    related_stems: Iterable[str] = (),
    related_weight: float = 0.0,
) -> float:
    """The share of the question's stem weight (`stem_weights` of its stems) a sentence holds, 0-1.
    A question stem the sentence does not hold but says in other words (`related_stems`: what the
    thesaurus offers for the sentence's words) counts `related_weight` of its weight."""
    total = sum(query_weights.values())
    if total <= 0:
        return 0.0
    held = set(sentence_stems)
    share = sum(query_weights.get(s, 0.0) for s in held)
    if related_weight:
        share += related_weight * sum(query_weights.get(s, 0.0) for s in set(related_stems) - held)
    return share / total


def series_topic(stem_weight: Mapping[str, float], held: Collection[str]) -> str | None:
    """What a question about every year asks the figures of, as a stem: of the question's stems
    that a passage found holds (`held`), the rarest (stem_weights), leaving out the words that say
    when or ask for a figure (years.WHEN_WORDS, FIGURE_WORDS) and figures. None when none is left."""
    asking = _asking_stems()
    stems = [s for s in stem_weight if s in held and s not in asking and not any(c.isdigit() for c in s)]
    return max(stems, key=lambda s: (stem_weight[s], s)) if stems else None


@lru_cache(maxsize=1)
def _asking_stems() -> frozenset[str]:
    return frozenset(s for w in WHEN_WORDS | FIGURE_WORDS for s in word_tokens(w))


# A question stem the passage's headings hold counts this share of its weight in its sentences:
# the headings say already that the passage is about it ("1.3 Duurzame samenwerking met
# ketenpartners" for "welke knelpunten zijn er in de samenwerking met ketenpartners?", where
# the sentence sharing "samenwerking" and "ketenpartners" beat the one naming the "knelpunt").
# Swept 0-1: dev marked 34 of 39 at 0, 35 (as before) from 0.25, lines holding a quote in "Kern"
# 38 at 0.25, 39 from 0.5; hold-out 2 marked 17 of 28 at 0, 16 at 0.25-0.5, 15 (as before) from
# 0.75, its answers in "Kern" 15 of 30 up to 0.5, 14 from 0.75; hold-out and hold-out 3 unchanged
# (stop 24).
HEADING_STEM_SHARE = 0.5


def under_headings(stem_weight: Mapping[str, float], section: Sequence[str]) -> dict[str, float]:
    """`stem_weight` with the stems the passage's headings hold at HEADING_STEM_SHARE."""
    named = stem_set(" ".join(section))
    return {s: w * HEADING_STEM_SHARE if s in named else w for s, w in stem_weight.items()}


def choose_marked(
    scored: Sequence[tuple[float, int]],
    under: Sequence[int | None],
    limit: int = 2,
    every_year: bool = False,
    templates: Sequence[str] | None = None,
) -> list[int]:
    """Which sentences to mark, best first: of `scored` ((score, sentence index), best first) the
    best `limit` within SECOND_MARGIN of the best one; with `every_year`, when the sentences stand
    under two years or more (`under`: per sentence its year), the best under each year instead,
    for the best MOST_YEARS years. With `templates` (per sentence its years.goal_template), a
    goal that is the best under two years or more and under more years than any other is marked
    under every year that sets it (agreeing_goal)."""
    if not scored:
        return []
    top = scored[0][0]
    picked = [k for score, k in scored[:limit] if score >= top - SECOND_MARGIN]
    if every_year:
        per_year = best_per_year(scored, under)
        if len(per_year) >= 2:
            picked = per_year[:MOST_YEARS]
            if templates is not None:
                picked = agreeing_goal(picked, scored, under, templates)
    return picked


def agreeing_goal(
    picked: Sequence[int], scored: Sequence[tuple[float, int]], under: Sequence[int | None], templates: Sequence[str]
) -> list[int]:
    """The best sentence per year (`picked`), with the goal most of them agree on put in place of
    another year's best where that year sets it too: "0 thuiszitters met als oorzaak geen goede
    onderwijsplek." was marked under 2024, 2026 and 2027, and under 2025, whose slide sets it
    too, "Afname van thuiszitters die aangewezen zijn op jeugdhulp bij Mevis."; "Kern" then read
    as if the goal was dropped for 2025."""
    counts = Counter(templates[k] for k in picked)
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return list(picked)
    goal = ranked[0][0]
    of_goal = {}
    for _, k in scored:
        if templates[k] == goal and under[k] is not None:
            of_goal.setdefault(under[k], k)
    return [of_goal.get(under[k], k) for k in picked]


def mark_answer_sentences(
    store: IndexStore,
    rec: ChunkRecord,
    query_vector: np.ndarray,
    stem_weight: Mapping[str, float],
    years: frozenset[int] = frozenset(),
    expansion: ExpansionIndex | None = None,
    related_weight: float = 0.0,
    limit: int = 2,
    every_year: bool = False,
    shown: frozenset[int] = frozenset(),
) -> MarkedSentences:
    """The sentences of a passage that best answer the question (`query_vector`: raw e5, on
    which the weights here are calibrated; `stem_weight`: stem_weights of its stems; with
    `expansion`, a stem a sentence says in other words counts `related_weight` of its weight).
    With `every_year` (years.asks_every_year) and sentences under two years or more, the best
    sentence under each year instead of the best `limit`. A sentence marked already in a passage
    ranked above (`shown`: its start in the document) is passed over while another can answer:
    neighbouring passages share a sentence, and both marked it ("Het voteam bestaat voor de helft
    uit voormalig schoolmaatschappelijk werkers …" in the first and third passage found)."""
    chunk = rec.chunk
    texts = [chunk.sentence_text(s) for s in chunk.sentences]
    opening = opening_year(store, rec)
    under = sentence_years(texts, opening)
    candidates = answerable(chunk, texts)
    vectors = store.sentence_vectors[sentence_rows(*store.sentence_range(rec.rowid))]

    def cosine(k: int) -> float:
        return float(vectors[k] @ query_vector)

    if not candidates:
        first = tuple(_marked(s, chunk) for s in chunk.sentences[:1])
        similarity = cosine(0) if texts else 0.0
        return MarkedSentences(first, similarity, tuple(under[:1]), opening_year=opening, best_score=similarity)
    # A sentence under another year than the one asked about is never marked: the SWV slides
    # repeat each goal per year, and "SLB doelen 2024" marked 2026's 45% in a passage that holds
    # only 2026-2027. A passage without a sentence of that year then marks none.
    fits = {k: year_fit(texts[k], under[k], years) for k in candidates}
    candidates = [k for k in candidates if fits[k] >= 0]
    if not candidates:
        return MarkedSentences((), 0.0, (), opening_year=opening)
    cosines = {k: cosine(k) for k in candidates}
    stem_weight = under_headings(stem_weight, chunk.section)
    scored = []
    for k in candidates:
        held = stem_set(texts[k])
        related = offered_stems(expansion, held) if expansion is not None else frozenset()
        overlap = weighted_overlap(stem_weight, held, related, related_weight)
        scored.append((cosines[k] + STEM_WEIGHT * overlap + YEAR_WEIGHT * fits[k], k))
    scored.sort(key=lambda x: -x[0])
    scored = [x for x in scored if _marked(chunk.sentences[x[1]], chunk).start not in shown] or scored
    templates = [goal_template(t) for t in texts] if every_year else None  # only every year uses them
    picked = choose_marked(scored, under, limit, every_year, templates)
    picked = without_repeats(picked, texts, under, every_year)
    chosen = sorted(picked, key=lambda k: chunk.sentences[k].start)
    return MarkedSentences(
        tuple(_with_list(k, texts, chunk) for k in chosen),
        cosines[picked[0]],
        tuple(under[k] for k in chosen),
        chosen.index(picked[0]),
        opening,
        next(score for score, k in scored if k == picked[0]),
    )


def without_repeats(
    picked: Sequence[int], texts: Sequence[str], under: Sequence[int | None], every_year: bool = False
) -> list[int]:
    """`picked` (best first) without a sentence that nearly repeats a better one (markable.repeats):
    the NJi pull quote "Het CJG is een belangrijkere partner voor scholen dan een coach die ze
    een-op-een inhuren" was marked beside the sentence of the text it quotes, and a slide's "0
    thuiszitters met als oorzaak geen goede onderwijsplek." twice, under 2024 and 2025."""
    kept: list[int] = []
    for k in picked:
        if not any(repeats(texts[k], under[k], texts[j], under[j], every_year) for j in kept):
            kept.append(k)
    return kept


def answerable(chunk: Chunk, texts: Sequence[str]) -> list[int]:
    """The sentences of a passage (`texts`: their text) that can answer (no heading, title or
    reading-list line), and a lead-in that opens a list, whose answer is the list
    (markable.list_end): "Beoogde cultuur vanuit kernwaarden:" above "Vertrouwen, Vakmanschap,
    Verbinden en Versterken" reads as a sub-heading, and the values were never marked."""
    return [
        k
        for k, x in enumerate(chunk.sentences)
        if can_answer(chunk.text, x.start - chunk.start, x.end - chunk.start, chunk.section) or list_end(texts, k) != k
    ]


def year_standing(store: IndexStore, rec: ChunkRecord, years: frozenset[int]) -> int:
    """How a passage stands to the `years` a question names: 1 when a sentence that could answer
    names one or stands under one, -1 when every such sentence stands under another year (a slide
    holding only 2026-2027 for "SLB doelen 2024": it marks nothing, and the search ranks it
    lower), 0 otherwise (no year asked, or the passage is not laid out by year)."""
    if not years:
        return 0
    chunk = rec.chunk
    texts = [chunk.sentence_text(s) for s in chunk.sentences]
    under = sentence_years(texts, opening_year(store, rec))
    if all(y is None for y in under):
        # not laid out by year (most passages); the answerable check below is the slow part
        return 1 if any(str(y) in chunk.text for y in years) and _names_year(texts, years) else 0
    fits = [year_fit(texts[k], under[k], years) for k in answerable(chunk, texts)]
    if any(f > 0 for f in fits):
        return 1
    return -1 if fits and all(f < 0 for f in fits) else 0


def _names_year(texts: Sequence[str], years: frozenset[int]) -> bool:
    return any(year_fit(t, None, years) > 0 for t in texts)


def opening_year(store: IndexStore, rec: ChunkRecord) -> int | None:
    """The year a passage opens under when its year line ended the passage before it (the
    slides' goals run on from one passage into the next); None in a new section."""
    previous = store.previous_chunk(rec)
    if previous is None or previous.chunk.section != rec.chunk.section:
        return None
    chunk = previous.chunk
    # only what lies before this passage: the two overlap by a sentence
    texts = [chunk.sentence_text(s) for s in chunk.sentences if s.start < rec.chunk.start]
    found = [y for y in sentence_years(texts) if y is not None]
    return found[-1] if found else None


def _with_list(k: int, texts: Sequence[str], chunk: Chunk) -> Sentence:
    """Sentence `k` marked, and the list it opens with it (markable.list_end)."""
    marked = _marked(chunk.sentences[k], chunk)
    end = list_end(texts, k)
    return marked if end == k else Sentence(marked.start, _marked(chunk.sentences[end], chunk).end)


def _marked(sentence: Sentence, chunk: Chunk) -> Sentence:
    start, end = marked_bounds(chunk.sentence_text(sentence))
    return Sentence(sentence.start + start, sentence.start + end)
