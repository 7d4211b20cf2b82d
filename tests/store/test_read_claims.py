"""Several readers on one store (issue 21 point 5), on SQLite and PostgreSQL: readers claim distinct pending
posts, so each post is read once; a claim expires, and a reader that ended on this machine leaves none behind; the
claims table's migration keeps an older store's data. Two real ``anecdata read`` commands at once, compared with
one: tests/reliability/test_kill_rerun.py."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from anecdata import jobs
from anecdata.model import Post, Thread
from anecdata.read.pipeline import PIPELINE_VERSION
from anecdata.store import Reading, SqlStore, open_store
from anecdata.store.schema import SCHEMA_VERSION

READER = Path(__file__).with_name("claim_reader.py")
POSTS = 300
THREADS = 30
PHRASES = (
    "I tried ibuprofen for my knee and it helped a little.",
    "Physical therapy fixed my sciatica after two months.",
    "Has anyone tried dry needling for plantar fasciitis?",
    "Ice made it worse, heat made it better.",
)


def threads(posts: int = POSTS, count: int = THREADS) -> list[Thread]:
    """``posts`` small constructed posts spread over ``count`` threads."""
    by_thread: dict[int, list[Post]] = {}
    for i in range(posts):
        text = f"Post {i}. {PHRASES[i % len(PHRASES)]} {PHRASES[(i * 7) % len(PHRASES)]}"
        t = i % count
        by_thread.setdefault(t, []).append(
            Post(id=f"p{i}", thread_id=f"t{t}", position=i, text=text, author=f"user{i % 11}")
        )
    return [Thread(id=f"t{t}", source="test", posts=tuple(p)) for t, p in by_thread.items()]


@contextmanager
def _running(commands: list[list[str]], stdout: int | None = None) -> Iterator[list[subprocess.Popen]]:
    """The commands started side by side (text, standard error piped); any still running at the end is killed."""
    processes = [subprocess.Popen(c, stdout=stdout, stderr=subprocess.PIPE, text=True) for c in commands]
    try:
        yield processes
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
            process.communicate()


def _ids(page) -> list[str]:
    return [p.post.id for p in page.posts]


def _save(store: SqlStore, page, reader: str | None) -> int:
    return store.save_readings([Reading(p.post.id, p.text_hash) for p in page.posts], "1", reader)


def test_read_claims_two_reader_processes_read_every_post_exactly_once(backend_url, tmp_path):
    with open_store(backend_url) as store:
        store.add_threads(threads())
    go = tmp_path / "go"
    records = [tmp_path / f"{name}.read" for name in ("a", "b")]
    commands = [
        [sys.executable, str(READER), backend_url, str(r), str(r.with_suffix(".ready")), str(go), "2"] for r in records
    ]
    with _running(commands, stdout=subprocess.PIPE) as processes:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not all(r.with_suffix(".ready").exists() for r in records):
            if any(process.poll() is not None for process in processes):
                break  # a reader failed to start: its error is asserted below
            time.sleep(0.01)
        go.touch()
        said = [process.communicate(timeout=120) for process in processes]
    assert [process.returncode for process in processes] == [0, 0], [err for _, err in said]
    saved = [int(out.strip()) for out, _ in said]
    read = [r.read_text(encoding="utf-8").split() if r.exists() else [] for r in records]
    times = Counter(post_id for ids in read for post_id in ids)
    assert sorted(times) == sorted(f"p{i}" for i in range(POSTS))
    assert [post_id for post_id, n in times.items() if n > 1] == []
    assert all(read), f"one reader read nothing: {[len(ids) for ids in read]}"
    assert saved == [len(ids) for ids in read] and sum(saved) == POSTS
    with open_store(backend_url) as store:
        assert store.count("readings") == POSTS and store.count_pending(PIPELINE_VERSION) == 0
        assert store.count("read_claims") == 0


def test_read_claims_a_claimed_post_is_not_pending_for_another_reader(store):
    store.add_threads(threads(5, 1))
    assert _ids(store.claim_pending("1", "a", limit=3)) == ["p0", "p1", "p2"]
    assert store.count_pending("1") == 5 and store.count_pending("1", "b") == 2 and store.count_pending("1", "a") == 5
    assert _ids(store.claim_pending("1", "b")) == ["p3", "p4"]
    page = store.claim_pending("1", "c")
    assert page.posts == () and page.last_seq is None
    assert store.claim_readers() == ["a", "b"]


def test_read_claims_saving_drops_the_readers_claims_in_the_same_transaction(store):
    store.add_threads(threads(4, 1))
    page = store.claim_pending("1", "a")
    assert store.count("read_claims") == 4
    assert _save(store, page, "a") == 4
    assert store.count("read_claims") == 0 and store.count_pending("1") == 0


def test_read_claims_an_expired_claim_is_taken_over(store):
    store.add_threads(threads(3, 1))
    first = store.claim_pending("1", "a")
    assert _ids(first) == ["p0", "p1", "p2"]
    assert store.claim_pending("1", "b").posts == ()  # a's claims hold for CLAIM_EXPIRY_SECONDS
    time.sleep(0.05)
    taken = store.claim_pending("1", "b", expiry=0.01)  # a crashed long enough ago
    assert _ids(taken) == ["p0", "p1", "p2"] and store.claim_readers() == ["b"]
    assert _save(store, first, "a") == 3  # a was only slow: its readings are kept, b's claims are not its own
    assert store.claim_readers() == ["b"]
    _save(store, taken, "b")
    assert store.count("read_claims") == 0 and store.count("readings") == 3


def test_read_claims_a_page_skips_posts_another_reader_claimed_but_moves_on(store):
    store.add_threads(threads(6, 1))
    assert _ids(store.claim_pending("1", "a", after_seq=2, limit=2)) == ["p2", "p3"]
    page = store.claim_pending("1", "b", limit=4)
    assert _ids(page) == ["p0", "p1", "p4", "p5"]
    assert store.claim_pending("1", "b", after_seq=page.last_seq).last_seq is None


def test_read_claims_of_a_reader_that_ended_on_this_machine_are_dropped_and_its_posts_read(store, monkeypatch):
    store.add_threads(threads(6, 1))
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    host = socket.gethostname()
    dead, alive, elsewhere = f"{host}/{ended.stdout.strip()}/x", f"{host}/{os.getpid()}/y", "elsewhere.example/1/z"
    for reader in (dead, alive, elsewhere):
        store.claim_pending("1", reader, limit=2)
    read: list[str] = []

    def recorded(items):
        read.extend(post.id for post, _, _ in items)
        return [Reading(post.id, text_hash) for post, _, text_hash in items]

    monkeypatch.setattr(jobs, "read_chunk", recorded)
    assert jobs.read_pending(store, workers=1) == 2
    assert sorted(read) == ["p0", "p1"]  # the ended reader's; the others' claims are live or not checkable here
    assert store.claim_readers() == sorted([alive, elsewhere])


def test_read_claims_progress_ends_at_what_this_reader_read(store, monkeypatch):
    store.add_threads(threads(5, 1))
    store.claim_pending("1", "elsewhere.example/1/z", limit=2)

    def racing(items):  # another reader claims what is left while this one reads its first page
        store.claim_pending("1", "elsewhere.example/2/w")
        return [Reading(p.id, h) for p, _, h in items]

    monkeypatch.setattr(jobs, "read_chunk", racing)
    seen: list[tuple[int, int]] = []
    assert jobs.read_pending(store, workers=1, chunk_posts=2, on_progress=lambda p: seen.append((p.done, p.total))) == 2
    assert seen == [(2, 3), (2, 2)]  # 3 were free when it started; the bar ends full at what it read
    assert store.claim_readers() == ["elsewhere.example/1/z", "elsewhere.example/2/w"]


def _execute(url: str, statements: list[str]) -> None:
    """Run statements on the store's database directly (to make it as an older anecdata left it)."""
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url[len("sqlite:///") :]) as db:
            for statement in statements:
                db.execute(statement)
        return
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        for statement in statements:
            db.execute(statement)


def test_read_claims_migration_10_keeps_a_store_of_version_9(backend_url):
    with open_store(backend_url) as store:
        store.add_threads(threads(6, 2))
        _save(store, store.claim_pending("1", "a", limit=4), None)
        before = {t: store.thread(t) for t in ("t0", "t1")}
    _execute(backend_url, ["DROP TABLE read_claims", "DELETE FROM schema_migrations WHERE version >= 10"])
    with open_store(backend_url) as store:
        assert store.schema_version() == SCHEMA_VERSION == 10
        assert {t: store.thread(t) for t in ("t0", "t1")} == before
        assert store.count("posts") == 6 and store.count("readings") == 4 and store.count("read_claims") == 0
        assert _ids(store.claim_pending("1", "b")) == ["p3", "p5"]  # stored thread by thread: p0 p2 p4 p1 p3 p5
