"""The ``anecdata evaluate`` command: parse options, run an evaluation task, render its scores."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.pretty import Pretty
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from anecdata.errors import ConfigError
from anecdata.evaluate.spans import ModeScores
from anecdata.evaluate.tasks import TASK_MODULES, EvalResult, Predictor, all_tasks, get_task, resolve_data_dir

BASE_KEYS = frozenset({"task", "data", "documents", "labels", "predicted", "scores", "set_aside", "seconds"})
JSON_ONLY_KEYS = frozenset({"misses"})
"""Per-document notes for error analysis: too long for a terminal, printed with ``--json``."""


def evaluate_command(
    task: str | None = typer.Argument(None, help="The task to score, e.g. statements (see --list)."),
    data: Path | None = typer.Option(
        None, "--data", help="The corpus folder; default: the task's folder under the shared corpora."
    ),
    model: Path | None = typer.Option(
        None, "--model", help="Score a model trained with `anecdata train TASK` instead of the shipped reader."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object instead of tables."),
    list_tasks: bool = typer.Option(False, "--list", help="List the evaluation tasks and exit."),
) -> None:
    """Score the reading pipeline against a gold corpus, with overlap and strict span matching."""
    console = Console()
    if list_tasks:
        console.print(_tasks_table())
        return
    if task is None:
        raise ConfigError(f"name a task to evaluate: one of {', '.join(sorted(TASK_MODULES))} (or pass --list)")
    eval_task = get_task(task)
    progress = Progress(
        SpinnerColumn(),
        TextColumn("predicting"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    with progress:
        result = eval_task.run(
            resolve_data_dir(eval_task, data), _with_progress(eval_task.predictor_for(model), progress)
        )
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2))
        return
    _print_result(console, result)


def _with_progress(predictor: Predictor, progress: Progress) -> Predictor:
    """The same predictor, advancing a progress bar by one for each text it has predicted."""

    def predict(texts: Sequence[str]) -> Iterator[Sequence[tuple[int, int, str]]]:
        bar = progress.add_task("predicting", total=len(texts))
        for spans in predictor(texts):
            progress.advance(bar)
            yield spans

    return predict


def _tasks_table() -> Table:
    table = Table(title="evaluation tasks")
    table.add_column("task", no_wrap=True)
    table.add_column("description")
    table.add_column("default data", overflow="fold")
    table.add_column("labels")
    for task in sorted(all_tasks().values(), key=lambda t: t.name):
        bundled = Path(task.default_subdir).is_absolute()
        folder = "bundled with anecdata" if bundled else f"<shared>/corpora/{task.default_subdir}"
        table.add_row(task.name, task.description, folder, ", ".join(task.labels))
    return table


def _scores_table(mode: str, scores: ModeScores) -> Table:
    table = Table(title=f"{mode} matching")
    table.add_column("label")
    for column in ("precision", "recall", "F1", "support", "predicted"):
        table.add_column(column, justify="right")
    for label, score in scores.per_label.items():
        table.add_row(
            escape(label),
            f"{score.precision:.3f}",
            f"{score.recall:.3f}",
            f"{score.f1:.3f}",
            str(score.support),
            str(score.predicted),
        )
    micro = scores.micro
    table.add_section()
    table.add_row(
        "micro",
        f"{micro.precision:.3f}",
        f"{micro.recall:.3f}",
        f"{micro.f1:.3f}",
        str(micro.support),
        str(micro.predicted),
    )
    table.add_row("[bold]macro-F1[/bold]", "", "", f"[bold]{scores.macro_f1:.3f}[/bold]", "", "")
    return table


def _print_result(console: Console, result: EvalResult) -> None:
    console.print(
        f"task [bold]{result.task}[/bold]: {result.documents} documents from {escape(str(result.data))}, "
        f"{result.predicted} predicted spans, {result.seconds:.2f} s"
    )
    if result.set_aside:
        kept_out = ", ".join(f"{count} {label}" for label, count in result.set_aside.items())
        console.print(f"set aside (not scored): {kept_out}")
    for mode, scores in result.scores.items():
        console.print(_scores_table(mode, scores))
    as_dict = result.to_dict()
    if not result.scores:  # a task that scores records, not spans, gives its scores as a nested object
        console.print(Pretty(as_dict["scores"]))
    for key, value in as_dict.items():
        # what a task adds: a confusion table, a mapping of labels, summary lines
        if key not in BASE_KEYS | JSON_ONLY_KEYS:
            console.print(f"[bold]{key}[/bold]")
            if isinstance(value, list) and all(isinstance(line, str) for line in value):
                for line in value:
                    console.print(f"- {escape(line)}")
            else:
                console.print(Pretty(value))
