"""What a search may be narrowed by, and the vocabulary concepts a condition or treatment name stands for.

A condition or treatment is given as a concept id (``anecdata:plantar_fasciitis``), a name or a synonym; it is
resolved in the lexicon and widened to every narrower concept (``vocab/hierarchy.py``), as the condition report
does, so "back pain" also finds threads about sciatica. An unknown name is a :class:`DataError` that suggests
near names.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from anecdata.errors import ConfigError, DataError
from anecdata.model import LAYERS
from anecdata.vocab.compiled import CompiledLexicon, load_lexicon
from anecdata.vocab.hierarchy import entry_id, narrower
from anecdata.vocab.lexicon import LexiconEntry
from anecdata.vocab.normalise import phrase_key

TREATMENT_TYPES = frozenset({"treatment", "drug"})
EXPERIENCERS = ("self", "client", "family", "other")
"""The experiencer values the context component gives mentions."""


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """Filters of a search; each left as None does not narrow it.

    ``condition``: threads that mention it (or a narrower one). ``treatment``: sentences naming it, or judging
    an outcome of a mention of it. ``label``: a statement label of the sentence (``model.LAYERS["statement"]``).
    ``outcome``: an outcome label judged in the sentence. ``experiencer``: a mention in the sentence is about
    this person (``self``, ``client``, ``family``, ``other``).
    """

    condition: str | None = None
    treatment: str | None = None
    label: str | None = None
    outcome: str | None = None
    experiencer: str | None = None

    @property
    def empty(self) -> bool:
        return not any((self.condition, self.treatment, self.label, self.outcome, self.experiencer))

    def check(self) -> None:
        """Raises ConfigError for a label, outcome or experiencer that does not exist."""
        for name, value, allowed in (
            ("label", self.label, LAYERS["statement"]),
            ("outcome", self.outcome, LAYERS["outcome"]),
            ("experiencer", self.experiencer, EXPERIENCERS),
        ):
            if value is not None and value not in allowed:
                raise ConfigError(f"unknown {name} {value!r}: use one of {', '.join(allowed)}")


@dataclass(frozen=True, slots=True)
class Resolved:
    """Filters with conditions and treatments as sets of concept ids (None: not filtered)."""

    conditions: frozenset[str] | None
    treatments: frozenset[str] | None
    label: str | None
    outcome: str | None
    experiencer: str | None


def resolve_entry(lexicon: CompiledLexicon, text: str, types: frozenset[str], kind: str) -> LexiconEntry:
    """The lexicon entry of one of ``types`` for a concept id, name or synonym.

    Raises:
        DataError: nothing of those types matches; the message suggests near names.
    """
    wanted = text.strip()
    entries = [e for e in lexicon.entries if e.type in types]
    by_id = {entry_id(e).lower(): e for e in entries}
    if wanted.lower() in by_id:
        return by_id[wanted.lower()]
    key = phrase_key(wanted)
    index = lexicon.phrases.get(key) if key else None
    if index is not None and lexicon.entries[index].type in types:
        return lexicon.entries[index]
    near = difflib.get_close_matches(wanted.lower(), sorted({e.name.lower() for e in entries}), n=3, cutoff=0.75)
    hint = f"; did you mean {', '.join(repr(n) for n in near)}?" if near else ""
    raise DataError(f"no {kind} called {wanted!r} in the vocabulary{hint}")


def resolve_filters(filters: SearchFilters, lexicon: CompiledLexicon | None = None) -> Resolved:
    """The filters with names resolved to concept ids, each widened to narrower concepts.

    Raises:
        ConfigError: an unknown label, outcome or experiencer.
        DataError: a condition or treatment the vocabulary does not know.
    """
    filters.check()
    conditions = treatments = None
    if filters.condition or filters.treatment:
        from anecdata.report.condition import resolve_condition

        lexicon = lexicon or load_lexicon()
        if filters.condition:
            conditions = narrower(lexicon, entry_id(resolve_condition(lexicon, filters.condition)))
        if filters.treatment:
            entry = resolve_entry(lexicon, filters.treatment, TREATMENT_TYPES, "treatment or drug")
            treatments = narrower(lexicon, entry_id(entry))
    return Resolved(conditions, treatments, filters.label, filters.outcome, filters.experiencer)
