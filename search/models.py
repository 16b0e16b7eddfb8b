"""What a search returns: frozen dataclasses shared by the CLI, the web UI and the API."""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.models import Chunk, DocumentMeta, Sentence


@dataclass(frozen=True)
class Explanation:
    """Why a passage was found: per retriever its rank (1-based, None if absent) and normalised score."""

    ranks: dict[str, int | None]
    scores: dict[str, float]
    best_sentence: str
    matched_terms: tuple[str, ...]
    sentence_similarity: float = 0.0
    # the marking's whole score of that sentence (marking.MarkedSentences.best_score)
    sentence_score: float = 0.0
    # words the query was expanded with (glossary, thesaurus) that the passage holds
    expanded_terms: tuple[str, ...] = ()
    # query words the thesaurus offers for a word of the passage ("taak ~ opdracht"): why the
    # passage-side expansion scored it
    related_terms: tuple[str, ...] = ()
    # what the passage's document cost it, taken off the fused score: the document's size
    # (RankingParams.document_size_penalty) and its passages ranked above (document_penalty)
    document_cost: float = 0.0
    # taken off because every sentence stands under another year than the question names
    # (RankingParams.year_mismatch_penalty)
    year_cost: float = 0.0

    @property
    def holds_a_question_word(self) -> bool:
        """The passage holds a word of the question (also inside a compound), or a word the
        thesaurus says stands for one. Not a year: every slide of 2024 holds "2024". Not the
        glossary's expansions: "zorg- en adviesteam (school, jeugdhulp, maatschappelijk werk
        ...)" names words nearly every passage holds."""
        return any(not t.isdigit() for t in self.matched_terms) or bool(self.related_terms)


@dataclass(frozen=True)
class Hit:
    chunk: Chunk
    meta: DocumentMeta
    score: float
    rank: int
    lexical_rank: int | None
    dense_rank: int | None
    themes: tuple[tuple[str, float], ...] = ()
    answer_sentences: tuple[Sentence, ...] = ()  # offsets into the document's cleaned text
    # per answer sentence, the year it stands under in the document (None: no year line above it)
    answer_years: tuple[int | None, ...] = ()
    explanation: Explanation | None = None
    duplicates: tuple[str, ...] = ()  # chunk ids of near-identical passages folded into this one
    # the year the passage opens under when that year's line ended the passage before it (the
    # slides' goals run on from one passage into the next); None otherwise
    opening_year: int | None = None

    @property
    def doc_id(self) -> str:
        return self.chunk.doc_id

    @property
    def primary_theme(self) -> str | None:
        return self.themes[0][0] if self.themes else None

    def answer_spans(self) -> list[tuple[int, int]]:
        """Answer sentences as offsets relative to the chunk text (for highlighting)."""
        return [(s.start - self.chunk.start, s.end - self.chunk.start) for s in self.answer_sentences]

    def answer_texts(self) -> tuple[str, ...]:
        """The marked answer sentences as text."""
        return tuple(self.chunk.text[a:b] for a, b in self.answer_spans())


@dataclass(frozen=True)
class GlossaryMatch:
    term: str
    expansion: str
    matched: str
    documents: tuple[str, ...] = ()


@dataclass(frozen=True)
class ThesaurusMatch:
    word: str  # the documents' word the query is expanded with
    matched: str  # the thesaurus alternative the query used (as the thesaurus writes it; stems compared)


@dataclass(frozen=True)
class SearchResult:
    query: str
    hits: tuple[Hit, ...]
    glossary: tuple[GlossaryMatch, ...] = ()
    thesaurus: tuple[ThesaurusMatch, ...] = ()  # documents' words the lexical query was expanded with
    weak: bool = False  # no passage matches well: the UI says so instead of showing noise
    # the years the question names that some passage found holds: the marking and "Kern" leave
    # other years' sentences out for them (none: a year no passage holds, or no year asked)
    years: frozenset[int] = frozenset()
    timings_ms: dict[str, float] = field(default_factory=dict)
