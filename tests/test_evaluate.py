"""Evaluation: the matching rule (eval/dev-questions.md), hit@k / MRR / recall, halves."""

from __future__ import annotations

import tomllib

import pytest

from search.evaluate import (
    Question,
    Quote,
    Retrieved,
    answers_quote,
    evaluate_question,
    format_table,
    load_questions,
    longest_common_substring,
    reduce_text,
    sentence_holds_quote,
    split_halves,
    summarise,
)
from tests.conftest import CORPUS, DEV_QUESTIONS


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Samen-werking, 2023!", "samenwerking2023"), ("Coördinatie\nteam", "coördinatieteam"), ("  ", "")],
)
def test_reduce_text(text, expected):
    assert reduce_text(text) == expected


@pytest.mark.parametrize(
    ("a", "b", "n"), [("abcdef", "zcdez", 3), ("", "abc", 0), ("abc", "xyz", 0), ("aaaa", "aa", 2)]
)
def test_longest_common_substring(a, b, n):
    assert longest_common_substring(a, b) == n


QUOTE = "Vergroot de onder steunings behoeften van leerlingen in kaart"


@pytest.mark.parametrize(
    ("passage", "whole", "expected"),
    [
        # PDF artefacts: words split or joined, hyphens, line breaks, punctuation do not matter
        ("Zij brengen de ondersteunings-\nbehoeften van leerlingen in kaart.", False, True),
        ("vergroot de ondersteuningsbehoeften", False, True),  # at least half, contiguous
        ("vergroot de", False, False),  # too little
        ("van leerlingen in kaart", False, False),
        ("Vergroot de onder steunings behoeften van leerlingen in kaart", True, True),
        ("Vergroot de ondersteuningsbehoeften van leerlingen", True, False),  # number questions need all
        ("", False, False),
    ],
)
def test_answers_quote(passage, whole, expected):
    assert answers_quote(passage, QUOTE, whole=whole) is expected


def test_empty_quote_never_matches():
    assert answers_quote("iets", "  ") is False


def q(qid: str, kind: str = "lookup", *quotes: tuple[str, str]) -> Question:
    return Question(qid, "vraag", kind, tuple(Quote(d, t) for d, t in quotes))


ANSWER = "de gemeente hanteert een indeling in zes gebieden"
NOISE = "iets heel anders over jeugdhulp en onderwijs in de wijk"


def test_rank_recall_and_document_must_match():
    question = q("x", "lookup", ("a.txt", ANSWER), ("b.txt", "tweede antwoord staat hier letterlijk"))
    ranked = [
        Retrieved("a.txt", NOISE),
        Retrieved("b.txt", ANSWER),
        Retrieved("a.txt", "dus " + ANSWER),
        Retrieved("b.txt", NOISE),
    ]
    outcome = evaluate_question(question, ranked, k=10)
    assert outcome.rank == 3  # rank 2 has the text but from the wrong document
    assert outcome.recall_at_k == 0.5


def test_summary_on_toy_data():
    qs = [q(f"q{i}", kind, ("a.txt", ANSWER)) for i, kind in enumerate(["lookup", "lookup", "number", "paraphrase"])]
    hit = Retrieved("a.txt", ANSWER)
    miss = Retrieved("a.txt", NOISE)
    rankings = [[hit], [miss, miss, hit], [miss] * 6 + [hit], [miss] * 12]
    outcomes = [evaluate_question(question, r, k=10) for question, r in zip(qs, rankings, strict=True)]
    assert [o.rank for o in outcomes] == [1, 3, 7, None]
    s = summarise(outcomes, k=10)
    assert s["all"]["n"] == 4
    assert s["all"]["hit@1"] == pytest.approx(1 / 4)
    assert s["all"]["hit@5"] == pytest.approx(2 / 4)
    assert s["all"]["hit@10"] == pytest.approx(3 / 4)
    assert s["all"]["mrr@10"] == pytest.approx((1 + 1 / 3 + 1 / 7) / 4)
    assert s["lookup"]["mrr@10"] == pytest.approx((1 + 1 / 3) / 2)
    assert s["paraphrase"]["hit@10"] == 0
    assert s["all"]["recall@10"] == pytest.approx(3 / 4)


@pytest.mark.parametrize(
    "sentence, quote, expected",
    [
        ("De gemeente hanteert een indeling in zes gebieden.", ANSWER, True),
        # a quote over two sentences: the marked one holds half of itself inside the quote
        ("Het werkt.", "het werkt. En daarna gaat de school verder met de wijk en het team", False),
        (
            "De school werkt samen met het wijkteam.",
            "de school werkt samen met het wijkteam. Daarnaast zijn er vaste contactpersonen voor ouders",
            True,
        ),
        ("Iets heel anders over jeugdhulp.", ANSWER, False),
        ("", ANSWER, False),
        ("Tekst", "", False),
    ],
)
def test_sentence_holds_quote(sentence, quote, expected):
    assert sentence_holds_quote(sentence, quote) is expected


def test_marked_sentences_are_judged_on_the_first_answering_passage():
    question = q("m", "lookup", ("a.txt", ANSWER))
    right = Retrieved("a.txt", "Inleiding. " + ANSWER + ".", ("De gemeente hanteert een indeling in zes gebieden.",))
    wrong = Retrieved("a.txt", "Inleiding. " + ANSWER + ".", ("Inleiding.",))
    unmarked = Retrieved("a.txt", ANSWER)
    assert evaluate_question(question, [Retrieved("a.txt", NOISE), right], 10).marked_ok is True
    assert evaluate_question(question, [wrong, right], 10).marked_ok is False  # only the first one counts
    assert evaluate_question(question, [unmarked], 10).marked_ok is None  # nothing marked: not judged
    assert evaluate_question(question, [Retrieved("a.txt", NOISE, ("x",))], 10).marked_ok is None  # no answer
    outcomes = [
        evaluate_question(question, [right], 10),
        evaluate_question(question, [wrong], 10),
        evaluate_question(question, [unmarked], 10),
    ]
    s = summarise(outcomes)
    assert s["all"]["marked"] == pytest.approx(1 / 2)  # of the two judged
    assert "marked" in format_table(s) and "marked" not in format_table(summarise(outcomes[2:]))


def test_halves_are_deterministic_disjoint_complete_and_stratified():
    questions = load_questions(DEV_QUESTIONS)
    a, b = split_halves(questions, seed=7)
    a2, b2 = split_halves(list(reversed(questions)), seed=7)
    assert [x.id for x in a] == [x.id for x in a2] and [x.id for x in b] == [x.id for x in b2]
    assert not {x.id for x in a} & {x.id for x in b}
    assert {x.id for x in a} | {x.id for x in b} == {x.id for x in questions}
    assert abs(len(a) - len(b)) <= 1
    kinds = {x.kind for x in questions}
    assert {x.kind for x in a} == kinds == {x.kind for x in b}
    other, _ = split_halves(questions, seed=8)
    assert [x.id for x in other] != [x.id for x in a]


def test_load_questions_rejects_bad_lines(tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "a", "question": "x", "relevant": []}\n{"id": "b"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="q.jsonl:2"):
        load_questions(path)


@pytest.mark.parametrize(
    "name", ["dev-questions.jsonl", "holdout-questions.jsonl", "holdout2-questions.jsonl", "holdout3-questions.jsonl"]
)
def test_every_quote_of_the_question_sets_is_in_its_document(name):
    """The question sets cite the seed file names; each quote must be found, whole, in the
    corpus file the catalogue maps that name to (else a question could never be answered)."""
    catalog = tomllib.loads((CORPUS / "catalog.toml").read_text(encoding="utf-8"))
    text_of = {
        d["seed_file"]: reduce_text((CORPUS / d["file"]).read_text(encoding="utf-8"))
        for d in catalog["document"]
        if d.get("seed_file")
    }
    questions = load_questions(DEV_QUESTIONS.parent / name)
    assert len({q.id for q in questions}) == len(questions) >= 30
    missing = [(q.id, r.quote) for q in questions for r in q.relevant if reduce_text(r.quote) not in text_of[r.doc]]
    assert missing == []
