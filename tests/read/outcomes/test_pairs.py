"""The outcome pair model: what it reads, when it overrules the rules' ``unknown``, and how its file is checked."""

import json

import pytest

from anecdata.errors import ConfigError
from anecdata.read.outcomes.judge import OutcomeJudge
from anecdata.read.outcomes.model import MODEL_FILE, load_model
from anecdata.read.outcomes.pairs import PairModel, read_pair_model, write_pair_model
from anecdata.read.outcomes.rules import CueSet, load_cues
from anecdata.read.pipeline import build_pipeline

LABELS = ("improved", "no_change", "unknown", "worse")


def toy_model(threshold: float = 0.6) -> PairModel:
    """A model built here: "superb" in the treatment's sentence reads as improved, anything else as unknown."""
    return PairModel(LABELS, threshold, (0.0, 0.0, 2.0, 0.0), {"s|superb": (6.0, 0.0, 0.0, 0.0)}, "a test")


def read(text: str, model: PairModel | None) -> list[tuple[str, tuple[str, ...], bool]]:
    from anecdata.read.outcomes.component import JUDGED_AFTER, judged_sentences, mention_ref

    nlp = build_pipeline(JUDGED_AFTER)
    doc = nlp(text)
    mentions = sorted((mention_ref(s) for s in doc.spans["mention"]), key=lambda m: (m.start, m.end))
    outcomes = OutcomeJudge(CueSet(load_cues()), model).read(text, judged_sentences(doc, text), mentions)
    return [(o.label, tuple(text[t.start : t.end] for t in o.targets), o.by_model) for o in outcomes]


def test_pairs_decide_only_what_the_rules_leave_unknown():
    text = "I started ibuprofen and yoga in May, superb times. Naproxen did nothing."
    assert read(text, None) == [("unknown", ("ibuprofen", "yoga"), False), ("no_change", ("Naproxen",), False)]
    assert read(text, toy_model()) == [
        ("improved", ("ibuprofen",), True),
        ("improved", ("yoga",), True),
        ("no_change", ("Naproxen",), False),
    ]


def test_pairs_keep_unknown_below_the_threshold():
    text = "I started ibuprofen in May, superb times."
    assert read(text, toy_model(threshold=0.999)) == [("unknown", ("ibuprofen",), False)]


def test_pairs_model_round_trips_through_its_folder(tmp_path):
    write_pair_model(toy_model(), tmp_path, MODEL_FILE)
    assert load_model(tmp_path) == toy_model()


@pytest.mark.parametrize(
    "change",
    [{"format": "other"}, {"labels": []}, {"bias": [0.0]}, {"weights": {"s|x": [1.0]}}, {"threshold": "high"}],
)
def test_pairs_model_file_is_checked(change):
    with pytest.raises(ConfigError):
        read_pair_model({**toy_model().card(), **change})


def test_pairs_model_file_that_is_not_json_is_a_config_error(tmp_path):
    (tmp_path / MODEL_FILE).write_text("{not json", encoding="utf-8")
    with pytest.raises(ConfigError):
        load_model(tmp_path)
    (tmp_path / MODEL_FILE).write_text(json.dumps({**toy_model().card(), "extra": 1}), encoding="utf-8")
    with pytest.raises(ConfigError):
        load_model(tmp_path)
