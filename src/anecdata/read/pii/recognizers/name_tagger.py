"""Person and place names anywhere in a post, found by the project's own CRF tagger (``read/pii/tagger.py``)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

import numpy as np
import spacy
from spacy.attrs import IDX, IS_SPACE, LENGTH, SENT_START
from spacy.tokens import Doc

from anecdata.read.pii.post import PiiContext
from anecdata.read.pii.recognizers.base import Finding, ForumRecognizer
from anecdata.read.pii.tagger import NameTagger, TaggedSpan, TaggerModel, word_frequencies

PLACE_PROBABILITY = 0.5
PERSON_PROBABILITY = 0.5
NAME_WORD_COUNT = 3_000
"""A first name or surname this common in pyspellchecker's English counts is a word first: it does not support a
person guess the recall bias alone made ("Justice", "Bravo", "Tiny")."""
TAGGED_KEY = "anecdata_pii_tagged"
"""``doc.user_data`` key under which ``prepare`` leaves a doc's tagged names until ``find`` takes them."""
DETERMINERS = frozenset("the a an my your his her their our this that".split())
"""Words before a guessed place that make it a thing unless a locative word comes first ("my Casio", "in the X")."""
LOCATIVE_WORDS = frozenset("in from to at near around outside across visiting visit via towards into".split())


@cache
def _tokenizer() -> spacy.tokenizer.Tokenizer:
    """The reading pipeline's tokenizer, for texts analysed without a ``Doc`` (Presidio called directly)."""
    return spacy.blank("en").tokenizer


@dataclass(frozen=True, slots=True)
class WordRuns:
    """A doc's words in runs the tagger reads one at a time: each word's text and start offset, one list for
    the whole doc, and how many words each run has."""

    words: list[str]
    starts: list[int]
    lengths: np.ndarray


def word_runs(doc: Doc, text: str | None = None) -> WordRuns:
    """The doc's sentences (or the whole doc when unsegmented), cut at line breaks, as runs of non-space tokens.

    Read from the doc's arrays in one pass; ``text`` is ``doc.text`` when the caller has it already.
    """
    text = doc.text if text is None else text
    if not len(doc):
        return WordRuns([], [], np.zeros(0, dtype=np.intp))
    columns = doc.to_array([IDX, LENGTH, IS_SPACE, SENT_START]).astype(np.intp)
    offsets, sizes, space = columns[:, 0], columns[:, 1], columns[:, 2].astype(bool)
    opens = columns[:, 3] == 1 if doc.has_annotation("SENT_START") else np.zeros(len(doc), dtype=bool)
    opens[0] = True
    for i in np.flatnonzero(space[:-1]).tolist():  # a line break ends a run
        if "\n" in text[offsets[i] : offsets[i] + sizes[i]]:
            opens[i + 1] = True
    run = np.cumsum(opens)[~space]
    starts = offsets[~space].tolist()
    words = [text[a : a + n] for a, n in zip(starts, sizes[~space].tolist(), strict=True)]
    bounds = np.flatnonzero(np.diff(run, prepend=-1, append=run[-1] + 1 if len(run) else 0))
    return WordRuns(words, starts, np.diff(bounds).astype(np.intp))


class NameTaggerRecognizer(ForumRecognizer):
    """Tags names with the CRF and a recall bias; each finding's score is the tagger's local probability.

    Its findings are kept whatever their score (threshold 0): the biased decoding already decided, and the
    probability is shown, not used to drop a name. Medicine, calendar and discourse words are dropped by the
    analyzer's allow-list step.

    Args:
        model: the tagger's weights (the bundled model unless ``pii.toml`` names another file).
        bias: per kind, the recall bias added when decoding ({"person": 2.0, "location": 2.0}).
        lower_bias: per kind, the bias where a word begins in lower case (``NameTagger``); None: ``bias``.
        Others as for ``ForumRecognizer``.
    """

    LABEL = "person"
    RULE_SCORES = MappingProxyType({"tagger": 0.5})
    PRIORITY = 0

    def __init__(
        self,
        scores: Mapping[str, float] | None = None,
        context: Sequence[str] | None = None,
        threshold: float | None = 0.0,
        model: TaggerModel | None = None,
        bias: Mapping[str, float] | None = None,
        lower_bias: Mapping[str, float] | None = None,
    ) -> None:
        if model is None:
            raise ValueError("NameTaggerRecognizer needs a model")
        self.bias = dict(bias or {})
        self.tagger = NameTagger(model, self.bias, lower_bias)
        super().__init__(scores, context, threshold)

    @classmethod
    def labels(cls) -> tuple[str, ...]:
        return ("person", "location")

    def _place_supported(self, words: Sequence[str], span: TaggedSpan) -> bool:
        """A guessed place needs more than the recall bias: the tagger's own belief (probability at least
        ``PLACE_PROBABILITY``), a known place name among its words, or a word such as "in" or "from" before it.
        Without this, the bias turns names and products into places ("Ripley", "Toyota")."""
        gazetteers = self.tagger.model.gazetteers
        known = any(
            w.lower() in gazetteers.places or w.lower() in gazetteers.place_words for w in words[span.start : span.end]
        )
        if not known and all(w.islower() for w in words[span.start : span.end]):
            return False  # places written in lower case are the well-known ones: "im from leeds", not "midstream"
        if _in_longer_title(words, span):
            return False
        if span.probability >= PLACE_PROBABILITY:
            return True
        before = span.start - 1
        if before >= 0 and words[before].lower() in DETERMINERS:
            return before > 0 and words[before - 1].lower() in LOCATIVE_WORDS  # "in the X"; else a thing: "my Casio"
        if known:
            return True
        return before >= 0 and words[before].lower() in LOCATIVE_WORDS

    def _person_supported(self, words: Sequence[str], span: TaggedSpan) -> bool:
        """A guessed person needs more than the recall bias too: the tagger's own belief (probability at least
        ``PERSON_PROBABILITY``) or a known first name or surname among its words that is not also a common English
        word (``NAME_WORD_COUNT``: "Justice", "Savage", "Link" are surnames too). Without this, a strong bias turns
        brands, titles and rare medical words into people ("Chrysler", "Waldenstrom", "Lactalbumin")."""
        if span.probability >= PERSON_PROBABILITY:
            return True
        gazetteers = self.tagger.model.gazetteers
        lowers = [w.lower() for w in words[span.start : span.end]]
        return any(
            (w in gazetteers.first_names or w in gazetteers.surnames) and word_frequencies().get(w, 0) < NAME_WORD_COUNT
            for w in lowers
        )

    def _known_place_after_locative(self, words: Sequence[str], span: TaggedSpan) -> bool:
        """Whether a guessed person is rather a place: after "in", "to"... and a place name of the gazetteer, no
        one-word first name ("a truck to Los Angeles")."""
        if span.start == 0 or words[span.start - 1].lower() not in LOCATIVE_WORDS:
            return False
        gazetteers = self.tagger.model.gazetteers
        lowers = [w.lower() for w in words[span.start : span.end]]
        if len(lowers) == 1 and lowers[0] in gazetteers.first_names:
            return False
        return all(w in gazetteers.places or w in gazetteers.place_words for w in lowers)

    def prepare(self, docs: Sequence[Doc], texts: Sequence[str]) -> None:
        """Tags the names of many docs at once (the pipeline's batches), for ``find`` to read back."""
        runs = [word_runs(doc, text) for doc, text in zip(docs, texts, strict=True)]
        words = [w for r in runs for w in r.words]
        tagged = self.tagger.tag_words(words, np.concatenate([r.lengths for r in runs]))
        at = 0
        for doc, r in zip(docs, runs, strict=True):
            doc.user_data[TAGGED_KEY] = list(self._findings(r, tagged[at : at + len(r.lengths)]))
            at += len(r.lengths)

    def find(self, text: str, post: PiiContext) -> Iterator[Finding]:
        doc = post.doc if post.doc is not None else _tokenizer()(text)
        prepared = doc.user_data.pop(TAGGED_KEY, None)
        if prepared is not None:
            yield from prepared
            return
        runs = word_runs(doc, text)
        yield from self._findings(runs, self.tagger.tag_words(runs.words, runs.lengths))

    def _findings(self, runs: WordRuns, tagged: Sequence[Sequence[TaggedSpan]]) -> Iterator[Finding]:
        at = 0
        for length, spans in zip(runs.lengths.tolist(), tagged, strict=True):
            words = runs.words[at : at + length]
            starts = runs.starts[at : at + length]
            kept: list[TaggedSpan] = []
            for span in spans:
                span = _trimmed(words, span)
                if span is None or _inside_word(words, starts, span):
                    continue
                if span.kind == "person" and self._known_place_after_locative(words, span):
                    span = TaggedSpan(span.start, span.end, "location", span.probability)
                if span.kind == "location" and not self._place_supported(words, span):
                    continue
                if span.kind == "person" and not self._person_supported(words, span):
                    if not (span.start > 0 and words[span.start - 1].lower() in LOCATIVE_WORDS):
                        continue
                    span = TaggedSpan(span.start, span.end, "location", span.probability)
                if kept and kept[-1].kind == "person" and kept[-1].end == span.start and span.kind == "location":
                    # "Clint Eastwood": a place right after a person's name is the rest of the name
                    span = TaggedSpan(kept.pop().start, span.end, "person", span.probability)
                kept.append(span)
            for span in kept:
                note = (
                    f"CRF tagger, local probability {span.probability:.2f}, recall bias {self.bias.get(span.kind, 0)}"
                )
                yield Finding(
                    starts[span.start],
                    starts[span.end - 1] + len(words[span.end - 1]),
                    span.kind,
                    "tagger",
                    round(span.probability, 4),
                    (),
                    note,
                )
            at += length


def _trimmed(words: Sequence[str], span: TaggedSpan) -> TaggedSpan | None:
    """The span without words of punctuation alone at its edges ("/ Compton"); None when nothing is left."""
    start, end = span.start, span.end
    while start < end and not any(c.isalnum() for c in words[start]):
        start += 1
    while end > start and not any(c.isalnum() for c in words[end - 1]):
        end -= 1
    if start == end:
        return None
    return span if (start, end) == (span.start, span.end) else TaggedSpan(start, end, span.kind, span.probability)


def _in_longer_title(words: Sequence[str], span: TaggedSpan) -> bool:
    """Whether a capitalised word joins the span on either side (the one before not opening the sentence): the
    place is then a word of a longer name, a film, a team or a day ("Independence Day", "Phoenix Team")."""
    after = words[span.end] if span.end < len(words) else ""
    before = words[span.start - 1] if span.start > 1 else ""
    return any(len(w) > 1 and w.isalpha() and w.istitle() for w in (before, after))


def _inside_word(words: Sequence[str], starts: Sequence[int], span: TaggedSpan) -> bool:
    """Whether the span begins or ends inside a written word the tokenizer split ("got|ta", "wan|na"): a piece of
    a word is not a name."""
    first, last = span.start, span.end - 1
    glued_before = first > 0 and starts[first - 1] + len(words[first - 1]) == starts[first]
    if glued_before and words[first - 1][-1:].isalnum() and words[first][:1].isalnum():
        return True
    glued_after = last + 1 < len(words) and starts[last] + len(words[last]) == starts[last + 1]
    return glued_after and words[last][-1:].isalnum() and words[last + 1][:1].isalnum()
