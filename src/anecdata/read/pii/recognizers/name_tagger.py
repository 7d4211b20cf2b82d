"""Person and place names anywhere in a post, found by the project's own CRF tagger (``read/pii/tagger.py``)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from types import MappingProxyType

import spacy
from spacy.tokens import Doc, Span

from anecdata.read.pii.post import PostContext
from anecdata.read.pii.recognizers.base import Finding, ForumRecognizer
from anecdata.read.pii.tagger import NameTagger, TaggedSpan, TaggerModel

PLACE_PROBABILITY = 0.5
LOCATIVE_WORDS = frozenset("in from to at near around outside across visiting visit via towards into".split())


@cache
def _tokenizer() -> spacy.tokenizer.Tokenizer:
    """The reading pipeline's tokenizer, for texts analysed without a ``Doc`` (Presidio called directly)."""
    return spacy.blank("en").tokenizer


def word_runs(doc: Doc) -> Iterator[list[Span]]:
    """The doc's sentences (or the whole doc when unsegmented), cut at line breaks, as runs of non-space tokens."""
    sentences = doc.sents if doc.has_annotation("SENT_START") else [doc[:]]
    for sentence in sentences:
        run: list[Span] = []
        for token in sentence:
            if token.is_space:
                if "\n" in token.text and run:
                    yield run
                    run = []
                continue
            run.append(token)
        if run:
            yield run


class NameTaggerRecognizer(ForumRecognizer):
    """Tags names with the CRF and a recall bias; each finding's score is the tagger's local probability.

    Its findings are kept whatever their score (threshold 0): the biased decoding already decided, and the
    probability is shown, not used to drop a name. Medicine, calendar and discourse words are dropped by the
    analyzer's allow-list step.

    Args:
        model: the tagger's weights (the bundled model unless ``pii.toml`` names another file).
        bias: per kind, the recall bias added when decoding ({"person": 2.0, "location": 2.0}).
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
    ) -> None:
        if model is None:
            raise ValueError("NameTaggerRecognizer needs a model")
        self.bias = dict(bias or {})
        self.tagger = NameTagger(model, self.bias)
        super().__init__(scores, context, threshold)

    @classmethod
    def labels(cls) -> tuple[str, ...]:
        return ("person", "location")

    def _place_supported(self, words: Sequence[str], span: TaggedSpan) -> bool:
        """A guessed place needs more than the recall bias: the tagger's own belief (probability at least
        ``PLACE_PROBABILITY``), a known place name among its words, or a word such as "in" or "from" before it.
        Without this, the bias turns names and products into places ("Ripley", "Toyota")."""
        if span.probability >= PLACE_PROBABILITY:
            return True
        gazetteers = self.tagger.model.gazetteers
        if any(
            w.lower() in gazetteers.places or w.lower() in gazetteers.place_words for w in words[span.start : span.end]
        ):
            return True
        return span.start > 0 and words[span.start - 1].lower() in LOCATIVE_WORDS

    def find(self, text: str, post: PostContext) -> Iterator[Finding]:
        doc = post.doc if post.doc is not None else _tokenizer()(text)
        for run in word_runs(doc):
            words = [t.text for t in run]
            for span in self.tagger.tag(words):
                if span.kind == "location" and not self._place_supported(words, span):
                    continue
                first, last = run[span.start], run[span.end - 1]
                note = (
                    f"CRF tagger, local probability {span.probability:.2f}, recall bias {self.bias.get(span.kind, 0)}"
                )
                yield Finding(
                    first.idx, last.idx + len(last), span.kind, "tagger", round(span.probability, 4), (), note
                )
