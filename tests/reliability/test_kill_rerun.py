"""``kill -9`` of a real ``anecdata ingest`` or ``anecdata read`` in the middle of its work, then a rerun, leaves
the store equal to a clean run's (issue 17), on SQLite and PostgreSQL. Small and quick for CI; ``bench/kill_rerun.py``
kills more often on more posts."""

from __future__ import annotations

import json
import re
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import pytest
from kill_rerun import Moment, anecdata, differences, kill_and_rerun, reddit_comments, run, snapshot

from anecdata import settings

INGEST_POSTS = 6_000
INGEST_BATCH = 100
"""Posts per transaction: 60 commits, so kills land between and inside them."""
READ_POSTS = 200
"""Read in chunks of 64 posts (``jobs.READ_CHUNK``), one transaction each."""
SHARED_READ_POSTS = 1_000
"""Read by two commands at once: enough chunks that both read while the other does."""


def _with_schema(url: str, schema: str) -> str:
    parts = urlsplit(url)
    query = "&".join(q for q in (parts.query, urlencode({"options": f"-csearch_path={schema}"})) if q)
    return urlunsplit(parts._replace(query=query))


@pytest.fixture
def clean_postgres_url(postgres_schema_url: str) -> Iterator[str]:
    """A second empty schema on the test server (the first holds the store that is killed), dropped afterwards."""
    import psycopg

    url = settings.postgres_test_url()
    assert url is not None  # postgres_schema_url skipped otherwise
    schema = f"anecdata_clean_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    yield _with_schema(url, schema)
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgresql"])
def stores(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, str]:
    """(clean, killed): two empty stores of one backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'clean.db'}", f"sqlite:///{tmp_path / 'killed.db'}"
    return request.getfixturevalue("clean_postgres_url"), request.getfixturevalue("postgres_schema_url")


def _assert_same(clean: str, killed: str) -> None:
    expected, got = snapshot(clean), snapshot(killed)
    assert not differences(expected, got), "\n".join(differences(expected, got))


@pytest.mark.slow
def test_ingest_killed_twice_then_rerun_equals_a_clean_ingest(stores: tuple[str, str], tmp_path: Path) -> None:
    clean, killed = stores
    first = reddit_comments(tmp_path / "RC_1.ndjson", INGEST_POSTS)
    second = reddit_comments(tmp_path / "RC_2.ndjson", INGEST_POSTS, edited=INGEST_POSTS // 2)
    for dump in (first, second):
        run(anecdata("ingest", str(dump), "--db", clean, "--batch", str(INGEST_BATCH)))
    # The first dump is killed once posts are committed, the second (every other post edited) once edits are.
    moments = {first: [Moment("posts", 1), Moment("posts", INGEST_POSTS // 2)], second: [Moment("post_versions", 1)]}
    landed = []
    for dump, kills in moments.items():
        command = anecdata("ingest", str(dump), "--db", killed, "--batch", str(INGEST_BATCH))
        landed += kill_and_rerun(command, killed, kills)
    assert landed, "every ingest ended before its kill: make the dumps larger"
    _assert_same(clean, killed)
    assert snapshot(killed)["posts"] and len(snapshot(killed)["post_versions"]) == INGEST_POSTS // 2


@pytest.mark.slow
def test_read_killed_twice_then_rerun_equals_a_clean_read(stores: tuple[str, str], tmp_path: Path) -> None:
    clean, killed = stores
    dump = reddit_comments(tmp_path / "RC.ndjson", READ_POSTS)
    for url in stores:
        run(anecdata("ingest", str(dump), "--db", url))
    read = ("read", "--workers", "1")
    run(anecdata(*read, "--db", clean))
    # Killed after the first chunk's transaction, then after the third: reading restarts from what is saved.
    landed = kill_and_rerun(anecdata(*read, "--db", killed), killed, [Moment("readings", 1), Moment("readings", 150)])
    assert landed, "every read ended before its kill"
    _assert_same(clean, killed)
    assert len(snapshot(killed)["readings"]) == READ_POSTS


@pytest.mark.slow
def test_read_by_two_commands_at_once_equals_a_clean_read(stores: tuple[str, str], tmp_path: Path) -> None:
    clean, shared = stores
    dump = reddit_comments(tmp_path / "RC.ndjson", SHARED_READ_POSTS)
    for url in stores:
        run(anecdata("ingest", str(dump), "--db", url))
    read = ("read", "--workers", "1")
    run(anecdata(*read, "--db", clean))
    # Two readers claim distinct posts, save, and both index and carry what they read (issue 21 point 5).
    processes = [subprocess.Popen(anecdata(*read, "--db", shared), stderr=subprocess.PIPE, text=True) for _ in "ab"]
    said = [process.communicate(timeout=300)[1] for process in processes]
    assert [process.returncode for process in processes] == [0, 0], said
    read = [int(m.group(1).replace(",", "")) for err in said if (m := re.search(r"read ([\d,]+) post\(s\)", err))]
    assert sum(read) == SHARED_READ_POSTS, said  # a post read by both would count twice
    expected, got = (_without_index_versions(snapshot(url)) for url in stores)
    assert not differences(expected, got), "\n".join(differences(expected, got))
    assert len(got["readings"]) == SHARED_READ_POSTS


def _without_index_versions(tables: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    """``tables`` with the index version a stored report records in its JSON left out: two readers index in more
    transactions than one, each counting the version up (the column is left out of every snapshot)."""

    def report(row: tuple) -> tuple:
        data = json.loads(row[-1])
        data.pop("index_version", None)
        return (*row[:-1], json.dumps(data, sort_keys=True))

    return tables | {"condition_reports": sorted((report(row) for row in tables["condition_reports"]), key=repr)}
