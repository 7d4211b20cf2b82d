"""A report's counts are named by typed paths, written as text only for URLs and anchors and read back in one place
(issue 19: count paths were strings split again downstream); report JSON keeps references as text."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anecdata.report.condition import OUTCOMES, ConditionReport, Count, CountPath, condition_report
from anecdata.report.html import count_at, count_paths, count_title
from anecdata.store import open_store
from anecdata.store.experiences import SourceRef


@pytest.fixture(scope="module")
def plantar(example_store_url) -> ConditionReport:
    with open_store(example_store_url, create=False) as store:
        return condition_report(store, "plantar fasciitis")


@pytest.mark.parametrize(
    ("path", "text"),
    [
        (CountPath("people"), "people"),
        (CountPath("treatment", "night splint", "improved"), "treatment/night splint/improved"),
        (CountPath("treatment", "heat/ice", "tried"), "treatment/heat/ice/tried"),
        (CountPath("cause", "fall on ice"), "cause/fall on ice"),
        (CountPath("claims", "the condition itself"), "claims/the condition itself"),
        (CountPath("questions", "answered"), "questions/answered"),
    ],
)
def test_count_path_text_is_what_links_always_carried(path, text):
    """The text is the one links made before paths were typed carry, so old links still name their counts."""
    assert str(path) == text
    assert CountPath.parse(text) == path


@given(
    st.sampled_from(("cause", "claims", "questions", "treatment")),
    st.text(max_size=20),
    st.sampled_from(("tried", *OUTCOMES)),
)
def test_count_path_reads_back_what_it_wrote(kind, item, outcome):
    path = CountPath(kind, item, outcome if kind == "treatment" else "")
    assert CountPath.parse(str(path)) == path


@given(st.text(max_size=30))
def test_count_path_text_read_back_is_the_same_text(text):
    """Whatever a URL holds, a path read from it writes that text again, or it is no path at all: a count is found
    by its text exactly."""
    path = CountPath.parse(text)
    assert path is None or str(path) == text


@pytest.mark.parametrize("text", ["", "people/", "people/x", "treatment", "treatment/splint", "cause", "bogus/x"])
def test_count_path_refuses_text_no_path_writes(text):
    assert CountPath.parse(text) is None


def test_count_path_every_count_is_found_by_its_path_and_its_text(plantar):
    paths = list(count_paths(plantar))
    assert len({p for p, _ in paths}) == len(paths)
    for path, count in paths:
        assert count_at(plantar, path) is count_at(plantar, str(path)) is count
    assert count_at(plantar, "treatment/no such thing/tried") is None and count_at(plantar, "people/x") is None


def test_count_path_titles():
    assert count_title(CountPath("treatment", "night splint", "no_change")) == "night splint: no change"
    assert count_title("cause/fall on ice") == "stated cause: fall on ice"
    assert count_title(CountPath("claims", "rest")) == "claims about rest"
    assert count_title("questions/asked") == "questions asked"
    assert count_title("people") == "people"


def test_count_json_writes_references_as_text_and_reads_them_back():
    count = Count(2, (SourceRef("reddit:t1_a", "01ab"), SourceRef("p2", "ff")))
    assert count.to_dict() == {"people": 2, "refs": ["reddit:t1_a:01ab", "p2:ff"]}
    assert Count.from_dict(count.to_dict()) == count


def test_count_report_json_round_trips_with_typed_references(plantar):
    data = json.loads(json.dumps(plantar.to_dict()))
    refs = [r for t in data["treatments"] for c in (t["tried"], *t["outcomes"].values()) for r in c["refs"]]
    refs += data["people"]["refs"] + data["questions"]["asked"]["refs"]
    refs += [r for g in (*data["causes"], *data["claims"]) for r in g["people"]["refs"]]
    assert refs and all(isinstance(r, str) and ":" in r for r in refs)
    assert ConditionReport.from_dict(data).to_dict() == plantar.to_dict()
    read = ConditionReport.from_dict(data)
    assert read.people == plantar.people and read.treatments[0].tried == plantar.treatments[0].tried
