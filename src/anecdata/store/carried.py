"""What reading knows, carried in the store so pages never read or cut sentences again (migration 8).

- A reading's **sentences**: the post's statement spans with their labels and annotation ids, and the text no
  statement covers cut by the reading's sentence rules, stored on the ``readings`` row beside the annotations
  they were cut with (so they are of the post's current text exactly when its annotations are). A reading saved
  before migration 8 has none (``NULL``): ``anecdata read`` cuts them once (``jobs.carry_readings``), and a page
  that meets one cuts it itself meanwhile.
- A thread **title's mentions** (the reading's mention matcher over the title), kept with the title they were
  found in: a title changed since is a title without mentions.
- A thread's **records** (migration 9): its experiences and questions as thread logic derived them, written as
  ``anecdata/2`` JSON when the thread is indexed (``jobs.index_experiences``), with the version of the code that
  derived them and their **basis**, a digest of what they were derived from (each post's stored row and its
  reading's version, text hash and skip). Records of another version or basis, or of a thread on the experience
  index's stale list (its readings were saved since), read as none, never as stale records: the thread page then
  derives them itself, and ``anecdata read`` (``jobs.carry_records``) stores those a store lacks.

Everything is checked before it is written (offsets inside the text, labels and ids as strings), in one
transaction per call, so bad input raises :class:`~anecdata.errors.StoreError` and leaves the store as it was;
a stored value that does not parse reads as missing, never as wrong sentences.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from anecdata.errors import DataError, StoreError
from anecdata.model import Experience, Question
from anecdata.serialise import experience_from_record, experience_to_record, question_from_record, question_to_record
from anecdata.store.sql import SqlStore, in_chunks, marks


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a post: its half-open extent in the post's text, its statement labels (best first) and their
    annotation ids (empty for a sentence no statement covers)."""

    start: int
    end: int
    labels: tuple[str, ...] = ()
    annotation_ids: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not (isinstance(self.start, int) and isinstance(self.end, int) and 0 <= self.start < self.end):
            raise ValueError(f"a sentence needs 0 <= start < end, got {self.start!r}, {self.end!r}")
        if not all(isinstance(x, str) for x in (*self.labels, *self.annotation_ids)):
            raise ValueError(f"a sentence's labels and annotation ids are strings, got {self!r}")

    @property
    def label(self) -> str | None:
        """The label that names the sentence (its best), or None."""
        return self.labels[0] if self.labels else None

    @property
    def annotation_id(self) -> str | None:
        """The annotation a link to the sentence highlights (its best label's), or None."""
        return self.annotation_ids[0] if self.annotation_ids else None


@dataclass(frozen=True, slots=True)
class StoredMention:
    """A mention the reading's matcher found in a title or an abstract: offsets into that text, its label and its
    concept id."""

    start: int
    end: int
    label: str
    concept_id: str

    def __post_init__(self) -> None:
        if not (isinstance(self.start, int) and isinstance(self.end, int) and 0 <= self.start < self.end):
            raise ValueError(f"a mention needs 0 <= start < end, got {self.start!r}, {self.end!r}")
        if not (isinstance(self.label, str) and isinstance(self.concept_id, str) and self.concept_id):
            raise ValueError(f"a mention's label and concept id are strings, got {self!r}")


@dataclass(frozen=True, slots=True)
class StatementSpan:
    """A stored statement annotation of a post: its id, label and extent (what its sentences are cut around)."""

    id: str
    label: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class UncutPost:
    """A read post whose reading carries no sentences yet: its current text (by hash) and its statements."""

    seq: int
    post_id: str
    text: str
    text_hash: str
    statements: tuple[StatementSpan, ...] = ()


@dataclass(frozen=True, slots=True)
class ThreadRecords:
    """What thread logic derived from a thread's read posts: one record per person, and the questions asked."""

    experiences: tuple[Experience, ...] = ()
    questions: tuple[Question, ...] = ()

    def __post_init__(self) -> None:
        if not (
            all(isinstance(e, Experience) for e in self.experiences)
            and all(isinstance(q, Question) for q in self.questions)
        ):
            raise ValueError(f"thread records are Experience and Question values, got {self!r}")


def records_json(records: ThreadRecords) -> str:
    """A thread's records as stored: ``{"experiences": [...], "questions": [...]}`` in the ``anecdata/2`` format."""
    return orjson.dumps(
        {
            "experiences": [experience_to_record(e) for e in records.experiences],
            "questions": [question_to_record(q) for q in records.questions],
        }
    ).decode()


def records_from_json(stored: str) -> ThreadRecords | None:
    """Stored records, or None for a value that does not parse (then they are derived again)."""
    try:
        parsed = json.loads(stored)
        return ThreadRecords(
            tuple(experience_from_record(e) for e in parsed["experiences"]),
            tuple(question_from_record(q) for q in parsed["questions"]),
        )
    except (ValueError, TypeError, KeyError, AttributeError, DataError):
        return None


def sentences_json(sentences: Sequence[Sentence], text_length: int) -> str:
    """``sentences`` as stored, after checking each lies inside a text of ``text_length`` characters.

    Raises:
        StoreError: a sentence ends past the text.
    """
    for s in sentences:
        if s.end > text_length:
            raise StoreError(f"a sentence ({s.start}, {s.end}) ends past its post's text ({text_length} characters)")
    return orjson.dumps([[s.start, s.end, list(s.labels), list(s.annotation_ids)] for s in sentences]).decode()


def sentences_from_json(stored: str | None) -> tuple[Sentence, ...] | None:
    """Stored sentences, or None for none stored or a value that does not parse (then they are cut again)."""
    if stored is None:
        return None
    try:
        return tuple(Sentence(s, e, tuple(labels), tuple(ids)) for s, e, labels, ids in json.loads(stored))
    except (ValueError, TypeError):
        return None


def mentions_json(mentions: Sequence[StoredMention], text_length: int) -> list[list[Any]]:
    """``mentions`` as stored (a JSON-ready list), after checking each lies inside a text of ``text_length``.

    Raises:
        StoreError: a mention ends past the text.
    """
    for m in mentions:
        if m.end > text_length:
            raise StoreError(f"a mention ({m.start}, {m.end}) ends past its text ({text_length} characters)")
    return [[m.start, m.end, m.label, m.concept_id] for m in mentions]


def mentions_from_json(stored: Any) -> tuple[StoredMention, ...]:
    """Stored mentions (a parsed JSON list) as values.

    Raises:
        ValueError, TypeError: a value that is not a list of mentions.
    """
    return tuple(StoredMention(s, e, label, concept) for s, e, label, concept in stored)


_CURRENT = "JOIN readings r ON r.post_id = p.id AND r.text_hash = p.text_hash"
"""A post's reading of its current text."""
_BASIS = (
    "SELECT p.thread_id, p.id, p.row_hash, r.pipeline_version, r.text_hash, r.skipped FROM posts p "
    "LEFT JOIN readings r ON r.post_id = p.id WHERE p.thread_id IN ({marks}) ORDER BY p.thread_id, p.id"
)
"""What a thread's records are derived from: each post's stored row (every field, ``row_hash``) and its reading's
key (a reading's annotations are replaced only with the thread put on the stale list)."""
_WITHOUT_RECORDS = (
    "FROM threads t LEFT JOIN thread_records d ON d.thread_id = t.id LEFT JOIN stale_threads s ON s.thread_id = t.id "
    "WHERE s.thread_id IS NULL AND (d.thread_id IS NULL OR d.version <> ?)"
)
"""Threads with no records of a version, other than those indexing will derive (the stale list)."""


class CarriedReadings:
    """The sentences, title mentions and thread records reading carries, in one store."""

    def __init__(self, store: SqlStore) -> None:
        self.store = store

    def sentences(self, post_ids: Sequence[str]) -> dict[str, tuple[Sentence, ...]]:
        """The stored sentences of each post among ``post_ids`` whose current text was read and cut; posts
        without (not read, or read before sentences were carried) are left out."""
        found: dict[str, tuple[Sentence, ...]] = {}
        for chunk in in_chunks(list(dict.fromkeys(post_ids))):
            for post_id, stored in self.store.query(
                f"SELECT p.id, r.sentences FROM posts p {_CURRENT} WHERE p.id IN ({marks(len(chunk))}) "
                "AND r.sentences IS NOT NULL",
                chunk,
            ):
                sentences = sentences_from_json(stored)
                if sentences is not None:
                    found[post_id] = sentences
        return found

    def uncut(self, after_seq: int = 0, limit: int = 500) -> list[UncutPost]:
        """Up to ``limit`` read posts after ``after_seq`` (store order) whose reading carries no sentences, with
        the statements their sentences are cut around."""
        rows = self.store.query(
            f"SELECT p.seq, p.id, p.text, p.text_hash FROM posts p {_CURRENT} WHERE p.seq > ? "
            "AND r.sentences IS NULL ORDER BY p.seq LIMIT ?",
            (after_seq, limit),
        )
        statements: dict[str, list[StatementSpan]] = {}
        for chunk in in_chunks([r[1] for r in rows]):
            for post_id, annotation_id, label, start, end in self.store.query(
                "SELECT post_id, id, label, start_offset, end_offset FROM annotations "
                f"WHERE layer = 'statement' AND post_id IN ({marks(len(chunk))}) ORDER BY post_id, start_offset, id",
                chunk,
            ):
                statements.setdefault(post_id, []).append(StatementSpan(annotation_id, label, start, end))
        return [UncutPost(seq, i, text, h, tuple(statements.get(i, ()))) for seq, i, text, h in rows]

    def count_uncut(self) -> int:
        """How many read posts' readings carry no sentences (what :meth:`uncut` lists in all)."""
        return self.store.query(f"SELECT COUNT(*) FROM posts p {_CURRENT} WHERE r.sentences IS NULL")[0][0]

    def save_sentences(self, cut: Sequence[tuple[str, str, Sequence[Sentence]]]) -> int:
        """Store the sentences of read posts, each given as (post id, the text hash they were cut from, sentences),
        in one transaction; returns how many were stored. Sentences of a text the post no longer has are dropped.

        Raises:
            StoreError: a sentence lies outside its post's text (nothing is stored).
        """
        lengths = self._lengths([post_id for post_id, _, _ in cut])
        rows = [
            (sentences_json(sentences, lengths[post_id][1]), post_id, text_hash)
            for post_id, text_hash, sentences in cut
            if post_id in lengths and lengths[post_id][0] == text_hash
        ]
        if rows:
            self.store.execute_rows("UPDATE readings SET sentences = ? WHERE post_id = ? AND text_hash = ?", rows)
        return len(rows)

    def _lengths(self, post_ids: Sequence[str]) -> dict[str, tuple[str, int]]:
        """Each post's current text hash and text length."""
        found: dict[str, tuple[str, int]] = {}
        for chunk in in_chunks(list(dict.fromkeys(post_ids))):
            # the text itself, not SQL's LENGTH: SQLite's stops at a NUL, which a post stored directly may hold
            rows = self.store.query(f"SELECT id, text_hash, text FROM posts WHERE id IN ({marks(len(chunk))})", chunk)
            found.update((i, (h, len(text))) for i, h, text in rows)
        return found

    def title_mentions(self, thread_id: str, title: str) -> tuple[StoredMention, ...] | None:
        """The mentions stored for ``thread_id``'s title when they were found in ``title``; None otherwise (none
        stored, stored for another title, or not readable)."""
        rows = self.store.query("SELECT title, mentions FROM title_mentions WHERE thread_id = ?", (thread_id,))
        if not rows or rows[0][0] != title:
            return None
        try:
            return mentions_from_json(json.loads(rows[0][1]))
        except (ValueError, TypeError):
            return None

    def titles_without_mentions(self, version: str, limit: int = 500) -> list[tuple[str, str]]:
        """Up to ``limit`` (thread id, title) of titled threads whose title has no mentions of ``version`` stored
        (never found, found in an older title, or by another version of the matcher), in id order."""
        return [
            (r[0], r[1])
            for r in self.store.query(
                "SELECT t.id, t.title FROM threads t LEFT JOIN title_mentions m ON m.thread_id = t.id "
                "WHERE t.title IS NOT NULL AND t.title <> '' AND (m.thread_id IS NULL OR m.title <> t.title "
                "OR m.version <> ?) ORDER BY t.id LIMIT ?",
                (version, limit),
            )
        ]

    def save_title_mentions(self, version: str, found: Sequence[tuple[str, str, Sequence[StoredMention]]]) -> None:
        """Keep each (thread id, title, mentions found in it by matcher ``version``), replacing what was stored for
        the thread; one transaction.

        Raises:
            StoreError: a mention lies outside its title (nothing is stored).
        """
        rows = [
            (thread_id, title, version, orjson.dumps(mentions_json(mentions, len(title))).decode())
            for thread_id, title, mentions in found
        ]
        if not rows:
            return
        self.store.execute_rows(
            "INSERT INTO title_mentions (thread_id, title, version, mentions) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (thread_id) DO UPDATE SET title = excluded.title, version = excluded.version, "
            "mentions = excluded.mentions",
            rows,
        )

    def thread_bases(self, thread_ids: Sequence[str]) -> dict[str, str]:
        """The basis of each of ``thread_ids``' records as they would be derived now (a digest of its posts' rows
        and readings): take it before reading the thread, and save the records derived with it."""
        return self._bases(self.store.query, thread_ids)

    def bases_in(self, cursor: Any, thread_ids: Sequence[str]) -> dict[str, str]:
        """:meth:`thread_bases` as the open transaction of ``cursor`` sees them."""
        return self._bases(lambda sql, params: self.store.execute(cursor, sql, params).fetchall(), thread_ids)

    def _bases(self, run: Callable[[str, Sequence[Any]], Sequence[Any]], thread_ids: Sequence[str]) -> dict[str, str]:
        rows: dict[str, list[list[Any]]] = {t: [] for t in thread_ids}
        for chunk in in_chunks(list(rows)):
            for thread_id, *row in run(_BASIS.format(marks=marks(len(chunk))), chunk):
                rows[thread_id].append(row)
        return {t: hashlib.sha1(orjson.dumps(found)).hexdigest() for t, found in rows.items()}

    def thread_records(self, thread_id: str, version: str) -> ThreadRecords | None:
        """The records stored for ``thread_id`` when they were derived by ``version`` from the thread as it is
        stored now; None otherwise (none stored, another version or basis, the thread stale, or not readable)."""
        rows = self.store.query(
            "SELECT d.version, d.basis, d.records, s.thread_id FROM thread_records d "
            "LEFT JOIN stale_threads s ON s.thread_id = d.thread_id WHERE d.thread_id = ?",
            (thread_id,),
        )
        if not rows or rows[0][0] != version or rows[0][3] is not None:
            return None
        if rows[0][1] != self.thread_bases([thread_id])[thread_id]:
            return None
        return records_from_json(rows[0][2])

    def save_thread_records(self, version: str, derived: Sequence[tuple[str, str, ThreadRecords]]) -> int:
        """Keep each (thread id, the basis taken before the thread was read, the records ``version`` derived from
        it), replacing what was stored for the thread, in one transaction; returns how many were kept. Records of
        a thread that changed since its basis was taken are dropped (it reads as having none)."""
        if not derived:
            return 0
        with self.store.transaction() as cursor:
            current = self.bases_in(cursor, [t for t, _, _ in derived])
            rows = [
                (thread_id, version, basis, records_json(records))
                for thread_id, basis, records in derived
                if current[thread_id] == basis
            ]
            if rows:
                cursor.executemany(
                    self.store.dialect.sql(
                        "INSERT INTO thread_records (thread_id, version, basis, records) VALUES (?, ?, ?, ?) "
                        "ON CONFLICT (thread_id) DO UPDATE SET version = excluded.version, basis = excluded.basis, "
                        "records = excluded.records"
                    ),
                    rows,
                )
        return len(rows)

    def threads_without_records(self, version: str, after: str = "", limit: int = 500) -> list[str]:
        """Up to ``limit`` threads after ``after`` (id order) with no records of ``version`` stored, leaving out
        those on the stale list (indexing derives theirs)."""
        return [
            r[0]
            for r in self.store.query(
                f"SELECT t.id {_WITHOUT_RECORDS} AND t.id > ? ORDER BY t.id LIMIT ?", (version, after, limit)
            )
        ]

    def count_without_records(self, version: str) -> int:
        """How many threads :meth:`threads_without_records` lists in all."""
        return self.store.query(f"SELECT COUNT(*) {_WITHOUT_RECORDS}", (version,))[0][0]
