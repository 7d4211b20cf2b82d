"""Thread logic over read posts: who asked what and whether it was answered; what each person reports.

Experiences are built per person from the reading layers: whose a mention is comes from its context
``experiencer`` (the writer, or a client or relative the writer speaks of, named after the cue: "Mary's
client"); what came of a treatment from the outcome annotations that link to it. A person's several posts make
one record. The writer's own conditions, causes and durations are taken from their experience sentences and
the post's title (not from general claims such as "the cause of most piriformis is inner tension"), and a
symptom the title names is among their conditions (it is the post's subject); everything a writer says of a
client or relative is that person's. Negated and hypothetical mentions are not part of anyone's experience.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import accumulate, pairwise

from anecdata.model import Annotation, Experience, Person, Post, Question, Reported, Thread, TriedTreatment
from anecdata.people import same_person

EXPERIENCE_LABELS = frozenset({"per_exp", "claim_per_exp"})
OWN_AFTER_CHARS = 12
"""How far after a treatment a question's first person still makes it the writer's ("rolling my calves")."""
FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|Im|Ive|me|my|mine|any(?:one|body) else)\b", re.IGNORECASE)
"""A first-person word before a treatment in a question, or just after it: the writer asks about their own
treatment (so does "anyone else ...?": the writer is in it too)."""
GLOSS_OPENING = re.compile(r"[ \t]*\(")
"""A bracket opened right after a treatment: what follows, up to the closing bracket, glosses it."""
DELIVERY_DEVICES = frozenset({"inhaler", "nebulizer"})
"""Concepts (lexicon ids) that are how a drug is taken, not a treatment of their own: "asthma inhaler
(salbutamol)" and "salbutamol (emergency inhaler)" tell of one treatment, the drug."""
SLASH_PAIR = "/"
"""Two treatments joined by a bare slash ("a walk/jog", "a keto/vegan type of diet") name one practice."""
THIRD_PARTY_EXPERIENCERS = frozenset({"family", "client"})
ACQUAINTANCE = re.compile(
    r"(?:my|a|this)\s+(?:friend|buddy|coworker|co-worker|colleague|neighbou?r|teammate|roommate|boss|coach)s?\b",
    re.IGNORECASE,
)
"""A cue of the ``other`` experiencer that names one person the writer knows ("my coworker"): their experience
is theirs, counted like a relative's; "someone", "most people" or "you" name nobody to count."""
TREATMENT_LABELS = frozenset({"treatment", "drug"})
APPROACH_SUFFIX = " (approach)"
"""Appended to a cause that an outcome judges: "until I was told about the inner tension cause"."""


def person_of(post: Post) -> Person:
    """A post's writer: the author, or the post's position when unsigned."""
    return Person.writer_of(post)


def find_questions(thread: Thread) -> tuple[Question, ...]:
    """Every question statement, with its asker, addressee and the later post that answers it, if any (a quoted
    question is the quoted writer's, asked in their own post)."""
    questions = []
    for post in thread.posts:
        for a in post.layer("statement"):
            if a.label != "question" or post.context.quote_of(a.start) is not None:
                continue
            questions.append(
                Question(
                    annotation_id=a.id,
                    post_id=post.id,
                    text=a.text,
                    asker=Person(post.author) if post.author else None,
                    addressee=Person(post.addressee) if post.addressee else None,
                    answered_by=_answer(thread, post),
                )
            )
    return tuple(questions)


def _answer(thread: Thread, asked_in: Post) -> str | None:
    """A later post by the person asked, or one that replies to the asker's post."""
    for later in thread.posts[asked_in.position + 1 :]:
        by_addressee = asked_in.addressee and same_person(later.author, asked_in.addressee)
        if by_addressee or later.parent_id == asked_in.id:
            return later.id
    return None


@dataclass
class _Gathered:
    experiencer: str
    post_ids: list[str] = field(default_factory=list)
    mentions: list[Annotation] = field(default_factory=list)
    outcomes: list[tuple[Annotation, Annotation]] = field(default_factory=list)
    """(outcome, judged mention) pairs."""
    titled: set[str] = field(default_factory=set)
    """Mentions in a post's title: its subject, so a symptom named there ("Forearm pain and hand weakness") is
    among the person's conditions."""

    def add_post(self, post_id: str) -> None:
        if post_id not in self.post_ids:
            self.post_ids.append(post_id)


def find_experiences(thread: Thread) -> tuple[Experience, ...]:
    """One record per person: each author, and each client or relative an author speaks of."""
    people: dict[Person, _Gathered] = {}
    for post in thread.posts:
        writer = _canonical(person_of(post), people)
        mentions = {a.id: a for a in post.layer("mention") if post.context.quote_of(a.start) is None}
        # mentions told as part of another (a gloss, the second of "walk/jog"), mapped to that other
        treatments = sorted((m for m in mentions.values() if m.label in TREATMENT_LABELS), key=lambda m: m.start)
        folded = _glosses(post.text, treatments) | _slash_alternatives(post.text, treatments)
        mentions = {i: m for i, m in mentions.items() if i not in folded}
        own = _writers_own(post, mentions.values())
        owners = _owners(post, mentions.values(), writer, own)
        for m in mentions.values():
            if m.attrs.get("negated") or m.attrs.get("hypothetical"):
                continue
            person = owners[m.id]
            if person is None or (person == writer and m.id not in own):
                continue
            gathered = people.setdefault(person, _Gathered(m.attrs.get("experiencer", "self")))
            gathered.add_post(post.id)
            gathered.mentions.append(m)
            if _in_title(post, m):
                gathered.titled.add(m.id)
        for outcome in post.layer("outcome"):
            if post.context.quote_of(outcome.start) is not None:
                continue
            for link in dict.fromkeys(folded.get(link, link) for link in outcome.links):
                judged = mentions.get(link)
                if judged is None or (person := owners[judged.id]) is None:
                    continue
                gathered = people.setdefault(person, _Gathered(judged.attrs.get("experiencer", "self")))
                gathered.add_post(post.id)
                gathered.outcomes.append((outcome, judged))
    return tuple(_experience(person, g) for person, g in people.items() if g.mentions or g.outcomes)


def _glosses(text: str, treatments: Sequence[Annotation]) -> dict[str, str]:
    """Among a post's treatments (in text order), drug classes and delivery devices named in brackets right after
    another, as its gloss: "citalopram (an antidepressant)", "salbutamol (emergency inhaler)". They say what the
    first one is, not that something else was tried (a member glossing a class, "PPIs (lansoprazole)", says what
    was taken, and stays). A device glossed by a drug, "asthma inhaler (salbutamol)", is that drug. Each gloss
    maps to the treatment it stands for."""
    glosses = {}
    for named in treatments:
        opening = GLOSS_OPENING.match(text, named.end)
        if opening is None or named.attrs.get("drug_class"):
            continue
        closing = text.find(")", opening.end())
        inside = [m for m in treatments if opening.end() <= m.start < (closing if closing >= 0 else len(text))]
        if _delivery(named) and inside and not _delivery(inside[0]) and not inside[0].attrs.get("drug_class"):
            glosses[named.id] = inside[0].id
            continue
        glosses |= {m.id: named.id for m in inside if m.attrs.get("drug_class") or _delivery(m)}
    return glosses


def _delivery(mention: Annotation) -> bool:
    return mention.attrs.get("concept_id") in DELIVERY_DEVICES


def _slash_alternatives(text: str, treatments: Sequence[Annotation]) -> dict[str, str]:
    """Among a post's treatments (in text order), the second of two joined by a bare slash, mapped to the first:
    "a walk/jog" is one practice, told once, under the first name (both mentions stay annotated; the record lists
    one treatment, not two)."""
    return {b.id: a.id for a, b in pairwise(treatments) if text[a.end : b.start] == SLASH_PAIR}


def _in_title(post: Post, mention: Annotation) -> bool:
    return post.context.title is not None and post.context.title.has(mention.start)


class _Covering:
    """The spans covering a position, found by bisection over the spans sorted by start (a post of 1 MB has tens of
    thousands of statements and mentions: scanning every statement per mention grows with their product)."""

    def __init__(self, spans: Iterable[Annotation]) -> None:
        self.spans = sorted(spans, key=lambda s: s.start)
        self.starts = [s.start for s in self.spans]
        self.reach = list(accumulate((s.end for s in self.spans), max))
        """The furthest end of any span up to each index: the backward walk stops where nothing reaches further."""

    def __call__(self, position: int) -> list[Annotation]:
        found = []
        i = bisect_right(self.starts, position) - 1
        while i >= 0 and self.reach[i] > position:
            if self.spans[i].end > position:
                found.append(self.spans[i])
            i -= 1
        return found[::-1]


def _writers_own(post: Post, mentions: Iterable[Annotation]) -> set[str]:
    """The mentions that tell the writer's own story: those in the title (a post's subject is the writer's, as in
    "Frozen shoulder: hydrodilatation experiences?", unless the title is a general claim), in a statement of
    experience, or in a question the writer asks about themself ("Do I need to stop X before the test?"); not
    those in general claims or in questions put to others ("Has anyone tried X?")."""
    holding_at = _Covering(post.layer("statement"))
    own = set()
    for m in mentions:
        holding = holding_at(m.start)
        if _in_title(post, m) and not any(s.label == "claim" for s in holding):
            own.add(m.id)
            continue
        asking = [s for s in holding if s.label == "question"]
        if asking:  # a question is the writer's story only when they ask about themself, whatever else it is
            # ("Do I need to stop X?", "currently foam rolling my calves and it kind of helps?")
            if any(FIRST_PERSON.search(post.text, s.start, min(s.end, m.end + OWN_AFTER_CHARS)) for s in asking):
                own.add(m.id)
        elif any(s.label in EXPERIENCE_LABELS for s in holding):
            own.add(m.id)
    return own


def _owners(post: Post, mentions: Iterable[Annotation], writer: Person, own: set[str]) -> dict[str, Person | None]:
    """Whose experience each mention is (see ``_owner``). A title speaks for no one, so a treatment it names
    belongs to the person the body tells it of: "Successful transplant" over "my boyfriend just had a kidney
    transplant" is the boyfriend's, unless the writer also tells of it as their own (``own``)."""
    owners = {m.id: _owner(post, m, writer) for m in mentions}
    told: dict[str, set[Person | None]] = defaultdict(set)
    for m in mentions:
        if not _in_title(post, m) and m.label in TREATMENT_LABELS and (owners[m.id] != writer or m.id in own):
            told[_name(m)].add(owners[m.id])
    for m in mentions:
        people = told.get(_name(m), set()) - {None}
        if _in_title(post, m) and owners[m.id] == writer and len(people) == 1 and writer not in people:
            owners[m.id] = people.pop()
    return owners


def _owner(post: Post, mention: Annotation, writer: Person) -> Person | None:
    """Whose experience a mention is: the writer's, a client's or relative's (named after the cue), or nobody's."""
    experiencer = mention.attrs.get("experiencer", "self")
    if experiencer == "self":
        return writer
    cue = next((c for c in mention.explanation.cues if c.kind == experiencer), None)
    if experiencer == "other" and cue is not None and ACQUAINTANCE.match(post.text, cue.start, cue.end):
        experiencer = "acquaintance"
    elif experiencer not in THIRD_PARTY_EXPERIENCERS:
        return None
    noun = post.text[cue.start : cue.end].split()[-1].lower().rstrip("s") if cue else experiencer
    noun = {"mine": experiencer, "she": experiencer, "he": experiencer, "they": experiencer}.get(noun, noun)
    return Person.spoken_of(writer, noun)


def _canonical(writer: Person, people: dict[Person, _Gathered]) -> Person:
    """The writer as already gathered under another name ("Marisol" → "Marisol Quintero"), else ``writer``. A writer
    the text does not name (an unsigned post's) is only themself: unsigned posts are each their own writer."""
    if not writer.named:
        return writer
    return next((p for p in people if p.kind == "writer" and p.named and same_person(p.name, writer.name)), writer)


def _experience(person: Person, g: _Gathered) -> Experience:
    by_label: dict[str, list[Annotation]] = defaultdict(list)
    for m in g.mentions:
        by_label[m.label].append(m)
    treatments: dict[str, _Tried] = {}
    for m in by_label["treatment"] + by_label["drug"]:
        treatments.setdefault(_name(m), _Tried()).add(m)
    for outcome, judged in g.outcomes:
        name = _name(judged) + ("" if judged.label in TREATMENT_LABELS else APPROACH_SUFFIX)
        tried = treatments.setdefault(name, _Tried())
        tried.add(judged)
        tried.add(outcome)
        tried.outcomes.append(outcome)
    return Experience(
        person=person,
        experiencer=g.experiencer,
        post_ids=tuple(g.post_ids),
        conditions=_reported(by_label["condition"] + [m for m in by_label["symptom"] if m.id in g.titled], _name),
        durations=_reported(by_label["duration"], lambda m: m.text),
        causes=_reported(by_label["cause"], _name),
        treatments=tuple(t.tried(name) for name, t in treatments.items()),
        annotation_ids=tuple(
            dict.fromkeys([m.id for m in g.mentions] + [i for o, j in g.outcomes for i in (j.id, o.id)])
        ),
    )


@dataclass
class _Tried:
    """One treatment's supporting annotations and the outcomes that judge it, in the order found."""

    ids: list[str] = field(default_factory=list)
    outcomes: list[Annotation] = field(default_factory=list)

    def add(self, a: Annotation) -> None:
        if a.id not in self.ids:
            self.ids.append(a.id)

    def tried(self, name: str) -> TriedTreatment:
        """Still in it when the last outcome said so ("I am having PT"): later words outweigh earlier ones."""
        ongoing = bool(self.outcomes and self.outcomes[-1].attrs.get("ongoing"))
        return TriedTreatment(name, combine_outcomes([o.label for o in self.outcomes]), tuple(self.ids), ongoing)


def _reported(mentions: list[Annotation], name_of: Callable[[Annotation], str]) -> tuple[Reported, ...]:
    """Mentions grouped by name, in order of first mention, each name with the ids of the mentions saying it."""
    ids: dict[str, list[str]] = {}
    for m in mentions:
        ids.setdefault(name_of(m), []).append(m.id)
    return tuple(Reported(name, tuple(i)) for name, i in ids.items())


def combine_outcomes(labels: list[str]) -> str:
    """One outcome for a treatment judged several times.

    ``unknown`` gives way to any verdict, and a ``mixed`` verdict stands ("helped, then it wore off"). Otherwise
    the verdict most judgements give stands ("it helped", "helped a lot", "still some stiffness" is improved); on
    a tie, improved with no_change or worse is ``mixed``, and no_change with worse is ``worse`` (it did not help,
    and something got worse). ``store/report_scope.py`` combines a person's verdicts across threads the same way.
    """
    counts = Counter(label for label in labels if label != "unknown")
    if not counts:
        return "unknown"
    if "mixed" in counts:
        return "mixed"
    (top, n), *others = counts.most_common()
    if not others or n > others[0][1]:
        return top
    return "mixed" if "improved" in counts else "worse"


def _name(m: Annotation) -> str:
    """A mention's concept name; one the vocabulary lacks is named by its words, lower-cased so case never splits
    a treatment into two rows ("Zorvex", "zorvex")."""
    return m.concept.name if m.concept else m.text.lower()


def add_thread_logic(thread: Thread) -> Thread:
    """The thread with its questions and experiences derived from its read posts."""
    return replace(thread, questions=find_questions(thread), experiences=find_experiences(thread))
