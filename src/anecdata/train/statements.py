"""Train a statement model (``read/statements/model.py``) from posts with gold statement spans.

Reads a folder in the corpus layout (``json/train.json``, ``json/dev.json``: ``anecdata/2`` documents whose gold
statement annotations have origin component ``gold``, as ``data/corpus/`` and a user's own folder built the same
way), in the RedHOT layout (``derived/st1_train_with_text.jsonl``) or in the project's older format (``*.jsonl``
files of ``post_id``, ``text``, ``aligned``, ``spans``, as in ``data/statements/``). A corpus folder trains on its
train split only; its dev split, when present, is scored by the final model and reported. Posts are read
by the same sentence splitter, vocabulary matcher and feature code the pipeline uses, each sentence gets every
label whose gold span it overlaps, and one logistic regression per label is fitted on all sentences.

Every decoding constant (each label's ``high`` and ``low`` threshold) is chosen by this procedure on the
training posts themselves, never on the data the model is later evaluated on: every training post is scored by
a model fitted on the other folds (folds are picked by a hash of the post id, so a rerun picks the same ones),
and the thresholds are those with the best score the task reports on those held-out scores: span-overlap F1
after adjacent sentences of one narrative label are merged (``merge_by_label``). Then the model is refitted on
every post. scikit-learn is needed here only: reading with the model takes numpy alone.

A folder of ``*.jsonl`` posts may name further sources in ``sources.json`` (``SOURCES_FILE``): corpus folders
whose splits join the training posts but teach only the labels listed. ``data/statements`` does: the project's
free-written corpus (``data/corpus``, train split) teaches claim and question next to the template posts, since its
writers put claims and questions as people do; its experiences are not used, because the corpus marks an
experience that reports an outcome as per_exp sentence by sentence where the guideline of ``data/statements`` makes
it one claim_per_exp passage. Such posts are trained on in every fold but do not choose the thresholds (the
folder's own posts do). ``sources.json`` may name a held-out split of such a corpus (``"thresholds"``; never test,
never a split trained on) on which some labels' thresholds are chosen instead, by the final model: for
``data/statements`` the corpus's dev split chooses claim's, since claim is what the corpus teaches best and the
template posts are far from real claims. It may also name labels that learn from cue features only
(``"without_words"``: no features naming words, ``WORD_FEATURES``): the labels only the template posts teach,
whose wording repeats, so that their words teach the template rather than the label.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from anecdata.errors import ConfigError, DataError
from anecdata.evaluate.formats import GoldDocument, load_redhot_jsonl
from anecdata.evaluate.spans import score_spans
from anecdata.evaluate.statements import REDHOT_STATEMENTS_FILE, merge_by_label
from anecdata.model import LAYERS
from anecdata.read.statements.component import doc_sentences
from anecdata.read.statements.features import Features, post_features
from anecdata.read.statements.model import BUILTIN_FILE, StatementModel, Thresholds, decode_runs
from anecdata.train.corpus import CORPUS_SPLIT_DIR, corpus_documents, has_split, is_corpus_folder

LAYER = "statement"
"""The corpus layer a corpus folder teaches (``anecdata.train.corpus``)."""
LABELS: tuple[str, ...] = LAYERS[LAYER]
ALL_LABELS = frozenset(LABELS)
MIN_FEATURE_COUNT = 2
"""A feature seen in fewer training sentences is dropped: it cannot generalise and only grows the file."""
REGULARISATION = 0.1
"""Inverse L2 strength (scikit-learn's ``C``); chosen on the RedHOT split (bench/statements_methods.py)."""
FOLDS = 4
"""Posts are split into this many folds (by a hash of the post id) to score each with a model that did not see it."""
DEFAULT_THRESHOLDS = {label: Thresholds(0.5, 0.5) for label in LABELS}
LOW_GRID = (0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
"""Candidate ``low`` thresholds (those above a ``high`` are skipped; ``low == high`` means no run growth).

Every decoding constant, ``low`` included, is chosen by the training procedure on the training posts alone
(cross-validated, see ``train_statements``), never on the data a model is evaluated on: a folder whose gold marks
passages picks a low value (runs grow over weakly supported neighbours), one annotated sentence by sentence a
high one.
"""
HIGH_GRID = tuple(round(x, 2) for x in np.arange(0.2, 0.95, 0.05))
SOURCES_FILE = "sources.json"
"""In a folder of ``*.jsonl`` posts: further corpus folders to train on, each with the labels it teaches.

``{"also": [{"corpus": "../corpus", "splits": ["train"], "labels": ["claim", "question"]}],
"thresholds": {"corpus": "../corpus", "split": "dev", "labels": ["claim"]}, "without_words": ["per_exp"]}``; a
corpus path is relative to the folder. A test split is refused: it is kept for evaluation. ``thresholds``
(optional) names the held-out split that chooses the listed labels' thresholds (``threshold_source``);
``without_words`` (optional) lists labels fitted without the features that name words (``WORD_FEATURES``).
"""
WORD_FEATURES = ("w:", "b:", "start:", "start2:", "end:")
"""The prefixes of the features that name words (``features.py``: words, word pairs, first word, first two words,
last word), left out for a label in ``without_words``."""


@dataclass(frozen=True, slots=True)
class Post:
    """One training post as the model sees it: its gold id, feature rows and gold labels per sentence."""

    id: str
    text: str
    extents: tuple[tuple[int, int], ...]
    rows: tuple[Features, ...]
    labels: np.ndarray
    gold: tuple[tuple[int, int, str], ...]
    teaches: frozenset[str] = ALL_LABELS
    """The labels this post's gold teaches; its sentences are left out of the other labels' fits."""


@dataclass(frozen=True, slots=True)
class TrainReport:
    """What training read, what it chose and how the model scored on the posts held out to choose it."""

    data: Path
    model: Path
    posts: int
    sentences: int
    spans: dict[str, int]
    features: int
    thresholds: dict[str, tuple[float, float]]
    dev_scores: dict[str, float]
    seconds: float
    dev_split: dict[str, float] | None = None
    """Span-overlap F1 of the final model on the corpus folder's dev split (``None``: no dev split)."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON object the train command prints and the model file keeps in its ``meta``."""
        return {
            "data": str(self.data),
            "model": str(self.model),
            "posts": self.posts,
            "sentences": self.sentences,
            "spans": dict(self.spans),
            "features": self.features,
            "thresholds": {label: list(t) for label, t in self.thresholds.items()},
            "dev_scores": {k: round(v, 4) for k, v in self.dev_scores.items()},
            "seconds": round(self.seconds, 1),
            **({"dev_split_scores": {k: round(v, 4) for k, v in self.dev_split.items()}} if self.dev_split else {}),
        }


def train_statements(data_dir: Path, out: Path) -> TrainReport:
    """Train a statement model on the posts in ``data_dir`` and write it to ``out``.

    Args:
        data_dir: a corpus-layout folder (``json/train.json``; trains on train, scores dev), a folder in the
            RedHOT layout, a folder of project-format ``*.jsonl`` files, or one such file.
        out: the model file to write (``*.json``), or a folder to write ``statement_model.json`` and a
            generated ``MODEL_CARD.md`` into. Pass it to the pipeline as ``{"anecdata_statements": {"model": out}}``.

    Returns:
        The report; its dict form is also stored in the model's ``meta``.
    """
    started = time.perf_counter()
    documents = load_training_documents(data_dir)
    posts = read_posts(documents)
    without_words = labels_without_words(data_dir)
    for corpus, splits, labels in extra_sources(data_dir):
        extra = [d for split in splits for d in corpus_documents(corpus, split, LAYER)]
        documents += [replace(d, spans=tuple(s for s in d.spans if s.label in labels)) for d in extra]
        posts += [replace(p, teaches=labels) for p in read_posts(extra)]
    folds = [[p for p in posts if _fold(p.id) == k] for k in range(FOLDS)]
    if sum(1 for fold in folds if fold) < 2:
        raise DataError(f"{data_dir}: {len(posts)} posts are too few to train on (need some to hold out)")
    # Each post is scored by a model that did not see it, and all those scores choose the thresholds together.
    # Posts of a further source (``sources.json``) are trained on in every fold but do not choose thresholds:
    # they teach some labels only, and their gold need not mark passages as the folder's own posts do.
    held_out: list[Post] = []
    probabilities: list[np.ndarray] = []
    for k, fold in enumerate(folds):
        if not fold:
            continue
        first = fit_model([p for j, f in enumerate(folds) if j != k for p in f], DEFAULT_THRESHOLDS, without_words)
        own = [p for p in fold if p.teaches == ALL_LABELS]
        held_out += own
        probabilities += [first.probabilities(p.rows) for p in own]
    thresholds, dev_scores = choose_thresholds(first, held_out, probabilities)
    model_path = out if out.suffix == ".json" else out / BUILTIN_FILE
    model = fit_model(posts, thresholds, without_words)
    dev = []
    if is_corpus_folder(data_dir) and has_split(data_dir, "dev"):
        dev = corpus_documents(data_dir, "dev", LAYER, required=False)
    dev_split = score_posts(model, read_posts(dev)) if any(d.spans for d in dev) else None
    if (chooser := threshold_source(data_dir)) is not None:
        # Some labels' thresholds are chosen on a held-out split of a further source, by the final model.
        corpus, split, labels = chooser
        chosen_on = read_posts(corpus_documents(corpus, split, LAYER))
        picked, _ = choose_thresholds(model, chosen_on, [model.probabilities(p.rows) for p in chosen_on], labels)
        thresholds = {**thresholds, **picked}
        model = replace(model, thresholds=thresholds)
        dev_split = score_posts(model, chosen_on)
    report = TrainReport(
        data=data_dir,
        model=model_path,
        posts=len(posts),
        sentences=sum(len(p.rows) for p in posts),
        spans=dict(Counter(s.label for d in documents for s in d.spans if s.label in LABELS)),
        features=len(model.features),
        thresholds={label: (t.high, t.low) for label, t in thresholds.items()},
        dev_scores=dev_scores,
        seconds=time.perf_counter() - started,
        dev_split=dev_split,
    )
    model = replace(model, meta={"training": report.to_dict()})
    model.save(model_path)
    if out.suffix != ".json":
        (out / "MODEL_CARD.md").write_text(model_card(report), encoding="utf-8")
    return report


def load_training_documents(data_dir: Path) -> list[GoldDocument]:
    """Gold posts: a corpus folder's train split, a RedHOT-layout folder, project ``*.jsonl`` files, or one file."""
    if is_corpus_folder(data_dir):
        return corpus_documents(data_dir, "train", LAYER)
    if data_dir.is_file():
        return load_redhot_jsonl(data_dir)
    redhot = data_dir / REDHOT_STATEMENTS_FILE
    if redhot.is_file():
        return load_redhot_jsonl(redhot)
    files = sorted(data_dir.glob("*.jsonl"))
    if not files:
        raise DataError(
            f"no training posts in {data_dir}: expected {CORPUS_SPLIT_DIR}/train.json (corpus layout, see "
            f"data/corpus/README.md), {REDHOT_STATEMENTS_FILE} (RedHOT layout) or *.jsonl files of post_id, text, "
            "aligned and spans (see data/statements/README.md)"
        )
    return [d for f in files for d in load_redhot_jsonl(f)]


def extra_sources(data_dir: Path) -> list[tuple[Path, tuple[str, ...], frozenset[str]]]:
    """The corpus folders ``data_dir/sources.json`` names: each folder, its splits and the labels it teaches.

    Raises:
        DataError: the file is not of the documented form, names a test split, a label that is not a statement
            label, or a folder that is not in the corpus layout.
    """
    path = data_dir / SOURCES_FILE
    if not data_dir.is_dir() or not path.is_file():
        return []
    import json

    try:
        entries = json.loads(path.read_text(encoding="utf-8"))["also"]
        found = [(data_dir / e["corpus"], tuple(e["splits"]), frozenset(e["labels"])) for e in entries]
    except (json.JSONDecodeError, KeyError, TypeError) as e:
        raise DataError(f"{path}: not a sources file ({e!r}); see SOURCES_FILE in anecdata.train.statements") from e
    for corpus, splits, labels in found:
        if not is_corpus_folder(corpus):
            raise DataError(f"{path}: {corpus} is not a corpus folder ({CORPUS_SPLIT_DIR}/train.json)")
        if "test" in splits or not labels <= set(LABELS):
            raise DataError(f"{path}: splits {list(splits)} (test is kept for evaluation) or labels {sorted(labels)}")
    return found


def threshold_source(data_dir: Path) -> tuple[Path, str, tuple[str, ...]] | None:
    """The held-out corpus split ``data_dir/sources.json`` names to choose some labels' thresholds on, if any.

    ``"thresholds": {"corpus": "../corpus", "split": "dev", "labels": ["claim"]}``: those labels' (high, low) pairs
    are chosen on that split's posts (scored by the final model) instead of on the folder's own held-out folds.

    Raises:
        DataError: the entry is malformed, names the test split or a split the model trains on, or a label that
            is not a statement label.
    """
    path = data_dir / SOURCES_FILE
    if not data_dir.is_dir() or not path.is_file():
        return None
    import json

    entry = json.loads(path.read_text(encoding="utf-8")).get("thresholds")
    if entry is None:
        return None
    try:
        corpus, split, labels = data_dir / entry["corpus"], str(entry["split"]), tuple(entry["labels"])
    except (KeyError, TypeError) as e:
        raise DataError(f"{path}: 'thresholds' needs corpus, split and labels ({e!r})") from e
    trained = {(c.resolve(), s) for c, splits, _ in extra_sources(data_dir) for s in splits}
    if split == "test" or (corpus.resolve(), split) in trained or not set(labels) <= set(LABELS):
        raise DataError(
            f"{path}: thresholds split {split!r} (test and trained-on splits are refused) or labels {list(labels)}"
        )
    if not is_corpus_folder(corpus):
        raise DataError(f"{path}: {corpus} is not a corpus folder ({CORPUS_SPLIT_DIR}/train.json)")
    return corpus, split, labels


def labels_without_words(data_dir: Path) -> frozenset[str]:
    """The labels ``data_dir/sources.json`` fits without the features naming words (none without the file)."""
    path = data_dir / SOURCES_FILE
    if not data_dir.is_dir() or not path.is_file():
        return frozenset()
    import json

    labels = frozenset(json.loads(path.read_text(encoding="utf-8")).get("without_words", ()))
    if not labels <= set(LABELS):
        raise DataError(f"{path}: without_words names {sorted(labels - set(LABELS))}, not statement labels")
    return labels


def score_posts(model: StatementModel, posts: Sequence[Post]) -> dict[str, float]:
    """Span-overlap F1 per label of ``model`` (with its own thresholds) on ``posts``, and their mean."""
    probabilities = [model.probabilities(p.rows) for p in posts]
    scores = {label: label_f1(model, posts, probabilities, label, model.thresholds[label]) for label in LABELS}
    scores["macro_f1"] = sum(scores[label] for label in LABELS) / len(LABELS)
    return scores


def read_posts(documents: Sequence[GoldDocument]) -> list[Post]:
    """Each document read into sentences and feature rows, with the gold labels each sentence overlaps."""
    from anecdata.read.pipeline import build_pipeline

    nlp = build_pipeline(("anecdata_sentences", "anecdata_mentions"))
    posts = []
    for document, doc in zip(documents, nlp.pipe(d.text for d in documents), strict=True):
        sentences = doc_sentences(doc)
        extents = tuple((span.start_char, span.end_char) for span, _ in sentences)
        labels = np.zeros((len(extents), len(LABELS)), dtype=bool)
        for i, (start, end) in enumerate(extents):
            for gold in document.spans:
                if gold.label in LABELS and gold.start < end and start < gold.end:
                    labels[i, LABELS.index(gold.label)] = True
        gold_spans = tuple((s.start, s.end, s.label) for s in document.spans if s.label in LABELS)
        rows = tuple(post_features([sentence for _, sentence in sentences]))
        posts.append(Post(document.id, document.text, extents, rows, labels, gold_spans))
    return posts


def fit_model(
    posts: Sequence[Post], thresholds: dict[str, Thresholds], without_words: frozenset[str] = frozenset()
) -> StatementModel:
    """One L2 logistic regression per label, class-balanced, over the features seen often enough (for a label in
    ``without_words``, all but the features naming words: ``WORD_FEATURES``)."""
    try:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError as e:
        raise ConfigError("training a statement model needs scikit-learn: pip install scikit-learn") from e
    counts = Counter(name for p in posts for row in p.rows for name in row)
    kept = {name for name, n in counts.items() if n >= MIN_FEATURE_COUNT}
    rows = [{k: v for k, v in row.items() if k in kept} for p in posts for row in p.rows]
    labels = np.concatenate([p.labels for p in posts])
    teaches = np.array([[label in p.teaches for label in LABELS] for p in posts for _ in p.rows], dtype=bool)
    teaches = teaches.reshape(len(labels), len(LABELS))
    vectoriser = DictVectorizer()
    matrix = vectoriser.fit_transform(rows)
    names = vectoriser.get_feature_names_out()
    wordless = np.array([not str(name).startswith(WORD_FEATURES) for name in names], dtype=bool)
    weights = np.zeros((matrix.shape[1], len(LABELS)))
    intercepts = np.zeros(len(LABELS))
    for k, label in enumerate(LABELS):
        taught = teaches[:, k]
        target = labels[taught, k]
        if target.all() or not target.any():
            raise DataError(f"label {label!r} is on every sentence or on none: the training data cannot teach it")
        classifier = LogisticRegression(C=REGULARISATION, class_weight="balanced", max_iter=3000)
        rows_of = matrix[taught] if not taught.all() else matrix
        columns = wordless if label in without_words else np.ones(len(names), dtype=bool)
        classifier.fit(rows_of[:, columns] if not columns.all() else rows_of, target)
        weights[columns, k] = classifier.coef_[0]
        intercepts[k] = classifier.intercept_[0]
    features = {str(name): i for i, name in enumerate(names)}
    return StatementModel(LABELS, features, weights, intercepts, thresholds)


def choose_thresholds(
    model: StatementModel,
    dev: Sequence[Post],
    probabilities: Sequence[np.ndarray],
    labels: Sequence[str] = LABELS,
) -> tuple[dict[str, Thresholds], dict[str, float]]:
    """Per label, the (high, low) pair with the best span-overlap F1 on ``dev``, and those F1s with their mean.

    ``probabilities`` are the dev posts' label probabilities, from models that did not see them. Labels are
    decoded independently, so each label's pair is searched on its own grid.
    """
    chosen: dict[str, Thresholds] = {}
    scores: dict[str, float] = {}
    for label in labels:
        best = (-1.0, Thresholds(0.5, 0.5))
        for high in HIGH_GRID:
            for low in [low for low in LOW_GRID if low < high] + [high]:
                candidate = Thresholds(float(high), round(float(low), 3))
                f1 = label_f1(model, dev, probabilities, label, candidate)
                if f1 > best[0]:
                    best = (f1, candidate)
        scores[label], chosen[label] = best
    if set(labels) == set(LABELS):
        scores["macro_f1"] = sum(scores[label] for label in LABELS) / len(LABELS)
    return chosen, scores


def label_f1(
    model: StatementModel, posts: Sequence[Post], probabilities: Sequence[np.ndarray], label: str, t: Thresholds
) -> float:
    """Span-overlap F1 of one label over ``posts`` when decoded with thresholds ``t``."""
    k = model.labels.index(label)
    gold, predicted = [], []
    for post, p in zip(posts, probabilities, strict=True):
        gold += [(post.id, s, e, g) for s, e, g in post.gold if g == label]
        on = [(s, e, label) for (s, e), yes in zip(post.extents, decode_runs(p[:, k], t), strict=True) if yes]
        predicted += [(post.id, s, e, g) for s, e, g in merge_by_label(post.text, on)]
    return score_spans(gold, predicted, (label,), "overlap").per_label[label].f1


def model_card(report: TrainReport) -> str:
    """A model card for a locally trained model: what it read, what it chose, how it scored held-out posts."""
    lines = [
        "# Statement model (trained locally with `anecdata train statements`)",
        "",
        f"- data: `{report.data}` — {report.posts} posts, {report.sentences} sentences; gold spans "
        + ", ".join(f"{label} {n}" for label, n in sorted(report.spans.items())),
        f"- method: one class-balanced L2 logistic regression per label (C={REGULARISATION}) over "
        f"{report.features} sentence features (words, cue families, mentions, position, neighbours), "
        "hysteresis decoding per post",
        "- thresholds (high, low): "
        + ", ".join(f"{label} {h:.2f}/{lo:.2f}" for label, (h, lo) in report.thresholds.items()),
        "- every post scored by a model that did not see it (the scores that chose the thresholds), span-overlap F1: "
        + ", ".join(f"{k} {v:.3f}" for k, v in report.dev_scores.items()),
        *(
            [
                "- the folder's dev split, scored by the final model, span-overlap F1: "
                + ", ".join(f"{k} {v:.3f}" for k, v in report.dev_split.items())
            ]
            if report.dev_split
            else []
        ),
        "",
        "Limits: the model is as good as the data it read; check it with "
        "`anecdata evaluate statements --data DIR --model MODEL` on posts it did not see.",
        "",
    ]
    return "\n".join(lines)


def _fold(post_id: str) -> int:
    return hashlib.sha256(post_id.encode("utf-8")).digest()[0] % FOLDS
