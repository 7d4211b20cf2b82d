"""A post cut into sentences: the spans of its statement annotations, and a plain splitter for the text between.

The reading pipeline marks statements (claims, experiences, questions) on whole sentences, often several labels
on one span ("claim" and "claim_per_exp"). Each distinct span is one sentence carrying all its labels and the
statement annotation ids; the text no statement covers (a greeting, a signature, a quote) is split by the
pipeline's own sentence rules (``read/sentences/rules.py``), so every sentence of a post can be found, labelled
or not. The sentences are cut once, when a post is read (:func:`cut_post`, kept by ``store/carried.py``): search
and the sources pages read them back, and cut here only a post read before they were carried.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from anecdata.read.sentences.rules import split_sentences
from anecdata.store.carried import Sentence
from anecdata.store.carried import StatementSpan as Statement

__all__ = ["LABEL_ORDER", "MIN_CHARS", "Sentence", "Statement", "cut_post", "searched", "split_plain", "split_post"]

LABEL_ORDER = ("claim_per_exp", "claim", "per_exp", "question")
"""Which label names a sentence that has several, and whose annotation id a link to it highlights."""
MIN_CHARS = 3
"""Unlabelled pieces shorter than this (after trimming) are not sentences for search: stray punctuation, a dash."""


def _rank(label: str) -> int:
    return LABEL_ORDER.index(label) if label in LABEL_ORDER else len(LABEL_ORDER)


def split_plain(text: str, start: int = 0, end: int | None = None, min_chars: int = MIN_CHARS) -> list[tuple[int, int]]:
    """Sentence extents in ``text[start:end]`` by the reading pipeline's rules; pieces under ``min_chars``
    dropped."""
    end = len(text) if end is None else end
    return [(start + s, start + e) for s, e in split_sentences(text[start:end]) if e - s >= min_chars]


def split_post(text: str, statements: Iterable[Statement], min_chars: int = MIN_CHARS) -> list[Sentence]:
    """The sentences of a post in text order: statement spans (merged when identical) and split gaps, unlabelled
    pieces under ``min_chars`` dropped.

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
            sentences += [Sentence(s, e) for s, e in split_plain(text, pos, start, min_chars)]
        group = sorted(group, key=lambda s: (_rank(s.label), s.id))
        labels = tuple(dict.fromkeys(s.label for s in group))
        sentences.append(Sentence(start, end, labels, tuple(s.id for s in group)))
        pos = max(pos, end)
    if pos < len(text):
        sentences += [Sentence(s, e) for s, e in split_plain(text, pos, min_chars=min_chars)]
    return sentences


def cut_post(text: str, statements: Iterable[Statement]) -> list[Sentence]:
    """Every sentence of a post, the shortest pieces included: what reading carries in the store
    (``store/carried.py``), cut once when the post is read. Search keeps the :func:`searched` ones, an evidence
    page the one around an annotation."""
    return split_post(text, statements, min_chars=1)


def searched(sentences: Sequence[Sentence]) -> list[Sentence]:
    """The sentences search finds among a post's carried ones: the labelled ones, and unlabelled pieces of at
    least :data:`MIN_CHARS` (``split_post``'s result, without cutting again)."""
    return [s for s in sentences if s.labels or s.end - s.start >= MIN_CHARS]
