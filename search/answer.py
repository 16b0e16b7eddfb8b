""" "Kern van het antwoord": the few sentences from the top passages that best answer a question.

Nothing is generated: each sentence is one the search already marked as answering the
question in its passage (`Hit.answer_sentences`, the best one first as `Explanation.best_sentence`
names it), shown with the passage's rank as its reference number.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .analyze import lexeme, query_word_stems, stem_set, word_held, word_tokens
from .analyze import words as fold_words
from .markable import clean, repeats
from .models import Explanation, Hit, SearchResult
from .years import FIGURE_WORDS, WHEN_WORDS, asks_every_year, asks_when, has_series, one_goal_per_year

MIN_WORDS = 5  # shorter "sentences" are headings or fragments, no answer
SKIP_KINDS = frozenset({"literatuur"})  # reading lists answer nothing


@dataclass(frozen=True)
class KeySentence:
    text: str
    reference: int  # the rank of the passage it comes from
    chunk_id: str
    doc_id: str
    year: int | None = None  # the year the sentence stands under in its document (slides' goals per year)


def hit_sentences(hit: Hit) -> list[str]:
    """A passage's answer sentences, cleaned, the best one first."""
    return [text for text, _ in _dated_sentences(hit)]


def _dated_sentences(hit: Hit) -> list[tuple[str, int | None]]:
    """hit_sentences with the year each stands under (a slide repeats a sentence per year, so
    the year goes with the sentence's place, not its words)."""
    text = hit.chunk.text
    years = list(hit.answer_years) + [None] * len(hit.answer_sentences)
    pairs = [
        (clean(text[a:b]), year)
        for (a, b), year in zip(hit.answer_spans(), years, strict=False)
        if 0 <= a < b <= len(text)
    ]
    pairs = [(t, y) for t, y in pairs if len(t.split()) >= MIN_WORDS]
    best = clean(hit.explanation.best_sentence) if hit.explanation else ""
    at = next((k for k, (t, _) in enumerate(pairs) if t == best), None)
    if at is not None:
        pairs.insert(0, pairs.pop(at))
    return pairs


# A question of at most this many words that are no stopwords is a few keywords ("Poortwachter",
# "wat is een ZAT", "ouders betrekken"), not a question in the user's own words.
KEYWORD_QUESTION_WORDS = 3


def keyword_question(query: str) -> bool:
    """A few keywords; a year is none of them ("leerplicht 2024" is one keyword and a year)."""
    return 0 < len({t for t in word_tokens(query) if not t.isdigit()}) <= KEYWORD_QUESTION_WORDS


def topic_word(hits: Sequence[Hit], stand_ins: Sequence[str] = ()) -> str | None:
    """What a question is about, as far as its words tell: of the question words the first
    passage holds (Explanation.matched_terms), the one the fewest of `hits` hold; a figure is
    none. "welke doelen heeft het SWV voor 2026 voor thuiszitters?": "thuiszitters", which one
    goal slide holds, not "doelen" or "SWV", which all of them do. None when the first passage
    holds no question word, or no explanation tells.
    `stand_ins` are the words the thesaurus searched for a question word no document uses
    (SearchResult.thesaurus): for "welke doelen zijn er voor hoogbegaafde leerlingen in 2026?"
    no passage holds "hoogbegaafde", and the first passage, the TLV slide, holds only "doelen"
    and "leerlingen"; "hb" (of "hb-leerlingen"), which the HB slides hold, is the topic."""
    if not hits or hits[0].explanation is None:
        return None
    words = _asked([*hits[0].explanation.matched_terms, *_stand_in_words(hits, stand_ins)])
    # a word asking for a figure is no topic while another is left: "Welk percentage van de
    # scholen moet in 2025 op ondersteuningsniveau 4 zitten?" took "percentage" of the SLB slide
    # ranked first, and Kern quoted only its 40% for interventieniveau 3
    words = [w for w in words if w not in FIGURE_WORDS] or words
    if not words:
        return None
    held = Counter(w for h in hits if h.explanation is not None for w in _terms(h.explanation))
    return min(words, key=lambda w: held[w])


def _terms_of(hit: Hit) -> set[str]:
    return _terms(hit.explanation) if hit.explanation is not None else set()


def _terms(explanation: Explanation) -> set[str]:
    """The question's words a passage holds, and the words searched for them it holds."""
    return set(explanation.matched_terms) | set(explanation.expanded_terms)


def question_words(hits: Sequence[Hit], stand_ins: Sequence[str] = ()) -> list[str]:
    """The question's words some passage holds (Explanation.matched_terms), and the words the
    thesaurus searched for that one holds; no figures, no words that say when ("per jaar")."""
    matched = [w for h in hits if h.explanation is not None for w in h.explanation.matched_terms]
    return _asked([*matched, *_stand_in_words(hits, stand_ins)])


def _stand_in_words(hits: Sequence[Hit], stand_ins: Sequence[str]) -> list[str]:
    """The words of the thesaurus's stand-ins ("hb-leerlingen": "hb", "leerlingen") that some
    passage found holds (Explanation.expanded_terms)."""
    expanded = {w for h in hits if h.explanation is not None for w in h.explanation.expanded_terms}
    return [w for stand_in in stand_ins for w in fold_words(stand_in) if w in expanded]


def _asked(words: Sequence[str]) -> list[str]:
    """The words once each, in order, without figures and words that say when ("per jaar")."""
    return [w for w in dict.fromkeys(words) if not any(c.isdigit() for c in w) and w not in WHEN_WORDS]


def on_topic(hit: Hit, text: str, word: str) -> bool:
    """Whether a sentence of `hit` is on the topic `word`: it holds the word, or its passage's
    section heading does ("doelen TLV’s per kalenderjaar" above a TLV goal that does not say
    "TLV")."""
    return holds_word(text, word) or holds_word(" ".join(hit.chunk.section), word)


def holds_word(text: str, word: str) -> bool:
    """Whether `text` holds `word` (its stem, or as a compound's part: "SLB-aanmeldingen" holds
    "aanmeldingen", "privacywetgeving" "privacy")."""
    stems = stem_set(text)
    pairs = query_word_stems(word)
    return bool(pairs) and all(word_held(lexeme(w), s, stems) for w, s in pairs)


# A passage's best sentence enters "Kern" only when its marking score (raw e5 cosine plus the
# rarity-weighted share of the question's stems) is within this of the best passage's. Each of
# the five best passages gave a line, also when it held nothing on the question: "Meer
# informatie is beschikbaar via de website van ZonMw." for a question on the AVG. At 0.1 no
# dev question loses its answer from Kern and Kern is 114 lines instead of 177 (stop 24; the
# first passage always stays, close_to_the_best).
KERN_MARGIN = 0.1
# The first passage gives this many of its marked sentences before the others give their best
# (a passage marks two, unless a question asks every year): answers found in "Kern" dev 33 ->
# 33, hold-outs 15, 15, 16 -> 17, 14, 18 of 30 (stop 24).
FIRST_PASSAGE_SENTENCES = 2


def close_to_the_best(hits: Sequence[Hit], margin: float = KERN_MARGIN) -> list[Hit]:
    """The first passage, and the others whose best sentence scores within `margin` of the best
    passage's (Explanation.sentence_score); all of them when no explanation tells. The first
    always stays: its sentences may score low where its heading holds the question's words
    ("doelen TLV’s per kalenderjaar" above "60% van de leerlingen …"), and without it "doelen
    thuiszitters 2025" had no "Kern" at all, and the TLV year questions quoted another slide's
    figure."""
    scores = [h.explanation.sentence_score for h in hits if h.explanation is not None]
    if not scores:
        return list(hits)
    best = max(scores)
    return [
        h
        for i, h in enumerate(hits)
        if i == 0 or h.explanation is None or h.explanation.sentence_score >= best - margin
    ]


def key_sentences(
    hits: Sequence[Hit],
    *,
    most: int = 5,
    least: int = 3,
    from_hits: int = 5,
    years: frozenset[int] = frozenset(),
    words_needed: bool = False,
    every_year: bool = False,
    stand_ins: Sequence[str] = (),
    asks_when: bool = False,
) -> list[KeySentence]:
    """Up to `most` sentences from the `from_hits` best passages: first the first passage's
    FIRST_PASSAGE_SENTENCES best and the best sentence of each other passage in rank order, then,
    only until `least` are found, their next ones; a passage whose best sentence scores far below
    the best passage's gives none (close_to_the_best).
    Near-duplicates are skipped, unless they stand under different years with different figures
    (a goal repeated per year with its target changed is one answer per year). Fewer than
    `least` when the passages hold no more. When the question names `years`, a sentence that
    stands under another year is left out: "Kern" for "doelen SLB 2023" quoting a 2024 target
    would read as the 2023 answer.
    With `words_needed` (a question of a few keywords: keyword_question) a passage holding none
    of the question's words, nor a word searched for them, is left out: for "Poortwachter" the
    Haarlemmermeer note's "Werkvorm: Met onderstaande praatplaat kan de wijk in beeld worden
    gebracht." was the third answer sentence, e5 finding that passage close to nearly anything.
    A question for figures (it names `years`, or asks `every_year`: asks_every_year) takes its
    sentences only from passages holding its topic word (topic_word): the goal slides of one
    plan all say "doelen" and "SWV", and "doelen SWV 2026 thuiszitters" quoted the 2026 goals for
    TLV's and funds beside the one for thuiszitters. Asking every year (or with a few keywords
    naming one goal the slides set per year), one sentence per year, in year order
    (years.one_goal_per_year). A question that names no year, every year or when (`asks_when`)
    takes a slide's goal only when it holds a word of the question; one that names a year takes
    a sentence under no year only on the topic."""
    ordered = sorted((h for h in hits if h.chunk.kind not in SKIP_KINDS), key=lambda h: h.rank)
    top = ordered[:from_hits]
    if words_needed:
        top = [h for h in top if h.explanation is None or h.explanation.holds_a_question_word]
    topic = topic_word(ordered, stand_ins)
    if words_needed and not years and not every_year and topic is not None:
        # a few keywords that name one goal of the slides ("Poortwachter") ask for its figures: as
        # for "per jaar", one per year in year order (Kern gave 2027, 2024 and 2023 of five years)
        dated = [(h, t, y) for h in top if topic in _terms_of(h) for t, y in _dated_sentences(h) if y is not None]
        every_year = has_series(dated)
    word = topic if years or every_year else None
    asked = question_words(ordered, stand_ins)

    def on_question(hit: Hit, text: str) -> bool:
        """A goal under its year on the slides answers a question that asks for no year only
        when it holds a word of the question (or its section holds the topic word): "0
        thuiszitters met als oorzaak geen goede onderwijsplek." stood in "Kern" for "Hoeveel
        kinderen dreigden in het Deense Gladsaxe uit huis geplaatst te worden?"."""
        return (topic is not None and on_topic(hit, text, topic)) or any(holds_word(text, w) for w in asked)

    if word is not None:
        top = [h for h in top if h.explanation is None or word in _terms(h.explanation)]
    if not every_year:
        top = close_to_the_best(top)
    per_hit = [(h, [(t, y) for t, y in _dated_sentences(h) if not years or y is None or y in years]) for h in top]
    if not years and not every_year and not asks_when and asked:  # no words known: nothing to go by
        per_hit = [(h, [(t, y) for t, y in s if y is None or on_question(h, t)]) for h, s in per_hit]
    if years and word is not None:
        # a sentence under no year that only names the year asked ("Voor schooljaar 2025–2026 biedt
        # het jaarplan …" for "doelen thuiszitters 2025") says nothing on the topic; under a heading
        # that names it ("Startbijeenkomsten in juni 2025") it may. Nor does another goal under the
        # year asked while some goal under it is on the topic: "wat zijn de doelen voor
        # leesonderwijs in 2024?" opened with the SLB slide's 2024 Poortwachter and SLB targets, as
        # that slide holds "leesonderwijs" in its 2023 goals
        any_goal = any(y is not None and on_topic(h, t, word) for h, s in per_hit for t, y in s)
        per_hit = [
            (h, [(t, y) for t, y in s if (y is not None and not any_goal) or on_topic(h, t, word)]) for h, s in per_hit
        ]
    chosen: list[KeySentence] = []

    def take(hit: Hit, text: str, year: int | None) -> None:
        # asked for every year, a goal repeated unchanged is the answer for each of its years
        if any(repeats(text, year, k.text, k.year, every_year) for k in chosen):
            return
        chosen.append(KeySentence(text, hit.rank, hit.chunk.id, hit.chunk.doc_id, year))

    if every_year:

        def on_the_topic(hit: Hit, text: str) -> bool:
            return word is None or on_topic(hit, text, word)

        def fit(hit: Hit, text: str) -> tuple[int, int]:
            section = " ".join(hit.chunk.section)
            return sum(1 for w in asked if holds_word(text, w)), sum(1 for w in asked if holds_word(section, w))

        dated = [(h, t, y) for h, sentences in per_hit for t, y in sentences if y is not None]
        pool = [(h, t, y) for h in ordered for t, y in _dated_sentences(h) if y is not None]
        undated = [(h, s[0][0], None) for h, s in per_hit if s and all(y is None for _, y in s)]
        for hit, text, year in [*one_goal_per_year(dated, on_the_topic, pool, fit), *undated]:
            if len(chosen) < most:
                take(hit, text, year)
        return sorted(chosen, key=lambda k: (k.year is None, k.year or 0, k.reference))
    if per_hit:
        # the first passage gives its FIRST_PASSAGE_SENTENCES best, the others their best first:
        # "mag een jeugdprofessional zelf een beschikking afgeven voor specialistische
        # jeugdhulp?" had the first passage's answer, its second mark, left out for the best
        # sentence of four passages below it
        first, marked = per_hit[0]
        for text, year in marked[:FIRST_PASSAGE_SENTENCES]:
            take(first, text, year)
    depth = max((len(s) for _, s in per_hit), default=0)
    for round_ in range(depth):
        limit = most if round_ == 0 else least
        for hit, sentences in per_hit:
            if len(chosen) >= limit:
                break
            if round_ >= len(sentences):
                continue
            take(hit, *sentences[round_])
    return sorted(chosen, key=lambda k: k.reference)  # stable: a passage's best sentence stays first


def kern(result: SearchResult) -> list[KeySentence]:
    """ "Kern van het antwoord" for a search: key_sentences with what the question asks (its years,
    every year, when, or a few keywords) and the words the thesaurus searched for it. None for a
    weak match: no passage answers well, and quoting one would read as the answer."""
    if result.weak:
        return []
    return key_sentences(
        result.hits,
        years=result.years,
        words_needed=keyword_question(result.query),
        every_year=asks_every_year(result.query),
        stand_ins=[m.word for m in result.thesaurus],
        asks_when=asks_when(result.query),
    )
