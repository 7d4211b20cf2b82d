"""``anecdata train outcomes`` on a corpus in the project's layout: a pair model the pipeline reads with the rules."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from anecdata.cli.app import app
from anecdata.corpus.build import load_split
from anecdata.errors import ConfigError
from anecdata.read.outcomes.model import MODEL_FILE, load_model
from anecdata.read.outcomes.pairs import PairModel
from anecdata.read.pipeline import annotate_texts, build_pipeline
from anecdata.serialise import document_to_record
from anecdata.train.outcome_pairs import NO_THRESHOLD, choose_threshold

pytest.importorskip("sklearn")
CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus"


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory) -> Path:
    """A corpus-layout folder with some of the project's own threads (train and dev), written here."""
    folder = tmp_path_factory.mktemp("corpus")
    (folder / "json").mkdir()
    for split, count in (("train", 60), ("dev", 20)):
        record = document_to_record(load_split(CORPUS, split)[:count])
        (folder / "json" / f"{split}.json").write_text(json.dumps(record), encoding="utf-8")
    return folder


def test_train_outcomes_on_the_corpus_layout_writes_a_pair_model(small_corpus, tmp_path):
    result = CliRunner().invoke(app, ["train", "outcomes", "--data", str(small_corpus), "--out", str(tmp_path / "m")])
    assert result.exit_code == 0, result.output
    model = load_model(tmp_path / "m")
    assert isinstance(model, PairModel) and "unknown" in model.labels and (tmp_path / "m" / MODEL_FILE).is_file()
    nlp = build_pipeline(config={"anecdata_outcomes": {"model": str(tmp_path / "m")}})
    (found,) = annotate_texts(["I tried ibuprofen last year. It was something."], nlp)
    assert [a.label for a in found if a.layer == "outcome"]


def test_train_outcomes_refuses_a_base_encoder_for_the_corpus_layout(small_corpus, tmp_path):
    args = ["train", "outcomes", "--data", str(small_corpus), "--out", str(tmp_path / "m"), "--base", str(tmp_path)]
    result = CliRunner().invoke(app, args)
    assert isinstance(result.exception, ConfigError) and "drop --base" in str(result.exception)


def test_threshold_is_the_lowest_that_keeps_verdicts_right_often_enough():
    verdicts = [("improved", 0.9), ("worse", 0.55), ("improved", 0.45), ("unknown", 0.99)]
    gold = ["improved", "improved", "improved", "worse"]
    assert choose_threshold(verdicts, gold) == (0.6, 1, 1)
    assert choose_threshold([("worse", 0.9)], ["improved"]) == (NO_THRESHOLD, 0, 0)
