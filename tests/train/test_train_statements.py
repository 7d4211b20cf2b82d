"""``train_statements``: reads both layouts, writes a model the pipeline loads, and its card; corpus targets."""

import json
from collections import Counter
from pathlib import Path

import pytest

from anecdata.errors import DataError
from anecdata.evaluate.statements import REDHOT_STATEMENTS_FILE, merge_by_label, statements_predictor
from anecdata.evaluate.tasks import get_task
from anecdata.read.statements.model import load_model
from anecdata.train.corpus import is_corpus_folder
from anecdata.train.statements import load_training_documents, train_statements

OWN_POSTS = Path(__file__).resolve().parents[2] / "data" / "statements" / "posts.jsonl"
LABELS = ("claim", "per_exp", "claim_per_exp", "question")


@pytest.fixture(scope="module")
def own_folder(tmp_path_factory) -> Path:
    """A small folder in the project's format: the first 300 of the project's own posts."""
    folder = tmp_path_factory.mktemp("own")
    lines = OWN_POSTS.read_text(encoding="utf-8").splitlines()[:300]
    (folder / "posts.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def trained(own_folder, tmp_path_factory):
    out = tmp_path_factory.mktemp("model") / "statements"
    return train_statements(own_folder, out)


def test_train_statements_writes_a_model_and_its_card(trained):
    assert trained.model.name == "statement_model.json" and trained.model.is_file()
    assert (trained.model.parent / "MODEL_CARD.md").read_text().startswith("# Statement model")
    assert trained.posts == 300 and set(trained.spans) == set(LABELS)
    assert set(trained.thresholds) == set(LABELS) and 0 < trained.dev_scores["macro_f1"] <= 1
    assert load_model(trained.model.parent).meta["training"]["posts"] == 300


def test_train_statements_model_reads_through_the_pipeline(trained):
    predict = statements_predictor(trained.model)
    (spans,) = predict(["Has anyone tried Humira? I started it last year and my flares stopped."])
    assert {label for *_, label in spans} & {"question", "per_exp", "claim_per_exp"}


def test_train_statements_reads_the_redhot_layout(own_folder, tmp_path):
    target = tmp_path / REDHOT_STATEMENTS_FILE
    target.parent.mkdir(parents=True)
    target.write_text((own_folder / "posts.jsonl").read_text())
    assert len(load_training_documents(tmp_path)) == 300
    assert len(load_training_documents(target)) == 300


def test_train_statements_refuses_a_folder_without_posts(tmp_path):
    with pytest.raises(DataError, match="no training posts"):
        train_statements(tmp_path, tmp_path / "model.json")


CORPUS_SENTENCES = (
    ("Has anyone tried {t} for this?", "question"),
    ("I started {t} in March and my knee pain went away.", "per_exp"),
    ("{t} is known to cause liver damage in most people.", "claim"),
    ("My doctor said {t} helped her other patients, and it worked for me too.", "claim_per_exp"),
    ("Any suggestions for something gentler", "question"),
    ("I have been on {t} for two years now with no side effects.", "per_exp"),
    ("Studies show {t} works better than placebo.", "claim"),
)
TREATMENTS = ("ibuprofen", "metformin", "physio", "turmeric", "yoga", "humira", "gabapentin", "melatonin")


def _corpus_thread(n: int, component: str = "gold"):
    """One thread of two posts, every sentence a gold statement span (a title first in the opening post)."""
    from anecdata.model import Annotation, Origin, Post, PostContext, TextExtent, Thread

    posts = []
    for position in range(2):
        post_id = f"t{n}-{position}"
        chosen = [CORPUS_SENTENCES[(n + position + k) % len(CORPUS_SENTENCES)] for k in range(4)]
        parts = [(s.format(t=TREATMENTS[(n + k) % len(TREATMENTS)]), label) for k, (s, label) in enumerate(chosen)]
        if position == 0:
            parts.insert(0, (f"Does {TREATMENTS[n % len(TREATMENTS)]} work", "question"))
        text, annotations = "", []
        for sentence, label in parts:
            start = len(text)
            text += sentence + "\n"
            annotations.append(Annotation.over(post_id, text, start, start + len(sentence), "statement", label,
                                               origin=Origin(component)))  # fmt: skip
        title = PostContext(title=TextExtent(0, len(parts[0][0]))) if position == 0 else PostContext()
        posts.append(Post(post_id, f"t{n}", position, text, annotations=tuple(annotations), context=title))
    return Thread(f"t{n}", "corpus", tuple(posts))


def _write_corpus(folder: Path, splits: dict[str, range], component: str = "gold") -> Path:
    from anecdata.serialise import document_to_record

    (folder / "json").mkdir(parents=True)
    for split, numbers in splits.items():
        record = document_to_record([_corpus_thread(n, component) for n in numbers])
        (folder / "json" / f"{split}.json").write_text(json.dumps(record), encoding="utf-8")
    return folder


def test_train_statements_reads_the_corpus_layout(tmp_path):
    folder = _write_corpus(tmp_path / "corpus", {"train": range(16), "dev": range(16, 20), "test": range(20, 22)})
    assert is_corpus_folder(folder) and not is_corpus_folder(folder / "json")
    documents = load_training_documents(folder)
    assert len(documents) == 32 and {d.id.split("-")[0] for d in documents} == {f"t{n}" for n in range(16)}
    assert all(s.text == d.text[s.start : s.end] for d in documents for s in d.spans)
    report = train_statements(folder, tmp_path / "model")
    assert report.posts == 32 and set(report.spans) == set(LABELS)
    assert report.dev_split is not None and set(report.dev_split) == {*LABELS, "macro_f1"}
    assert 0 < report.dev_split["macro_f1"] <= 1
    meta = load_model(tmp_path / "model").meta["training"]
    assert meta["posts"] == 32 and "macro_f1" in meta["dev_split_scores"]
    assert "dev split" in (tmp_path / "model" / "MODEL_CARD.md").read_text()


def test_train_statements_corpus_layout_without_dev_and_through_the_cli(tmp_path):
    from typer.testing import CliRunner

    from anecdata.cli.app import app

    folder = _write_corpus(tmp_path / "corpus", {"train": range(16)})
    result = CliRunner().invoke(app, ["train", "statements", "--data", str(folder), "--out", str(tmp_path / "m")])
    assert result.exit_code == 0, result.output
    meta = load_model(tmp_path / "m").meta["training"]
    assert meta["posts"] == 32 and "dev_split_scores" not in meta


def test_train_statements_refuses_a_corpus_of_predictions(tmp_path):
    folder = _write_corpus(tmp_path / "corpus", {"train": range(4)}, component="anecdata_statements")
    with pytest.raises(DataError, match="no gold statement annotations"):
        load_training_documents(folder)


def test_train_statements_data_is_grounded():
    for line in OWN_POSTS.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        for span in record["spans"]:
            assert 0 <= span["start"] < span["end"] <= len(record["text"])
            assert span["label"] in LABELS


@pytest.mark.parametrize(
    ("spans", "merged"),
    [
        ([(0, 5, "per_exp"), (6, 9, "per_exp")], [(0, 9, "per_exp")]),
        ([(0, 5, "per_exp"), (0, 5, "claim_per_exp"), (6, 9, "per_exp"), (6, 9, "claim_per_exp")],
         [(0, 9, "claim_per_exp"), (0, 9, "per_exp")]),
        ([(0, 5, "question"), (6, 9, "question")], [(0, 5, "question"), (6, 9, "question")]),
    ],
)  # fmt: skip
def test_merge_by_label_joins_each_narrative_label_and_keeps_questions_apart(spans, merged):
    assert merge_by_label("aaaaa bbb", spans) == merged


@pytest.mark.corpus
@pytest.mark.slow
def test_shipped_statement_model_meets_its_redhot_targets(shared_dir):
    task = get_task("statements")
    result = task.run(shared_dir / "corpora" / "redhot", statements_predictor("builtin"))
    overlap = result.scores["overlap"]
    assert overlap.macro_f1 >= 0.57
    assert overlap.per_label["question"].f1 >= 0.80
    assert overlap.per_label["claim"].f1 >= 0.30


def _choose_per_exp_low(gold: tuple[tuple[int, int, str], ...]) -> float:
    """The per_exp ``low`` that ``choose_thresholds`` picks for one three-sentence post whose middle is weak."""
    import numpy as np

    from anecdata.read.statements.model import StatementModel, Thresholds
    from anecdata.train.statements import LABELS as TRAIN_LABELS
    from anecdata.train.statements import Post, choose_thresholds

    text = "aaaa. bbbb. cccc."
    extents = ((0, 5), (6, 11), (12, 17))
    post = Post("p", text, extents, ({}, {}, {}), np.zeros((3, 4), dtype=bool), gold)
    model = StatementModel(TRAIN_LABELS, {}, np.zeros((0, 4)), np.zeros(4),
                           {label: Thresholds(0.5, 0.5) for label in TRAIN_LABELS})  # fmt: skip
    probabilities = np.full((3, 4), 0.01)
    probabilities[:, TRAIN_LABELS.index("per_exp")] = (0.95, 0.12, 0.95)
    thresholds, _ = choose_thresholds(model, [post], [probabilities])
    return thresholds["per_exp"].low


def test_decoding_constants_come_from_the_training_posts():
    # Gold that marks the three sentences as one passage teaches run growth over the weak middle one;
    # gold that marks two separate sentences teaches a low threshold that does not grow over it.
    assert _choose_per_exp_low(((0, 17, "per_exp"),)) <= 0.12
    assert _choose_per_exp_low(((0, 5, "per_exp"), (12, 17, "per_exp"))) > 0.12


def test_a_sources_file_adds_corpus_posts_that_teach_only_their_labels(own_folder, tmp_path):
    from anecdata.train.statements import extra_sources

    folder = tmp_path / "own"
    folder.mkdir()
    lines = (own_folder / "posts.jsonl").read_text(encoding="utf-8").splitlines()[:120]
    (folder / "posts.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    _write_corpus(tmp_path / "corpus", {"train": range(8), "dev": range(8, 10), "test": range(10, 12)})
    sources = {"also": [{"corpus": "../corpus", "splits": ["train", "dev"], "labels": ["claim", "question"]}]}
    (folder / "sources.json").write_text(json.dumps(sources), encoding="utf-8")
    assert [(labels, splits) for _, splits, labels in extra_sources(folder)] == [
        (frozenset({"claim", "question"}), ("train", "dev"))
    ]
    report = train_statements(folder, tmp_path / "model.json")
    assert report.posts == 120 + 20
    own = Counter(s["label"] for line in lines for s in json.loads(line)["spans"])
    assert report.spans["per_exp"] == own["per_exp"] and report.spans["claim"] > own["claim"]

    sources["also"][0]["splits"] = ["test"]
    (folder / "sources.json").write_text(json.dumps(sources), encoding="utf-8")
    with pytest.raises(DataError, match="kept for evaluation"):
        extra_sources(folder)


def test_a_sources_file_chooses_some_thresholds_on_a_held_out_split(own_folder, tmp_path):
    from anecdata.train.statements import threshold_source

    folder = tmp_path / "own"
    folder.mkdir()
    lines = (own_folder / "posts.jsonl").read_text(encoding="utf-8").splitlines()[:120]
    (folder / "posts.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    _write_corpus(tmp_path / "corpus", {"train": range(8), "dev": range(8, 12), "test": range(12, 14)})
    sources = {
        "also": [{"corpus": "../corpus", "splits": ["train"], "labels": ["claim", "question"]}],
        "thresholds": {"corpus": "../corpus", "split": "dev", "labels": ["claim"]},
    }
    (folder / "sources.json").write_text(json.dumps(sources), encoding="utf-8")
    assert threshold_source(folder) == (folder / "../corpus", "dev", ("claim",))
    report = train_statements(folder, tmp_path / "model.json")
    assert report.posts == 120 + 16  # the dev split chooses thresholds and is not trained on
    assert report.dev_split is not None and set(report.dev_split) == {*LABELS, "macro_f1"}

    for split in ("test", "train"):  # the test split is kept for evaluation; a trained-on split cannot choose
        sources["thresholds"]["split"] = split
        (folder / "sources.json").write_text(json.dumps(sources), encoding="utf-8")
        with pytest.raises(DataError, match="refused"):
            threshold_source(folder)
