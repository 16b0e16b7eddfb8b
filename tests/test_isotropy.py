"""All-but-the-top post-processing of the dense vectors (search.isotropy): what it removes,
what it keeps, and how the store serves ranking vectors from it."""

from __future__ import annotations

import numpy as np
import pytest

from search.isotropy import fit_isotropy, sample_rows


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


def _cone(n: int = 60, dim: int = 8, seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Vectors in a narrow cone: a large shared offset, one strong common direction, noise."""
    rng = np.random.default_rng(seed)
    offset = np.zeros(dim)
    offset[0] = 5.0
    common = np.zeros(dim)
    common[1] = 1.0
    x = offset + rng.normal(0, 3.0, (n, 1)) * common + rng.normal(0, 0.3, (n, dim))
    return _unit(x).astype(np.float32), common


@pytest.mark.parametrize("directions", [0, 1, 2, 5])
def test_output_rows_are_unit_length_and_directions_orthonormal(directions: int) -> None:
    x, _ = _cone()
    iso = fit_isotropy(x, directions)
    assert iso.directions.shape == (directions, x.shape[1])
    np.testing.assert_allclose(iso.directions @ iso.directions.T, np.eye(directions), atol=1e-5)
    np.testing.assert_allclose(np.linalg.norm(iso.apply(x), axis=1), 1.0, atol=1e-5)


def test_the_mean_and_the_top_direction_are_removed() -> None:
    x, common = _cone()
    raw_cos = _unit(x) @ _unit(x).T
    iso = fit_isotropy(x, 1)
    assert abs(abs(float(iso.directions[0] @ common)) - 1.0) < 0.05  # the strong shared direction is found
    y = iso.apply(x)
    assert np.abs(y @ iso.directions[0]).max() < 1e-5  # and gone from every vector
    off_diagonal = ~np.eye(len(x), dtype=bool)
    # The cone opens: raw cosines between different vectors are high, afterwards around 0.
    assert raw_cos[off_diagonal].mean() > 0.7
    assert abs((y @ y.T)[off_diagonal].mean()) < 0.2


def test_a_single_vector_and_a_matrix_give_the_same_rows() -> None:
    x, _ = _cone()
    iso = fit_isotropy(x, 2)
    np.testing.assert_allclose(iso.apply(x[4]), iso.apply(x)[4], atol=1e-6)
    assert iso.apply(x[4]).shape == (x.shape[1],)


def test_ranking_changes_where_a_shared_direction_dominated() -> None:
    # Two passages; raw cosine prefers the one that mostly shares the corpus-wide direction,
    # after post-processing the one that shares the query's specific part wins.
    dim = 6
    rng = np.random.default_rng(0)
    generic = np.array([1.0, 0, 0, 0, 0, 0])
    corpus = _unit(generic * 4 + rng.normal(0, 0.5, (80, dim)))
    iso = fit_isotropy(corpus, 1)
    specific = _unit(np.array([1.0, 0.9, 0, 0, 0, 0]))
    bland = _unit(np.array([1.0, 0.1, 0.05, 0, 0, 0]))
    query = _unit(np.array([1.0, 0.35, -0.3, 0, 0, 0]))
    assert query @ bland > query @ specific
    q = iso.apply(query)
    assert q @ iso.apply(specific) > q @ iso.apply(bland)


@pytest.mark.parametrize("n", [0, 1])
def test_too_few_vectors_only_normalise(n: int) -> None:
    x = _unit(np.ones((n, 4))) if n else np.zeros((0, 4))
    iso = fit_isotropy(x, 3)
    assert iso.directions.shape == (0, 4) and not iso.mean.any()
    v = np.array([3.0, 4.0, 0.0, 0.0])
    np.testing.assert_allclose(iso.apply(v), v / 5.0, atol=1e-6)


@pytest.mark.parametrize("n", [2, 3, 5])
def test_directions_are_capped_so_that_something_is_left(n: int) -> None:
    # n centred vectors span n - 1 directions: removing them all would leave rounding noise,
    # which normalised looks like identical vectors.
    x, _ = _cone(n=n, dim=8)
    iso = fit_isotropy(x, 10)
    assert iso.directions.shape == (max(0, n - 2), 8)
    y = iso.apply(x)
    np.testing.assert_allclose(np.linalg.norm(y, axis=1), 1.0, atol=1e-5)
    off_diagonal = ~np.eye(n, dtype=bool)
    assert (y @ y.T)[off_diagonal].min() < 0.5  # not all the same direction


def test_a_large_corpus_is_fitted_on_a_sample_of_its_rows() -> None:
    x, common = _cone(n=2_000)
    full, sampled = fit_isotropy(x, 1), fit_isotropy(x, 1, max_rows=500)
    np.testing.assert_allclose(sampled.mean, full.mean, atol=0.02)
    assert abs(float(sampled.directions[0] @ full.directions[0])) > 0.99


def test_a_vector_with_nothing_left_becomes_zero_not_noise() -> None:
    x, _ = _cone()
    iso = fit_isotropy(x, 1)
    assert not iso.apply(iso.mean).any()  # the mean itself
    assert not iso.apply(iso.mean + 0.7 * iso.directions[0]).any()  # the mean plus a removed direction
    assert iso.apply(iso.mean + 0.7 * iso.directions[0] + 0.1 * x[0]).any()


def test_sample_rows_takes_evenly_spaced_rows_across_the_parts() -> None:
    a = np.arange(10, dtype=np.float32).reshape(5, 2)
    b = np.arange(100, 110, dtype=np.float32).reshape(5, 2)
    np.testing.assert_array_equal(sample_rows([a, b], 20), np.concatenate([a, b]))
    picked = sample_rows([a, b], 4)
    np.testing.assert_array_equal(picked, np.concatenate([a, b])[[0, 3, 6, 9]])


def test_fit_refuses_a_flat_array() -> None:
    with pytest.raises(ValueError, match="shape"):
        fit_isotropy(np.zeros(5), 1)
