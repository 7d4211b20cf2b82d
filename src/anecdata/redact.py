"""Redaction as a view: a copy of a thread whose PII is masked or pseudonymised, every offset recomputed.

The stored thread is never changed. In the redacted copy each post carries the masked text, and every annotation
points into that text, so the grounding invariant ``text[a.start:a.end] == a.text`` holds for it too.
"""

from __future__ import annotations

import bisect
from dataclasses import replace

from anecdata.errors import ConfigError
from anecdata.model import Annotation, Experience, Post, Question, Thread

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
    "person": "Person",
    "handle": "@user",
    "location": "Place",
    "contact": "contact",
    "url": "link",
}


class Pseudonyms:
    """Stable stand-ins per real value within one output: the same person reads as the same pseudonym."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self._given: dict[tuple[str, str], str] = {}
        self._counts: dict[str, int] = {}

    def for_value(self, label: str, value: str) -> str:
        if self.mode == "mask":
            return MASKS[label]
        if label not in PSEUDONYM_STEMS:
            return MASKS[label]
        key = (label, _name_key(value))
        if key not in self._given:
            self._counts[label] = self._counts.get(label, 0) + 1
            self._given[key] = f"{PSEUDONYM_STEMS[label]}-{self._counts[label]}"
        return self._given[key]

    def for_name(self, name: str | None) -> str | None:
        """An author or addressee field: always a stable label, so who-replies-to-whom stays readable."""
        if name is None:
            return None
        if self.mode == "mask":
            key = ("author", _name_key(name))
            if key not in self._given:
                self._counts["author"] = self._counts.get("author", 0) + 1
                self._given[key] = f"[PERSON-{self._counts['author']}]"
            return self._given[key]
        return self.for_value("person", name)


def _name_key(value: str) -> str:
    """People named by first name in one place and full name in another share a pseudonym."""
    words = value.lower().lstrip("@").replace("_", " ").split()
    return words[0] if words else value.lower()


def redact_threads(threads: list[Thread], mode: str) -> list[Thread]:
    """Redacted copies of ``threads`` (one pseudonym table across them all), or the threads when mode is none."""
    if mode not in MODES:
        raise ConfigError(f"redaction mode {mode!r} is not one of {', '.join(MODES)}")
    if mode == "none":
        return threads
    names = Pseudonyms(mode)
    return [_redact_thread(t, names) for t in threads]


def _redact_thread(thread: Thread, names: Pseudonyms) -> Thread:
    posts = tuple(_redact_post(p, names) for p in thread.posts)
    by_id = {p.id: p for p in posts}
    return replace(
        thread,
        posts=posts,
        questions=tuple(_redact_question(q, names, by_id[q.post_id]) for q in thread.questions),
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


def _redact_post(post: Post, names: Pseudonyms) -> Post:
    pii = _non_overlapping(post.layer("pii"))
    pieces, replaced = [], []
    pos = 0
    for a in pii:
        stand_in = names.for_value(a.label, a.text)
        pieces += [post.text[pos : a.start], stand_in]
        replaced.append((a.start, a.end, len(stand_in)))
        pos = a.end
    pieces.append(post.text[pos:])
    text = "".join(pieces)
    moved = OffsetMap(replaced)
    annotations = tuple(_moved_annotation(a, text, moved) for a in post.annotations)
    attrs = {k: v for k, v in post.attrs.items() if k not in ("closing_start", "source_start")}
    return replace(
        post,
        text=text,
        author=names.for_name(post.author),
        addressee=names.for_name(post.addressee),
        attrs=attrs,
        annotations=annotations,
    )


def _moved_annotation(a: Annotation, text: str, moved: OffsetMap) -> Annotation:
    start, end = moved(a.start), moved(a.end, is_end=True)
    cues = tuple(replace(c, start=moved(c.start), end=moved(c.end, is_end=True)) for c in a.explanation.cues)
    return Annotation(
        id=a.id,
        post_id=a.post_id,
        start=start,
        end=end,
        text=text[start:end],
        layer=a.layer,
        label=a.label,
        attrs=a.attrs,
        concept=a.concept,
        score=a.score,
        origin=a.origin,
        explanation=replace(a.explanation, cues=cues),
        links=a.links,
    )


def _non_overlapping(pii: list[Annotation]) -> list[Annotation]:
    kept: list[Annotation] = []
    for a in sorted(pii, key=lambda a: (a.start, -a.end)):
        if not kept or a.start >= kept[-1].end:
            kept.append(a)
    return kept


def _redact_question(q: Question, names: Pseudonyms, post: Post) -> Question:
    """A question's text is taken from its annotation in the redacted post."""
    text = next((a.text for a in post.annotations if a.id == q.annotation_id), q.text)
    return replace(q, text=text, asker=names.for_name(q.asker), addressee=names.for_name(q.addressee))


def _redact_experience(e: Experience, names: Pseudonyms) -> Experience:
    """People are named by their stand-ins; "writer of post N" names no one and stays."""
    owner, sep, relation = e.person.partition("'s ")
    if not owner.startswith("writer of post"):
        owner = names.for_name(owner) or owner
    return replace(e, person=f"{owner}{sep}{relation}")
