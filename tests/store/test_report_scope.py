"""The report's SQL combines one person's outcomes for a treatment as ``thread.combine_outcomes`` does: the rule has
one owner in Python, and the SQL that repeats it for speed gives the same answer for every case (issue 19)."""

from __future__ import annotations

from collections import Counter
from itertools import combinations_with_replacement

from anecdata.report.condition import OUTCOMES
from anecdata.store.experiences import ConceptRow, ExperienceIndex, FactRow, ThreadIndex
from anecdata.store.report_scope import ReportScope
from anecdata.thread import combine_outcomes

CONDITION = "anecdata:plantar_fasciitis"
CASES = [list(labels) for n in range(1, 5) for labels in combinations_with_replacement(OUTCOMES, n)]
"""Every multiset of one to four outcome labels (125 cases): the order of reports does not matter to the rule."""


def _person(i: int, labels: list[str]) -> ThreadIndex:
    thread, key = f"t{i}", f"t{i}/writer"

    def fact(kind: str, concept: str, name: str, outcome: str | None = None) -> FactRow:
        return FactRow(thread, key, "writer", "self", kind, concept, name, outcome)

    facts = [fact("condition", CONDITION, "plantar fasciitis")]
    facts += [fact("treatment", "anecdata:rest", "rest", label) for label in labels]
    return ThreadIndex(thread, tuple(facts), concepts=(ConceptRow(thread, CONDITION, "condition", "pf"),))


def test_report_scope_combines_outcomes_as_thread_logic_does(store):
    ExperienceIndex(store).replace([_person(i, labels) for i, labels in enumerate(CASES)])
    with ReportScope.open(store, [CONDITION]) as scope:
        combined = dict(store.query("SELECT person_key, outcome FROM report_tried WHERE item = 'anecdata:rest'"))
        counts = {c.outcome: c.people for c in scope.treatments(sample=1)}
    expected = {f"t{i}/writer": combine_outcomes(labels) for i, labels in enumerate(CASES)}
    assert combined == expected
    assert counts == Counter(expected.values())
