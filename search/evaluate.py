"""Evaluation on a question set (see eval/dev-questions.md for the format and matching rule).

Pure functions: reduce text, decide whether a passage answers a quote, and compute
hit@k, MRR@10 and recall@k overall and per question kind, and how often the sentences a
passage marks as the answer hold the quote ("marked": of the questions whose answer is in the
top k, the share where the first answering passage marks a sentence of the quote).
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

_KEEP = re.compile(r"[^\W_]", re.UNICODE)


def reduce_text(text: str) -> str:
    """Lower-case letters and digits only (accented letters count as letters)."""
    return "".join(_KEEP.findall(text.lower()))


def longest_common_substring(a: str, b: str) -> int:
    """Length of the longest common substring (dynamic programming over the shorter string)."""
    if not a or not b:
        return 0
    if len(a) > len(b):
        a, b = b, a
    best = 0
    prev = [0] * (len(a) + 1)
    for ch in b:
        cur = [0] * (len(a) + 1)
        for i, ca in enumerate(a, start=1):
            if ca == ch:
                cur[i] = prev[i - 1] + 1
                if cur[i] > best:
                    best = cur[i]
        prev = cur
    return best


def answers_quote(passage: str, quote: str, whole: bool = False) -> bool:
    """The passage answers when it holds half the reduced quote contiguously (all of it if `whole`)."""
    rp, rq = reduce_text(passage), reduce_text(quote)
    if not rq:
        return False
    if whole:
        return rq in rp
    return shares_run(rp, rq, (len(rq) + 1) // 2)


def shares_run(text: str, quote: str, length: int) -> bool:
    """Does `text` contain some `length`-long piece of `quote`? (Equivalent to a longest
    common substring of at least `length`, at the cost of a few substring searches.)"""
    if length <= 0:
        return True
    return any(quote[i : i + length] in text for i in range(len(quote) - length + 1))


MIN_SENTENCE_RUN = 15  # reduced characters: a sentence shorter than the quote shares this much at least


def sentence_holds_quote(sentence: str, quote: str) -> bool:
    """A marked sentence answers when it shares half the reduced quote contiguously, or, for a
    quote spread over several sentences, half of the sentence (at least 15 characters)."""
    rs, rq = reduce_text(sentence), reduce_text(quote)
    if not rs or not rq:
        return False
    return shares_run(rs, rq, min((len(rq) + 1) // 2, max(MIN_SENTENCE_RUN, len(rs) // 2)))


@dataclass(frozen=True)
class Quote:
    doc: str
    quote: str


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    kind: str
    relevant: tuple[Quote, ...]
    theme: str = ""


def load_questions(path: Path) -> list[Question]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            out.append(
                Question(
                    id=d["id"],
                    question=d["question"],
                    kind=d.get("kind", "other"),
                    relevant=tuple(Quote(r["doc"], r["quote"]) for r in d["relevant"]),
                    theme=d.get("theme", ""),
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{n}: not a valid question ({exc})") from exc
    return out


@dataclass(frozen=True)
class Retrieved:
    """A retrieved passage as the evaluation sees it: which document (as the question names it) and its text."""

    doc: str
    text: str
    marked: tuple[str, ...] = ()  # the sentences the search marks as the answer, if it marks any


def first_answer_rank(question: Question, ranked: Sequence[Retrieved], k: int = 10) -> int | None:
    for rank, item in enumerate(ranked[:k], start=1):
        if any(quote_answered(question, q, item) for q in question.relevant):
            return rank
    return None


def quote_answered(question: Question, quote: Quote, item: Retrieved) -> bool:
    return (not item.doc or item.doc == quote.doc) and answers_quote(
        item.text, quote.quote, whole=question.kind == "number"
    )


@dataclass
class QuestionOutcome:
    question: Question
    rank: int | None
    recall_at_k: float
    top: list[Retrieved] = field(default_factory=list)
    marked_ok: bool | None = None  # None: no answering passage in the top k, or none marks sentences


def evaluate_question(question: Question, ranked: Sequence[Retrieved], k: int) -> QuestionOutcome:
    rank = first_answer_rank(question, ranked, k=max(k, 10))
    found = sum(1 for q in question.relevant if any(quote_answered(question, q, item) for item in ranked[:k]))
    return QuestionOutcome(
        question, rank, found / len(question.relevant), list(ranked[:k]), marked_answer(question, ranked[:k])
    )


def marked_answer(question: Question, ranked: Sequence[Retrieved]) -> bool | None:
    """Do the marked sentences of the first answering passage hold (part of) a quote it answers?"""
    for item in ranked:
        quotes = [q for q in question.relevant if quote_answered(question, q, item)]
        if quotes:
            if not item.marked:
                return None
            return any(sentence_holds_quote(m, q.quote) for m in item.marked for q in quotes)
    return None


def summarise(outcomes: Iterable[QuestionOutcome], k: int = 10) -> dict[str, dict[str, float]]:
    """hit@1, hit@5, hit@k, MRR@10 and recall@k overall and per kind."""
    groups: dict[str, list[QuestionOutcome]] = {}
    for o in outcomes:
        groups.setdefault("all", []).append(o)
        groups.setdefault(o.question.kind, []).append(o)
    out = {}
    for name, items in groups.items():
        n = len(items)
        out[name] = {
            "n": n,
            "hit@1": sum(1 for o in items if o.rank is not None and o.rank <= 1) / n,
            "hit@5": sum(1 for o in items if o.rank is not None and o.rank <= 5) / n,
            f"hit@{k}": sum(1 for o in items if o.rank is not None and o.rank <= k) / n,
            "mrr@10": sum(1.0 / o.rank for o in items if o.rank is not None and o.rank <= 10) / n,
            f"recall@{k}": sum(o.recall_at_k for o in items) / n,
        }
        judged = [o.marked_ok for o in items if o.marked_ok is not None]
        if judged:
            out[name]["marked"] = sum(judged) / len(judged)
    return out


def split_halves(questions: Sequence[Question], seed: int = 7) -> tuple[list[Question], list[Question]]:
    """Two halves by a fixed seed, stratified by kind so each half has every kind."""
    rng = random.Random(seed)
    a: list[Question] = []
    b: list[Question] = []
    by_kind: dict[str, list[Question]] = {}
    for q in questions:
        by_kind.setdefault(q.kind, []).append(q)
    turn = 0
    for kind in sorted(by_kind):
        items = sorted(by_kind[kind], key=lambda q: q.id)
        rng.shuffle(items)
        for q in items:
            (a if turn % 2 == 0 else b).append(q)
            turn += 1
    return a, b


def run_evaluation(
    questions: Sequence[Question], retrieve: Callable[[str], Sequence[Retrieved]], k: int = 10
) -> list[QuestionOutcome]:
    return [evaluate_question(q, retrieve(q.question), k) for q in questions]


def format_table(summary: Mapping[str, Mapping[str, float]], k: int = 10) -> str:
    cols = ["n", "hit@1", "hit@5", f"hit@{k}", "mrr@10", f"recall@{k}"]
    if any("marked" in row for row in summary.values()):
        cols.append("marked")
    order = ["all"] + sorted(x for x in summary if x != "all")
    lines = [f"{'kind':<12}" + "".join(f"{c:>10}" for c in cols)]
    for name in order:
        row = summary[name]
        cells = [f"{int(row['n']):>10}"] + [f"{row[c]:>10.3f}" if c in row else f"{'-':>10}" for c in cols[1:]]
        lines.append(f"{name:<12}" + "".join(cells))
    return "\n".join(lines)
