"""Grading: the CEBM 2011 table, the order of the design rules, and the cue each grade carries."""

from __future__ import annotations

import pytest
from evidence_files import JSONL, MEDLINE, PUBMED_XML, read_all

from anecdata.errors import RuleError
from anecdata.evidence.grading import DESIGN_RULES, LEVELS, NO_CUE, DesignRule, grade
from anecdata.evidence.model import DESIGNS, Abstract, Grade


def test_grading_levels_follow_cebm_2011_treatment_benefits():
    assert LEVELS == {
        "systematic_review": 1,
        "rct": 2,
        "cohort": 3,
        "case_control": 4,
        "case_series": 4,
        "mechanistic": 5,
        "narrative_review": 5,
        "other": None,
    }
    assert set(LEVELS) == set(DESIGNS)


def test_grading_rules_have_unique_ids_and_known_designs():
    ids = [r.id for r in DESIGN_RULES]
    assert len(ids) == len(set(ids))
    assert {r.design for r in DESIGN_RULES} <= set(DESIGNS)


# pmid → (design, level, rule, cue text): every sample record, each graded for a stated reason.
SAMPLES = {
    "90000001": ("rct", 2, "pt_rct", "Randomized Controlled Trial"),
    "90000002": ("systematic_review", 1, "pt_systematic_review", "Systematic Review"),
    "90000003": ("case_series", 4, "pt_case_reports", "Case Reports"),
    "90000004": ("mechanistic", 5, "mesh_animals_only", "Animals"),
    "90000005": ("narrative_review", 5, "title_narrative_review", "current concepts"),
    "90000006": ("cohort", 3, "title_cohort", "cohort"),
    "90000011": ("rct", 2, "pt_rct", "Randomized Controlled Trial"),
    "90000012": ("case_control", 4, "mesh_case_control", "Case-Control Studies"),
    "90000013": ("other", None, "pt_editorial", "Editorial"),
    "90000014": ("mechanistic", 5, "mesh_cells_cultured", "Cells, Cultured"),
    "90000021": ("systematic_review", 1, "title_systematic_review", "systematic review"),
    "90000022": ("rct", 2, "abstract_rct", "randomly assigned"),
    "90000023": ("narrative_review", 5, "abstract_narrative_review", "This narrative review"),
    "90000024": ("other", None, "mesh_cross_sectional", "Cross-Sectional Studies"),
}


def _samples() -> dict[str, Abstract]:
    found = {}
    for fmt, path in (("pubmed-xml", PUBMED_XML), ("medline", MEDLINE), ("jsonl", JSONL)):
        found.update((a.pmid, a) for a in read_all(fmt, path)[0])
    return found


@pytest.mark.parametrize("pmid", sorted(SAMPLES))
def test_grading_every_sample_record(pmid):
    result = grade(_samples()[pmid])
    assert (result.design, result.level, result.cue.rule, result.cue.text) == SAMPLES[pmid]


def make(title: str = "", text: str = "", types: tuple[str, ...] = (), mesh: tuple[str, ...] = ()) -> Abstract:
    return Abstract("91000001", title, text, publication_types=types, mesh_headings=mesh)


# abstract → (design, rule): the order of the rules, case by case.
CASES = [
    # indexing beats wording; animals beat every design for a question about people
    (make("Stretching in runners", types=("Randomized Controlled Trial",)), ("rct", "pt_rct")),
    (
        make("A trial", types=("Randomized Controlled Trial",), mesh=("Animals", "Rats")),
        ("mechanistic", "mesh_animals_only"),
    ),
    (make("A trial", types=("Randomized Controlled Trial",), mesh=("Animals", "Humans")), ("rct", "pt_rct")),
    (make("x", types=("randomized controlled trial",)), ("rct", "pt_rct")),  # case-insensitive terms
    (make("x", types=("Review", "Meta-Analysis")), ("systematic_review", "pt_meta_analysis")),
    (make("x", types=("Letter", "Case Reports")), ("case_series", "pt_case_reports")),
    (make("Randomised trials in back pain", types=("Editorial",)), ("other", "pt_editorial")),
    (make("x", types=("Controlled Clinical Trial",)), ("cohort", "pt_controlled_trial")),
    (make("x", mesh=("Humans", "Prospective Studies")), ("cohort", "mesh_prospective")),
    # wording: title first, then abstract
    (make("Heat versus ice: a randomized trial"), ("rct", "title_rct")),
    (make("A non-randomised controlled trial of heat"), ("cohort", "title_not_randomised")),
    (make("Protocol for a randomised trial of heat"), ("other", "title_protocol")),
    (make("Piriformis syndrome: a review", types=("Review",)), ("narrative_review", "title_narrative_review")),
    (
        make("Piriformis syndrome", "We searched PubMed and Embase for trials.", ("Review",)),
        ("systematic_review", "abstract_systematic_review"),
    ),
    (
        make("Piriformis syndrome", "Two randomised trials exist; more are needed.", ("Review",)),
        ("narrative_review", "pt_review"),
    ),
    (make("Knee pain", "Patients were randomised to heat or ice."), ("rct", "abstract_rct")),
    (make("Knee pain", "In this double-blind randomized study, 40 adults took part."), ("rct", "abstract_rct")),
    (make("Knee pain", "In this non-randomised study, 40 adults took part."), ("cohort", "abstract_not_randomised")),
    (make("Knee pain", "Rats were randomly assigned to two groups."), ("mechanistic", "abstract_mechanistic")),
    (
        make("Hamstring strain in a sprinter: a case report and review of the literature"),
        ("case_series", "title_case_series"),
    ),
    (make("Heel pain", "We present a 40-year-old woman with heel pain."), ("case_series", "abstract_case_series")),
    (
        make("Heel pain in runners", "A nested case-control analysis of 90 runners."),
        ("case_control", "abstract_case_control"),
    ),
    (make("Heel pain in runners", "Runners answered questions about pain."), ("other", "no_rule")),
    # phrases match where a word starts, in any case, and offsets survive characters that lower() lengthens
    (make("Subcohort analysis of heel pain"), ("other", "no_rule")),
    (make("İSTANBUL RUNNERS: A RANDOMISED TRIAL"), ("rct", "title_rct")),
]


@pytest.mark.parametrize(("abstract", "expected"), CASES, ids=[c[1][1] + f"-{i}" for i, c in enumerate(CASES)])
def test_grading_rules_in_order(abstract, expected):
    result = grade(abstract)
    assert (result.design, result.cue.rule) == expected
    assert result.level == LEVELS[result.design]


@pytest.mark.parametrize(("abstract", "expected"), CASES, ids=[c[1][1] + f"-{i}" for i, c in enumerate(CASES)])
def test_grading_cue_points_at_what_it_matched(abstract, expected):
    cue = grade(abstract).cue
    if cue.source in ("title", "abstract"):
        field = abstract.title if cue.source == "title" else abstract.text
        assert cue.start is not None and cue.end is not None
        assert field[cue.start : cue.end] == cue.text
    elif cue.source == "publication_type":
        assert cue.text in abstract.publication_types and cue.start is None
    elif cue.source == "mesh":
        assert cue.text in abstract.mesh_headings
    else:
        assert cue == NO_CUE


def test_grading_without_a_rule_is_other_and_unranked():
    assert grade(make("x"), rules=()) == Grade("other", None, NO_CUE)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"design": "anecdote", "source": "title", "pattern": "x"}, "design 'anecdote' is not one of"),
        ({"design": "rct", "source": "keywords", "pattern": "x"}, "source 'keywords' is not one of"),
        ({"design": "rct", "source": "title", "pattern": "(unclosed"}, "pattern '(unclosed' is not a regex"),
        ({"design": "rct", "source": "title", "pattern": r"\bRCT\S"}, "has capitals; write it in lower case"),
    ],
)
def test_grading_rule_is_checked_when_built(kwargs, message):
    with pytest.raises(RuleError, match=message.replace("(", r"\(")):
        DesignRule("bad_rule", **kwargs)
