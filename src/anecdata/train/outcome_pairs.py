"""Train an outcome pair model (``read/outcomes/pairs.py``) on a corpus in the project's layout.

``anecdata train outcomes --data data/corpus`` (or a user's folder in the same layout: threads as the project's
JSON documents, split into train / dev / test) reads each post as reading does (sentences, mentions, context),
lets the cue rules judge it, and keeps every treatment mention they leave ``unknown`` that overlaps a gold
treatment mention. Its gold label is the gold outcomes linked to that mention, combined as a thread combines a
person's verdicts (``unknown`` when none is linked). A logistic regression (scikit-learn, the ``train`` extra)
learns the label from the pair features on the train split; the threshold a verdict needs is chosen on the dev
split, the lowest at which the verdicts kept are right at least ``MIN_PRECISION`` of the time (the rules'
``unknown`` stands when none is).

Measured on the project's corpus and on real posts in ``bench/outcome_pairs.py``.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from anecdata.corpus.build import load_split
from anecdata.errors import ConfigError, DataError
from anecdata.model import Thread
from anecdata.read.outcomes.model import MODEL_FILE
from anecdata.read.outcomes.pairs import POLAR, PairModel, write_pair_model
from anecdata.thread import combine_outcomes

REGULARISATION = 0.3
"""scikit-learn's C: chosen on the corpus's dev split among 0.1, 0.3 and 1 (``bench/outcome_pairs.py``)."""
MIN_PRECISION = 0.7
THRESHOLDS = tuple(round(0.3 + 0.05 * i, 2) for i in range(14))
NO_THRESHOLD = 1.01
"""A threshold no probability reaches: the model then never overrules the rules' ``unknown``."""


@dataclass(frozen=True, slots=True)
class PairExample:
    features: dict[str, float]
    gold: str


@dataclass(frozen=True, slots=True)
class PairTrainReport:
    """What training saw and chose (printed by the CLI)."""

    train_pairs: int
    dev_pairs: int
    threshold: float
    dev_kept: int
    dev_right: int
    seconds: float
    note: str


def corpus_examples(threads: Sequence[Thread]) -> list[PairExample]:
    """The pairs the cue rules leave ``unknown`` in these threads, with their gold labels."""
    from anecdata.read.outcomes.component import JUDGED_AFTER, judged_sentences, mention_ref
    from anecdata.read.outcomes.judge import TARGET_LABELS, OutcomeJudge
    from anecdata.read.outcomes.rules import CueSet, load_cues
    from anecdata.read.pipeline import build_pipeline

    nlp = build_pipeline(JUDGED_AFTER)
    judge = OutcomeJudge(CueSet(load_cues()))
    examples = []
    for thread in threads:
        for post in thread.posts:
            doc = nlp(post.text)
            sentences = judged_sentences(doc, post.text)
            mentions = sorted((mention_ref(s) for s in doc.spans.get("mention", ())), key=lambda m: (m.start, m.end))
            gold_mentions = [a for a in post.annotations if a.layer == "mention" and a.label in TARGET_LABELS]
            linked: dict[str, list[str]] = {}
            for a in post.annotations:
                if a.layer == "outcome":
                    for link in a.links:
                        linked.setdefault(link, []).append(a.label)
            for target, features in judge.unknown_pairs(post.text, sentences, mentions):
                gold = [g for g in gold_mentions if g.start < target.end and target.start < g.end]
                if gold:
                    labels = [label for g in gold for label in linked.get(g.id, ())]
                    examples.append(PairExample(features, combine_outcomes(labels) if labels else "unknown"))
    return examples


def choose_threshold(probabilities: Sequence[tuple[str, float]], gold: Sequence[str]) -> tuple[float, int, int]:
    """The lowest threshold whose kept polar verdicts are right at least ``MIN_PRECISION`` of the time, with how
    many were kept and right; ``NO_THRESHOLD`` when none is."""
    for threshold in THRESHOLDS:
        pairs = zip(probabilities, gold, strict=True)
        kept = [(label, g) for (label, p), g in pairs if label in POLAR and p >= threshold]
        right = sum(label == g for label, g in kept)
        if kept and right / len(kept) >= MIN_PRECISION:
            return threshold, len(kept), right
    return NO_THRESHOLD, 0, 0


def train_outcome_pairs(data_dir: Path, out: Path) -> PairTrainReport:
    """Train on the folder's train split, choose the threshold on its dev split, write the model folder ``out``.

    Raises:
        DataError: the folder has no pairs to learn from in one of the two splits.
    """
    try:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError as e:
        raise ConfigError("training an outcome pair model needs scikit-learn: pip install 'anecdata[train]'") from e
    began = time.perf_counter()
    train = corpus_examples(load_split(data_dir, "train"))
    dev = corpus_examples(load_split(data_dir, "dev"))
    if len({e.gold for e in train}) < 2 or not dev:
        raise DataError(
            f"{data_dir}: too few treatments the cue rules leave unknown, with gold outcomes, in its train and dev "
            "splits to learn from"
        )
    vectoriser = DictVectorizer()
    x = vectoriser.fit_transform([e.features for e in train])
    classifier = LogisticRegression(C=REGULARISATION, max_iter=3000).fit(x, [e.gold for e in train])
    labels = tuple(str(c) for c in classifier.classes_)
    names = vectoriser.get_feature_names_out()
    weights = {str(name): tuple(float(w) for w in classifier.coef_[:, i]) for i, name in enumerate(names)}
    if len(labels) == 2:  # scikit-learn keeps one row for two classes: the second's log-odds
        weights = {name: (-row[0] / 2, row[0] / 2) for name, row in weights.items()}
        bias = (-float(classifier.intercept_[0]) / 2, float(classifier.intercept_[0]) / 2)
    else:
        bias = tuple(float(b) for b in classifier.intercept_)
    trained_on = f"{len(train)} treatment mentions the cue rules leave unknown, in {data_dir}'s train split"
    model = PairModel(labels, NO_THRESHOLD, bias, weights, trained_on)
    verdicts = [model.verdict(e.features) for e in dev]
    threshold, kept, right = choose_threshold(verdicts, [e.gold for e in dev])
    model = PairModel(labels, threshold, bias, weights, trained_on)
    write_pair_model(model, out, MODEL_FILE)
    note = (
        f"on the dev split the model's verdicts at {threshold} were right {right} times in {kept}"
        if kept
        else f"no threshold made the dev split's verdicts right {MIN_PRECISION:.0%} of the time: the model will "
        "leave every unknown of the rules as it is"
    )
    return PairTrainReport(len(train), len(dev), threshold, kept, right, time.perf_counter() - began, note)
