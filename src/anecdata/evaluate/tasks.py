"""Evaluation tasks by name: each loads its gold corpus, runs a predictor over the texts, scores the spans."""

from __future__ import annotations

import importlib
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from anecdata import settings
from anecdata.errors import ConfigError, DataError
from anecdata.evaluate.formats import GoldDocument
from anecdata.evaluate.spans import Mode, ModeScores, Span, score_all_modes

Predictor = Callable[[Sequence[str]], Iterable[Sequence[tuple[int, int, str]]]]
"""Given document texts, yields for each, in order, its predicted ``(start, end, label)`` spans."""

GoldLoader = Callable[[Path], list[GoldDocument]]


@dataclass(frozen=True, slots=True)
class EvalResult:
    """What one evaluation run measured, on which data, how many documents, and how long it took."""

    task: str
    data: Path
    documents: int
    labels: tuple[str, ...]
    scores: dict[Mode, ModeScores]
    predicted: int
    seconds: float
    set_aside: dict[str, int] = field(default_factory=dict)
    """Predicted spans with labels the task does not score (e.g. drug classes on CADEC), by label."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON object ``anecdata evaluate --json`` prints."""
        return {
            "task": self.task,
            "data": str(self.data),
            "documents": self.documents,
            "labels": list(self.labels),
            "predicted": self.predicted,
            "scores": {mode: scores.to_dict() for mode, scores in self.scores.items()},
            "set_aside": dict(self.set_aside),
            "seconds": round(self.seconds, 3),
        }


@dataclass(frozen=True, slots=True)
class RecordEvalResult(EvalResult):
    """The result of a task that scores records, not spans (experiences, PII on real posts): its nested scores,
    printed as ``scores``, and readable notes per document of what went wrong (``misses``, in the JSON only)."""

    details: dict[str, Any] = field(default_factory=dict)
    misses: dict[str, list[str]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {**EvalResult.to_dict(self), "scores": self.details, "misses": self.misses}


def ratio(k: int, n: int) -> float:
    """``k / n``, 0 when there is nothing to divide by."""
    return k / n if n else 0.0


@dataclass(frozen=True, slots=True)
class EvalTask:
    """A named evaluation: where its gold lives, how to load it, which labels count, what predicts by default.

    ``default_subdir`` is relative to ``<shared>/corpora`` (see ``anecdata.settings.shared_dir``), or an absolute
    folder for a gold set that ships with the package.
    ``model_predictor`` builds the predictor for a model trained with ``anecdata train`` (``--model``); None
    for tasks without a trainable model.
    """

    name: str
    description: str
    default_subdir: str
    labels: tuple[str, ...]
    load_gold: GoldLoader
    default_predictor: Predictor
    model_predictor: Callable[[Path], Predictor] | None = None

    def predictor_for(self, model: Path | None) -> Predictor:
        """The predictor for ``model`` (a trained model's folder or file), or the shipped one for None."""
        if model is None:
            return self.default_predictor
        if self.model_predictor is None:
            raise ConfigError(f"task {self.name!r} has no trainable model: drop --model")
        if not model.exists():
            raise ConfigError(f"no model at {str(model)!r}: train one with `anecdata train {self.name}`")
        return self.model_predictor(model)

    def run(self, data_dir: Path, predictor: Predictor | None = None) -> EvalResult:
        """Load the gold in ``data_dir``, predict every document's spans, and score them in every mode.

        ``predictor`` defaults to the task's own (the reading pipeline); tests pass fakes.
        """
        started = time.perf_counter()
        documents = self.load_gold(data_dir)
        if not documents:
            raise DataError(f"no gold documents for task {self.name!r} in {data_dir}")
        gold = [(d.id, s.start, s.end, s.label) for d in documents for s in d.spans]
        predicted = list(predicted_spans(documents, predictor or self.default_predictor))
        set_aside = Counter(label for *_, label in predicted if label not in self.labels)
        return EvalResult(
            task=self.name,
            data=data_dir,
            documents=len(documents),
            labels=self.labels,
            scores=score_all_modes(gold, predicted, self.labels),
            predicted=len(predicted) - sum(set_aside.values()),
            seconds=time.perf_counter() - started,
            set_aside=dict(sorted(set_aside.items())),
        )


def predicted_spans(documents: Sequence[GoldDocument], predictor: Predictor) -> Iterator[Span]:
    """Each document's predictions as scorer spans, refusing a predictor that loses or invents documents."""
    outputs = iter(predictor([d.text for d in documents]))
    done = object()
    for number, document in enumerate(documents):
        spans = next(outputs, done)
        if spans is done:
            raise ConfigError(
                f"the predictor stopped after {number} of {len(documents)} texts: yield one list per text"
            )
        for start, end, label in spans:
            yield document.id, start, end, label
    if next(outputs, done) is not done:
        raise ConfigError(f"the predictor yielded more lists than the {len(documents)} texts it was given")


EVAL_TASKS: dict[str, EvalTask] = {}
"""Every registered task by name, filled by ``register_task`` as each task's module is imported."""
TASK_MODULES: dict[str, str] = {
    "claim_types": "anecdata.evaluate.claim_types",
    "context": "anecdata.evaluate.context",
    "evidence": "anecdata.evaluate.evidence",
    "experiences": "anecdata.evaluate.experiences",
    "mentions": "anecdata.evaluate.mentions",
    "outcomes": "anecdata.evaluate.outcomes",
    "pii": "anecdata.evaluate.pii",
    "pii_forum": "anecdata.evaluate.pii",
    "pii_reddit": "anecdata.evaluate.pii_reddit",
    "statements": "anecdata.evaluate.statements",
}
"""Task name → the module that registers it, imported only when the task is asked for: evaluation pulls in the
reading pipeline, which no other command should pay for at start-up."""


def register_task(
    name: str,
    *,
    description: str,
    default_subdir: str,
    labels: Sequence[str],
    default_predictor: Predictor,
    model_predictor: Callable[[Path], Predictor] | None = None,
) -> Callable[[GoldLoader], GoldLoader]:
    """Register the decorated gold loader as the task ``name``; a name already taken is refused."""

    def decorate(load_gold: GoldLoader) -> GoldLoader:
        task = EvalTask(name, description, default_subdir, tuple(labels), load_gold, default_predictor, model_predictor)
        register_task_object(task)
        return load_gold

    return decorate


def register_task_object(task: EvalTask) -> None:
    """Register a ready-made task, e.g. an ``EvalTask`` subclass with its own ``run``; names must be unique."""
    if task.name in EVAL_TASKS:
        raise ConfigError(f"evaluation task {task.name!r} is registered twice: names must be unique")
    EVAL_TASKS[task.name] = task


def get_task(name: str) -> EvalTask:
    """The task called ``name``, its module imported (and so the task registered) on first use."""
    if name not in EVAL_TASKS and name in TASK_MODULES:
        importlib.import_module(TASK_MODULES[name])
    try:
        return EVAL_TASKS[name]
    except KeyError:
        available = ", ".join(sorted(set(EVAL_TASKS) | set(TASK_MODULES))) or "none"
        raise ConfigError(f"unknown evaluation task {name!r}: available tasks are {available}") from None


def all_tasks() -> dict[str, EvalTask]:
    """Every task, each module imported (for listing them)."""
    for module in dict.fromkeys(TASK_MODULES.values()):
        importlib.import_module(module)
    return EVAL_TASKS


def resolve_data_dir(task: EvalTask, data: Path | None) -> Path:
    """``data`` when given, else the task's folder under the shared corpora root."""
    return data if data is not None else settings.shared_dir() / "corpora" / task.default_subdir
