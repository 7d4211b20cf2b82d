"""The ``outcomes`` task: treatment outcomes against PsyTAR's sentence labels EF (drug worked) and INF (did not).

PsyTAR labels sentences of AskaPatient drug reviews. The sentences of one review are joined back into one post
(in order, one space apart) so that "it" or "this med" can be read against the drug named earlier. A review is
posted on the drug's own page, as a forum post sits under its thread title, so the post opens with a title line
naming the drug (from the review's drug id, never from a label); without it, half the reviews never name what
"it" is. The review's rating is not used.

A sentence is predicted EF when an improved or mixed outcome overlaps it, INF when a no_change, worse or mixed
one does; ``unknown`` outcomes are set aside and counted. Scores are per sentence (a sentence is one gold
span). The result adds a confusion table: gold class (EF, INF, both, none) by the reader's outcome label.
"""

from __future__ import annotations

import csv
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from anecdata.errors import DataError
from anecdata.evaluate.formats import GoldDocument, GoldSpan
from anecdata.evaluate.spans import LabelScore, ModeScores
from anecdata.evaluate.tasks import EvalResult, EvalTask, Predictor, predicted_spans, register_task_object
from anecdata.read.outcomes.judge import sentence_label

SENTENCES_FILE = Path("sheets_csv") / "Sentence_Labeling.csv"
LABELS = ("EF", "INF")
SENTENCE = "sentence"
"""Gold span label of every sentence, labelled or not: the rows of the confusion table need them all."""
SCORED_OF_OUTCOME = {
    "improved": ("EF",),
    "no_change": ("INF",),
    "worse": ("INF",),
    "mixed": ("EF", "INF"),
    "EF": ("EF",),
    "INF": ("INF",),
}
"""Which gold labels an outcome label counts as; ``unknown`` counts as neither (set aside)."""
_OUTCOME_OF_SCORED = {"EF": "improved", "INF": "no_change"}
"""A predictor may yield EF / INF directly; the confusion table shows them as the outcomes they stand for."""
GOLD_CLASSES = ("EF", "INF", "EF+INF", "none")
PREDICTED_CLASSES = ("improved", "no_change", "worse", "mixed", "unknown", "none")
DRUG_NAMES = {"lexapro": "Lexapro", "zoloft": "Zoloft", "cymbalta": "Cymbalta", "effexorxr": "Effexor XR"}
OUTCOME_COMPONENTS = ("anecdata_sentences", "anecdata_mentions", "anecdata_context", "anecdata_outcomes")
"""The pipeline the task runs: what outcomes need, without statements and PII (which do not change them)."""


def load_psytar_outcomes(data_dir: Path) -> list[GoldDocument]:
    """PsyTAR's labelled sentences as one document per review, with a span per sentence.

    Raises:
        DataError: the sentence sheet is missing or lacks the columns this loader reads.
    """
    path = data_dir / SENTENCES_FILE
    if not path.is_file():
        raise DataError(f"no PsyTAR sentence sheet at {path}: pass --data DIR with {SENTENCES_FILE} inside")
    reviews: dict[str, list[dict[str, str]]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        needed = {"drug_id", "sentence_index", "sentences", "EF", "INF"}
        if not needed <= set(reader.fieldnames or ()):
            raise DataError(f"{path}: needs the columns {sorted(needed)}, has {reader.fieldnames}")
        for row in reader:
            if row["sentences"].strip():
                reviews[row["drug_id"]].append(row)
    return [_review_document(drug_id, rows) for drug_id, rows in reviews.items()]


def review_title(drug_id: str) -> str:
    """The drug a review is about, from its id ("effexorXR.12" → "Effexor XR")."""
    key = drug_id.split(".")[0].lower()
    return DRUG_NAMES.get(key, key.capitalize())


def _review_document(drug_id: str, rows: list[dict[str, str]]) -> GoldDocument:
    text = review_title(drug_id) + "\n\n"
    spans = []
    for row in sorted(rows, key=lambda r: int(r["sentence_index"])):
        sentence = row["sentences"].strip()
        start, end = len(text), len(text) + len(sentence)
        text += sentence + " "
        spans.append(GoldSpan(start, end, SENTENCE, sentence))
        spans += [GoldSpan(start, end, label, sentence) for label in LABELS if row[label].strip() == "1"]
    return GoldDocument(drug_id, text.rstrip(), tuple(spans))


def outcome_predictor(model: Path | None = None) -> Predictor:
    """A predictor yielding each text's outcome spans, labelled with outcome labels.

    Args:
        model: an outcome model trained with ``anecdata train outcomes``; None for the shipped reader.
    """

    def predict(texts: Sequence[str]) -> Iterator[list[tuple[int, int, str]]]:
        from anecdata.read.pipeline import annotate_texts, build_pipeline

        config = {"anecdata_outcomes": {"model": str(model)}} if model is not None else None
        nlp = build_pipeline(OUTCOME_COMPONENTS, config)
        for found in annotate_texts(texts, nlp):
            yield [(a.start, a.end, a.label) for a in found if a.layer == "outcome"]

    return predict


predict_outcomes = outcome_predictor()
"""The shipped reader's predictor (no model)."""


@dataclass(frozen=True, slots=True)
class OutcomeEvalResult(EvalResult):
    """An ``EvalResult`` with the sentence confusion table: gold class → predicted outcome class → count."""

    confusion: dict[str, dict[str, int]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The base result's JSON object plus ``confusion``."""
        return {**EvalResult.to_dict(self), "confusion": self.confusion}


@dataclass(frozen=True, slots=True)
class OutcomesTask(EvalTask):
    """Sentence-level scoring of outcome spans against PsyTAR's EF / INF labels, with a confusion table."""

    def run(self, data_dir: Path, predictor: Predictor | None = None) -> OutcomeEvalResult:
        """Load the reviews, predict outcome spans, and score each sentence as EF / INF (see the module doc)."""
        started = time.perf_counter()
        documents = self.load_gold(data_dir)
        if not documents:
            raise DataError(f"no gold documents for task {self.name!r} in {data_dir}")
        predicted = defaultdict(list)
        for doc_id, start, end, label in predicted_spans(documents, predictor or self.default_predictor):
            predicted[doc_id].append((start, end, label))
        counts = {label: Counter() for label in LABELS}
        confusion = {g: dict.fromkeys(PREDICTED_CLASSES, 0) for g in GOLD_CLASSES}
        set_aside: Counter[str] = Counter()
        emitted = 0
        for document in documents:
            for sentence in (s for s in document.spans if s.label == SENTENCE):
                gold = {s.label for s in document.spans if (s.start, s.end) == (sentence.start, sentence.end)}
                found = [
                    label
                    for start, end, label in predicted[document.id]
                    if start < sentence.end and sentence.start < end
                ]
                scored = {g for label in found for g in SCORED_OF_OUTCOME.get(label, ())}
                for label in LABELS:
                    counts[label]["support"] += label in gold
                    counts[label]["predicted"] += label in scored
                    counts[label]["matched"] += label in gold and label in scored
                confusion[_gold_class(gold)][_predicted_class(found)] += 1
            for _, _, label in predicted[document.id]:
                if label in SCORED_OF_OUTCOME:
                    emitted += 1
                else:
                    set_aside[label] += 1
        per_label = {label: LabelScore(c["matched"], c["support"], c["predicted"]) for label, c in counts.items()}
        micro = LabelScore(*(sum(c[k] for c in counts.values()) for k in ("matched", "support", "predicted")))
        return OutcomeEvalResult(
            task=self.name,
            data=data_dir,
            documents=len(documents),
            labels=self.labels,
            scores={"overlap": ModeScores(per_label, micro)},
            predicted=emitted,
            seconds=time.perf_counter() - started,
            set_aside=dict(sorted(set_aside.items())),
            confusion=confusion,
        )


def _gold_class(gold: set[str]) -> str:
    labels = [label for label in LABELS if label in gold]
    return "+".join(labels) if labels else "none"


def _predicted_class(found: list[str]) -> str:
    """One class per sentence: a sentence with improved and no_change/worse outcomes is mixed."""
    return sentence_label([_OUTCOME_OF_SCORED.get(label, label) for label in found])


register_task_object(
    OutcomesTask(
        name="outcomes",
        description="treatment outcomes per sentence in drug reviews: EF worked, INF did not (PsyTAR)",
        default_subdir="psytar",
        labels=LABELS,
        load_gold=load_psytar_outcomes,
        default_predictor=predict_outcomes,
        model_predictor=outcome_predictor,
    )
)
