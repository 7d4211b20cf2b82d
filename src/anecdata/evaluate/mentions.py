"""The ``mentions`` task: condition, symptom and drug mentions against CADEC's brat annotations.

CADEC's types map to two of ours: Drug → ``drug``; ADR, Disease, Symptom, Finding → ``problem`` (our condition
and symptom mentions). Treatments, causes and body parts have no CADEC counterpart and are not scored. CADEC tags
no drug classes, so a mention whose concept is a class of drugs (statins, NSAIDs, decided by the concept) is set
aside and counted, not scored; in the product it stays a mention.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from anecdata.errors import DataError
from anecdata.evaluate.formats import GoldDocument, GoldSpan, load_brat_folder
from anecdata.evaluate.tasks import register_task

CADEC_TO_OURS = {"Drug": "drug", "ADR": "problem", "Disease": "problem", "Symptom": "problem", "Finding": "problem"}
MENTION_TO_SCORED = {"drug": "drug", "condition": "problem", "symptom": "problem"}
DRUG_CLASS = "drug_class"
LABELS = ("drug", "problem")


def predict_mentions(texts: Sequence[str]) -> Iterator[list[tuple[int, int, str]]]:
    """The pipeline's mentions as CADEC-comparable spans; drug classes labelled ``drug_class`` (set aside)."""
    from anecdata.read.pipeline import annotate_texts

    for post_annotations in annotate_texts(texts):
        yield [
            (a.start, a.end, DRUG_CLASS if a.attrs.get("drug_class") else MENTION_TO_SCORED[a.label])
            for a in post_annotations
            if a.layer == "mention" and a.label in MENTION_TO_SCORED
        ]


@register_task(
    "mentions",
    description="drug and problem mentions in drug reviews (CADEC, brat)",
    default_subdir="cadec",
    labels=LABELS,
    default_predictor=predict_mentions,
)
def load_cadec(data: Path) -> list[GoldDocument]:
    """CADEC's ``text/*.txt`` and ``original/*.ann``, with its entity types mapped to ours."""
    if not (data / "text").is_dir():
        raise DataError(f"no CADEC text folder at {data / 'text'}: pass --data DIR with text/ and original/ inside")
    return [
        GoldDocument(
            d.id,
            d.text,
            tuple(
                GoldSpan(s.start, s.end, CADEC_TO_OURS[s.label], s.text) for s in d.spans if s.label in CADEC_TO_OURS
            ),
        )
        for d in load_brat_folder(data)
    ]
