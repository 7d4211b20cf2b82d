"""Killing ``anecdata ingest`` with SIGKILL at any moment, then running it again, ends as a clean run does."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from synthetic_reddit import write_comments

SNAPSHOT = {
    "threads": "SELECT id, source, title, url FROM threads ORDER BY id",
    "posts": "SELECT id, source, source_id, thread_id, parent_id, position, author, addressee, created, attrs, text, "
    "row_hash, text_hash, version FROM posts ORDER BY id",
    "post_versions": "SELECT post_id, version, row_hash FROM post_versions ORDER BY post_id, version",
    "readings": "SELECT post_id, pipeline_version, text_hash FROM readings ORDER BY post_id",
    "annotations": "SELECT post_id, id, record FROM annotations ORDER BY post_id, id",
}


def snapshot(db: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(db) as connection:
        return {name: connection.execute(query).fetchall() for name, query in SNAPSHOT.items()}


def ingest(db: Path, dump: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "anecdata", "ingest", str(dump), "--db", f"sqlite:///{db}", *extra]


def count(db: Path, table: str) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1) as connection:
            return connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    except sqlite3.Error:  # not created yet, or mid-migration
        return 0


def kill_when(command: list[str], db: Path, table: str, at_least: int) -> int:
    """Start ``command``, SIGKILL it once ``table`` has ``at_least`` rows; returns the rows it had then."""
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as process:
        deadline = time.monotonic() + 120
        while (seen := count(db, table)) < at_least and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        stderr = process.stderr.read().decode(errors="replace")
    assert process.returncode == -signal.SIGKILL, f"the run ended before it was killed: {stderr}"
    return seen


def run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr


def test_crash_killed_ingest_then_rerun_equals_a_clean_run(tmp_path):
    dump = write_comments(tmp_path / "RC_sciatica.ndjson", 40_000)
    run(ingest(tmp_path / "clean.db", dump, "--batch", "500"))
    killed = tmp_path / "killed.db"
    seen = kill_when(ingest(killed, dump, "--batch", "500"), killed, "posts", 500)
    assert 0 < count(killed, "posts") < 40_000, f"killed after {seen} posts"
    run(ingest(killed, dump, "--batch", "500"))
    assert snapshot(killed) == snapshot(tmp_path / "clean.db")


@pytest.mark.slow
def test_crash_killed_while_reading_then_rerun_equals_a_clean_run(tmp_path):
    dump = write_comments(tmp_path / "RC_sciatica.ndjson", 1500, threads=40)
    clean = tmp_path / "clean.db"
    run(ingest(clean, dump, "--read", "--workers", "2"))
    killed = tmp_path / "killed.db"
    kill_when(ingest(killed, dump, "--read", "--workers", "1"), killed, "readings", 1)
    assert 0 < count(killed, "readings") < 1500
    run(ingest(killed, dump, "--read", "--workers", "2"))
    expected = snapshot(clean)
    assert len(expected["annotations"]) > 1500
    assert snapshot(killed) == expected
