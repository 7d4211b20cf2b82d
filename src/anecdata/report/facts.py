"""A read thread flattened into the experience index's rows: the facts reports count, with their evidence.

People are told apart across the corpus by ``person_key``, made from the record's :class:`Person`: a signed writer
is the same person in every thread of one source ("reddit/u_runner"); an unsigned writer, and anyone a writer speaks
of (a client, a relative), is known in one thread only, since two therapists' "my client" are different people.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from anecdata.model import Annotation, Experience, Person, Thread
from anecdata.store.experiences import ConceptRow, FactRow, SourceRef, StatementRow, ThreadIndex
from anecdata.thread import add_thread_logic, person_of

DAYS_PER_UNIT = {"day": 1.0, "week": 7.0, "month": 30.44, "year": 365.25}
"""A stated duration's length in days, by the unit the mention found (a month is a twelfth of a mean year)."""
STATEMENT_LABELS = ("claim", "claim_per_exp", "question")
"""Statements the index keeps: what people assert, and what they ask."""
CONCEPT_LABELS = frozenset({"condition", "symptom", "treatment", "drug", "cause"})
"""Mentions whose concepts a thread is indexed under (for reports and search filters)."""
ASSERTED_LABELS = frozenset({"condition", "treatment", "drug", "cause"})
"""Mentions that say what a claim asserts (a claim naming only "pain" is about the condition itself)."""


def _concept_of(a: Annotation) -> str | None:
    """The concept an annotation was normalised to, as ``system:code``; None when it was not."""
    return a.concept.id if a.concept else None


def thread_index(thread: Thread) -> ThreadIndex:
    """The index rows of one read thread (thread logic is applied here when the thread has none yet)."""
    if not thread.experiences and not thread.questions:
        thread = add_thread_logic(thread)
    annotations = {a.id: a for post in thread.posts for a in post.annotations}
    post_of = {a.id: a.post_id for a in annotations.values()}
    person_keys: dict[Person, str] = {}
    facts: list[FactRow] = []
    for e in thread.experiences:
        key = person_key(thread, e.person)
        person_keys[e.person] = key
        facts += _facts(thread.id, key, e, annotations, post_of)
    return ThreadIndex(
        thread.id,
        tuple(facts),
        tuple(_statements(thread, person_keys)),
        tuple(_concepts(thread.id, annotations.values())),
    )


def person_key(thread: Thread, person: Person) -> str:
    """Who a record is about, corpus-wide (see the module docstring): a signed writer by source and name, anyone
    else by thread and name."""
    signed = person.kind == "writer" and person.named
    return f"{thread.source}/{person.name}" if signed else f"{thread.id}/{person.name}"


def _refs(ids: Iterable[str], post_of: Mapping[str, str]) -> tuple[SourceRef, ...]:
    return tuple(SourceRef(post_of[i], i) for i in ids if i in post_of)


def _first_concept(ids: Iterable[str], annotations: Mapping[str, Annotation], labels: Iterable[str]) -> str | None:
    wanted = set(labels)
    return next((_concept_of(annotations[i]) for i in ids if i in annotations and annotations[i].label in wanted), None)


def _facts(
    thread_id: str, key: str, e: Experience, annotations: Mapping[str, Annotation], post_of: Mapping[str, str]
) -> list[FactRow]:
    def fact(kind: str, name: str, ids: tuple[str, ...], **kw: object) -> FactRow:
        return FactRow(thread_id, key, e.person.name, e.experiencer, kind, name=name, refs=_refs(ids, post_of), **kw)

    facts = [
        fact(kind, r.name, r.annotation_ids, concept=_first_concept(r.annotation_ids, annotations, [kind]))
        for kind, reported in (("condition", e.conditions), ("cause", e.causes))
        for r in reported
    ]
    facts += [
        fact("duration", r.name, r.annotation_ids, concept=None, days=_days(r.annotation_ids, annotations))
        for r in e.durations
    ]
    facts += [
        fact(
            "treatment",
            t.name,
            t.annotation_ids,
            concept=_first_concept(t.annotation_ids, annotations, ["treatment", "drug", "cause"]),
            outcome=t.outcome,
            ongoing=t.ongoing,
        )
        for t in e.treatments
    ]
    return facts


def _days(ids: Iterable[str], annotations: Mapping[str, Annotation]) -> float | None:
    for i in ids:
        a = annotations.get(i)
        if a is not None and a.attrs.get("unit") in DAYS_PER_UNIT and isinstance(a.attrs.get("value"), int | float):
            return float(a.attrs["value"]) * DAYS_PER_UNIT[a.attrs["unit"]]
    return None


def _statements(thread: Thread, person_keys: Mapping[Person, str]) -> Iterable[StatementRow]:
    answers = {q.annotation_id: q.answered_by for q in thread.questions}
    for post in thread.posts:
        writer = person_of(post)
        key = person_keys.get(writer) or person_key(thread, writer)
        mentions = [m for m in post.layer("mention") if m.label in ASSERTED_LABELS and m.concept]
        for s in post.layer("statement"):
            if s.label not in STATEMENT_LABELS:
                continue
            inside = dict.fromkeys(_concept_of(m) for m in mentions if s.start <= m.start < s.end)
            yield StatementRow(thread.id, post.id, s.id, s.label, key, tuple(c for c in inside if c), answers.get(s.id))


def _concepts(thread_id: str, annotations: Iterable[Annotation]) -> Iterable[ConceptRow]:
    seen: dict[str, ConceptRow] = {}
    for a in annotations:
        cid = _concept_of(a)
        if a.layer == "mention" and a.label in CONCEPT_LABELS and cid and a.concept and cid not in seen:
            seen[cid] = ConceptRow(thread_id, cid, a.label, a.concept.name)
    return seen.values()
