"""The concept lexicon: entries loaded strictly from JSON data files bundled in the package."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from functools import cache
from importlib import resources
from typing import Any

from anecdata.errors import RuleError

CONCEPT_TYPES = ("condition", "symptom", "treatment", "drug", "body_part", "cause")
LAY_LEXICON = "lay_lexicon.json"
SYSTEM = "anecdata"


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """One concept: its id and preferred name, semantic type, phrasings, and how it may be matched.

    ``synonyms`` match case-insensitively; ``abbreviations`` only as written ("PT", not "pt");
    ``fuzzy`` allows misspelt single words ("Grasston"); ``generic`` marks umbrella treatments
    ("tried everything"); ``not_before`` lists next words that cancel a match ("rest" + "of").
    """

    id: str
    name: str
    type: str
    synonyms: tuple[str, ...]
    abbreviations: tuple[str, ...] = ()
    fuzzy: bool = True
    generic: bool = False
    not_before: tuple[str, ...] = ()
    system: str = SYSTEM

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], where: str = "") -> LexiconEntry:
        """Build an entry, rejecting unknown keys, unknown types and empty phrasings with the entry named."""
        allowed = {
            "id",
            "name",
            "type",
            "synonyms",
            "abbreviations",
            "fuzzy",
            "generic",
            "not_before",
            "system",
        }
        label = f"{where}: concept {d.get('id')!r}"
        if unknown := set(d) - allowed:
            raise RuleError(f"{label} has unknown keys {sorted(unknown)}; allowed: {sorted(allowed)}")
        if missing := {"id", "name", "type", "synonyms"} - set(d):
            raise RuleError(f"{label} lacks {sorted(missing)}")
        if d["type"] not in CONCEPT_TYPES:
            raise RuleError(f"{label} has type {d['type']!r}; expected one of {CONCEPT_TYPES}")
        phrases = [*d["synonyms"], *d.get("abbreviations", ())]
        if not phrases or not all(isinstance(p, str) and p.strip() for p in phrases):
            raise RuleError(f"{label} needs non-empty synonyms")
        return cls(
            id=d["id"],
            name=d["name"],
            type=d["type"],
            synonyms=tuple(d["synonyms"]),
            abbreviations=tuple(d.get("abbreviations", ())),
            fuzzy=bool(d.get("fuzzy", True)),
            generic=bool(d.get("generic", False)),
            not_before=tuple(d.get("not_before", ())),
            system=d.get("system", SYSTEM),
        )

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        return {k: list(v) if isinstance(v, tuple) else v for k, v in d.items()}


def parse_lexicon(text: str, where: str) -> tuple[LexiconEntry, ...]:
    """Entries from the JSON text of a lexicon file; ids must be unique."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise RuleError(f"{where}: not valid JSON (line {e.lineno}: {e.msg})") from e
    entries = tuple(LexiconEntry.from_dict(d, where) for d in data.get("concepts", ()))
    seen: set[str] = set()
    for e in entries:
        if e.id in seen:
            raise RuleError(f"{where}: concept id {e.id!r} appears twice")
        seen.add(e.id)
    return entries


@cache
def load_lexicon(name: str = LAY_LEXICON) -> tuple[LexiconEntry, ...]:
    """A bundled lexicon by file name (cached: the data is immutable)."""
    text = resources.files("anecdata.vocab").joinpath("data", name).read_text("utf-8")
    return parse_lexicon(text, where=f"vocab/data/{name}")
