"""Filing passages under themes: embedding similarity to each theme plus keyword evidence.

A chunk gets at most three themes. The dense part is the chunk's similarity to the theme
text relative to its similarity to the other themes (e5 similarities all sit in a narrow
band, so the absolute value says little); the lexical part counts the theme's keywords
(stemmed, phrases matched as phrases) in the chunk. The weights and the threshold are
calibrated on hand-labelled passages (tests/data/theme_labels.jsonl).
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ingest.embed import Embedder
from ingest.models import Chunk

from .analyze import word_tokens
from .store import ThemeDef

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


def themes_file_hash(themes: Sequence[ThemeDef]) -> str:
    payload = json.dumps([[t.slug, t.label, t.description, list(t.keywords)] for t in themes], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16] if themes else ""


def theme_text(theme: ThemeDef) -> str:
    return f"{theme.label}. {theme.description} {', '.join(theme.keywords)}"


@dataclass(frozen=True)
class ThemeParams:
    dense_weight: float = 1.0
    lexical_weight: float = 0.6
    threshold: float = 1.2
    relative_margin: float = 0.75  # a second or third theme must reach this share of the best score


def keyword_stems(theme: ThemeDef) -> list[tuple[str, ...]]:
    """Each keyword as its sequence of stems (a phrase stays a phrase)."""
    out = []
    for kw in theme.keywords:
        stems = tuple(word_tokens(kw))
        if stems:
            out.append(stems)
    return out


def keyword_hits(chunk_stems: Sequence[str], keywords: Sequence[tuple[str, ...]]) -> int:
    """How many distinct keywords occur in the chunk's stem sequence."""
    hits = 0
    joined = " " + " ".join(chunk_stems) + " "
    stem_set = set(chunk_stems)
    for kw in keywords:
        if len(kw) == 1:
            hits += kw[0] in stem_set
        else:
            hits += (" " + " ".join(kw) + " ") in joined
    return hits


def theme_scores(dense: np.ndarray, hits: Sequence[int], params: ThemeParams) -> np.ndarray:
    """Per-theme scores for one chunk: standardised similarity plus saturating keyword evidence."""
    dense = np.asarray(dense, dtype=np.float64)
    spread = dense.std() or 1.0
    relative = (dense - dense.mean()) / spread
    lexical = np.array([min(h, 4) / 2.0 for h in hits])
    return params.dense_weight * relative + params.lexical_weight * lexical


def pick_themes(scores: np.ndarray, slugs: Sequence[str], params: ThemeParams) -> list[tuple[str, float]]:
    """Up to three themes over the threshold, each close enough to the best one."""
    order = np.argsort(-scores)
    best = float(scores[order[0]]) if len(order) else 0.0
    out: list[tuple[str, float]] = []
    for i in order[:MAX_THEMES]:
        s = float(scores[i])
        if s < params.threshold or (out and s < params.relative_margin * best):
            break
        out.append((slugs[i], round(s, 4)))
    return out


class ThemeAssigner:
    def __init__(self, themes: Sequence[ThemeDef], theme_vectors: np.ndarray, params: ThemeParams | None = None) -> None:
        self.themes = list(themes)
        self.vectors = np.asarray(theme_vectors, dtype=np.float32)
        self.params = params or ThemeParams()
        self.slugs = [t.slug for t in self.themes]
        self.keywords = [keyword_stems(t) for t in self.themes]

    @staticmethod
    def embed_themes(themes: Sequence[ThemeDef], embedder: Embedder) -> np.ndarray:
        return embedder.embed_queries([theme_text(t) for t in themes])

    def scores(self, chunk: Chunk, vector: np.ndarray) -> np.ndarray:
        stems = word_tokens(" ".join(chunk.section[-1:]) + " " + chunk.text)
        hits = [keyword_hits(stems, kws) for kws in self.keywords]
        return theme_scores(self.vectors @ np.asarray(vector, dtype=np.float32), hits, self.params)

    def assign(self, chunk: Chunk, vector: np.ndarray) -> list[tuple[str, float]]:
        if not self.themes:
            return []
        return pick_themes(self.scores(chunk, vector), self.slugs, self.params)

    def assign_all(self, chunks: Sequence[Chunk], vectors: np.ndarray) -> dict[str, list[tuple[str, float]]]:
        return {c.id: self.assign(c, v) for c, v in zip(chunks, vectors)}


def theme_counts(chunk_themes: Mapping[str, Sequence[tuple[str, float]]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for assigned in chunk_themes.values():
        for slug, _ in assigned:
            counts[slug] = counts.get(slug, 0) + 1
    return counts
