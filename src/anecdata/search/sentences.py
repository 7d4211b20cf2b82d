"""A post cut into sentences: the spans of its statement annotations, and a plain splitter for the text between.

The reading pipeline marks statements (claims, experiences, questions) on whole sentences, often several labels
on one span ("claim" and "claim_per_exp"). Each distinct span is one sentence carrying all its labels and the
statement annotation ids; the text no statement covers (a greeting, a signature, a quote) is split by the
pipeline's own sentence rules (``read/sentences/rules.py``), so every sentence of a post can be found, labelled
or not.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from anecdata.read.sentences.rules import split_sentences

LABEL_ORDER = ("claim_per_exp", "claim", "per_exp", "question")
"""Which label names a sentence that has several, and whose annotation id a link to it highlights."""
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
    """Sentence extents in ``text[start:end]`` by the reading pipeline's rules; pieces under :data:`MIN_CHARS`
    dropped."""
    end = len(text) if end is None else end
    return [(start + s, start + e) for s, e in split_sentences(text[start:end]) if e - s >= MIN_CHARS]


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
