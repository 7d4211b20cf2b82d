"""What differs between the SQL databases the store runs on: how to begin, parameters, full-text indexing (the
full-text queries of each database are in ``store/search.py``, ``store/evidence.py``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Dialect:
    """One database's SQL differences; the store writes ``?`` parameters and the dialect translates them."""

    name: str
    begin: str
    placeholder: str
    index_posts_after: str | None = None
    """Adds posts stored after a given ``seq`` to the full-text index, for databases that index in bulk
    (SQLite's FTS5: one statement per batch is about five times faster than a trigger per row)."""

    def sql(self, statement: str) -> str:
        """``statement`` with ``?`` parameters in this database's style (our SQL has no literal ``?``)."""
        return statement if self.placeholder == "?" else statement.replace("?", self.placeholder)


SQLITE = Dialect(
    name="sqlite",
    begin="BEGIN IMMEDIATE",
    placeholder="?",
    index_posts_after="INSERT INTO posts_fts (rowid, text) SELECT seq, text FROM posts WHERE seq > ?",
)
POSTGRES = Dialect(
    name="postgresql",
    begin="BEGIN",
    placeholder="%s",
)
