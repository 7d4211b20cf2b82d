"""Kill a real ``anecdata`` command with SIGKILL at chosen moments, run it again, and compare stores.

A moment is a row count the store must reach before the kill (``posts >= 1``: the first batch is committed), so
a kill lands in the middle of the work however fast the machine is. Stores are compared as sorted rows of every
table that holds data, without the columns that record when or in which order something happened (``seq``,
``replaced_at``, the experience index's version): a store that survived kills equals a clean run's on the rest.

Used by ``tests/reliability/test_kill_rerun.py`` (small, for CI) and ``bench/kill_rerun.py`` (more kills, more
posts).
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SQLITE_PREFIX = "sqlite:///"
COMPARED_TABLES = (
    "threads",
    "posts",
    "post_versions",
    "readings",
    "annotations",
    "experience_facts",
    "thread_statements",
    "thread_concepts",
    "stale_threads",
    "condition_reports",
    "thread_records",
)
IGNORED_COLUMNS = frozenset({"seq", "replaced_at", "index_version"})
"""Insertion order, the time an edit was seen, and how often the experience index was rebuilt: they record the
run's history, not its data."""
SENTENCES = (
    "I tried ibuprofen for my knee pain and it helped a little after two weeks.",
    "My physio suggested foam rolling, but the hip pain got worse at night.",
    "Has anyone had sciatica that lasted more than six months?",
    "Stretching twice a day is the best treatment for piriformis syndrome.",
    "Dry needling did nothing for my lower back, though massage helped.",
    "My mother took amitriptyline for her migraines without any change.",
    "Ice made my plantar fasciitis worse, heat made it better.",
)
COMMAND_SECONDS = 300.0


@dataclass(frozen=True)
class Moment:
    """When to kill: once ``table`` holds at least ``rows`` rows (or, with ``rows=0``, ``after`` seconds from
    the start, before anything need be written)."""

    table: str
    rows: int = 0
    after: float = 0.0

    def __str__(self) -> str:
        return f"{self.table} >= {self.rows}" if self.rows else f"{self.after:.1f} s after start"


def reddit_comments(path: Path, count: int, seed: int = 17, edited: int = 0) -> Path:
    """A Reddit comment dump of ``count`` comments in threads of five, three varied sentences each; the first
    ``edited`` comments have a changed body (a second version of the dump)."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as f:
        for i in range(count):
            body = " ".join(rng.choice(SENTENCES) for _ in range(3))
            if i < edited:
                body += " Edit: it came back after a month."
            thread = f"t3_k{i // 5}"
            record = {"id": f"c{i}", "link_id": thread, "parent_id": thread, "subreddit": "knees", "body": body}
            f.write(json.dumps(record | {"author": f"u{i % 7}", "created_utc": 1_700_000_000 + i}) + "\n")
    return path


def anecdata(*args: str) -> list[str]:
    """The command line that runs ``anecdata`` with this interpreter."""
    return [sys.executable, "-m", "anecdata", *args]


def run(command: Sequence[str]) -> subprocess.CompletedProcess[str]:
    """Run a command to its end; fail with its output when it fails."""
    done = subprocess.run(command, capture_output=True, text=True, timeout=COMMAND_SECONDS)
    if done.returncode != 0:
        raise AssertionError(f"{' '.join(command)} exited {done.returncode}:\n{done.stderr[-3000:]}")
    return done


def kill_at(command: Sequence[str], url: str, moment: Moment, poll: float = 0.01) -> bool:
    """Start ``command``, SIGKILL it at ``moment``; returns False when it ended by itself first (too fast)."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    started = time.monotonic()
    try:
        while process.poll() is None:
            elapsed = time.monotonic() - started
            if elapsed > COMMAND_SECONDS:
                raise AssertionError(f"{' '.join(command)} did not reach {moment} in {COMMAND_SECONDS:.0f} s")
            reached = elapsed >= moment.after if not moment.rows else count_rows(url, moment.table) >= moment.rows
            if reached:
                os.killpg(process.pid, signal.SIGKILL)  # the whole session: reading workers too
                process.wait()
                return True
            time.sleep(poll)
        return False
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _connect(url: str) -> Any:
    """A plain DB-API connection to the store (read-only for SQLite), which never migrates or creates it."""
    if url.startswith(SQLITE_PREFIX):
        return sqlite3.connect(f"file:{url[len(SQLITE_PREFIX) :]}?mode=ro", uri=True, timeout=10)
    import psycopg

    return psycopg.connect(url, autocommit=True)


_FULL_TEXT_SQLITE = (
    "SELECT p.id FROM posts_fts JOIN posts p ON p.seq = posts_fts.rowid WHERE posts_fts MATCH 'ibuprofen'"
)
_FULL_TEXT_POSTGRES = "SELECT id FROM posts WHERE to_tsvector('english', text) @@ to_tsquery('english', 'ibuprofen')"


def count_rows(url: str, table: str) -> int:
    """Rows in ``table``; 0 while the store or the table does not exist yet."""
    if url.startswith(SQLITE_PREFIX) and not Path(url[len(SQLITE_PREFIX) :]).exists():
        return 0
    try:
        connection = _connect(url)
    except Exception:  # a store being created: not there yet
        return 0
    try:
        return connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    except Exception:  # the table is not created yet
        return 0
    finally:
        connection.close()


def snapshot(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every compared table's rows, sorted, without :data:`IGNORED_COLUMNS`, plus the posts the full-text index
    finds for a word (read or not: the index itself is compared)."""
    tables: dict[str, list[tuple[Any, ...]]] = {}
    connection = _connect(url)
    try:
        for table in COMPARED_TABLES:
            cursor = connection.execute(f"SELECT * FROM {table}")
            keep = [i for i, d in enumerate(cursor.description) if d[0] not in IGNORED_COLUMNS]
            tables[table] = sorted((tuple(row[i] for i in keep) for row in cursor.fetchall()), key=repr)
        found = connection.execute(_FULL_TEXT_SQLITE if url.startswith(SQLITE_PREFIX) else _FULL_TEXT_POSTGRES)
        tables["search: ibuprofen"] = sorted(tuple(row) for row in found.fetchall())
    finally:
        connection.close()
    return tables


def differences(expected: dict[str, list[tuple[Any, ...]]], got: dict[str, list[tuple[Any, ...]]]) -> list[str]:
    """One line per table whose rows differ, with counts and a first differing row; empty when equal."""
    lines = []
    for table, rows in expected.items():
        other = got.get(table, [])
        if rows != other:
            missing = next((r for r in rows if r not in other), None)
            extra = next((r for r in other if r not in rows), None)
            lines.append(
                f"{table}: {len(rows)} rows in the clean run, {len(other)} after kills; "
                f"first missing {str(missing)[:200]}, first extra {str(extra)[:200]}"
            )
    return lines


def kill_and_rerun(command: Sequence[str], url: str, moments: Sequence[Moment]) -> list[str]:
    """Kill ``command`` at each moment in turn (each run starting on what the killed one left), then run it to
    its end; returns the moments at which a kill landed (a run that ended first is a moment missed)."""
    landed = [str(m) for m in moments if kill_at(command, url, m)]
    run(command)
    return landed
