"""The ``statements`` task: claim, per_exp, claim_per_exp and question spans against RedHOT (SemEval-2023 Task 8)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from anecdata.errors import DataError
from anecdata.evaluate.formats import GoldDocument, load_redhot_jsonl
from anecdata.evaluate.tasks import Predictor, register_task
from anecdata.model import LAYERS

REDHOT_STATEMENTS_FILE = Path("derived") / "st1_train_with_text.jsonl"


def statements_predictor(model: str | Path | None = None) -> Predictor:
    """A predictor of RedHOT-style statement spans from the reading pipeline.

    Args:
        model: a model file or folder written by ``anecdata train statements``, ``"builtin"`` or ``"rules"``;
            None for the pipeline's default. The pipeline is built on the first call, so listing tasks costs
            nothing.
    """
    nlp = None

    def predict(texts: Sequence[str]) -> Iterator[list[tuple[int, int, str]]]:
        nonlocal nlp
        from anecdata.read.pipeline import annotate_texts, build_pipeline

        if nlp is None:
            nlp = build_pipeline(config={"anecdata_statements": {"model": str(model)}} if model else None)
        for text, found in zip(texts, annotate_texts(texts, nlp), strict=True):
            yield merge_by_label(text, [(a.start, a.end, a.label) for a in found if a.layer == "statement"])

    return predict


def merge_adjacent(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Join consecutive same-label spans that only whitespace separates."""
    merged: list[tuple[int, int, str]] = []
    for start, end, label in sorted(spans):
        if merged and merged[-1][2] == label and not text[merged[-1][1] : start].strip():
            merged[-1] = (merged[-1][0], end, label)
        else:
            merged.append((start, end, label))
    return merged


def merge_by_label(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """RedHOT's granularity: runs of same-label sentences joined per narrative label; questions one a sentence.

    The pipeline labels sentences; RedHOT labels passages ("I had X. Then Y. Now Z." is one per_exp). A sentence
    may carry two labels (an experience that also draws a conclusion), so each label is merged on its own:
    merged over all labels at once, the other label's span between two same-label sentences would keep them
    apart. Questions are asked one at a time (RedHOT marks nine in ten of its question spans on one sentence).
    """
    merged = [s for s in spans if s[2] == "question"]
    for label in sorted({label for _, _, label in spans} - {"question"}):
        merged += merge_adjacent(text, [s for s in spans if s[2] == label])
    return sorted(merged)


@register_task(
    "statements",
    description="statement spans in Reddit health posts (RedHOT, SemEval-2023 Task 8)",
    default_subdir="redhot",
    labels=LAYERS["statement"],
    default_predictor=statements_predictor(),
    model_predictor=statements_predictor,
)
def load_redhot_statements(data_dir: Path) -> list[GoldDocument]:
    """The aligned records of RedHOT's stage-1 training posts that have text."""
    path = data_dir / REDHOT_STATEMENTS_FILE
    if not path.is_file():
        raise DataError(
            f"no RedHOT statements file at {path}: pass --data DIR pointing at a folder with {REDHOT_STATEMENTS_FILE}"
        )
    return load_redhot_jsonl(path)
