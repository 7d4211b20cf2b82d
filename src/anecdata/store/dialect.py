"""What differs between the SQL databases the store runs on: how to begin, parameters, full-text indexing (the
full-text queries of each database are in ``store/search.py``, ``store/evidence.py``), the clock and the row locks
of claiming posts to read."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Dialect:
    """One database's SQL differences; the store writes ``?`` parameters and the dialect translates them."""

    name: str
    begin: str
    placeholder: str
    now_seconds: str
    """An SQL expression for the database's clock, in seconds since 1970: claims to read posts are timed by it,
    so readers on several machines share one clock."""
    index_posts_after: str | None = None
    """Adds posts stored after a given ``seq`` to the full-text index, for databases that index in bulk
    (SQLite's FTS5: one statement per batch is about five times faster than a trigger per row)."""
    claim_lock: str = ""
    """What a query choosing posts to claim ends with: on PostgreSQL it locks the chosen posts and skips those
    another reader is claiming meanwhile; SQLite needs none, as ``BEGIN IMMEDIATE`` lets one writer in at a time."""

    def sql(self, statement: str) -> str:
        """``statement`` with ``?`` parameters in this database's style (our SQL has no literal ``?``)."""
        return statement if self.placeholder == "?" else statement.replace("?", self.placeholder)


SQLITE = Dialect(
    name="sqlite",
    begin="BEGIN IMMEDIATE",
    placeholder="?",
    index_posts_after="INSERT INTO posts_fts (rowid, text) SELECT seq, text FROM posts WHERE seq > ?",
    now_seconds="((julianday('now') - 2440587.5) * 86400.0)",
)
POSTGRES = Dialect(
    name="postgresql",
    begin="BEGIN",
    placeholder="%s",
    now_seconds="(EXTRACT(EPOCH FROM clock_timestamp())::DOUBLE PRECISION)",
    claim_lock=" FOR UPDATE OF p SKIP LOCKED",
)
