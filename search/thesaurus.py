"""Everyday words for the documents' words (corpus/thesaurus.toml) and the query expansion
they give: a question that says "cijfers" also searches for "kengetallen".

Users ask in their own words; the documents use the field's. e5-small bridges some of that
distance but not words it never learned to pair ("spijbelen" for "wegblijven"), and BM25
bridges none. The thesaurus is written from the document side: each entry is a word of the
corpus with what a user might type instead.

An alternative applies when the query holds all its content words and at least one of them is
a word no document uses. A word the documents do use already finds its passages, and expanding
it too would bury them: "school" is an alternative of some twenty entries, "spijbelen" is not.
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from .analyze import word_tokens, words
from .models import ThesaurusMatch


class ThesaurusError(ValueError):
    pass


@dataclass(frozen=True)
class Entry:
    word: str  # as the documents write it
    alternatives: tuple[str, ...]  # what users may say instead: words or short phrases


def load_thesaurus(path: Path) -> list[Entry]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ThesaurusError(f"{path}: {exc}") from exc
    words = data.get("woorden", {})
    if not isinstance(words, dict):
        raise ThesaurusError(f"{path}: [woorden] must be a table of word = [alternatives]")
    out = []
    for word, alternatives in words.items():
        if not isinstance(alternatives, list) or not all(isinstance(a, str) for a in alternatives):
            raise ThesaurusError(f"{path}: {word!r} must list its alternatives as strings")
        out.append(Entry(word, tuple(alternatives)))
    return out


# Stopwords, so a key without them would turn "niet goedgekeurd" into "goedgekeurd" and a query
# would be expanded with the opposite of what it says ("afgewezen").
NEGATIONS = frozenset({"niet", "geen", "zonder", "nooit", "niets", "niemand", "nergens"})


def alternative_key(phrase: str) -> frozenset[str]:
    """The stems an alternative needs in a query: its content words, stopwords left out; empty
    (never applies) for a negated alternative, whose stems alone say the opposite."""
    if any(w in NEGATIONS or w.split("-", 1)[0] in NEGATIONS for w in words(phrase)):
        return frozenset()
    return frozenset(word_tokens(phrase))


class Thesaurus:
    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries = list(entries)
        # first stem of an alternative -> (its stems, alternative, entry word, entry word's stems)
        self._by_stem: dict[str, list[tuple[frozenset[str], str, str, frozenset[str]]]] = {}
        words: dict[str, str] = {}
        offered: dict[str, list[frozenset[str]]] = {}
        for e in self.entries:
            word_stems = frozenset(word_tokens(e.word))
            if not word_stems:
                continue
            single = next(iter(word_stems)) if len(word_stems) == 1 else None
            if single is not None:
                words.setdefault(single, e.word)
            for alt in e.alternatives:
                key = alternative_key(alt)
                # An alternative that only repeats the word's own stems adds nothing.
                if key and not key <= word_stems:
                    self._by_stem.setdefault(min(key), []).append((key, alt, e.word, word_stems))
                    if single is not None:
                        offered.setdefault(single, []).append(key)
        self._words_by_stem: Mapping[str, str] = MappingProxyType(words)
        self._alternatives_by_stem: Mapping[str, tuple[frozenset[str], ...]] = MappingProxyType(
            {stem: tuple(keys) for stem, keys in offered.items()}
        )

    def __len__(self) -> int:
        return len(self.entries)

    def words_by_stem(self) -> Mapping[str, str]:
        """The one-word entries by their stem (the word as the thesaurus writes it)."""
        return self._words_by_stem

    def alternatives_by_stem(self) -> Mapping[str, tuple[frozenset[str], ...]]:
        """For each one-word entry, its stem with the stems of its alternatives (negated ones and
        those that only repeat the word left out, as in `find`; a phrase is its set of stems):
        what the passages holding that word are also indexed under (passage_expansion.py)."""
        return self._alternatives_by_stem

    def find(self, query: str, known: Collection[str] = frozenset()) -> list[ThesaurusMatch]:
        """Entries whose alternative the query uses (all its content stems, one of them not in
        `known`, the stems the documents use), except words the query already has; each word
        once, in the order the query reaches them."""
        stems = word_tokens(query)
        have = frozenset(stems)
        unknown = frozenset(s for s in have if s not in known)  # no copy of the whole vocabulary per query
        if not unknown:
            return []
        found: dict[str, ThesaurusMatch] = {}
        for stem in dict.fromkeys(stems):
            for key, alt, word, word_stems in self._by_stem.get(stem, ()):
                if word not in found and key <= have and key & unknown and not word_stems <= have:
                    found[word] = ThesaurusMatch(word=word, matched=alt)
        return list(found.values())


def by_alternative(matches: Iterable[ThesaurusMatch]) -> list[tuple[str, list[str]]]:
    """The added words grouped under the alternative that brought them, in first-seen order:
    what a page shows as "kengetallen, gegevens (voor 'cijfers')"."""
    groups: dict[str, list[str]] = {}
    for m in matches:
        groups.setdefault(m.matched, []).append(m.word)
    return list(groups.items())
