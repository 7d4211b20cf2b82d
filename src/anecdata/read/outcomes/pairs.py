"""An optional learned reader for the (sentence, treatment) pairs the cue rules leave ``unknown``.

Where no cue judges a treatment, the rules say ``unknown``; a pair model may then read the treatment's sentence
and its neighbours and give a verdict, kept only when its probability reaches the model's ``threshold`` (chosen
on held-out threads when it was trained). It is a logistic regression over a few hundred to a few thousand
sparse features: the words of the sentence with the treatment masked (unigrams and bigrams), the cue kinds the
rules found in the treatment's clause, its sentence and the sentences either side, and the words of those
neighbours, down-weighted. Reading it costs a dictionary lookup per feature.

``anecdata train outcomes --data FOLDER`` writes one from a corpus in the project's layout (``data/corpus``).
The project ships none: trained on its own corpus, it gains on that corpus's test threads and not on real
Reddit posts (``bench/outcome_pairs.py``), so the shipped judge is the cue rules alone.
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
from anecdata.read.outcomes.rules import CueMatch

PAIRS_FORMAT = "anecdata-outcome-pairs/1"
CARD_KEYS = frozenset({"format", "trained_on", "labels", "threshold", "bias", "weights"})
POLAR = frozenset({"improved", "no_change", "worse", "mixed"})
WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
NEXT_WEIGHT = 0.5
PREVIOUS_WEIGHT = 0.3
"""The weight of a neighbour's words: a verdict is said most often in the treatment's own sentence."""


@dataclass(frozen=True, slots=True)
class PairContext:
    """One post as the pair model sees it: the text, sentence extents, each sentence's cues and its treatments."""

    text: str
    sentences: Sequence[tuple[int, int]]
    cues: Sequence[Sequence[CueMatch]]
    treatments: Sequence[tuple[int, int]]


def pair_features(post: PairContext, index: int, target: tuple[int, int]) -> dict[str, float]:
    """The features of the treatment at ``target`` in sentence ``index`` (at reading and at training alike)."""
    features: dict[str, float] = {"bias": 1.0}
    start, end = post.sentences[index]
    own = _words(post, start, end, target)
    for word in own:
        features[f"s|{word}"] = 1.0
    for first, second in pairwise(own):
        features[f"s2|{first} {second}"] = 1.0
    for cue in post.cues[index]:
        features[f"ks|{cue.kind}"] = 1.0
    if post.text[start:end].rstrip().endswith("?"):
        features["question"] = 1.0
    for offset, prefix, weight in ((1, "n", NEXT_WEIGHT), (-1, "p", PREVIOUS_WEIGHT)):
        neighbour = index + offset
        if 0 <= neighbour < len(post.sentences):
            a, b = post.sentences[neighbour]
            for word in _words(post, a, b, target):
                features[f"{prefix}|{word}"] = weight
            for cue in post.cues[neighbour]:
                features[f"k{prefix}|{cue.kind}"] = 1.0
    listed = sum(1 for a, _ in post.treatments if start <= a < end)
    features[f"treatments={min(listed, 3)}"] = 1.0
    return features


def _words(post: PairContext, start: int, end: int, target: tuple[int, int]) -> list[str]:
    """The lower-cased words of ``text[start:end]``, the target treatment as ``xtarget`` and others as ``xother``."""
    parts, position = [], start
    for a, b in post.treatments:
        if a >= position and b <= end and a >= start:
            parts += [post.text[position:a], " xtarget " if (a, b) == target else " xother "]
            position = b
    parts.append(post.text[position:end])
    return WORD.findall("".join(parts).lower().replace("\u2019", "'"))


@dataclass(frozen=True, slots=True)
class PairModel:
    """A multinomial logistic regression over pair features, and the probability a verdict needs to be kept."""

    labels: tuple[str, ...]
    threshold: float
    bias: tuple[float, ...]
    weights: Mapping[str, tuple[float, ...]]
    trained_on: str

    def verdict(self, features: Mapping[str, float]) -> tuple[str, float]:
        """The most probable label and its probability."""
        scores = list(self.bias)
        for name, value in features.items():
            row = self.weights.get(name)
            if row is not None:
                scores = [s + value * w for s, w in zip(scores, row, strict=True)]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        best = max(range(len(scores)), key=scores.__getitem__)
        return self.labels[best], exps[best] / sum(exps)

    def decides(self, features: Mapping[str, float]) -> tuple[str, float] | None:
        """A polar verdict the model is sure enough of, else None (the pair stays ``unknown``)."""
        label, probability = self.verdict(features)
        return (label, probability) if label in POLAR and probability >= self.threshold else None

    def card(self) -> dict[str, Any]:
        """The JSON object :func:`read_pair_model` reads back."""
        return {
            "format": PAIRS_FORMAT,
            "trained_on": self.trained_on,
            "labels": list(self.labels),
            "threshold": self.threshold,
            "bias": list(self.bias),
            "weights": {name: list(row) for name, row in self.weights.items()},
        }


def read_pair_model(data: Mapping[str, Any]) -> PairModel:
    """A pair model from its JSON object.

    Raises:
        ConfigError: not a pair model of this format, or malformed.
    """
    if data.get("format") != PAIRS_FORMAT or set(data) != CARD_KEYS:
        raise ConfigError(f"not an outcome pair model of format {PAIRS_FORMAT!r} (keys {sorted(data)})")
    labels = data["labels"]
    if not isinstance(labels, list) or not labels or not all(isinstance(x, str) for x in labels):
        raise ConfigError("an outcome pair model's labels must be a list of names")
    try:
        bias = tuple(float(b) for b in data["bias"])
        weights = {str(k): tuple(float(w) for w in row) for k, row in data["weights"].items()}
        threshold = float(data["threshold"])
    except (TypeError, ValueError, AttributeError) as e:
        raise ConfigError(f"an outcome pair model's numbers are malformed: {e}") from e
    if len(bias) != len(labels) or any(len(row) != len(labels) for row in weights.values()):
        raise ConfigError("an outcome pair model needs one bias and one weight per label")
    return PairModel(tuple(labels), threshold, bias, weights, str(data["trained_on"]))


def write_pair_model(model: PairModel, folder: Path, file_name: str) -> None:
    """The model as ``folder/file_name``, the folder ``load_model`` reads (it tells the kinds apart by format)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / file_name).write_text(json.dumps(model.card(), separators=(",", ":")) + "\n", encoding="utf-8")
