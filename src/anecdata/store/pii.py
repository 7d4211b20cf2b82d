"""What redaction reads from the store: the PII the reader found in posts' current text, and the people of a store.

Spans come only from posts whose current text was read: an edited post's old spans do not fit its text.
Redacting with them is ``anecdata.redact``'s and ``search/redact.py``'s work; this module only finds them.
"""

from __future__ import annotations

from collections.abc import Sequence

from anecdata.store.sql import IN_CHUNK, SqlStore, in_chunks, marks

_READ_PII = (
    "FROM annotations a JOIN readings r ON r.post_id = a.post_id "
    "JOIN posts p ON p.id = a.post_id AND p.text_hash = r.text_hash WHERE a.layer = 'pii'"
)
"""The PII annotations of posts whose current text was read."""
_QUOTED_WRITERS = {
    "sqlite": "SELECT p.thread_id, 'person', json_extract(q.value, '$.author') FROM posts p, "
    "json_each(p.context, '$.quotes') q WHERE json_extract(q.value, '$.author') <> '' AND p.thread_id IN ({m})",
    "postgresql": "SELECT p.thread_id, 'person', q ->> 'author' FROM posts p, "
    "jsonb_array_elements(p.context::jsonb -> 'quotes') q WHERE q ->> 'author' <> '' AND p.thread_id IN ({m})",
}
"""The writers a thread's posts quote (``PostContext.quotes``, stored as JSON), per database."""


class StoredPii:
    """The PII reads of one store."""

    def __init__(self, store: SqlStore) -> None:
        self.store = store

    def spans(self, post_ids: Sequence[str]) -> dict[str, list[tuple[int, int, str]]]:
        """The current PII spans ``(start, end, label)`` of each of ``post_ids`` that has any, in text order."""
        found: dict[str, list[tuple[int, int, str]]] = {}
        for chunk in in_chunks(list(dict.fromkeys(post_ids))):
            for post_id, start, end, label in self.store.query(
                f"SELECT a.post_id, a.start_offset, a.end_offset, a.label {_READ_PII} "
                f"AND a.post_id IN ({marks(len(chunk))}) ORDER BY a.start_offset, a.end_offset DESC",
                chunk,
            ):
                found.setdefault(post_id, []).append((start, end, label))
        return found

    def in_threads(self, thread_ids: Sequence[str]) -> dict[str, list[tuple[str, str]]]:
        """``(label, value)`` of the PII found in each thread's read posts, with its authors, addressees and quoted
        writers as ``person``: what ``anecdata.redact.thread_pii_values`` finds in the thread in memory (a test
        feeds both the same threads). Every thread asked has an entry."""
        found: dict[str, list[tuple[str, str]]] = {t: [] for t in thread_ids}
        quoted = _QUOTED_WRITERS[self.store.dialect.name]
        for chunk in in_chunks(list(dict.fromkeys(thread_ids)), IN_CHUNK // 4):  # the list is bound four times
            m = marks(len(chunk))
            for thread_id, label, value in self.store.query(
                "SELECT p.thread_id, a.label, SUBSTR(p.text, a.start_offset + 1, a.end_offset - a.start_offset) "
                f"{_READ_PII} AND p.thread_id IN ({m}) "
                f"UNION SELECT thread_id, 'person', author FROM posts WHERE author <> '' AND thread_id IN ({m}) "
                f"UNION SELECT thread_id, 'person', addressee FROM posts WHERE addressee <> '' AND thread_id IN ({m}) "
                f"UNION {quoted.format(m=m)}",
                (*chunk, *chunk, *chunk, *chunk),
            ):
                found[thread_id].append((label, value))
        return found

    def people(self) -> list[str]:
        """Every person of the store in store order, post by post: author, addressee, then the people and handles
        the reader found in its current text (repeats kept)."""
        rows = self.store.query(
            "SELECT v FROM (SELECT seq, -2 AS k, author AS v FROM posts WHERE author IS NOT NULL "
            "UNION ALL SELECT seq, -1, addressee FROM posts WHERE addressee IS NOT NULL "
            "UNION ALL SELECT p.seq, a.start_offset, "
            "SUBSTR(p.text, a.start_offset + 1, a.end_offset - a.start_offset) "
            f"{_READ_PII} AND a.label IN ('person', 'handle')) people ORDER BY seq, k"
        )
        return [v for (v,) in rows]
