"""Speed of the statement component: milliseconds of CPU it adds per post, on one core, over a batch of posts.

Run: ``.venv/bin/python bench/statements_speed.py [--baseline SRC [--baseline-label REV]] [--runs N]``. Two
batches are timed: the project's own training posts (``data/statements``) cut or repeated to 100 words (500 posts),
and real Reddit posts from RedHOT (``../shared/corpora/redhot``, research-only: read in place, only timings are
written), the first 200 with at least 150 words, cut to 150; the target is at most 1 ms per 150-word RedHOT post
(issues 15 and 21).
Sentences and mentions are found first (the components before it in the pipeline), then only the statement
component is timed, as CPU time of its process (a shared machine's other load counts less than in wall time).

Each measurement is a fresh process. ``--baseline SRC`` times another version of the package as well (a ``src``
folder: ``git archive REV src | tar -x -C DIR``), alternating the two ``--runs`` times, and records both; without
it, this checkout alone is timed. Writes ``bench/results/statements_speed.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).parent / "results" / "statements_speed.json"
REDHOT = Path("corpora") / "redhot" / "derived" / "st1_train_with_text.jsonl"
TRAINING_POSTS, TRAINING_WORDS = 500, 100
REDHOT_POSTS, REDHOT_WORDS = 200, 150
TRAINING = f"training_{TRAINING_WORDS}_words"
REAL = f"redhot_{REDHOT_WORDS}_words"
ROUNDS = 3
"""Timed passes over each batch in one process; the fastest is kept (the least disturbed by other load)."""


def measure() -> dict[str, float]:
    """Milliseconds per post of each batch, timed in this process with the package on its path."""
    from anecdata.read.pipeline import build_pipeline
    from anecdata.settings import shared_dir

    lines = (ROOT / "data" / "statements" / "posts.jsonl").read_text(encoding="utf-8").splitlines()
    words = " ".join(json.loads(line)["text"] for line in lines[: TRAINING_POSTS * 2]).split(" ")
    batches = {
        TRAINING: [" ".join(words[i * TRAINING_WORDS : (i + 1) * TRAINING_WORDS]) for i in range(TRAINING_POSTS)]
    }
    redhot = shared_dir() / REDHOT
    if redhot.is_file():
        cut = []
        for line in redhot.read_text(encoding="utf-8").splitlines():
            post = json.loads(line)["text"].split(" ")
            if len(post) >= REDHOT_WORDS:
                cut.append(" ".join(post[:REDHOT_WORDS]))
            if len(cut) == REDHOT_POSTS:
                break
        batches[REAL] = cut
    nlp = build_pipeline()
    component = nlp.get_pipe("anecdata_statements")
    before = nlp.pipe_names[: nlp.pipe_names.index("anecdata_statements")]
    found = {}
    for name, texts in batches.items():
        with nlp.select_pipes(enable=before):
            docs = list(nlp.pipe(texts, batch_size=64))
        for doc in docs[:20]:
            component(doc)  # warm-up
        best = float("inf")
        for _ in range(ROUNDS):
            started = time.process_time()
            for doc in docs:
                component(doc)
            best = min(best, time.process_time() - started)
        found[name] = round(best * 1000 / len(docs), 3)
    return found


def _run(src: Path) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(src), "OMP_NUM_THREADS": "1"}
    out = subprocess.run(
        [sys.executable, __file__, "--measure"], env=env, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.splitlines()[-1])


def _checkout() -> str:
    """This checkout's commit, marked ``-dirty`` when its ``src`` differs from it."""

    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(ROOT), *args], check=True, capture_output=True, text=True).stdout

    return git("rev-parse", "--short", "HEAD").strip() + ("-dirty" if git("status", "--porcelain", "--", "src") else "")


def _summary(version: str, runs: list[dict[str, float]]) -> dict[str, object]:
    return {
        "version": version,
        "ms_per_post_runs": {name: [run[name] for run in runs] for name in runs[0]},
        "ms_per_post_median": {name: round(statistics.median(run[name] for run in runs), 3) for name in runs[0]},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, help="a src folder of another version, timed alternately with this")
    parser.add_argument("--baseline-label", default="baseline", help="what the baseline is, e.g. its commit")
    parser.add_argument("--runs", type=int, default=5, help="processes per version (default 5)")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure()))
        return
    versions = {"before": args.baseline, "after": ROOT / "src"} if args.baseline else {"after": ROOT / "src"}
    labels = {"before": args.baseline_label, "after": _checkout()}
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in versions}
    load = [round(os.getloadavg()[0], 2)]
    for i in range(args.runs):
        for name, src in versions.items():
            runs[name].append(_run(src))
            print(f"run {i + 1} {name}: {runs[name][-1]}", flush=True)
    load.append(round(os.getloadavg()[0], 2))
    result = {
        "what": (
            f"CPU ms per post of the statement component alone, best of {ROUNDS} passes per process, "
            f"{args.runs} processes per version" + (", versions alternated" if args.baseline else "")
        ),
        "batches": {
            TRAINING: f"{TRAINING_POSTS} posts from data/statements, cut or repeated to {TRAINING_WORDS} words",
            REAL: f"the first {REDHOT_POSTS} RedHOT posts of {REDHOT_WORDS} words or more, cut to {REDHOT_WORDS}",
        },
        **{name: _summary(labels[name], found) for name, found in runs.items()},
        "target_ms": {REAL: 1.0},
        "machine": f"{platform.machine()}, Python {platform.python_version()}, {os.cpu_count()} cores, one process",
        "load_average_at_start_and_end": load,  # a shared machine: other work slows both versions alike
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps({name: result[name]["ms_per_post_median"] for name in runs}), "->", RESULTS)


if __name__ == "__main__":
    main()
