"""What a ranker is asked: a claim, the post it was made in, and its PIO elements, built by the caller.

The evidence layer reads no posts and knows no vocabulary: the caller (evaluation, a command) runs the reading
pipeline, turns the mentions it found into :class:`QueryTerm` values (with their concept ids and synonyms), and
runs the same mention matcher over the abstracts to give :class:`AbstractConcept` spans, so that two names of
one concept ("Ozempic", "semaglutide") can match. This module imports nothing else of the project.
"""

from __future__ import annotations

from dataclasses import dataclass

ELEMENTS = ("population", "intervention", "outcome")
"""The PIO elements of a claim: who (condition, population), what was done or taken, what it changed."""

FIELDS = ("title", "abstract")
"""The parts of an :class:`~anecdata.evidence.model.Abstract` that are searched, by the names cues use."""


@dataclass(frozen=True, slots=True)
class QueryTerm:
    """One PIO element as the claim names it, and what else may name it.

    Attributes:
        text: the words as written in the claim or post ("ozempic").
        concept_id: the vocabulary concept they were normalised to ("drug:semaglutide"), None when none.
        synonyms: other names of that concept ("semaglutide", "wegovy"), from the vocabulary.
    """

    text: str
    concept_id: str | None = None
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ClaimQuery:
    """A claim to find evidence for: its text, the thread title and post around it, and its PIO elements.

    ``title`` (the thread's title, which on a forum names the topic: "Cytoxan and prednisone") and ``post`` may
    be empty (a claim typed on its own). Each element may be empty: a claim without a named intervention
    ("epilepsy patients are more likely to die of covid") is ranked on its words alone.
    """

    claim: str
    title: str = ""
    post: str = ""
    population: tuple[QueryTerm, ...] = ()
    intervention: tuple[QueryTerm, ...] = ()
    outcome: tuple[QueryTerm, ...] = ()

    def element(self, name: str) -> tuple[QueryTerm, ...]:
        """The terms of the PIO element ``name`` (one of :data:`ELEMENTS`)."""
        if name not in ELEMENTS:
            raise ValueError(f"PIO element {name!r} is not one of {ELEMENTS}")
        return getattr(self, name)


@dataclass(frozen=True, slots=True)
class AbstractConcept:
    """A concept the caller's mention matcher found in an abstract: ``getattr(abstract, field)[start:end]``.

    ``field`` is ``"title"`` or ``"abstract"`` (the latter is ``Abstract.text``); offsets are half-open.
    """

    pmid: str
    concept_id: str
    field: str
    start: int
    end: int

    def __post_init__(self) -> None:
        if self.field not in FIELDS:
            raise ValueError(f"field {self.field!r} is not one of {FIELDS}")
        if not 0 <= self.start <= self.end:
            raise ValueError(f"offsets {self.start}-{self.end} are not a half-open interval")
