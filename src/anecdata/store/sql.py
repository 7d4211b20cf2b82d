"""The store over one SQL connection (SQLite or PostgreSQL): idempotent ingest, versions, readings.

Posts are keyed by (source, source id), which their deterministic ids encode. Adding a batch is one
transaction, so a killed process leaves whole batches or nothing, and adding the same input again finds every
post unchanged: a post is written only when a stored field differs, and a row it had before (kept in
``post_versions``) is not news either, so two copies of an edited post in one dump do not flip back and forth
on every run. A changed post loses its annotations in the same transaction: they pointed into the old text.

Several readers may read one store at once (``anecdata read`` on one machine or many): each claims a page of
pending posts in one short transaction (:meth:`SqlStore.claim_pending`, a row per post in ``read_claims``), reads
them, and saves their readings and drops its claims in one transaction, so every post is read once and a reader
killed mid-page leaves claims but no partial readings. A claim older than :data:`CLAIM_EXPIRY_SECONDS` is taken
over by the next reader that looks; ``anecdata read`` also drops at once the claims of readers that ended on its
own machine.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import orjson

from anecdata.errors import StoreError
from anecdata.model import EMPTY_CONTEXT, SOURCE_ID, Annotation, Post, Thread
from anecdata.serialise import (
    annotation_from_record,
    annotation_to_record,
    post_context_from_record,
    post_context_to_record,
)
from anecdata.store.dialect import Dialect
from anecdata.store.schema import MIGRATIONS, MIGRATIONS_TABLE, SCHEMA_VERSION

if TYPE_CHECKING:
    from anecdata.store.carried import Sentence

IN_CHUNK = 500
"""Ids per ``IN (...)`` list: well under SQLite's parameter limit."""
TABLES = (
    "threads", "posts", "post_versions", "readings", "annotations", "abstracts",
    "experience_facts", "thread_statements", "thread_concepts", "stale_threads", "thread_records", "read_claims",
)  # fmt: skip
_MARK_STALE = (
    "INSERT INTO stale_threads (thread_id) SELECT DISTINCT thread_id FROM posts WHERE id IN ({marks}) "
    "ON CONFLICT DO NOTHING"
)
"""Lists the threads of some posts for the experience index to rebuild (their readings or their rows changed)."""
CLAIM_EXPIRY_SECONDS = 30 * 60
"""How long a reader's claim on a post holds: a claim older than this is taken over by another reader (its reader
crashed, or lost its machine). A reader saves a page within a few page-reading times of claiming it (it claims a
page as it hands it to a worker, and keeps two pages per worker in hand): seconds for forum posts, about two
minutes for a page of 64 posts at the pipeline's length limit. Half an hour leaves a wide margin, so a slow reader
is not doubled by another; a claim taken over too early costs a second reading of the same text (saving is
idempotent), never a wrong one. A reader that ended on the same machine is noticed at once (``jobs.read_pending``)."""
_PENDING = "(r.post_id IS NULL OR r.pipeline_version <> ? OR r.text_hash <> p.text_hash)"
"""A post (``p``) whose reading (``r``, left-joined) is missing, of another pipeline version, or of an older text;
takes the pipeline version."""
_POST_FIELDS = "thread_id, parent_id, position, author, addressee, created, attrs, text, context"
_FIELD_COUNT = len(_POST_FIELDS.split(","))
_PENDING_COLUMNS = (
    f"p.seq, p.id, {', '.join('p.' + f.strip() for f in _POST_FIELDS.split(','))}, p.text_hash, p.source_id"
)


def _json(value: Any) -> str:
    """Compact JSON with sorted keys, so equal attributes are equal text (orjson: this runs once per post)."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode("utf-8")


def _hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class _Row:
    """A post as stored: its key, every field, and the hashes that tell a change."""

    id: str
    source: str
    source_id: str
    values: tuple[Any, ...]
    row_hash: str
    text_hash: str

    @classmethod
    def of(cls, source: str, post: Post) -> _Row:
        attrs = {k: v for k, v in post.attrs.items() if k != SOURCE_ID}
        context = None if post.context.empty else _json(post_context_to_record(post.context))
        values = (
            post.thread_id,
            post.parent_id,
            post.position,
            post.author,
            post.addressee,
            post.created,
            _json(attrs),
            post.text,
            context,
        )
        source_id = str(post.attrs.get(SOURCE_ID, post.id))
        # An empty context is hashed as rows were before contexts were stored, so adding an old store's input
        # again finds its posts unchanged. A context is part of what reading reads (quotes, title, closing mark
        # annotations), so a changed one makes the post's annotations stale, as a changed text does.
        # repr() of a tuple of str/int/None is exact and fast: the row hash runs for every post of a dump.
        hashed = values if context is not None else values[:-1]
        read = post.text if context is None else f"{post.text}\x00{context}"
        return cls(post.id, source, source_id, values, _hash(repr(hashed)), _hash(read))

    def insert_values(self) -> tuple[Any, ...]:
        """The parameters of the posts table's insert."""
        return (self.id, self.source, self.source_id, *self.values, self.row_hash, self.text_hash)


@dataclass(slots=True)
class _Stored:
    """What the store holds of one post: its ``seq``, current hashes and version, and every row hash it has had
    (a row it had before is not news)."""

    seq: int
    row_hash: str
    text_hash: str
    version: int
    row_hashes: set[str]


@dataclass(frozen=True, slots=True)
class IngestCounts:
    """What adding posts did: new, changed (an earlier row kept) and unchanged posts, and new threads."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0
    threads_new: int = 0

    def __add__(self, other: IngestCounts) -> IngestCounts:
        return IngestCounts(
            self.new + other.new,
            self.changed + other.changed,
            self.unchanged + other.unchanged,
            self.threads_new + other.threads_new,
        )

    @property
    def posts(self) -> int:
        return self.new + self.changed + self.unchanged


@dataclass(frozen=True, slots=True)
class PendingPost:
    """A stored post that needs reading, with the names in its thread (authors, addressees) for PII."""

    seq: int
    post: Post
    text_hash: str
    names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ClaimedPage:
    """The pending posts a reader claimed, and the largest ``seq`` looked at (None when no pending post was left):
    the next page starts after it, even when every post looked at was claimed by another reader."""

    posts: tuple[PendingPost, ...]
    last_seq: int | None


@dataclass(frozen=True, slots=True)
class Reading:
    """The annotations the pipeline found in one post, and the text (by hash) it read; ``skipped`` says why the
    post was not read (it then has no annotations, and is not pending again for the same text and version);
    ``sentences`` are the post's sentences cut around its statements (``store/carried.py``), None when the
    reader did not cut them (they are cut once later, by ``anecdata read``)."""

    post_id: str
    text_hash: str
    annotations: tuple[Annotation, ...] = field(default_factory=tuple)
    skipped: str | None = None
    sentences: tuple[Sentence, ...] | None = None


@dataclass(frozen=True, slots=True)
class SkippedPost:
    """A stored post the pipeline did not read, and why."""

    post_id: str
    thread_id: str
    length: int
    reason: str


def in_chunks(items: Sequence[Any], size: int = IN_CHUNK) -> Iterator[Sequence[Any]]:
    """``items`` in slices of at most ``size``, for ``IN (...)`` lists."""
    for i in range(0, len(items), size):
        yield items[i : i + size]


def marks(n: int) -> str:
    """``n`` comma-separated parameter marks."""
    return ",".join("?" * n)


class SqlStore:
    """Threads, posts and annotations in one SQL database; see the module docstring for the guarantees.

    Build it with :func:`anecdata.store.open_store`, which also migrates the schema.
    """

    def __init__(self, connection: Any, dialect: Dialect, url: str, db_error: type[Exception]) -> None:
        self.connection = connection
        self.dialect = dialect
        self.url = url
        self._db_error = db_error

    @classmethod
    def open(cls, connection: Any, dialect: Dialect, url: str, db_error: type[Exception]) -> SqlStore:
        """A store over an open connection, its schema migrated."""
        store = cls(connection, dialect, url, db_error)
        store.migrate()
        return store

    def __enter__(self) -> SqlStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.connection.close()

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except self._db_error as e:
            first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            raise StoreError(f"{self.url}: {first}") from e

    @contextmanager
    def transaction(self, writes: bool = True) -> Iterator[Any]:
        """A cursor inside one transaction: committed when the block ends, rolled back if it raises.

        ``writes=False`` for a transaction that writes only temporary tables: on SQLite it then takes no write
        lock on the store, so a report being built never holds up a reading run.
        """
        with self._errors():
            cursor = self.connection.cursor()
            cursor.execute(self.dialect.begin if writes else "BEGIN")
            try:
                yield cursor
            except BaseException:
                cursor.execute("ROLLBACK")
                raise
            cursor.execute("COMMIT")

    def execute(self, cursor: Any, statement: str, params: Sequence[Any] = ()) -> Any:
        """Run one statement (written with ``?`` marks) on a cursor of an open transaction; returns the cursor."""
        cursor.execute(self.dialect.sql(statement), params)
        return cursor

    def execute_rows(self, statement: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run one statement (written with ``?`` marks) once per row, all in one transaction."""
        with self.transaction() as cursor:
            cursor.executemany(self.dialect.sql(statement), rows)

    def query(self, statement: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """The rows of one query (written with ``?`` marks), outside any transaction."""
        with self._errors():
            cursor = self.connection.cursor()
            return list(self.execute(cursor, statement, params).fetchall())

    def schema_version(self) -> int:
        """The newest migration applied to this database (0 for an empty one)."""
        with self._errors():
            self.connection.cursor().execute(MIGRATIONS_TABLE)
        return self.query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")[0][0]

    def migrate(self) -> None:
        """Apply the migrations this database lacks, each in one transaction.

        Raises:
            StoreError: the database was migrated by a newer anecdata (its schema is unknown to this one).
        """
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"{self.url} has schema version {current}, newer than this anecdata's {SCHEMA_VERSION}: "
                "upgrade anecdata to use it"
            )
        for migration in MIGRATIONS:
            if migration.version <= current:
                continue
            with self.transaction() as cursor:
                for statement in migration.statements[self.dialect.name]:
                    cursor.execute(statement)
                self.execute(
                    cursor,
                    "INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                    (migration.version, migration.name),
                )

    def add_threads(self, threads: Sequence[Thread]) -> IngestCounts:
        """Store a batch of threads (or parts of threads) in one transaction; see the module docstring.

        Every post is inserted first, skipping those whose id is stored; new posts get a ``seq`` above the
        store's largest before the batch. Only when some were skipped are the batch's posts looked up and
        compared: looking every post of a dump up costs more than inserting it, since ids are hashes and each
        lookup lands on its own index page.
        """
        rows = [_Row.of(t.source, p) for t in threads for p in t.posts]
        with self.transaction() as cursor:
            threads_new = self._add_thread_rows(cursor, threads)
            before = self.execute(cursor, "SELECT COALESCE(MAX(seq), 0) FROM posts").fetchone()[0]
            self._insert_posts(cursor, [r.insert_values() for r in rows])
            new = self.execute(cursor, "SELECT COUNT(*) FROM posts WHERE seq > ?", (before,)).fetchone()[0]
            if new == len(rows):
                return IngestCounts(new, 0, 0, threads_new)
            state = self._stored_state(cursor, [r.id for r in rows])
            inserted_from = {post_id for post_id, stored in state.items() if stored.seq > before}
            changed = unchanged = 0
            for row in rows:
                stored = state[row.id]
                if row.id in inserted_from:
                    inserted_from.discard(row.id)  # the post's first row in the batch: the one inserted above
                elif row.row_hash in stored.row_hashes:
                    unchanged += 1
                else:
                    self._change_post(cursor, row, stored)
                    changed += 1
        return IngestCounts(new, changed, unchanged, threads_new)

    def _add_thread_rows(self, cursor: Any, threads: Sequence[Thread]) -> int:
        merged: dict[str, list[Any]] = {}
        for t in threads:
            row = merged.setdefault(t.id, [t.source, t.title, t.url])
            row[1], row[2] = row[1] or t.title, row[2] or t.url
        stored: dict[str, tuple[Any, Any]] = {}
        ids = list(merged)
        for chunk in in_chunks(ids):
            query = f"SELECT id, title, url FROM threads WHERE id IN ({marks(len(chunk))})"
            stored.update((i, (title, url)) for i, title, url in self.execute(cursor, query, chunk).fetchall())
        new = [(i, *merged[i]) for i in ids if i not in stored]
        if new:
            cursor.executemany(
                self.dialect.sql("INSERT INTO threads (id, source, title, url) VALUES (?, ?, ?, ?)"), new
            )
        updates = []
        for i, (title, url) in stored.items():
            fresh = (merged[i][1] or title, merged[i][2] or url)
            if fresh != (title, url):
                updates.append((*fresh, i))
        if updates:
            cursor.executemany(self.dialect.sql("UPDATE threads SET title = ?, url = ? WHERE id = ?"), updates)
        return len(new)

    def _stored_state(self, cursor: Any, ids: list[str]) -> dict[str, _Stored]:
        """What is stored of each post among ``ids``."""
        state: dict[str, _Stored] = {}
        unique = list(dict.fromkeys(ids))
        for chunk in in_chunks(unique):
            query = f"SELECT id, seq, row_hash, text_hash, version FROM posts WHERE id IN ({marks(len(chunk))})"
            for i, seq, row_hash, text_hash, version in self.execute(cursor, query, chunk).fetchall():
                state[i] = _Stored(seq, row_hash, text_hash, version, {row_hash})
        edited = [i for i, s in state.items() if s.version > 1]
        for chunk in in_chunks(edited):
            query = f"SELECT post_id, row_hash FROM post_versions WHERE post_id IN ({marks(len(chunk))})"
            for i, row_hash in self.execute(cursor, query, chunk).fetchall():
                state[i].row_hashes.add(row_hash)
        return state

    def _insert_posts(self, cursor: Any, inserts: list[tuple[Any, ...]]) -> None:
        """Insert posts whose id is not stored yet (the others are skipped), and index the new ones."""
        statement = (
            f"INSERT INTO posts (id, source, source_id, {_POST_FIELDS}, row_hash, text_hash, version) "
            f"VALUES ({marks(_FIELD_COUNT + 5)}, 1) ON CONFLICT DO NOTHING"
        )
        self.insert_indexed(cursor, "posts", statement, inserts, self.dialect.index_posts_after)

    def insert_indexed(
        self, cursor: Any, table: str, statement: str, rows: Sequence[tuple[Any, ...]], index_after: str | None
    ) -> None:
        """Insert ``rows`` into ``table`` (keyed by an increasing ``seq``), then, where the full-text index is
        built in bulk (``index_after``, which takes the largest ``seq`` before the insert), index the new rows."""
        if not rows:
            return
        if index_after is None:
            cursor.executemany(self.dialect.sql(statement), rows)
            return
        last_seq = self.execute(cursor, f"SELECT COALESCE(MAX(seq), 0) FROM {table}").fetchone()[0]
        cursor.executemany(self.dialect.sql(statement), rows)
        self.execute(cursor, index_after, (last_seq,))

    def _change_post(self, cursor: Any, row: _Row, stored: _Stored) -> None:
        """Keep the stored row in ``post_versions``, write ``row`` over it, and note the change in ``stored``."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        # Any field may change what thread logic derives (an author, a parent, the thread itself), so the thread
        # the post leaves and the one it is in are both indexed again, read or not.
        self.execute(cursor, _MARK_STALE.format(marks="?"), (row.id,))
        self.execute(
            cursor,
            f"INSERT INTO post_versions (post_id, version, {_POST_FIELDS}, row_hash, replaced_at) "
            f"SELECT id, version, {_POST_FIELDS}, row_hash, ? FROM posts WHERE id = ?",
            (now, row.id),
        )
        assignments = ", ".join(f"{name.strip()} = ?" for name in _POST_FIELDS.split(","))
        self.execute(
            cursor,
            f"UPDATE posts SET {assignments}, row_hash = ?, text_hash = ?, version = ? WHERE id = ?",
            (*row.values, row.row_hash, row.text_hash, stored.version + 1, row.id),
        )
        if row.text_hash != stored.text_hash:
            self.execute(cursor, "DELETE FROM annotations WHERE post_id = ?", (row.id,))
            self.execute(cursor, "DELETE FROM readings WHERE post_id = ?", (row.id,))
        self.execute(cursor, _MARK_STALE.format(marks="?"), (row.id,))
        stored.row_hash, stored.text_hash, stored.version = row.row_hash, row.text_hash, stored.version + 1
        stored.row_hashes.add(row.row_hash)

    def pending(self, pipeline_version: str, after_seq: int = 0, limit: int = 256) -> list[PendingPost]:
        """Up to ``limit`` posts after ``after_seq`` whose annotations are missing or from another version (claimed
        or not: readers use :meth:`claim_pending`)."""
        rows = self.query(
            f"SELECT {_PENDING_COLUMNS} FROM posts p LEFT JOIN readings r ON r.post_id = p.id WHERE p.seq > ? AND "
            f"{_PENDING} ORDER BY p.seq LIMIT ?",
            (after_seq, pipeline_version, limit),
        )
        return self._pending_posts(rows)

    def claim_pending(
        self,
        pipeline_version: str,
        reader: str,
        after_seq: int = 0,
        limit: int = 256,
        expiry: float = CLAIM_EXPIRY_SECONDS,
    ) -> ClaimedPage:
        """Claim for ``reader`` up to ``limit`` pending posts after ``after_seq`` that no other reader holds a claim
        on younger than ``expiry`` seconds, in one transaction; returns those it got.

        The posts are chosen in ``seq`` order (on PostgreSQL with ``FOR UPDATE SKIP LOCKED``, so a reader skips the
        posts another is claiming at the same moment), then claimed with an insert that takes a post only if it has
        no claim or an expired one. A post another reader claimed between the choice and the insert is left to it,
        so a page may hold fewer posts than were chosen; the page's ``last_seq`` says where the next one starts.
        Release the claims with :meth:`save_readings` (``reader=``) or :meth:`release_claims`.
        """
        now = self.dialect.now_seconds
        with self.transaction() as cursor:
            rows = self.execute(
                cursor,
                f"SELECT {_PENDING_COLUMNS} FROM posts p LEFT JOIN readings r ON r.post_id = p.id "
                f"LEFT JOIN read_claims c ON c.post_id = p.id WHERE p.seq > ? AND {_PENDING} AND "
                f"(c.post_id IS NULL OR c.claimed_at < {now} - ?) ORDER BY p.seq LIMIT ?{self.dialect.claim_lock}",
                (after_seq, pipeline_version, expiry, limit),
            ).fetchall()
            if not rows:
                return ClaimedPage((), None)
            ids = [r[1] for r in rows]
            cursor.executemany(
                self.dialect.sql(
                    f"INSERT INTO read_claims (post_id, reader, claimed_at) VALUES (?, ?, {now}) "
                    "ON CONFLICT (post_id) DO UPDATE SET reader = excluded.reader, claimed_at = excluded.claimed_at "
                    f"WHERE read_claims.claimed_at < {now} - ?"
                ),
                [(post_id, reader, expiry) for post_id in ids],
            )
            mine: set[str] = set()
            for chunk in in_chunks(ids):
                query = f"SELECT post_id FROM read_claims WHERE reader = ? AND post_id IN ({marks(len(chunk))})"
                mine.update(r[0] for r in self.execute(cursor, query, (reader, *chunk)).fetchall())
        return ClaimedPage(tuple(self._pending_posts([r for r in rows if r[1] in mine])), rows[-1][0])

    def release_claims(self, reader: str) -> int:
        """Drop every claim ``reader`` holds (it ended, or it is known to have); returns how many."""
        with self.transaction() as cursor:
            return self.execute(cursor, "DELETE FROM read_claims WHERE reader = ?", (reader,)).rowcount

    def claim_readers(self) -> list[str]:
        """The readers that hold claims on posts, sorted."""
        return [r[0] for r in self.query("SELECT DISTINCT reader FROM read_claims ORDER BY reader")]

    def _pending_posts(self, rows: Sequence[Sequence[Any]]) -> list[PendingPost]:
        """Rows of :data:`_PENDING_COLUMNS` as pending posts, with the names in their threads."""
        names = self._thread_names(list({r[2] for r in rows}))
        n = _FIELD_COUNT
        return [
            PendingPost(r[0], self._post(r[1], r[n + 3], *r[2 : n + 2]), r[n + 2], names.get(r[2], ())) for r in rows
        ]

    def count_pending(self, pipeline_version: str, reader: str | None = None) -> int:
        """How many posts :meth:`pending` would return in all; with ``reader``, only those :meth:`claim_pending`
        could give it now (no other reader holds an unexpired claim on them)."""
        if reader is None:
            return self.query(
                f"SELECT COUNT(*) FROM posts p LEFT JOIN readings r ON r.post_id = p.id WHERE {_PENDING}",
                (pipeline_version,),
            )[0][0]
        return self.query(
            "SELECT COUNT(*) FROM posts p LEFT JOIN readings r ON r.post_id = p.id "
            f"LEFT JOIN read_claims c ON c.post_id = p.id WHERE {_PENDING} AND (c.post_id IS NULL OR c.reader = ? "
            f"OR c.claimed_at < {self.dialect.now_seconds} - ?)",
            (pipeline_version, reader, CLAIM_EXPIRY_SECONDS),
        )[0][0]

    def _thread_names(self, thread_ids: list[str]) -> dict[str, tuple[str, ...]]:
        names: dict[str, set[str]] = {}
        for chunk in in_chunks(thread_ids):
            for thread, author, addressee in self.query(
                f"SELECT DISTINCT thread_id, author, addressee FROM posts WHERE thread_id IN ({marks(len(chunk))})",
                chunk,
            ):
                names.setdefault(thread, set()).update(n for n in (author, addressee) if n)
        return {t: tuple(sorted(n)) for t, n in names.items()}

    @staticmethod
    def _post(post_id: str, source_id: str, *values: Any, annotations: tuple[Annotation, ...] = ()) -> Post:
        thread_id, parent_id, position, author, addressee, created, attrs, text, context = values
        return Post(
            id=post_id,
            thread_id=thread_id,
            position=position,
            text=text,
            author=author,
            addressee=addressee,
            parent_id=parent_id,
            created=created,
            attrs={SOURCE_ID: source_id, **json.loads(attrs)},
            annotations=annotations,
            context=post_context_from_record(json.loads(context)) if context else EMPTY_CONTEXT,
        )

    def save_readings(self, readings: Sequence[Reading], pipeline_version: str, reader: str | None = None) -> int:
        """Store the annotations of read posts in one transaction, replacing older ones; returns how many saved.

        A reading of a text the post no longer has (it changed while being read) is dropped: the post stays
        pending and is read again. A reading's sentences are stored with it, after checking they lie inside the
        post's text. With ``reader``, that reader's claims on the posts (:meth:`claim_pending`) are dropped in the
        same transaction, so a post is never both unclaimed and unread by a reader that saved it.

        Raises:
            StoreError: a reading's sentences lie outside its post's text (nothing is stored).
        """
        from anecdata.store.carried import sentences_json

        with self.transaction() as cursor:
            # Waits for an experience index replacement of another reader (ExperienceIndex.replace takes this row
            # first), so the threads this marks stale are not taken off the list by one that did not see them.
            self.execute(cursor, "UPDATE experience_index_version SET version = version")
            current: dict[str, tuple[str, int]] = {}
            ids = [r.post_id for r in readings]
            for chunk in in_chunks(ids):
                # the text itself, not SQL's LENGTH: SQLite's stops at a NUL, which a post stored directly may hold
                query = f"SELECT id, text_hash, text FROM posts WHERE id IN ({marks(len(chunk))})"
                current.update((i, (h, len(t))) for i, h, t in self.execute(cursor, query, chunk).fetchall())
            fresh = [r for r in readings if r.post_id in current and current[r.post_id][0] == r.text_hash]
            sentences = [
                None if r.sentences is None else sentences_json(r.sentences, current[r.post_id][1]) for r in fresh
            ]
            for chunk in in_chunks([r.post_id for r in fresh]):
                self.execute(cursor, f"DELETE FROM annotations WHERE post_id IN ({marks(len(chunk))})", chunk)
            rows = [
                (r.post_id, a.id, a.layer, a.label, a.start, a.end, _json(annotation_to_record(a)))
                for r in fresh
                for a in r.annotations
            ]
            if rows:
                cursor.executemany(
                    self.dialect.sql(
                        "INSERT INTO annotations (post_id, id, layer, label, start_offset, end_offset, record) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
                    ),
                    rows,
                )
            if fresh:
                cursor.executemany(
                    self.dialect.sql(
                        "INSERT INTO readings (post_id, pipeline_version, text_hash, skipped, sentences) "
                        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (post_id) DO UPDATE SET "
                        "pipeline_version = excluded.pipeline_version, text_hash = excluded.text_hash, "
                        "skipped = excluded.skipped, sentences = excluded.sentences"
                    ),
                    [
                        (r.post_id, pipeline_version, r.text_hash, r.skipped, s)
                        for r, s in zip(fresh, sentences, strict=True)
                    ],
                )
                for chunk in in_chunks([r.post_id for r in fresh]):
                    self.execute(cursor, _MARK_STALE.format(marks=marks(len(chunk))), chunk)
            if reader is not None:
                for chunk in in_chunks(ids):
                    query = f"DELETE FROM read_claims WHERE reader = ? AND post_id IN ({marks(len(chunk))})"
                    self.execute(cursor, query, (reader, *chunk))
        return len(fresh)

    def skipped(self, pipeline_version: str, limit: int | None = None) -> list[SkippedPost]:
        """The current posts that reading with ``pipeline_version`` skipped, in store order, with the reason."""
        return [
            SkippedPost(*row)
            for row in self.query(
                "SELECT p.id, p.thread_id, LENGTH(p.text), r.skipped FROM posts p JOIN readings r ON r.post_id = p.id "
                "AND r.text_hash = p.text_hash WHERE r.pipeline_version = ? AND r.skipped IS NOT NULL ORDER BY p.seq"
                + ("" if limit is None else f" LIMIT {int(limit)}"),
                (pipeline_version,),
            )
        ]

    def count_skipped(self, pipeline_version: str) -> int:
        """How many current posts reading with ``pipeline_version`` skipped."""
        return self.query(
            "SELECT COUNT(*) FROM posts p JOIN readings r ON r.post_id = p.id AND r.text_hash = p.text_hash "
            "WHERE r.pipeline_version = ? AND r.skipped IS NOT NULL",
            (pipeline_version,),
        )[0][0]

    def thread(self, thread_id: str) -> Thread:
        """A stored thread with its posts in order and the annotations of their current text.

        Raises:
            KeyError: no thread has this id.
        """
        found = self.query("SELECT id, source, title, url FROM threads WHERE id = ?", (thread_id,))
        if not found:
            raise KeyError(thread_id)
        _, source, title, url = found[0]
        records: dict[str, list[Annotation]] = {}
        for post_id, record in self.query(
            "SELECT a.post_id, a.record FROM annotations a JOIN posts p ON p.id = a.post_id "
            "JOIN readings r ON r.post_id = p.id AND r.text_hash = p.text_hash WHERE p.thread_id = ? "
            "ORDER BY a.post_id, a.start_offset, a.end_offset, a.id",
            (thread_id,),
        ):
            records.setdefault(post_id, []).append(annotation_from_record(json.loads(record)))
        posts = tuple(
            self._post(r[0], r[1], *r[2:], annotations=tuple(records.get(r[0], ())))
            for r in self.query(
                f"SELECT id, source_id, {_POST_FIELDS} FROM posts WHERE thread_id = ? ORDER BY position, seq",
                (thread_id,),
            )
        )
        return Thread(id=thread_id, source=source, posts=posts, title=title, url=url)

    def thread_ids(self) -> list[str]:
        """Every stored thread's id, in the order their first posts were stored (what an export walks)."""
        return [
            r[0]
            for r in self.query(
                "SELECT t.id FROM threads t JOIN (SELECT thread_id, MIN(seq) AS first FROM posts GROUP BY thread_id) f "
                "ON f.thread_id = t.id ORDER BY f.first"
            )
        ]

    def count(self, table: str) -> int:
        """The number of rows in one of the store's tables."""
        if table not in TABLES:
            raise ValueError(f"unknown table {table!r}; tables are {', '.join(TABLES)}")
        return self.query(f"SELECT COUNT(*) FROM {table}")[0][0]

    def versions(self, post_id: str) -> list[Post]:
        """The earlier rows of a post that changed upstream, oldest first."""
        source_id = self.query("SELECT source_id FROM posts WHERE id = ?", (post_id,))
        return [
            self._post(post_id, source_id[0][0] if source_id else post_id, *r)
            for r in self.query(
                f"SELECT {_POST_FIELDS} FROM post_versions WHERE post_id = ? ORDER BY version", (post_id,)
            )
        ]
