"""Filing passages under themes: embedding similarity to each theme plus keyword evidence.

A chunk gets at most three themes. The dense part is the chunk's similarity to the theme
text relative to its similarity to the other themes (e5 similarities all sit in a narrow
band, so the absolute value says little), partly taken from its sentences' relative
similarities; the lexical part counts the theme's keywords (stemmed, phrases matched as
phrases) in the chunk. The weights and the threshold are calibrated on hand-labelled passages
(tests/data/theme_labels.jsonl).
"""

from __future__ import annotations

import hashlib
import json
import math
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ingest.embed import Embedder
from ingest.models import Chunk

from .analyze import word_tokens
from .generation_writer import ThemeDef

MAX_THEMES = 3


class ThemesError(ValueError):
    pass


def load_themes(path: Path) -> list[ThemeDef]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ThemesError(f"{path}: {exc}") from exc
    themes = []
    seen = set()
    for entry in data.get("theme", []):
        slug = entry.get("slug", "").strip()
        if not slug or slug in seen:
            raise ThemesError(f"{path}: every theme needs a unique slug (problem at {slug!r})")
        seen.add(slug)
        themes.append(
            ThemeDef(
                slug=slug,
                label=entry.get("label", slug),
                description=" ".join(entry.get("description", "").split()),
                keywords=tuple(k.strip() for k in entry.get("keywords", []) if k.strip()),
            )
        )
    return themes


# Part of the themes hash in the manifest: a change in how passages are filed re-files them at
# the next ingest, as an edit of themes.toml does (v2: a chapter's title files its passages
# under the theme it names, with_chapter_themes; v3: the stop-25 calibration of ThemeParams).
FILING_VERSION = 3


def themes_file_hash(themes: Sequence[ThemeDef]) -> str:
    payload = json.dumps(
        [FILING_VERSION, [[t.slug, t.label, t.description, list(t.keywords)] for t in themes]], ensure_ascii=False
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16] if themes else ""


def theme_text(theme: ThemeDef) -> str:
    return f"{theme.label}. {theme.description} {', '.join(theme.keywords)}"


@dataclass(frozen=True)
class ThemeParams:
    """Calibrated with eval/calibrate_themes.py on tests/data/theme_labels.jsonl (see its output).
    Re-calibrated in stop 25, when the text repairs of chunker v28-v30 left the stop-17 setting
    (lexical 0.5, threshold 2.0, margin 0.6) at precision 0.787: the calibration's own pick."""

    dense_weight: float = 1.0
    lexical_weight: float = 1.0
    threshold: float = 3.4
    relative_margin: float = 0.3  # a second or third theme must reach this share of the best score
    centring: float = 0.0  # share of each theme's corpus-wide mean similarity taken off first
    # Share of the dense part taken from the passage's sentences: each sentence's similarity to
    # the themes, standardised over the themes, averaged. A passage whose sentences speak to a
    # theme one by one is about it even where the passage vector, a blend, leans elsewhere.
    sentence_share: float = 0.3


def keyword_stems(theme: ThemeDef) -> list[tuple[str, ...]]:
    """Each keyword as its sequence of stems (a phrase stays a phrase); forms that stem alike
    ("wijkplan", "wijkplannen") count once."""
    out: list[tuple[str, ...]] = []
    for kw in theme.keywords:
        stems = tuple(word_tokens(kw))
        if stems and stems not in out:
            out.append(stems)
    return out


def keyword_counts(chunk_stems: Sequence[str], keywords: Sequence[tuple[str, ...]]) -> list[int]:
    """How often each keyword occurs in the chunk's stem sequence (a phrase only as a whole)."""
    stems = list(chunk_stems)
    counts = []
    for kw in keywords:
        n = len(kw)
        counts.append(sum(1 for i in range(len(stems) - n + 1) if tuple(stems[i : i + n]) == kw) if n else 0)
    return counts


def keyword_hits(chunk_stems: Sequence[str], keywords: Sequence[tuple[str, ...]]) -> int:
    """How many distinct keywords occur in the chunk's stem sequence."""
    return sum(1 for n in keyword_counts(chunk_stems, keywords) if n)


def keyword_weights(stem_lists: Sequence[Sequence[str]], keywords: Sequence[tuple[str, ...]]) -> list[float]:
    """Inverse document frequency of each keyword over the chunks: a keyword found in most
    passages ("school", "werk") says little about a theme, a rare one ("AVG") says much."""
    n = len(stem_lists)
    df = [0] * len(keywords)
    for stems in stem_lists:
        for i, c in enumerate(keyword_counts(stems, keywords)):
            df[i] += c > 0
    return [math.log((n + 1) / (d + 1)) for d in df]


def lexical_evidence(counts: Sequence[int], weights: Sequence[float]) -> float:
    """Weighted keyword occurrences, dampened: the tenth mention adds less than the first."""
    return math.log1p(sum(c * w for c, w in zip(counts, weights, strict=True)))


@dataclass(frozen=True)
class ThemeEvidence:
    """What filing one passage looks at: its similarity to each theme text, its keyword
    evidence per theme, and its sentences' similarities (one row per sentence; None: none)."""

    dense: np.ndarray
    lexical: tuple[float, ...]
    sentences: np.ndarray | None = None


@dataclass(frozen=True)
class CorpusStats:
    """What theme scoring needs to know about the whole corpus being filed."""

    theme_mean: np.ndarray  # mean similarity of the chunks to each theme
    keyword_weights: tuple[tuple[float, ...], ...]  # per theme, per keyword


def standardise_over_themes(similarities: np.ndarray) -> np.ndarray:
    """Each row (a passage or a sentence) as z-scores over the themes; a row with no spread is 0."""
    x = np.asarray(similarities, dtype=np.float64)
    spread = x.std(axis=-1, keepdims=True)
    flat = spread < 1e-9  # equal similarities (up to rounding): no theme stands out
    return np.where(flat, 0.0, (x - x.mean(axis=-1, keepdims=True)) / np.where(flat, 1.0, spread))


def theme_scores(
    dense: np.ndarray,
    lexical: Sequence[float],
    params: ThemeParams,
    theme_mean: np.ndarray | None = None,
    sentence_dense: np.ndarray | None = None,
) -> np.ndarray:
    """Per-theme scores for one chunk. e5 similarities sit in a narrow band and some theme texts
    are close to every passage, so the dense part is the similarity minus part of the theme's
    corpus mean, standardised over the themes, mixed with the mean of its sentences' standardised
    similarities (`sentence_dense`: one row per sentence) and standardised again; the lexical
    part is the keyword evidence."""
    # the sentences are centred on the passages' means too: one baseline per theme, and the
    # defaults leave centring off
    centre = params.centring * np.asarray(theme_mean, dtype=np.float64) if theme_mean is not None else 0.0
    relative = standardise_over_themes(np.asarray(dense, dtype=np.float64) - centre)
    if params.sentence_share and sentence_dense is not None and len(sentence_dense):
        sentences = standardise_over_themes(np.asarray(sentence_dense, dtype=np.float64) - centre).mean(axis=0)
        relative = standardise_over_themes((1 - params.sentence_share) * relative + params.sentence_share * sentences)
    return params.dense_weight * relative + params.lexical_weight * np.asarray(lexical, dtype=np.float64)


def pick_themes(scores: np.ndarray, slugs: Sequence[str], params: ThemeParams) -> list[tuple[str, float]]:
    """Up to three themes over the threshold, each close enough to the best one."""
    order = np.argsort(-scores, kind="stable")
    best = float(scores[order[0]]) if len(order) else 0.0
    out: list[tuple[str, float]] = []
    for i in order[:MAX_THEMES]:
        s = float(scores[i])
        if s < params.threshold or (out and s < params.relative_margin * best):
            break
        out.append((slugs[i], round(s, 4)))
    return out


def chapter_themes(section: Sequence[str], themes: Sequence[ThemeDef]) -> list[str]:
    """The themes whose label the passage's chapter title (the outermost heading) names, every
    word of it: "2. Sterke pedagogische basis op school" names "Sterke pedagogische basis"."""
    if not section:
        return []
    chapter = set(word_tokens(section[0]))
    return [t.slug for t in themes if (label := _label_stems(t.label)) and label <= chapter]


@lru_cache(maxsize=64)
def _label_stems(label: str) -> frozenset[str]:
    return frozenset(word_tokens(label))


def with_chapter_themes(picked: Sequence[tuple[str, float]], named: Sequence[str]) -> list[tuple[str, float]]:
    """The themes picked for a passage, with those its chapter names added (score 0.0, after the
    others, so the passage's strongest theme stays its strongest; the weakest gives way when
    three are picked already). A chapter of the NJi publication is about its theme, but its
    "Doen wat werkt" box did not always say so in the words that file it: the boxes of chapters 2
    and 6 were filed under other themes only, and a trainer asking for the theme's boxes got none."""
    out = list(picked)
    for slug in named:
        if slug not in (s for s, _ in out):
            out = [*out[: MAX_THEMES - 1], (slug, 0.0)] if len(out) >= MAX_THEMES else [*out, (slug, 0.0)]
    return out


def chunk_stems(chunk: Chunk) -> list[str]:
    """The chunk's stems, its heading path first: a chapter title ("Samenwerken met ouders") is evidence."""
    return word_tokens(" ".join(chunk.section) + " " + chunk.text)


class ThemeAssigner:
    def __init__(
        self, themes: Sequence[ThemeDef], theme_vectors: np.ndarray, params: ThemeParams | None = None
    ) -> None:
        self.themes = list(themes)
        self.vectors = np.asarray(theme_vectors, dtype=np.float32)
        self.params = params or ThemeParams()
        self.slugs = [t.slug for t in self.themes]
        self.keywords = [keyword_stems(t) for t in self.themes]

    @staticmethod
    def embed_themes(themes: Sequence[ThemeDef], embedder: Embedder) -> np.ndarray:
        return embedder.embed_queries([theme_text(t) for t in themes])

    def corpus_stats(self, stem_lists: Sequence[Sequence[str]], vectors: np.ndarray) -> CorpusStats:
        mean = (np.asarray(vectors, dtype=np.float32) @ self.vectors.T).mean(axis=0)
        weights = tuple(tuple(keyword_weights(stem_lists, kws)) for kws in self.keywords)
        return CorpusStats(mean, weights)

    def features(
        self,
        stems: Sequence[str],
        vector: np.ndarray,
        stats: CorpusStats | None = None,
        sentence_vectors: np.ndarray | None = None,
    ) -> ThemeEvidence:
        """Similarity to each theme text (the passage's, and each of its sentences'), and
        keyword evidence per theme."""
        lexical = []
        for t, kws in enumerate(self.keywords):
            weights = stats.keyword_weights[t] if stats else [1.0] * len(kws)
            lexical.append(lexical_evidence(keyword_counts(stems, kws), weights))
        sentences = None
        if sentence_vectors is not None and len(sentence_vectors):
            sentences = np.asarray(sentence_vectors, dtype=np.float32) @ self.vectors.T
        return ThemeEvidence(self.vectors @ np.asarray(vector, dtype=np.float32), tuple(lexical), sentences)

    def assign(
        self,
        chunk: Chunk,
        vector: np.ndarray,
        stats: CorpusStats | None = None,
        sentence_vectors: np.ndarray | None = None,
    ) -> list[tuple[str, float]]:
        picked = self._assign(chunk_stems(chunk), vector, stats, sentence_vectors)
        return with_chapter_themes(picked, chapter_themes(chunk.section, self.themes))

    def _assign(
        self,
        stems: Sequence[str],
        vector: np.ndarray,
        stats: CorpusStats | None,
        sentence_vectors: np.ndarray | None,
    ) -> list[tuple[str, float]]:
        if not self.themes:
            return []
        ev = self.features(stems, vector, stats, sentence_vectors)
        scores = theme_scores(ev.dense, ev.lexical, self.params, stats.theme_mean if stats else None, ev.sentences)
        return pick_themes(scores, self.slugs, self.params)

    def assign_all(
        self,
        chunks: Sequence[Chunk],
        vectors: np.ndarray,
        sentence_vectors: Sequence[np.ndarray] | None = None,
    ) -> dict[str, list[tuple[str, float]]]:
        """File every chunk; keyword weights and theme means come from these chunks together.
        `sentence_vectors` holds, per chunk, the vectors of its sentences (None: passages only)."""
        if not self.themes or not chunks:
            return {c.id: [] for c in chunks}
        stems = [chunk_stems(c) for c in chunks]
        stats = self.corpus_stats(stems, vectors)
        per_chunk = list(sentence_vectors) if sentence_vectors is not None else [None] * len(chunks)
        return {
            c.id: with_chapter_themes(self._assign(s, v, stats, sv), chapter_themes(c.section, self.themes))
            for c, s, v, sv in zip(chunks, stems, vectors, per_chunk, strict=True)
        }


def theme_counts(chunk_themes: Mapping[str, Sequence[tuple[str, float]]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for assigned in chunk_themes.values():
        for slug, _ in assigned:
            counts[slug] = counts.get(slug, 0) + 1
    return counts


# -- hand-labelled passages: loading, resolving and scoring (calibration and quality tests) ----
@dataclass(frozen=True)
class ThemeLabel:
    """A labelled passage, keyed by a verbatim quote so that it survives re-chunking."""

    doc: str
    quote: str
    themes: tuple[str, ...]
    note: str = ""


def load_theme_labels(path: Path, known_slugs: Sequence[str] | None = None) -> list[ThemeLabel]:
    labels = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            label = ThemeLabel(row["doc"], row["quote"], tuple(row["themes"]), row.get("note", ""))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ThemesError(f"{path}:{n}: not a label ({exc})") from exc
        unknown = [s for s in label.themes if known_slugs is not None and s not in known_slugs]
        if unknown or len(label.themes) > MAX_THEMES:
            raise ThemesError(f"{path}:{n}: unknown theme(s) {unknown} or more than {MAX_THEMES} themes")
        labels.append(label)
    return labels


def resolve_labels(
    labels: Sequence[ThemeLabel], chunk_texts: Mapping[str, Sequence[tuple[str, str]]]
) -> tuple[dict[int, str], list[str]]:
    """Label index -> the id of the one chunk of its document whose reduced text holds the reduced
    quote; plus one problem line per label that matches no chunk or several."""
    from .evaluate import reduce_text

    reduced = {doc: [(cid, reduce_text(t)) for cid, t in chunks] for doc, chunks in chunk_texts.items()}
    found: dict[int, str] = {}
    problems = []
    for i, label in enumerate(labels):
        rq = reduce_text(label.quote)
        where = [cid for cid, rt in reduced.get(label.doc, []) if rq and rq in rt]
        if len(where) == 1:
            found[i] = where[0]
        else:
            problems.append(f"{label.doc}: quote {label.quote!r} matches {len(where)} passages, not 1")
    return found, problems


@dataclass(frozen=True)
class ThemeMetrics:
    precision: float
    recall: float
    f1: float
    true_positives: int
    predicted: int
    gold: int


def micro_metrics(pairs: Sequence[tuple[Sequence[str], Sequence[str]]]) -> ThemeMetrics:
    """Micro-averaged precision/recall/F1 over (gold themes, predicted themes) pairs."""
    tp = sum(len(set(g) & set(p)) for g, p in pairs)
    n_pred = sum(len(set(p)) for _, p in pairs)
    n_gold = sum(len(set(g)) for g, _ in pairs)
    precision = tp / n_pred if n_pred else 1.0
    recall = tp / n_gold if n_gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return ThemeMetrics(precision, recall, f1, tp, n_pred, n_gold)


def per_theme_metrics(
    pairs: Sequence[tuple[Sequence[str], Sequence[str]]], slugs: Sequence[str]
) -> dict[str, ThemeMetrics]:
    return {s: micro_metrics([([x for x in g if x == s], [x for x in p if x == s]) for g, p in pairs]) for s in slugs}
