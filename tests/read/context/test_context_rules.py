"""The context rule file: strict loading, round trips, and the bundled rules' sanity."""

import json

import pytest

from anecdata.errors import RuleError
from anecdata.read.context.rules import ContextRule, load_rules, rules_from_dict, rules_to_dict

VALID = {"id": "neg_x", "category": "negated", "direction": "forward", "literals": ["no"]}


def test_context_rules_bundled_file_round_trips():
    rules = load_rules()
    assert len(rules) > 10
    assert rules_from_dict(rules_to_dict(rules)) == rules
    assert all(ContextRule.from_dict(r.to_dict()) == r for r in rules)


def test_context_rules_load_a_rule_file(tmp_path):
    path = tmp_path / "rules.json"
    path.write_text(json.dumps({"version": 1, "rules": [VALID]}), encoding="utf-8")
    assert load_rules(path) == (ContextRule("neg_x", "negated", ("no",), "forward"),)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"colour": "red"}, "unknown keys"),
        ({"category": "denied"}, "category"),
        ({"direction": "sideways"}, "direction"),
        ({"category": "pseudo"}, "has no direction"),
        ({"literals": []}, "literals"),
        ({"literals": "no"}, "literals"),
        ({"max_scope": 0}, "max_scope"),
        ({"max_scope": True}, "max_scope"),
        ({"allowed_types": ["organ"]}, "allowed_types"),
        ({"id": ""}, "id"),
    ],
)
def test_context_rules_refuse_malformed_rules(change, message):
    with pytest.raises(RuleError, match=message):
        ContextRule.from_dict({**VALID, **change})


def test_context_rules_refuse_a_missing_key():
    with pytest.raises(RuleError, match="missing keys"):
        ContextRule.from_dict({"id": "x", "category": "negated", "direction": "forward"})


@pytest.mark.parametrize(
    "data",
    [
        {"version": 2, "rules": []},
        {"rules": []},
        {"version": 1, "rules": [VALID, VALID]},
    ],
)
def test_context_rules_refuse_malformed_files(data):
    with pytest.raises(RuleError):
        rules_from_dict(data)


def test_context_rules_unreadable_file_is_a_rule_error(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(RuleError, match="cannot read"):
        load_rules(path)
