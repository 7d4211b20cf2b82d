"""Outcome cues as data: what people write when a treatment helped, did nothing, or made things worse.

The bundled file ``data/outcome_cues.json`` lists cue rules, each a kind and regular expressions (matched
case-insensitively within one sentence). Kinds:

- ``improved``, ``no_change``, ``worse``: polarity cues ("did the trick", "nothing worked", "made it worse");
- ``state``: the writer is well ("able to sleep", "happier", "would recommend"): improved, but negated it says how
  the writer is, not that a treatment did nothing, so it is no verdict;
- ``side_effect``: side effects and intolerance ("made me dizzy", "gave me a rash", "couldn't tolerate it"): worse,
  but only for a treatment the clause names or points to (a symptom next to a treatment is not blamed on it);
- ``symptom``: a symptom the writer had or began having ("had diarrhea", "started getting headaches", "serum
  sickness after"): worse, but only for a treatment named earlier in its clause ("took X and had diarrhea",
  "since I quit X I get ..."), one right after a cue that ends in "after/from/since" ("rash after X"), or one an
  earlier clause of the sentence judged ("pain went down, however I started getting ..."); a reason between
  the two ("X because I had ...") blames nothing;
- ``recurrence``: symptoms that came back ("the pain came back", "my symptoms returned"): worse, but after
  coming off the treatment it judges ("stopped X and the reflux came back") it says the treatment was helping:
  improved;
- ``residual``: symptoms that remain ("I still have pain"): no_change alone, but beside an improvement in the same
  sentence the help was partial and stays improved;
- ``negator``: a word that, just before a polarity cue, turns it into ``no_change`` ("didn't *help*");
- ``pseudo``: phrases that contain a polarity word but are no outcome ("better to ask"); they hide what they cover;
- ``anaphor``: words that stand for a treatment named earlier ("it", "this med", "150mg");
- ``quantifier``: words that stand for every treatment named earlier ("nothing", "none of them");
- ``first_person``: the writer speaking of themself ("I feel great"), read against a neighbouring treatment;
- ``third_party``: someone else is the subject ("my husband", "people"), so a subjectless report is not the writer's;
- ``sequence``: a clause opener after which the next thing tried is the one that worked ("until", "finally");
- ``exception``: a clause opener that excepts what follows from a verdict of nothing ("nothing did much besides
  X"): after a clause that did nothing, what it names worked; after anything else it says nothing;
- ``stopping``: coming off a treatment ("weaned off", "stopping"): a verdict of better on the treatment named
  right after it ("helped me wean off X", "stopping X helped") says the writer is better without it: worse;
- ``learning``: verbs of finding an approach ("was told about"), which let a cause stand for the approach;
- ``clause``: clause boundaries; cues are combined per clause ("helped at first, but then stopped working");
- ``ongoing`` and ``past``: whether the writer is still in it ("still", "I am having") or not ("used to");
- ``modal``: hope, plans, advice, conditions and general claims ("hopefully", "you should try", "if", "X can
  help"): a polarity cue a few words after one, in its clause, is not the writer's outcome;
- ``question``: a sentence that opens as a question ("Does anyone else ...") even without its "?";
- ``temporary``: relief that did not last ("at first", "only for a few hours"): improved becomes mixed.

Loading is strict: unknown keys or kinds and patterns that do not compile are errors naming the rule.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from anecdata.errors import RuleError
from anecdata.read.rulefiles import BUILTIN, read_rule_json, refuse_repeated_ids, versioned_list

CUES_VERSION = 1
POLARITY_KINDS = ("improved", "state", "no_change", "worse", "residual", "side_effect", "symptom", "recurrence")
KINDS = (
    *POLARITY_KINDS,
    "negator",
    "pseudo",
    "anaphor",
    "quantifier",
    "first_person",
    "third_party",
    "sequence",
    "exception",
    "stopping",
    "learning",
    "clause",
    "ongoing",
    "past",
    "modal",
    "question",
    "temporary",
    "downside",
    "shared",
)
_KEYS = {"id", "kind", "patterns", "note"}
_UPPER_LITERAL = re.compile(r"(?<!\\)[A-Z]")
"""A capital letter that is not an escape (``\\W``, ``\\d``): patterns match lower-cased text."""
_BOUNDARY_BEFORE = r"(?<![\w'’])(?:"
_BOUNDARY_AFTER = r")(?![\w'’])"
QUALIFIER_KINDS = frozenset(
    {
        "ongoing",
        "past",
        "clause",
        "learning",
        "anaphor",
        "quantifier",
        "first_person",
        "third_party",
        "sequence",
        "exception",
        "stopping",
        "modal",
        "question",
        "temporary",
        "downside",
        "symptom",
        "shared",
    }
)
"""Kinds that qualify other cues rather than compete with them for the same words (a symptom competes with
nothing: it is dropped where it follows no treatment, and must not hide the cue it overlaps, "more panic
attacks")."""


@dataclass(frozen=True, slots=True)
class CueRule:
    """One cue rule: an id (shown in explanations), its kind, its regular expressions and why it exists."""

    id: str
    kind: str
    patterns: tuple[str, ...]
    note: str = ""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CueRule:
        """A rule from its JSON object.

        Raises:
            RuleError: a missing or unknown key, an unknown kind, or a pattern that does not compile.
        """
        where = f"outcome cue {data.get('id', '?')!r}"
        if not {"id", "kind", "patterns"} <= set(data) <= _KEYS:
            raise RuleError(f"{where}: keys must be id, kind, patterns and optionally note; got {sorted(data)}")
        if data["kind"] not in KINDS:
            raise RuleError(f"{where}: kind {data['kind']!r} is not one of {KINDS}")
        patterns = data["patterns"]
        if not isinstance(patterns, list) or not patterns or not all(isinstance(p, str) and p for p in patterns):
            raise RuleError(f"{where}: patterns must be a non-empty list of strings")
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as e:
                raise RuleError(f"{where}: pattern {pattern!r} does not compile: {e}") from e
            if _UPPER_LITERAL.search(pattern):
                raise RuleError(f"{where}: pattern {pattern!r} has a capital letter; write patterns in lower case "
                                "(text is lower-cased before matching)")  # fmt: skip
        note = data.get("note", "")
        if not isinstance(data["id"], str) or not data["id"] or not isinstance(note, str):
            raise RuleError(f"{where}: id must be a non-empty string and note a string")
        return cls(data["id"], data["kind"], tuple(patterns), note)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object ``from_dict`` reads back (``note`` left out when empty)."""
        data: dict[str, Any] = {"id": self.id, "kind": self.kind, "patterns": list(self.patterns)}
        if self.note:
            data["note"] = self.note
        return data


@dataclass(frozen=True, slots=True)
class CueMatch:
    """Where a cue rule matched, in offsets relative to the text it was searched in."""

    start: int
    end: int
    kind: str
    rule: str


class CueSet:
    """Compiled cue rules; finds every cue in a sentence, longest first where cues overlap.

    Rules whose patterns anchor at ``^`` (the sentence start, as in "Made me worse.") are searched per
    sentence; the others once over the whole post, which is several times faster than once per sentence.

    Args:
        rules: the cue rules, in file order.
    """

    def __init__(self, rules: Sequence[CueRule]) -> None:
        self.rules = tuple(rules)
        # Word boundaries are added here so the data file stays readable. Patterns match lower-cased text without
        # re.IGNORECASE: the regex engine then skips an alternative on its first literal character, which makes
        # the search about 2.5 times faster; a text whose lower case changes its length (rare Unicode) falls
        # back to case-insensitive patterns so offsets stay those of the text.
        plain = [(rule, _BOUNDARY_BEFORE + "|".join(rule.patterns) + _BOUNDARY_AFTER) for rule in self.rules]
        compiled = [(rule, re.compile(p), re.compile(p, re.IGNORECASE)) for rule, p in plain]
        self._anywhere = tuple(c for c in compiled if not any("^" in x for x in c[0].patterns))
        self._initial = tuple(c for c in compiled if any("^" in x for x in c[0].patterns))

    def find(self, text: str) -> list[CueMatch]:
        """Cues in ``text`` taken as one sentence, left to right (see :meth:`find_in_post`)."""
        return self.find_in_post(text, [(0, len(text))])[0]

    def find_in_post(self, text: str, sentences: Sequence[tuple[int, int]]) -> list[list[CueMatch]]:
        """Each sentence's cues (post offsets), left to right.

        Polarity, negator and pseudo cues compete: where they overlap the longest wins (on a tie, the earlier
        rule: the file lists pseudo and no_change first), so "not working" (one no_change cue) beats "not" +
        "working", and a winning pseudo cue hides what it covers. The other kinds qualify rather than compete
        and may overlap anything ("nothing" is a quantifier inside "nothing worked").
        """
        lowered = text.lower()
        folded = len(lowered) == len(text)
        searched = lowered if folded else text
        everywhere = sorted(
            (
                CueMatch(m.start(), m.end(), rule.kind, rule.id)
                for rule, lower, anycase in self._anywhere
                for m in (lower if folded else anycase).finditer(searched)
                if m.end() > m.start()
            ),
            key=lambda c: c.start,
        )
        starts = [c.start for c in everywhere]
        per_sentence = []
        for start, end in sentences:
            first = bisect_left(starts, start)
            last = bisect_left(starts, end, first)
            found = [c for c in everywhere[first:last] if c.end <= end]
            sentence = searched[start:end]  # "^" anchors at the sentence's start
            for rule, lower, anycase in self._initial:
                found += [
                    CueMatch(start + m.start(), start + m.end(), rule.kind, rule.id)
                    for m in (lower if folded else anycase).finditer(sentence)
                    if m.end() > m.start()
                ]
            per_sentence.append(_resolve(found))
        return per_sentence


def _resolve(found: list[CueMatch]) -> list[CueMatch]:
    competing = sorted((c for c in found if c.kind not in QUALIFIER_KINDS), key=lambda c: (-(c.end - c.start), c.start))
    kept: list[CueMatch] = []
    for cue in competing:
        if not any(cue.start < k.end and k.start < cue.end for k in kept):
            kept.append(cue)
    kept = [c for c in kept if c.kind != "pseudo"]
    kept += [c for c in found if c.kind in QUALIFIER_KINDS]
    return sorted(kept, key=lambda c: (c.start, c.end))


def cues_from_dict(data: Mapping[str, Any]) -> tuple[CueRule, ...]:
    """Cue rules from a cue file's JSON object (``{"version": 1, "cues": [...]}``); ids must be unique.

    Raises:
        RuleError: a wrong version, a malformed rule, or a repeated id.
    """
    rules = tuple(CueRule.from_dict(c) for c in versioned_list(data, CUES_VERSION, "cues", "an outcome cue file"))
    refuse_repeated_ids((r.id for r in rules), "outcome cue")
    return rules


def cues_to_dict(rules: Sequence[CueRule]) -> dict[str, Any]:
    """The cue file's JSON object for ``rules``."""
    return {"version": CUES_VERSION, "cues": [r.to_dict() for r in rules]}


def load_cues(source: str | Path = BUILTIN) -> tuple[CueRule, ...]:
    """The bundled cue rules (``"builtin"``) or those of a JSON cue file.

    Raises:
        RuleError: the file is missing, not JSON, or holds a malformed rule.
    """
    return cues_from_dict(read_rule_json(source, "anecdata.read.outcomes", "outcome_cues.json", "outcome cues"))
