"""The ``anecdata_outcomes`` component: outcome spans in ``doc.spans["outcome"]``, linked to what they judge.

Labels: improved, no_change, worse, mixed, unknown; attrs ``{"ongoing": bool}``. The record's ``links`` holds
``(layer, start, end, label)`` of each judged mention; ``anecdata.read.pipeline.doc_annotations`` turns those
into annotation ids, which it derives from the same four values and the post id (the component does not know
the post id).

Span extension records are keyed by character offsets, so two spans with the same extent in different groups
would share one record. An outcome's extent is its evidence (cues, anaphor and judged mentions); when that
extent is already taken by another span (a mention, a statement, another outcome), the clause and then the
sentence are tried instead.
"""

from spacy.language import Language
from spacy.tokens import Doc, Span

from anecdata.model import Explanation, Origin
from anecdata.read.extensions import EXTENSION, ensure_extensions, set_spans_at_free_extents
from anecdata.read.mentions.component import SPANS_KEY as MENTIONS_KEY
from anecdata.read.outcomes.judge import MentionRef, Outcome, OutcomeJudge
from anecdata.read.outcomes.model import load_model
from anecdata.read.outcomes.rules import BUILTIN, CueSet, load_cues
from anecdata.read.sentences.extents import sentence_extents

COMPONENT = "anecdata_outcomes"
SPANS_KEY = "outcome"
LINK_LAYER = "mention"
JUDGED_AFTER = ("anecdata_sentences", "anecdata_mentions", "anecdata_context")
"""The components whose output the judge reads: what training builds to read posts as the judge sees them."""


class OutcomeFinder:
    """Runs :class:`OutcomeJudge` over a doc's sentences and mentions and writes outcome spans.

    Args:
        judge: the outcome judge (its cue rules).
    """

    def __init__(self, judge: OutcomeJudge) -> None:
        self.judge = judge

    def __call__(self, doc: Doc) -> Doc:
        mention_spans = {(s.start_char, s.end_char, s.label_): s for s in doc.spans.get(MENTIONS_KEY, ())}
        if not any(label in ("treatment", "drug") for _, _, label in mention_spans):
            doc.spans[SPANS_KEY] = []
            return doc
        text = doc.text  # built anew from the tokens on each access
        sentences = judged_sentences(doc, text)
        mentions = [mention_ref(span) for span in mention_spans.values()]
        outcomes = self.judge.read(text, sentences, mentions)
        set_spans_at_free_extents(doc, SPANS_KEY, outcomes, lambda o, taken: self._span(doc, o, sentences, taken))
        return doc

    @staticmethod
    def _span(doc: Doc, outcome: Outcome, sentences: list[tuple[int, int]], taken: set[tuple[int, int]]) -> Span | None:
        sentence = next(((a, b) for a, b in sentences if a <= outcome.start < b), (outcome.start, outcome.end))
        extents = [(outcome.start, outcome.end), sentence]
        if outcome.cues:  # a title line that is all verdict ("Protein shakes triggering gout"): its cues' words
            extents.append((min(c.start for c in outcome.cues), max(c.end for c in outcome.cues)))
        candidates = (doc.char_span(a, b, label=outcome.label, alignment_mode="expand") for a, b in extents)
        span = next((s for s in candidates if s is not None and (s.start_char, s.end_char) not in taken), None)
        if span is None:  # every extent is held by other spans ("Miralax" alone on a title line): keep theirs
            return None
        span._.set(
            EXTENSION,
            {
                "attrs": {"ongoing": outcome.ongoing},
                "concept": None,
                "score": outcome.score,
                "origin": Origin(COMPONENT, part="model" if outcome.by_model else "cues", rule=outcome.rule),
                "explanation": Explanation(cues=outcome.cues, note=outcome.note),
                "links": tuple((LINK_LAYER, t.start, t.end, t.label) for t in outcome.targets),
            },
        )
        return span


def judged_sentences(doc: Doc, text: str) -> list[tuple[int, int]]:
    """The sentences the outcome judge reads (at reading and at training alike): extents without surrounding
    whitespace, empty ones left out."""
    extents = [strip_extent(text, a, b) for a, b in sentence_extents(doc, len(text))]
    return [(a, b) for a, b in extents if b > a]


def strip_extent(text: str, start: int, end: int) -> tuple[int, int]:
    """A sentence's extent without surrounding whitespace (its final "?" tells a question)."""
    chunk = text[start:end]
    return start + len(chunk) - len(chunk.lstrip()), end - len(chunk) + len(chunk.rstrip())


def mention_ref(span: Span) -> MentionRef:
    """A mention span as the outcome judge sees it (context rules out negated and hypothetical ones)."""
    record = span._.get(EXTENSION) or {}
    attrs = record.get("attrs", {})
    return MentionRef(
        span.start_char,
        span.end_char,
        span.label_,
        generic=bool(attrs.get("generic")),
        excluded=bool(attrs.get("negated") or attrs.get("hypothetical")),
    )


@Language.factory(
    COMPONENT,
    assigns=["doc.spans", "span._.anecdata"],
    requires=["token.is_sent_start", "doc.spans"],
    default_config={"cues": BUILTIN, "model": None},
)
def make_outcome_finder(nlp: Language, name: str, cues: str, model: str | None) -> OutcomeFinder:
    """The outcome finder with the bundled cue rules (``"builtin"``) or a cue file's (a path).

    ``model``: the path of a model written by ``anecdata train outcomes``; None reads with the cue rules alone.
    """
    ensure_extensions()
    return OutcomeFinder(OutcomeJudge(CueSet(load_cues(cues)), load_model(model) if model else None))
