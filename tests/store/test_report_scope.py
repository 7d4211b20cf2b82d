"""The report's SQL combines one person's outcomes for a treatment as ``thread.combine_outcomes`` does: the rule has
one owner in Python, and the SQL that repeats it for speed gives the same answer for every case (issue 19)."""

from __future__ import annotations

from collections import Counter
from itertools import combinations_with_replacement

from anecdata.report.condition import OUTCOMES, condition_report
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


def test_report_scope_carries_whether_an_item_is_a_concept(store):
    """A treatment the vocabulary lacks keeps its words, which may hold a colon: it is still no concept (the report
    once guessed concepts from a colon in the item)."""
    thread, key = "t1", "t1/writer"
    facts = (
        FactRow(thread, key, "writer", "self", "condition", CONDITION, "plantar fasciitis"),
        FactRow(thread, key, "writer", "self", "treatment", None, "Zorvex: 5mg", "improved"),
        FactRow(thread, key, "writer", "self", "treatment", "anecdata:rest", "rest", "improved"),
        FactRow(thread, key, "writer", "self", "cause", None, "shoes:flat", None),
    )
    ExperienceIndex(store).replace(
        [ThreadIndex(thread, facts, concepts=(ConceptRow(thread, CONDITION, "condition", "pf"),))]
    )
    with ReportScope.open(store, [CONDITION]) as scope:
        treatments = {c.item: c.concept for c in scope.treatments(sample=1)}
        causes = {c.item: c.concept for c in scope.causes(sample=1)}
    assert treatments == {"zorvex: 5mg": None, "anecdata:rest": "anecdata:rest"}
    assert causes == {"shoes:flat": None}
    report = condition_report(store, CONDITION)
    assert {t.name: t.concept for t in report.treatments} == {"Zorvex: 5mg": None, "rest": "anecdata:rest"}
    assert [(c.name, c.concept) for c in report.causes] == [("shoes:flat", None)]
