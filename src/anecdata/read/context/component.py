"""The ``anecdata_context`` component: medspaCy ConText over mention spans, with forum-tuned rules.

Every mention gets five attributes: ``negated``, ``uncertain``, ``hypothetical``, ``historical`` (booleans) and
``experiencer`` (``self``, ``family``, ``client`` or ``other``), and each cue that set one is added to the
mention's explanation with its offsets and rule id, so a reader can see *why* ("don't have" before "sciatica").

ConText scopes cues to one sentence. Forum writers continue a third party's story in the next sentence
("My client has piriformis. She tried dry needling."), so a sentence that opens with he/she/they and has no
first person of its own inherits the experiencer of the sentence before it; the pronoun is the cue.
"""

import re
import warnings
from collections.abc import Sequence
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Span

from anecdata.model import Cue, Explanation
from anecdata.read.context.rules import (
    ATTRIBUTE_CATEGORIES,
    BUILTIN,
    CONTROL_CATEGORIES,
    EXPERIENCER_CATEGORIES,
    ContextRule,
    load_rules,
)
from anecdata.read.extensions import EXTENSION, ensure_extensions
from anecdata.read.mentions.component import SPANS_KEY as MENTIONS_KEY

COMPONENT = "anecdata_context"
SELF = "self"
CARRY_OVER_RULE = "carry_over_pronoun"
_THIRD_PERSON_OPENING = re.compile(r"^\W*(?:and\s+|but\s+|so\s+)?(?:she|he|they|her|his|their)\b", re.IGNORECASE)
_THIRD_PERSON_SINGULAR = re.compile(r"\b(?:she|he|him|his|her)\b", re.IGNORECASE)
"""A he or she later in a sentence that says nothing of the writer ("This has gone on for years and he gave up on
treating it"): the relative or client of the sentence before is still its subject."""
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|im|i've|ive|my|me|mine|myself)\b", re.IGNORECASE)
"""The writer alone: "we" and "our" in a sentence about a relative take the relative in ("She is taking X, we have
tried Y" tells of her treatments)."""


def medspacy_rules(rules: Sequence[ContextRule]) -> list:
    """One medspaCy ``ConTextRule`` per phrasing; each remembers its rule id in ``metadata``."""
    from medspacy.context import ConTextRule  # imported late: medspaCy takes ~2 s to import

    converted = []
    for rule in rules:
        control = rule.category in CONTROL_CATEGORIES
        for literal in rule.literals:
            converted.append(
                ConTextRule(
                    literal,
                    rule.category,
                    direction=rule.category if control else rule.direction,
                    max_scope=rule.max_scope,
                    allowed_types=set(rule.allowed_types) or None,
                    metadata={"rule": rule.id},
                )
            )
    return converted


class ContextMarker:
    """Sets the context attributes of every mention in ``doc.spans["mention"]``.

    Args:
        context: a medspaCy ``ConText`` built over the mention span group (see :func:`make_context_marker`).
    """

    def __init__(self, context: object) -> None:
        self.context = context

    def __call__(self, doc: Doc) -> Doc:
        mentions = list(doc.spans.get(MENTIONS_KEY, ()))
        if not mentions:
            return doc
        with warnings.catch_warnings():
            # medspaCy keeps a token matcher beside its phrase matcher; our rules are all phrases, so spaCy
            # warns (W036) that the token matcher is empty on every call.
            warnings.filterwarnings("ignore", message=r"\[W036\]")
            self.context(doc)
        # One pass for the sentence of every token: ``span.sent`` walks the doc on each call.
        sentence_of, sentences, start = [], [], 0
        for token in doc:
            if token.is_sent_start and token.i:
                sentences.append(doc[start : token.i])
                start = token.i
            sentence_of.append(start)
        sentences.append(doc[start:])
        carried = self._carried_experiencers(doc, sentences, sentence_of)
        for span in mentions:
            self._annotate(span, carried.get(sentence_of[span.start]))
        return doc

    @staticmethod
    def _carried_experiencers(doc: Doc, sentences: list[Span], sentence_of: list[int]) -> dict[int, tuple[str, Cue]]:
        """Sentence start → the third-party experiencer it inherits through an opening pronoun, with the cue."""
        by_sentence: dict[int, str] = {}
        for modifier in doc._.context_graph.modifiers:
            category = modifier.category.lower()
            if category in EXPERIENCER_CATEGORIES and category != "other":
                by_sentence[sentence_of[modifier.modifier_span[0]]] = category
        carried: dict[int, tuple[str, Cue]] = {}
        previous: str | None = None
        whole = doc.text  # spaCy builds a span's text anew on each access: once per doc, then sliced
        for sent in sentences:
            own = by_sentence.get(sent.start)
            text = whole[sent.start_char : sent.end_char]
            match = None
            if own is None and previous is not None:
                opening = _THIRD_PERSON_OPENING.match(text)
                if not _FIRST_PERSON.search(text):
                    match = opening or _THIRD_PERSON_SINGULAR.search(text)
                elif opening:
                    own = previous  # "She flares up at night and I'm wondering ...": still her story after it
            if match:
                pronoun = match.end() - len(match[0].split()[-1])
                start = sent.start_char + pronoun
                carried[sent.start] = (
                    previous,
                    Cue(start, sent.start_char + match.end(), previous, CARRY_OVER_RULE),
                )
                own = previous
            if not text.strip():
                continue
            previous = own
        return carried

    @staticmethod
    def _annotate(span: Span, carried: tuple[str, Cue] | None) -> None:
        attrs: dict[str, object] = {category: False for category in ATTRIBUTE_CATEGORIES}
        cues: list[Cue] = []
        experiencer, distance = SELF, None
        for modifier in span._.modifiers:
            category = modifier.category.lower()
            start, end = modifier.modifier_span
            doc = span.doc
            cue = Cue(doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), category, modifier.rule.metadata["rule"])
            if category in ATTRIBUTE_CATEGORIES:
                attrs[category] = True
                cues.append(cue)
            elif category in EXPERIENCER_CATEGORIES:
                # The nearest experiencer cue wins: "my friend told me about my client's ..." is about the client.
                gap = max(start - span.end, span.start - end, 0)
                if distance is None or gap < distance:
                    experiencer, distance = category, gap
                cues.append(cue)
        if distance is None and carried is not None:
            experiencer = carried[0]
            cues.append(carried[1])
        attrs["experiencer"] = experiencer
        record = dict(span._.get(EXTENSION) or {})
        explanation = record.get("explanation") or Explanation()
        record["attrs"] = {**record.get("attrs", {}), **attrs}
        record["explanation"] = replace(explanation, cues=(*explanation.cues, *cues))
        span._.set(EXTENSION, record)


@Language.factory(
    COMPONENT,
    assigns=["span._.anecdata"],
    requires=["token.is_sent_start", "doc.spans"],
    default_config={"rules": BUILTIN},
)
def make_context_marker(nlp: Language, name: str, rules: str) -> ContextMarker:
    """The context marker with the bundled rules (``"builtin"``) or a rule file's (a path)."""
    from medspacy.context import ConText

    ensure_extensions()
    context = ConText(
        nlp,
        name=name,
        rules=None,
        span_attrs=None,
        input_span_type="group",
        span_group_name=MENTIONS_KEY,
    )
    context.add(medspacy_rules(load_rules(rules)))
    return ContextMarker(context)
