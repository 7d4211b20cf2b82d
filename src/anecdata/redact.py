"""Redaction as a view: a copy of a thread whose PII is masked or pseudonymised, every offset recomputed.

The stored thread is never changed. In the redacted copy each post carries the masked text, and every annotation
points into that text, so the grounding invariant ``text[a.start:a.end] == a.text`` holds for it too.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import replace
from functools import cache
from typing import Any

from anecdata.errors import ConfigError
from anecdata.model import Annotation, Experience, Post, PostContext, Question, Quote, TextExtent, Thread
from anecdata.people import People, name_parts

MODES = ("none", "mask", "pseudonymise")
DEFAULT_MODE = "mask"
MASKS = {
    "person": "[PERSON]",
    "location": "[LOCATION]",
    "contact": "[CONTACT]",
    "handle": "[HANDLE]",
    "url": "[URL]",
    "credential": "[CREDENTIAL]",
    "date": "[DATE]",
}
PSEUDONYM_STEMS = {
    "location": "Place",
    "contact": "contact",
    "url": "link",
}
"""Stand-ins for values that are not people; people (person and handle) share one table (``people.People``)."""
PEOPLE_LABELS = ("person", "handle")
TITLE_LABELS = ("person", "handle", "location")
"""What a title's stand-ins may stand for: a title is the thread's headline, so only who and where are hidden."""


class Pseudonyms:
    """Stable stand-ins per real value within one output: the same person reads as the same pseudonym.

    ``mask`` writes a PII span as its kind (``[PERSON]``) and an author or addressee as ``[PERSON-n]``;
    ``pseudonymise`` writes people as ``Person-n`` (``@Person-n`` for an ``@handle``), places as ``Place-n``,
    contacts and links as ``contact-n`` / ``link-n``; credentials and dates stay masked.
    """

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.people = People()
        self._given: dict[tuple[str, str], str] = {}
        self._counts: dict[str, int] = {}

    @classmethod
    def seeded(cls, mode: str, people: Iterable[str]) -> Pseudonyms:
        """Stand-ins whose people are numbered in the order of ``people``: a store's people in store order
        (``search.redact.store_people``), so that every output of one store (a thread page, a search, a list,
        an export) gives one person one number, whatever it shows first."""
        names = cls(mode)
        for value in people:
            names.people.number(value)
        return names

    def for_value(self, label: str, value: str) -> str:
        if self.mode == "mask":
            return MASKS[label]
        if label in PEOPLE_LABELS:
            stand_in = f"Person-{self.people.number(value)}"
            return f"@{stand_in}" if value.startswith("@") else stand_in
        if label not in PSEUDONYM_STEMS:
            return MASKS[label]
        key = (label, " ".join(value.lower().split()))
        if key not in self._given:
            self._counts[label] = self._counts.get(label, 0) + 1
            self._given[key] = f"{PSEUDONYM_STEMS[label]}-{self._counts[label]}"
        return self._given[key]

    def for_name(self, name: str | None) -> str | None:
        """An author or addressee field: always a stable label, so who-replies-to-whom stays readable."""
        if name is None:
            return None
        number = self.people.number(name)
        return f"[PERSON-{number}]" if self.mode == "mask" else f"Person-{number}"


def redact_threads(threads: list[Thread], mode: str, names: Pseudonyms | None = None) -> list[Thread]:
    """Redacted copies of ``threads`` (one pseudonym table across them all: ``names``, a store's when given),
    or the threads when mode is none."""
    if mode not in MODES:
        raise ConfigError(f"redaction mode {mode!r} is not one of {', '.join(MODES)}")
    if mode == "none":
        return threads
    names = names if names is not None and names.mode == mode else Pseudonyms(mode)
    return [_redact_thread(t, names) for t in threads]


def _redact_thread(thread: Thread, names: Pseudonyms) -> Thread:
    title = redact_title(thread.title, thread_pii_values(thread.posts), names)
    posts = tuple(_redact_post(p, names) for p in thread.posts)
    texts = {(p.id, a.id): a.text for p in posts for a in p.annotations}
    return replace(
        thread,
        title=title,
        posts=posts,
        questions=tuple(_redact_question(q, names, texts) for q in thread.questions),
        experiences=tuple(_redact_experience(e, names) for e in thread.experiences),
    )


class OffsetMap:
    """Maps offsets of a text to those of its redacted copy.

    An offset strictly inside a replaced span snaps to the replacement's start (for starts) or end (for ends),
    so an annotation that overlapped a name now covers the whole stand-in.
    """

    def __init__(self, replaced: list[tuple[int, int, int]]) -> None:
        self.starts = [s for s, _, _ in replaced]
        self.ends = [e for _, e, _ in replaced]
        self.new_starts, self.shift_after = [], []
        shift = 0
        for s, e, n in replaced:
            self.new_starts.append(s + shift)
            shift += n - (e - s)
            self.shift_after.append(shift)
        self.lengths = [n for _, _, n in replaced]

    def __call__(self, offset: int, is_end: bool = False) -> int:
        i = bisect.bisect_right(self.starts, offset) - 1
        if i < 0:
            return offset
        if self.starts[i] < offset < self.ends[i]:
            return self.new_starts[i] + (self.lengths[i] if is_end else 0)
        if self.starts[i] == offset:
            return offset + (self.shift_after[i - 1] if i > 0 else 0)
        return offset + self.shift_after[i]


def replace_spans(text: str, spans: Iterable[tuple[int, int, str]], names: Pseudonyms) -> tuple[str, OffsetMap]:
    """``text`` with each PII span ``(start, end, label)`` replaced by its stand-in, and the map from the old
    offsets to the new. Spans are taken in text order, the longest first where several start together; one that
    is empty or overlaps a span already replaced is left."""
    pieces, replaced, pos = [], [], 0
    for start, end, label in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start < pos or end <= start:
            continue
        stand_in = names.for_value(label, text[start:end])
        pieces += [text[pos:start], stand_in]
        replaced.append((start, end, len(stand_in)))
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces), OffsetMap(replaced)


def thread_pii_values(posts: Iterable[Post]) -> list[tuple[str, str]]:
    """``(label, value)`` of what a thread's posts mark as PII, with their authors and addressees as people."""
    values = [(a.label, a.text) for p in posts for a in p.layer("pii")]
    return values + [("person", name) for p in posts for name in _people_named(p) if name]


def _people_named(post: Post) -> tuple[str | None, ...]:
    """The names a post's fields give people: its author, its addressee, the writers it quotes."""
    return (post.author, post.addressee, *(q.author for q in post.context.quotes))


def redact_title(
    title: str | None, values: Iterable[tuple[str, str]], names: Pseudonyms, labels: Collection[str] = TITLE_LABELS
) -> str | None:
    """A thread title with each known PII value replaced wherever it stands as whole words, ignoring case.

    The reading pipeline reads posts, not titles, so what it knows comes from the posts (``thread_pii_values``):
    a name the title alone carries is not found. A title may name a person by one word of their name, or a place
    by one part of it ("Asheville" of "Asheville, NC"), so those parts are looked for too; where matches overlap
    the longer one is replaced, so "Marisol Quintero" is one person. The title stays readable: only people and
    places get stand-ins (``TITLE_LABELS``), never a value the vocabulary knows ("Meniscus tear, surgery or not?"
    keeps "Meniscus" even where a post's reading took it for a name). A post's opening words that name an
    untitled thread are redacted the same way with every PII label (``labels``).
    """
    if not title:
        return title
    spans = []
    wanted = {v for label, value in values if label in labels for v in _title_values(label, value)}
    for label, value in sorted(v for v in wanted if not vocabulary_knows(v[1])):
        pattern = re.compile(rf"(?<!\w){re.escape(value)}(?!\w)", re.IGNORECASE)
        spans += [(m.start(), m.end(), label) for m in pattern.finditer(title)]
    return replace_spans(title, spans, names)[0]


def vocabulary_knows(value: str) -> bool:
    """Whether the reading's vocabulary takes ``value`` for no name: a drug, a condition, a body part, a care or
    calendar word (the PII allow-list step, ``read/pii/allow_list.py``, loaded on first use)."""
    return _allow_list().knows(value)


@cache
def _allow_list() -> Any:
    from anecdata.read.pii.config import load_pii_config
    from anecdata.read.pii.registry import allow_list_for

    return allow_list_for(load_pii_config())


def _title_values(label: str, value: str) -> list[tuple[str, str]]:
    """The value, and the parts a title may use alone: a person's name words, a place's comma-separated parts
    (words of fewer than three letters, such as initials, are left out: they would hide ordinary words)."""
    parts = value.split(",") if label == "location" else name_parts(value) if label in PEOPLE_LABELS else []
    found = [value.strip(), *(p.strip() for p in parts if len(p.strip()) >= 3)]
    return [(label, v) for v in dict.fromkeys(found) if v]


def _redact_post(post: Post, names: Pseudonyms) -> Post:
    text, moved = replace_spans(post.text, ((a.start, a.end, a.label) for a in post.layer("pii")), names)
    annotations = tuple(_moved_annotation(a, text, moved, names) for a in post.annotations)
    attrs = {k: v for k, v in post.attrs.items() if k != "source_start"}
    return replace(
        post,
        text=text,
        author=names.for_name(post.author),
        addressee=names.for_name(post.addressee),
        attrs=attrs,
        annotations=annotations,
        context=_moved_context(post.context, moved, names),
    )


def _moved_context(context: PostContext, moved: OffsetMap, names: Pseudonyms) -> PostContext:
    """The post's context over the redacted text, quoted writers named by their stand-ins."""

    def extent(e: TextExtent | None) -> TextExtent | None:
        return None if e is None else TextExtent(moved(e.start), moved(e.end, is_end=True))

    quotes = tuple(
        Quote(moved(q.start), moved(q.end, is_end=True), author=names.for_name(q.author), post_id=q.post_id)
        for q in context.quotes
    )
    return replace(context, title=extent(context.title), quotes=quotes, closing=extent(context.closing))


def _moved_annotation(a: Annotation, text: str, moved: OffsetMap, names: Pseudonyms) -> Annotation:
    start, end = moved(a.start), moved(a.end, is_end=True)
    attrs = a.attrs
    if attrs.get("quoted_author"):
        attrs = {**attrs, "quoted_author": names.for_name(attrs["quoted_author"])}
    cues = tuple(replace(c, start=moved(c.start), end=moved(c.end, is_end=True)) for c in a.explanation.cues)
    return Annotation(
        id=a.id,
        post_id=a.post_id,
        start=start,
        end=end,
        text=text[start:end],
        layer=a.layer,
        label=a.label,
        attrs=attrs,
        concept=a.concept,
        score=a.score,
        origin=a.origin,
        explanation=replace(a.explanation, cues=cues),
        links=a.links,
    )


def _redact_question(q: Question, names: Pseudonyms, texts: Mapping[tuple[str, str], str]) -> Question:
    """A question's text is taken from its annotation in the redacted post (``texts``: by post and annotation id,
    built once per thread: a search per question made a post with thousands of questions quadratic)."""
    text = texts.get((q.post_id, q.annotation_id), q.text)
    rename = _stand_in(names)
    asker = None if q.asker is None else q.asker.renamed(rename)
    return replace(q, text=text, asker=asker, addressee=None if q.addressee is None else q.addressee.renamed(rename))


def _redact_experience(e: Experience, names: Pseudonyms) -> Experience:
    return replace(e, person=e.person.renamed(_stand_in(names)))


def _stand_in(names: Pseudonyms) -> Callable[[str], str]:
    """How a person's names are renamed (``Person.renamed``): every name the text gave by its stand-in, so "Mara's
    client" reads "Person-1's client"; "writer of post N" names no one and stays."""
    return lambda name: names.for_name(name) or name
