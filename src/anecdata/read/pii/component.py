"""The ``anecdata_pii`` component: runs the recognisers over a post and keeps non-overlapping findings."""

from spacy.language import Language
from spacy.tokens import Doc

from anecdata.model import Explanation, Origin
from anecdata.read.extensions import EXTENSION, ensure_extensions
from anecdata.read.pii.recognizers import contacts, known_names, signature

COMPONENT = "anecdata_pii"
SPANS_KEY = "pii"
CONTEXT_KEY = "anecdata_post"
"""``doc.user_data`` key under which the pipeline passes what the reader learnt: names, closing offset."""


class PiiFinder:
    """Finds person, location, contact, handle, url and credential spans."""

    def __call__(self, doc: Doc) -> Doc:
        context = doc.user_data.get(CONTEXT_KEY, {})
        findings = [
            *contacts(doc.text),
            *signature(doc.text, context.get("closing_start")),
            *known_names(doc.text, context.get("names", ())),
        ]
        spans = []
        taken: set[int] = set()
        for f in sorted(findings, key=lambda f: (-(f.end - f.start), -f.score, f.start)):
            span = doc.char_span(f.start, f.end, label=f.label, alignment_mode="expand")
            if span is None or not taken.isdisjoint(range(span.start_char, span.end_char)):
                continue
            taken.update(range(span.start_char, span.end_char))
            aligned = (span.start_char, span.end_char) == (f.start, f.end)
            span._.set(
                EXTENSION,
                {
                    "attrs": {},
                    "concept": None,
                    "score": f.score,
                    "origin": Origin(COMPONENT, part="recognizers", rule=f.rule),
                    "explanation": Explanation(alignment="exact" if aligned else "expanded"),
                },
            )
            spans.append(span)
        doc.spans[SPANS_KEY] = sorted(spans, key=lambda s: s.start_char)
        return doc


@Language.factory(COMPONENT, assigns=["doc.spans", "span._.anecdata"])
def make_pii_finder(nlp: Language, name: str) -> PiiFinder:
    ensure_extensions()
    return PiiFinder()
