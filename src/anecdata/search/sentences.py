"""A post cut into sentences: the spans of its statement annotations, and a plain splitter for the text between.

The reading pipeline marks statements (claims, experiences, questions) on whole sentences, often several labels
on one span ("claim" and "claim_per_exp"). Each distinct span is one sentence carrying all its labels and the
statement annotation ids; the text no statement covers (a greeting, a signature, a post never read) is split at
sentence-ending punctuation and line breaks, so every sentence of a post can be found, labelled or not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

LABEL_ORDER = ("claim_per_exp", "claim", "per_exp", "question")
"""Which label names a sentence that has several, and whose annotation id a link to it highlights."""
_SENTENCE = re.compile(r"[^\n.!?]*(?:[.!?]+|\n|$)")
MIN_CHARS = 3
"""Unlabelled pieces shorter than this (after trimming) are not sentences: stray punctuation, a dash."""


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement annotation as stored: its id, label and extent."""

    id: str
    label: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a post: its extent, its statement labels (best first) and their annotation ids."""

    start: int
    end: int
    labels: tuple[str, ...] = ()
    annotation_ids: tuple[str, ...] = ()

    @property
    def label(self) -> str | None:
        return self.labels[0] if self.labels else None

    @property
    def annotation_id(self) -> str | None:
        return self.annotation_ids[0] if self.annotation_ids else None


def _rank(label: str) -> int:
    return LABEL_ORDER.index(label) if label in LABEL_ORDER else len(LABEL_ORDER)


def split_plain(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence extents in ``text[start:end]``, trimmed of white space; pieces under :data:`MIN_CHARS` dropped."""
    end = len(text) if end is None else end
    found = []
    for m in _SENTENCE.finditer(text, start, end):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e - s >= MIN_CHARS:
            found.append((s, e))
    return found


def split_post(text: str, statements: Iterable[Statement]) -> list[Sentence]:
    """The sentences of a post in text order: statement spans (merged when identical) and split gaps.

    A statement overlapping an earlier one that starts before it is folded into the earlier sentence's labels
    only when the spans are identical; otherwise both stay (statements of one post do not overlap in practice).
    """
    spans: dict[tuple[int, int], list[Statement]] = {}
    for s in statements:
        if 0 <= s.start < s.end <= len(text):
            spans.setdefault((s.start, s.end), []).append(s)
    sentences: list[Sentence] = []
    pos = 0
    for (start, end), group in sorted(spans.items()):
        if start > pos:
            sentences += [Sentence(s, e) for s, e in split_plain(text, pos, start)]
        group = sorted(group, key=lambda s: (_rank(s.label), s.id))
        labels = tuple(dict.fromkeys(s.label for s in group))
        sentences.append(Sentence(start, end, labels, tuple(s.id for s in group)))
        pos = max(pos, end)
    if pos < len(text):
        sentences += [Sentence(s, e) for s, e in split_plain(text, pos)]
    return sentences


def overlapping(sentence: Sentence, extents: Sequence[tuple[int, int]]) -> bool:
    """Whether any ``(start, end)`` overlaps the sentence."""
    return any(s < sentence.end and e > sentence.start for s, e in extents)
