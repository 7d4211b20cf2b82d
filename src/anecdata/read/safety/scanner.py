"""Reads red flags from a post's text and sentence extents: triggers, then the cues that qualify each one.

Pure over a string, so it is tested without spaCy. For each trigger (the lay wording of a flag) the scanner asks,
within the trigger's sentence:

1. is it quoted from another post (a line starting with ``>``)? The flag belongs to the post quoted;
2. does a negation, hypothetical or everyday-cause cue reach it? Cues reach within their clause: a ``boundary``
   ("but", "because", ";") ends every scope, a ``pause`` (a comma opening a new clause) ends a negation's;
3. does the rule's companion appear near enough (back pain within two sentences of a fever)?
4. who has the symptom? The nearest person cue decides: a relative, a client, someone else, the writer; a
   third-person pronoun ("she can't pee") carries over whoever the sentences before spoke of.

The ConText results on mention spans are not reused: most red-flag wordings ("can't pee", "wet myself") are not
vocabulary mentions, so there is no span to share; and ConText's forum rules mark "if I sit long, my groin goes
numb" hypothetical and let a trigger's own "can't" negate what follows, where a safety layer should rather
raise a spare flag than miss one. The cues here are narrower and live in the same rule file.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from anecdata.model import Cue
from anecdata.read.safety.matching import MatcherSet, PatternMatcher, lower_preserving
from anecdata.read.safety.rules import (
    EXPERIENCER_KINDS,
    POST,
    SCOPE_KINDS,
    Guideline,
    Modifier,
    RedFlagRule,
    RuleSet,
)

CUE_PRIORITY = (
    "pseudo",
    "everyday",
    "hypothetical",
    "negation",
    "family",
    "client",
    "other",
    "first_person",
    "third_person",
    "boundary",
    "pause",
)
"""Where cues overlap, the kind listed first keeps the words: "don't know" (pseudo) hides "don't" (negation),
"since my hernia repair" (everyday) holds "since" (a boundary), "my wife" (family) holds "my" (first person)."""
SELF = "self"
OTHER = "other"
_WORD = re.compile(r"\w+")
_QUOTED_LINE = re.compile(r"[ \t]*>")


@dataclass(frozen=True, slots=True)
class Finding:
    """A trigger and what the scanner decided about it (post offsets, half-open).

    ``excluded_by`` is the cue that ruled it out (negation, hypothetical, quotation, or a missing companion);
    None means the trigger is a red flag. ``cues`` explain the decision either way.
    """

    start: int
    end: int
    rule: RedFlagRule
    guideline: Guideline
    experiencer: str = SELF
    cues: tuple[Cue, ...] = ()
    excluded_by: Cue | None = None

    @property
    def flagged(self) -> bool:
        return self.excluded_by is None


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    modifier: Modifier

    def cue(self, kind: str) -> Cue:
        return Cue(self.start, self.end, kind, self.modifier.id)


@dataclass(slots=True)
class _Sentence:
    """One sentence's modifier hits, found once for all its triggers."""

    start: int
    end: int
    scoped: list[_Hit] = field(default_factory=list)
    boundaries: list[_Hit] = field(default_factory=list)
    pauses: list[_Hit] = field(default_factory=list)
    people: list[_Hit] = field(default_factory=list)


class RedFlagScanner:
    """Compiled red-flag rules; :meth:`read` finds every trigger in a post and judges it.

    Args:
        ruleset: the loaded rule file.
    """

    def __init__(self, ruleset: RuleSet) -> None:
        self.ruleset = ruleset
        guidelines = ruleset.guideline_by_id
        self._rules = tuple((rule, guidelines[rule.guideline]) for rule in ruleset.rules)
        # One matcher per trigger pattern, so each runs only on posts that hold its required literals.
        self._trigger_rule = tuple(i for i, rule in enumerate(ruleset.rules) for _ in rule.patterns)
        self._triggers = MatcherSet(
            [PatternMatcher([[ruleset.expand(p)]]) for rule in ruleset.rules for p in rule.patterns]
        )
        # All cues in one pass; where cues overlap, the kind listed first in CUE_PRIORITY keeps the words.
        order = {kind: n for n, kind in enumerate(CUE_PRIORITY)}
        self._modifiers = tuple(sorted(ruleset.modifiers, key=lambda m: order[m.kind]))
        self._cues = PatternMatcher([[ruleset.expand(p) for p in m.patterns] for m in self._modifiers])
        self._companions = {
            c.id: MatcherSet([PatternMatcher([[ruleset.expand(p)]]) for p in c.patterns]) for c in ruleset.companions
        }

    def triggers(self, text: str) -> list[tuple[int, int, int]]:
        """Where rules match, as ``(start, end, rule index)``; where triggers overlap the longest wins (on a tie,
        the rule listed first), so "loss of bladder and bowel control" is one flag, not two.

        Args:
            text: the post text, or its :func:`lower_preserving` copy (the same offsets).
        """
        lowered = lower_preserving(text)
        rule_of = self._trigger_rule
        found = [(start, end, rule_of[n]) for start, end, n in self._triggers.finditer(lowered)]
        if len(found) < 2:
            return found
        kept: list[tuple[int, int, int]] = []
        for start, end, i in sorted(found, key=lambda t: (t[0] - t[1], t[2], t[0])):
            if not any(start < k_end and k_start < end for k_start, k_end, _ in kept):
                kept.append((start, end, i))
        return sorted(kept)

    def read(
        self,
        text: str,
        sentences: Sequence[tuple[int, int]] | Callable[[], Sequence[tuple[int, int]]] = (),
    ) -> list[Finding]:
        """Every trigger in ``text``, judged, in text order (flagged or not: see :attr:`Finding.flagged`).

        Args:
            text: the post text.
            sentences: sentence extents covering the text, in order, or a function that returns them (called
                only when a trigger is found, since most posts have none); empty: the text is one sentence.
        """
        lowered = lower_preserving(text)
        triggers = self.triggers(lowered)
        if not triggers:
            return []
        extents = list(sentences() if callable(sentences) else sentences) or [(0, len(text))]
        return _PostReading(self, lowered, extents).judge(triggers)


class _PostReading:
    """The state of reading one post: its sentences' cues and companions, each found once when first needed."""

    def __init__(self, scanner: RedFlagScanner, lowered: str, sentences: list[tuple[int, int]]) -> None:
        self.scanner = scanner
        self.text = lowered  # the post's offsets; patterns are lower case
        self.sentences = sentences
        self._starts = [s for s, _ in sentences]
        self._cues: dict[int, _Sentence] = {}
        self._companions: dict[str, list[tuple[int, int]]] = {}

    def judge(self, triggers: list[tuple[int, int, int]]) -> list[Finding]:
        findings = []
        for start, end, i in triggers:
            rule, guideline = self.scanner._rules[i]
            findings.append(self._judge(start, end, rule, guideline))
        return findings

    def _judge(self, start: int, end: int, rule: RedFlagRule, guideline: Guideline) -> Finding:
        trigger = Cue(start, end, "red_flag", rule.id)
        finding = Finding(start, end, rule, guideline, cues=(trigger,))
        line_start = self.text.rfind("\n", 0, start) + 1
        if _QUOTED_LINE.match(self.text, line_start):
            quote = Cue(line_start, self.text.index(">", line_start) + 1, "quoted")
            return _exclude(finding, quote)
        index = self._sentence_index(start)
        sentence = self._sentence(index)
        ruling_out = self._ruling_out(sentence, start, end)
        if ruling_out:
            return _exclude(finding, ruling_out[0].cue(ruling_out[0].modifier.kind))
        cues = [trigger]
        if rule.requires is not None:
            companion = self._companion_near(rule.requires.companion, rule.requires.within, index, start)
            if companion is None:
                missing = Cue(start, end, f"no {rule.requires.companion} within {rule.requires.within}")
                return _exclude(finding, missing)
            cues.append(Cue(*companion, f"requires {rule.requires.companion}"))
        experiencer, cue = self._experiencer(index, sentence, start, end)
        if cue is not None:
            cues.append(cue)
        return Finding(start, end, rule, guideline, experiencer, tuple(sorted(cues, key=lambda c: c.start)))

    # --- sentences and their cues

    def _sentence_index(self, position: int) -> int:
        return max(bisect.bisect_right(self._starts, position) - 1, 0)

    def _sentence(self, index: int) -> _Sentence:
        if index not in self._cues:
            start, end = self.sentences[index]
            chunk = self.text[start:end]
            sentence = _Sentence(start, end)
            for a, b, n in self.scanner._cues.finditer(chunk):
                hit = _Hit(start + a, start + b, self.scanner._modifiers[n])
                kind = hit.modifier.kind
                if kind in SCOPE_KINDS:
                    sentence.scoped.append(hit)
                elif kind == "boundary":
                    sentence.boundaries.append(hit)
                elif kind == "pause":
                    sentence.pauses.append(hit)
                elif kind != "pseudo":  # a pseudo cue only keeps its words from other cues
                    sentence.people.append(hit)
            self._cues[index] = sentence
        return self._cues[index]

    def _ruling_out(self, sentence: _Sentence, start: int, end: int) -> list[_Hit]:
        """The cues that reach the trigger ``[start, end)`` and rule it out."""
        left = max((b.end for b in sentence.boundaries if b.end <= start), default=sentence.start)
        right = min((b.start for b in sentence.boundaries if b.start >= end), default=sentence.end)
        soft_left = max([left, *(p.end for p in sentence.pauses if p.end <= start)])
        soft_right = min([right, *(p.start for p in sentence.pauses if p.start >= end)])
        found = []
        for hit in sentence.scoped:
            modifier = hit.modifier
            lo, hi = (soft_left, soft_right) if modifier.kind == "negation" else (left, right)
            # A cue before may overlap the trigger's first words ("haven't lost" before "lost control").
            before = lo <= hit.start < start and hit.end <= end
            after = end <= hit.start and hit.end <= hi
            if modifier.direction == "inside":
                reaches, gap = start <= hit.start and hit.end <= end, ""
            elif before and modifier.direction in ("before", "around"):
                reaches, gap = True, self.text[hit.end : start] if hit.end < start else ""
            elif after and modifier.direction in ("after", "around"):
                reaches, gap = True, self.text[end : hit.start]
            else:
                reaches, gap = False, ""
            if not reaches or (modifier.max_words is not None and len(_WORD.findall(gap)) > modifier.max_words):
                continue
            if modifier.first_person_blocks and any(
                p.modifier.kind == "first_person" and lo <= p.start and p.end <= start and not _overlaps(p, hit)
                for p in sentence.people
            ):
                continue
            found.append(hit)
        return found

    # --- companions

    def _companion_near(self, companion: str, within: int | str, index: int, position: int) -> tuple[int, int] | None:
        """The companion match nearest ``position`` within reach, or None."""
        if companion not in self._companions:
            found = self.scanner._companions[companion].finditer(self.text)
            self._companions[companion] = [(start, end) for start, end, _ in found]
        matches = self._companions[companion]
        if within != POST:
            lo = self.sentences[max(index - int(within), 0)][0]
            hi = self.sentences[min(index + int(within), len(self.sentences) - 1)][1]
            matches = [(s, e) for s, e in matches if lo <= s and e <= hi]
        return min(matches, key=lambda m: abs(m[0] - position), default=None)

    # --- who

    def _experiencer(self, index: int, sentence: _Sentence, start: int, end: int) -> tuple[str, Cue | None]:
        """Who has the symptom: the kind of the person cue nearest the trigger (one inside it is nearest)."""

        def distance(hit: _Hit) -> tuple[int, int]:
            if start <= hit.start and hit.end <= end:
                return (0, 0)
            before = hit.end <= start
            return (start - hit.end if before else hit.start - end, 0 if before else 1)

        if not sentence.people:
            return SELF, None
        nearest = min(sentence.people, key=distance)
        kind = nearest.modifier.kind
        if kind == "first_person":
            return SELF, None
        if kind in EXPERIENCER_KINDS:
            return kind, nearest.cue(f"experiencer={kind}")
        # A pronoun: "my wife says she can't pee" names her in the same sentence; else an earlier one did.
        named = [h for h in sentence.people if h.modifier.kind in EXPERIENCER_KINDS]
        if named:
            party = min(named, key=distance).modifier.kind
        else:
            party = self._party(index - 1)
            party = OTHER if party == SELF else party
        return party, nearest.cue(f"experiencer={party}")

    def _party(self, index: int) -> str:
        """Whom the sentences up to ``index`` were last about, for a later "she" or "he": looking back past
        sentences that name nobody, the last relative, client or other named, or the writer if a sentence where
        the writer speaks of themself comes first."""
        while index >= 0:
            people = self._sentence(index).people
            explicit = [h for h in people if h.modifier.kind in EXPERIENCER_KINDS]
            if explicit:
                return explicit[-1].modifier.kind
            if any(h.modifier.kind == "first_person" for h in people):
                return SELF
            index -= 1
        return SELF


def _exclude(finding: Finding, cue: Cue) -> Finding:
    return Finding(
        finding.start, finding.end, finding.rule, finding.guideline, finding.experiencer, (*finding.cues, cue), cue
    )


def _overlaps(a: _Hit, b: _Hit) -> bool:
    return a.start < b.end and b.start < a.end
