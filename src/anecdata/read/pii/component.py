"""The ``anecdata_pii`` component: Presidio with anecdata's recognisers over a post, kept as non-overlapping spans.

Each span's record says which recogniser and rule found it (``Origin``), its score after context, and why
(``Explanation``: the cues, the supporting context word, the score change, the validation).
"""

from collections.abc import Iterable, Iterator

from presidio_analyzer import AnalyzerEngine, RecognizerResult
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from anecdata.errors import ConfigError
from anecdata.model import Cue, Explanation, Origin
from anecdata.read.extensions import EXTENSION, ensure_extensions
from anecdata.read.pii.allow_list import MENTIONS_KEY, normalised, titled_person
from anecdata.read.pii.config import BUILTIN, PiiConfig, load_pii_config
from anecdata.read.pii.engine import LANGUAGE, build_analyzer, doc_artifacts
from anecdata.read.pii.post import CONTEXT_KEY
from anecdata.read.pii.recognizers.base import CUES_KEY, PRIORITY_KEY, RULE_KEY, ForumRecognizer, label_of
from anecdata.read.pii.registry import RECOGNIZERS
from anecdata.read.statements.component import SPANS_KEY as STATEMENTS_KEY

COMPONENT = "anecdata_pii"
SPANS_KEY = "pii"
__all__ = ["COMPONENT", "CONTEXT_KEY", "SPANS_KEY", "PiiFinder", "make_pii_finder"]


class PiiFinder:
    """Finds person, location, contact, handle, url, credential and date spans.

    The analyzer is built on the first document, so building a pipeline stays cheap.

    Args:
        config: the parsed ``pii.toml``.
        nlp: the pipeline this component belongs to (its tokenizer serves texts given to Presidio directly).
    """

    def __init__(self, config: PiiConfig, nlp: Language) -> None:
        self.config = config
        self.nlp = nlp
        self._analyzer: AnalyzerEngine | None = None
        self._versions = {entry.cls.__name__: entry.cls.VERSION for entry in RECOGNIZERS.values()}

    @property
    def analyzer(self) -> AnalyzerEngine:
        if self._analyzer is None:
            self._analyzer = build_analyzer(self.config, self.nlp)
        return self._analyzer

    def __call__(self, doc: Doc) -> Doc:
        return self._analyze(doc, doc.text)

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        """Each batch's docs as ``__call__`` would, after the recognisers that work faster on many docs at once
        (the name tagger decodes a batch's sentences together) have prepared them."""
        recognizers = [r for r in self.analyzer.registry.recognizers if isinstance(r, ForumRecognizer)]
        for batch in minibatch(docs, size=batch_size):
            texts = [doc.text for doc in batch]  # spaCy rebuilds it from the tokens on every access
            for recognizer in recognizers:
                recognizer.prepare(batch, texts)
            for doc, text in zip(batch, texts, strict=True):
                yield self._analyze(doc, text)

    def _analyze(self, doc: Doc, text: str) -> Doc:
        analyzer = self.analyzer
        results = analyzer.analyze(
            text=text,
            language=LANGUAGE,
            nlp_artifacts=doc_artifacts(doc, analyzer.nlp_engine),
            return_decision_process=True,
        )
        doc.spans[SPANS_KEY] = self._spans(doc, text, results)
        return doc

    def _spans(self, doc: Doc, text: str, results: list[RecognizerResult]) -> list[Span]:
        """Non-overlapping spans: longer findings first, then rules before the tagger, then higher scores.

        Spans snap outward to token boundaries.

        A byte per character marks what is taken, so the check costs the span's length, not the spans kept.
        """
        spans = []
        taken = bytearray(len(text))
        # A span's record is keyed by its extent alone (spaCy), so a finding at a mention's exact extent would
        # overwrite what the mention found; and a word the lexicon knows as a medical concept is not a name.
        # A drug kept as written ("Emma 5ml") is no proof against a name, nor is a known word a title names ("Dr.
        # Graston"): a finding at its extent takes it over.
        held = {
            (s.start_char, s.end_char)
            for key, group in doc.spans.items()
            if key != SPANS_KEY
            for s in group
            if key != MENTIONS_KEY or normalised(s)
        }
        guessed = {
            (s.start_char, s.end_char)
            for s in doc.spans.get(MENTIONS_KEY, ())
            if not normalised(s) or titled_person(text, s.start_char, s.end_char)
        }
        # A statement at a name's exact extent (a signature line "Joan" read as a sentence) yields it: the name
        # must be masked, and a line that is only a name states nothing.
        stated = {(s.start_char, s.end_char) for s in doc.spans.get(STATEMENTS_KEY, ())}
        held -= guessed | stated
        for r in sorted(
            results, key=lambda r: (-(r.end - r.start), -r.recognition_metadata[PRIORITY_KEY], -r.score, r.start)
        ):
            span = doc.char_span(r.start, r.end, label=label_of(r.entity_type), alignment_mode="expand")
            if span is None or (span.start_char, span.end_char) in held:
                continue
            if taken.find(1, span.start_char, span.end_char) >= 0:
                continue
            taken[span.start_char : span.end_char] = b"\x01" * (span.end_char - span.start_char)
            aligned = (span.start_char, span.end_char) == (r.start, r.end)
            span._.set(EXTENSION, self._record(r, aligned))
            spans.append(span)
        found = {(s.start_char, s.end_char) for s in spans}
        for key, lost in ((MENTIONS_KEY, found & guessed), (STATEMENTS_KEY, found & stated)):
            if lost:
                doc.spans[key] = [s for s in doc.spans[key] if (s.start_char, s.end_char) not in lost]
        return sorted(spans, key=lambda s: s.start_char)

    def _record(self, r: RecognizerResult, aligned: bool) -> dict[str, object]:
        metadata = r.recognition_metadata or {}
        name = metadata.get(RecognizerResult.RECOGNIZER_NAME_KEY, "")
        explanation = r.analysis_explanation
        notes = [explanation.textual_explanation or ""] if explanation else []
        if explanation is not None and explanation.supportive_context_word:
            notes.append(
                f"context word {explanation.supportive_context_word!r} raised the score "
                f"from {explanation.original_score:.2f} to {r.score:.2f}"
            )
        if explanation is not None and explanation.validation_result:
            notes.append("validated")
        cues: tuple[Cue, ...] = tuple(metadata.get(CUES_KEY, ()))
        return {
            "attrs": {},
            "concept": None,
            "score": round(min(max(r.score, 0.0), 1.0), 4),
            "origin": Origin(
                COMPONENT, part=name, rule=metadata.get(RULE_KEY, ""), version=self._versions.get(name, "1")
            ),
            "explanation": Explanation(
                cues=cues, alignment="exact" if aligned else "expanded", note="; ".join(n for n in notes if n)
            ),
        }


@Language.factory(
    COMPONENT,
    assigns=["doc.spans", "span._.anecdata"],
    default_config={"config": BUILTIN},
)
def make_pii_finder(nlp: Language, name: str, config: str) -> PiiFinder:
    """The PII component; ``config`` is ``"builtin"`` (the bundled ``pii.toml``) or the path of another."""
    ensure_extensions()
    parsed = load_pii_config(config)
    if not parsed.enabled:
        raise ConfigError(f"{parsed.source}: no recogniser is enabled; remove {COMPONENT} to turn PII detection off")
    return PiiFinder(parsed, nlp)
