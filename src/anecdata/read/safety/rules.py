"""Red-flag rules as data: the wording of each flag, the guideline it comes from, and the cues that qualify it.

The bundled file ``data/red_flags.json`` has five sections:

- ``terms``: named pieces of regular expression (``"CANT": "(?:can't|cannot|...)"``), written ``{CANT}`` in a
  pattern, so one list of lay wordings serves every rule that needs it;
- ``guidelines``: the sources a flag comes from (title, body, year, and a URL only where one is known);
- ``companions``: wording that must appear near a trigger for it to count (back pain beside a fever);
- ``modifiers``: cues that rule a trigger out (``negation``, ``hypothetical``, ``everyday``: a cause outside the
  spine the writer names), hide a cue (``pseudo``), end a
  cue's scope (``boundary``; ``pause``, a comma that opens a new clause, ends a negation's only), or say who has
  the symptom (``family``, ``client``, ``other``, ``first_person``, ``third_person``);
- ``rules``: each a flag kind, trigger patterns, its guideline and optionally a companion it ``requires``.

Patterns are written in lower case and matched case-insensitively at word boundaries; a straight apostrophe in a
pattern also matches a curly one, so the file spells "can't" once (:mod:`anecdata.read.safety.matching`).
Loading is strict: unknown keys, kinds or ids, unknown terms and patterns that do not compile are errors that
name the rule, because a misspelt key would silently turn a safety rule off.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from anecdata.errors import RuleError
from anecdata.read.rulefiles import BUILTIN, read_rule_json, refuse_repeated_ids
from anecdata.read.safety.matching import PatternMatcher, has_upper_case

RULES_VERSION = 1
FLAGS = (
    "bladder_bowel",
    "saddle_numbness",
    "leg_weakness",
    "fever",
    "major_trauma",
    "weight_loss",
    "cancer_history",
)
"""Kinds of red flag, each an ``attrs["flag"]`` value."""

NOTE = "The writer describes a symptom that guidelines list as a reason for prompt clinical assessment."
"""The one note every red flag carries. It lives in code, not in the rule file, so that no rule file can turn it
into advice or a diagnosis."""

SCOPE_KINDS = ("negation", "hypothetical", "everyday")
"""Modifier kinds that rule a trigger out; they have a direction and a reach. ``everyday``: a cause outside the
spine the writer names ("numb after a long bike ride", "leak when I sneeze")."""
BOUNDARY_KINDS = ("boundary", "pause")
EXPERIENCER_KINDS = ("family", "client", "other")
PERSON_KINDS = ("first_person", "third_person")
MODIFIER_KINDS = (*SCOPE_KINDS, "pseudo", *BOUNDARY_KINDS, *EXPERIENCER_KINDS, *PERSON_KINDS)
DIRECTIONS = ("before", "after", "around", "inside")
POST = "post"
"""``requires.within`` value: the companion may be anywhere in the post."""

_TERM = re.compile(r"\{([A-Z][A-Z_]*)\}")
MAX_DEPTH = 4
"""How deep terms may nest (a term that uses a term that uses a term ...)."""
_FILE_KEYS = ("version", "terms", "guidelines", "companions", "modifiers", "rules")


@dataclass(frozen=True, slots=True)
class Guideline:
    """A source a red flag comes from, cited as known: no section numbers, quotes or URLs that are not sure.

    Attributes:
        id: the value of a red flag's ``attrs["guideline"]``.
        title: the document's title.
        body: who publishes it.
        year: the year published (None where the source is revised continually, as NICE CKS topics are).
        updated: the year of the last update known, if any.
        reference: a short reference ("NICE guideline NG59", a journal citation).
        authors: the authors, for a paper.
        url: a stable address, only where it is known to be right.
        note: what the source covers, for people reading the file.
    """

    id: str
    title: str
    body: str
    year: int | None
    updated: int | None = None
    reference: str = ""
    authors: str = ""
    url: str = ""
    note: str = ""

    @property
    def citation(self) -> str:
        """One line for people: body, title, reference and years."""
        years = "" if self.year is None else f" ({self.year}" + (f", updated {self.updated})" if self.updated else ")")
        reference = f", {self.reference}" if self.reference else ""
        return f"{self.body}: {self.title}{reference}{years}"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Guideline:
        """A guideline from its JSON object.

        Raises:
            RuleError: a missing or unknown key, or a year that is not a whole number (or null).
        """
        where = f"guideline {data.get('id', '?')!r}" if isinstance(data, Mapping) else "guideline"
        _check_keys(data, where, ("id", "title", "body", "year"), ("updated", "reference", "authors", "url", "note"))
        for key in ("year", "updated"):
            value = data.get(key)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
                raise RuleError(f"{where}: {key} must be a year or null, got {value!r}")
        if not data["title"] or not data["body"]:
            raise RuleError(f"{where}: title and body must not be empty")
        return cls(**{k: data[k] for k in data})

    def to_dict(self) -> dict[str, Any]:
        """The JSON object :meth:`from_dict` reads back (empty optional fields left out)."""
        data: dict[str, Any] = {"id": self.id, "title": self.title, "body": self.body, "year": self.year}
        optional = {
            "updated": self.updated,
            "reference": self.reference,
            "authors": self.authors,
            "url": self.url,
            "note": self.note,
        }
        return data | {k: v for k, v in optional.items() if v}


@dataclass(frozen=True, slots=True)
class Companion:
    """Wording that must appear near a trigger for the rule to count, e.g. back pain or sciatica."""

    id: str
    patterns: tuple[str, ...]
    note: str = ""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Companion:
        """A companion from its JSON object.

        Raises:
            RuleError: a missing or unknown key, or no patterns.
        """
        where = f"companion {data.get('id', '?')!r}" if isinstance(data, Mapping) else "companion"
        _check_keys(data, where, ("id", "patterns"), ("note",))
        return cls(data["id"], _strings(data["patterns"], where, "patterns"), data.get("note", ""))

    def to_dict(self) -> dict[str, Any]:
        """The JSON object :meth:`from_dict` reads back."""
        return {"id": self.id, "patterns": list(self.patterns)} | ({"note": self.note} if self.note else {})


@dataclass(frozen=True, slots=True)
class Modifier:
    """A cue that qualifies triggers in its sentence.

    Attributes:
        id: shown in explanations.
        kind: one of ``MODIFIER_KINDS``.
        patterns: regular expressions; a ``^`` anchors at the sentence start.
        direction: for cues that rule a trigger out: ``before`` the trigger, ``after`` it, either (``around``),
            or ``inside`` it.
        max_words: at most this many words between cue and trigger (None: to the end of the clause).
        first_person_blocks: the cue does not count when the writer speaks of themself between the clause start
            and the trigger ("if anyone knows why *I* can't pee" is the writer's own symptom).
        note: why the cue exists.
    """

    id: str
    kind: str
    patterns: tuple[str, ...]
    direction: str | None = None
    max_words: int | None = None
    first_person_blocks: bool = False
    note: str = ""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Modifier:
        """A modifier from its JSON object; only the kinds that rule triggers out take a direction and a reach.

        Raises:
            RuleError: a missing or unknown key, an unknown kind or direction, or a reach that is not a count.
        """
        where = f"modifier {data.get('id', '?')!r}" if isinstance(data, Mapping) else "modifier"
        _check_keys(data, where, ("id", "kind", "patterns"), ("direction", "max_words", "first_person_blocks", "note"))
        kind = data["kind"]
        if kind not in MODIFIER_KINDS:
            raise RuleError(f"{where}: kind {kind!r} is not one of {MODIFIER_KINDS}")
        direction, max_words = data.get("direction"), data.get("max_words")
        if kind in SCOPE_KINDS:
            if direction not in DIRECTIONS:
                raise RuleError(f"{where}: a {kind} cue needs a direction, one of {DIRECTIONS}; got {direction!r}")
            if max_words is not None and (
                not isinstance(max_words, int) or isinstance(max_words, bool) or max_words < 0
            ):
                raise RuleError(f"{where}: max_words must be a count of words (0 or more) or null, got {max_words!r}")
        elif set(data) & {"direction", "max_words", "first_person_blocks"}:
            raise RuleError(f"{where}: only {SCOPE_KINDS} cues take direction, max_words, first_person_blocks")
        blocks = data.get("first_person_blocks", False)
        if not isinstance(blocks, bool):
            raise RuleError(f"{where}: first_person_blocks must be true or false, got {blocks!r}")
        patterns = _strings(data["patterns"], where, "patterns")
        return cls(data["id"], kind, patterns, direction, max_words, blocks, data.get("note", ""))

    def to_dict(self) -> dict[str, Any]:
        """The JSON object :meth:`from_dict` reads back."""
        data: dict[str, Any] = {"id": self.id, "kind": self.kind}
        if self.kind in SCOPE_KINDS:
            data |= {"direction": self.direction, "max_words": self.max_words}
            if self.first_person_blocks:
                data["first_person_blocks"] = True
        return data | {"patterns": list(self.patterns)} | ({"note": self.note} if self.note else {})


@dataclass(frozen=True, slots=True)
class Requirement:
    """A companion a rule needs: within ``within`` sentences either side of the trigger, or anywhere (``"post"``)."""

    companion: str
    within: int | str


@dataclass(frozen=True, slots=True)
class RedFlagRule:
    """One red-flag rule: the flag kind, lay wordings that trigger it, its guideline and what it needs nearby."""

    id: str
    flag: str
    patterns: tuple[str, ...]
    guideline: str
    requires: Requirement | None = None
    note: str = ""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RedFlagRule:
        """A red-flag rule from its JSON object (:func:`rules_from_dict` checks its guideline and companion).

        Raises:
            RuleError: a missing or unknown key, an unknown flag, or a malformed ``requires``.
        """
        where = f"red-flag rule {data.get('id', '?')!r}" if isinstance(data, Mapping) else "red-flag rule"
        _check_keys(data, where, ("id", "flag", "patterns", "guideline"), ("requires", "note"))
        if data["flag"] not in FLAGS:
            raise RuleError(f"{where}: flag {data['flag']!r} is not one of {FLAGS}")
        if not isinstance(data["guideline"], str) or not data["guideline"]:
            raise RuleError(f"{where}: guideline must name a guideline id")
        requires = None
        if "requires" in data:
            raw = data["requires"]
            if not isinstance(raw, Mapping) or set(raw) != {"companion", "within"}:
                raise RuleError(f"{where}: requires is {{'companion': id, 'within': sentences or 'post'}}, got {raw!r}")
            within = raw["within"]
            if within != POST and (not isinstance(within, int) or isinstance(within, bool) or within < 0):
                raise RuleError(f"{where}: requires.within must be a count of sentences or {POST!r}, got {within!r}")
            requires = Requirement(raw["companion"], within)
        patterns = _strings(data["patterns"], where, "patterns")
        return cls(data["id"], data["flag"], patterns, data["guideline"], requires, data.get("note", ""))

    def to_dict(self) -> dict[str, Any]:
        """The JSON object :meth:`from_dict` reads back."""
        data: dict[str, Any] = {"id": self.id, "flag": self.flag, "guideline": self.guideline}
        if self.requires:
            data["requires"] = {"companion": self.requires.companion, "within": self.requires.within}
        return data | {"patterns": list(self.patterns)} | ({"note": self.note} if self.note else {})


@dataclass(frozen=True, slots=True)
class RuleSet:
    """A whole red-flag rule file, cross-checked: every guideline, companion and term a rule names exists."""

    terms: tuple[tuple[str, str], ...]
    guidelines: tuple[Guideline, ...]
    companions: tuple[Companion, ...]
    modifiers: tuple[Modifier, ...]
    rules: tuple[RedFlagRule, ...]

    @property
    def guideline_by_id(self) -> dict[str, Guideline]:
        return {g.id: g for g in self.guidelines}

    def expand(self, pattern: str) -> str:
        """``pattern`` with every ``{TERM}`` replaced by its term; terms may use terms, to a depth of ``MAX_DEPTH``.

        Raises:
            RuleError: the pattern names a term the file does not define, or terms refer to each other in a loop.
        """
        terms = dict(self.terms)

        def term(match: re.Match[str]) -> str:
            if match[1] not in terms:
                raise RuleError(f"pattern {pattern!r} names term {{{match[1]}}}, which is not one of {sorted(terms)}")
            return terms[match[1]]

        expanded = pattern
        for _ in range(MAX_DEPTH):
            if not _TERM.search(expanded):
                return expanded
            expanded = _TERM.sub(term, expanded)
        raise RuleError(f"pattern {pattern!r}: terms nest deeper than {MAX_DEPTH} (do two terms name each other?)")


def _strings(value: object, where: str, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(p, str) and p for p in value):
        raise RuleError(f"{where}: {key} must be a non-empty list of strings")
    return tuple(value)


def _check_keys(data: Mapping[str, Any], where: str, required: Sequence[str], optional: Sequence[str]) -> None:
    if not isinstance(data, Mapping):
        raise RuleError(f"{where}: must be a JSON object, got {type(data).__name__}")
    missing = [k for k in required if k not in data]
    unknown = sorted(set(data) - set(required) - set(optional))
    if missing or unknown:
        raise RuleError(f"{where}: missing keys {missing}, unknown keys {unknown}; keys are {[*required, *optional]}")
    if not isinstance(data["id"], str) or not data["id"]:
        raise RuleError(f"{where}: id must be a non-empty string")
    for key in ("note", "title", "body", "reference", "authors", "url"):
        if key in data and not isinstance(data[key], str):
            raise RuleError(f"{where}: {key} must be a string")


def rules_from_dict(data: Mapping[str, Any]) -> RuleSet:
    """A rule set from a red-flag file's JSON object, with every cross-reference and pattern checked.

    Raises:
        RuleError: a wrong version or section, a malformed entry, a repeated id, a rule naming a guideline or
            companion the file lacks, an unknown term, or a pattern that does not compile.
    """
    if not isinstance(data, Mapping) or set(data) != set(_FILE_KEYS) or data["version"] != RULES_VERSION:
        got = sorted(data) if isinstance(data, Mapping) else type(data).__name__
        raise RuleError(f"a red-flag file is {{'version': {RULES_VERSION}, {', '.join(_FILE_KEYS[1:])}}}, got {got}")
    terms = data["terms"]
    if not isinstance(terms, Mapping) or not all(
        isinstance(k, str) and _TERM.fullmatch("{" + k + "}") and isinstance(v, str) and v for k, v in terms.items()
    ):
        raise RuleError("red-flag terms must map UPPER_CASE names to non-empty patterns")
    for section in _FILE_KEYS[2:]:
        if not isinstance(data[section], list):
            raise RuleError(f"red-flag file: {section} must be a list")
    ruleset = RuleSet(
        tuple(terms.items()),
        tuple(Guideline.from_dict(g) for g in data["guidelines"]),
        tuple(Companion.from_dict(c) for c in data["companions"]),
        tuple(Modifier.from_dict(m) for m in data["modifiers"]),
        tuple(RedFlagRule.from_dict(r) for r in data["rules"]),
    )
    for section in _FILE_KEYS[2:]:
        refuse_repeated_ids((item.id for item in getattr(ruleset, section)), f"red-flag {section[:-1]}")
    guidelines = {g.id for g in ruleset.guidelines}
    companions = {c.id for c in ruleset.companions}
    for rule in ruleset.rules:
        if rule.guideline not in guidelines:
            raise RuleError(
                f"red-flag rule {rule.id!r}: guideline {rule.guideline!r} is not one of {sorted(guidelines)}"
            )
        if rule.requires and rule.requires.companion not in companions:
            raise RuleError(
                f"red-flag rule {rule.id!r}: companion {rule.requires.companion!r} is not one of {sorted(companions)}"
            )
    for item in (*ruleset.companions, *ruleset.modifiers, *ruleset.rules):
        for pattern in item.patterns:
            where = f"red-flag {type(item).__name__} {item.id!r}: pattern {pattern!r}"
            try:
                expanded = ruleset.expand(pattern)
                PatternMatcher([[expanded]])
            except (re.error, RuleError) as e:
                raise RuleError(f"{where}: {e}") from e
            if has_upper_case(expanded):
                raise RuleError(f"{where}: write patterns in lower case (they are matched against lower-cased text)")
            if expanded.startswith(" "):
                raise RuleError(f"{where}: a pattern may not start with a space (use a lookbehind, (?<= ))")
    return ruleset


def rules_to_dict(ruleset: RuleSet) -> dict[str, Any]:
    """The red-flag file's JSON object for ``ruleset``."""
    return {
        "version": RULES_VERSION,
        "terms": dict(ruleset.terms),
        "guidelines": [g.to_dict() for g in ruleset.guidelines],
        "companions": [c.to_dict() for c in ruleset.companions],
        "modifiers": [m.to_dict() for m in ruleset.modifiers],
        "rules": [r.to_dict() for r in ruleset.rules],
    }


def load_rules(source: str | Path = BUILTIN) -> RuleSet:
    """The bundled red-flag rules (``"builtin"``) or those of a JSON rule file.

    Raises:
        RuleError: the file is missing, not JSON, or fails any check of :func:`rules_from_dict`.
    """
    return rules_from_dict(read_rule_json(source, "anecdata.read.safety", "red_flags.json", "red-flag rules"))
