"""An optional trained outcome model: two linear scorers over sentence, neighbour and cue features.

The cue rules decide links (what an outcome judges); the model, when given, decides whether a sentence reports
that a treatment worked (``worked``) or did not (``failed``). It sees the sentence's words, the cues the rules
found in it, the rules' verdicts on it and on its neighbours, and how the post reads overall, so a sentence is
read against its treatment and its neighbours, not alone. Weights are a JSON file of feature → weight per
head, scored in plain Python, so reading needs no machine-learning library; ``anecdata train outcomes`` writes
it with scikit-learn. The project ships no such model: the shipped reader is the cue rules.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from anecdata.errors import ConfigError

MODEL_FORMAT = "anecdata-outcomes/1"
HEADS = ("worked", "failed")
"""``worked``: an improved outcome; ``failed``: no_change or worse. Both: mixed."""
_WORD = re.compile(r"[a-z']+|\d+")


@dataclass(frozen=True, slots=True)
class Head:
    """One linear scorer: a bias, weights by feature name, and the probability above which it fires."""

    bias: float
    threshold: float
    weights: Mapping[str, float]

    def probability(self, features: Sequence[str]) -> float:
        score = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-score))


@dataclass(frozen=True, slots=True)
class OutcomeModel:
    """The trained heads and a note on what they were trained on (the model card)."""

    heads: Mapping[str, Head]
    trained_on: str

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> OutcomeModel:
        """A model from its JSON object.

        Raises:
            ConfigError: not an outcome model of this format, or a head is missing or malformed.
        """
        if data.get("format") != MODEL_FORMAT or set(data) != {"format", "trained_on", "heads"}:
            raise ConfigError(f"not an outcome model of format {MODEL_FORMAT!r} (keys {sorted(data)})")
        heads = {}
        for name in HEADS:
            head = data["heads"].get(name)
            if not isinstance(head, Mapping) or set(head) != {"bias", "threshold", "weights"}:
                raise ConfigError(f"outcome model head {name!r} must have bias, threshold and weights")
            heads[name] = Head(float(head["bias"]), float(head["threshold"]), dict(head["weights"]))
        return cls(heads, str(data["trained_on"]))

    def to_dict(self) -> dict[str, Any]:
        """The JSON object ``from_dict`` reads back."""
        return {
            "format": MODEL_FORMAT,
            "trained_on": self.trained_on,
            "heads": {
                name: {"bias": h.bias, "threshold": h.threshold, "weights": dict(h.weights)}
                for name, h in self.heads.items()
            },
        }

    def verdicts(self, features: Sequence[str]) -> dict[str, float]:
        """Each head's probability for one sentence."""
        return {name: head.probability(features) for name, head in self.heads.items()}

    def fires(self, name: str, probability: float) -> bool:
        return probability >= self.heads[name].threshold


def load_model(path: str | Path) -> OutcomeModel:
    """The outcome model in a JSON file.

    Raises:
        ConfigError: the file is missing, not JSON, or not an outcome model.
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise ConfigError(f"cannot read the outcome model {str(path)!r}: {e}") from e
    return OutcomeModel.from_dict(data)


def sentence_features(
    sentence: str,
    cue_names: Sequence[str],
    verdict: str,
    previous: str,
    following: str,
    post_verdicts: Sequence[str],
    has_treatment: bool,
    position: int,
) -> list[str]:
    """The features of one sentence (names only: every feature is binary).

    Args:
        sentence: the sentence text.
        cue_names: ``kind:rule`` of each cue the rules found in it.
        verdict: the rules' outcome label for the sentence ("none" when they found none).
        previous: the rules' label for the sentence before ("start" for the first).
        following: the rules' label for the sentence after ("end" for the last).
        post_verdicts: the rules' labels for every sentence of the post.
        has_treatment: whether the sentence names a treatment.
        position: the sentence's index in the post.
    """
    words = _WORD.findall(sentence.lower())
    features = [f"w={w}" for w in words]
    features += [f"b={a}_{b}" for a, b in pairwise(words)]
    features += [f"cue={c}" for c in cue_names]
    features += [f"rule={verdict}", f"prev={previous}", f"next={following}", f"rule+prev={verdict}|{previous}"]
    counts = {label: post_verdicts.count(label) for label in ("improved", "no_change", "worse", "mixed")}
    features += [f"post_{label}={min(n, 3)}" for label, n in counts.items()]
    features += [f"treatment={has_treatment}", f"position={min(position, 4)}", f"length={min(len(words) // 8, 4)}"]
    return features
