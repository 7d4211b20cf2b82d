"""Speed of the statement model: milliseconds it adds per 100-word post, on one core, over a batch of posts.

Run: ``.venv/bin/python bench/statements_speed.py``. Posts are the project's own training posts (``data/statements``),
cut or repeated to 100 words; sentences and mentions are found first, then only the statement component is timed
(the target: at most 5 ms per 100-word post). Writes ``bench/results/statements_speed.json``.
"""

from __future__ import annotations

import json
import os
import platform
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).parent / "results" / "statements_speed.json"
POSTS = 500
WORDS = 100


def main() -> None:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from anecdata.read.pipeline import build_pipeline

    lines = (ROOT / "data" / "statements" / "posts.jsonl").read_text(encoding="utf-8").splitlines()
    words = " ".join(json.loads(line)["text"] for line in lines[: POSTS * 2]).split(" ")
    texts = [" ".join(words[i * WORDS : (i + 1) * WORDS]) for i in range(POSTS)]
    nlp = build_pipeline()
    started = time.perf_counter()
    component = nlp.get_pipe("anecdata_statements")
    load_seconds = time.perf_counter() - started
    with nlp.select_pipes(enable=["anecdata_sentences", "anecdata_mentions"]):
        docs = list(nlp.pipe(texts, batch_size=64))
    for doc in docs[:20]:
        component(doc)  # warm-up
    started = time.perf_counter()
    for doc in docs:
        component(doc)
    per_post_ms = (time.perf_counter() - started) * 1000 / len(docs)
    result = {
        "posts": len(docs),
        "words_per_post": WORDS,
        "ms_per_post": round(per_post_ms, 3),
        "target_ms": 5.0,
        "machine": f"{platform.machine()}, Python {platform.python_version()}, one process",
        "note": f"pipeline with the model built in {load_seconds:.2f} s (model already cached in this process)",
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(f"statement model: {per_post_ms:.2f} ms per {WORDS}-word post over {len(docs)} posts -> {RESULTS}")


if __name__ == "__main__":
    main()
