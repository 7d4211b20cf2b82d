"""What pages that browse the store read: corpus counts, a page of threads, which posts are read, posts' threads.

Queries are bounded (``LIMIT``, ``IN`` lists in chunks) so a page costs the same on a store of a hundred posts as
on one of a million.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from anecdata.store.sql import SqlStore, in_chunks, marks

CONDITION_SQL = {
    "sqlite": (
        "json_extract(a.record, '$.concept.system') || ':' || json_extract(a.record, '$.concept.code')",
        "json_extract(a.record, '$.concept.name')",
    ),
    "postgresql": (
        "((a.record::jsonb #>> '{concept,system}') || ':' || (a.record::jsonb #>> '{concept,code}'))",
        "(a.record::jsonb #>> '{concept,name}')",
    ),
}
"""The concept id (``system:code``, as ``model.Concept.id`` spells it) and name inside an annotation's JSON
``record``, per database: built in the database so the top conditions are counted there."""


@dataclass(frozen=True, slots=True)
class Overview:
    """The corpus at a glance."""

    threads: int
    posts: int
    posts_read: int
    labels: list[tuple[str, str, int]]
    """(layer, label, annotations), by layer then label."""
    conditions: list[tuple[str, str, int, int]]
    """(concept id, concept name, mentions, posts), most mentioned first."""


@dataclass(frozen=True, slots=True)
class ThreadRow:
    """A thread as a list shows it: its title, source and number of posts, and the start of its first post (what
    names an untitled thread: a pasted thread has no title)."""

    id: str
    title: str | None
    source: str
    posts: int
    opening: str = ""


OPENING_CHARS = 200
"""How much of an untitled thread's first post a list reads to name it."""


class Browse:
    """The browsing reads of one store; every method only reads."""

    def __init__(self, store: SqlStore) -> None:
        self.store = store

    def overview(self, top_conditions: int) -> Overview:
        """Counts of threads, posts, posts read, annotations per layer and label, and the ``top_conditions`` most
        mentioned conditions."""
        query = self.store.query
        posts_read = query(
            "SELECT COUNT(*) FROM readings r JOIN posts p ON p.id = r.post_id AND p.text_hash = r.text_hash"
        )[0][0]
        labels = query("SELECT layer, label, COUNT(*) FROM annotations GROUP BY layer, label ORDER BY layer, label")
        code, name = CONDITION_SQL[self.store.dialect.name]
        conditions = query(
            f"SELECT {code} AS code, MIN({name}), COUNT(*), COUNT(DISTINCT a.post_id) FROM annotations a "
            f"WHERE a.layer = 'mention' AND a.label = 'condition' AND {code} IS NOT NULL "
            "GROUP BY code ORDER BY COUNT(*) DESC, code LIMIT ?",
            (top_conditions,),
        )
        return Overview(
            threads=self.store.count("threads"),
            posts=self.store.count("posts"),
            posts_read=posts_read,
            labels=[(layer, label, n) for layer, label, n in labels],
            conditions=[(c, n, mentions, posts) for c, n, mentions, posts in conditions],
        )

    def threads(self, offset: int, limit: int) -> list[ThreadRow]:
        """Up to ``limit`` threads in id order from the ``offset``-th, with their post counts."""
        rows = self.store.query("SELECT id, title, source FROM threads ORDER BY id LIMIT ? OFFSET ?", (limit, offset))
        counts: dict[str, int] = {}
        for chunk in in_chunks([r[0] for r in rows]):
            in_threads = f"thread_id IN ({marks(len(chunk))})"
            counts.update(
                self.store.query(f"SELECT thread_id, COUNT(*) FROM posts WHERE {in_threads} GROUP BY thread_id", chunk)
            )
        openings = self.openings([i for i, title, _ in rows if not (title or "").strip()])
        return [ThreadRow(i, title, source, counts.get(i, 0), openings.get(i, "")) for i, title, source in rows]

    def openings(self, thread_ids: Sequence[str]) -> dict[str, str]:
        """The first :data:`OPENING_CHARS` characters of each thread's first read post with text: what names an
        untitled thread (a post not read yet has no PII found in it, so it cannot be shown redacted)."""
        found: dict[str, str] = {}
        for chunk in in_chunks(list(thread_ids)):
            rows = self.store.query(
                f"SELECT p.thread_id, p.position, SUBSTR(p.text, 1, {OPENING_CHARS}) FROM posts p "
                "JOIN readings r ON r.post_id = p.id AND r.text_hash = p.text_hash "
                f"WHERE p.thread_id IN ({marks(len(chunk))}) AND p.text <> '' ORDER BY p.thread_id, p.position",
                chunk,
            )
            for thread_id, _, text in rows:
                found.setdefault(thread_id, text)
        return found

    def read_posts(self, thread_id: str) -> set[str]:
        """The ids of the thread's posts whose current text was read."""
        rows = self.store.query(
            "SELECT p.id FROM posts p JOIN readings r ON r.post_id = p.id AND r.text_hash = p.text_hash "
            "WHERE p.thread_id = ?",
            (thread_id,),
        )
        return {r[0] for r in rows}

    def threads_of(self, post_ids: Sequence[str]) -> dict[str, str]:
        """The thread of each stored post among ``post_ids`` (an id not stored is left out)."""
        found: dict[str, str] = {}
        for chunk in in_chunks(list(post_ids)):
            found.update(self.store.query(f"SELECT id, thread_id FROM posts WHERE id IN ({marks(len(chunk))})", chunk))
        return found
