"""The ``anecdata_safety`` component: red-flag spans in ``doc.spans["safety"]``, each with its guideline.

Label: ``red_flag``; attrs ``{"flag": kind, "guideline": guideline id, "note": NOTE, "experiencer": who}``. The
note is the same fixed sentence on every flag: the layer says that a symptom is on a guideline's list, never
what it means or what to do. The explanation's cues are the trigger, the companion it needed (back pain beside a
fever) and the person cue that decided who has the symptom; its note cites the guideline.

Span extension records are keyed by character offsets, so two spans with the same extent in different groups
would share one record. When a trigger's extent is already taken by another span, the span grows by a token to
the right, then to the left, then to the sentence, and says so (``alignment="expanded"``).

No ``from __future__ import annotations`` here: spaCy reads the factory's type hints at run time.
"""

from spacy.language import Language
from spacy.tokens import Doc, Span

from anecdata.model import Explanation, Origin
from anecdata.read.extensions import EXTENSION, ensure_extensions, set_spans_at_free_extents
from anecdata.read.safety.rules import BUILTIN, NOTE, RULES_VERSION, load_rules
from anecdata.read.safety.scanner import Finding, RedFlagScanner
from anecdata.read.sentences.extents import sentence_extents

COMPONENT = "anecdata_safety"
SPANS_KEY = "safety"
LABEL = "red_flag"
PART = "red_flags"


class SafetyFinder:
    """Runs :class:`RedFlagScanner` over a doc and writes a span for every flagged trigger.

    Args:
        scanner: the red-flag scanner (its rules).
    """

    def __init__(self, scanner: RedFlagScanner) -> None:
        self.scanner = scanner

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text  # built anew from the tokens on each access
        sentences: list[tuple[int, int]] = []

        def extents() -> list[tuple[int, int]]:
            sentences.extend(sentence_extents(doc, len(text)))
            return sentences

        def place(finding: Finding, taken: set[tuple[int, int]]) -> Span | None:
            sentence = next(((a, b) for a, b in sentences if a <= finding.start < b), (0, len(text)))
            return self._span(doc, finding, sentence, taken)

        findings = [f for f in self.scanner.read(text, extents) if f.flagged]
        set_spans_at_free_extents(doc, SPANS_KEY, findings, place)
        return doc

    @staticmethod
    def _span(doc: Doc, finding: Finding, sentence: tuple[int, int], taken: set[tuple[int, int]]) -> Span | None:
        span = doc.char_span(finding.start, finding.end, label=LABEL, alignment_mode="expand")
        if span is None:
            return None
        if (span.start_char, span.end_char) in taken:
            whole = doc.char_span(*sentence, alignment_mode="contract")
            wider = [doc[span.start : span.end + 1], doc[max(span.start - 1, 0) : span.end]]
            wider += [whole] if whole is not None else []
            free = next((w for w in wider if (w.start_char, w.end_char) not in taken), None)
            if free is None:
                return None
            span = Span(doc, free.start, free.end, label=LABEL)
        exact = (span.start_char, span.end_char) == (finding.start, finding.end)
        span._.set(
            EXTENSION,
            {
                "attrs": {
                    "flag": finding.rule.flag,
                    "guideline": finding.guideline.id,
                    "note": NOTE,
                    "experiencer": finding.experiencer,
                },
                "concept": None,
                "score": 1.0,
                "origin": Origin(COMPONENT, part=PART, rule=finding.rule.id, version=str(RULES_VERSION)),
                "explanation": Explanation(
                    cues=finding.cues,
                    alignment="exact" if exact else "expanded",
                    note=f"{finding.rule.flag}: {finding.guideline.citation}",
                ),
            },
        )
        return span


@Language.factory(
    COMPONENT,
    assigns=["doc.spans", "span._.anecdata"],
    requires=["token.is_sent_start"],
    default_config={"rules": BUILTIN},
)
def make_safety_finder(nlp: Language, name: str, rules: str) -> SafetyFinder:
    """The red-flag finder with the bundled rules (``"builtin"``) or a rule file's (a path)."""
    ensure_extensions()
    return SafetyFinder(RedFlagScanner(load_rules(rules)))
