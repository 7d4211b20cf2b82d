"""The ``anecdata_statements`` component: one statement span per typed sentence."""

from spacy.language import Language
from spacy.tokens import Doc, Span

from anecdata.model import Cue, Explanation, Origin
from anecdata.read.extensions import EXTENSION, ensure_extensions
from anecdata.read.mentions.component import SPANS_KEY as MENTIONS_KEY
from anecdata.read.statements.rules import type_sentence

COMPONENT = "anecdata_statements"
SPANS_KEY = "statement"
HEALTH_TYPES = frozenset({"condition", "symptom", "treatment", "drug", "cause"})


class StatementTyper:
    """Labels sentences claim / per_exp / claim_per_exp / question with :func:`type_sentence`."""

    def __call__(self, doc: Doc) -> Doc:
        mentions = doc.spans.get(MENTIONS_KEY, [])
        health = [m for m in mentions if m.label_ in HEALTH_TYPES]
        spans = []
        for sent in doc.sents:
            sent = _trim(sent)
            if sent is None:
                continue
            has_health = any(sent.start <= m.start < sent.end for m in health)
            typed = type_sentence(sent.text, has_health)
            if typed is None:
                continue
            span = Span(doc, sent.start, sent.end, label=typed.label)
            attrs: dict[str, object] = {}
            if typed.label in ("claim", "claim_per_exp"):
                attrs = {"claim_type": typed.claim_type, "hedged": typed.hedged}
            span._.set(
                EXTENSION,
                {
                    "attrs": attrs,
                    "concept": None,
                    "score": 0.6,
                    "origin": Origin(COMPONENT, part="rules", rule=typed.rule),
                    "explanation": Explanation(
                        cues=tuple(Cue(sent.start_char + c.start, sent.start_char + c.end, c.kind) for c in typed.cues)
                    ),
                },
            )
            spans.append(span)
        doc.spans[SPANS_KEY] = spans
        return doc


def _trim(sent: Span) -> Span | None:
    start, end = sent.start, sent.end
    while start < end and sent.doc[start].is_space:
        start += 1
    while end > start and sent.doc[end - 1].is_space:
        end -= 1
    return sent.doc[start:end] if start < end else None


@Language.factory(
    COMPONENT,
    assigns=["doc.spans", "span._.anecdata"],
    requires=["token.is_sent_start", "doc.spans"],
)
def make_statement_typer(nlp: Language, name: str) -> StatementTyper:
    ensure_extensions()
    return StatementTyper()
