"""The ``anecdata_mentions`` component: concepts from the compiled lexicon, plus durations, as mention spans.

A match becomes a span of its concept type, carrying the concept, how it matched and, for misspellings, the
word each misspelt token was read as. Every mention records in ``attrs["normalised"]`` whether it was resolved
to a vocabulary concept. A drug the vocabulary lacks, found by a dose beside it or a drug-class stem
(``unknown.py``), is kept as written, with ``normalised`` False and no concept, rather than dropped.
Abbreviations are matched only as written; a credential after a name on a short signature line ("Ann Lee, PT"),
the writer's role ("I'm a physiotherapist") and words inside a web address are not taken for treatments.
"""

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from anecdata.model import Concept, Cue, Explanation, Origin
from anecdata.read.extensions import EXTENSION, ensure_extensions
from anecdata.read.mentions.durations import find_durations
from anecdata.read.mentions.matcher import LexiconMatch, LexiconMatcher
from anecdata.read.mentions.unknown import find_unknown_drugs
from anecdata.vocab.compiled import load_lexicon

COMPONENT = "anecdata_mentions"
SPANS_KEY = "mention"
MATCH_SCORES = {"exact": 1.0, "synonym": 0.95, "abbreviation": 0.85, "fuzzy": 0.75}
UNKNOWN_SCORE = 0.6
SHORTENED_MIN = 4
"""Letters a shortened drug name keeps ("Lamo", "Briva"): fewer open too many names."""
"""A drug the vocabulary lacks, found by a dose or a stem (``unknown.py``): less sure than any lexicon match."""
LINK = re.compile(r"(?:https?://|www\.)[^\s)\]>]+", re.IGNORECASE)
"""A web address: words inside one ("...-multiple-sclerosis?...") are part of a link, not something said."""
ROLE_BEFORE = re.compile(r"\b(?:i'?m|i am|am|as|work as|working as)\s+an?\s+(?:\w+\s+)?$", re.IGNORECASE)
"""Before a treatment word, the writer's role: "I'm a physiotherapist", "as a licensed chiropractor"."""
SIGNATURE_LINE_MAX_WORDS = 6
"""An abbreviation after a comma on a line this short is a credential in a signature ("Ann Lee, PT")."""


class MentionFinder:
    """Finds condition, symptom, treatment, drug, body-part and cause mentions, and durations."""

    def __init__(self, matcher: LexiconMatcher) -> None:
        self.matcher = matcher

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text  # spaCy rebuilds it from the tokens on every access: once per doc
        spans = []
        links = [(m.start(), m.end()) for m in LINK.finditer(text)] if "://" in text or "www." in text else []
        for match in self.matcher.find(text):
            if match.kind == "abbreviation" and _in_signature(text, match.start):
                continue
            if any(start <= match.start < end for start, end in links):
                continue
            if match.entry.type == "treatment" and ROLE_BEFORE.search(text, max(0, match.start - 40), match.start):
                continue
            if (span := self._span(doc, text, match)) is not None:
                spans.append(span)
        spans += self._unknown_drugs(doc, text, spans, links)
        spans += self._durations(doc, text, taken=spans)
        doc.spans[SPANS_KEY] = sorted(spans, key=lambda s: (s.start_char, s.end_char))
        return doc

    def _span(self, doc: Doc, text: str, match: LexiconMatch) -> Span | None:
        span = doc.char_span(match.start, match.end, label=match.entry.type, alignment_mode="expand")
        if span is None:
            return None
        entry = match.entry
        cues = tuple(Cue(c.start, c.end, f"misspelling of {c.meant!r}") for c in match.corrections)
        note = f"{match.kind} match to {entry.name!r}"
        if match.corrections:
            note += "; " + ", ".join(
                f"{text[c.start : c.end]!r} read as {c.meant!r} ({c.edits} edit{'s' * (c.edits > 1)})"
                for c in match.corrections
            )
        aligned = (span.start_char, span.end_char) == (match.start, match.end)
        span._.set(
            EXTENSION,
            {
                "attrs": {
                    "match": match.kind,
                    "normalised": True,
                    "concept_id": entry.id,
                    "generic": entry.generic,
                    "drug_class": entry.drug_class,
                    "codes": list(entry.codes),
                },
                "concept": Concept(entry.system, entry.code, entry.name),
                "score": MATCH_SCORES[match.kind],
                "origin": Origin(COMPONENT, part=entry.system, rule=entry.id),
                "explanation": Explanation(cues=cues, alignment="exact" if aligned else "expanded", note=note),
            },
        )
        return span

    @staticmethod
    def _unknown_drugs(doc: Doc, text: str, taken: list[Span], links: list[tuple[int, int]]) -> list[Span]:
        """Drugs the vocabulary lacks, kept as written (``normalised`` False, no concept; see ``unknown.py``)."""
        found = []
        known = [(s.start_char, s.end_char) for s in taken] + links
        drugs = [s for s in taken if s.label_ == "drug"]
        for drug in find_unknown_drugs(text, known):
            span = doc.char_span(drug.start, drug.end, label="drug", alignment_mode="contract")
            if span is None or _in_signature(text, drug.start):
                continue
            full = _shortened(span.text, drugs)
            if full is not None:  # "Briva-whatever" after "Brivaracetam": the drug named in full, shortened
                record = dict(full._.get(EXTENSION))
                record["attrs"] = {**record["attrs"], "match": "shortened"}
                record["explanation"] = Explanation(note=f"short for {full.text!r}, named in this post")
                span._.set(EXTENSION, record)
                found.append(span)
                continue
            span._.set(
                EXTENSION,
                {
                    "attrs": {"match": "unknown", "normalised": False, "generic": False, "drug_class": False},
                    "concept": None,
                    "score": UNKNOWN_SCORE,
                    "origin": Origin(COMPONENT, part="unknown", rule="unknown_drug"),
                    "explanation": Explanation(note=f"not in the vocabulary; a drug by {drug.cue}, kept as written"),
                },
            )
            found.append(span)
        return found

    @staticmethod
    def _durations(doc: Doc, text: str, taken: list[Span]) -> list[Span]:
        used = {i for s in taken for i in range(s.start, s.end)}
        found = []
        for d in find_durations(text):
            span = doc.char_span(d.start, d.end, label="duration", alignment_mode="contract")
            if span is None or any(t.i in used for t in span):
                continue
            span._.set(
                EXTENSION,
                {
                    "attrs": {"value": d.value, "unit": d.unit, "ongoing": d.ongoing},
                    "concept": None,
                    "score": 0.9,
                    "origin": Origin(COMPONENT, part="durations", rule="number_unit"),
                    "explanation": Explanation(note=f"{d.value:g} {d.unit}(s)"),
                },
            )
            found.append(span)
        return found


def _shortened(word: str, drugs: list[Span]) -> Span | None:
    """The drug named in full elsewhere in the post that ``word`` shortens: its first part ("Briva" of
    "Briva-whatever", at least ``SHORTENED_MIN`` letters) opens the drug's name."""
    head = re.split(r"[-\s]", word.lower())[0]
    if len(head) < SHORTENED_MIN:
        return None
    return next((d for d in drugs if d.text.lower().startswith(head) and d.text.lower() != head), None)


def _in_signature(text: str, start: int) -> bool:
    """A credential after a name ("Mary Lee, PT") on a short line of its own is not a treatment."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    before = text[line_start:start].rstrip()
    return before.endswith(",") and len(line.split()) <= SIGNATURE_LINE_MAX_WORDS


@Language.factory(COMPONENT, assigns=["doc.spans", "span._.anecdata"])
def make_mention_finder(nlp: Language, name: str) -> MentionFinder:
    ensure_extensions()
    return MentionFinder(LexiconMatcher(load_lexicon()))
