"""The `evaluate` command: task listing, tables, JSON output and errors, with a fake task."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from anecdata.cli.evaluate import evaluate_command
from anecdata.errors import ConfigError
from anecdata.evaluate.formats import GoldDocument, GoldSpan
from anecdata.evaluate.tasks import EVAL_TASKS, EvalTask

GOLD = GoldDocument("d1", "My knee hurts. Will ice help?", (GoldSpan(15, 29, "question", "Will ice help?"),))


def load_gold(data_dir: Path) -> list[GoldDocument]:
    return [GOLD]


def echo_gold(texts: Sequence[str]) -> Iterator[list[tuple[int, int, str]]]:
    for _ in texts:
        yield [(s.start, s.end, s.label) for s in GOLD.spans]


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    """A one-command app around ``evaluate_command``, with a fake task whose predictor echoes the gold."""
    fake = EvalTask("fake", "a fake task", "fake", ("claim", "question"), load_gold, echo_gold)
    monkeypatch.setitem(EVAL_TASKS, "fake", fake)
    app = typer.Typer()
    app.command("evaluate")(evaluate_command)
    app.callback()(lambda: None)
    return app


def test_evaluate_json_prints_one_object(cli: typer.Typer, tmp_path: Path) -> None:
    result = CliRunner(mix_stderr=False).invoke(cli, ["evaluate", "fake", "--data", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert {"task", "data", "documents", "scores", "seconds"} <= set(report)
    assert report["data"] == str(tmp_path)
    assert report["scores"]["strict"]["per_label"]["question"]["f1"] == 1.0


def test_evaluate_tables_show_each_mode_and_macro_f1(cli: typer.Typer, tmp_path: Path) -> None:
    result = CliRunner(mix_stderr=False).invoke(cli, ["evaluate", "fake", "--data", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for expected in ("overlap matching", "strict matching", "question", "macro-F1", "1 documents"):
        assert expected in result.stdout


def test_evaluate_list_names_the_tasks(cli: typer.Typer) -> None:
    result = CliRunner().invoke(cli, ["evaluate", "--list"])
    assert result.exit_code == 0
    assert "statements" in result.output
    assert "fake" in result.output


@pytest.mark.parametrize("arguments", [["evaluate", "nope"], ["evaluate"]])
def test_evaluate_without_a_known_task_is_a_config_error(cli: typer.Typer, arguments: list[str]) -> None:
    result = CliRunner().invoke(cli, arguments)
    assert isinstance(result.exception, ConfigError)
    assert "statements" in str(result.exception)
