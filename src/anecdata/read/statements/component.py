"""The ``anecdata_statements`` component: statement spans (claim, per_exp, claim_per_exp, question) per sentence.

By default a trained :class:`~anecdata.read.statements.model.StatementModel` labels the sentences of each post
together (``model = "builtin"``, the model shipped in ``data/``); ``model`` may name another model file written by
``anecdata train statements``, or ``"rules"`` for the first cue-rule typer (:func:`rules.type_sentence`), kept as
the baseline the model is measured against. Either way a claim's type comes from the claim-type model
(``claim_types.py``, trained on the project's corpus) and its hedging from cue rules.
"""

from bisect import bisect_left
from collections.abc import Sequence
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from anecdata.model import Cue, Explanation, Origin
from anecdata.read.extensions import EXTENSION, ensure_extensions
from anecdata.read.mentions.component import SPANS_KEY as MENTIONS_KEY
from anecdata.read.statements.claim_types import builtin_claim_type_model
from anecdata.read.statements.features import SentenceInput, post_features
from anecdata.read.statements.model import BUILTIN, StatementModel, load_model, questions_win
from anecdata.read.statements.rules import (
    StatementCue,
    asks_without_question_mark,
    claim_attributes,
    sentence_cues,
    type_sentence,
)

COMPONENT = "anecdata_statements"
SPANS_KEY = "statement"
RULES = "rules"
"""The ``model`` setting that selects the cue-rule typer instead of a trained model."""
HEALTH_TYPES = frozenset({"condition", "symptom", "treatment", "drug", "cause"})
CLAIM_LABELS = frozenset({"claim", "claim_per_exp"})
RULE_SCORE = 0.6
TITLE_MAX_WORDS = 25
Reading = tuple[Sequence[StatementCue], dict[str, object]]
"""A sentence's cues and its statement attributes (a claim's type and hedging)."""


class StatementTyper:
    """Labels a post's sentences with a statement model, or with cue rules when ``model`` is None."""

    def __init__(self, model: StatementModel | None, model_name: str) -> None:
        self.model = model
        self.model_name = model_name

    def __call__(self, doc: Doc) -> Doc:
        # A span's record is keyed by its extent alone (spaCy): a one-word sentence that is a mention ("Benefiber"
        # as a title) would overwrite what the mention found, so such a sentence gets no statement.
        taken = {(s.start_char, s.end_char) for key, group in doc.spans.items() if key != SPANS_KEY for s in group}
        sentences = doc_sentences(doc)
        if self.model is None:
            doc.spans[SPANS_KEY] = [
                s
                for span, sentence in sentences
                if (span.start_char, span.end_char) not in taken and (s := self._by_rules(span, sentence))
            ]
            return doc
        scored = self.model.score(post_features([sentence for _, sentence in sentences]))
        probabilities = scored.probabilities
        decoded = self.model.decode(probabilities)
        column = {label: k for k, label in enumerate(self.model.labels)}
        for i, (_, sentence) in enumerate(sentences):
            # The rule's question gets the rule's score; it names no model feature, so the explanation is unchanged.
            if "question" not in decoded[i] and asks_without_question_mark(sentence.text):
                decoded[i] = [*decoded[i], "question"]
                probabilities[i, column["question"]] = max(probabilities[i, column["question"]], RULE_SCORE)
        chosen = []
        for i, ((span, sentence), p, labels) in enumerate(
            zip(sentences, probabilities, questions_win(decoded), strict=True)
        ):
            if (span.start_char, span.end_char) in taken or not labels:
                continue
            # spaCy keys ``span._`` by offsets, not by label, so a sentence with two labels has one record:
            # it names every label's probability, and its score is the most probable label's.
            by_p = sorted(labels, key=lambda label: -p[column[label]])
            note = "; ".join(
                f"{label} p={p[column[label]]:.2f} ({', '.join(scored.strongest(i, column[label]))})" for label in by_p
            )
            chosen.append((span, sentence.text, by_p, note, float(p[column[by_p[0]]])))
        readings = _model_readings([(text, not CLAIM_LABELS.isdisjoint(by_p)) for _, text, by_p, _, _ in chosen])
        spans = []
        for (span, _, by_p, note, best), (cues, attrs) in zip(chosen, readings, strict=True):
            explanation = _explanation(span, cues, note)  # one (immutable) for all the sentence's spans
            spans.extend(self._span(span, label, best, attrs, explanation, self.model_name) for label in by_p)
        doc.spans[SPANS_KEY] = spans
        return doc

    def _by_rules(self, span: Span, sentence: SentenceInput) -> Span | None:
        health = any(kind in HEALTH_TYPES for kind in sentence.mentions)
        typed = type_sentence(sentence.text, health)
        if typed is None:
            return None
        attrs: dict[str, object] = {}
        if typed.label in CLAIM_LABELS:
            attrs = {"claim_type": builtin_claim_type_model().claim_type(sentence.text)[0], "hedged": typed.hedged}
        explanation = _explanation(span, typed.cues, f"rule {typed.rule}")
        return self._span(span, typed.label, RULE_SCORE, attrs, explanation, typed.rule)

    def _span(
        self, span: Span, label: str, score: float, attrs: dict[str, object], explanation: Explanation, rule: str
    ) -> Span:
        labelled = Span(span.doc, span.start, span.end, label=label)
        labelled._.set(
            EXTENSION,
            {
                "attrs": dict(attrs),  # a record of its own for each span of a sentence
                "concept": None,
                "score": round(score, 3),
                "origin": _origin("rules" if self.model is None else "model", rule, self._version()),
                "explanation": explanation,
            },
        )
        return labelled

    def _version(self) -> str:
        return "1" if self.model is None else self.model.version


def _model_readings(sentences: list[tuple[str, bool]]) -> list[Reading]:
    """Each model-labelled sentence's cues and, when it carries a claim label (the flag), its claim type and
    hedging: one reading per sentence, whatever its labels, and the post's claims typed together."""
    claims = {i: claim_attributes(text) for i, (text, is_claim) in enumerate(sentences) if is_claim}
    types = builtin_claim_type_model().claim_types([(sentences[i][0], rule) for i, (rule, _, _) in claims.items()])
    readings = [(sentence_cues(text), {}) for text, _ in sentences]
    for (i, (_, hedged, claim_cues)), (claim_type, _) in zip(claims.items(), types, strict=True):
        readings[i] = (readings[i][0] + claim_cues, {"claim_type": claim_type, "hedged": hedged})
    return readings


def doc_sentences(doc: Doc) -> list[tuple[Span, SentenceInput]]:
    """The post's sentences without surrounding whitespace, each with what the statement model reads of it.

    Training reads sentences through this same function, so the model sees at training time exactly what it
    sees when reading. A first sentence that ends at a line break with more text after it is taken for a
    title (forum and Reddit exports put the title on the first line).
    """
    # Mentions by start token, so each sentence finds its own with two bisections rather than a scan of all.
    mentions = sorted(doc.spans.get(MENTIONS_KEY, []), key=lambda m: m.start)
    starts = [m.start for m in mentions]
    text = doc.text
    found = []
    for sent in doc.sents:
        span = _trim(sent)
        if span is None:
            continue
        kinds = tuple(m.label_ for m in mentions[bisect_left(starts, span.start) : bisect_left(starts, span.end)])
        is_title = (
            not found
            and text[span.end_char : span.end_char + 1] == "\n"
            and bool(text[span.end_char :].strip())
            and len(span) <= TITLE_MAX_WORDS
        )
        found.append((span, SentenceInput(text[span.start_char : span.end_char], kinds, is_title)))
    return found


def _trim(sent: Span) -> Span | None:
    start, end = sent.start, sent.end
    while start < end and sent.doc[start].is_space:
        start += 1
    while end > start and sent.doc[end - 1].is_space:
        end -= 1
    return sent.doc[start:end] if start < end else None


def _explanation(span: Span, cues: Sequence[StatementCue], note: str) -> Explanation:
    """The cues (sentence offsets) at their places in the post, and the note."""
    start = span.start_char
    return Explanation(cues=tuple(Cue(start + c.start, start + c.end, c.kind) for c in cues), note=note)


@cache
def _origin(part: str, rule: str, version: str) -> Origin:
    """One (immutable) origin per rule, shared by its spans rather than built for each."""
    return Origin(COMPONENT, part=part, rule=rule, version=version)


@cache
def _cached_model(location: str) -> StatementModel:
    """Each model file is read once per process, however many pipelines use it."""
    return load_model(location)


@Language.factory(
    COMPONENT,
    assigns=["doc.spans", "span._.anecdata"],
    requires=["token.is_sent_start", "doc.spans"],
    default_config={"model": BUILTIN},
)
def make_statement_typer(nlp: Language, name: str, model: str) -> StatementTyper:
    """The component; ``model`` is ``"builtin"`` (the shipped model), a model file or folder, or ``"rules"``."""
    ensure_extensions()
    if model == RULES:
        return StatementTyper(None, RULES)
    return StatementTyper(_cached_model(str(model)), "builtin" if model == BUILTIN else str(model))
