"""The base of anecdata's Presidio recognisers: patterns as data, template hooks, results that explain themselves.

A recogniser is a small subclass (STYLE.md 2.6): class-level ``PATTERNS`` (immutable ``NamedPattern`` tuples of a
name, a regex and a score), ``CONTEXT`` words, and optionally ``validate`` (a domain check that raises a match to
the maximum score or drops it) and ``find`` (for recognisers that need more than one regex, such as signatures).
Unlike Presidio's ``PatternRecognizer``, patterns are compiled per instance (class data is never mutated), the
PII may be one named group of a match, every finding may carry cues (offsets that decided it), and a finding may
carry its own label.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import ClassVar

from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.tokens import Doc

from anecdata.errors import ConfigError
from anecdata.model import LAYERS, Cue
from anecdata.read.pii.post import PiiContext

CUES_KEY = "anecdata_cues"
"""``RecognizerResult.recognition_metadata`` key holding a finding's cues (a tuple of ``model.Cue``)."""
RULE_KEY = "anecdata_rule"
PRIORITY_KEY = "anecdata_priority"
PII_LABELS = LAYERS["pii"]
TITLES = frozenset({"dr", "doctor", "mr", "mrs", "ms", "miss", "mx", "prof", "professor"})
"""Words before a name that are no part of it: "Dr. Sarno" is as medical a word as "Sarno", and no more PII."""
_LEADING_TITLE = re.compile(r"(?i:dr|doctor|mr|mrs|ms|miss|mx|prof|professor)\.?[ \t]+(?=[A-Z])")


def entity_of(label: str) -> str:
    """Presidio's entity name for one of our PII labels ("person" → "PERSON")."""
    return label.upper()


def label_of(entity: str) -> str:
    """Our PII label for a Presidio entity name this package produces."""
    label = entity.lower()
    if label not in PII_LABELS:
        raise ConfigError(f"entity {entity!r} is not one of ours: {', '.join(map(entity_of, PII_LABELS))}")
    return label


@dataclass(frozen=True, slots=True)
class NamedPattern:
    """A regex with a name and a base score; ``group`` names the part of a match that is the PII (whole match if
    empty), ``flags`` are ``re`` flags; ``needs``: lower-case strings one of which every match contains ("@"), so
    a text holding none of them is not scanned (a substring test costs far less than a regex over every
    position). Checked when built: a bad regex or a score outside [0, 1] fails at once."""

    name: str
    regex: str
    score: float
    group: str = ""
    flags: int = 0
    needs: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not 0.0 <= self.score <= 1.0:
            raise ConfigError(f"pattern {self.name!r}: score {self.score!r} is outside [0, 1]")
        try:
            compiled = re.compile(self.regex, self.flags)
        except re.error as e:
            raise ConfigError(f"pattern {self.name!r}: bad regex {self.regex!r} ({e})") from e
        if self.group and self.group not in compiled.groupindex:
            raise ConfigError(f"pattern {self.name!r} has no group {self.group!r}")


@dataclass(frozen=True, slots=True)
class Finding:
    """A stretch of text a recogniser flags: offsets, label, the rule and its score, cues and a note for people.

    The note never quotes the text: it travels into redacted outputs, where only the cues' offsets are remapped.
    """

    start: int
    end: int
    label: str
    rule: str
    score: float
    cues: tuple[Cue, ...] = ()
    note: str = ""


class ForumRecognizer(LocalRecognizer):
    """A Presidio recogniser with anecdata's template hooks.

    Args:
        scores: per pattern (or rule) name, a score replacing the class default (from ``pii.toml``).
        context: context words that raise a finding's score when near it; the class ``CONTEXT`` when None.
        threshold: the score below which this recogniser's findings are dropped; the analyzer's when None.
    """

    LABEL: ClassVar[str] = ""
    PATTERNS: ClassVar[tuple[NamedPattern, ...]] = ()
    CONTEXT: ClassVar[tuple[str, ...]] = ()
    RULE_SCORES: ClassVar[Mapping[str, float]] = MappingProxyType({})
    """Default scores of the rules ``find`` applies besides the patterns (overridable from ``pii.toml`` too)."""
    NEEDS: ClassVar[tuple[str, ...]] = ()
    """Lower-case strings one of which every finding's surroundings contain; a text with none is not looked at."""
    VERSION: ClassVar[str] = "1"
    PRIORITY: ClassVar[int] = 1
    """Which finding is kept when two cover the same characters equally long: rules (1) before the tagger (0)."""

    def __init__(
        self,
        scores: Mapping[str, float] | None = None,
        context: Sequence[str] | None = None,
        threshold: float | None = None,
    ) -> None:
        scores = dict(scores or {})
        defaults = {**{p.name: p.score for p in self.PATTERNS}, **self.RULE_SCORES}
        if unknown := set(scores) - set(defaults):
            raise ConfigError(
                f"{type(self).__name__}: no rule named {sorted(unknown)} to score; its rules are {sorted(defaults)}"
            )
        self.scores = {**defaults, **scores}
        for name, score in self.scores.items():
            if not 0.0 <= score <= 1.0:
                raise ConfigError(f"{type(self).__name__}: score {score!r} of {name!r} is outside [0, 1]")
        self._compiled = tuple((p, re.compile(p.regex, p.flags)) for p in self.PATTERNS)
        super().__init__(
            supported_entities=[entity_of(label) for label in self.labels()],
            name=type(self).__name__,
            context=list(self.CONTEXT if context is None else context),
            version=self.VERSION,
            score_thresholds=None if threshold is None else {"default": threshold},
        )

    @classmethod
    def labels(cls) -> tuple[str, ...]:
        """The PII labels this recogniser produces."""
        return (cls.LABEL,)

    def load(self) -> None:
        """Nothing to load: patterns are compiled when the recogniser is built."""

    def prepare(self, docs: Sequence[Doc], texts: Sequence[str]) -> None:
        """Work done for a batch of docs (and their texts) before each is analysed: a recogniser faster in
        batches keeps its findings for ``find`` to read back. Nothing by default."""

    def find(self, text: str, post: PiiContext) -> Iterator[Finding]:
        """Every pattern match (its ``group`` when it names one), scored by the pattern's configured score."""
        lowered = text.lower() if any(p.needs for p, _ in self._compiled) else text
        for pattern, compiled in self._compiled:
            if pattern.needs and not any(n in lowered for n in pattern.needs):
                continue
            for m in compiled.finditer(text):
                start, end = m.span(pattern.group) if pattern.group else m.span()
                if start < end:
                    yield Finding(start, end, self.LABEL, pattern.name, self.scores[pattern.name])

    def validate(self, text: str) -> bool | None:
        """True raises a finding to the maximum score, False drops it, None leaves its score as it is."""
        return None

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Presidio's entry point: the findings as ``RecognizerResult`` values with their explanations."""
        if self.NEEDS and not any(n in text.lower() for n in self.NEEDS):
            return []
        post = PiiContext.of(nlp_artifacts, text)
        wanted = set(entities) if entities else None
        results = []
        for f in self.find(text, post):
            if f.label == "person" and (title := _LEADING_TITLE.match(text, f.start, f.end)):
                f = replace(f, start=title.end())  # a title is no part of the name ("Dr. Hallworth")
            entity = entity_of(f.label)
            if wanted is not None and entity not in wanted:
                continue
            verdict = self.validate(text[f.start : f.end])
            if verdict is False:
                continue
            score = self.MAX_SCORE if verdict else f.score
            explanation = AnalysisExplanation(
                recognizer=self.name,
                original_score=f.score,
                pattern_name=f.rule,
                validation_result=verdict,
                textual_explanation=f.note or f"{self.name} rule {f.rule}",
            )
            explanation.score = score
            results.append(
                RecognizerResult(
                    entity_type=entity,
                    start=f.start,
                    end=f.end,
                    score=score,
                    analysis_explanation=explanation,
                    recognition_metadata={
                        RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                        RULE_KEY: f.rule,
                        CUES_KEY: f.cues,
                        PRIORITY_KEY: self.PRIORITY,
                    },
                )
            )
        return results
