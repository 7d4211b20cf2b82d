"""The evidence corpus's data model: an abstract as its source gave it, and the grade we derive from it.

What the source says (:class:`Abstract`) and what anecdata judges (:class:`Grade`) are kept apart, so a change
of the grading rules regrades stored abstracts without touching what was read. A grade carries the cue that
decided it: the publication type, MeSH heading or phrase (with its offsets into the title or abstract).
This module imports nothing else of the project.
"""

from __future__ import annotations

from dataclasses import dataclass

SYSTEMATIC_REVIEW = "systematic_review"
RCT = "rct"
COHORT = "cohort"
CASE_CONTROL = "case_control"
CASE_SERIES = "case_series"
NARRATIVE_REVIEW = "narrative_review"
MECHANISTIC = "mechanistic"
OTHER = "other"
DESIGNS: tuple[str, ...] = (
    SYSTEMATIC_REVIEW,
    RCT,
    COHORT,
    CASE_CONTROL,
    CASE_SERIES,
    NARRATIVE_REVIEW,
    MECHANISTIC,
    OTHER,
)
"""Study designs, strongest first. ``cohort`` is any non-randomised controlled or follow-up study,
``case_series`` includes single case reports, ``mechanistic`` is animal or laboratory work, ``other`` covers
what no rule recognised (editorials, letters, cross-sectional surveys, records without a type)."""

CUE_SOURCES = ("publication_type", "mesh", "title", "abstract", "none")
"""Where a design cue was found: the record's indexing (publication type, MeSH heading) or its wording."""


@dataclass(frozen=True, slots=True)
class Abstract:
    """One article as a PubMed export (or a JSONL file) gives it; nothing here is our judgement.

    Attributes:
        pmid: the PubMed id (or the JSONL file's id), the corpus key.
        title: the article title ("" when the record has none).
        text: the abstract; structured abstracts are joined section by section as ``LABEL: text`` lines.
        year: the publication year, None when the record gives none.
        journal: the journal's full title, else its abbreviation; None when absent.
        publication_types: PubMed publication types as given ("Randomized Controlled Trial", ...).
        mesh_headings: MeSH descriptor names, without qualifiers or the major-topic star.
    """

    pmid: str
    title: str
    text: str
    year: int | None = None
    journal: str | None = None
    publication_types: tuple[str, ...] = ()
    mesh_headings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DesignCue:
    """What decided a design: the rule, where it looked, and what it found there.

    For ``title`` and ``abstract`` cues, ``start``/``end`` are half-open character offsets into that field and
    ``text`` is the matched phrase, so ``abstract.title[start:end] == text`` (the UI can highlight it). For
    indexing cues ``text`` is the publication type or MeSH heading and the offsets are None.
    """

    rule: str
    source: str
    text: str
    start: int | None = None
    end: int | None = None

    def __post_init__(self) -> None:
        if self.source not in CUE_SOURCES:
            raise ValueError(f"cue source {self.source!r} is not one of {CUE_SOURCES}")


@dataclass(frozen=True, slots=True)
class Grade:
    """An abstract's study design and its Oxford CEBM 2011 level for "does this intervention help?".

    ``level`` is 1 (strongest) to 5, or None for a design the table does not rank (see ``grading.py``).
    """

    design: str
    level: int | None
    cue: DesignCue

    def __post_init__(self) -> None:
        if self.design not in DESIGNS:
            raise ValueError(f"design {self.design!r} is not one of {DESIGNS}")
        if self.level is not None and not 1 <= self.level <= 5:
            raise ValueError(f"CEBM level {self.level!r} is outside 1-5")


@dataclass(frozen=True, slots=True)
class GradedAbstract:
    """An abstract and its grade: what the evidence store holds."""

    abstract: Abstract
    grade: Grade


@dataclass(frozen=True, slots=True)
class AddCounts:
    """What adding abstracts to a corpus did: new ones, changed ones (updated), and ones already there."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0

    def __add__(self, other: AddCounts) -> AddCounts:
        return AddCounts(self.added + other.added, self.updated + other.updated, self.unchanged + other.unchanged)

    @property
    def total(self) -> int:
        return self.added + self.updated + self.unchanged
