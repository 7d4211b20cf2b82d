"""The project's own name and place tagger: a linear-chain CRF over word-shape and gazetteer features.

Explosion's English models are not on PyPI and a re-upload's provenance cannot be checked, so anecdata ships its
own small tagger, trained on WNUT-17's openly licensed training file with gazetteers from permissively licensed
packages (see ``data/MODEL_CARD.md``). Training (``anecdata train pii``) and decoding share the feature
functions of this module, so the attributes a model was trained on are exactly the ones it is decoded with.

Decoding is pure Python and built for speed: a token's emission scores are the sum of per-word vectors cached by
(offset, word), so a word seen before costs a few dictionary look-ups, and Viterbi runs over seven labels.
A per-kind bias added to the name labels trades precision for recall (a missed name is a leak).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from anecdata.errors import ConfigError

MODEL_FORMAT = "anecdata.name_tagger.v1"
MODEL_FILE = "name_tagger.json"
LABELS: tuple[str, ...] = ("O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-OTH", "I-OTH")
"""BIO labels: person, location, and OTH for WNUT's other entity types, learnt so they are not taken for names."""
KIND_OF_LABEL = {"PER": "person", "LOC": "location"}
OFFSET_KEYS: Mapping[int, frozenset[str] | None] = {
    0: None,
    -1: frozenset({"w", "sh", "cap", "fn", "ln", "pl", "fb"}),
    1: frozenset({"w", "sh", "cap", "fn", "ln", "pl", "fb"}),
    -2: frozenset({"w", "cap"}),
    2: frozenset({"w", "cap"}),
}
"""Which of a word's own features its neighbours see, by relative position (None: all of them)."""
CACHE_LIMIT = 200_000
"""Cached per-word emission vectors before the cache is cleared, so memory stays bounded on endless input."""

_UPPER = re.compile(r"[A-Z]")
_LOWER = re.compile(r"[a-z]")
_DIGIT = re.compile(r"[0-9]")
_REPEAT = re.compile(r"(.)\1{2,}")


@dataclass(frozen=True, slots=True)
class Gazetteers:
    """Lower-cased word lists that feed the tagger's features; built at training time, stored with the weights.

    ``surnames`` maps a surname to its frequency band ("1" the most common); ``place_words`` holds the words of
    multi-word place names ("rapids" of "Grand Rapids").
    """

    first_names: frozenset[str] = frozenset()
    surnames: Mapping[str, str] = field(default_factory=dict)
    places: frozenset[str] = frozenset()
    place_words: frozenset[str] = frozenset()

    def to_dict(self) -> dict[str, Any]:
        bands: dict[str, list[str]] = {}
        for name, band in self.surnames.items():
            bands.setdefault(band, []).append(name)
        return {
            "first_names": sorted(self.first_names),
            "surnames": {band: sorted(names) for band, names in sorted(bands.items())},
            "places": sorted(self.places),
            "place_words": sorted(self.place_words),
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Gazetteers:
        return cls(
            first_names=frozenset(d["first_names"]),
            surnames={name: band for band, names in d["surnames"].items() for name in names},
            places=frozenset(d["places"]),
            place_words=frozenset(d["place_words"]),
        )


@cache
def word_frequencies() -> Mapping[str, int]:
    """pyspellchecker's English word counts: a word's frequency band tells ordinary words from rare ones."""
    from spellchecker import SpellChecker

    return SpellChecker().word_frequency.dictionary


def shape(word: str) -> str:
    """``Xxxx`` for "Mary", ``dd-dd`` for "12-34": case and digits by class, long runs cut to two."""
    s = _DIGIT.sub("d", _LOWER.sub("x", _UPPER.sub("X", word)))
    return _REPEAT.sub(r"\1\1", s)


def case_class(word: str) -> str:
    if word.istitle():
        return "title"
    if word.isupper():
        return "upper"
    if word.islower():
        return "lower"
    return "mixed" if any(c.isalpha() for c in word) else "none"


def word_features(word: str, gazetteers: Gazetteers) -> tuple[str, ...]:
    """The features of one word on its own, as ``key=value`` strings; position prefixes are added later."""
    lower = word.lower()
    count = word_frequencies().get(lower, 0)
    features = [
        f"w={lower}",
        f"sh={shape(word)}",
        f"cap={case_class(word)}",
        f"fb={min(int(math.log10(count)), 6) if count else 'none'}",
        f"p2={lower[:2]}",
        f"p3={lower[:3]}",
        f"s2={lower[-2:]}",
        f"s3={lower[-3:]}",
        f"s4={lower[-4:]}",
    ]
    if lower in gazetteers.first_names:
        features.append("fn=1")
    if band := gazetteers.surnames.get(lower):
        features.append(f"ln={band}")
    if lower in gazetteers.places:
        features.append("pl=1")
    elif lower in gazetteers.place_words:
        features.append("pl=w")
    return tuple(features)


def title_band(words: Sequence[str]) -> str:
    """How much of a sentence is capitalised, in five bands: headline-case text makes capitals mean less."""
    alphabetic = [w for w in words if w[:1].isalpha()]
    if not alphabetic:
        return "tb=none"
    return f"tb={round(4 * sum(w[:1].isupper() for w in alphabetic) / len(alphabetic))}"


def _keep(feature: str, keys: frozenset[str] | None) -> bool:
    return keys is None or feature.partition("=")[0] in keys


def sequence_features(words: Sequence[str], gazetteers: Gazetteers) -> list[list[str]]:
    """Every attribute of every word of one sentence, as training sees them (decoding sums the same weights)."""
    own = [word_features(w, gazetteers) for w in words]
    lowers = [w.lower() for w in words]
    band = title_band(words)
    attributes = []
    for i in range(len(words)):
        attrs = ["bias", band]
        for offset, keys in OFFSET_KEYS.items():
            j = i + offset
            if 0 <= j < len(words):
                attrs.extend(f"{offset}|{f}" for f in own[j] if _keep(f, keys))
        if i == 0:
            attrs.append("BOS")
        else:
            attrs.append(f"pair-={lowers[i - 1]}|{lowers[i]}")
        if i == len(words) - 1:
            attrs.append("EOS")
        else:
            attrs.append(f"pair+={lowers[i]}|{lowers[i + 1]}")
        attributes.append(attrs)
    return attributes


@dataclass(frozen=True, slots=True)
class TaggerModel:
    """Trained weights: per attribute, the labels it votes for; label-to-label transition weights; gazetteers."""

    labels: tuple[str, ...]
    state: Mapping[str, tuple[tuple[int, float], ...]]
    transitions: tuple[tuple[float, ...], ...]
    gazetteers: Gazetteers
    meta: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": MODEL_FORMAT,
            "meta": dict(self.meta),
            "labels": list(self.labels),
            "transitions": [[round(w, 5) for w in row] for row in self.transitions],
            "state": {a: [[i, round(w, 5)] for i, w in votes] for a, votes in sorted(self.state.items())},
            "gazetteers": self.gazetteers.to_dict(),
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], where: str) -> TaggerModel:
        """A model from its JSON form, refusing another format or labels it cannot decode."""
        if d.get("format") != MODEL_FORMAT:
            raise ConfigError(f"{where}: format {d.get('format')!r} is not {MODEL_FORMAT!r}")
        labels = tuple(d["labels"])
        if labels != LABELS:
            raise ConfigError(f"{where}: labels {labels} differ from the decoder's {LABELS}")
        return cls(
            labels=labels,
            state={a: tuple((int(i), float(w)) for i, w in votes) for a, votes in d["state"].items()},
            transitions=tuple(tuple(float(w) for w in row) for row in d["transitions"]),
            gazetteers=Gazetteers.from_dict(d["gazetteers"]),
            meta=d.get("meta", {}),
        )


def load_model_file(text: str, where: str) -> TaggerModel:
    try:
        return TaggerModel.from_dict(json.loads(text), where)
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as e:
        raise ConfigError(f"{where}: not a name tagger model ({e})") from e


@cache
def bundled_model() -> TaggerModel:
    """The tagger the package ships (``read/pii/data/name_tagger.json``), loaded once per process."""
    text = resources.files("anecdata.read.pii").joinpath("data", MODEL_FILE).read_text("utf-8")
    return load_model_file(text, f"read/pii/data/{MODEL_FILE}")


@dataclass(frozen=True, slots=True)
class TaggedSpan:
    """A run of words ``[start, end)`` (word indices) tagged as one name, its kind and its probability."""

    start: int
    end: int
    kind: str
    probability: float


class NameTagger:
    """Decodes a ``TaggerModel``: Viterbi over a sentence's words with a recall bias per kind of name.

    Args:
        model: the trained weights.
        bias: added to the score of a kind's ``B-`` label ({"person": 1.0}): each unit multiplies the odds that
            a name of that kind starts at a word by e; 0 decodes the model as trained. Only beginnings are
            biased, so the model alone decides where a name ends.
    """

    def __init__(self, model: TaggerModel, bias: Mapping[str, float]) -> None:
        self.model = model
        self.size = len(model.labels)
        unknown = set(bias) - set(KIND_OF_LABEL.values())
        if unknown:
            raise ConfigError(
                f"tagger bias for unknown kinds {sorted(unknown)}; kinds: {sorted(KIND_OF_LABEL.values())}"
            )
        self._label_bias = tuple(
            bias.get(KIND_OF_LABEL.get(label[2:], ""), 0.0) if label.startswith("B-") else 0.0 for label in model.labels
        )
        self._cache: dict[tuple[int, str], tuple[float, ...] | None] = {}
        self._columns = [[row[k] for row in model.transitions] for k in range(self.size)]
        self._gain_cache: tuple[list[float], list[float]] | None = None

    def _vector(self, attributes: Iterable[str]) -> tuple[float, ...] | None:
        """The summed label weights of some attributes, or None when none of them has a weight."""
        scores = [0.0] * self.size
        hit = False
        for a in attributes:
            votes = self.model.state.get(a)
            if votes:
                hit = True
                for i, w in votes:
                    scores[i] += w
        return tuple(scores) if hit else None

    def _word_vector(self, offset: int, word: str) -> tuple[float, ...] | None:
        key = (offset, word)
        try:
            return self._cache[key]
        except KeyError:
            pass
        if len(self._cache) >= CACHE_LIMIT:
            self._cache.clear()
        keys = OFFSET_KEYS[offset]
        features = word_features(word, self.model.gazetteers)
        vector = self._vector(f"{offset}|{f}" for f in features if _keep(f, keys))
        self._cache[key] = vector
        return vector

    def emissions(self, words: Sequence[str]) -> list[list[float]]:
        """Each word's score per label: the sum of the weights of its ``sequence_features`` attributes."""
        n = len(words)
        base = self._vector(("bias", title_band(words))) or (0.0,) * self.size
        state = self.model.state
        lowers = [w.lower() for w in words]
        rows = []
        for i in range(n):
            vectors = [base]
            for offset in OFFSET_KEYS:
                j = i + offset
                if 0 <= j < n and (vector := self._word_vector(offset, words[j])) is not None:
                    vectors.append(vector)
            for attribute in (
                "BOS" if i == 0 else f"pair-={lowers[i - 1]}|{lowers[i]}",
                "EOS" if i == n - 1 else f"pair+={lowers[i]}|{lowers[i + 1]}",
            ):
                if votes := state.get(attribute):
                    extra = [0.0] * self.size
                    for k, w in votes:
                        extra[k] = w
                    vectors.append(extra)
            rows.append([sum(column) for column in zip(*vectors, strict=True)])
        return rows

    def tag(self, words: Sequence[str]) -> list[TaggedSpan]:
        """The person and location names among ``words`` (one sentence), each with its local probability."""
        if not words:
            return []
        emissions = self.emissions(words)
        biased = [[e + b for e, b in zip(row, self._label_bias, strict=True)] for row in emissions]
        return self._spans(self._viterbi(biased), emissions)

    def _viterbi(self, emissions: list[list[float]]) -> list[int]:
        """The best label path. Words where O wins whatever their neighbours' labels (``_surely_outside``) are
        fixed to O first and cut the sentence into short stretches, each decoded on its own: the same path as
        a full Viterbi, at a fraction of the cost on ordinary text."""
        n = len(emissions)
        path = [0] * n
        i = 0
        while i < n:
            if self._surely_outside(emissions[i], has_before=i > 0, has_after=i < n - 1):
                i += 1
                continue
            j = i + 1
            while j < n and not self._surely_outside(emissions[j], has_before=True, has_after=j < n - 1):
                j += 1
            path[i:j] = self._decode(emissions[i:j], before=i > 0, after=j < n)
            i = j
        return path

    def _surely_outside(self, row: list[float], has_before: bool, has_after: bool) -> bool:
        """True when relabelling this word O never lowers a path's score, whatever labels surround it."""
        gain_before, gain_after = self._gains
        return all(
            row[0] - row[k] + (gain_before[k] if has_before else 0.0) + (gain_after[k] if has_after else 0.0) >= 0
            for k in range(1, self.size)
        )

    @property
    def _gains(self) -> tuple[list[float], list[float]]:
        """Per label k, the least a switch from k to O gains on the transition in, and on the transition out."""
        if self._gain_cache is None:
            t, labels = self.model.transitions, range(self.size)
            before = [min(t[p][0] - t[p][k] for p in labels) for k in labels]
            after = [min(t[0][q] - t[k][q] for q in labels) for k in labels]
            self._gain_cache = (before, after)
        return self._gain_cache

    def _decode(self, emissions: list[list[float]], before: bool, after: bool) -> list[int]:
        """Viterbi over a stretch; ``before`` / ``after``: an O word precedes / follows it."""
        trans = self.model.transitions
        columns = self._columns
        states = range(self.size)
        best = [e + (trans[0][k] if before else 0.0) for k, e in enumerate(emissions[0])]
        back: list[list[int]] = []
        for row in emissions[1:]:
            pointers, scores = [], []
            for k in states:
                candidates = [b + t for b, t in zip(best, columns[k], strict=True)]
                top = max(candidates)
                pointers.append(candidates.index(top))
                scores.append(top + row[k])
            back.append(pointers)
            best = scores
        if after:
            best = [b + trans[k][0] for k, b in enumerate(best)]
        path = [best.index(max(best))]
        for pointers in reversed(back):
            path.append(pointers[path[-1]])
        path.reverse()
        return path

    def _spans(self, path: list[int], emissions: list[list[float]]) -> list[TaggedSpan]:
        """BIO runs of person and location labels; probability: the unbiased local softmax of each word's label."""
        labels, trans = self.model.labels, self.model.transitions
        spans: list[TaggedSpan] = []
        start, kind, probs = -1, "", []
        for i, k in enumerate([*path, 0]):
            label = labels[k]
            continues = label.startswith("I-") and KIND_OF_LABEL.get(label[2:]) == kind and start >= 0
            if start >= 0 and not continues:
                spans.append(TaggedSpan(start, i, kind, sum(probs) / len(probs)))
                start, kind, probs = -1, "", []
            if i == len(path) or label[2:] not in KIND_OF_LABEL:
                continue
            scores = [e + (trans[path[i - 1]][j] if i else 0.0) for j, e in enumerate(emissions[i])]
            top = max(scores)
            probs.append(math.exp(scores[k] - top) / sum(math.exp(s - top) for s in scores))
            if not continues:
                start, kind = i, KIND_OF_LABEL[label[2:]]
        return spans
