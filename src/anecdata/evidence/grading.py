"""Grading an abstract: its study design, from indexing first and wording second, and its CEBM level.

Both the design rules and the design → level mapping are data (:data:`DESIGN_RULES`, :data:`LEVELS`), read in
order: the first rule that fits decides, and the grade records that rule and what it matched, so every level
shown can be traced to a publication type, a MeSH heading or a phrase of the title or abstract.

Order of the rules, and why:

1. MeSH ``Animals`` without ``Humans`` (and veterinary publication types): the question is whether an
   intervention helps people, so an animal study is mechanism-level whatever its design.
2. Publication types that name a design (``Systematic Review``, ``Randomized Controlled Trial``, ...), and the
   ones that name no study (``Editorial``, ``Letter``, ``Comment``, protocols). NLM indexers assign these.
3. MeSH study-design headings (``Cohort Studies``, ``Case-Control Studies``, ...), also the indexers' call.
4. Phrases of the title, then of the abstract: the fallback for records without indexing (new articles,
   JSONL), narrow enough to describe the study itself ("patients were randomised") rather than cite others
   ("two randomised trials exist").
5. The bare ``Review`` publication type, last: PubMed gave many systematic reviews only ``Review`` before the
   ``Systematic Review`` type existed (2019), so wording gets the chance to say "systematic review" first.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from anecdata.errors import RuleError
from anecdata.evidence.model import (
    CASE_CONTROL,
    CASE_SERIES,
    COHORT,
    DESIGNS,
    MECHANISTIC,
    NARRATIVE_REVIEW,
    OTHER,
    RCT,
    SYSTEMATIC_REVIEW,
    Abstract,
    DesignCue,
    Grade,
)

LEVELS: Mapping[str, int | None] = {
    SYSTEMATIC_REVIEW: 1,
    RCT: 2,
    COHORT: 3,
    CASE_CONTROL: 4,
    CASE_SERIES: 4,
    MECHANISTIC: 5,
    NARRATIVE_REVIEW: 5,
    OTHER: None,
}
"""Study design → level for "Does this intervention help? (Treatment Benefits)".

From OCEBM Levels of Evidence Working Group, "The Oxford 2011 Levels of Evidence", Oxford Centre for
Evidence-Based Medicine (https://www.cebm.ox.ac.uk/resources/levels-of-evidence/ocebm-levels-of-evidence),
the row for treatment benefits:

- Level 1: systematic review of randomized trials or n-of-1 trials;
- Level 2: randomized trial, or observational study with dramatic effect;
- Level 3: non-randomized controlled cohort / follow-up study;
- Level 4: case-series, case-control studies, or historically controlled studies;
- Level 5: mechanism-based reasoning.

What this table does not do, and says so: it ranks by design alone. CEBM grades a level down for poor quality,
imprecision, indirectness, inconsistency or a very small effect, and up for a dramatic one; nothing here reads
those. A systematic review is taken to pool randomised trials (level 1); a review of observational studies
deserves its studies' level, which the abstract's wording rarely lets us tell reliably. Animal and laboratory
studies are mechanism-based reasoning for a question about people (5). CEBM 2011 has no row for expert opinion;
narrative reviews are ranked with level 5, where the 2009 table put expert opinion. ``other`` is unranked.
"""

INDEXING_SOURCES = ("publication_type", "mesh")
WORDING_SOURCES = ("title", "abstract")


def _lowered(text: str) -> str:
    """``text`` in lower case, character for character, so offsets into it are offsets into ``text``.

    ``str.lower`` turns a few characters into two (``İ``); those are kept as they are.
    """
    low = text.lower()
    return low if len(low) == len(text) else "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


@dataclass(frozen=True, slots=True)
class _Record:
    """What the rules read of one abstract: its indexing terms (casefolded → as spelled), its lowered wording."""

    abstract: Abstract
    terms: Mapping[str, Mapping[str, str]]
    lowered: Mapping[str, str]

    @classmethod
    def of(cls, abstract: Abstract) -> _Record:
        terms = {
            "publication_type": {t.casefold(): t for t in abstract.publication_types},
            "mesh": {m.casefold(): m for m in abstract.mesh_headings},
        }
        return cls(abstract, terms, {"title": _lowered(abstract.title), "abstract": _lowered(abstract.text)})

    def text_of(self, source: str) -> str:
        return self.abstract.title if source == "title" else self.abstract.text


@dataclass(frozen=True, slots=True)
class DesignRule:
    """One way to recognise a design: an indexing term (exact, case-insensitive) or a phrase (a regex).

    A phrase pattern is written in lower case and matched against the lowered field, and only where a word
    starts: the rule checks that, so patterns need no leading ``\\b`` (which would stop Python's regex engine
    from skipping ahead to a pattern's first letters, making every rule several times slower).

    Attributes:
        id: names the rule in every grade it decides.
        design: the design it recognises, one of ``model.DESIGNS``.
        source: ``publication_type`` or ``mesh`` (``pattern`` is a term), ``title`` or ``abstract`` (a regex).
        pattern: the term or the regex.
        unless: for indexing rules, a term whose presence cancels the rule (``Animals`` unless ``Humans``).
    """

    id: str
    design: str
    source: str
    pattern: str
    unless: str = ""
    _regex: re.Pattern[str] | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.design not in DESIGNS:
            raise RuleError(f"design rule {self.id!r}: design {self.design!r} is not one of {', '.join(DESIGNS)}")
        if self.source in WORDING_SOURCES:
            letters = re.sub(r"\\.", "", self.pattern)  # escapes such as \S are not capitals
            if letters != letters.lower():
                raise RuleError(
                    f"design rule {self.id!r}: pattern {self.pattern!r} has capitals; write it in lower case"
                )
            try:
                object.__setattr__(self, "_regex", re.compile(self.pattern))
            except re.error as e:
                raise RuleError(f"design rule {self.id!r}: pattern {self.pattern!r} is not a regex ({e})") from e
        elif self.source not in INDEXING_SOURCES:
            sources = ", ".join(INDEXING_SOURCES + WORDING_SOURCES)
            raise RuleError(f"design rule {self.id!r}: source {self.source!r} is not one of {sources}")

    def find(self, record: _Record) -> DesignCue | None:
        """The cue by which this rule recognises the record's abstract, or None."""
        if self._regex is None:
            terms = record.terms[self.source]
            spelled = terms.get(self.pattern.casefold())
            if spelled is None or (self.unless and self.unless.casefold() in terms):
                return None
            return DesignCue(self.id, self.source, spelled)
        low = record.lowered[self.source]
        position = 0
        while (found := self._regex.search(low, position)) is not None:
            start, end = found.span()
            if start == 0 or not (low[start - 1].isalnum() or low[start - 1] == "_"):
                return DesignCue(self.id, self.source, record.text_of(self.source)[start:end], start, end)
            position = start + 1
        return None


_MECHANISTIC_TITLE = (
    r"(?:mice|mouse|murine|rats?|rodents?|zebrafish|in vitro|ex vivo|cell lines?|cultured (?:\w+ )?cells)\b"
)
_MECHANISTIC_ABSTRACT = (
    r"(?:mice|rats|rodents|animals) (?:were|received|underwent)\b|in (?:(?:adult|male|female|aged) )?"
    r"(?:c57bl/6j? )?(?:mice|rats)\b|(?:murine|mouse|rat|rodent) model\b|in vitro\b|cultured (?:\w+ )?cells\b"
)
_SR = r"systematic (?:literature )?review\b|meta-?analys[ie]s\b|meta-?analytic\b|umbrella review\b"
_SR_ABSTRACT = (
    r"(?:this|we (?:conducted|performed|undertook|carried out)(?: an?)?) (?:updated )?"
    r"(?:systematic (?:literature )?review|meta-?analysis)\b"
    r"|we (?:systematically )?searched (?:the )?(?:medline|pubmed|embase|cinahl|cochrane|web of science|scopus)\b"
)
_PROTOCOL = r"(?:study|trial) protocol\b|protocol (?:for|of) an?\b"
_NOT_RANDOMISED = r"(?:non|quasi)[- ]?randomi[sz]ed\b"
"""Tried before the randomised-trial rules, so "non-randomised" never reads as "randomised"."""
_NOT_RANDOMISED_ABSTRACT = r"(?:non|quasi)[- ]?randomi[sz]ed (?:controlled |comparative |pilot )?(?:trial|study)\b"
"""Narrower in an abstract, which may contrast the study with a non-randomised one it is not."""
_RCT_TITLE = r"randomi[sz]ed\b|rct\b"
_RCT_ABSTRACT = (
    r"(?:were|was) randomi[sz]ed\b|randomly (?:assigned|allocated)\b|we randomi[sz]ed\b"
    r"|(?:this|in an?|we conducted an?) (?:[\w-]+ ){0,3}?randomi[sz]ed\b"
)
_CASE_CONTROL = r"case[- ]control\b"
_CASE_SERIES_TITLE = r"case (?:report|series|presentation)\b|a (?:rare |unusual )?case of\b"
_CASE_SERIES_ABSTRACT = (
    r"we (?:report|describe|present) (?:a|an|the|two|three|four|five|six|\d+)\b[^.]{0,60}?"
    r"\b(?:case|patient|wom[ae]n|m[ae]n|girl|boy|athlete|runner|dancer)s?\b|case (?:report|series)\b"
    r"|retrospective (?:chart|case) review\b"
)
_COHORT_TITLE = (
    r"cohort\b|prospective (?:study|follow-up|observational)\b|follow-up study\b|longitudinal study\b"
    r"|controlled before-and-after\b"
)
_COHORT_ABSTRACT = r"(?:prospective|retrospective|population-based|longitudinal) cohort\b|this cohort study\b"
_NARRATIVE_TITLE = r"review\b|overview\b|state of the art\b|current concepts\b|update on\b"
_NARRATIVE_ABSTRACT = (
    r"(?:this|in this|the present|our) (?:narrative |literature |clinical )?review\b|we review\b"
    r"|this (?:article|paper) reviews\b"
)

DESIGN_RULES: tuple[DesignRule, ...] = (
    # 1. not in people
    DesignRule("mesh_animals_only", MECHANISTIC, "mesh", "Animals", unless="Humans"),
    DesignRule("pt_veterinary_rct", MECHANISTIC, "publication_type", "Randomized Controlled Trial, Veterinary"),
    DesignRule("pt_veterinary_trial", MECHANISTIC, "publication_type", "Clinical Trial, Veterinary"),
    DesignRule("pt_veterinary_observational", MECHANISTIC, "publication_type", "Observational Study, Veterinary"),
    # 2. publication types that name a design, or no study at all
    DesignRule("pt_systematic_review", SYSTEMATIC_REVIEW, "publication_type", "Systematic Review"),
    DesignRule("pt_meta_analysis", SYSTEMATIC_REVIEW, "publication_type", "Meta-Analysis"),
    DesignRule("pt_network_meta_analysis", SYSTEMATIC_REVIEW, "publication_type", "Network Meta-Analysis"),
    DesignRule("pt_rct", RCT, "publication_type", "Randomized Controlled Trial"),
    DesignRule("pt_controlled_trial", COHORT, "publication_type", "Controlled Clinical Trial"),
    DesignRule("pt_case_reports", CASE_SERIES, "publication_type", "Case Reports"),
    DesignRule("pt_protocol", OTHER, "publication_type", "Clinical Trial Protocol"),
    DesignRule("pt_editorial", OTHER, "publication_type", "Editorial"),
    DesignRule("pt_comment", OTHER, "publication_type", "Comment"),
    DesignRule("pt_letter", OTHER, "publication_type", "Letter"),
    DesignRule("pt_news", OTHER, "publication_type", "News"),
    # 3. MeSH study-design headings
    DesignRule("mesh_case_control", CASE_CONTROL, "mesh", "Case-Control Studies"),
    DesignRule("mesh_cohort", COHORT, "mesh", "Cohort Studies"),
    DesignRule("mesh_prospective", COHORT, "mesh", "Prospective Studies"),
    DesignRule("mesh_longitudinal", COHORT, "mesh", "Longitudinal Studies"),
    DesignRule("mesh_follow_up", COHORT, "mesh", "Follow-Up Studies"),
    DesignRule("mesh_retrospective", COHORT, "mesh", "Retrospective Studies"),
    DesignRule("mesh_cross_sectional", OTHER, "mesh", "Cross-Sectional Studies"),
    DesignRule("mesh_in_vitro", MECHANISTIC, "mesh", "In Vitro Techniques"),
    DesignRule("mesh_cells_cultured", MECHANISTIC, "mesh", "Cells, Cultured"),
    # 4. the title's wording
    DesignRule("title_mechanistic", MECHANISTIC, "title", _MECHANISTIC_TITLE),
    DesignRule("title_systematic_review", SYSTEMATIC_REVIEW, "title", _SR),
    DesignRule("title_protocol", OTHER, "title", _PROTOCOL),
    DesignRule("title_not_randomised", COHORT, "title", _NOT_RANDOMISED),
    DesignRule("title_rct", RCT, "title", _RCT_TITLE),
    DesignRule("title_case_control", CASE_CONTROL, "title", _CASE_CONTROL),
    DesignRule("title_case_series", CASE_SERIES, "title", _CASE_SERIES_TITLE),
    DesignRule("title_cohort", COHORT, "title", _COHORT_TITLE),
    DesignRule("title_narrative_review", NARRATIVE_REVIEW, "title", _NARRATIVE_TITLE),
    # ... then the abstract's
    DesignRule("abstract_mechanistic", MECHANISTIC, "abstract", _MECHANISTIC_ABSTRACT),
    DesignRule("abstract_systematic_review", SYSTEMATIC_REVIEW, "abstract", _SR_ABSTRACT),
    DesignRule("abstract_not_randomised", COHORT, "abstract", _NOT_RANDOMISED_ABSTRACT),
    DesignRule("abstract_rct", RCT, "abstract", _RCT_ABSTRACT),
    DesignRule("abstract_case_control", CASE_CONTROL, "abstract", _CASE_CONTROL),
    DesignRule("abstract_case_series", CASE_SERIES, "abstract", _CASE_SERIES_ABSTRACT),
    DesignRule("abstract_cohort", COHORT, "abstract", _COHORT_ABSTRACT),
    DesignRule("abstract_narrative_review", NARRATIVE_REVIEW, "abstract", _NARRATIVE_ABSTRACT),
    # 5. a bare review, once wording had its say
    DesignRule("pt_review", NARRATIVE_REVIEW, "publication_type", "Review"),
)
"""The design rules in the order they are tried; the first that fits decides (see the module docstring)."""

NO_CUE = DesignCue("no_rule", "none", "")
"""The cue of an abstract no rule recognised: graded ``other``, unranked."""


def grade(abstract: Abstract, rules: Sequence[DesignRule] = DESIGN_RULES) -> Grade:
    """The study design and CEBM treatment-benefit level of ``abstract``, with the cue that decided them."""
    record = _Record.of(abstract)
    for rule in rules:
        cue = rule.find(record)
        if cue is not None:
            return Grade(rule.design, LEVELS[rule.design], cue)
    return Grade(OTHER, LEVELS[OTHER], NO_CUE)
