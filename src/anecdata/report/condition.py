"""The condition report: what people with a condition tried, what they report happened, and what they claim and ask.

Built from the experience index (``store/experiences.py``), so it reads indexed rows, never whole threads. A
report built for the index's current version may be stored (:func:`stored_condition_report`, which ``anecdata
read`` runs for every condition people's records name), and is then read back instead of built again.

- **Who counts.** A person is counted once per report however many threads they wrote in (see
  ``report/facts.py`` for how people are told apart). The people of a report are those whose record names the
  condition or a narrower one (``vocab/hierarchy.py``), and those in a thread that mentions it whose record names
  no condition at all (a reply saying "mine took two years" is about the thread's condition).
- **Outcomes.** A person who reports one treatment in several places has one outcome for it, combined as in a
  thread (agreeing verdicts stand, disagreeing ones are ``mixed``). The improvement share is improved people over
  people with a known outcome (improved, no change, worse, mixed), with its Wilson 95% interval; ``unknown`` is
  counted and shown, never dropped. Fewer than :data:`SMALL` people with a known outcome are flagged.
- **Classes.** A drug class people named ("NSAIDs"), or one with two or more member treatments in the report, gets
  a row that rolls up its members (``vocab/hierarchy.py`` says which): each person once, however many members
  they tried. The member rows stay; the class row names them. Its duration column is left empty.
- **Duration.** A person's longest stated duration, which is mostly how long they have had the condition; per
  treatment, the median over the people who tried it and stated one. It is not how long the treatment took.
- **Claims** are grouped by the concepts they name other than the condition (a claim naming two is in both
  groups), **questions** by whether a later post answered them.

Every count carries the references (:class:`SourceRef`) behind its first :data:`SAMPLE` people, and each linkable
count is named by a :class:`CountPath`; both are written as text only in the report's JSON and in URLs.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any

from anecdata import __version__
from anecdata.errors import DataError
from anecdata.report.stats import Share, median, wilson
from anecdata.store.experiences import ExperienceIndex, ItemCount, SourceRef
from anecdata.store.report_scope import ReportScope
from anecdata.store.sql import SqlStore
from anecdata.vocab.classes import classes_of, entry_by_id
from anecdata.vocab.compiled import CompiledLexicon, load_lexicon
from anecdata.vocab.hierarchy import CONDITION_TYPES, entries_by_concept, entry_id, narrower, resolve_entry
from anecdata.vocab.lexicon import LexiconEntry

if TYPE_CHECKING:
    from anecdata.read.mentions.matcher import LexiconMatch, LexiconMatcher

OUTCOMES = ("improved", "no_change", "worse", "mixed", "unknown")
KNOWN_OUTCOMES = OUTCOMES[:-1]
REPORT_FORMAT = 2
"""Count up when what a report counts, or its JSON, changes: stored reports of another format are built again."""
SAMPLE = 200
"""People (or statements) per count whose references a report carries: enough to read, bounded at any scale."""
EVIDENCE_TOPICS = 5
"""Claim groups whose published evidence a report lists (when the store holds abstracts)."""
SMALL = 5
"""Fewer people than this with a known outcome for a treatment: the share is flagged as resting on few people."""
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
    """A number of distinct people and the references behind it (those of the first :data:`SAMPLE` people)."""

    people: int
    refs: tuple[SourceRef, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The count as a report's JSON has it: each reference as its text, ``post_id:annotation_id``."""
        return {"people": self.people, "refs": [str(r) for r in self.refs]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Count:
        """The count :meth:`to_dict` wrote."""
        return cls(data["people"], tuple(SourceRef.parse(r) for r in data["refs"]))


@dataclass(frozen=True, slots=True)
class CountPath:
    """Names one linkable count of a report by what it counts, so a link made from one build of a report still names
    the same count in the next: ``kind`` is one of :data:`COUNT_KINDS`; ``item`` the treatment's, cause's or claim
    group's name, or for questions ``asked`` or ``answered`` ('' for people); ``outcome``, for a treatment only,
    ``tried`` or an outcome label.

    Built where a report's counts are listed (``report/html.py``) and carried; its text (``str(path)``:
    "people", "treatment/night splint/improved", "cause/fall on ice", "questions/asked") is for URLs and page
    anchors only, and :meth:`parse` is the one place that reads it back.
    """

    kind: str
    item: str = ""
    outcome: str = ""

    def __str__(self) -> str:
        if self.kind == "people":
            return self.kind
        if self.kind == "treatment":
            return f"{self.kind}/{self.item}/{self.outcome}"
        return f"{self.kind}/{self.item}"

    @classmethod
    def parse(cls, text: str) -> CountPath | None:
        """The path ``str(path)`` wrote; None for text no path writes. A name may hold "/": a treatment's outcome is
        after its last one."""
        kind, sep, rest = text.partition("/")
        if kind == "people":
            return None if sep else cls(kind)
        if kind == "treatment":
            item, after_item, outcome = rest.rpartition("/")
            return cls(kind, item, outcome) if after_item else None
        return cls(kind, rest) if sep and kind in COUNT_KINDS else None


COUNT_KINDS = ("people", "treatment", "cause", "claims", "questions")
"""What a :class:`CountPath` may count: the report's people, a treatment (tried, or one outcome), a stated cause,
a group of claims, the questions asked or answered."""


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
    members: tuple[str, ...] = ()
    """For a class ("NSAIDs"): the names of the member treatments people tried, rolled up into this row, where
    each person counts once and their outcomes combine as for one treatment. Members keep their own rows."""

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
    index_version: int = 0
    """The experience index's version the counts were taken at (see ``store/experiences.py``)."""
    asked: str = ""
    """How what the user typed was read, when it is not the condition's name (see :class:`ResolvedCondition`)."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ConditionReport:
        """The report :meth:`to_dict` wrote (a stored report is read back with it)."""

        def named(g: Mapping[str, Any]) -> NamedCount:
            return NamedCount(g["concept"], g["name"], Count.from_dict(g["people"]), g["statements"])

        q = data["questions"]
        return cls(
            condition=data["condition"],
            name=data["name"],
            included=dict(data["included"]),
            threads=data["threads"],
            people=Count.from_dict(data["people"]),
            treatments=tuple(
                TreatmentSummary(
                    t["concept"],
                    t["name"],
                    Count.from_dict(t["tried"]),
                    {label: Count.from_dict(c) for label, c in t["outcomes"].items()},
                    Share(t["improved"]["k"], t["improved"]["n"], t["improved"]["low"], t["improved"]["high"]),
                    t["ongoing"],
                    t["median_days"],
                    t["days_people"],
                    tuple(t["members"]),
                )
                for t in data["treatments"]
            ),
            causes=tuple(named(c) for c in data["causes"]),
            claims=tuple(named(g) for g in data["claims"]),
            questions=QuestionSummary(
                Count.from_dict(q["asked"]), Count.from_dict(q["answered"]), q["statements"], q["answered_statements"]
            ),
            median_days=data["median_days"],
            days_people=data["days_people"],
            small_below=data["small_below"],
            caveat=data["caveat"],
            notes=tuple(data["notes"]),
            index_version=data["index_version"],
            asked=data.get("asked", ""),
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON object ``anecdata report --json`` prints (shares carry k, n, value, low, high; references are
        their texts, see :meth:`Count.to_dict`)."""
        data = asdict(self)
        data["people"] = self.people.to_dict()
        for treatment, summary in zip(data["treatments"], self.treatments, strict=True):
            treatment["improved"]["value"] = round(summary.improved.value, 4)
            treatment["small"] = summary.small
            treatment["tried"] = summary.tried.to_dict()
            treatment["outcomes"] = {label: c.to_dict() for label, c in summary.outcomes.items()}
        for key in ("causes", "claims"):
            for named, count in zip(data[key], getattr(self, key), strict=True):
                named["people"] = count.people.to_dict()
        data["questions"]["asked"] = self.questions.asked.to_dict()
        data["questions"]["answered"] = self.questions.answered.to_dict()
        return data


def evidence_topics(report: ConditionReport, most: int = EVIDENCE_TOPICS) -> list[str]:
    """What a report looks up in the loaded abstracts: the concepts its claims name, most people first."""
    return [g.name for g in report.claims if g.concept][:most]


@dataclass(frozen=True, slots=True)
class ResolvedCondition:
    """The condition a report is on, and how what the user typed was read when it is not that condition's name
    ("'migraine' is reported as headache ..."): a report never silently answers another question."""

    entry: LexiconEntry
    asked: str = ""


def resolve_condition(lexicon: CompiledLexicon, text: str) -> ResolvedCondition:
    """The lexicon's condition (or symptom) for what a user typed: a concept id, a name, a synonym, or a misspelling
    of one the mention matcher corrects ("pririformis"), as it corrects forum text.

    Raises:
        DataError: nothing matches; the message suggests near names.
    """
    typed = " ".join(text.split())
    try:
        entry = resolve_entry(lexicon, typed, CONDITION_TYPES, "condition or symptom")
    except DataError:
        match = _read_as(lexicon, typed)
        if match is None:
            raise
        how = "an abbreviation" if match.kind == "abbreviation" else "spelling corrected"
        return ResolvedCondition(match.entry, f"{typed!r} read as {match.entry.name!r} ({how})")
    if typed.lower() in (entry.name.lower(), entry_id(entry).lower(), entry.id.lower()):
        return ResolvedCondition(entry)
    return ResolvedCondition(entry, f"{typed!r} is reported as {entry.name!r}, the vocabulary's concept it names")


def _read_as(lexicon: CompiledLexicon, typed: str) -> LexiconMatch | None:
    """The mention matcher's one reading of the whole of ``typed`` as a condition or symptom (a corrected spelling,
    an abbreviation), else None. The matcher is built only here: a name the vocabulary holds never needs it."""
    matches = _matcher(lexicon).find(typed)
    if len(matches) == 1 and (matches[0].start, matches[0].end) == (0, len(typed)):
        return matches[0] if matches[0].entry.type in CONDITION_TYPES else None
    return None


def _matcher(lexicon: CompiledLexicon) -> LexiconMatcher:
    """The mention matcher over ``lexicon``, built once per lexicon (by its key: a lexicon holds dicts, so it
    cannot be hashed); building it takes about a second."""
    from anecdata.read.mentions.matcher import LexiconMatcher

    found = _matchers.get(lexicon.key)
    if found is None:
        found = _matchers[lexicon.key] = LexiconMatcher(lexicon)
    return found


_matchers: dict[str, LexiconMatcher] = {}


def condition_report(store: SqlStore, condition: str, lexicon: CompiledLexicon | None = None) -> ConditionReport:
    """The report for ``condition`` (a name, synonym or concept id) over everything indexed in ``store``.

    Counts are aggregated by the database; each count carries the references of its first :data:`SAMPLE`
    people (or statements), which is what a reader can follow.

    Raises:
        DataError: the condition is not in the vocabulary.
    """
    lexicon = lexicon or load_lexicon()
    resolved = resolve_condition(lexicon, condition)
    entry = resolved.entry
    index = ExperienceIndex(store)
    version = index.version()
    stored = index.stored_report(entry_id(entry), version, built_with(lexicon))
    if stored is not None:
        return replace(ConditionReport.from_dict(json.loads(stored)), asked=resolved.asked)
    concepts = sorted(narrower(lexicon, entry_id(entry)))
    with ReportScope.open(store, concepts) as scope:
        people = scope.people(SAMPLE)
        claims = scope.claims(CLAIM_LABELS, SAMPLE)
        asked, answered = scope.questions(SAMPLE)
        days = scope.person_days()
        counts = scope.treatments(SAMPLE)
        groups = rolled_up_classes(lexicon, {c.item for c in counts})
        class_counts = scope.rolled_up(groups, SAMPLE)
        treatments = _treatments(counts, scope.treatment_days(), class_counts, groups, lexicon)
        causes = scope.causes(SAMPLE)
        threads = scope.threads()
    names = index.concept_names([c.item for c in claims if c.item] + concepts)
    return ConditionReport(
        condition=entry_id(entry),
        name=entry.name,
        included={c: names[c] for c in concepts if c in names},
        threads=threads,
        people=Count(people.people, people.refs),
        treatments=treatments,
        causes=_named(causes, names),
        claims=_named(claims, names),
        questions=QuestionSummary(
            Count(asked.people, asked.refs),
            Count(answered.people, answered.refs),
            asked.statements,
            answered.statements,
        ),
        median_days=median(days),
        days_people=len(days),
        index_version=version,
        asked=resolved.asked,
    )


@dataclass(frozen=True, slots=True)
class ConditionCounts:
    """A condition with the people and threads its report counts (the report says who counts), and the
    experience index's version it counted at."""

    condition: str
    """The report's concept id (``system:code``)."""
    name: str
    people: int
    threads: int
    index_version: int = 0

    @classmethod
    def of(cls, report: ConditionReport) -> ConditionCounts:
        return cls(report.condition, report.name, report.people.people, report.threads, report.index_version)


def listed_conditions(
    store: SqlStore, counts_of: Callable[[str], ConditionCounts], limit: int | None
) -> list[ConditionCounts]:
    """The ``limit`` conditions people's records name most (all when None), each with the counts of its report
    (``counts_of``, which may read them from a cache), most people first: one list for the conditions page, the
    JSON API and the Python API. A concept the vocabulary no longer has (``counts_of`` raises DataError: no
    report to open) is left out."""
    found = []
    for concept, _, _ in ExperienceIndex(store).conditions(limit):
        try:
            found.append(counts_of(concept))
        except DataError:
            continue
    return sorted(found, key=lambda c: (-c.people, -c.threads, c.name.lower()))


def stored_condition_report(store: SqlStore, condition: str, lexicon: CompiledLexicon | None = None) -> ConditionReport:
    """The condition's report, stored in the store for the next reader when it was not stored for this version of
    the experience index (``anecdata read`` stores the report of every condition people's records name)."""
    lexicon = lexicon or load_lexicon()
    report = condition_report(store, condition, lexicon)
    index, by = ExperienceIndex(store), built_with(lexicon)
    if index.stored_report(report.condition, report.index_version, by) is None:
        stored = replace(report, asked="")  # how one user's words were read is not part of the stored report
        index.store_report(report.condition, report.index_version, by, json.dumps(stored.to_dict()))
    return report


def built_with(lexicon: CompiledLexicon) -> str:
    """What a stored report was built by: a report stored by another version of anecdata, of this module's
    counting or of the vocabulary (which decides what is narrower) is built again."""
    return f"anecdata {__version__}; report format {REPORT_FORMAT}; lexicon {lexicon.key}"


def rolled_up_classes(lexicon: CompiledLexicon, items: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """The classes a report rolls up, each with the items it takes in (itself first when people named it): a
    class people named beside at least one of its members, or one with at least two members among ``items``.
    Items and classes are concept ids as reports have them (``system:code``)."""
    items = set(items)
    by_concept = entries_by_concept(lexicon)
    present: dict[str, set[str]] = defaultdict(set)
    for item in items & by_concept.keys():
        for drug_class in classes_of(by_concept[item].id):
            if (entry := entry_by_id(lexicon, drug_class)) is not None:
                present[entry_id(entry)].add(item)
    return {
        drug_class: (drug_class,) * (drug_class in items) + tuple(sorted(members - {drug_class}))
        for drug_class, members in sorted(present.items())
        if len(members - {drug_class}) >= (1 if drug_class in items else 2)
    }


def _treatments(
    counts: Sequence[ItemCount],
    days: Sequence[tuple[str, float]],
    class_counts: Sequence[ItemCount] = (),
    groups: Mapping[str, Sequence[str]] | None = None,
    lexicon: CompiledLexicon | None = None,
) -> tuple[TreatmentSummary, ...]:
    groups = groups or {}
    stated: dict[str, list[float]] = defaultdict(list)
    for item, value in days:
        stated[item].append(value)
    names = {c.item: c.name for c in counts}
    summaries = {item: _summary(item, rows, stated[item]) for item, rows in _by_item(counts).items()}
    for item, rows in _by_item(class_counts).items():
        members = tuple(names[m] for m in groups[item] if m != item)
        name = f"{names.get(item) or _concept_name(lexicon or load_lexicon(), item)} (any)"
        summaries[item] = replace(_summary(item, rows, []), name=name, members=members)
    return tuple(sorted(summaries.values(), key=lambda s: (-s.tried.people, -s.improved.n, s.name)))


def _concept_name(lexicon: CompiledLexicon, concept: str) -> str:
    entry = entries_by_concept(lexicon).get(concept)
    return entry.name if entry is not None else concept


def _by_item(counts: Sequence[ItemCount]) -> dict[str, list[ItemCount]]:
    by_item: dict[str, list[ItemCount]] = defaultdict(list)
    for c in counts:
        by_item[c.item].append(c)
    return by_item


def _summary(item: str, rows: Sequence[ItemCount], days: Sequence[float]) -> TreatmentSummary:
    """One treatment's row from its count per outcome (each person once, with their combined outcome)."""
    outcomes = {c.outcome: Count(c.people, c.refs) for c in sorted(rows, key=lambda c: OUTCOMES.index(c.outcome))}
    known = sum(outcomes[label].people for label in KNOWN_OUTCOMES if label in outcomes)
    improved = outcomes["improved"].people if "improved" in outcomes else 0
    return TreatmentSummary(
        concept=next((c.concept for c in rows if c.concept), None),
        name=min(c.name for c in rows),
        tried=Count(sum(c.people for c in rows), tuple(dict.fromkeys(r for c in rows for r in c.refs))),
        outcomes=outcomes,
        improved=wilson(improved, known),
        ongoing=sum(c.ongoing for c in rows),
        median_days=median(days),
        days_people=len(days),
    )


def _named(counts: Sequence[ItemCount], names: Mapping[str, str]) -> tuple[NamedCount, ...]:
    """Causes or claim groups, most people first; a claim group is named by its concept ('' is :data:`GENERAL`)."""
    found = [
        NamedCount(
            c.concept,
            c.name or (names.get(c.item, c.item) if c.item else GENERAL),
            Count(c.people, c.refs),
            c.statements,
        )
        for c in counts
    ]
    return tuple(sorted(found, key=lambda g: (-g.people.people, -g.statements, g.name)))
