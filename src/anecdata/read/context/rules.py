"""ConText rules as data: forum-tuned cue phrases for negation, uncertainty, hypotheticals, history and who.

The bundled file ``data/context_rules.json`` is the rule set; it is loaded strictly (unknown keys, categories,
directions or target types are errors naming the rule), because a misspelt key in a rule file would otherwise
silently turn a rule off. One rule carries several phrasings of the same cue; each phrasing becomes one
medspaCy ``ConTextRule`` that remembers the rule id, so an attribute's explanation can name the rule.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from anecdata.errors import RuleError
from anecdata.model import LAYERS
from anecdata.read.rulefiles import BUILTIN, read_rule_json, refuse_repeated_ids, versioned_list

RULES_VERSION = 1
"""The ``rules`` setting that names the bundled rule file."""

ATTRIBUTE_CATEGORIES = ("negated", "uncertain", "hypothetical", "historical")
"""Categories that set a boolean mention attribute of the same name."""
EXPERIENCER_CATEGORIES = ("family", "client", "other")
"""Categories that set ``experiencer`` to their own name (the default experiencer is ``self``)."""
CONTROL_CATEGORIES = ("pseudo", "terminate")
"""``pseudo``: a longer phrase that is not a cue ("without success"); ``terminate``: ends other cues' scope."""
CATEGORIES = ATTRIBUTE_CATEGORIES + EXPERIENCER_CATEGORIES + CONTROL_CATEGORIES
DIRECTIONS = ("forward", "backward", "bidirectional")
TARGET_TYPES = LAYERS["mention"]

_REQUIRED = ("id", "category", "literals")
_OPTIONAL = ("direction", "max_scope", "allowed_types", "note")


@dataclass(frozen=True, slots=True)
class ContextRule:
    """One cue: its phrasings, what it marks, which way its scope runs, and which mentions it may modify.

    Attributes:
        id: unique name, shown in explanations ("neg_dont_have").
        category: one of ``CATEGORIES``.
        literals: phrasings, matched case-insensitively token by token ("don't have", "dont have").
        direction: scope direction for cue categories; pseudo and terminate rules have none.
        max_scope: at most this many tokens of scope (None: to the sentence boundary).
        allowed_types: mention labels the cue may modify (empty: all).
        note: why the rule exists, for people reading the file.
    """

    id: str
    category: str
    literals: tuple[str, ...]
    direction: str | None = None
    max_scope: int | None = None
    allowed_types: tuple[str, ...] = ()
    note: str = ""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ContextRule:
        """A rule from its JSON object, refusing unknown keys and values.

        Raises:
            RuleError: a key is missing or unknown, or a value has the wrong type or is not allowed.
        """
        where = f"context rule {data.get('id', '?')!r}"
        missing = [k for k in _REQUIRED if k not in data]
        unknown = sorted(set(data) - set(_REQUIRED) - set(_OPTIONAL))
        if missing or unknown:
            raise RuleError(
                f"{where}: missing keys {missing}, unknown keys {unknown}; keys are {_REQUIRED + _OPTIONAL}"
            )
        category = data["category"]
        if category not in CATEGORIES:
            raise RuleError(f"{where}: category {category!r} is not one of {CATEGORIES}")
        direction = data.get("direction")
        if category in CONTROL_CATEGORIES:
            if direction is not None:
                raise RuleError(f"{where}: a {category} rule has no direction, got {direction!r}")
        elif direction not in DIRECTIONS:
            raise RuleError(f"{where}: direction {direction!r} is not one of {DIRECTIONS}")
        literals = data["literals"]
        if (
            not isinstance(literals, list)
            or not literals
            or not all(isinstance(s, str) and s.strip() for s in literals)
        ):
            raise RuleError(f"{where}: literals must be a non-empty list of non-empty strings")
        max_scope = data.get("max_scope")
        if max_scope is not None and (not isinstance(max_scope, int) or isinstance(max_scope, bool) or max_scope < 1):
            raise RuleError(f"{where}: max_scope must be a positive integer or absent, got {max_scope!r}")
        allowed = data.get("allowed_types", [])
        if not isinstance(allowed, list) or any(t not in TARGET_TYPES for t in allowed):
            raise RuleError(f"{where}: allowed_types must be a list of {TARGET_TYPES}, got {allowed!r}")
        note = data.get("note", "")
        if not isinstance(data["id"], str) or not data["id"] or not isinstance(note, str):
            raise RuleError(f"{where}: id must be a non-empty string and note a string")
        return cls(data["id"], category, tuple(literals), direction, max_scope, tuple(allowed), note)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object ``from_dict`` reads back; optional keys at their defaults are left out."""
        data: dict[str, Any] = {"id": self.id, "category": self.category}
        if self.direction is not None:
            data["direction"] = self.direction
        data["literals"] = list(self.literals)
        if self.max_scope is not None:
            data["max_scope"] = self.max_scope
        if self.allowed_types:
            data["allowed_types"] = list(self.allowed_types)
        if self.note:
            data["note"] = self.note
        return data


def rules_from_dict(data: Mapping[str, Any]) -> tuple[ContextRule, ...]:
    """Rules from a rule file's JSON object (``{"version": 1, "rules": [...]}``); ids must be unique.

    Raises:
        RuleError: a wrong version, a malformed rule, or a repeated id.
    """
    rules = tuple(ContextRule.from_dict(r) for r in versioned_list(data, RULES_VERSION, "rules", "a context rule file"))
    refuse_repeated_ids((r.id for r in rules), "context rule")
    return rules


def rules_to_dict(rules: Sequence[ContextRule]) -> dict[str, Any]:
    """The rule file's JSON object for ``rules``."""
    return {"version": RULES_VERSION, "rules": [r.to_dict() for r in rules]}


def load_rules(source: str | Path = BUILTIN) -> tuple[ContextRule, ...]:
    """The bundled rules (``"builtin"``) or those of a JSON rule file.

    Raises:
        RuleError: the file is missing, not JSON, or holds a malformed rule.
    """
    return rules_from_dict(read_rule_json(source, "anecdata.read.context", "context_rules.json", "context rules"))
