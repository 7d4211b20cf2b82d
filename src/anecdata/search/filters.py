"""What a search may be narrowed by, and the vocabulary concepts a condition or treatment name stands for.

A condition or treatment is given as a concept id (``anecdata:plantar_fasciitis``), a name or a synonym; it is
resolved in the lexicon and widened to every narrower concept (``vocab/hierarchy.py``), as the condition report
does, so "back pain" also finds threads about sciatica. An unknown name is a :class:`DataError` that suggests
near names.
"""

from __future__ import annotations

from dataclasses import dataclass

from anecdata.errors import ConfigError
from anecdata.model import LAYERS
from anecdata.vocab.compiled import CompiledLexicon, load_lexicon
from anecdata.vocab.hierarchy import CONDITION_TYPES, TREATMENT_TYPES, entry_id, narrower, resolve_entry

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


def resolve_filters(filters: SearchFilters, lexicon: CompiledLexicon | None = None) -> Resolved:
    """The filters with names resolved to concept ids, each widened to narrower concepts.

    Raises:
        ConfigError: an unknown label, outcome or experiencer.
        DataError: a condition or treatment the vocabulary does not know.
    """
    filters.check()
    conditions = treatments = None
    if filters.condition or filters.treatment:
        lexicon = lexicon or load_lexicon()
        if filters.condition:
            entry = resolve_entry(lexicon, filters.condition, CONDITION_TYPES, "condition or symptom")
            conditions = narrower(lexicon, entry_id(entry))
        if filters.treatment:
            entry = resolve_entry(lexicon, filters.treatment, TREATMENT_TYPES, "treatment or drug")
            treatments = narrower(lexicon, entry_id(entry))
    return Resolved(conditions, treatments, filters.label, filters.outcome, filters.experiencer)
