"""The years a question asks about ("... in 2025?", "doelen per jaar") and the years the
sentences of a passage stand under on the slides (a line "2025" above one year's goals).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from .markable import NUMBER, clean
from .models import Hit

YEAR_LINE = re.compile(r"^(?:19|20)\d\d(?:\s*\(vervolg\))?$")  # a slide's "2025", "2024 (vervolg)"
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")


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


# The words a question asks for every year's figure with ("per jaar", "jaarlijkse doelen") say
# when, not what: every goal slide holds them (its title: "… per kalenderjaar").
WHEN_WORDS = frozenset({"jaar", "jaren", "jaarlijks", "jaarlijkse", "kalenderjaar", "schooljaar", "jaartal", "per"})
# Nor do the words that ask for a figure say of what: "percentage" is on the SLB slides, while the
# HB slides set "70% van alle scholen zit op ondersteuningsniveau 3".
FIGURE_WORDS = frozenset(
    {"percentage", "procent", "aantal", "cijfer", "cijfers", "streefcijfer", "streefcijfers"}
    | {"doel", "doelen", "doelstelling", "doelstellingen"}
)


def asks_every_year(query: str) -> bool:
    """Whether a question asks for what holds in each year ("Wat zijn de doelen voor thuiszitters
    per jaar?") rather than in one."""
    q = " ".join(query.lower().split())
    return bool(_EVERY_YEAR.search(q)) and not _HOW_OFTEN.search(q)


# "Wanneer moeten de wijken …", "In welk jaar …", "Hoe lang …": the answer is when, and a goal
# under its year on the slides may be it without naming any word of the question.
_ASKS_WHEN = re.compile(r"\b(?:wanneer|(?:in\s+)?welk(?:e)?\s+(?:jaar|jaren|schooljaar)|hoe\s+lang)\b")


def asks_when(query: str) -> bool:
    """Whether a question asks when something is to happen or how long it takes."""
    return bool(_ASKS_WHEN.search(" ".join(query.lower().split())))


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


# A goal's target on the slides: a percentage ("80 tot 90 procent" too) or a level with decimals
# ("minimaal 2,2"). The slides repeat a goal per year with only its target changed. A number
# that names something stays ("interventieniveau 2" and "interventieniveau 3" are two goals).
_TARGET = re.compile(rf"{NUMBER}(?:\s*(?:tot|-|–)\s*{NUMBER})?\s*(?:%|procent\b)|\b\d+,\d+\b")
# A goal marked under at least this many years is a series: the figure asked for per year.
MIN_SERIES_YEARS = 3
MIN_SERIES_WORDS = 2


def goal_template(sentence: str) -> str:
    """A goal with its target taken out: the same for each year's version of it."""
    return " ".join(_TARGET.sub("#", clean(sentence).lower()).split())


def _years_per_goal(dated: Sequence[tuple[Hit, str, int]]) -> dict[str, set[int]]:
    """Per goal (goal_template), the years it stands under among `dated`, first goal first."""
    years_of: dict[str, set[int]] = {}
    for _, text, year in dated:
        years_of.setdefault(goal_template(text), set()).add(year)
    return years_of


def has_series(dated: Sequence[tuple[Hit, str, int]]) -> bool:
    """Whether one goal stands among `dated` ((passage, sentence, year)) under at least
    MIN_SERIES_YEARS years with only its target changed."""
    return any(len(y) >= MIN_SERIES_YEARS for y in _years_per_goal(dated).values())


def one_goal_per_year(
    dated: Sequence[tuple[Hit, str, int]],
    on_topic: Callable[[Hit, str], bool],
    pool: Sequence[tuple[Hit, str, int]] | None = None,
    fit: Callable[[Hit, str], tuple[int, int]] | None = None,
) -> list[tuple[Hit, str, int]]:
    """For a question asking every year's figure, one marked sentence per year, best passage
    first (`dated`: (passage, sentence, year) in rank order). A goal the passages mark under at
    least MIN_SERIES_YEARS years (goal_template) is the figure asked for: it answers each of its
    years. A year without it gets its first sentence `on_topic`, or none: for "streefcijfers
    SLB-aanmeldingen per jaar" the slide ranked first marked "interventieniveau 2 is maximaal
    55%" for 2024, and Kern read as one series with the SLB count for the other years; for
    "relatieve onderpresteerders per jaar" 2027 got an HB goal. When no sentence is on topic the
    topic is no guide, and every sentence may answer.
    With `pool` (the marked sentences of every passage found, in rank order) and `fit` (how many
    of the question's words a sentence holds, and how many its passage's section holds), the
    series is the goal of the pool that, with its section, holds most of the question's words,
    then marked under most years, of those on the topic or holding MIN_SERIES_WORDS of the
    question's words in the sentence itself: for
    "percentage scholen op ondersteuningsniveau 3 per jaar" the first three passages, SLB slides,
    marked "interventieniveau 3 is minimaal 20%" for five years, and Kern gave those five figures
    instead of "70% van alle scholen zit op ondersteuningsniveau 3" from the HB slides below
    them; and a year the first passages miss comes from any passage found ("doelen
    helpdeskmeldingen per jaar" lacked 2024, marked in the sixth)."""
    fitting = [(h, t, y) for h, t, y in dated if on_topic(h, t)] or list(dated)
    source = list(pool) if pool is not None else fitting
    years_of = _years_per_goal(source)
    first: dict[str, tuple[Hit, str]] = {}
    for hit, text, _ in source:
        first.setdefault(goal_template(text), (hit, text))
    fits = {t: fit(*first[t]) if fit is not None else (1, 0) for t in years_of}
    # on the topic, or holding two of the question's words itself when the best passages, and so
    # the topic word, are another goal's ("percentage" of the SLB slides above)
    series_ok = [
        t
        for t in years_of
        if len(years_of[t]) >= MIN_SERIES_YEARS and (on_topic(*first[t]) or fits[t][0] >= MIN_SERIES_WORDS)
    ]
    if not series_ok:
        return _first_per_year(fitting)
    series = max(series_ok, key=lambda t: (sum(fits[t]), len(years_of[t])))  # the first of equals: the best ranked
    in_series = [(h, t, y) for h, t, y in source if goal_template(t) == series]
    if not on_topic(*first[series]):
        return _first_per_year(in_series)  # the topic word was another goal's: no other year is on it
    # a year without the series gets no goal of another series: at k=5, with the HB slides for 2024
    # and 2027 not among the passages, "ondersteuningsniveau 3 per jaar" filled those years with
    # the SLB slides' "interventieniveau 3 is minimaal 30%" and "… 55%"
    others = [
        (h, t, y) for h, t, y in fitting if y not in years_of[series] and len(years_of.get(goal_template(t), ())) < 2
    ]
    return _first_per_year(in_series + others)


def _first_per_year(dated: Sequence[tuple[Hit, str, int]]) -> list[tuple[Hit, str, int]]:
    best: dict[int, tuple[Hit, str, int]] = {}
    for item in dated:
        best.setdefault(item[2], item)
    return [best[y] for y in sorted(best)]
