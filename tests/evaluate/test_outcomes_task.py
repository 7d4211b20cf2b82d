"""The ``outcomes`` task (PsyTAR layout), outcome training, and the ``context`` task (TwiMed): on small folders the
tests write themselves, and on the shared corpora (``corpus`` marker)."""

import csv
import json
from pathlib import Path

import pytest

from anecdata.errors import ConfigError
from anecdata.evaluate import get_task
from anecdata.evaluate.outcomes import SENTENCES_FILE, load_psytar_outcomes, outcome_predictor, review_title
from anecdata.read.outcomes.model import load_model
from anecdata.train.outcomes import FineTuning, train_outcomes
from tiny_bert import tiny_bert

FIELDS = ["id", "comment_id", "drug_id", "sentence_index", "sentences", "EF", "INF"]
REVIEWS = [
    ("Zoloft helped my anxiety a lot.", "1", ""),
    ("I feel like my old self again.", "1", ""),
    ("It did nothing for my depression.", "", "1"),
    ("My sister came to visit.", "", ""),
]


def write_folder(folder: Path, reviews: int) -> Path:
    """A PsyTAR-layout folder of ``reviews`` reviews made of the project's own sentences."""
    path = folder / SENTENCES_FILE
    path.parent.mkdir(parents=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=FIELDS)
        writer.writeheader()
        for r in range(reviews):
            order = REVIEWS[r % 2 :] + REVIEWS[: r % 2]
            for i, (sentence, ef, inf) in enumerate(order):
                writer.writerow(dict(zip(FIELDS, [f"{r}{i}", r, f"zoloft.{r}", i + 1, sentence, ef, inf], strict=True)))
    return folder


def test_outcomes_task_joins_a_review_under_its_title(tmp_path):
    (document,) = load_psytar_outcomes(write_folder(tmp_path, 1))
    assert document.text.startswith("Zoloft\n\nZoloft helped my anxiety a lot. I feel like")
    labels = [(s.text, s.label) for s in document.spans if s.label != "sentence"]
    assert labels == [(REVIEWS[0][0], "EF"), (REVIEWS[1][0], "EF"), (REVIEWS[2][0], "INF")]
    assert all(document.text[s.start : s.end] == s.text for s in document.spans)


@pytest.mark.parametrize(("drug_id", "title"), [("effexorXR.12", "Effexor XR"), ("lexapro.1", "Lexapro"), ("x.1", "X")])
def test_outcomes_task_review_title(drug_id, title):
    assert review_title(drug_id) == title


def test_outcomes_task_scores_sentences_and_fills_the_confusion_table(tmp_path):
    result = get_task("outcomes").run(write_folder(tmp_path, 2)).to_dict()
    per_label = result["scores"]["overlap"]["per_label"]
    assert per_label["EF"]["support"] == 4 and per_label["INF"]["support"] == 2
    assert per_label["EF"]["f1"] == 1.0 and per_label["INF"]["f1"] == 1.0
    assert result["confusion"]["EF"]["improved"] == 4
    assert result["confusion"]["INF"]["no_change"] == 2
    assert sum(sum(row.values()) for row in result["confusion"].values()) == 8


def test_outcomes_task_accepts_a_predictor_of_ef_inf_spans(tmp_path):
    def predict(texts):
        for text in texts:
            yield [(text.index("Zoloft helped"), text.index("Zoloft helped") + 6, "EF")]

    result = get_task("outcomes").run(write_folder(tmp_path, 1), predict).to_dict()
    assert result["scores"]["overlap"]["per_label"]["EF"]["matched"] == 1
    assert result["confusion"]["EF"]["improved"] == 1


def test_outcomes_training_writes_a_model_the_reader_uses(tmp_path):
    pytest.importorskip("torch")
    data = write_folder(tmp_path / "data", 10)
    base = tiny_bert(tmp_path / "base", [r[0] for r in REVIEWS] + ["Zoloft"])
    progress: list[tuple[int, int]] = []
    settings = FineTuning(epochs=2, batch_size=8, members=3)
    report = train_outcomes(data, tmp_path / "model", base, settings, lambda *p: progress.append(p))
    assert progress[-1] == (len(progress), len(progress)) == (22, 22)  # folds of 4, 3, 3 reviews: 6 + 8 + 8 batches
    model = load_model(report.model)
    assert set(model.heads) == {"worked", "failed"} and "PsyTAR layout" in model.trained_on
    assert report.sentences == 40 and report.documents == 10 and set(report.out_of_fold_f1) == {"worked", "failed"}
    assert json.loads((report.model / "outcomes.json").read_text())["format"] == "anecdata-outcomes/2"
    assert model.probabilities(["Zoloft helped my anxiety a lot."]).shape == (1, 2)
    result = get_task("outcomes").run(data, outcome_predictor(report.model)).to_dict()
    assert result["scores"]["overlap"]["per_label"]["EF"]["f1"] > 0.5


def test_outcomes_training_needs_a_base_encoder_and_names_it(tmp_path):
    with pytest.raises(ConfigError, match="pass --base"):
        train_outcomes(write_folder(tmp_path / "data", 2), tmp_path / "model")


def test_an_outcome_model_folder_of_another_format_is_refused(tmp_path):
    (tmp_path / "outcomes.json").write_text('{"format": "anecdata-outcomes/1", "heads": {}, "trained_on": ""}')
    with pytest.raises(ConfigError, match="not an outcome model of format"):
        load_model(tmp_path)
    with pytest.raises(ConfigError, match="cannot read the outcome model"):
        load_model(tmp_path / "nowhere")
    with pytest.raises(ConfigError, match="is a file; an outcome model is the folder"):
        load_model(tmp_path / "outcomes.json")  # a model of the first format was one JSON file


def test_outcomes_training_wants_two_folds_or_more(tmp_path):
    pytest.importorskip("torch")
    base = tiny_bert(tmp_path / "base", [r[0] for r in REVIEWS])
    with pytest.raises(ConfigError, match="at least 2 folds"):
        train_outcomes(write_folder(tmp_path / "data", 4), tmp_path / "model", base, FineTuning(members=1))


@pytest.mark.corpus
@pytest.mark.slow
def test_outcomes_task_meets_issue_4_targets_on_psytar(shared_dir):
    result = get_task("outcomes").run(shared_dir / "corpora" / "psytar").to_dict()
    per_label = result["scores"]["overlap"]["per_label"]
    assert per_label["EF"]["f1"] >= 0.65
    assert per_label["INF"]["f1"] >= 0.35


@pytest.mark.corpus
@pytest.mark.slow
def test_context_task_on_twimed_reports_mapping_and_coverage(shared_dir):
    result = get_task("context").run(shared_dir / "corpora" / "twimed").to_dict()
    assert result["coverage"]["found"] > result["coverage"]["gold_entities"] / 2
    assert "Modality=Generic" in result["mapping"]["not_mapped"]
    assert result["mapping"]["mapped"]["Polarity=Polarity"] == "negated"
    assert result["scores"]["overlap"]["per_label"]["person_self"]["recall"] > 0.8


def test_train_cli_passes_base_to_outcomes_only_and_names_a_missing_one(tmp_path, capsys, monkeypatch):
    from anecdata.cli.app import main

    data = write_folder(tmp_path / "data", 2)
    where = ["--data", str(data), "--out", str(tmp_path / "m")]
    for args, message in [
        (["outcomes", *where], "pass --base"),
        (["outcomes", *where, "--base", "nowhere"], "no pretrained encoder"),
        (["statements", *where, "--base", str(data)], "--base is for outcomes"),
    ]:
        monkeypatch.setattr("sys.argv", ["anecdata", "train", *args])
        with pytest.raises(SystemExit) as exited:
            main()
        assert exited.value.code != 0 and message in capsys.readouterr().err
