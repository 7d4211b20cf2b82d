"""The experience index in the store: flat rows of what thread logic derived, for reports over a corpus.

A thread's rows are replaced whole, in one transaction that also takes it off ``stale_threads`` (the list that
saving readings adds to, migration 4). Rows carry their evidence as references ``post_id:annotation_id``, so a
count in a report links back to the sentences behind it. The rows are built above the store (``report/facts``);
this module only keeps and finds them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from anecdata.store.sql import SqlStore, in_chunks, marks

REF_SEPARATOR = ":"
"""Between the post id and the annotation id of a reference (annotation ids are hex, so the last one splits)."""


@dataclass(frozen=True, slots=True)
class FactRow:
    """One thing one person's record says: a condition, cause, duration, or a treatment with its outcome.

    ``person_key`` tells people apart across the corpus (see ``report/facts.py``); ``refs`` are the
    ``post_id:annotation_id`` references behind the fact; ``days`` is a duration's length.
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
    refs: tuple[str, ...] = ()

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
_TABLES = ("experience_facts", "thread_statements", "thread_concepts", "stale_threads")

_THREADS = "SELECT DISTINCT thread_id FROM thread_concepts WHERE concept IN ({c})"
_PEOPLE = f"""WITH t AS ({_THREADS}),
f AS (SELECT * FROM experience_facts WHERE thread_id IN (SELECT thread_id FROM t)),
named AS (SELECT person_key, MAX(CASE WHEN concept IN ({{c}}) THEN 1 ELSE 0 END) AS has FROM f
          WHERE kind = 'condition' GROUP BY person_key),
e AS (SELECT f.* FROM f LEFT JOIN named n ON n.person_key = f.person_key WHERE n.person_key IS NULL OR n.has = 1)"""
"""The facts ``e`` of the people a condition's report counts: in a thread that mentions one of the concepts, and
naming one of them as their condition or naming no condition. Parameters: the concepts, twice."""
_TREATED = f"""{_PEOPLE},
tp AS (SELECT item, person_key, MIN(name) AS name, MAX(ongoing) AS ongoing,
       COUNT(DISTINCT CASE WHEN outcome <> 'unknown' THEN outcome END) AS kinds,
       MAX(CASE WHEN outcome IN ('improved', 'mixed') THEN 1 ELSE 0 END) AS good,
       MIN(CASE WHEN outcome <> 'unknown' THEN outcome END) AS one_outcome
       FROM e WHERE kind = 'treatment' GROUP BY item, person_key),
tc AS (SELECT item, person_key, name, ongoing,
       CASE WHEN kinds = 0 THEN 'unknown' WHEN kinds = 1 THEN one_outcome WHEN good = 1 THEN 'mixed' ELSE 'worse' END
       AS outcome FROM tp)"""
"""Each person's one outcome per treatment, ``tc``, combined as ``thread.combine_outcomes`` does: agreeing
verdicts stand, ``unknown`` gives way, improved or mixed with another is mixed, no change with worse is worse."""
_DAYS = "SELECT person_key, MAX(days) AS days FROM e WHERE kind = 'duration' AND days IS NOT NULL GROUP BY person_key"
_CLAIMS = f"""WITH t AS ({_THREADS}),
s AS (SELECT * FROM thread_statements WHERE thread_id IN (SELECT thread_id FROM t) AND label IN ({{labels}})),
g AS (SELECT thread_id, post_id, annotation_id, person_key, concept AS item FROM s
      WHERE concept <> '' AND concept NOT IN ({{c}})
      UNION ALL
      SELECT thread_id, post_id, annotation_id, MIN(person_key), '' FROM s GROUP BY thread_id, post_id, annotation_id
      HAVING SUM(CASE WHEN concept <> '' AND concept NOT IN ({{c}}) THEN 1 ELSE 0 END) = 0)"""
"""Claims ``g`` grouped by each concept they name beyond the condition's ('' for none). Parameters: the concepts,
the labels, the concepts twice."""
_QUESTIONS = f"""WITH t AS ({_THREADS}),
q AS (SELECT DISTINCT thread_id, post_id, annotation_id, person_key, answered_by FROM thread_statements
      WHERE thread_id IN (SELECT thread_id FROM t) AND label = 'question')"""


@dataclass(frozen=True, slots=True)
class ItemCount:
    """One count of a report: an item (a concept id, a lower-cased name, '' for none), the distinct people behind
    it (statements too, for claims), and the references of the first ``sample`` of them."""

    item: str
    name: str
    people: int
    outcome: str | None = None
    statements: int = 0
    ongoing: int = 0
    refs: tuple[str, ...] = ()


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

    def replace(self, indexes: Sequence[ThreadIndex]) -> None:
        """Write each thread's rows over what was stored for it, and take it off the stale list; one transaction."""
        ids = [i.thread_id for i in indexes]
        with self.store.transaction() as cursor:
            for chunk in in_chunks(ids):
                for table in _TABLES:
                    self.store.execute(cursor, f"DELETE FROM {table} WHERE thread_id IN ({marks(len(chunk))})", chunk)
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
            FactRow(*r[:5], *r[6:9], ongoing=bool(r[9]), days=r[10], refs=tuple(r[11].split()))  # type: ignore[misc]
            for r in rows
        ]

    def count_threads(self, concepts: Sequence[str]) -> int:
        """Threads that mention any of ``concepts``."""
        return self._one(f"SELECT COUNT(*) FROM ({_THREADS.format(c=marks(len(concepts)))}) t", concepts)

    def people(self, concepts: Sequence[str], sample: int) -> ItemCount:
        """The people a report on ``concepts`` counts (see :data:`_PEOPLE`), with their condition facts' refs."""
        scope, params = _PEOPLE.format(c=marks(len(concepts))), (*concepts, *concepts)
        people = self._one(f"{scope} SELECT COUNT(DISTINCT person_key) FROM e", params)
        refs = self.store.query(
            f"{scope}, sample AS (SELECT DISTINCT person_key FROM e ORDER BY person_key LIMIT ?) "
            "SELECT e.refs FROM e JOIN sample ON sample.person_key = e.person_key WHERE e.kind = 'condition'",
            (*params, sample),
        )
        return ItemCount("", "", people, refs=_joined(r[0] for r in refs))

    def treatments(self, concepts: Sequence[str], sample: int) -> list[ItemCount]:
        """People per treatment and combined outcome, with ongoing ones and the first ``sample`` people's refs."""
        scope, params = _TREATED.format(c=marks(len(concepts))), (*concepts, *concepts)
        refs: dict[tuple[str, str], list[str]] = {}
        for item, outcome, joined in self.store.query(
            f"{scope}, ranked AS (SELECT item, outcome, person_key, "
            "ROW_NUMBER() OVER (PARTITION BY item, outcome ORDER BY person_key) AS r FROM tc) "
            "SELECT ranked.item, ranked.outcome, e.refs FROM ranked JOIN e ON e.person_key = ranked.person_key "
            "AND e.item = ranked.item AND e.kind = 'treatment' WHERE ranked.r <= ?",
            (*params, sample),
        ):
            refs.setdefault((item, outcome), []).append(joined)
        return [
            ItemCount(
                item, name, int(people), outcome, ongoing=int(ongoing), refs=_joined(refs.get((item, outcome), ()))
            )
            for item, name, outcome, people, ongoing in self.store.query(
                f"{scope} SELECT item, MIN(name), outcome, COUNT(*), SUM(ongoing) FROM tc GROUP BY item, outcome "
                "ORDER BY item, outcome",
                params,
            )
        ]

    def treatment_days(self, concepts: Sequence[str]) -> list[tuple[str, float]]:
        """(treatment item, the person's longest stated duration in days) for each person who tried it and said."""
        scope = _TREATED.format(c=marks(len(concepts)))
        return self.store.query(
            f"{scope}, d AS ({_DAYS}) SELECT tc.item, d.days FROM tc JOIN d ON d.person_key = tc.person_key",
            (*concepts, *concepts),
        )

    def person_days(self, concepts: Sequence[str]) -> list[float]:
        """Each counted person's longest stated duration in days (people who stated none are left out)."""
        scope = _PEOPLE.format(c=marks(len(concepts)))
        return [r[0] for r in self.store.query(f"{scope}, d AS ({_DAYS}) SELECT days FROM d", (*concepts, *concepts))]

    def causes(self, concepts: Sequence[str], sample: int) -> list[ItemCount]:
        """People per stated cause, with the first ``sample`` people's refs."""
        scope, params = _PEOPLE.format(c=marks(len(concepts))), (*concepts, *concepts)
        refs: dict[str, list[str]] = {}
        for item, joined in self.store.query(
            f"{scope}, c AS (SELECT item, refs, DENSE_RANK() OVER (PARTITION BY item ORDER BY person_key) AS r "
            "FROM e WHERE kind = 'cause') SELECT item, refs FROM c WHERE r <= ?",
            (*params, sample),
        ):
            refs.setdefault(item, []).append(joined)
        return [
            ItemCount(item, name, int(people), refs=_joined(refs.get(item, ())))
            for item, name, people in self.store.query(
                f"{scope} SELECT item, MIN(name), COUNT(DISTINCT person_key) FROM e WHERE kind = 'cause' "
                "GROUP BY item ORDER BY item",
                params,
            )
        ]

    def claims(self, concepts: Sequence[str], labels: Sequence[str], sample: int) -> list[ItemCount]:
        """Claims (statements with one of ``labels``) per concept they name beyond ``concepts`` ('' for none):
        distinct people, statements, and the first ``sample`` statements' refs."""
        c = marks(len(concepts))
        scope = _CLAIMS.format(c=c, labels=marks(len(labels)))
        params = (*concepts, *labels, *concepts, *concepts)
        refs: dict[str, list[str]] = {}
        for item, post_id, annotation_id in self.store.query(
            f"{scope}, r AS (SELECT item, post_id, annotation_id, "
            "ROW_NUMBER() OVER (PARTITION BY item ORDER BY thread_id, annotation_id) AS n FROM g) "
            "SELECT item, post_id, annotation_id FROM r WHERE n <= ?",
            (*params, sample),
        ):
            refs.setdefault(item, []).append(f"{post_id}{REF_SEPARATOR}{annotation_id}")
        return [
            ItemCount(item, "", int(people), statements=int(n), refs=tuple(refs.get(item, ())))
            for item, people, n in self.store.query(
                f"{scope} SELECT item, COUNT(DISTINCT person_key), COUNT(*) FROM g GROUP BY item ORDER BY item", params
            )
        ]

    def questions(self, concepts: Sequence[str], sample: int) -> tuple[ItemCount, ItemCount]:
        """Questions asked in the threads, and those a later post answered: people, statements, sample refs."""
        scope = _QUESTIONS.format(c=marks(len(concepts)))
        asked, askers, answered, answered_askers = self.store.query(
            f"{scope} SELECT COUNT(*), COUNT(DISTINCT person_key), "
            "COUNT(CASE WHEN answered_by IS NOT NULL THEN 1 END), "
            "COUNT(DISTINCT CASE WHEN answered_by IS NOT NULL THEN person_key END) FROM q",
            concepts,
        )[0]

        def refs(where: str) -> tuple[str, ...]:
            rows = self.store.query(
                f"{scope} SELECT post_id, annotation_id FROM q {where} ORDER BY thread_id, annotation_id LIMIT ?",
                (*concepts, sample),
            )
            return tuple(f"{p}{REF_SEPARATOR}{a}" for p, a in rows)

        return (
            ItemCount("", "", int(askers), statements=int(asked), refs=refs("")),
            ItemCount(
                "", "", int(answered_askers), statements=int(answered), refs=refs("WHERE answered_by IS NOT NULL")
            ),
        )

    def _one(self, statement: str, params: Sequence[Any]) -> int:
        return int(self.store.query(statement, params)[0][0] or 0)

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

    def conditions(self, limit: int = 50) -> list[tuple[str, str, int]]:
        """The conditions people's records name most: concept, name, number of people."""
        return [
            (r[0], r[1], int(r[2]))
            for r in self.store.query(
                "SELECT concept, MIN(name), COUNT(DISTINCT person_key) AS people FROM experience_facts "
                "WHERE kind = 'condition' AND concept IS NOT NULL GROUP BY concept ORDER BY people DESC, concept "
                "LIMIT ?",
                (limit,),
            )
        ]


def split_ref(ref: str) -> tuple[str, str]:
    """``(post_id, annotation_id)`` of a reference."""
    post_id, _, annotation_id = ref.rpartition(REF_SEPARATOR)
    return post_id, annotation_id


def _joined(refs: Iterable[str]) -> tuple[str, ...]:
    """Space-separated reference lists as one list, in order, each reference once."""
    return tuple(dict.fromkeys(r for joined in refs for r in joined.split()))


def _fact_values(f: FactRow) -> tuple[Any, ...]:
    return (f.thread_id, f.person_key, f.person, f.experiencer, f.kind, f.item, f.concept, f.name, f.outcome,
            int(f.ongoing), f.days, " ".join(f.refs))  # fmt: skip


def _statement_values(s: StatementRow) -> Iterable[tuple[Any, ...]]:
    for concept in s.concepts or ("",):
        yield s.thread_id, s.post_id, s.annotation_id, s.label, s.person_key, concept, s.answered_by
