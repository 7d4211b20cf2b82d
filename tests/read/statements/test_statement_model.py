"""The statement model: decoding runs by hysteresis, the JSON round trip, and refusing broken model files."""

import json

import numpy as np
import pytest

from anecdata.errors import ConfigError
from anecdata.read.statements.model import StatementModel, Thresholds, load_model, questions_win

LABELS = ("claim", "per_exp", "claim_per_exp", "question")


def tiny_model(thresholds: dict[str, tuple[float, float]] | None = None) -> StatementModel:
    """A hand-built model: ``cue:first_person`` means per_exp, ``cue:question_mark`` means question."""
    weights = np.array([[0.0, 4.0, 0.0, 0.0], [0.0, 0.0, 0.0, 6.0], [2.0, 0.0, 0.0, 0.0]])
    chosen = {label: (0.5, 0.5) for label in LABELS} | (thresholds or {})
    return StatementModel(
        labels=LABELS,
        features={"cue:first_person": 0, "cue:question_mark": 1, "w:most": 2},
        weights=weights,
        intercepts=np.array([-2.0, -2.0, -3.0, -3.0]),
        thresholds={label: Thresholds(*t) for label, t in chosen.items()},
    )


@pytest.mark.parametrize(
    ("per_exp_probabilities", "thresholds", "expected"),
    [
        ((0.9, 0.3, 0.9), (0.5, 0.5), [["per_exp"], [], ["per_exp"]]),
        ((0.9, 0.3, 0.9), (0.5, 0.2), [["per_exp"], ["per_exp"], ["per_exp"]]),
        ((0.3, 0.3, 0.9), (0.5, 0.2), [["per_exp"], ["per_exp"], ["per_exp"]]),
        ((0.3, 0.1, 0.9), (0.5, 0.2), [[], [], ["per_exp"]]),
        ((0.3, 0.3, 0.3), (0.5, 0.05), [[], [], []]),
        ((0.3, 0.9, 0.3, 0.1, 0.3, 0.9), (0.5, 0.2),
         [["per_exp"], ["per_exp"], ["per_exp"], [], ["per_exp"], ["per_exp"]]),
        ((0.9, 0.3, 0.3, 0.3, 0.3), (0.5, 0.2), [["per_exp"]] * 5),
        ((0.3, 0.3, 0.3, 0.3, 0.9), (0.5, 0.2), [["per_exp"]] * 5),
    ],
)  # fmt: skip
def test_statement_model_decode_grows_runs_from_confident_sentences(per_exp_probabilities, thresholds, expected):
    model = tiny_model({"per_exp": thresholds})
    probabilities = np.zeros((len(per_exp_probabilities), len(LABELS)))
    probabilities[:, 1] = per_exp_probabilities
    assert model.decode(probabilities) == expected


def test_statement_model_probabilities_follow_weights():
    model = tiny_model()
    p = model.probabilities([{"cue:first_person": 1.0}, {"cue:question_mark": 1.0}, {"unknown": 1.0}])
    assert p.shape == (3, 4)
    assert p[0, 1] > 0.8 and p[1, 3] > 0.9 and (p[2] < 0.2).all()


def test_statement_model_round_trips_through_json(tmp_path):
    model = tiny_model({"question": (0.7, 0.3)})
    path = tmp_path / "model.json"
    model.save(path)
    loaded = load_model(path)
    assert loaded.labels == model.labels and loaded.thresholds == model.thresholds
    rows = [{"cue:first_person": 1.0, "w:most": 1.0}]
    assert np.allclose(loaded.probabilities(rows), model.probabilities(rows), atol=1e-3)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not a JSON statement model"),
        (json.dumps({"format": "other/1"}), "retrain it"),
        (json.dumps({"format": "anecdata-statements/1", "labels": ["claim"]}), "not a complete statement model"),
    ],
)
def test_statement_model_refuses_broken_files(tmp_path, content, message):
    path = tmp_path / "model.json"
    path.write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_model(path)


def test_statement_model_missing_file_names_the_options(tmp_path):
    with pytest.raises(ConfigError, match="builtin"):
        load_model(tmp_path / "nothing.json")


def test_statement_model_thresholds_must_be_ordered():
    with pytest.raises(ConfigError, match="low <= high"):
        Thresholds(0.3, 0.6)


def test_statement_model_builtin_loads_quickly_and_offline():
    model = load_model("builtin")
    assert model.labels == LABELS
    assert len(model.features) > 1000
    assert model.meta["training"]["data"] == "data/statements"


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        # A question alone keeps the question label only.
        ([["per_exp"], ["claim_per_exp", "question"]], [["per_exp"], ["question"]]),
        ([["question", "claim", "per_exp"]], [["question"]]),
        # A run that passes through the question keeps it, so the passage is not cut in two.
        ([["per_exp"], ["per_exp", "question"], ["per_exp"]], [["per_exp"], ["per_exp", "question"], ["per_exp"]]),
        ([["per_exp"], ["per_exp", "question"], []], [["per_exp"], ["question"], []]),
        # A question is never a claim, even inside a run of claims.
        ([["claim"], ["claim", "question"], ["claim"]], [["claim"], ["question"], ["claim"]]),
        ([["claim"], []], [["claim"], []]),
    ],
)
def test_questions_win_over_the_other_labels_of_a_sentence(labels, expected):
    assert questions_win(labels) == expected
