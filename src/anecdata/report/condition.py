"""The condition report: what people with a condition tried, what they report happened, and what they claim and ask.

Built from the experience index (``store/experiences.py``), so it reads indexed rows, never whole threads.

- **Who counts.** A person is counted once per report however many threads they wrote in (see
  ``report/facts.py`` for how people are told apart). The people of a report are those whose record names the
  condition or a narrower one (``vocab/hierarchy.py``), and those in a thread that mentions it whose record names
  no condition at all (a reply saying "mine took two years" is about the thread's condition).
- **Outcomes.** A person who reports one treatment in several places has one outcome for it, combined as in a
  thread (agreeing verdicts stand, disagreeing ones are ``mixed``). The improvement share is improved people over
  people with a known outcome (improved, no change, worse, mixed), with its Wilson 95% interval; ``unknown`` is
  counted and shown, never dropped. Fewer than :data:`SMALL` people with a known outcome are flagged.
- **Duration.** A person's longest stated duration; per treatment, the median over the people who tried it and
  stated one.
- **Claims** are grouped by the concepts they name other than the condition (a claim naming two is in both
  groups), **questions** by whether a later post answered them.

Every count carries the ``post_id:annotation_id`` references behind it.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from anecdata.errors import DataError
from anecdata.report.stats import Share, median, wilson
from anecdata.store.experiences import ExperienceIndex, FactRow, StatementRow
from anecdata.store.sql import SqlStore
from anecdata.thread import combine_outcomes
from anecdata.vocab.compiled import CompiledLexicon, load_lexicon
from anecdata.vocab.hierarchy import entry_id, narrower
from anecdata.vocab.lexicon import LexiconEntry
from anecdata.vocab.normalise import phrase_key

OUTCOMES = ("improved", "no_change", "worse", "mixed", "unknown")
KNOWN_OUTCOMES = OUTCOMES[:-1]
SMALL = 5
"""Fewer people than this with a known outcome for a treatment: the share is flagged as resting on few people."""
CONDITION_TYPES = frozenset({"condition", "symptom"})
CLAIM_LABELS = ("claim", "claim_per_exp")
GENERAL = "the condition itself"
"""The group of claims that name no other concept."""
CAVEAT = (
    "These are counts of what people chose to write on forums, not results of a trial. People who post are "
    "self-selected, may remember or report selectively, and rarely say what else they tried at the same time. "
    "A share here says how often people reported an outcome, not how likely a treatment is to work. anecdata does "
    "not diagnose or recommend treatment."
)


@dataclass(frozen=True, slots=True)
class Count:
    """A number of distinct people and the ``post_id:annotation_id`` references behind it."""

    people: int
    refs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TreatmentSummary:
    """One treatment: who tried it, each outcome's people, the improvement share, and stated durations."""

    concept: str | None
    name: str
    tried: Count
    outcomes: Mapping[str, Count]
    improved: Share
    ongoing: int
    median_days: float | None
    days_people: int

    @property
    def small(self) -> bool:
        return self.improved.n < SMALL


@dataclass(frozen=True, slots=True)
class NamedCount:
    """A cause, or a group of claims, with the people behind it."""

    concept: str | None
    name: str
    people: Count
    statements: int = 0


@dataclass(frozen=True, slots=True)
class QuestionSummary:
    """Questions asked in the condition's threads: all of them, and those a later post answered."""

    asked: Count
    answered: Count
    statements: int = 0
    answered_statements: int = 0


@dataclass(frozen=True, slots=True)
class ConditionReport:
    """Everything ``anecdata report`` shows for one condition."""

    condition: str
    name: str
    included: Mapping[str, str]
    threads: int
    people: Count
    treatments: tuple[TreatmentSummary, ...]
    causes: tuple[NamedCount, ...]
    claims: tuple[NamedCount, ...]
    questions: QuestionSummary
    median_days: float | None = None
    days_people: int = 0
    small_below: int = SMALL
    caveat: str = CAVEAT
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object ``anecdata report --json`` prints (shares carry k, n, value, low, high)."""
        data = asdict(self)
        for treatment, summary in zip(data["treatments"], self.treatments, strict=True):
            treatment["improved"]["value"] = round(summary.improved.value, 4)
            treatment["small"] = summary.small
        return data


def resolve_condition(lexicon: CompiledLexicon, text: str) -> LexiconEntry:
    """The lexicon's condition (or symptom) for what a user typed: a concept id, a name, or a synonym.

    Raises:
        DataError: nothing matches; the message suggests near names.
    """
    wanted = text.strip()
    entries = [e for e in lexicon.entries if e.type in CONDITION_TYPES]
    by_id = {entry_id(e).lower(): e for e in entries}
    if wanted.lower() in by_id:
        return by_id[wanted.lower()]
    key = phrase_key(wanted)
    index = lexicon.phrases.get(key) if key else None
    if index is not None and lexicon.entries[index].type in CONDITION_TYPES:
        return lexicon.entries[index]
    names = sorted({e.name.lower() for e in entries if e.system == "anecdata"} | {e.name.lower() for e in entries})
    near = difflib.get_close_matches(wanted.lower(), names, n=3, cutoff=0.75)
    hint = f"; did you mean {', '.join(repr(n) for n in near)}?" if near else ""
    raise DataError(f"no condition or symptom called {wanted!r} in the vocabulary{hint}")


def condition_report(store: SqlStore, condition: str, lexicon: CompiledLexicon | None = None) -> ConditionReport:
    """The report for ``condition`` (a name, synonym or concept id) over everything indexed in ``store``.

    Raises:
        DataError: the condition is not in the vocabulary.
    """
    lexicon = lexicon or load_lexicon()
    entry = resolve_condition(lexicon, condition)
    concepts = narrower(lexicon, entry_id(entry))
    index = ExperienceIndex(store)
    threads = index.threads_about(concepts)
    facts = index.facts(threads)
    people = _people_with(facts, concepts)
    mine = [f for f in facts if f.person_key in people]
    statements = index.statements(threads, (*CLAIM_LABELS, "question"))
    names = index.concept_names({c for s in statements for c in s.concepts})
    days = _longest_days(mine)
    included = {c: n for c, n in index.concept_names(concepts).items()}
    return ConditionReport(
        condition=entry_id(entry),
        name=entry.name,
        included=dict(sorted(included.items())),
        threads=len(threads),
        people=Count(len(people), _refs(f for f in mine if f.kind == "condition")),
        treatments=_treatments(mine, days),
        causes=_causes(mine),
        claims=_claims([s for s in statements if s.label in CLAIM_LABELS], concepts, names),
        questions=_questions([s for s in statements if s.label == "question"]),
        median_days=median(list(days.values())),
        days_people=len(days),
    )


def _people_with(facts: Sequence[FactRow], concepts: frozenset[str]) -> set[str]:
    named = defaultdict(set)
    for f in facts:
        if f.kind == "condition":
            named[f.person_key].add(f.concept)
    return {f.person_key for f in facts if not named[f.person_key] or named[f.person_key] & concepts}


def _refs(facts: Iterable[FactRow]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(r for f in facts for r in f.refs))


def _longest_days(facts: Sequence[FactRow]) -> dict[str, float]:
    days: dict[str, float] = {}
    for f in facts:
        if f.kind == "duration" and f.days is not None:
            days[f.person_key] = max(days.get(f.person_key, 0.0), f.days)
    return days


def _treatments(facts: Sequence[FactRow], days: Mapping[str, float]) -> tuple[TreatmentSummary, ...]:
    by_treatment: dict[str, list[FactRow]] = defaultdict(list)
    for f in facts:
        if f.kind == "treatment":
            by_treatment[f.concept or f.name.lower()].append(f)
    summaries = []
    for rows in by_treatment.values():
        by_person: dict[str, list[FactRow]] = defaultdict(list)
        for f in rows:
            by_person[f.person_key].append(f)
        outcome_of = {p: combine_outcomes([f.outcome or "unknown" for f in fs]) for p, fs in by_person.items()}
        outcomes = {
            label: Count(len(ps), _refs(f for p in ps for f in by_person[p]))
            for label in OUTCOMES
            if (ps := [p for p, o in outcome_of.items() if o == label])
        }
        known = sum(outcomes[label].people for label in KNOWN_OUTCOMES if label in outcomes)
        improved = outcomes["improved"].people if "improved" in outcomes else 0
        stated = [days[p] for p in by_person if p in days]
        summaries.append(
            TreatmentSummary(
                concept=rows[0].concept,
                name=rows[0].name,
                tried=Count(len(by_person), _refs(rows)),
                outcomes=outcomes,
                improved=wilson(improved, known),
                ongoing=sum(any(f.ongoing for f in fs) for fs in by_person.values()),
                median_days=median(stated),
                days_people=len(stated),
            )
        )
    return tuple(sorted(summaries, key=lambda s: (-s.tried.people, -s.improved.n, s.name)))


def _causes(facts: Sequence[FactRow]) -> tuple[NamedCount, ...]:
    by_cause: dict[str, list[FactRow]] = defaultdict(list)
    for f in facts:
        if f.kind == "cause":
            by_cause[f.concept or f.name.lower()].append(f)
    causes = [
        NamedCount(rows[0].concept, rows[0].name, Count(len({f.person_key for f in rows}), _refs(rows)))
        for rows in by_cause.values()
    ]
    return tuple(sorted(causes, key=lambda c: (-c.people.people, c.name)))


def _statement_count(rows: Sequence[StatementRow]) -> Count:
    return Count(len({s.person_key for s in rows}), tuple(f"{s.post_id}:{s.annotation_id}" for s in rows))


def _claims(
    claims: Sequence[StatementRow], condition: frozenset[str], names: Mapping[str, str]
) -> tuple[NamedCount, ...]:
    groups: dict[str | None, list[StatementRow]] = defaultdict(list)
    for s in claims:
        others = [c for c in s.concepts if c not in condition]
        for concept in others or [None]:
            groups[concept].append(s)
    found = [
        NamedCount(concept, names.get(concept, concept) if concept else GENERAL, _statement_count(rows), len(rows))
        for concept, rows in groups.items()
    ]
    return tuple(sorted(found, key=lambda g: (-g.people.people, -g.statements, g.name)))


def _questions(questions: Sequence[StatementRow]) -> QuestionSummary:
    answered = [q for q in questions if q.answered_by]
    return QuestionSummary(_statement_count(questions), _statement_count(answered), len(questions), len(answered))
