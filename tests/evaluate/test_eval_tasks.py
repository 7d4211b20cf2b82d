"""Evaluation tasks: the registry, data folder resolution, and a run of `statements` with fake predictors."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from anecdata.errors import ConfigError, DataError
from anecdata.evaluate.formats import GoldDocument
from anecdata.evaluate.tasks import EVAL_TASKS, get_task, register_task, resolve_data_dir

POSTS = [
    ("p1", "Heat helped my back. Does ice work?", [("per_exp", 0, 20), ("question", 21, 35)]),
    ("p2", "Stretching cures sciatica.", [("claim", 0, 26)]),
]


@pytest.fixture
def redhot_dir(tmp_path: Path) -> Path:
    """A folder with RedHOT's layout holding two aligned posts and one unaligned post."""
    records = [
        {"post_id": post_id, "text": text, "aligned": True, "spans": [
            {"label": label, "start": start, "end": end} for label, start, end in spans
        ]}
        for post_id, text, spans in POSTS
    ]  # fmt: skip
    records.append({"post_id": "p3", "text": "[deleted]", "spans": [], "aligned": False})
    (tmp_path / "derived").mkdir()
    (tmp_path / "derived" / "st1_train_with_text.jsonl").write_text(
        "\n".join(json.dumps(r) for r in records), encoding="utf-8"
    )
    return tmp_path


def gold_predictor(texts: Sequence[str]) -> Iterator[list[tuple[int, int, str]]]:
    by_text = {t: [(s, e, label) for label, s, e in spans] for _, t, spans in POSTS}
    for text in texts:
        yield by_text[text]


def shifted_predictor(texts: Sequence[str]) -> Iterator[list[tuple[int, int, str]]]:
    for spans in gold_predictor(texts):
        yield [(s + 2, e + 2, label) for s, e, label in spans]


def silent_predictor(texts: Sequence[str]) -> Iterator[list[tuple[int, int, str]]]:
    for _ in texts:
        yield []


def test_statements_gold_predictor_scores_one(redhot_dir: Path) -> None:
    result = get_task("statements").run(redhot_dir, gold_predictor).to_dict()

    assert (result["task"], result["documents"], result["predicted"]) == ("statements", 2, 3)
    for mode in ("overlap", "strict"):
        assert result["scores"][mode]["macro_f1"] == 1.0
        assert result["scores"][mode]["per_label"]["claim"] == {
            "precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1, "predicted": 1, "matched": 1,
        }  # fmt: skip
    assert result["scores"]["overlap"]["per_label"]["claim_per_exp"]["support"] == 0
    assert json.loads(json.dumps(result)) == result


def test_statements_shifted_predictions_match_by_overlap_only(redhot_dir: Path) -> None:
    scores = get_task("statements").run(redhot_dir, shifted_predictor).scores
    assert scores["overlap"].macro_f1 == 1.0
    assert scores["strict"].macro_f1 == 0.0


def test_statements_no_predictions_score_zero(redhot_dir: Path) -> None:
    result = get_task("statements").run(redhot_dir, silent_predictor)
    assert result.predicted == 0
    assert result.scores["overlap"].per_label["question"].recall == 0.0
    assert result.scores["overlap"].macro_f1 == 0.0


def test_statements_predictor_must_answer_every_text(redhot_dir: Path) -> None:
    def one_short(texts: Sequence[str]) -> Iterator[list[tuple[int, int, str]]]:
        yield []

    with pytest.raises(ConfigError, match="stopped after 1 of 2 texts"):
        get_task("statements").run(redhot_dir, one_short)


def test_statements_missing_file_says_what_to_pass(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"no RedHOT statements file at .*: pass --data DIR"):
        get_task("statements").run(tmp_path, silent_predictor)


def test_tasks_unknown_name_lists_the_available_ones() -> None:
    with pytest.raises(ConfigError, match=r"unknown evaluation task 'nope': available tasks are .*statements"):
        get_task("nope")


def test_tasks_a_name_registers_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("anecdata.evaluate.tasks.EVAL_TASKS", dict(EVAL_TASKS))  # a registry this test may spoil
    decorate = register_task(
        "statements", description="again", default_subdir="", labels=(), default_predictor=silent_predictor
    )

    def load_nothing(data_dir: Path) -> list[GoldDocument]:
        return []

    with pytest.raises(ConfigError, match="'statements' is registered twice"):
        decorate(load_nothing)


def test_tasks_data_folder_defaults_to_the_shared_corpora(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    task = get_task("statements")
    monkeypatch.setenv("ANECDATA_SHARED", str(tmp_path))
    assert resolve_data_dir(task, None) == tmp_path / "corpora" / "redhot"
    assert resolve_data_dir(task, Path("elsewhere")) == Path("elsewhere")


def test_task_modules_name_every_task_their_modules_register():
    from anecdata.evaluate.tasks import TASK_MODULES, all_tasks

    assert sorted(all_tasks()) == sorted(TASK_MODULES)
    assert all(get_task(name).name == name for name in TASK_MODULES)
