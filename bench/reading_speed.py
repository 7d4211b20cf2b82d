"""Speed of the full default reading on real posts (issue 14: no slower than before its changes).

Run: ``.venv/bin/python bench/reading_speed.py [--label NAME]``. Posts are the first 150 words of the RedHOT posts
(``../shared/corpora/redhot``, research-only: read in place) that have at least that many, each read as a
one-post thread whose first line is its title, exactly as ``anecdata evaluate experiences`` reads them: the whole
default pipeline, then the thread logic (questions, experiences). One process, after a warm-up; the best of
three rounds is kept, so other work on the machine inflates it less. Appends the run to
``bench/results/reading_speed.json`` under ``--label``.
"""

import argparse
import json
import platform
import sys
import time
from pathlib import Path

from anecdata.evaluate.experiences import one_post_thread
from anecdata.read.pipeline import annotate_thread, default_pipeline
from anecdata.settings import shared_dir
from anecdata.thread import add_thread_logic

POSTS = shared_dir() / "corpora/redhot/derived/st1_train_with_text.jsonl"
RESULTS = Path(__file__).parent / "results" / "reading_speed.json"
WORDS_PER_POST = 150
MAX_POSTS = 300
ROUNDS = 3


def posts() -> list[str]:
    texts = []
    with POSTS.open(encoding="utf-8") as f:
        for line in f:
            words = json.loads(line)["text"].split(" ")
            if len(words) >= WORDS_PER_POST:
                texts.append(" ".join(words[:WORDS_PER_POST]))
            if len(texts) == MAX_POSTS:
                break
    return texts


def read_all(texts: list[str]) -> float:
    started = time.perf_counter()
    for number, text in enumerate(texts):
        add_thread_logic(annotate_thread(one_post_thread(f"bench-{number}", text)))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--label", default="current")
    label = parser.parse_args().label
    if not POSTS.exists():
        sys.exit(f"error: {POSTS} is missing: the bench reads real RedHOT posts from the shared corpora")
    texts = posts()
    default_pipeline()
    read_all(texts[:20])  # warm-up: models and caches load once
    best = min(read_all(texts) for _ in range(ROUNDS))
    run = {
        "posts": len(texts),
        "words_per_post": WORDS_PER_POST,
        "ms_per_post": round(best * 1000 / len(texts), 2),
        "machine": f"{platform.machine()}, Python {platform.python_version()}, one process, best of {ROUNDS}",
    }
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results[label] = run
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"{label}: {run['ms_per_post']} ms per {WORDS_PER_POST}-word real post ({len(texts)} posts) -> {RESULTS}")


if __name__ == "__main__":
    main()
