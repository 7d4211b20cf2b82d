"""The claim-type model: shipped, typing claims by what they say, refused when it is not one, retrainable."""

from __future__ import annotations

import pytest

from anecdata.errors import ConfigError
from anecdata.evaluate.tasks import get_task
from anecdata.read.statements.claim_types import (
    CLAIM_TYPES,
    builtin_claim_type_model,
    claim_features,
    load_claim_type_model,
    read_claim_type_model,
)
from anecdata.settings import REPO_ROOT
from anecdata.train.claim_types import train_claim_types

CORPUS = REPO_ROOT / "data" / "corpus"


def test_shipped_model_types_claims_by_what_they_say():
    model = builtin_claim_type_model()
    assert model.claim_type("Stress is what causes most of these flares.")[0] == "causal"
    assert model.claim_type("Most people with this never need surgery.")[0] == "prevalence"
    kind, probability = model.claim_type("Magnesium works wonders for cramps.")
    assert kind == "efficacy" and 0 < probability <= 1
    assert model.probabilities("").shape == (len(CLAIM_TYPES),)


def test_features_are_words_pairs_pieces_and_the_rules_type():
    features = claim_features("It causes pain")
    assert {"w|causes", "b|it causes", "rule|causal", "c| cau", "c|uses", "c|es p"} <= set(features)


def test_a_file_that_is_not_a_claim_type_model_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="not a claim-type model"):
        read_claim_type_model('{"format": "something-else"}')
    with pytest.raises(ConfigError, match="cannot read"):
        load_claim_type_model(tmp_path / "missing.json")


def test_training_on_the_corpus_writes_a_model_the_evaluation_reads(tmp_path):
    out = tmp_path / "claim_types.json"
    report = train_claim_types(CORPUS, out)
    assert report.claims > 1000 and report.strength in report.dev_macro_f1
    task = get_task("claim_types")
    result = task.run(CORPUS, task.predictor_for(out))
    assert result.documents > 100
    assert result.scores["strict"].macro_f1 > 0.45  # the cue rules alone score about 0.34 on the test split
