"""The packaged static embedder: shapes, unit rows, zero rows for nothing known, and a few sensible neighbours."""

import numpy as np
import pytest

from anecdata.embed.static import StaticEmbedder


@pytest.fixture(scope="module")
def embedder() -> StaticEmbedder:
    return StaticEmbedder.load()


def cosine(embedder: StaticEmbedder, a: str, b: str) -> float:
    u, v = embedder.encode([a, b])
    return float(u @ v)


def test_static_encode_returns_unit_float32_rows(embedder):
    vectors = embedder.encode(["heel pain in the morning", "I tried a night splint.", "ok"])
    assert vectors.shape == (3, embedder.dimensions) == (3, 128)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_static_encode_is_deterministic_and_independent_of_batching(embedder):
    texts = ["Calf stretching helped my plantar fasciitis.", "Ibuprofen takes the edge off."]
    together = embedder.encode(texts)
    assert np.array_equal(together, embedder.encode(texts))
    assert np.allclose(together[1], embedder.encode(texts[1:])[0], atol=1e-6)


def test_static_empty_and_unknown_text_give_zero_rows(embedder):
    vectors = embedder.encode(["", "   ", "\u2603\u2603", "knee"])
    assert not vectors[:3].any()
    assert np.isclose(np.linalg.norm(vectors[3]), 1.0, atol=1e-5)
    assert embedder.encode([]).shape == (0, 128)


def test_static_case_and_accents_do_not_matter(embedder):
    assert np.allclose(*embedder.encode(["Café PHYSIOTHERAPY", "cafe physiotherapy"]), atol=1e-6)


def test_static_name_and_version_identify_the_model_file(embedder):
    assert embedder.name == "static-minilm-128"
    assert len(embedder.version) == 16 and int(embedder.version, 16) >= 0
    assert StaticEmbedder.load() is embedder


@pytest.mark.parametrize(
    ("text", "paraphrase", "unrelated"),
    [
        (
            "my sciatica got better after physiotherapy",
            "physical therapy helped my sciatic pain",
            "the weather in Boston is cold",
        ),
        (
            "plantar fasciitis made my first steps in the morning agony",
            "my heel hurts when I get out of bed",
            "we bought a new car last week",
        ),
    ],
)
def test_static_paraphrases_are_nearer_than_unrelated_text(embedder, text, paraphrase, unrelated):
    assert cosine(embedder, text, paraphrase) > cosine(embedder, text, unrelated) + 0.1
