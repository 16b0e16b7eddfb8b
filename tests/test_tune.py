"""eval/tune.py on the fast index: each halving's setting is chosen on one half and scored on
the other, and passages are counted as a search counts them."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from search.evaluate import load_questions, summarise
from search.filters import Filters
from search.params import RankingParams
from search.searcher import searchable
from search.selection import grid_neighbours, question_scores
from tests.conftest import DEV_QUESTIONS, load_eval_script
from tests.test_search import open_searcher

TINY_GRID = {
    "weight_lexical": [0.1, 0.5],
    "weight_grams": [0.0, 0.3],
    "weight_thesaurus": [0.15],
    "document_penalty": [0.0, 0.08],
    "document_size_penalty": [0.08],
    "sentence_mix": [0.3],
    "isotropy_directions": [None, 1],
}


@pytest.fixture(scope="module")
def tune():
    module = load_eval_script("tune")
    module.GRID = TINY_GRID
    return module


@pytest.fixture(scope="module")
def tuned(tune, fake_index):
    searcher = open_searcher(fake_index.index_dir, "fake")
    questions = load_questions(DEV_QUESTIONS)
    feats, texts, seed_of = tune.prepare(searcher, questions, RankingParams())
    candidates = tune.grid(RankingParams())
    table = tune.rank_table(questions, feats, texts, seed_of, candidates)
    return searcher, questions, feats, texts, seed_of, candidates, table


def test_sizes_count_the_passages_a_search_can_show(tuned):
    searcher, _, _, texts, *_ = tuned
    shown = searcher.store.passages_per_document(searchable(Filters()))
    assert Counter(doc for doc, _ in texts.values()) == shown
    assert sum(shown.values()) < searcher.store.chunk_count()  # reading lists are left out


def test_each_halving_is_scored_on_the_half_it_was_not_tuned_on(tune, tuned):
    _, questions, feats, texts, seed_of, candidates, table = tuned
    assert table.shape == (16, 40) and table.any() and len({tuple(row) for row in table}) > 1
    by_id = {q.id: q for q in questions}
    column = {q.id: i for i, q in enumerate(questions)}
    per_question = question_scores(table)
    found = tune.halvings(questions, table, grid_neighbours(tune.GRID), [1000, 1001])
    assert set(found) == set(tune.RULES)
    for rule, done in found.items():
        assert len(done) == 4
        for h in done:
            assert set(h.tuned_on).isdisjoint(h.held_out) and len(h.tuned_on) + len(h.held_out) == 40
            held = [by_id[i] for i in h.held_out]
            s = summarise(tune.evaluate(held, feats, texts, seed_of, candidates[h.setting]))["all"]
            assert h.mrr == pytest.approx(s["mrr@10"]) and h.hit5 == pytest.approx(s["hit@5"])
            if rule == "argmax":  # no setting does better on the half it was tuned on
                means = per_question[:, [column[i] for i in h.tuned_on]].mean(axis=1)
                assert means[h.setting] == pytest.approx(means.max())
    # both ways round: the halves of one seed swap places
    first, second = found["argmax"][:2]
    assert first.tuned_on == second.held_out and first.held_out == second.tuned_on


def test_the_table_holds_each_settings_first_answer_rank(tune, tuned):
    _, questions, feats, texts, seed_of, candidates, table = tuned
    for i in (0, len(candidates) - 1):
        outcomes = tune.evaluate(questions, feats, texts, seed_of, candidates[i])
        assert list(table[i]) == [o.rank or 0 for o in outcomes]
    assert np.all((table >= 0) & (table <= 10))
