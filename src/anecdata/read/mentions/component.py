"""The ``anecdata_mentions`` component: lexicon phrases, abbreviations and misspellings, plus durations.

Matching runs over token norms, after misspelt words have had their norm set to the lexicon word they were meant
to be, so "plantar facsiitis" matches the phrase "plantar fasciitis". Longest match wins; among equally long
candidates the concept type decides (a condition outranks a symptom or a body part).
"""

from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from anecdata.model import Concept, Cue, Explanation, Origin
from anecdata.read.extensions import EXTENSION, ensure_extensions
from anecdata.read.mentions.durations import find_durations
from anecdata.read.mentions.fuzzy import FuzzyIndex
from anecdata.vocab.lexicon import LAY_LEXICON, LexiconEntry, load_lexicon

COMPONENT = "anecdata_mentions"
SPANS_KEY = "mention"
TYPE_RANK = {
    "condition": 0,
    "drug": 1,
    "treatment": 2,
    "cause": 3,
    "symptom": 4,
    "body_part": 5,
    "duration": 6,
}
MATCH_SCORES = {"exact": 1.0, "synonym": 0.95, "abbreviation": 0.85, "fuzzy": 0.75}
SIGNATURE_LINE_MAX_TOKENS = 6
"""An abbreviation after a comma on a line this short is a credential in a signature ("Ann Lee, PT")."""


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int  # token indices
    end: int
    entry: LexiconEntry
    match: str


class MentionFinder:
    """Finds condition, symptom, treatment, drug, body-part and cause mentions, and durations."""

    def __init__(self, nlp: Language, lexicon: str = LAY_LEXICON) -> None:
        self.lexicon_name = lexicon
        self.entries = {e.id: e for e in load_lexicon(lexicon)}
        self.phrases = PhraseMatcher(nlp.vocab, attr="NORM")
        self.abbreviations = PhraseMatcher(nlp.vocab, attr="ORTH")
        fuzzy_words = set()
        for e in self.entries.values():
            self.phrases.add(e.id, [nlp.make_doc(s) for s in e.synonyms])
            if e.abbreviations:
                self.abbreviations.add(e.id, [nlp.make_doc(a) for a in e.abbreviations])
            if e.fuzzy:
                fuzzy_words.update(w for s in e.synonyms for w in s.lower().split())
        self.fuzzy = FuzzyIndex(fuzzy_words)

    def __call__(self, doc: Doc) -> Doc:
        corrected = self._correct_misspellings(doc)
        candidates = [self._phrase_candidate(doc, m, corrected) for m in self.phrases(doc)]
        candidates += [
            _Candidate(s, e, self.entries[doc.vocab.strings[k]], "abbreviation")
            for k, s, e in self.abbreviations(doc)
            if not _in_signature(doc, s)
        ]
        spans = [self._span(doc, c, corrected) for c in _resolve(candidates) if self._allowed(doc, c)]
        spans += list(self._durations(doc, taken=spans))
        doc.spans[SPANS_KEY] = sorted(spans, key=lambda s: (s.start_char, s.end_char))
        return doc

    def _correct_misspellings(self, doc: Doc) -> dict[int, tuple[str, int]]:
        """Set the norm of misspelt tokens to the lexicon word meant; returns {token index: (word, edits)}."""
        corrected = {}
        for token in doc:
            if token.is_alpha and (hit := self.fuzzy.correct(token.text)) is not None:
                token.norm_ = hit[0]
                corrected[token.i] = hit
        return corrected

    def _phrase_candidate(self, doc: Doc, match: tuple[int, int, int], corrected: dict) -> _Candidate:
        key, start, end = match
        entry = self.entries[doc.vocab.strings[key]]
        if any(i in corrected for i in range(start, end)):
            kind = "fuzzy"
        elif doc[start:end].text.lower() == entry.name.lower():
            kind = "exact"
        else:
            kind = "synonym"
        return _Candidate(start, end, entry, kind)

    def _allowed(self, doc: Doc, c: _Candidate) -> bool:
        return not (c.end < len(doc) and doc[c.end].lower_ in c.entry.not_before)

    def _span(self, doc: Doc, c: _Candidate, corrected: dict) -> Span:
        span = Span(doc, c.start, c.end, label=c.entry.type)
        cues = tuple(
            Cue(doc[i].idx, doc[i].idx + len(doc[i]), f"misspelling of {w!r}")
            for i, (w, _) in sorted(corrected.items())
            if c.start <= i < c.end
        )
        note = f"{c.match} match to {c.entry.name!r}"
        if cues:
            note += "; " + ", ".join(
                f"{doc[i].text!r} read as {w!r} ({d} edit{'s' * (d > 1)})"
                for i, (w, d) in sorted(corrected.items())
                if c.start <= i < c.end
            )
        span._.set(
            EXTENSION,
            {
                "attrs": {"match": c.match, "generic": c.entry.generic},
                "concept": Concept(c.entry.system, c.entry.id, c.entry.name),
                "score": MATCH_SCORES[c.match],
                "origin": Origin(COMPONENT, part=self.lexicon_name, rule=c.entry.id),
                "explanation": Explanation(cues=cues, note=note),
            },
        )
        return span

    def _durations(self, doc: Doc, taken: list[Span]):
        used = {i for s in taken for i in range(s.start, s.end)}
        for d in find_durations(doc.text):
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
            yield span


def _in_signature(doc: Doc, start: int) -> bool:
    """A credential after a name ("Mary Lee, PT") on a short line of its own is not a treatment."""
    if start == 0 or doc[start - 1].text != ",":
        return False
    line_start = start
    while line_start > 0 and "\n" not in doc[line_start - 1].text_with_ws:
        line_start -= 1
    line_end = start
    while line_end < len(doc) and "\n" not in doc[line_end].text_with_ws:
        line_end += 1
    return line_end - line_start + 1 <= SIGNATURE_LINE_MAX_TOKENS


def _resolve(candidates: list[_Candidate]) -> list[_Candidate]:
    """Keep non-overlapping candidates: longest first, then by concept type rank."""
    ranked = sorted(candidates, key=lambda c: (-(c.end - c.start), TYPE_RANK[c.entry.type], c.start))
    taken: set[int] = set()
    kept = []
    for c in ranked:
        if taken.isdisjoint(range(c.start, c.end)):
            kept.append(c)
            taken.update(range(c.start, c.end))
    return sorted(kept, key=lambda c: c.start)


@Language.factory(
    COMPONENT,
    assigns=["doc.spans", "span._.anecdata"],
    default_config={"lexicon": LAY_LEXICON},
)
def make_mention_finder(nlp: Language, name: str, lexicon: str) -> MentionFinder:
    ensure_extensions()
    return MentionFinder(nlp, lexicon)
