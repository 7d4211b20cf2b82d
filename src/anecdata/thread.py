"""Thread logic over read posts: who asked what and whether it was answered; what each person reports.

First version (issue 2): experiences gather the mentions of a person's experience sentences; outcomes are
"unknown" until the outcomes layer exists. A writer's client or relative is a person of their own.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace

from anecdata.model import Annotation, Experience, Post, Question, Thread, TriedTreatment
from anecdata.people import same_person

EXPERIENCE_LABELS = frozenset({"per_exp", "claim_per_exp"})
THIRD_PARTIES = {
    "client": re.compile(r"\b(?:my|a|one of my|our)\s+(?:clients?|patients?)\b|\b(?:client|patient)s?\s+of\s+mine\b",
                         re.IGNORECASE),
    "family": re.compile(
        r"\bmy\s+(?:wife|husband|partner|mom|mum|mother|dad|father|son|daughter|sister|brother|aunt|uncle|"
        r"grandma|grandpa|grandmother|grandfather|girlfriend|boyfriend|kid|child)\b",
        re.IGNORECASE,
    ),
}  # fmt: skip
THIRD_PERSON = re.compile(r"\b(?:she|he|her|his|him|they|their)\b", re.IGNORECASE)
FIRST_PERSON = re.compile(r"\b(?:i|i'm|i've|my|me|mine|myself)\b", re.IGNORECASE)


def person_of(post: Post) -> str:
    """The name a post's writer goes by in reports: the author, or the post's position when unsigned."""
    return post.author or f"writer of post {post.position + 1}"


def find_questions(thread: Thread) -> tuple[Question, ...]:
    """Every question statement, with its asker, addressee and the later post that answers it, if any."""
    questions = []
    for post in thread.posts:
        for a in post.layer("statement"):
            if a.label != "question":
                continue
            questions.append(
                Question(
                    annotation_id=a.id,
                    post_id=post.id,
                    text=a.text,
                    asker=post.author,
                    addressee=post.addressee,
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


def find_experiences(thread: Thread) -> tuple[Experience, ...]:
    """One record per person: each author, and each client or relative an author speaks of."""
    people: dict[str, _Gathered] = {}
    for post in thread.posts:
        writer = _canonical(person_of(post), people)
        mentions = post.layer("mention")
        subject = writer
        for statement in post.layer("statement"):
            subject = _subject(statement.text, writer, subject, people)
            if statement.label not in EXPERIENCE_LABELS and subject == writer:
                continue
            gathered = people.setdefault(subject, _Gathered("self"))
            if post.id not in gathered.post_ids:
                gathered.post_ids.append(post.id)
            gathered.mentions += [m for m in mentions if statement.start <= m.start < statement.end]
    return tuple(_experience(person, g) for person, g in people.items() if g.mentions)


def _canonical(name: str, people: dict[str, _Gathered]) -> str:
    """The name under which this person is already gathered ("Marisol" → "Marisol Quintero"), else ``name``."""
    return next((p for p, g in people.items() if g.experiencer == "self" and same_person(p, name)), name)


def _subject(sentence: str, writer: str, current: str, people: dict[str, _Gathered]) -> str:
    """Whose experience a sentence tells: a third party it names, the one before it (he/she), or the writer."""
    for kind, pattern in THIRD_PARTIES.items():
        if m := pattern.search(sentence):
            noun = m[0].split()[-1].lower().rstrip("s")
            noun = "client" if noun == "mine" else noun
            person = f"{writer}'s {noun}"
            people.setdefault(person, _Gathered(kind))
            return person
    if current != writer and THIRD_PERSON.search(sentence) and not FIRST_PERSON.search(sentence):
        return current
    return writer


def _experience(person: str, g: _Gathered) -> Experience:
    by_label: dict[str, list[Annotation]] = defaultdict(list)
    for m in g.mentions:
        by_label[m.label].append(m)
    treatments: dict[str, list[str]] = {}
    for m in by_label["treatment"] + by_label["drug"]:
        treatments.setdefault(_name(m), []).append(m.id)
    return Experience(
        person=person,
        experiencer=g.experiencer,
        post_ids=tuple(g.post_ids),
        conditions=tuple(dict.fromkeys(_name(m) for m in by_label["condition"])),
        durations=tuple(dict.fromkeys(m.text for m in by_label["duration"])),
        causes=tuple(dict.fromkeys(_name(m) for m in by_label["cause"])),
        treatments=tuple(TriedTreatment(name, "unknown", tuple(ids)) for name, ids in treatments.items()),
        annotation_ids=tuple(m.id for m in g.mentions),
    )


def _name(m: Annotation) -> str:
    return m.concept.name if m.concept else m.text


def add_thread_logic(thread: Thread) -> Thread:
    """The thread with its questions and experiences derived from its read posts."""
    return replace(thread, questions=find_questions(thread), experiences=find_experiences(thread))
