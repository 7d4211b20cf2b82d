"""The store on SQLite and PostgreSQL: idempotent ingest, recorded edits, readings, schema versions (the reads of
search: test_post_search.py)."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest

from anecdata.errors import StoreError
from anecdata.ingest.source import post_id, thread_id
from anecdata.model import EMPTY_CONTEXT, SOURCE_ID, Annotation, Post, PostContext, Quote, TextExtent, Thread
from anecdata.store import IngestCounts, Reading, open_store
from anecdata.store.schema import SCHEMA_VERSION

SOURCE = "testforum"


def make_post(n: int, text: str, thread: str = "1", parent: int | None = None, author: str = "ana") -> Post:
    return Post(
        id=post_id(SOURCE, str(n)),
        thread_id=thread_id(SOURCE, thread),
        position=n,
        text=text,
        author=author,
        parent_id=post_id(SOURCE, str(parent)) if parent is not None else None,
        attrs={SOURCE_ID: str(n)},
    )


def make_thread(*posts: Post, key: str = "1", title: str | None = "Knee pain") -> Thread:
    return Thread(id=thread_id(SOURCE, key), source=SOURCE, posts=posts, title=title)


OPENING = make_post(1, "My knee hurts after running. Ice did nothing.")
REPLY = make_post(2, "Try eccentric squats, they fixed my tendinitis.", parent=1, author="ben")


def test_store_add_then_readd_changes_nothing(store):
    first = store.add_threads([make_thread(OPENING, REPLY)])
    again = store.add_threads([make_thread(OPENING, REPLY)])
    assert first == IngestCounts(new=2, changed=0, unchanged=0, threads_new=1)
    assert again == IngestCounts(new=0, changed=0, unchanged=2, threads_new=0)
    assert store.count("posts") == 2 and store.count("post_versions") == 0


def test_store_thread_round_trips_posts_in_order(store):
    store.add_threads([make_thread(REPLY), make_thread(OPENING, title=None)])
    thread = store.thread(thread_id(SOURCE, "1"))
    assert thread.title == "Knee pain"
    assert [p.id for p in thread.posts] == [OPENING.id, REPLY.id]
    assert thread.posts[1] == REPLY


def test_store_records_an_edit_and_keeps_the_earlier_row(store):
    store.add_threads([make_thread(OPENING)])
    edited = replace(OPENING, text="My knee hurts after running. Ice did nothing. EDIT: heat helped.")
    assert store.add_threads([make_thread(edited)]).changed == 1
    assert store.thread(OPENING.thread_id).posts[0].text == edited.text
    assert [v.text for v in store.versions(OPENING.id)] == [OPENING.text]


@pytest.mark.parametrize(
    "batches",
    [
        [[1, 2]],  # both copies of the post in one batch
        [[1], [2]],  # in separate batches
        [[1, 2], [1, 2], [2, 1]],  # re-ingested, and in the other order
    ],
    ids=["one-batch", "two-batches", "reingested"],
)
def test_store_two_versions_of_a_post_in_a_dump_do_not_flip_on_every_run(store, batches):
    copies = {1: OPENING, 2: replace(OPENING, text=OPENING.text + " (edited)")}
    for batch in batches:
        store.add_threads([make_thread(copies[c]) for c in batch])
    assert store.count("post_versions") == 1
    again = store.add_threads([make_thread(copies[1]), make_thread(copies[2])])
    assert again.unchanged == 2 and store.count("post_versions") == 1


def annotation(post: Post, start: int, end: int) -> Annotation:
    return Annotation.over(post.id, post.text, start, end, layer="mention", label="treatment")


def test_store_saves_readings_and_reports_pending_by_version(store):
    store.add_threads([make_thread(OPENING, REPLY)])
    assert store.count_pending("1") == 2
    pending = store.pending("1")
    assert {p.post.id for p in pending} == {OPENING.id, REPLY.id}
    assert pending[0].names == ("ana", "ben")
    readings = [Reading(p.post.id, p.text_hash, (annotation(p.post, 0, 2),)) for p in pending]
    assert store.save_readings(readings, "1") == 2
    assert store.count_pending("1") == 0 and store.count_pending("2") == 2
    thread = store.thread(OPENING.thread_id)
    assert [a.text for p in thread.posts for a in p.annotations] == ["My", "Tr"]
    store.save_readings(readings[:1], "2")
    assert store.count("annotations") == 2 and store.count_pending("2") == 1


def test_store_edit_drops_annotations_of_the_old_text_and_stale_readings_are_refused(store):
    store.add_threads([make_thread(OPENING)])
    (pending,) = store.pending("1")
    edited = replace(OPENING, text="Completely different words now.")
    store.add_threads([make_thread(edited)])
    assert store.save_readings([Reading(OPENING.id, pending.text_hash, (annotation(OPENING, 3, 7),))], "1") == 0
    assert store.count("annotations") == 0 and store.count_pending("1") == 1


def test_store_metadata_change_keeps_annotations(store):
    store.add_threads([make_thread(OPENING)])
    (pending,) = store.pending("1")
    store.save_readings([Reading(OPENING.id, pending.text_hash, (annotation(OPENING, 3, 7),))], "1")
    rescored = replace(OPENING, attrs={**OPENING.attrs, "score": 12})
    assert store.add_threads([make_thread(rescored)]).changed == 1
    assert store.count("annotations") == 1 and store.count_pending("1") == 0


def test_store_reopening_keeps_schema_and_data(store_url):
    with open_store(store_url) as store:
        store.add_threads([make_thread(OPENING)])
    with open_store(store_url) as store:
        assert store.schema_version() == SCHEMA_VERSION and store.count("posts") == 1


def test_store_refuses_a_database_from_a_newer_anecdata(tmp_path):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    open_store(url).close()
    with sqlite3.connect(tmp_path / "new.db") as db:
        db.execute("INSERT INTO schema_migrations VALUES (?, 'from the future')", (SCHEMA_VERSION + 1,))
    with pytest.raises(StoreError, match="newer than this anecdata"):
        open_store(url)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://localhost/db", "unsupported --db"),
        ("/tmp/plain/path.db", "unsupported --db"),
        ("sqlite:///", "names no file"),
        ("sqlite:///no/such/folder/x.db", "does not exist"),
        ("postgresql://nobody:secret@127.0.0.1:1/none", "cannot connect"),
    ],
)
def test_store_bad_urls_are_one_line_errors(url, message):
    with pytest.raises(StoreError, match=message) as caught:
        open_store(url)
    assert "\n" not in str(caught.value) and "secret" not in str(caught.value)


def test_store_file_that_is_not_a_database_is_a_store_error(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(StoreError, match="not a database"):
        open_store(f"sqlite:///{path}")


QUOTING = replace(
    make_post(3, "Kim wrote:\n> Ice did nothing.\nHeat did not help me either.\n\n- Ben", parent=1, author="ben"),
    context=PostContext(
        quotes=(Quote(0, 29, author="Kim", post_id=OPENING.id),),
        closing=TextExtent(60, 65),
    ),
)


def test_store_keeps_post_contexts(store):
    titled = replace(OPENING, context=PostContext(title=TextExtent(0, 28), status="deleted"))
    store.add_threads([make_thread(titled, QUOTING)])
    assert store.thread(OPENING.thread_id).posts == (titled, QUOTING)
    assert store.add_threads([make_thread(titled, QUOTING)]).unchanged == 2
    (pending, _) = store.pending("1")
    assert pending.post == titled


def test_store_changed_context_makes_the_annotations_stale(store):
    store.add_threads([make_thread(OPENING)])
    (pending,) = store.pending("1")
    store.save_readings([Reading(OPENING.id, pending.text_hash, (annotation(OPENING, 3, 7),))], "1")
    quoted = replace(OPENING, context=PostContext(quotes=(Quote(0, 10),)))
    assert store.add_threads([make_thread(quoted)]).changed == 1
    assert store.count("annotations") == 0 and store.count_pending("1") == 1
    assert [v.context for v in store.versions(OPENING.id)] == [EMPTY_CONTEXT]


def test_store_database_from_before_contexts_opens_and_its_posts_read_unchanged(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    with open_store(url) as store:
        store.add_threads([make_thread(OPENING, REPLY)])
    with sqlite3.connect(tmp_path / "old.db") as db:  # the database as anecdata wrote it before migration 6
        db.execute("ALTER TABLE posts DROP COLUMN context")
        db.execute("ALTER TABLE post_versions DROP COLUMN context")
        db.execute("ALTER TABLE readings DROP COLUMN skipped")  # migrations 7 and 8 came later
        db.execute("ALTER TABLE readings DROP COLUMN sentences")
        db.execute("DROP TABLE title_mentions")
        db.execute("DROP TABLE abstract_mentions")
        db.execute("DROP TABLE thread_records")  # migration 9
        db.execute("DROP TABLE read_claims")  # migration 10
        db.execute("DELETE FROM schema_migrations WHERE version >= 6")
    with open_store(url) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.thread(OPENING.thread_id).posts == (OPENING, REPLY)
        assert store.add_threads([make_thread(OPENING, REPLY)]).unchanged == 2
        assert store.count("post_versions") == 0
