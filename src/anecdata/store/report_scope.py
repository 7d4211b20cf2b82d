"""The rows one condition report counts, gathered once into temporary tables and aggregated by the database.

A report reads the experience index of every thread that mentions the condition (or a narrower one). Those
facts are copied once into a temporary table, people whose records name only other conditions are dropped from
it (see :meth:`ReportScope.open`), and every count is an aggregate over that table, indexed: at a hundred thousand
posts this is what keeps a report under a second. Each count carries the references of its first ``sample``
people (or statements). Temporary tables belong to the connection; they are dropped when the scope closes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from anecdata.store.experiences import ItemCount, SourceRef, refs_from_text
from anecdata.store.sql import SqlStore, marks

_TABLES = (
    "report_claims",
    "report_tried",
    "report_statements",
    "report_facts",
    "report_threads",
    "report_groups",
    "report_group_tried",
)
_VERDICTS = ("improved", "no_change", "worse")
_VOTES = {label: f"SUM(CASE WHEN outcome = '{label}' THEN 1 ELSE 0 END)" for label in _VERDICTS}
_COMBINED_OUTCOME = (
    "CASE WHEN COUNT(CASE WHEN outcome <> 'unknown' THEN 1 END) = 0 THEN 'unknown' "
    "WHEN MAX(CASE WHEN outcome = 'mixed' THEN 1 ELSE 0 END) = 1 THEN 'mixed' "
    + "".join(
        f"WHEN {_VOTES[label]} > {_VOTES[a]} AND {_VOTES[label]} > {_VOTES[b]} THEN '{label}' "
        for label, a, b in (("improved", "no_change", "worse"), ("no_change", "improved", "worse"),
                            ("worse", "improved", "no_change"))
    )
    + f"WHEN {_VOTES['improved']} > 0 THEN 'mixed' ELSE 'worse' END"
)  # fmt: skip
"""One person's outcome for a treatment reported several times, as ``thread.combine_outcomes`` has it: unknown
gives way, a mixed verdict stands, else the verdict most reports give; on a tie, improved with another verdict is
mixed, else worse."""


class ReportScope:
    """The temporary tables of one report; open it with :meth:`open`."""

    def __init__(self, store: SqlStore, concepts: Sequence[str]) -> None:
        self.store = store
        self.concepts = tuple(concepts)

    @classmethod
    @contextmanager
    def open(cls, store: SqlStore, concepts: Sequence[str]) -> Iterator[ReportScope]:
        """Gather the report's rows: threads mentioning ``concepts``; the facts there of people who name one of
        ``concepts`` as their condition or name no condition; each such person's outcome per treatment; and the
        threads' claims and questions."""
        scope = cls(store, concepts)
        c = marks(len(concepts))
        statements = (
            "CREATE TEMP TABLE report_threads AS "
            f"SELECT DISTINCT thread_id FROM thread_concepts WHERE concept IN ({c})",
            "CREATE TEMP TABLE report_facts AS SELECT person_key, kind, item, concept, name, outcome, ongoing, days, "
            "refs FROM experience_facts WHERE thread_id IN (SELECT thread_id FROM report_threads)",
            "DELETE FROM report_facts WHERE person_key IN (SELECT person_key FROM report_facts "
            f"WHERE kind = 'condition' GROUP BY person_key HAVING MAX(CASE WHEN item IN ({c}) THEN 1 ELSE 0 END) = 0)",
            "CREATE INDEX report_facts_item ON report_facts (kind, item, person_key)",
            "CREATE TEMP TABLE report_tried AS SELECT item, person_key, MIN(concept) AS concept, MIN(name) AS name, "
            f"MAX(ongoing) AS ongoing, {_COMBINED_OUTCOME} AS outcome FROM report_facts WHERE kind = 'treatment' "
            "GROUP BY item, person_key",
            "CREATE TEMP TABLE report_statements AS SELECT thread_id, post_id, annotation_id, label, person_key, "
            "concept, answered_by FROM thread_statements WHERE thread_id IN (SELECT thread_id FROM report_threads)",
        )
        params: tuple[tuple[str, ...], ...] = (scope.concepts, (), scope.concepts, (), (), ())
        try:
            with store.transaction(writes=False) as cursor:
                for statement, values in zip(statements, params, strict=True):
                    store.execute(cursor, statement, values)
            yield scope
        finally:
            with store.transaction(writes=False) as cursor:
                for table in _TABLES:
                    store.execute(cursor, f"DROP TABLE IF EXISTS {table}")

    def threads(self) -> int:
        return self._one("SELECT COUNT(*) FROM report_threads")

    def people(self, sample: int) -> ItemCount:
        """The people counted, with the refs of the first ``sample`` people's condition facts."""
        refs = self._query(
            "SELECT refs FROM report_facts WHERE kind = 'condition' AND person_key IN "
            "(SELECT DISTINCT person_key FROM report_facts ORDER BY person_key LIMIT ?) ORDER BY person_key, refs",
            (sample,),
        )
        return ItemCount("", "", self._one("SELECT COUNT(DISTINCT person_key) FROM report_facts"), refs=_joined(refs))

    def treatments(self, sample: int) -> list[ItemCount]:
        """People per treatment and outcome, with ongoing ones and the refs of the first ``sample`` people."""
        return self._tried_counts("report_tried", "f.item = r.item", sample)

    def rolled_up(self, groups: Mapping[str, Iterable[str]], sample: int) -> list[ItemCount]:
        """People per group of treatments and outcome (a drug class and its members): a person who tried several
        of a group counts once, their outcomes combined as for one treatment; the item is the group's key."""
        pairs = [(group, item) for group, items in groups.items() for item in items]
        if not pairs:
            return []
        with self.store.transaction(writes=False) as cursor:
            self.store.execute(cursor, "CREATE TEMP TABLE report_groups (grp TEXT, item TEXT)")
            insert = self.store.dialect.sql(f"INSERT INTO report_groups (grp, item) VALUES ({marks(2)})")
            cursor.executemany(insert, pairs)
            self.store.execute(
                cursor,
                "CREATE TEMP TABLE report_group_tried AS SELECT g.grp AS item, t.person_key, g.grp AS concept, "
                f"MIN(t.name) AS name, MAX(t.ongoing) AS ongoing, {_COMBINED_OUTCOME} AS outcome FROM report_tried t "
                "JOIN report_groups g ON g.item = t.item GROUP BY g.grp, t.person_key",
            )
        return self._tried_counts(
            "report_group_tried", "f.item IN (SELECT item FROM report_groups WHERE grp = r.item)", sample
        )

    def _tried_counts(self, tried: str, fact_of_item: str, sample: int) -> list[ItemCount]:
        refs: dict[tuple[str, str], list[str]] = {}
        for item, outcome, joined in self.store.query(
            f"SELECT r.item, r.outcome, f.refs FROM (SELECT item, outcome, person_key, "
            f"ROW_NUMBER() OVER (PARTITION BY item, outcome ORDER BY person_key) AS n FROM {tried}) r "
            f"JOIN report_facts f ON f.kind = 'treatment' AND {fact_of_item} AND f.person_key = r.person_key "
            "WHERE r.n <= ? ORDER BY r.item, r.outcome, r.person_key, f.refs",
            (sample,),
        ):
            refs.setdefault((item, outcome), []).append(joined)
        return [
            ItemCount(item, name, int(n), outcome, 0, int(ongoing), _joined(refs.get((item, outcome), ())), concept)
            for item, name, concept, outcome, n, ongoing in self.store.query(
                f"SELECT item, MIN(name), MIN(concept), outcome, COUNT(*), SUM(ongoing) FROM {tried} "
                "GROUP BY item, outcome ORDER BY item, outcome"
            )
        ]

    def treatment_days(self) -> list[tuple[str, float]]:
        """(treatment, that person's longest stated duration in days) per person who tried it and stated one."""
        return self.store.query(
            "SELECT t.item, d.days FROM report_tried t JOIN (SELECT person_key, MAX(days) AS days FROM report_facts "
            "WHERE kind = 'duration' AND days IS NOT NULL GROUP BY person_key) d ON d.person_key = t.person_key"
        )

    def person_days(self) -> list[float]:
        """Each counted person's longest stated duration in days (those who stated none are left out)."""
        return self._query(
            "SELECT MAX(days) FROM report_facts WHERE kind = 'duration' AND days IS NOT NULL GROUP BY person_key"
        )

    def causes(self, sample: int) -> list[ItemCount]:
        """People per stated cause, with the refs of the first ``sample`` people."""
        refs: dict[str, list[str]] = {}
        for item, joined in self.store.query(
            "SELECT item, refs FROM (SELECT item, refs, DENSE_RANK() OVER (PARTITION BY item ORDER BY person_key) "
            "AS n, person_key FROM report_facts WHERE kind = 'cause') c WHERE n <= ? ORDER BY item, person_key, refs",
            (sample,),
        ):
            refs.setdefault(item, []).append(joined)
        return [
            ItemCount(item, name, int(n), refs=_joined(refs.get(item, ())), concept=concept)
            for item, name, concept, n in self.store.query(
                "SELECT item, MIN(name), MIN(concept), COUNT(DISTINCT person_key) FROM report_facts "
                "WHERE kind = 'cause' GROUP BY item ORDER BY item"
            )
        ]

    def claims(self, labels: Sequence[str], sample: int) -> list[ItemCount]:
        """Statements with one of ``labels``, per concept they name beyond the report's ('' for none): people,
        statements and the refs of the first ``sample`` statements."""
        c, ls = marks(len(self.concepts)), marks(len(labels))
        with self.store.transaction(writes=False) as cursor:
            self.store.execute(
                cursor,
                "CREATE TEMP TABLE report_claims AS "
                "SELECT thread_id, post_id, annotation_id, person_key, concept AS item FROM report_statements "
                f"WHERE label IN ({ls}) AND concept <> '' AND concept NOT IN ({c}) "
                "UNION ALL SELECT thread_id, post_id, annotation_id, MIN(person_key), '' FROM report_statements "
                f"WHERE label IN ({ls}) GROUP BY thread_id, post_id, annotation_id "
                f"HAVING SUM(CASE WHEN concept <> '' AND concept NOT IN ({c}) THEN 1 ELSE 0 END) = 0",
                (*labels, *self.concepts, *labels, *self.concepts),
            )
        refs: dict[str, list[SourceRef]] = {}
        for item, post_id, annotation_id in self.store.query(
            "SELECT item, post_id, annotation_id FROM (SELECT item, post_id, annotation_id, ROW_NUMBER() OVER "
            "(PARTITION BY item ORDER BY thread_id, annotation_id) AS n FROM report_claims) r WHERE n <= ? "
            "ORDER BY item, n",
            (sample,),
        ):
            refs.setdefault(item, []).append(SourceRef(post_id, annotation_id))
        return [
            ItemCount(item, "", int(people), statements=int(n), refs=tuple(refs.get(item, ())), concept=item or None)
            for item, people, n in self.store.query(
                "SELECT item, COUNT(DISTINCT person_key), COUNT(*) FROM report_claims GROUP BY item ORDER BY item"
            )
        ]

    def questions(self, sample: int) -> tuple[ItemCount, ItemCount]:
        """Questions asked, and those a later post answered: people, statements, the first ``sample`` refs."""
        questions = (
            "(SELECT DISTINCT thread_id, post_id, annotation_id, person_key, answered_by FROM report_statements "
            "WHERE label = 'question') q"
        )
        asked, askers, answered, answered_askers = self.store.query(
            "SELECT COUNT(*), COUNT(DISTINCT person_key), COUNT(CASE WHEN answered_by IS NOT NULL THEN 1 END), "
            f"COUNT(DISTINCT CASE WHEN answered_by IS NOT NULL THEN person_key END) FROM {questions}"
        )[0]

        def refs(where: str) -> tuple[SourceRef, ...]:
            rows = self.store.query(
                f"SELECT post_id, annotation_id FROM {questions} {where} ORDER BY thread_id, annotation_id LIMIT ?",
                (sample,),
            )
            return tuple(SourceRef(p, a) for p, a in rows)

        return (
            ItemCount("", "", int(askers), statements=int(asked), refs=refs("")),
            ItemCount(
                "", "", int(answered_askers), statements=int(answered), refs=refs("WHERE answered_by IS NOT NULL")
            ),
        )

    def _query(self, statement: str, params: Sequence[Any] = ()) -> list[Any]:
        return [r[0] for r in self.store.query(statement, params)]

    def _one(self, statement: str) -> int:
        return int(self.store.query(statement)[0][0] or 0)


def _joined(refs: Iterable[str]) -> tuple[SourceRef, ...]:
    """The store's reference lists (``refs`` columns) as one list, in order, each reference once."""
    return tuple(dict.fromkeys(r for joined in refs for r in refs_from_text(joined)))
