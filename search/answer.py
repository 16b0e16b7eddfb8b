""" "Kern van het antwoord": the few sentences from the top passages that best answer a question.

Nothing is generated: each sentence is one the search already marked as answering the
question in its passage (`Hit.answer_sentences`, the best one first as `Explanation.best_sentence`
names it), shown with the passage's rank as its reference number.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from ingest.pdf_notes import NOTE_LABEL

from .analyze import part_of_compound, stem_set, word_tokens
from .analyze import words as fold_words
from .models import Explanation, Hit

MIN_WORDS = 5  # shorter "sentences" are headings or fragments, no answer
SKIP_KINDS = frozenset({"literatuur"})  # reading lists answer nothing
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class KeySentence:
    text: str
    reference: int  # the rank of the passage it comes from
    chunk_id: str
    doc_id: str
    year: int | None = None  # the year the sentence stands under in its document (slides' goals per year)


# A list item's marker is layout, not part of the sentence: "• De partners zien elkaar ..."
# is shown as "De partners zien elkaar ..." in the key sentences (the passage keeps it).
_BULLET = re.compile(r"^(?:[•·▪‣◦*–-]|\d{1,2}[.)])\s+")


_SQUASH = re.compile(r"[\W_]+", re.UNICODE)
_ENDS_SENTENCE = re.compile(r"[.!?;]['’”\")]*$")


def is_title_line(sentence: str, section: Sequence[str]) -> bool:
    """A line that is the passage's own heading, or a repeat of it on the next slide ("doelen
    thuiszitters per kalenderjaar", "Passend thuisnabij onderwijs doelen TLV’s per kalenderjaar"):
    it names the topic, it answers nothing. A sentence that ends in a full stop is never one."""
    text = sentence.strip()
    if not text or _ENDS_SENTENCE.search(text):
        return False
    line = _SQUASH.sub("", text.lower())
    for title in section:
        key = _SQUASH.sub("", title.lower())
        if key and line and (line.endswith(key) or key.endswith(line)):
            return True
    return False


_DIGIT = re.compile(r"\d")
# Slide and box titles run to ten words ("Wijkgericht werken: doelen op kind-, school- en
# wijkniveau"); a line of over six words that ends in a colon is a lead-in sentence ("De pilot
# werd uitgewerkt langs vier pijlers:") that may answer, a shorter one a label ("Verder lezen:").
HEADING_MAX_WORDS = 10
LABEL_MAX_WORDS = 6


def is_heading_line(passage: str, start: int, end: int) -> bool:
    """A short line standing alone in the passage, without a full stop, that is no list item and
    holds no figure: a sub-heading the heading detection did not take ("1. Samenwerking school &
    adviseur" above its recommendations, split by the sentencizer into "1." and the title). It
    names a topic and answers nothing, so it is not marked. `start`/`end` are the sentence's
    offsets in `passage`. A slide line with a figure ("• 60% van de leerlingen ...") stays."""
    text = passage[start:end].strip()
    if not text or _ENDS_SENTENCE.search(text) or _BULLET.match(text) or _DIGIT.search(text):
        return False
    if text.endswith(","):
        return False  # a sentence the layout cut ("Voorzieningen in Engeland, Denemarken,")
    line_start = passage.rfind("\n", 0, start) + 1
    before = passage[line_start:start].strip()
    line_end = passage.find("\n", end)
    after = passage[end : len(passage) if line_end < 0 else line_end].strip()
    alone = (not before or re.fullmatch(r"\d{1,2}(?:\.\d{1,2})*\.?", before) is not None) and not after
    words = len(text.split())
    if text.endswith(":") and words > LABEL_MAX_WORDS:
        return False
    return alone and words <= HEADING_MAX_WORDS


_CLOSING_QUOTES = "»«”“\"’'"


def is_question(sentence: str) -> bool:
    """An interviewer's or a chapter's question ("Wat levert die nabijheid van de jeugdhulp op?")
    is close to the user's question, but it is what the passage answers, not the answer."""
    return sentence.rstrip().rstrip(_CLOSING_QUOTES).endswith("?")


# The imprint of a footnote or reference ("Utrecht: Nederlands Jeugdinstituut, 2015."): a year
# in the question draws the marking to it, but it says where something was published, no more.
_IMPRINT = re.compile(r"^[A-Z][A-Za-zÀ-ÿ'’ -]{1,30}: [A-ZÀ-Ý][^:]{1,79}, (?:19|20)\d\d\.?$")


def is_imprint(sentence: str) -> bool:
    return bool(_IMPRINT.match(" ".join(sentence.split())))


# A web address, also one the text layer broke over a line ("https://www.gelijke- kansen.nl/…").
_ADDRESS = re.compile(r"://|^\(?www\.|\.(?:nl|com|org|net|eu|be|info)(?:/|\)|$)", re.IGNORECASE)
# A footnote's number: as the text layer has it ("12 ") or as a PDF's footnotes are set apart at
# ingest (ingest/pdf_notes.py: "Voetnoot 12: ").
_NOTE_NUMBER = rf"(?:{NOTE_LABEL}\s+\d{{1,3}}:|\d{{1,3}})\s+"
# A footnote that names its source ("19 Bron: website Altra (www.altra.nl/…)").
_SOURCE_NOTE = re.compile(rf"^(?:{_NOTE_NUMBER})?(?:Bron|Bronnen|Zie)\s*:", re.IGNORECASE)
# A footnote citing a publication: its number, then authors or an organisation (capitalised
# words, "de", "van", "&", "et al.", "(OCW)") up to the comma before the title, which opens with a
# capital (a sentence "4 VO-scholen, 12 basisscholen en …" goes on in lower case) ("10 Erik Keppels
# et al., Evaluatie aanpak jeugdteam mbo."; "4 Onderwijsraad, Samen voor …"), or cut off by the
# sentence split after "et." ("5 Frank Hoogeboom et."). The title's words drew the marking to
# it: "mbo" marked footnote 10 as the answer.
_NAME_WORD = r"(?:[A-ZÀ-Ý][\w'’.-]*|de|van|der|den|le|et|al\.|&|en|\([A-Z]{2,8}\))"
_REFERENCE_NOTE = re.compile(rf"^{_NOTE_NUMBER}{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,9}}(?:,\s+[A-ZÀ-Ý‘“'\"]|\s*\.$)")

# A footnote set apart at ingest that cites a publication title first: "Voetnoot 8: Corona en de
# gevolgen voor mantelzorg en mantelzorgers, Bakkerode H. Geron tijdschrift (2021)" (its words drew
# the marking for "hoe vaak zijn mantelzorgers overbelast?").
_CITED_NOTE = re.compile(rf"^{NOTE_LABEL}\s+\d{{1,3}}:\s+.{{3,200}},\s+[A-ZÀ-Ý][^,]{{1,80}}\((?:19|20)\d\d\)\.?$")


def is_link_list(sentence: str) -> bool:
    """A run of web addresses ("Meer informatie? https://… https://…") or a footnote naming its
    source or citing a publication: where to read more, never the answer itself, however many of
    the question's words its addresses or title spell out."""
    words = sentence.split()
    if not words:
        return False
    addresses = sum(1 for w in words if _ADDRESS.search(w))
    text = " ".join(words)
    return addresses * 2 >= len(words) or bool(
        _SOURCE_NOTE.match(text) or _REFERENCE_NOTE.match(text) or _CITED_NOTE.match(text)
    )


def can_answer(passage: str, start: int, end: int, section: Sequence[str]) -> bool:
    """Whether the sentence at passage[start:end] may be marked as answering a question: not a
    fragment, the passage's heading, a sub-heading line, a question, a reference's imprint or a
    list of web addresses."""
    text = passage[start:end]
    return (
        len(text.split()) >= 4
        and not is_title_line(text, section)
        and not is_heading_line(passage, start, end)
        and not is_question(text)
        and not is_imprint(text)
        and not is_link_list(text)
    )


YEAR_LINE = re.compile(r"^(?:19|20)\d\d(?:\s*\(vervolg\))?$")  # a slide's "2025", "2024 (vervolg)"
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")


_OPENING_QUOTES = "“‘„"


_LIST_BULLET = re.compile(r"[•▪◦·‣–-]\s+")


def marked_bounds(sentence: str) -> tuple[int, int]:
    """Which part of a sentence to mark, as (start, end) offsets into it. The bullet that opens a
    list item ("• 40% van de leerlingen …") is layout, not words a user pastes into a note; and
    the sentencizer leaves the opening quote of the next sentence at the end of this one ("… bij
    te sturen. “"), so the marking stops before it. (The sentences themselves stay as they are:
    they are what the sentence vectors were made of.)"""
    end = len(sentence)
    if end > 2 and sentence[-1] in _OPENING_QUOTES and sentence[-2].isspace():
        end = len(sentence[:-1].rstrip())
    bullet = _LIST_BULLET.match(sentence)
    start = bullet.end() if bullet and bullet.end() < end else 0
    return start, end


_YEAR_RANGE = re.compile(r"\b((?:19|20)\d\d)\s*(?:-|–|t/m|tot en met|tot)\s*((?:19|20)\d\d)\b")
MAX_YEAR_RANGE = 10


def query_years(query: str) -> frozenset[int]:
    """The years a question asks about ("Welk percentage ... in 2025?"); a range ("2025-2027",
    "2025 t/m 2027", "van 2024 tot 2026", at most MAX_YEAR_RANGE years long) names the years
    between too."""
    years = {int(y) for y in _YEAR.findall(query)}
    for m in _YEAR_RANGE.finditer(query):
        lo, hi = int(m.group(1)), int(m.group(2))
        if 0 < hi - lo <= MAX_YEAR_RANGE:
            years.update(range(lo, hi + 1))
    return frozenset(years)


# A question for every year's figure ("doelen per jaar", "jaarlijkse streefcijfers", "welke
# jaren"): the slides hold one target per year, and the usual two marked sentences would show a
# beleidsmedewerker two of five years.
_EVERY_YEAR = re.compile(
    r"\b(?:per|elk|elke|ieder|iedere)\s+(?:kalender|school)?jaar\b|\bjaarlijkse?\b|\bwelke\s+jaren\b"
    r"|\bjaar\s+(?:op|na)\s+jaar\b|\bper\s+jaartal\b"
)
# "Hoe vaak per jaar ..." asks how often something happens, not for each year's figure.
_HOW_OFTEN = re.compile(r"\bhoe\s+(?:vaak|dikwijls)\b")


def asks_every_year(query: str) -> bool:
    """Whether a question asks for what holds in each year ("Wat zijn de doelen voor thuiszitters
    per jaar?") rather than in one."""
    q = " ".join(query.lower().split())
    return bool(_EVERY_YEAR.search(q)) and not _HOW_OFTEN.search(q)


def best_per_year(scored: Sequence[tuple[float, int]], under: Sequence[int | None]) -> list[int]:
    """The best sentence under each year: `scored` holds (score, sentence index) best first,
    `under` per sentence the year it stands under (sentence_years). Best year first; sentences
    under no year are left out."""
    best: dict[int, int] = {}
    for _, k in scored:
        year = under[k]
        if year is not None and year not in best:
            best[year] = k
    return list(best.values())


def sentence_years(texts: Sequence[str], start: int | None = None) -> list[int | None]:
    """Per sentence of a passage, the year it falls under: the last line above it that is only a
    year ("2025", "2024 (vervolg)"), as on slides with goals per year; before any, `start` (the
    year the passage opens under, from the passage before it). The slides repeat one sentence
    per year with only the figure changed, so the year above a sentence is what tells 60% (2025)
    from 65% (2026)."""
    out: list[int | None] = []
    current = start
    for text in texts:
        line = " ".join(text.split())
        if YEAR_LINE.match(line):
            current = int(line[:4])
        out.append(current)
    return out


def shows_year_line(text: str, year: int) -> bool:
    """Whether `text` has a line that is only this year (a slide's "2026" or "2026 (vervolg)")."""
    for line in text.split("\n"):
        line = " ".join(line.split())
        if YEAR_LINE.match(line) and int(line[:4]) == year:
            return True
    return False


def year_fit(sentence: str, under: int | None, asked: frozenset[int]) -> int:
    """+1 when a sentence belongs to a year the question asks about (it names it, or stands under
    it), -1 when it stands under another year, 0 when the question names no year or the
    sentence has none."""
    if not asked:
        return 0
    named = {int(y) for y in _YEAR.findall(sentence)}
    if named & asked or (under is not None and under in asked):
        return 1
    return -1 if under is not None else 0


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


def _clean(text: str) -> str:
    return _BULLET.sub("", " ".join(text.split()))


def _tokens(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _WORD.findall(text))


def _figures(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\d+(?:[.,]\d+)?", text))


def _same(a: frozenset[str], b: frozenset[str], threshold: float = 0.8) -> bool:
    """Near-identical sentences (the factsheet's points reappear in the NJi boxes)."""
    if not a or not b:
        return a == b
    return len(a & b) / min(len(a), len(b)) >= threshold


def hit_sentences(hit: Hit) -> list[str]:
    """A passage's answer sentences, cleaned, the best one first."""
    return [text for text, _ in _dated_sentences(hit)]


def _dated_sentences(hit: Hit) -> list[tuple[str, int | None]]:
    """hit_sentences with the year each stands under (a slide repeats a sentence per year, so
    the year goes with the sentence's place, not its words)."""
    text = hit.chunk.text
    years = list(hit.answer_years) + [None] * len(hit.answer_sentences)
    pairs = [
        (_clean(text[a:b]), year)
        for (a, b), year in zip(hit.answer_spans(), years, strict=False)
        if 0 <= a < b <= len(text)
    ]
    pairs = [(t, y) for t, y in pairs if len(t.split()) >= MIN_WORDS]
    best = _clean(hit.explanation.best_sentence) if hit.explanation else ""
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


# The words a question asks for every year's figure with ("per jaar", "jaarlijkse doelen") say
# when, not what: every goal slide holds them.
_YEAR_WORDS = frozenset({"jaar", "jaren", "jaarlijks", "jaarlijkse", "kalenderjaar", "schooljaar", "jaartal"})


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
    words = [w for w in hits[0].explanation.matched_terms if not any(c.isdigit() for c in w) and w not in _YEAR_WORDS]
    expanded = {w for h in hits if h.explanation is not None for w in h.explanation.expanded_terms}
    for stand_in in stand_ins:
        words += [w for w in fold_words(stand_in) if w in expanded and w not in words and not w.isdigit()]
    if not words:
        return None
    held = Counter(w for h in hits if h.explanation is not None for w in _terms(h.explanation))
    return min(words, key=lambda w: held[w])


def _terms(explanation: Explanation) -> set[str]:
    """The question's words a passage holds, and the words searched for them it holds."""
    return set(explanation.matched_terms) | set(explanation.expanded_terms)


def holds_word(text: str, word: str) -> bool:
    """Whether `text` holds `word` (its stem, or as a compound's part: "SLB-aanmeldingen" holds
    "aanmeldingen", "privacywetgeving" "privacy")."""
    need = word_tokens(word)
    stems = stem_set(text)
    return bool(need) and all(s in stems or part_of_compound(s, stems) for s in need)


# A goal's target on the slides: a percentage ("80 tot 90 procent" too) or a level with decimals
# ("minimaal 2,2"). The slides repeat a goal per year with only its target changed. A number
# that names something stays ("interventieniveau 2" and "interventieniveau 3" are two goals).
_NUMBER = r"\d+(?:[.,]\d+)?"
_TARGET = re.compile(rf"{_NUMBER}(?:\s*(?:tot|-|–)\s*{_NUMBER})?\s*(?:%|procent\b)|\b\d+,\d+\b")
# A goal marked under at least this many years is a series: the figure asked for per year.
MIN_SERIES_YEARS = 3


def goal_template(sentence: str) -> str:
    """A goal with its target taken out: the same for each year's version of it."""
    return " ".join(_TARGET.sub("#", _clean(sentence).lower()).split())


def one_goal_per_year(
    dated: Sequence[tuple[Hit, str, int]], on_topic: Callable[[Hit, str], bool]
) -> list[tuple[Hit, str, int]]:
    """For a question asking every year's figure, one marked sentence per year, best passage
    first (`dated`: (passage, sentence, year) in rank order). A goal the passages mark under at
    least MIN_SERIES_YEARS years (goal_template) is the figure asked for: it answers each of its
    years. A year without it gets its first sentence `on_topic`, or none: for "streefcijfers
    SLB-aanmeldingen per jaar" the slide ranked first marked "interventieniveau 2 is maximaal
    55%" for 2024, and Kern read as one series with the SLB count for the other years; for
    "relatieve onderpresteerders per jaar" 2027 got an HB goal. When no sentence is on topic the
    topic is no guide, and every sentence may answer."""
    if not any(on_topic(h, t) for h, t, _ in dated):
        return _first_per_year(dated)
    fitting = [(h, t, y) for h, t, y in dated if on_topic(h, t)]
    years_of: dict[str, set[int]] = {}
    for _, text, year in fitting:
        years_of.setdefault(goal_template(text), set()).add(year)
    series = max(years_of, key=lambda t: len(years_of[t]))  # the first of equals: the best ranked
    if len(years_of[series]) < MIN_SERIES_YEARS:
        return _first_per_year(fitting)
    in_series = [(h, t, y) for h, t, y in fitting if goal_template(t) == series]
    return _first_per_year(in_series + [(h, t, y) for h, t, y in fitting if y not in years_of[series]])


def _first_per_year(dated: Sequence[tuple[Hit, str, int]]) -> list[tuple[Hit, str, int]]:
    best: dict[int, tuple[Hit, str, int]] = {}
    for item in dated:
        best.setdefault(item[2], item)
    return [best[y] for y in sorted(best)]


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
) -> list[KeySentence]:
    """Up to `most` sentences from the `from_hits` best passages: first the best sentence of
    each passage in rank order, then, only until `least` are found, their next ones.
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
    TLV's and funds beside the one for thuiszitters. Asking every year, each passage gives all
    the sentences it marks under a year before the next passage gives any, in year order: for
    "streefcijfers TLV's per jaar" the slide marking all five years gave its 2023 goal only."""
    ordered = sorted((h for h in hits if h.chunk.kind not in SKIP_KINDS), key=lambda h: h.rank)
    top = ordered[:from_hits]
    if words_needed:
        top = [h for h in top if h.explanation is None or h.explanation.holds_a_question_word]
    word = topic_word(ordered, stand_ins) if years or every_year else None
    if word is not None:
        top = [h for h in top if h.explanation is None or word in _terms(h.explanation)]
    per_hit = [(h, [(t, y) for t, y in _dated_sentences(h) if not years or y is None or y in years]) for h in top]
    chosen: list[KeySentence] = []
    seen: list[tuple[frozenset[str], int | None, tuple[str, ...]]] = []

    def take(hit: Hit, text: str, year: int | None) -> None:
        tokens = _tokens(text)
        figures = _figures(text)
        # asked for every year, a goal repeated unchanged is the answer for each of its years
        if any(_same(tokens, t) and (year == y or (figures == f and not every_year)) for t, y, f in seen):
            return
        seen.append((tokens, year, figures))
        chosen.append(KeySentence(text, hit.rank, hit.chunk.id, hit.chunk.doc_id, year))

    if every_year:

        def on_topic(hit: Hit, text: str) -> bool:
            return word is None or holds_word(text, word) or holds_word(" ".join(hit.chunk.section), word)

        dated = [(h, t, y) for h, sentences in per_hit for t, y in sentences if y is not None]
        undated = [(h, s[0][0], None) for h, s in per_hit if s and all(y is None for _, y in s)]
        for hit, text, year in [*one_goal_per_year(dated, on_topic), *undated]:
            if len(chosen) < most:
                take(hit, text, year)
        return sorted(chosen, key=lambda k: (k.year is None, k.year or 0, k.reference))
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
