"""The store's PII reads against the rules ``anecdata.redact`` applies to a thread in memory: the same cases fed
to both give the same answers, on SQLite and PostgreSQL (issue 19: one owner per rule, or matching answers)."""

from __future__ import annotations

from dataclasses import replace

from anecdata.model import Annotation, Post, PostContext, Quote
from anecdata.redact import thread_pii_values
from anecdata.store import Reading, SqlStore
from anecdata.store.pii import StoredPii
from store.test_store import make_post, make_thread

QUOTED = "Mara wrote: my heel hurts. Ask Dr. Lopez in Asheville."


def pii(post: Post, value: str, label: str) -> Annotation:
    start = post.text.index(value)
    return Annotation.over(post.id, post.text, start, start + len(value), layer="pii", label=label)


def stored_thread(store: SqlStore) -> str:
    """A thread whose people come from authors, an addressee, a quoted writer who never posts, and PII read in
    the posts' text; one post changed after it was read (its spans no longer count), one never read."""
    quoting = replace(make_post(1, QUOTED, author="ana"), context=PostContext(quotes=(Quote(0, 26, author="Mara"),)))
    replying = replace(make_post(2, "Lopez helped me too, Kelly.", parent=1, author="ben"), addressee="ana")
    edited = make_post(3, "Call Kelly on Tuesday.", author="cy")
    unread = make_post(4, "Ravi here, no idea.", author="dee")
    thread = make_thread(quoting, replying, edited, unread)
    store.add_threads([thread])
    spans = {
        quoting.id: (pii(quoting, "Dr. Lopez", "person"), pii(quoting, "Asheville", "location")),
        replying.id: (pii(replying, "Lopez", "person"), pii(replying, "Kelly", "person")),
        edited.id: (pii(edited, "Kelly", "person"),),
    }
    pending = {p.post.id: p.text_hash for p in store.pending("1")}
    store.save_readings([Reading(i, pending[i], found) for i, found in spans.items()], "1")
    store.add_threads([make_thread(replace(edited, text="Call her on Tuesday."))])
    return thread.id


def test_stored_thread_pii_is_what_redaction_finds_in_the_thread(store):
    thread_id = stored_thread(store)
    in_memory = set(thread_pii_values(store.thread(thread_id).posts))
    assert set(StoredPii(store).in_threads([thread_id])[thread_id]) == in_memory
    assert ("person", "Mara") in in_memory and ("person", "Kelly") in in_memory and ("person", "Ravi") not in in_memory


def test_stored_thread_pii_lists_every_thread_asked(store):
    assert StoredPii(store).in_threads(["nothing"]) == {"nothing": []}


def test_pending_posts_carry_the_names_reading_gives_the_thread(store):
    """The names a pending post is read with (SQL, ``SqlStore.pending``) are those ``read.pipeline.thread_names``
    gives the thread in memory: authors and addressees, sorted, each once."""
    from anecdata.read.pipeline import thread_names

    first = make_post(1, "My heel hurts.", author="ana")
    reply = replace(make_post(2, "Same here, Ana.", parent=1, author="ben"), addressee="ana")
    unsigned = make_post(3, "Try ice.")
    store.add_threads([make_thread(first, reply, unsigned)])
    pending = store.pending("1")
    assert pending and all(p.names == tuple(thread_names([first, reply, unsigned])) for p in pending)
    assert pending[0].names == ("ana", "ben")
