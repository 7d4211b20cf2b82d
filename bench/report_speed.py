"""Condition report latency (``anecdata report``) on a SQLite store of 100,000 posts; target under 1 s.

Run: ``.venv/bin/python bench/report_speed.py [--posts N] [--db PATH] [--repeat R]``.

The store is the one ``search_speed.py`` builds (the example threads read once, then cloned with their
experience-index rows until there are ``--posts`` posts; each clone's people are distinct people), and is reused
when it exists. Each condition's report is timed two ways, ``--repeat`` times each in one process (the
vocabulary's one-off load is reported apart): ``built``, counted from the experience index with no stored report;
``stored``, read back after ``anecdata read`` stored it (``jobs.store_reports``, itself timed), which is what
``anecdata report`` and the web app show between two reads of the store. Rendering the JSON and the terminal
tables is timed too. Writes ``bench/results/report_speed.json``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from search_speed import _machine, build

from anecdata import __version__
from anecdata.jobs import store_reports
from anecdata.report.condition import condition_report
from anecdata.report.text import render_report_text
from anecdata.store import SqlStore, open_store
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
    store_info = build(args.db, args.posts)
    started = time.perf_counter()
    lexicon = load_lexicon()
    vocabulary_s = time.perf_counter() - started
    results = {}
    with open_store(f"sqlite:///{args.db}", create=False) as store:
        posts = store.count("posts")
        _forget_reports(store)
        for condition in CONDITIONS:
            condition_report(store, condition, lexicon)  # warm-up: page cache
            built = _timed(lambda c=condition: condition_report(store, c, lexicon), args.repeat)
            report, render_times = condition_report(store, condition, lexicon), []
            for _ in range(args.repeat):
                started = time.perf_counter()
                json.dumps(report.to_dict())
                render_report_text(report, Console(file=io.StringIO(), width=120))
                render_times.append(time.perf_counter() - started)
            results[condition] = {
                "threads": report.threads,
                "people": report.people.people,
                "treatments": len(report.treatments),
                "built_median_s": round(statistics.median(built), 3),
                "built_max_s": round(max(built), 3),
                "render_median_s": round(statistics.median(render_times), 3),
            }
        started = time.perf_counter()
        stored_count = store_reports(store)
        store_seconds = time.perf_counter() - started
        for condition in CONDITIONS:
            stored = _timed(lambda c=condition: condition_report(store, c, lexicon), args.repeat)
            results[condition] |= {
                "stored_median_s": round(statistics.median(stored), 3),
                "stored_max_s": round(max(stored), 3),
            }
            print(f"{condition}: {results[condition]}")
    worst = max(r["stored_max_s"] + r["render_median_s"] for r in results.values())
    worst_built = max(r["built_max_s"] + r["render_median_s"] for r in results.values())
    out = {
        "posts": posts,
        "store": store_info,
        "vocabulary_load_s": round(vocabulary_s, 2),
        "reports": results,
        "store_reports": {"conditions": stored_count, "seconds": round(store_seconds, 1)},
        "worst_stored_report_and_render_s": round(worst, 3),
        "worst_built_report_and_render_s": round(worst_built, 3),
        "target_s": TARGET_S,
        "meets_target_stored": worst < TARGET_S,
        "meets_target_built": worst_built < TARGET_S,
        "load_average_before_after": [round(load_before[0], 2), round(os.getloadavg()[0], 2)],
        "machine": _machine(),
        "anecdata_version": __version__,
    }
    RESULTS.write_text(json.dumps(out, indent=2) + "\n")
    print(
        f"worst report + render: stored {worst:.3f} s, built {worst_built:.3f} s (target < {TARGET_S} s) -> {RESULTS}"
    )


def _timed(run: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return times


def _forget_reports(store: SqlStore) -> None:
    """No stored report: the first timing builds every report."""
    with store.transaction() as cursor:
        store.execute(cursor, "DELETE FROM condition_reports")


if __name__ == "__main__":
    main()
