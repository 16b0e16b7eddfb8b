"""Dutch lexical analysis: stemmed, stopword-free word tokens and character 5-grams.

The 5-grams are taken inside words only. They let "onderwijszorgarrangementen"
match "onderwijs-zorgarrangement" and "samenwerking" match "samen werking" as the
PDF text layer sometimes has it, which word stems cannot.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable
from functools import lru_cache

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
GRAM = 5

# Snowball's Dutch stopword list, plus a few function words frequent in this corpus.
DUTCH_STOPWORDS = frozenset(
    """
    de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er maar om
    hem dan zou of wat mijn men dit zo door over ze zich bij ook tot je mij uit der daar haar
    naar heb hoe heeft hebben deze u want nog zal me zij nu ge geen omdat iets worden toch al
    waren veel meer doen toen moet ben zonder kan hun dus alles onder ja eens hier wie werd
    altijd doch wordt wezen kunnen ons zelf tegen na reeds wil kon niets uw iemand geweest
    andere we wij jullie welk welke waar wanneer waarom hoeveel zodat elk elke ieder iedere bv
    wel erg zeer via binnen tussen dient elkaar moeten zullen eigenlijk echt gaan
    """.split()
)


@lru_cache(maxsize=1)
def _stemmer():  # PyStemmer is a C extension: build it once
    import Stemmer

    return Stemmer.Stemmer("dutch")


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _drop_combining(match: re.Match[str]) -> str:
    ch = match.group()
    return "" if unicodedata.combining(ch) else ch


def fold(text: str) -> str:
    """Lower-case and strip diacritics (coördinatie -> coordinatie) and curly apostrophes."""
    text = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    # Only the rare non-ASCII characters are looked at: a per-character test was most of a
    # query's time, as every candidate passage is folded to find its matched words.
    return text if text.isascii() else _NON_ASCII.sub(_drop_combining, text)


def words(text: str) -> list[str]:
    return _TOKEN.findall(fold(text))


def lexeme(word: str) -> str:
    """A folded word as the index stores it: a plural or genitive "'s" goes ("TLV's",
    "ZAT's" -> "tlv", "zat", as the abbreviation is searched), other apostrophes are dropped
    ("ib'er" -> "iber")."""
    if word.endswith("'s"):
        word = word[:-2]
    return word.replace("'", "")


# The one who does it, after an abbreviation and a hyphen or an apostrophe: "SLB-er", "SWV-ers",
# "smw'er". Without help the "er" of "SLB-er" is a stopword and it reads as "SLB"; typed "SLB'ers"
# it is one word, "slbers", and "smw'er" missed the thesaurus's "smw".
_ABBREVIATION_ER = re.compile(r"(?<![\w'-])([^\W\d_]{2,6})['’-](ers?)\b")


def word_tokens(text: str) -> list[str]:
    """Snowball-Dutch stems of the non-stopwords, in order. "SLB-er" (and "SLB'er") gives both
    "slb" and the stem of "slb'er", so that "SLB'ers" finds the SLB-er and "SLB" still finds it."""
    text = _ABBREVIATION_ER.sub(r"\1 \1'\2", text)
    toks = [lexeme(w) for w in words(text) if w not in DUTCH_STOPWORDS]
    toks = [t for t in toks if t]
    return _stemmer().stemWords(toks) if toks else []


@lru_cache(maxsize=16384)
def stem_set(text: str) -> frozenset[str]:
    """The distinct stems of a text; cached, as the same passages and sentences come back query
    after query to have their matched words counted."""
    return frozenset(word_tokens(text))


# A compound's part counts as the word only from this length, and with at least REST letters
# beside it: "privacy" in "privacywetgeving", not "actie" in "interactie" or "zorg" in "zorgen".
COMPOUND_PART = 6
COMPOUND_REST = 3


def part_of_compound(stem: str, stems: Iterable[str]) -> bool:
    """Does one of `stems` start or end with `stem` as a compound's part (Dutch writes compounds
    as one word: someone asking about "privacy" is answered by "privacywetgeving")?"""
    if len(stem) < COMPOUND_PART:
        return False
    return any(
        len(other) >= len(stem) + COMPOUND_REST and (other.startswith(stem) or other.endswith(stem)) for other in stems
    )


# A query word no passage holds may be a compound of two words a passage does hold: "cultuurdoelen"
# is "cultuur" and "doelen", which the slide titled "cultuur … doelen per kalenderjaar" says apart.
# Each part at least this long; a linking "s" ("samenwerkings|verband") may end the first.
SPLIT_PART = 4


@lru_cache(maxsize=4096)
def compound_splits(word: str) -> tuple[tuple[str, str], ...]:
    """The ways a folded word splits into two parts of SPLIT_PART letters or more, as the stems
    of the parts ("cultuurdoelen": ("cultuur", "doel"), …); with a linking "s" after the first part
    also without it."""
    out: list[tuple[str, str]] = []
    for i in range(SPLIT_PART, len(word) - SPLIT_PART + 1):
        left, right = word[:i], word[i:]
        rights = word_tokens(right)
        if len(rights) != 1:
            continue
        for head in {left, left[:-1] if left.endswith("s") and len(left) > SPLIT_PART else left}:
            lefts = word_tokens(head)
            if len(lefts) == 1 and min(len(lefts[0]), len(rights[0])) >= SPLIT_PART - 1:
                out.append((lefts[0], rights[0]))
    return tuple(out)


def word_held(word: str, stem: str, stems: Collection[str]) -> bool:
    """Whether a passage (its `stems`) holds a query word (`stem` its stem): the stem itself, as a
    part of one of its compounds (part_of_compound), or as a compound whose two parts it holds
    apart (compound_splits)."""
    if stem in stems or part_of_compound(stem, stems):
        return True
    return any(a in stems and b in stems for a, b in compound_splits(word))


def char_grams(text: str, n: int = GRAM) -> list[str]:
    """Character n-grams inside each non-stopword (a shorter word is its own gram)."""
    out: list[str] = []
    for w in words(text):
        w = lexeme(w)
        if not w or w in DUTCH_STOPWORDS:
            continue
        if len(w) <= n:
            out.append(w)
        else:
            out.extend(w[i : i + n] for i in range(len(w) - n + 1))
    return out


def fts_document(tokens: list[str]) -> str:
    """Tokens as one string for an FTS5 column with the plain unicode61 tokenizer."""
    return " ".join(tokens)


def fts_query(tokens: list[str]) -> str | None:
    """An OR query of quoted distinct tokens; None when nothing is left to search."""
    seen = list(dict.fromkeys(t for t in tokens if t))
    if not seen:
        return None
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in seen)


def query_word_stems(query: str) -> list[tuple[str, str]]:
    """The query's words that have a stem (stopwords have none), with it."""
    out = []
    for w in words(query):
        st = word_tokens(w)
        if st:
            out.append((w, st[0]))
    return out


def matched_terms(query: str, text: str, compounds: bool = False) -> tuple[str, ...]:
    """Query words whose stem occurs in the passage, in query order; with `compounds` also those
    that are part of a compound the passage uses, or a compound whose parts it holds (word_held)."""
    stems = stem_set(text)
    return tuple(
        w
        for w, stem in dict.fromkeys(query_word_stems(query))
        if stem in stems or (compounds and word_held(lexeme(w), stem, stems))
    )
