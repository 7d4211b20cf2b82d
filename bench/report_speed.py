"""Condition report latency (``anecdata report``) on a SQLite store of 100,000 posts; target under 1 s.

Run: ``.venv/bin/python bench/report_speed.py [--posts N] [--db PATH] [--repeat R]``.

The store is the one ``search_speed.py`` builds (the example threads read once, then cloned with their
experience-index rows until there are ``--posts`` posts; each clone's people are distinct people), and is reused
when it exists. Each condition's report is built ``--repeat`` times in one process after a warm-up (the
vocabulary's one-off load is reported apart), as ``anecdata report`` and the web app build it; the JSON and the
terminal tables are rendered too. Writes ``bench/results/report_speed.json``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import time
from pathlib import Path

from rich.console import Console
from search_speed import _machine, build

from anecdata import __version__
from anecdata.report.condition import condition_report
from anecdata.report.text import render_report_text
from anecdata.store import open_store
from anecdata.vocab.compiled import load_lexicon

TARGET_S = 1.0
RESULTS = Path(__file__).resolve().parent / "results" / "report_speed.json"
CONDITIONS = ("plantar fasciitis", "back pain", "sciatica", "piriformis syndrome", "achilles tendinopathy")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/anecdata-bench/search-100k.db"))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    load_before = os.getloadavg()
    built = build(args.db, args.posts)
    started = time.perf_counter()
    lexicon = load_lexicon()
    vocabulary_s = time.perf_counter() - started
    results = {}
    with open_store(f"sqlite:///{args.db}", create=False) as store:
        posts = store.count("posts")
        for condition in CONDITIONS:
            condition_report(store, condition, lexicon)  # warm-up: page cache
            times, render_times = [], []
            for _ in range(args.repeat):
                started = time.perf_counter()
                report = condition_report(store, condition, lexicon)
                times.append(time.perf_counter() - started)
                started = time.perf_counter()
                json.dumps(report.to_dict())
                render_report_text(report, Console(file=io.StringIO(), width=120))
                render_times.append(time.perf_counter() - started)
            results[condition] = {
                "threads": report.threads,
                "people": report.people.people,
                "treatments": len(report.treatments),
                "median_s": round(statistics.median(times), 3),
                "max_s": round(max(times), 3),
                "render_median_s": round(statistics.median(render_times), 3),
            }
            print(f"{condition}: {results[condition]}")
    worst = max(r["max_s"] + r["render_median_s"] for r in results.values())
    out = {
        "posts": posts,
        "store": built,
        "vocabulary_load_s": round(vocabulary_s, 2),
        "reports": results,
        "worst_report_and_render_s": round(worst, 3),
        "target_s": TARGET_S,
        "meets_target": worst < TARGET_S,
        "load_average_before_after": [round(load_before[0], 2), round(os.getloadavg()[0], 2)],
        "machine": _machine(),
        "anecdata_version": __version__,
    }
    RESULTS.write_text(json.dumps(out, indent=2) + "\n")
    print(f"worst report + render: {worst:.3f} s (target < {TARGET_S} s) -> {RESULTS}")


if __name__ == "__main__":
    main()
