"""Speed of context and outcomes (issue 4 target: together ≤ 2 ms per 100-word post on one core).

Run: ``.venv/bin/python bench/outcomes_speed.py``. Posts are 100-word windows of the project's own example
threads. Each post is first run through sentences and mentions; then ``anecdata_context`` and
``anecdata_outcomes`` are timed alone on copies of those docs (what the two add to the pipeline), after a
warm-up. Writes ``bench/results/outcomes_speed.json``.
"""

import json
import platform
import time
from pathlib import Path

from anecdata.read.pipeline import build_pipeline

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
RESULTS = Path(__file__).parent / "results" / "outcomes_speed.json"
WORDS_PER_POST = 100
ROUNDS = 10
TIMED = ("anecdata_context", "anecdata_outcomes")


def posts() -> list[str]:
    words = " ".join(p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))).split()
    return [" ".join(words[i : i + WORDS_PER_POST]) for i in range(0, len(words) - WORDS_PER_POST, WORDS_PER_POST)]


def main() -> None:
    nlp = build_pipeline(("anecdata_sentences", "anecdata_mentions", *TIMED))
    prepared = list(nlp.pipe(posts(), disable=list(TIMED)))
    components = [nlp.get_pipe(name) for name in TIMED]
    seconds = dict.fromkeys(TIMED, 0.0)
    for round_ in range(ROUNDS + 1):  # round 0 warms up
        for doc in prepared:
            copy = doc.copy()
            for name, component in zip(TIMED, components, strict=True):
                started = time.perf_counter()
                component(copy)
                if round_:
                    seconds[name] += time.perf_counter() - started
    runs = ROUNDS * len(prepared)
    per_post = {name: round(s * 1000 / runs, 3) for name, s in seconds.items()}
    result = {
        "posts": len(prepared),
        "words_per_post": WORDS_PER_POST,
        "ms_per_post": per_post,
        "ms_per_post_total": round(sum(per_post.values()), 3),
        "target_ms_per_post": 2.0,
        "machine": f"{platform.machine()}, Python {platform.python_version()}, one process",
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(
        f"context + outcomes: {result['ms_per_post_total']} ms per {WORDS_PER_POST}-word post {per_post} -> {RESULTS}"
    )


if __name__ == "__main__":
    main()
