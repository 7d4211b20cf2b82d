"""The statement model: one linear scorer per label over sentence features, and a post-level decoder.

A sentence may carry more than one label (RedHOT's own gold does: an experience that also draws a conclusion),
so each label has its own logistic scorer rather than one softmax over all. Labels are then decided for the
post as a whole, by hysteresis: a sentence whose probability reaches a label's ``high`` threshold starts a
run, and a neighbour of a run joins it when its probability reaches the lower ``low`` threshold. That is how
people write and how RedHOT annotates: a story or a reasoning goes on over several sentences, and the middle
ones, read alone, often look like nothing in particular.

The model is a JSON file (no pickle: loading a file must never run code), numbers rounded to keep it small.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from anecdata.errors import ConfigError
from anecdata.read.statements.features import Features

FORMAT = "anecdata-statements/1"
BUILTIN = "builtin"
"""The ``model`` setting that names the model shipped in the package."""
BUILTIN_FILE = "statement_model.json"


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Per-label probabilities that start a run (``high``) and that extend one to a neighbour (``low``)."""

    high: float
    low: float

    def __post_init__(self) -> None:
        if not 0.0 <= self.low <= self.high <= 1.0:
            raise ConfigError(f"thresholds need 0 <= low <= high <= 1, got low={self.low!r}, high={self.high!r}")


@dataclass(frozen=True, slots=True)
class PostScores:
    """What :meth:`StatementModel.score` found for one post: its probabilities, and the known features' parts.

    ``added`` has one row per known feature (sentence by sentence, in each sentence's feature order) and one
    column per label: the feature's value times its weight. Sentence ``i``'s rows are ``bounds[i]:bounds[i + 1]``;
    ``names[known[r]]`` names row ``r``.
    """

    probabilities: np.ndarray
    names: list[str]
    known: np.ndarray
    bounds: np.ndarray
    added: np.ndarray

    def strongest(self, sentence: int, label: int, top: int = 3) -> list[str]:
        """The features that pushed a sentence most towards a label (by index), strongest first; ties in order."""
        start, end = self.bounds[sentence], self.bounds[sentence + 1]
        column = self.added[start:end, label]
        positive = np.flatnonzero(column > 0)
        best = positive[np.argsort(-column[positive], kind="stable")[:top]]
        return [self.names[self.known[start + r]] for r in best]


@dataclass(frozen=True, slots=True)
class StatementModel:
    """Feature weights per label, the intercepts, the decoding thresholds and what the model was trained on.

    ``weights`` has one row per feature name in ``features`` and one column per label in ``labels``.
    ``meta`` records the training data, settings and scores; it is written into the file and the model card.
    """

    labels: tuple[str, ...]
    features: Mapping[str, int]
    weights: np.ndarray
    intercepts: np.ndarray
    thresholds: Mapping[str, Thresholds]
    version: str = "1"
    meta: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.weights.shape != (len(self.features), len(self.labels)):
            raise ConfigError(
                f"statement model weights have shape {self.weights.shape}, expected "
                f"({len(self.features)} features, {len(self.labels)} labels)"
            )
        if set(self.thresholds) != set(self.labels):
            raise ConfigError(f"thresholds are for {sorted(self.thresholds)}, labels are {list(self.labels)}")

    def probabilities(self, rows: Sequence[Features]) -> np.ndarray:
        """One row per sentence, one column per label: the probability that the label applies."""
        return self.score(rows).probabilities

    def score(self, rows: Sequence[Features]) -> PostScores:
        """A post's probabilities, with what each known feature added to each label's score (for explanations)."""
        # One gather over every feature of every sentence, then per-sentence sums in feature order: numpy calls
        # per post, not per sentence or feature.
        names = list(itertools.chain.from_iterable(rows))
        index = np.fromiter(map(self.features.get, names, itertools.repeat(-1)), dtype=np.intp, count=len(names))
        values = np.fromiter(itertools.chain.from_iterable(row.values() for row in rows), np.float64, len(names))
        known = np.flatnonzero(index >= 0)
        owner = np.repeat(np.arange(len(rows)), [len(row) for row in rows])[known]
        added = self.weights[index[known]] * values[known][:, None]
        scores = np.tile(self.intercepts, (len(rows), 1))
        if known.size:
            np.add.at(scores, owner, added)
        probabilities = 1.0 / (1.0 + np.exp(-np.clip(scores, -30.0, 30.0)))
        return PostScores(probabilities, names, known, np.searchsorted(owner, np.arange(len(rows) + 1)), added)

    def decode(self, probabilities: np.ndarray) -> list[list[str]]:
        """The labels of each sentence of one post (see the module docstring on hysteresis)."""
        chosen: list[list[str]] = [[] for _ in range(probabilities.shape[0])]
        for k, label in enumerate(self.labels):
            for i, on in enumerate(decode_runs(probabilities[:, k], self.thresholds[label])):
                if on:
                    chosen[i].append(label)
        return chosen

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: weights kept sparsely (a feature with all-zero weights is not written)."""
        names = sorted(self.features, key=self.features.__getitem__)
        return {
            "format": FORMAT,
            "version": self.version,
            "labels": list(self.labels),
            "intercepts": [round(float(b), 5) for b in self.intercepts],
            "thresholds": {label: [t.high, t.low] for label, t in self.thresholds.items()},
            "meta": dict(self.meta),
            "weights": {
                name: [round(float(w), 4) for w in self.weights[i]]
                for i, name in enumerate(names)
                if np.any(np.abs(self.weights[i]) >= 5e-5)
            },
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], where: str = "statement model") -> StatementModel:
        """The model from its JSON form, refusing a file of another format or with missing parts."""
        if data.get("format") != FORMAT:
            raise ConfigError(f"{where}: format {data.get('format')!r} is not {FORMAT!r}; retrain it with this version")
        try:
            labels = tuple(data["labels"])
            weights = data["weights"]
            thresholds = {label: Thresholds(*data["thresholds"][label]) for label in labels}
            matrix = np.array(list(weights.values()), dtype=np.float64).reshape(len(weights), len(labels))
            return cls(
                labels=labels,
                features={name: i for i, name in enumerate(weights)},
                weights=matrix,
                intercepts=np.array(data["intercepts"], dtype=np.float64),
                thresholds=thresholds,
                version=str(data.get("version", "1")),
                meta=data.get("meta", {}),
            )
        except (KeyError, TypeError, ValueError) as e:
            raise ConfigError(f"{where}: not a complete statement model ({e!r})") from e

    def save(self, path: Path) -> None:
        """Write the model as JSON to ``path``."""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_dict(), separators=(",", ":")) + "\n", encoding="utf-8")


def decode_runs(probabilities: Sequence[float] | np.ndarray, t: Thresholds) -> list[bool]:
    """One label over one post's sentences: runs started at ``t.high``, grown over neighbours at ``t.low``."""
    on = [bool(p >= t.high) for p in probabilities]
    if t.low >= t.high or not any(on):
        return on
    weak = [bool(p >= t.low) for p in probabilities]
    # Grow each run outwards over consecutive weak-enough sentences (the same fixpoint as growing one step at
    # a time until nothing changes).
    count = len(on)
    for i in range(count):
        if on[i] and (i == 0 or not on[i - 1]):
            j = i - 1
            while j >= 0 and not on[j] and weak[j]:
                on[j] = True
                j -= 1
    for i in range(count - 1, -1, -1):
        if on[i] and (i == count - 1 or not on[i + 1]):
            j = i + 1
            while j < count and not on[j] and weak[j]:
                on[j] = True
                j += 1
    return on


def questions_win(labels: Sequence[Sequence[str]]) -> list[list[str]]:
    """A post's sentence labels, where a sentence that asks keeps the question label alone.

    A question asserts nothing, so it is never a claim. Its experience labels (per_exp, claim_per_exp) are dropped
    too, except one whose run passes through it (both neighbours carry it): a story told around a question is one
    passage, and taking the label away there would cut it in two.
    """
    out = [list(sentence) for sentence in labels]
    for i, sentence in enumerate(labels):
        if "question" not in sentence:
            continue
        for label in sentence:
            through = 0 < i < len(labels) - 1 and label in labels[i - 1] and label in labels[i + 1]
            if label == "claim" or (label != "question" and not through):
                out[i].remove(label)
    return out


def load_model(location: str | Path) -> StatementModel:
    """The model at ``location``: a JSON file, a folder holding one, or ``"builtin"`` for the shipped model."""
    if str(location) == BUILTIN:
        text = resources.files("anecdata.read.statements").joinpath("data", BUILTIN_FILE).read_text("utf-8")
        return StatementModel.from_dict(json.loads(text), where=f"builtin {BUILTIN_FILE}")
    path = Path(location)
    if path.is_dir():
        path = path / BUILTIN_FILE
    if not path.is_file():
        raise ConfigError(
            f"no statement model at {str(location)!r}: pass a model file written by `anecdata train statements`, "
            f"a folder holding {BUILTIN_FILE}, or {BUILTIN!r}"
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ConfigError(f"{path}: not a JSON statement model ({e})") from e
    return StatementModel.from_dict(data, where=str(path))
