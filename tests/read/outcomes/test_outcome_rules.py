"""The outcome cue file: strict loading, round trips, and how competing cues resolve."""

import json

import pytest

from anecdata.errors import RuleError
from anecdata.read.outcomes.rules import CueRule, CueSet, cues_from_dict, cues_to_dict, load_cues

VALID = {"id": "imp", "kind": "improved", "patterns": ["helped"]}


def test_outcome_cues_bundled_file_round_trips():
    rules = load_cues()
    assert cues_from_dict(cues_to_dict(rules)) == rules
    assert all(CueRule.from_dict(r.to_dict()) == r for r in rules)


def test_outcome_cues_load_a_cue_file(tmp_path):
    path = tmp_path / "cues.json"
    path.write_text(json.dumps({"version": 1, "cues": [VALID]}), encoding="utf-8")
    assert load_cues(path) == (CueRule("imp", "improved", ("helped",)),)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"colour": "red"}, "keys"),
        ({"kind": "great"}, "kind"),
        ({"patterns": []}, "patterns"),
        ({"patterns": ["(unclosed"]}, "does not compile"),
        ({"id": ""}, "id"),
        ({"patterns": ["Helped"]}, "lower case"),
    ],
)
def test_outcome_cues_refuse_malformed_rules(change, message):
    with pytest.raises(RuleError, match=message):
        CueRule.from_dict({**VALID, **change})


@pytest.mark.parametrize("data", [{"version": 2, "cues": []}, {"cues": []}, {"version": 1, "cues": [VALID, VALID]}])
def test_outcome_cues_refuse_malformed_files(data):
    with pytest.raises(RuleError):
        cues_from_dict(data)


@pytest.fixture(scope="module")
def cues():
    return CueSet(load_cues())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nothing worked.", [("Nothing worked", "no_change"), ("Nothing", "quantifier")]),
        ("It did the trick.", [("It", "anaphor"), ("did the trick", "improved")]),
        ("No relief at all.", [("No relief", "no_change")]),
        ("It made my pain worse.", [("It", "anaphor"), ("made my pain worse", "worse")]),
        ("Made me worse.", [("Made", "anaphor"), ("Made me worse", "worse")]),
        ("I work from home.", []),
        ("Hoping it will help.", [("it", "anaphor")]),
        ("Naproxen DIDN'T WORK.", [("DIDN'T WORK", "no_change")]),
    ],
)
def test_outcome_cues_longest_competing_cue_wins(cues, text, expected):
    qualifiers = ("ongoing", "past", "first_person", "modal")
    found = [(text[c.start : c.end], c.kind) for c in cues.find(text) if c.kind not in qualifiers]
    assert sorted(found) == sorted(expected)
