"""The store's reads for sentence search, on SQLite and PostgreSQL: full text over read posts, following edits."""

from __future__ import annotations

from dataclasses import replace

import pytest

from anecdata.search.query import parse_query
from anecdata.store import Reading, SqlStore
from anecdata.store.search import PostSearch
from store.test_store import OPENING, REPLY, make_thread


def read_all(store: SqlStore) -> None:
    """Mark every pending post read (with no annotations): search returns only read posts."""
    store.save_readings([Reading(p.post.id, p.text_hash) for p in store.pending("1")], "1")


def matching(store: SqlStore, query: str) -> list[str]:
    return [row.id for row in PostSearch(store).matching(parse_query(query), [], 20)]


@pytest.mark.parametrize(("query", "expected"), [("squats", [REPLY.id]), ("knee", [OPENING.id]), ("yoga", [])])
def test_post_search_full_text_finds_posts(store, query, expected):
    store.add_threads([make_thread(OPENING, REPLY)])
    read_all(store)
    assert matching(store, query) == expected


def test_post_search_full_text_follows_edits(store):
    store.add_threads([make_thread(OPENING)])
    read_all(store)
    store.add_threads([make_thread(replace(OPENING, text="Acupuncture was useless."))])
    read_all(store)
    assert matching(store, "knee") == [] and matching(store, "acupuncture") == [OPENING.id]


def test_post_search_returns_only_posts_whose_current_text_was_read(store):
    store.add_threads([make_thread(OPENING, REPLY)])
    assert matching(store, "knee") == []
    read_all(store)
    (row,) = PostSearch(store).matching(parse_query("knee"), [], 20)
    assert (row.thread_id, row.text, row.title, row.author) == (OPENING.thread_id, OPENING.text, "Knee pain", "ana")
    assert row.score > 0
    store.add_threads([make_thread(replace(OPENING, text="My knee is fine now."))])
    assert matching(store, "knee") == [] and PostSearch(store).by_ids([OPENING.id, REPLY.id])[0].id == REPLY.id
