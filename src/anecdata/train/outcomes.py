"""Train the outcome model (``read/outcomes/model.py``) on a folder of PsyTAR's layout: ``anecdata train outcomes``.

Each labelled sentence of each review is read by the cue rules (over the pipeline's mentions and context), and
the model learns, from the sentence's words, cues and the rules' verdicts on it and its neighbours, whether the
drug worked (EF) and whether it did not (INF). The regularisation strength and each head's threshold are chosen
by cross-validation over reviews (no review is split across folds). Features seen in fewer than
``MIN_FEATURE_COUNT`` sentences are dropped, which keeps the model file small.

PsyTAR's text is for research only: a model trained on it stays on the user's machine. scikit-learn is needed
here only; reading with the model needs nothing beyond the package.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from anecdata.errors import ConfigError, DataError
from anecdata.evaluate.outcomes import SENTENCE, load_psytar_outcomes
from anecdata.read.outcomes.model import HEADS, Head, OutcomeModel

C_GRID = (0.03, 0.1, 0.3, 1.0)
FOLDS = 5
MIN_FEATURE_COUNT = 2
GOLD_OF_HEAD = {"worked": "EF", "failed": "INF"}
CONTEXT_COMPONENTS = ("anecdata_sentences", "anecdata_mentions", "anecdata_context")


@dataclass(frozen=True, slots=True)
class OutcomeTrainReport:
    """What training did: where the model is, on how much, and the cross-validated scores that chose it."""

    model: Path
    documents: int
    sentences: int
    features: int
    c: dict[str, float]
    thresholds: dict[str, float]
    cv_f1: dict[str, float]
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        """The JSON object the CLI prints."""
        return {
            "model": str(self.model),
            "documents": self.documents,
            "sentences": self.sentences,
            "features": self.features,
            "c": self.c,
            "thresholds": self.thresholds,
            "cv_f1": self.cv_f1,
            "seconds": round(self.seconds, 3),
        }


def train_outcomes(data_dir: Path, out: Path) -> OutcomeTrainReport:
    """Train the outcome model on the PsyTAR-layout folder ``data_dir`` and write it to the file ``out``.

    Args:
        data_dir: a folder with ``sheets_csv/Sentence_Labeling.csv`` (PsyTAR's layout, or one half of a split).
        out: the model file to write (JSON); its folder is created.

    Raises:
        ConfigError: scikit-learn is not installed.
        DataError: the folder has no labelled sentences of both kinds.
    """
    try:
        from sklearn.feature_extraction import DictVectorizer
    except ImportError as e:
        raise ConfigError("training the outcome model needs scikit-learn: pip install scikit-learn") from e
    started = time.perf_counter()
    features, labels, groups = sentence_examples(data_dir)
    kept = {f for f, n in Counter(f for fs in features for f in set(fs)).items() if n >= MIN_FEATURE_COUNT}
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform([{f: 1 for f in fs if f in kept} for fs in features])
    heads, chosen_c, thresholds, cv_f1 = {}, {}, {}, {}
    for head in HEADS:
        y = [label[head] for label in labels]
        if sum(y) == 0 or sum(y) == len(y):
            raise DataError(f"no or only {GOLD_OF_HEAD[head]} sentences in {data_dir}: cannot train {head!r}")
        chosen_c[head], thresholds[head], cv_f1[head] = _choose(matrix, y, groups)
        classifier = _classifier(chosen_c[head]).fit(matrix, y)
        names = vectorizer.get_feature_names_out()
        weights = {str(names[i]): round(float(w), 5) for i, w in enumerate(classifier.coef_[0]) if abs(w) > 1e-6}
        heads[head] = Head(float(classifier.intercept_[0]), thresholds[head], weights)
    model = OutcomeModel(heads, trained_on=f"{len(set(groups))} reviews in {data_dir} (PsyTAR layout; research use)")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(model.to_dict(), indent=1, sort_keys=True), encoding="utf-8")
    return OutcomeTrainReport(
        model=out,
        documents=len(set(groups)),
        sentences=len(labels),
        features=len(kept),
        c=chosen_c,
        thresholds=thresholds,
        cv_f1=cv_f1,
        seconds=time.perf_counter() - started,
    )


def sentence_examples(data_dir: Path) -> tuple[list[list[str]], list[dict[str, bool]], list[str]]:
    """Features, head labels and review id of every gold sentence, as the reader would see them."""
    from anecdata.read.outcomes.component import mention_ref, strip_extent
    from anecdata.read.outcomes.reader import OutcomeReader
    from anecdata.read.outcomes.rules import CueSet, load_cues
    from anecdata.read.pipeline import build_pipeline

    documents = load_psytar_outcomes(data_dir)
    nlp = build_pipeline(CONTEXT_COMPONENTS)
    reader = OutcomeReader(CueSet(load_cues()))
    features, labels, groups = [], [], []
    for document, doc in zip(documents, nlp.pipe(d.text for d in documents), strict=True):
        # The reader's own sentences, as at prediction time; each takes the labels of the gold sentence it
        # overlaps most.
        extents = [strip_extent(document.text, s.start_char, s.end_char) for s in doc.sents]
        extents = [e for e in extents if e[1] > e[0]]
        mentions = [mention_ref(span) for span in doc.spans.get("mention", ())]
        readings, outcomes = reader.readings(document.text, extents, mentions)
        gold = [s for s in document.spans if s.label == SENTENCE]
        for (start, end), sentence_features in zip(
            extents, reader.rule_features(document.text, readings, outcomes), strict=True
        ):
            overlap = max(gold, key=lambda g: min(end, g.end) - max(start, g.start), default=None)
            if overlap is None or min(end, overlap.end) <= max(start, overlap.start):
                continue  # the title line
            found = {s.label for s in document.spans if (s.start, s.end) == (overlap.start, overlap.end)}
            features.append(sentence_features)
            labels.append({head: GOLD_OF_HEAD[head] in found for head in HEADS})
            groups.append(document.id)
    return features, labels, groups


def _classifier(c: float) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, class_weight="balanced", solver="lbfgs", max_iter=2000)


def _choose(matrix: Any, y: Sequence[bool], groups: Sequence[str]) -> tuple[float, float, float]:
    """The C and threshold with the best out-of-fold F1, and that F1."""
    from sklearn.model_selection import GroupKFold

    best = (0.0, C_GRID[0], 0.5)
    for c in C_GRID:
        probabilities = [0.0] * len(y)
        for train, test in GroupKFold(n_splits=FOLDS).split(matrix, y, groups):
            classifier = _classifier(c).fit(matrix[train], [y[i] for i in train])
            for i, p in zip(test, classifier.predict_proba(matrix[test])[:, 1], strict=True):
                probabilities[i] = float(p)
        for threshold in (t / 100 for t in range(20, 91, 2)):
            f1 = _f1(y, [p >= threshold for p in probabilities])
            if f1 > best[0]:
                best = (f1, c, threshold)
    f1, c, threshold = best
    return c, threshold, round(f1, 4)


def _f1(gold: Sequence[bool], predicted: Sequence[bool]) -> float:
    matched = sum(g and p for g, p in zip(gold, predicted, strict=True))
    return 2 * matched / (sum(gold) + sum(predicted)) if matched else 0.0
