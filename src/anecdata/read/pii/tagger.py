"""The project's own name and place tagger: a linear-chain CRF over word-shape and gazetteer features.

Explosion's English models are not on PyPI and a re-upload's provenance cannot be checked, so anecdata ships its
own small tagger, trained on WNUT-17's openly licensed training file and sentences the project wrote, with
gazetteers from permissively licensed packages (see ``data/MODEL_CARD.md``). Training (``anecdata train pii``) and
decoding share the feature functions of this module, so the attributes a model was trained on are exactly the
ones it is decoded with.

Decoding is numpy and built for speed: a word's features are computed once per process into a table row (its
weights at every position relative to a word), a sentence's emissions are sums of shifted rows, and one Viterbi
pass decodes many sentences at once (a pipeline batch's). A per-kind bias added to the name labels trades
precision for recall (a missed name is a leak).
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

import numpy as np

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


def best_paths(emissions: np.ndarray, lengths: np.ndarray, transitions: np.ndarray) -> np.ndarray:
    """Viterbi over many sequences at once: ``emissions`` holds their rows one after another (``lengths``), and
    the best label of every row comes back in the same order.

    The rows are packed by position, as in a packed batch: sorted longest first, the sequences still going at a
    position are a prefix, so each position is a few array operations over a contiguous block, whatever the
    number of sequences, and memory stays linear in the rows. Ties go to the lower label, as in a plain loop.
    """
    count = len(lengths)
    if count == 0:
        return np.zeros(0, dtype=np.intp)
    order = np.argsort(-lengths, kind="stable")
    rank = np.empty(count, dtype=np.intp)
    rank[order] = np.arange(count)
    sizes = lengths[order]
    longest = int(sizes[0])
    active = np.searchsorted(-sizes, -np.arange(longest), side="left")  # sequences longer than each position
    offsets = np.concatenate([[0], np.cumsum(active)[:-1]])
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    run_of = np.repeat(np.arange(count), lengths)
    position = np.arange(len(emissions)) - starts[run_of]
    packed_at = offsets[position] + rank[run_of]
    packed = np.empty_like(emissions)
    packed[packed_at] = emissions
    back = np.zeros((len(emissions), transitions.shape[0]), dtype=np.intp)
    best = packed[:count].copy()
    candidates = np.empty((count, *transitions.shape))  # [sequence, previous label, label], reused
    for t in range(1, longest):
        n, at = active[t], offsets[t]
        np.add(best[:n, :, None], transitions, out=candidates[:n])
        candidates[:n].argmax(axis=1, out=back[at : at + n])
        candidates[:n].max(axis=1, out=best[:n])
        best[:n] += packed[at : at + n]
    labels = np.zeros(len(emissions), dtype=np.intp)
    current = best.argmax(axis=1)
    for t in range(longest - 1, 0, -1):
        n, at = active[t], offsets[t]
        labels[at : at + n] = current[:n]
        current[:n] = back[at + np.arange(n), current[:n]]
    labels[:count] = current
    return labels[packed_at]


class NameTagger:
    """Decodes a ``TaggerModel``: Viterbi over a sentence's words with a recall bias per kind of name.

    A word's features are computed once per process: its weight vectors for every position it can take relative
    to a word (itself, a neighbour, two away) are a row of one table, so a sentence's emissions are a few array
    additions over the rows of its words, and many sentences decode together (``best_paths``).

    Args:
        model: the trained weights.
        bias: added to the score of a kind's ``B-`` label ({"person": 1.0}): each unit multiplies the odds that
            a name of that kind starts at a word by e; 0 decodes the model as trained. Only beginnings are
            biased, so the model alone decides where a name ends.
        lower_bias: the bias instead where a word begins with a lower-case letter (kinds left out keep
            ``bias``): in forum posts most lower-case words a strong bias turns into names are plain words
            ("ray", "bee", "urban"), while a capital is itself a cue.
    """

    def __init__(
        self, model: TaggerModel, bias: Mapping[str, float], lower_bias: Mapping[str, float] | None = None
    ) -> None:
        self.model = model
        self.size = len(model.labels)
        self._label_bias = self._bias_row(bias)
        self._lower_bias = self._label_bias if lower_bias is None else self._bias_row({**bias, **lower_bias})
        self._transitions = np.array(model.transitions, dtype=float).reshape(self.size, self.size)
        self._offsets = tuple(OFFSET_KEYS)
        zero = np.zeros(self.size)
        self._bases = np.array(
            [self._vector(("bias", f"tb={band}")) or zero for band in (*range(5), "none")], dtype=float
        )
        self._bos = np.array(self._vector(("BOS",)) or zero)
        self._eos = np.array(self._vector(("EOS",)) or zero)
        self._pairs: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._pair_words: tuple[set[str], set[str]] = (set(), set())
        for attribute in model.state:
            if attribute.startswith(("pair-=", "pair+=")):
                pair = attribute[6:]
                if pair not in self._pairs:
                    self._pairs[pair] = (
                        np.array(self._vector((f"pair-={pair}",)) or zero),
                        np.array(self._vector((f"pair+={pair}",)) or zero),
                    )
                    for cut in (i for i, c in enumerate(pair) if c == "|"):  # a word may hold a "|" itself
                        self._pair_words[0].add(pair[:cut])
                        self._pair_words[1].add(pair[cut + 1 :])
        self._clear()

    def _bias_row(self, bias: Mapping[str, float]) -> np.ndarray:
        """Per label, the bias added to its score: a kind's bias on its ``B-`` label, 0 elsewhere."""
        if unknown := set(bias) - set(KIND_OF_LABEL.values()):
            raise ConfigError(
                f"tagger bias for unknown kinds {sorted(unknown)}; kinds: {sorted(KIND_OF_LABEL.values())}"
            )
        return np.array(
            [
                bias.get(KIND_OF_LABEL.get(label[2:], ""), 0.0) if label.startswith("B-") else 0.0
                for label in self.model.labels
            ]
        )

    def _clear(self) -> None:
        """Empties the word table (at ``CACHE_LIMIT`` words, so memory stays bounded on endless input)."""
        self._ids: dict[str, int] = {}
        self._lowers: list[str] = []
        self._table = np.zeros((1024, len(self._offsets), self.size))
        self._flags = np.zeros((1024, 4), dtype=np.intp)  # alphabetic, capital, first of a pair, second of one

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

    def _add_word(self, word: str) -> int:
        """A new word's row: its weights at each relative position, what ``title_band`` counts of it, and whether
        it can be part of a word-pair attribute."""
        row = len(self._lowers)
        if row == len(self._table):
            self._table = np.concatenate([self._table, np.zeros_like(self._table)])
            self._flags = np.concatenate([self._flags, np.zeros_like(self._flags)])
        features = word_features(word, self.model.gazetteers)
        for k, (offset, keys) in enumerate(OFFSET_KEYS.items()):
            vector = self._vector(f"{offset}|{f}" for f in features if _keep(f, keys))
            if vector is not None:
                self._table[row, k] = vector
        lower = word.lower()
        alphabetic = word[:1].isalpha()
        firsts, seconds = self._pair_words
        self._flags[row] = (alphabetic, alphabetic and word[:1].isupper(), lower in firsts, lower in seconds)
        self._lowers.append(lower)
        self._ids[word] = row
        return row

    def emissions(self, words: Sequence[str]) -> np.ndarray:
        """Each word's score per label: the sum of the weights of its ``sequence_features`` attributes."""
        return self._emissions(words, np.array([len(words)], dtype=np.intp)) if words else np.zeros((0, self.size))

    def _emissions(self, words: Sequence[str], lengths: np.ndarray) -> np.ndarray:
        """The emissions of the words of many non-empty sentences, one after another (``lengths``), computed
        over all of them at once: each word's table row is looked up once, and its neighbours' rows are shifted
        copies of the same array. Each word's sum adds the same numbers in the same order as
        ``sequence_features`` lists them, so the scores equal the trained attributes' weights exactly."""
        if len(self._ids) >= CACHE_LIMIT:
            self._clear()
        get, add = self._ids.get, self._add_word
        ids = np.fromiter((row if (row := get(w)) is not None else add(w) for w in words), np.intp, len(words))
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        run_of = np.repeat(np.arange(len(lengths)), lengths)
        position = np.arange(len(ids)) - starts[run_of]
        remaining = lengths[run_of] - position - 1
        flags = self._flags[ids]
        alphabetic = np.add.reduceat(flags[:, 0], starts)
        capitals = np.add.reduceat(flags[:, 1], starts)
        with np.errstate(invalid="ignore", divide="ignore"):
            bands = np.where(alphabetic > 0, np.rint(4 * capitals / np.maximum(alphabetic, 1)), 5).astype(np.intp)
        table = self._table[ids]  # [word, relative position, label]
        scores = self._bases[bands[run_of]]
        for k, offset in enumerate(self._offsets):
            if offset == 0:
                scores += table[:, k]
                continue
            distance = abs(offset)
            part = np.zeros_like(scores)
            if offset < 0:  # the word ``distance`` before each word, within its sentence
                part[distance:] = table[:-distance, k]
                part[position < distance] = 0.0
            else:
                part[:-distance] = table[distance:, k]
                part[remaining < distance] = 0.0
            scores += part
        before, after = np.zeros_like(scores), np.zeros_like(scores)
        before[position == 0] = self._bos
        after[remaining == 0] = self._eos
        lowers, pairs = self._lowers, self._pairs
        maybe = np.flatnonzero((remaining[:-1] > 0) & (flags[:-1, 2] > 0) & (flags[1:, 3] > 0))
        for i, first, second in zip(maybe.tolist(), ids[maybe].tolist(), ids[maybe + 1].tolist(), strict=True):
            votes = pairs.get(f"{lowers[first]}|{lowers[second]}")
            if votes is not None:
                before[i + 1] = votes[0]
                after[i] = votes[1]
        scores += before
        scores += after
        return scores

    def tag(self, words: Sequence[str]) -> list[TaggedSpan]:
        """The person and location names among ``words`` (one sentence), each with its local probability."""
        return self.tag_runs([words])[0]

    def tag_runs(self, runs: Sequence[Sequence[str]]) -> list[list[TaggedSpan]]:
        """``tag`` for many sentences, decoded together."""
        lengths = np.fromiter((len(words) for words in runs), np.intp, len(runs))
        return self.tag_words([w for words in runs for w in words], lengths)

    def tag_words(self, words: Sequence[str], lengths: np.ndarray) -> list[list[TaggedSpan]]:
        """``tag`` for the sentences whose words follow one another in ``words``, ``lengths`` words each."""
        found: list[list[TaggedSpan]] = [[] for _ in lengths]
        kept = np.flatnonzero(lengths)
        if not len(kept):
            return found
        lengths = lengths[kept]
        emissions = self._emissions(words, lengths)
        biased = emissions + self._label_bias
        if self._lower_bias is not self._label_bias:
            lower = np.fromiter((w[:1].islower() for w in words), bool, len(words))
            biased[lower] += self._lower_bias - self._label_bias
        path = best_paths(biased, lengths, self._transitions)
        ends = np.cumsum(lengths)
        for k in np.unique(np.searchsorted(ends, np.flatnonzero(path), side="right")).tolist():
            start, end = int(ends[k] - lengths[k]), int(ends[k])
            found[kept[k]] = self._spans(path[start:end].tolist(), emissions[start:end])
        return found

    def _spans(self, path: list[int], emissions: np.ndarray) -> list[TaggedSpan]:
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
            row = emissions[i].tolist()
            scores = [e + (trans[path[i - 1]][j] if i else 0.0) for j, e in enumerate(row)]
            top = max(scores)
            probs.append(math.exp(scores[k] - top) / sum(math.exp(s - top) for s in scores))
            if not continues:
                start, kind = i, KIND_OF_LABEL[label[2:]]
        return spans
