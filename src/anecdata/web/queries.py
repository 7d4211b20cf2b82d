"""What the web pages read from the store: corpus counts and a page of threads (the sentences behind a count are
``report/evidence.py``'s).

Every function takes an open :class:`SqlStore` and only reads. Queries are bounded (``LIMIT``, ``IN`` lists in
chunks) so a page costs the same on a store of a hundred posts as on one of a million.
"""

from __future__ import annotations

from dataclasses import dataclass

from anecdata.store.sql import SqlStore, in_chunks, marks

TOP_CONDITIONS = 20
"""Conditions listed on the overview, most mentioned first."""
THREADS_PER_PAGE = 50
_CONDITION_SQL = {
    "sqlite": (
        "json_extract(a.record, '$.concept.system') || ':' || json_extract(a.record, '$.concept.code')",
        "json_extract(a.record, '$.concept.name')",
    ),
    "postgresql": (
        "((a.record::jsonb #>> '{concept,system}') || ':' || (a.record::jsonb #>> '{concept,code}'))",
        "(a.record::jsonb #>> '{concept,name}')",
    ),
}
"""The concept id (``system:code``) and name inside an annotation's JSON ``record``, per database."""


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
    id: str
    title: str | None
    source: str
    posts: int


def overview(store: SqlStore) -> Overview:
    """Counts of threads, posts, posts read, annotations per layer and label, and the top conditions."""
    posts_read = store.query(
        "SELECT COUNT(*) FROM readings r JOIN posts p ON p.id = r.post_id AND p.text_hash = r.text_hash"
    )[0][0]
    labels = store.query("SELECT layer, label, COUNT(*) FROM annotations GROUP BY layer, label ORDER BY layer, label")
    code, name = _CONDITION_SQL[store.dialect.name]
    conditions = store.query(
        f"SELECT {code} AS code, MIN({name}), COUNT(*), COUNT(DISTINCT a.post_id) FROM annotations a "
        f"WHERE a.layer = 'mention' AND a.label = 'condition' AND {code} IS NOT NULL "
        "GROUP BY code ORDER BY COUNT(*) DESC, code LIMIT ?",
        (TOP_CONDITIONS,),
    )
    return Overview(
        threads=store.count("threads"),
        posts=store.count("posts"),
        posts_read=posts_read,
        labels=[(layer, label, n) for layer, label, n in labels],
        conditions=[(c, n, mentions, posts) for c, n, mentions, posts in conditions],
    )


def thread_page(store: SqlStore, page: int, per_page: int | None = None) -> list[ThreadRow]:
    """One page (1-based) of threads in id order (``per_page``: :data:`THREADS_PER_PAGE`), with their post counts."""
    per_page = per_page or THREADS_PER_PAGE
    rows = store.query(
        "SELECT id, title, source FROM threads ORDER BY id LIMIT ? OFFSET ?", (per_page, (page - 1) * per_page)
    )
    ids = [r[0] for r in rows]
    counts: dict[str, int] = {}
    for chunk in in_chunks(ids):
        counts.update(
            store.query(
                f"SELECT thread_id, COUNT(*) FROM posts WHERE thread_id IN ({marks(len(chunk))}) GROUP BY thread_id",
                chunk,
            )
        )
    return [ThreadRow(i, title, source, counts.get(i, 0)) for i, title, source in rows]
