"""An optional trained outcome model: fine-tuned sentence encoders whose verdicts the cue rules can tip.

The cue rules decide links (what an outcome judges); the model, when given, decides whether a sentence reports
that a treatment worked (``worked``) or did not (``failed``). Each head's score is the encoders' probability for
the sentence plus ``rule_weight`` when the rules, which read the sentence against its treatment mentions and its
neighbours, reached the same verdict; the head fires at ``threshold``. Training chose both on held-out reviews.

A model is a folder: ``outcomes.json`` (format, heads, what it was trained on, its members) and one folder per
member of the ensemble, each a BERT encoder in the Hugging Face layout (``model.safetensors`` with the
classifier's ``head.weight`` and ``head.bias``, ``config.json``, ``tokenizer.json``); the members' probabilities
are averaged, which steadies what one fine-tuning run alone owes to its random seed. The encoders run in numpy
(``anecdata.embed.bert``), so reading needs no deep-learning library; ``anecdata train outcomes`` writes the model
with PyTorch. The project ships no such model: the shipped judge is the cue rules. (Trained on a corpus in the
project's layout instead, ``anecdata train outcomes`` writes a pair model, ``pairs.py``; ``load_model`` reads
either.)
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from anecdata.embed.bert import EncoderFiles, SentenceEncoder, read_encoder_files
from anecdata.errors import ConfigError
from anecdata.read.outcomes.pairs import PAIRS_FORMAT, PairModel, read_pair_model

MODEL_FORMAT = "anecdata-outcomes/2"
MODEL_FILE = "outcomes.json"
HEADS = ("worked", "failed")
"""``worked``: an improved outcome; ``failed``: no_change or worse. Both: mixed. The classifier's outputs, in order."""
CARD_KEYS = frozenset({"format", "trained_on", "heads", "max_tokens", "members"})
RULE_LABELS = {"worked": frozenset({"improved", "mixed"}), "failed": frozenset({"no_change", "worse", "mixed"})}
"""The rules' sentence labels that agree with each head."""


@dataclass(frozen=True, slots=True)
class Head:
    """One verdict: the weight the rules' agreement adds to the encoder's probability, and where it fires."""

    threshold: float
    rule_weight: float

    def score(self, probability: float, rules_agree: bool) -> float:
        return probability + (self.rule_weight if rules_agree else 0.0)

    def fires(self, score: float) -> bool:
        return score >= self.threshold


@dataclass(frozen=True, slots=True)
class Member:
    """One fine-tuned encoder of the ensemble and its two-output classifier (``head.weight``, ``head.bias``)."""

    encoder: SentenceEncoder
    weight: np.ndarray
    bias: np.ndarray

    @classmethod
    def from_files(cls, files: EncoderFiles, max_tokens: int) -> Member:
        """Raises ConfigError when the weights lack the classifier."""
        tensors = dict(files.tensors)
        weight, bias = tensors.pop("head.weight", None), tensors.pop("head.bias", None)
        if weight is None or bias is None or weight.shape != (len(HEADS), files.config.hidden):
            raise ConfigError(f"the outcome model's weights lack a {len(HEADS)}-output head.weight / head.bias")
        return cls(SentenceEncoder(EncoderFiles(tensors, files.tokenizer_json, files.config), max_tokens), weight, bias)

    def probabilities(self, sentences: Sequence[str]) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(self.encoder.encode(sentences) @ self.weight.T + self.bias)))


@dataclass(frozen=True, slots=True)
class OutcomeModel:
    """The fine-tuned encoders (their probabilities are averaged), the heads, and what the model was trained on."""

    heads: Mapping[str, Head]
    trained_on: str
    members: tuple[Member, ...]

    def probabilities(self, sentences: Sequence[str]) -> np.ndarray:
        """The ensemble's probability of each head for each sentence, shape (len(sentences), len(HEADS))."""
        if not sentences:
            return np.zeros((0, len(HEADS)), dtype=np.float32)
        return np.mean([m.probabilities(sentences) for m in self.members], axis=0)

    def verdicts(self, sentences: Sequence[str], rule_labels: Sequence[str]) -> list[dict[str, float]]:
        """Each head's score for each sentence, given the rules' label for it ("none" when they found none)."""
        return [
            {name: self.heads[name].score(float(p[i]), rule in RULE_LABELS[name]) for i, name in enumerate(HEADS)}
            for p, rule in zip(self.probabilities(sentences), rule_labels, strict=True)
        ]

    def fires(self, name: str, score: float) -> bool:
        return self.heads[name].fires(score)


def read_heads(data: Mapping[str, Any]) -> dict[str, Head]:
    """The heads of an ``outcomes.json`` object.

    Raises:
        ConfigError: not an outcome model of this format, or a head is missing or malformed.
    """
    if data.get("format") != MODEL_FORMAT or set(data) != CARD_KEYS:
        raise ConfigError(f"not an outcome model of format {MODEL_FORMAT!r} (keys {sorted(data)})")
    if not isinstance(data["heads"], Mapping) or not isinstance(data["max_tokens"], int) or data["max_tokens"] < 8:
        raise ConfigError("an outcome model needs heads (an object) and max_tokens (a whole number, 8 or more)")
    heads = {}
    for name in HEADS:
        head = data["heads"].get(name)
        if not isinstance(head, Mapping) or set(head) != {"threshold", "rule_weight"}:
            raise ConfigError(f"outcome model head {name!r} must have threshold and rule_weight")
        try:
            heads[name] = Head(float(head["threshold"]), float(head["rule_weight"]))
        except (TypeError, ValueError) as e:
            raise ConfigError(f"outcome model head {name!r}: threshold and rule_weight must be numbers") from e
    return heads


def model_card(heads: Mapping[str, Head], trained_on: str, max_tokens: int, members: Sequence[str]) -> dict[str, Any]:
    """The ``outcomes.json`` object ``load_model`` reads; ``members`` are the encoders' folders."""
    return {
        "format": MODEL_FORMAT,
        "trained_on": trained_on,
        "max_tokens": max_tokens,
        "members": list(members),
        "heads": {name: {"threshold": h.threshold, "rule_weight": h.rule_weight} for name, h in heads.items()},
    }


def load_model(path: str | Path) -> OutcomeModel | PairModel:
    """The outcome model in a folder written by ``anecdata train outcomes``: fine-tuned encoders, or a pair model
    (``pairs.py``) when it was trained on a corpus in the project's layout.

    Raises:
        ConfigError: the folder is missing, or does not hold an outcome model of this format.
    """
    folder = Path(path)
    if folder.is_file():
        raise ConfigError(
            f"{str(path)!r} is a file; an outcome model is the folder `anecdata train outcomes --base ENCODER` "
            f"writes (format {MODEL_FORMAT}): retrain with this version"
        )
    try:
        data = json.loads((folder / MODEL_FILE).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise ConfigError(f"cannot read the outcome model {str(path)!r}: {e}") from e
    if not isinstance(data, dict):
        raise ConfigError(f"{folder / MODEL_FILE} is not an outcome model")
    if data.get("format") == PAIRS_FORMAT:
        return read_pair_model(data)
    heads = read_heads(data)  # a model of another format is named as such before its weights are read
    names = data["members"]
    if not isinstance(names, list) or not names or not all(isinstance(n, str) and "/" not in n for n in names):
        raise ConfigError(f"{folder / MODEL_FILE}: 'members' must list the encoders' folder names")
    members = tuple(Member.from_files(read_encoder_files(folder / n), int(data["max_tokens"])) for n in names)
    return OutcomeModel(heads, str(data["trained_on"]), members)
