"""Kill-and-rerun at length (issue 17): many ``kill -9`` of a real ``anecdata ingest`` and ``anecdata read``, at
moments spread over the work, then a rerun; the store must equal a clean run's.

The CI test (``tests/reliability/test_kill_rerun.py``) kills twice on small inputs; this kills ``--kills`` times
per command on larger ones, on SQLite (and on PostgreSQL when ``ANECDATA_TEST_POSTGRES_URL`` names a server; each
case uses two fresh schemas there). Writes the moments that landed, the differences found (none expected) and the
times to ``bench/results/kill_rerun.json``.

Run: ``.venv/bin/python bench/kill_rerun.py [--posts 20000] [--read-posts 600] [--kills 6]``
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1] / "tests" / "reliability")]

from kill_rerun import Moment, anecdata, differences, kill_and_rerun, reddit_comments, run, snapshot  # noqa: E402

from anecdata import settings  # noqa: E402

RESULTS = Path(__file__).parent / "results" / "kill_rerun.json"


def spread(table: str, total: int, kills: int) -> list[Moment]:
    """``kills`` moments at even shares of ``total`` rows of ``table`` (the first after one row)."""
    return [Moment(table, max(1, total * i // kills)) for i in range(kills)]


def ingest_case(stores: tuple[str, str], dump: Path, posts: int, kills: int) -> dict[str, object]:
    """Ingest ``dump`` cleanly into one store and, killed ``kills`` times, into the other; then compare."""
    clean, killed = stores
    started = time.perf_counter()
    run(anecdata("ingest", str(dump), "--db", clean, "--batch", "100"))
    command = anecdata("ingest", str(dump), "--db", killed, "--batch", "100")
    landed = kill_and_rerun(command, killed, spread("posts", posts, kills))
    found = differences(snapshot(clean), snapshot(killed))
    return {"kills_landed": landed, "differences": found, "seconds": round(time.perf_counter() - started, 1)}


def read_case(stores: tuple[str, str], dump: Path, posts: int, kills: int) -> dict[str, object]:
    """Read ``dump``'s posts cleanly in one store and, killed ``kills`` times, in the other; then compare."""
    clean, killed = stores
    started = time.perf_counter()
    for url in stores:
        run(anecdata("ingest", str(dump), "--db", url))
    read = ("read", "--workers", "1")
    run(anecdata(*read, "--db", clean))
    landed = kill_and_rerun(anecdata(*read, "--db", killed), killed, spread("readings", posts, kills))
    found = differences(snapshot(clean), snapshot(killed))
    return {"kills_landed": landed, "differences": found, "seconds": round(time.perf_counter() - started, 1)}


def sqlite_pair(folder: Path, name: str) -> tuple[str, str]:
    return f"sqlite:///{folder / f'{name}-clean.db'}", f"sqlite:///{folder / f'{name}-killed.db'}"


def postgres_pair() -> tuple[str, str] | None:
    """Two fresh schemas on the test server, as store URLs; None without a server."""
    url = settings.postgres_test_url()
    if url is None:
        return None
    import psycopg

    schemas = [f"anecdata_bench_{uuid.uuid4().hex[:10]}" for _ in range(2)]
    with psycopg.connect(url, autocommit=True) as admin:
        for schema in schemas:
            admin.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in url else "?"
    clean, killed = (f"{url}{sep}options=-csearch_path%3D{schema}" for schema in schemas)
    return clean, killed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--read-posts", type=int, default=600)
    parser.add_argument("--kills", type=int, default=6)
    args = parser.parse_args()
    results: dict[str, dict[str, object]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        big = reddit_comments(folder / "RC_ingest.ndjson", args.posts)
        small = reddit_comments(folder / "RC_read.ndjson", args.read_posts, seed=29)
        results["sqlite"] = {
            "ingest": ingest_case(sqlite_pair(folder, "ingest"), big, args.posts, args.kills),
            "read": read_case(sqlite_pair(folder, "read"), small, args.read_posts, args.kills),
        }
        ingest_pg, read_pg = postgres_pair(), postgres_pair()
        if ingest_pg and read_pg:
            results["postgresql"] = {
                "ingest": ingest_case(ingest_pg, big, args.posts, args.kills),
                "read": read_case(read_pg, small, args.read_posts, args.kills),
            }
    report = {"machine": f"{platform.machine()}, CPython {platform.python_version()}", "args": vars(args), **results}
    RESULTS.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=1))
    if any(case["differences"] for backend in results.values() for case in backend.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
