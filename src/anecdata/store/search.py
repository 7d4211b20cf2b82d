"""What sentence search reads from the store: candidate posts (by full text or by labels), their annotations, and
the answers to questions. The SQL of each database lives here; ``search/engine.py`` only ranks what comes back.

Only posts whose current text was read are returned: a post not read yet has no PII annotations, so it could not
be redacted, and is never a result. User text reaches the database only as a bound parameter.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from anecdata.store.sql import SqlStore, in_chunks, marks


class FullTextQuery(Protocol):
    """A query in each database's full-text syntax (``search.query.ParsedQuery`` conforms)."""

    def fts5(self) -> str:
        """The query as an SQLite FTS5 ``MATCH`` expression."""
        ...

    def tsquery(self) -> str:
        """The query as a PostgreSQL ``to_tsquery`` expression."""
        ...


@dataclass(frozen=True, slots=True)
class PostRow:
    """A read post with its thread's title; ``score`` is its full-text rank (0 when not found by text), ``seq``
    its place in store order (set when listed in that order)."""

    id: str
    thread_id: str
    position: int
    author: str | None
    text: str
    title: str | None
    score: float = 0.0
    seq: int = 0


@dataclass(frozen=True, slots=True)
class AnnotationRow:
    """One annotation of a post's current text; ``record`` is its stored JSON, when asked for."""

    post_id: str
    id: str
    layer: str
    label: str
    start: int
    end: int
    record: str | None


_POST_COLUMNS = "p.id, p.thread_id, p.position, p.author, p.text, t.title"
_READ = "JOIN readings r ON r.post_id = p.id AND r.text_hash = p.text_hash JOIN threads t ON t.id = p.thread_id"
"""Posts whose current text was read, with their thread."""
_SQLITE_FTS = (
    f"SELECT {_POST_COLUMNS}, f.score FROM (SELECT rowid, -bm25(posts_fts) AS score FROM posts_fts "
    f"WHERE posts_fts MATCH ? ORDER BY score DESC, rowid LIMIT ?) f JOIN posts p ON p.seq = f.rowid {_READ} "
    "ORDER BY f.score DESC, p.seq"
)
_SQLITE_FTS_IN_THREADS = (
    "WITH f AS MATERIALIZED (SELECT rowid, -bm25(posts_fts) AS score FROM posts_fts WHERE posts_fts MATCH ?), "
    "best AS MATERIALIZED (SELECT rowid, score FROM f WHERE rowid IN (SELECT p.seq FROM posts p WHERE 1 = 1{where}) "
    "ORDER BY score DESC, rowid LIMIT ?) "
    f"SELECT {_POST_COLUMNS}, best.score FROM best JOIN posts p ON p.seq = best.rowid {_READ} "
    "ORDER BY best.score DESC, p.seq"
)
"""With a thread filter: every match is scored, kept if its post is in the threads (the posts' ``seq`` looked up
in the ``posts_thread`` index, not in the table), and only the best are joined with their posts. FTS5 answers a
constraint on its rowid (``rowid IN (…)``) by running the MATCH once per value, so the filter must never reach
it: the matches are materialised first."""
_POSTGRES_FTS = (
    f"SELECT {_POST_COLUMNS}, ts_rank(to_tsvector('english', p.text), q) AS score "
    f"FROM posts p {_READ}, to_tsquery('english', ?) q "
    "WHERE to_tsvector('english', p.text) @@ q{where} ORDER BY score DESC, p.seq LIMIT ?"
)
_BY_LABELS = f"SELECT {_POST_COLUMNS}, p.seq FROM posts p {_READ} WHERE p.seq > ?{{where}} ORDER BY p.seq LIMIT ?"
_THREADS_WITH = "SELECT thread_id FROM thread_concepts WHERE concept IN ({marks})"
_POST_HAS = (
    " AND EXISTS (SELECT 1 FROM annotations a WHERE a.post_id = p.id AND a.layer || '' = ? AND a.label || '' = ?)"
)
"""A post holds an annotation of a layer and label: found through the post's own annotations (the ``|| ''``
keeps the planner off the (layer, label) index, which would scan every claim of the store for each post)."""


class PostSearch:
    """The reads of sentence search over one store."""

    def __init__(self, store: SqlStore) -> None:
        self.store = store

    def matching(self, query: FullTextQuery, concepts: Sequence[Collection[str]], limit: int) -> list[PostRow]:
        """The ``limit`` read posts best ranked by the database's full-text index (FTS5 bm25 / ``ts_rank``), best
        first, in threads that mention one concept of each set in ``concepts`` (``thread_concepts``)."""
        where, params = _thread_filter(concepts)
        if self.store.dialect.name == "sqlite":
            statement, text = (_SQLITE_FTS_IN_THREADS.format(where=where) if where else _SQLITE_FTS), query.fts5()
        else:
            statement, text = _POSTGRES_FTS.format(where=where), query.tsquery()
        rows = self.store.query(statement, (text, *params, limit))
        return [PostRow(*row[:6], score=float(row[6])) for row in rows]

    def in_order(
        self, after: int, limit: int, concepts: Sequence[Collection[str]], labels: Sequence[tuple[str, str]]
    ) -> list[PostRow]:
        """Up to ``limit`` read posts after ``seq`` ``after``, in store order, in threads that mention one concept
        of each set in ``concepts`` and holding an annotation of each (layer, label) in ``labels``."""
        where, params = _thread_filter(concepts, per_post=True)
        for layer, label in labels:
            where += _POST_HAS
            params += [layer, label]
        rows = self.store.query(_BY_LABELS.format(where=where), (after, *params, limit))
        return [PostRow(*row[:6], seq=row[6]) for row in rows]

    def by_ids(self, ids: Sequence[str]) -> list[PostRow]:
        """The read posts among ``ids``."""
        rows = []
        for chunk in in_chunks(ids):
            rows += self.store.query(
                f"SELECT {_POST_COLUMNS} FROM posts p {_READ} WHERE p.id IN ({marks(len(chunk))})",
                chunk,
            )
        return [PostRow(*row[:6]) for row in rows]

    def annotations(self, post_ids: Sequence[str], layers: Sequence[str], records: bool) -> list[AnnotationRow]:
        """The annotations of ``layers`` read from the current text of ``post_ids``, with their JSON ``record``
        only when ``records`` (parsing it costs; most filters need only the label and offsets)."""
        if not layers:
            return []
        record = "a.record" if records else "NULL"
        found = []
        for chunk in in_chunks(list(post_ids)):
            found += self.store.query(
                f"SELECT a.post_id, a.id, a.layer, a.label, a.start_offset, a.end_offset, {record} FROM annotations a "
                "JOIN readings r ON r.post_id = a.post_id JOIN posts p ON p.id = a.post_id "
                f"AND p.text_hash = r.text_hash WHERE a.post_id IN ({marks(len(chunk))}) "
                f"AND a.layer IN ({marks(len(layers))})",
                (*chunk, *layers),
            )
        return [AnnotationRow(*row) for row in found]

    def answers(self, question_ids: Sequence[str]) -> dict[str, str]:
        """The first post that answered each question (by its statement annotation's id) that was answered."""
        answered: dict[str, str] = {}
        for chunk in in_chunks(question_ids):
            answered.update(
                self.store.query(
                    "SELECT annotation_id, MIN(answered_by) FROM thread_statements WHERE label = 'question' "
                    f"AND answered_by IS NOT NULL AND annotation_id IN ({marks(len(chunk))}) GROUP BY annotation_id",
                    chunk,
                )
            )
        return answered


def _thread_filter(concepts: Sequence[Collection[str]], per_post: bool = False) -> tuple[str, list[Any]]:
    """SQL (``AND …``, on posts ``p``) keeping posts of threads that mention one concept of each set.

    ``per_post``: as a check per post (``EXISTS``, a few index probes), for a scan in store order that stops
    early; otherwise as a set of threads built once, for a filter over many posts.
    """
    where, params = "", []
    for wanted in concepts:
        ids = sorted(wanted)
        if per_post:
            where += (
                " AND EXISTS (SELECT 1 FROM thread_concepts c WHERE c.thread_id = p.thread_id "
                f"AND c.concept IN ({marks(len(ids))}))"
            )
        else:
            where += f" AND p.thread_id IN ({_THREADS_WITH.format(marks=marks(len(ids)))})"
        params += ids
    return where, params
