"""search/selection.py: choosing a grid setting by its neighbourhood, not its luck."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from search.selection import choose_setting, grid_neighbours, grid_settings, question_scores, smoothed

GRID = {"a": [1, 2], "b": ["x", "y", "z"]}


def test_grid_settings_vary_the_last_parameter_fastest():
    assert grid_settings(GRID) == [
        {"a": 1, "b": "x"},
        {"a": 1, "b": "y"},
        {"a": 1, "b": "z"},
        {"a": 2, "b": "x"},
        {"a": 2, "b": "y"},
        {"a": 2, "b": "z"},
    ]
    assert grid_settings({}) == [{}]


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        (0, {0, 1, 3}),  # a=1 b=x: b one step on, a one step on
        (1, {1, 0, 2, 4}),  # a=1 b=y: both b neighbours and a=2
        (4, {4, 3, 5, 1}),
        (5, {5, 4, 2}),
    ],
)
def test_grid_neighbours(index, expected):
    near = grid_neighbours(GRID)
    assert len(near) == 6
    assert near[index][0] == index  # a setting is its own first neighbour
    assert set(near[index]) == expected


def test_every_neighbour_is_one_step_in_one_parameter():
    grid = {"p": [0.1, 0.2, 0.3, 0.5], "q": [None, 0, 1], "r": [True, False]}
    settings = grid_settings(grid)
    for i, near in enumerate(grid_neighbours(grid)):
        for j in near[1:]:
            steps = [abs(grid[k].index(settings[i][k]) - grid[k].index(settings[j][k])) for k in grid]
            assert sorted(steps) == [0, 0, 1]
        # and every such setting is listed
        expected = sum(
            (grid[k].index(settings[i][k]) > 0) + (grid[k].index(settings[i][k]) < len(grid[k]) - 1) for k in grid
        )
        assert len(near) == 1 + expected


def test_an_empty_axis_has_no_settings():
    assert grid_neighbours({"a": [1, 2], "b": []}) == []
    assert grid_settings({"a": [1, 2], "b": []}) == []


@pytest.mark.parametrize(
    ("rank", "score"),
    [
        (0, 0.0),  # not in the top 10
        (1, 2.0),
        (3, 1 / 3 + 1),
        (5, 1 / 5 + 1),
        (6, 1 / 6),
        (10, 1 / 10),
        (11, 0.0),  # beyond k counts as not found
    ],
)
def test_question_scores(rank, score):
    assert question_scores(np.array([[rank]]))[0, 0] == pytest.approx(score)


def test_question_scores_mean_is_mrr_plus_hit_at_5():
    ranks = np.array([[1, 2, 0, 7], [0, 0, 0, 0]])
    per = question_scores(ranks)
    mrr = (1 + 1 / 2 + 0 + 1 / 7) / 4
    hit5 = 2 / 4
    assert per.mean(axis=1) == pytest.approx([mrr + hit5, 0.0])


LINE = {"w": list(range(7))}  # seven settings in a row: each has the ones beside it as neighbours


@pytest.mark.parametrize(
    ("scores", "passes", "expected"),
    [
        ([0, 3, 0], 0, [0, 3, 0]),
        ([0, 3, 0], 1, [1.5, 1.0, 1.5]),
        ([0, 3, 0], 2, [1.25, 4 / 3, 1.25]),
        ([2, 2, 2], 3, [2, 2, 2]),
    ],
)
def test_smoothed(scores, passes, expected):
    near = grid_neighbours({"w": [0, 1, 2]})
    assert smoothed(np.array(scores, dtype=float), near, passes) == pytest.approx(expected)


def test_smoothed_refuses_scores_of_another_grid():
    with pytest.raises(ValueError, match="3 scores for 7 settings"):
        smoothed(np.zeros(3), grid_neighbours(LINE))


def test_a_lucky_setting_loses_to_a_good_neighbourhood():
    # one question set: setting 0 scores best alone, settings 3-6 score well together
    means = np.array([0.9, 0.0, 0.0, 0.7, 0.7, 0.7, 0.7])
    per_question = means[:, None] * np.ones((1, 4))
    near = grid_neighbours(LINE)
    assert choose_setting(per_question, near, passes=0) == 0
    plateau = {3, 4, 5, 6}
    assert choose_setting(per_question, near, passes=1) in plateau
    assert choose_setting(per_question, near) in plateau


def test_equals_go_to_the_first_in_grid_order():
    per_question = np.ones((7, 3))
    assert choose_setting(per_question, grid_neighbours(LINE)) == 0
    assert choose_setting(per_question, grid_neighbours(LINE), passes=0) == 0


def test_choose_setting_uses_the_mean_over_questions():
    # setting 1 wins on one question by a lot; setting 2 on more questions by a little
    per_question = np.array([[0.0, 0.0, 0.0], [3.0, 0.0, 0.0], [1.1, 1.1, 1.1]])
    assert choose_setting(per_question, [(0,), (1,), (2,)], passes=0) == 2
    assert list(itertools.chain(*grid_neighbours({"a": [1]}))) == [0]
