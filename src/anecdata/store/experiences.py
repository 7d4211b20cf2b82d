"""The experience index in the store: flat rows of what thread logic derived, for reports over a corpus.

A thread's rows are replaced whole, in one transaction that also takes it off ``stale_threads`` (the list that
saving readings adds to, migration 4). Rows carry their evidence as :class:`SourceRef` values (written
``post_id:annotation_id`` in the store's ``refs`` column and in a report's JSON), so a count in a report links back
to the sentences behind it. The rows are built above the store (``report/facts``); this module only keeps and finds
them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from anecdata.store.carried import CarriedReadings
from anecdata.store.sql import SqlStore, in_chunks, marks

REF_SEPARATOR = ":"
"""Between the post id and the annotation id of a reference's text (annotation ids are hex, so the last one
splits)."""


@dataclass(frozen=True, slots=True)
class SourceRef:
    """The annotation behind a count, with the post that holds it: built once, where the index rows are made, and
    carried as it is. Its text, ``post_id:annotation_id`` (``str(ref)``), is for the edges only (the store's
    ``refs`` column, a report's JSON, evidence URLs), and :meth:`parse` is the one place that reads it back."""

    post_id: str
    annotation_id: str

    def __str__(self) -> str:
        return f"{self.post_id}{REF_SEPARATOR}{self.annotation_id}"

    @classmethod
    def parse(cls, text: str) -> SourceRef:
        """The reference ``str(ref)`` wrote: split at the last separator, since post ids may hold one."""
        post_id, _, annotation_id = text.rpartition(REF_SEPARATOR)
        return cls(post_id, annotation_id)


@dataclass(frozen=True, slots=True)
class FactRow:
    """One thing one person's record says: a condition, cause, duration, or a treatment with its outcome.

    ``person_key`` tells people apart across the corpus (see ``report/facts.py``); ``refs`` are the annotations
    behind the fact; ``days`` is a duration's length.
    """

    thread_id: str
    person_key: str
    person: str
    experiencer: str
    kind: str
    concept: str | None
    name: str
    outcome: str | None = None
    ongoing: bool = False
    days: float | None = None
    refs: tuple[SourceRef, ...] = ()

    @property
    def item(self) -> str:
        """What reports group the fact by: its concept, else its name in lower case."""
        return self.concept or self.name.lower()


@dataclass(frozen=True, slots=True)
class StatementRow:
    """A claim or question of a thread, who made it, the concepts it names and, for a question, its answer."""

    thread_id: str
    post_id: str
    annotation_id: str
    label: str
    person_key: str
    concepts: tuple[str, ...] = ()
    answered_by: str | None = None


@dataclass(frozen=True, slots=True)
class ConceptRow:
    """A concept some mention of a thread was normalised to, with the mention's label and the concept's name."""

    thread_id: str
    concept: str
    label: str
    name: str


@dataclass(frozen=True, slots=True)
class ThreadIndex:
    """Everything the index keeps for one thread."""

    thread_id: str
    facts: tuple[FactRow, ...] = ()
    statements: tuple[StatementRow, ...] = ()
    concepts: tuple[ConceptRow, ...] = ()


_FACT_COLUMNS = "thread_id, person_key, person, experiencer, kind, item, concept, name, outcome, ongoing, days, refs"
_STATEMENT_COLUMNS = "thread_id, post_id, annotation_id, label, person_key, concept, answered_by"
_INDEX_TABLES = ("experience_facts", "thread_statements", "thread_concepts")


@dataclass(frozen=True, slots=True)
class ItemCount:
    """One count of a report: an item (a concept id, a lower-cased name, '' for none), the distinct people behind
    it (statements too, for claims), and the references of the first ``sample`` of them; ``concept`` is the item
    when the item is a concept id, else None (carried from the facts, never guessed from the item's text)."""

    item: str
    name: str
    people: int
    outcome: str | None = None
    statements: int = 0
    ongoing: int = 0
    refs: tuple[SourceRef, ...] = ()
    concept: str | None = None


class ExperienceIndex:
    """The experience index of one store."""

    def __init__(self, store: SqlStore) -> None:
        self.store = store

    def stale(self, limit: int = 1000) -> list[str]:
        """Up to ``limit`` threads whose readings changed since they were last indexed."""
        rows = self.store.query("SELECT thread_id FROM stale_threads ORDER BY thread_id LIMIT ?", (limit,))
        return [r[0] for r in rows]

    def count_stale(self) -> int:
        return self.store.count("stale_threads")

    def replace(self, indexes: Sequence[ThreadIndex], bases: Mapping[str, str] | None = None) -> int:
        """Write each thread's rows over what was stored for it, and take it off the stale list; one transaction.
        Returns how many threads were taken off the list.

        With ``bases`` (each thread's basis taken before it was read: ``CarriedReadings.thread_bases``), a thread
        whose posts or readings changed since (another reader saved readings of it meanwhile) stays on the stale
        list, so it is indexed again. The index's version is counted up first: the row lock that takes makes
        replacements and saved readings (:meth:`SqlStore.save_readings` takes it too) of several readers of one
        PostgreSQL store wait for each other, so the bases compared here hold until the commit, and one replacement
        never inserts beside rows another committed after it deleted.
        """
        ids = [i.thread_id for i in indexes]
        with self.store.transaction() as cursor:
            self.store.execute(cursor, "UPDATE experience_index_version SET version = version + 1")
            current = {} if bases is None else CarriedReadings(self.store).bases_in(cursor, ids)
            indexed = [t for t in ids if bases is None or current[t] == bases[t]]
            for chunk in in_chunks(ids):
                for table in _INDEX_TABLES:
                    self.store.execute(cursor, f"DELETE FROM {table} WHERE thread_id IN ({marks(len(chunk))})", chunk)
            for chunk in in_chunks(indexed):
                self.store.execute(cursor, f"DELETE FROM stale_threads WHERE thread_id IN ({marks(len(chunk))})", chunk)
            self._insert_rows(cursor, indexes)
        return len(indexed)

    def _insert_rows(self, cursor: Any, indexes: Sequence[ThreadIndex]) -> None:
        self._insert(cursor, "experience_facts", _FACT_COLUMNS, [_fact_values(f) for i in indexes for f in i.facts])
        self._insert(
            cursor,
            "thread_statements",
            _STATEMENT_COLUMNS,
            [row for i in indexes for s in i.statements for row in _statement_values(s)],
        )
        self._insert(
            cursor,
            "thread_concepts",
            "thread_id, concept, label, name",
            [(c.thread_id, c.concept, c.label, c.name) for i in indexes for c in i.concepts],
        )

    def version(self) -> int:
        """How many times the index changed: stored reports of another version are out of date."""
        return int(self.store.query("SELECT version FROM experience_index_version")[0][0])

    def stored_report(self, condition: str, version: int, built_with: str) -> str | None:
        """The report (JSON) stored for a condition concept at this index version by this build of anecdata
        (``built_with`` names it: the code's and the vocabulary's versions), if any."""
        rows = self.store.query(
            "SELECT report FROM condition_reports WHERE condition = ? AND index_version = ? AND built_with = ?",
            (condition, version, built_with),
        )
        return rows[0][0] if rows else None

    def store_report(self, condition: str, version: int, built_with: str, report: str) -> None:
        """Keep a condition's report (JSON) built at index ``version``, replacing the one stored before unless that
        one was built at a later version (by another reader of the store, which indexed after this one read)."""
        with self.store.transaction() as cursor:
            self.store.execute(
                cursor,
                "INSERT INTO condition_reports (condition, index_version, built_with, report) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (condition) DO UPDATE SET index_version = excluded.index_version, "
                "built_with = excluded.built_with, report = excluded.report "
                "WHERE condition_reports.index_version <= excluded.index_version",
                (condition, version, built_with, report),
            )

    def _insert(self, cursor: Any, table: str, columns: str, rows: list[tuple[Any, ...]]) -> None:
        if rows:
            statement = f"INSERT INTO {table} ({columns}) VALUES ({marks(columns.count(',') + 1)})"
            cursor.executemany(self.store.dialect.sql(statement), rows)

    def threads_about(self, concepts: Iterable[str]) -> list[str]:
        """Threads where any of ``concepts`` is mentioned, in id order."""
        found: set[str] = set()
        for chunk in in_chunks(sorted(set(concepts))):
            found.update(
                r[0]
                for r in self.store.query(
                    f"SELECT thread_id FROM thread_concepts WHERE concept IN ({marks(len(chunk))})", chunk
                )
            )
        return sorted(found)

    def facts(self, thread_ids: Sequence[str]) -> list[FactRow]:
        """Every fact of the given threads."""
        rows = []
        for chunk in in_chunks(thread_ids):
            rows += self.store.query(
                f"SELECT {_FACT_COLUMNS} FROM experience_facts WHERE thread_id IN ({marks(len(chunk))})", chunk
            )
        return [
            FactRow(*r[:5], *r[6:9], ongoing=bool(r[9]), days=r[10], refs=refs_from_text(r[11]))  # type: ignore[misc]
            for r in rows
        ]

    def concept_names(self, concepts: Iterable[str]) -> dict[str, str]:
        """The name stored with each of ``concepts`` that some thread mentions."""
        names: dict[str, str] = {}
        for chunk in in_chunks(sorted(set(concepts))):
            names.update(
                self.store.query(
                    f"SELECT concept, MIN(name) FROM thread_concepts WHERE concept IN ({marks(len(chunk))}) "
                    "GROUP BY concept",
                    chunk,
                )
            )
        return names

    def conditions(self, limit: int | None = 50) -> list[tuple[str, str, int]]:
        """The conditions people's records name, most named first: concept, name, number of people (all of them
        when ``limit`` is None)."""
        return [
            (r[0], r[1], int(r[2]))
            for r in self.store.query(
                "SELECT concept, MIN(name), COUNT(DISTINCT person_key) AS people FROM experience_facts "
                "WHERE kind = 'condition' AND concept IS NOT NULL GROUP BY concept ORDER BY people DESC, concept"
                + ("" if limit is None else " LIMIT ?"),
                () if limit is None else (limit,),
            )
        ]


def refs_text(refs: Iterable[SourceRef]) -> str:
    """References as the store's ``refs`` column holds them: their texts, space-separated."""
    return " ".join(str(r) for r in refs)


def refs_from_text(text: str) -> tuple[SourceRef, ...]:
    """The references :func:`refs_text` wrote."""
    return tuple(SourceRef.parse(r) for r in text.split())


def _fact_values(f: FactRow) -> tuple[Any, ...]:
    return (f.thread_id, f.person_key, f.person, f.experiencer, f.kind, f.item, f.concept, f.name, f.outcome,
            int(f.ongoing), f.days, refs_text(f.refs))  # fmt: skip


def _statement_values(s: StatementRow) -> Iterable[tuple[Any, ...]]:
    for concept in s.concepts or ("",):
        yield s.thread_id, s.post_id, s.annotation_id, s.label, s.person_key, concept, s.answered_by
