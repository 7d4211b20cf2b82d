"""Grouping a stream of posts into threads in bounded memory, for sources that list posts, not threads.

A Reddit comment dump is ordered by time, not by thread, so a thread's comments are spread over the whole file.
Holding every thread until the end would hold the whole dump; instead posts are grouped per chunk, and a thread
may arrive in several parts with the same id, which the store merges.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from anecdata.ingest.source import thread_id
from anecdata.model import Post, Thread

CHUNK_POSTS = 5000
"""Posts held before their threads are handed on: large enough for whole small threads, small in memory."""


@dataclass(frozen=True, slots=True)
class ThreadPart:
    """One post and the key of the thread it belongs to in its source, with thread facts it carries."""

    key: str
    post: Post
    title: str | None = None
    url: str | None = None


def threads_in_chunks(parts: Iterable[ThreadPart], source: str, chunk_posts: int = CHUNK_POSTS) -> Iterator[Thread]:
    """Threads (or parts of threads) of every ``chunk_posts`` posts, in order of first appearance."""
    pending: dict[str, list[ThreadPart]] = {}
    held = 0
    for part in parts:
        pending.setdefault(part.key, []).append(part)
        held += 1
        if held >= chunk_posts:
            yield from _threads(pending, source)
            pending, held = {}, 0
    yield from _threads(pending, source)


def _threads(pending: dict[str, list[ThreadPart]], source: str) -> Iterator[Thread]:
    for key, parts in pending.items():
        yield Thread(
            id=thread_id(source, key),
            source=source,
            posts=tuple(sorted((p.post for p in parts), key=lambda p: (p.position, p.id))),
            title=next((p.title for p in parts if p.title), None),
            url=next((p.url for p in parts if p.url), None),
        )
