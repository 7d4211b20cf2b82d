"""Load on a freshly started ``anecdata serve`` (issue 17 point 7): 2,000 requests from 20 clients on 127.0.0.1.

Builds a small store (the project's example threads plus ``--posts`` generated Reddit comments, read, indexed,
reports stored as ``anecdata read`` leaves them), starts ``anecdata serve`` on it, and sends the requests the
moment it listens: pages, threads, searches, condition reports, their charts and evidence lists. Writes the
percentiles (overall and per kind of page), errors and the server's peak resident memory to
``bench/results/web_load.json``. Target: p99 under 1.5 s, memory under 1 GiB.

Run: ``.venv/bin/python bench/web_load.py [--requests 2000] [--clients 20] [--posts 300] [--no-stored-reports]``
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1] / "tests" / p) for p in ("reliability", "")]

from kill_rerun import reddit_comments  # noqa: E402
from web_load import load_test  # noqa: E402

from anecdata.jobs import index_experiences, ingest_sources, read_pending, store_reports  # noqa: E402
from anecdata.store import open_store  # noqa: E402
from paths import example_threads  # noqa: E402

RESULTS = Path(__file__).parent / "results" / "web_load.json"


def build_store(folder: Path, posts: int, stored_reports: bool) -> str:
    """A SQLite store of the example threads and ``posts`` generated comments, read and indexed."""
    url = f"sqlite:///{folder / 'forum.db'}"
    sources = [str(p) for p in example_threads()]
    if posts:
        sources.append(str(reddit_comments(folder / "RC_bench.ndjson", posts)))
    with open_store(url) as store:
        ingest_sources(sources, store)
        read_pending(store, workers=1)
        index_experiences(store)
        if stored_reports:
            store_reports(store)
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--posts", type=int, default=300, help="Generated comments added to the example threads.")
    parser.add_argument("--no-stored-reports", action="store_true", help="Leave every report for the server to build.")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        url = build_store(Path(tmp), args.posts, not args.no_stored_reports)
        print(f"store built in {time.perf_counter() - started:.0f} s", flush=True)
        with open_store(url, create=False) as store:
            size = {t: store.count(t) for t in ("threads", "posts", "annotations")}
        result = load_test(url, args.requests, args.clients)
    summary = {
        "store": size | {"stored_reports": not args.no_stored_reports},
        **result.summary(),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "targets": {"p99_seconds": 1.5, "peak_rss_mib": 1024},
    }
    print(json.dumps(summary, indent=1))
    args.out.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
