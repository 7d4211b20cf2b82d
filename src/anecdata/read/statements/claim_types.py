"""The claim-type model: which kind of claim a claim span makes (causal, prevalence, efficacy, diagnostic, other).

One multinomial logistic scorer over the claim's words, word pairs, four-character pieces of its words and the
type the cue rules give (``rules.claim_attributes``): the rules know the textbook phrasings ("causes", "most
people", "works"), the words learn how forum writers actually put them, and the pieces carry a word's stem over
its other forms and misspellings ("trigger", "triggers", "triggerd"). Trained only on the project's own corpus
(``data/corpus``, train and dev splits; ``anecdata train claim_types``); scored on its test split by
``anecdata evaluate claim_types``. Hedging stays with the rules.

The model is a JSON file (no pickle: loading a file must never run code).
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from anecdata.errors import ConfigError
from anecdata.read.statements.rules import claim_attributes

FORMAT = "anecdata-claim-types/1"
BUILTIN_FILE = "claim_type_model.json"
CLAIM_TYPES = ("causal", "prevalence", "efficacy", "diagnostic", "other")
MAX_CHARS = 2_000
"""Only a claim's first characters are read: a run-on claim costs no more than a long one."""
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def claim_features(text: str, rule_type: str | None = None) -> dict[str, float]:
    """What the model reads of a claim: its lower-cased words, adjacent word pairs, the four-character pieces of
    its words (spaces between words count), and the rules' type (given when the caller has already typed it)."""
    words = _WORD.findall(text[:MAX_CHARS].lower().replace("’", "'"))
    features = {f"w|{w}": 1.0 for w in words}
    features.update({f"b|{a} {b}": 1.0 for a, b in pairwise(words)})
    joined = f" {' '.join(words)} "
    features.update({f"c|{joined[i : i + 4]}": 1.0 for i in range(len(joined) - 3)})
    features[f"rule|{rule_type or claim_attributes(text)[0]}"] = 1.0
    return features


@dataclass(frozen=True, slots=True)
class ClaimTypeModel:
    """Weights per feature and type (one row per feature name in ``features``), intercepts, and training notes."""

    features: Mapping[str, int]
    weights: np.ndarray
    intercepts: np.ndarray
    meta: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.weights.shape != (len(self.features), len(CLAIM_TYPES)) or self.intercepts.shape != (len(CLAIM_TYPES),):
            raise ConfigError(f"claim-type model weights have shape {self.weights.shape}, expected "
                              f"({len(self.features)}, {len(CLAIM_TYPES)})")  # fmt: skip

    def probabilities(self, text: str, rule_type: str | None = None) -> np.ndarray:
        """The probability of each of ``CLAIM_TYPES`` for one claim."""
        return self._probabilities([(text, rule_type)])[0]

    def claim_type(self, text: str, rule_type: str | None = None) -> tuple[str, float]:
        """The most probable type and its probability."""
        return self.claim_types([(text, rule_type)])[0]

    def claim_types(self, claims: Sequence[tuple[str, str | None]]) -> list[tuple[str, float]]:
        """:meth:`claim_type` of each claim (its text and, when known, the rules' type), with numpy called per
        post rather than per claim."""
        p = self._probabilities(claims)
        best = np.argmax(p, axis=1)
        return [(CLAIM_TYPES[k], float(p[i, k])) for i, k in enumerate(best)]

    def _probabilities(self, claims: Sequence[tuple[str, str | None]]) -> np.ndarray:
        lookup = self.features.get
        rows = [[r for r in map(lookup, claim_features(text, rule)) if r is not None] for text, rule in claims]
        gathered = self.weights[list(itertools.chain.from_iterable(rows))]
        sums = np.zeros((len(rows), len(CLAIM_TYPES)))
        start = 0
        for i, row in enumerate(rows):
            if row:  # each claim's weights summed alone, as numpy sums one claim's: the same floats, bit for bit
                sums[i] = gathered[start : start + len(row)].sum(axis=0)
                start += len(row)
        scores = self.intercepts + sums
        exp = np.exp(scores - scores.max(axis=1, keepdims=True))
        return exp / exp.sum(axis=1, keepdims=True)

    def to_json(self) -> str:
        names = sorted(self.features, key=self.features.__getitem__)
        return json.dumps(
            {
                "format": FORMAT,
                "types": list(CLAIM_TYPES),
                "intercepts": [round(float(v), 4) for v in self.intercepts],
                "weights": {n: [round(float(v), 4) for v in self.weights[self.features[n]]] for n in names},
                "meta": dict(self.meta),
            },
            indent=None,
            separators=(",", ":"),
        )


def read_claim_type_model(source: str) -> ClaimTypeModel:
    """A model from its JSON text.

    Raises:
        ConfigError: not a claim-type model of this format.
    """
    try:
        data = json.loads(source)
    except json.JSONDecodeError as e:
        raise ConfigError(f"the claim-type model is not JSON: {e.msg}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("types") != list(CLAIM_TYPES):
        raise ConfigError(f"not a claim-type model of format {FORMAT!r} with types {list(CLAIM_TYPES)}")
    names = list(data["weights"])
    weights = np.array([data["weights"][n] for n in names], dtype=np.float64).reshape(len(names), len(CLAIM_TYPES))
    return ClaimTypeModel(
        {n: i for i, n in enumerate(names)}, weights, np.array(data["intercepts"], dtype=np.float64), data["meta"]
    )


def load_claim_type_model(path: str | Path | None = None) -> ClaimTypeModel:
    """The model at ``path``, or the one shipped in the package.

    Raises:
        ConfigError: the file is missing or not a claim-type model.
    """
    if path is None:
        return builtin_claim_type_model()
    try:
        return read_claim_type_model(Path(path).read_text(encoding="utf-8"))
    except OSError as e:
        raise ConfigError(f"cannot read the claim-type model {str(path)!r}: {e.strerror}") from None


@cache
def builtin_claim_type_model() -> ClaimTypeModel:
    """The shipped model, read once per process."""
    text = resources.files("anecdata.read.statements").joinpath("data", BUILTIN_FILE).read_text(encoding="utf-8")
    return read_claim_type_model(text)
