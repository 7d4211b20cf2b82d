"""The name tagger's training data: the project's marked sentences and a corpus folder's gold PII load as gold
documents, offsets exact; a corpus folder trains a model that tags names; a folder in no layout is refused."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from anecdata.errors import DataError
from anecdata.evaluate.pii import pipeline_with_tagger
from anecdata.evaluate.tasks import get_task
from anecdata.read.pii.recognizers.name_tagger import NameTaggerRecognizer
from anecdata.read.pii.tagger import MODEL_FILE, NameTagger, load_model_file
from anecdata.train.pii import (
    PROJECT_SENTENCES,
    TrainSettings,
    load_marked_sentences,
    load_training_documents,
    sentences_from_documents,
    train_pii,
)


def test_marked_sentences_become_documents_with_exact_spans(tmp_path):
    path = tmp_path / "s.txt"
    path.write_text("# a comment\n\nmy husband [dave|person] lives in [Cedar Falls|location].\nTried Linzess.\n")
    first, second = load_marked_sentences(path)
    assert first.text == "my husband dave lives in Cedar Falls."
    assert [(first.text[s.start : s.end], s.label) for s in first.spans] == [
        ("dave", "person"),
        ("Cedar Falls", "location"),
    ]
    assert second.spans == ()
    (tagged, _) = sentences_from_documents([first, second])
    assert tagged.labels == ("O", "O", "B-PER", "O", "O", "B-LOC", "I-LOC", "O")


def test_marked_sentences_refuse_an_unknown_mark(tmp_path):
    path = tmp_path / "s.txt"
    path.write_text("ask [Dana|doctor] about it\n")
    with pytest.raises(DataError, match=r"s\.txt:1"):
        load_marked_sentences(path)


def test_the_projects_sentences_load_and_mark_names():
    documents = load_marked_sentences(PROJECT_SENTENCES)
    assert len(documents) >= 1000
    assert sum(bool(d.spans) for d in documents) >= 300
    assert all(d.text[s.start : s.end] == s.text for d in documents for s in d.spans)


CORPUS_POSTS = (
    ("My sister {person} lives in {location} and swears by physio.", ("person", "location")),
    ("Thanks {person}, I will ask my doctor in {location} about it.", ("person", "location")),
    ("{person} from {location} here, the stretches helped my knee.", ("person", "location")),
    ("Ibuprofen did nothing for the pain.", ()),
)
NAMES = ("Maria", "Daniel", "Susan", "Kevin", "Laura", "Peter", "Helen", "George")
PLACES = ("Denver", "Leeds", "Ottawa", "Dublin", "Phoenix", "Glasgow", "Boston", "Perth")


def _corpus_thread(n: int):
    """One thread of two posts whose names and places are gold ``pii`` spans, each post signed on a line of its own."""
    from anecdata.model import Annotation, Origin, Post, Thread

    posts = []
    for position in range(2):
        post_id = f"t{n}-{position}"
        text, spans = "", []
        for k in range(3):
            template, labels = CORPUS_POSTS[(n + position + k) % len(CORPUS_POSTS)]
            values = {"person": NAMES[(n + k) % len(NAMES)], "location": PLACES[(n + 2 * k) % len(PLACES)]}
            for label in labels:
                start = len(text) + len(template[: template.index(f"{{{label}}}")].format(**values))
                spans.append((start, start + len(values[label]), label))
            text += template.format(**values) + "\n"
        signature = NAMES[(n + position) % len(NAMES)]
        spans.append((len(text), len(text) + len(signature), "person"))
        text += signature
        annotations = tuple(
            Annotation.over(post_id, text, start, end, "pii", label, origin=Origin("gold"))
            for start, end, label in spans
        )
        posts.append(Post(post_id, f"t{n}", position, text, annotations=annotations))
    return Thread(f"t{n}", "corpus", tuple(posts))


def _write_corpus(folder: Path, splits: dict[str, range]) -> Path:
    from anecdata.serialise import document_to_record

    (folder / "json").mkdir(parents=True)
    for split, numbers in splits.items():
        record = document_to_record([_corpus_thread(n) for n in numbers])
        (folder / "json" / f"{split}.json").write_text(json.dumps(record), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def corpus_model(tmp_path_factory) -> tuple[Path, str]:
    """A tiny corpus folder (train and dev splits) and the report of a tagger trained on it."""
    root = tmp_path_factory.mktemp("pii")
    folder = _write_corpus(root / "corpus", {"train": range(12), "dev": range(12, 14)})
    return folder, train_pii(folder, root / "model", TrainSettings(iterations=50), extra_files=())


def test_train_pii_reads_the_corpus_layout_and_tags_a_name(corpus_model):
    folder, report = corpus_model
    path, documents = load_training_documents(folder)
    assert path == folder / "json" / "train.json" and len(documents) == 24
    assert all(s.text == d.text[s.start : s.end] for d in documents for s in d.spans)
    assert {s.label for d in documents for s in d.spans} == {"person", "location"}
    model_file = folder.parent / "model" / MODEL_FILE
    assert model_file.is_file() and "24 sentences of corpus/json/train.json" in report
    model = load_model_file(model_file.read_text(encoding="utf-8"), str(model_file))
    assert model.meta["trained_on"] == "corpus/json/train.json"
    words = "Thanks Laura , I will ask my doctor in Leeds about it .".split()
    tagged = {(" ".join(words[s.start : s.end]), s.kind) for s in NameTagger(model, {}).tag(words)}
    assert ("Laura", "person") in tagged


def test_train_pii_model_is_scored_with_evaluate_model(corpus_model):
    folder, _ = corpus_model
    predict = get_task("pii").predictor_for(folder.parent / "model")
    ((spans),) = list(predict(["Thanks Laura, I will ask my doctor in Leeds about it."]))
    assert (7, 12, "person") in spans
    assert get_task("pii_reddit").model_predictor is not None
    analyzer = pipeline_with_tagger(folder.parent / "model", ("anecdata_pii",)).get_pipe("anecdata_pii").analyzer
    (tagger,) = [r for r in analyzer.registry.recognizers if isinstance(r, NameTaggerRecognizer)]
    assert tagger.tagger.model.meta["trained_on"] == "corpus/json/train.json"


def test_train_pii_refuses_a_corpus_without_gold_pii(tmp_path):
    folder = _write_corpus(tmp_path / "corpus", {"train": range(2)})
    record = json.loads((folder / "json" / "train.json").read_text())
    for thread in record["threads"]:
        for post in thread["posts"]:
            post["annotations"] = []
    (folder / "json" / "train.json").write_text(json.dumps(record))
    with pytest.raises(DataError, match="no gold pii annotations"):
        load_training_documents(folder)


def test_train_pii_cli_refuses_a_folder_in_no_layout_in_one_line(tmp_path):
    (tmp_path / "notes.txt").write_text("nothing to train on\n")
    result = subprocess.run(
        [sys.executable, "-m", "anecdata", "train", "pii", "--data", str(tmp_path), "--out", str(tmp_path / "m")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("anecdata: error: no training data in")
    assert "json/train.json" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "m").exists()
