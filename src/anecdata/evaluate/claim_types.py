"""The ``claim_types`` task: the type of each gold claim of the project's corpus (its test split).

Each claim span the annotators typed (claim and claim_per_exp, with ``claim_type``) is a document whose one gold
span covers it, labelled with its type; the predictor types the claim's text. Per-type F1 and their macro mean
are the standard span scores (every span is the whole document, so the modes agree).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from anecdata.errors import DataError
from anecdata.evaluate.formats import GoldDocument, GoldSpan
from anecdata.evaluate.tasks import Predictor, register_task
from anecdata.read.statements.claim_types import CLAIM_TYPES, ClaimTypeModel, load_claim_type_model
from anecdata.settings import REPO_ROOT

CLAIM_LABELS = ("claim", "claim_per_exp")
SPLIT = "test"


def typed_claims(data_dir: Path, split: str) -> list[GoldDocument]:
    """The typed gold claims of one split of a corpus folder, one document each.

    Raises:
        DataError: the split has no typed claim.
    """
    from anecdata.corpus.build import load_split

    claims = [
        GoldDocument(a.id, a.text, (GoldSpan(0, len(a.text), a.attrs["claim_type"], a.text),))
        for thread in load_split(data_dir, split)
        for post in thread.posts
        for a in post.annotations
        if a.layer == "statement" and a.label in CLAIM_LABELS and a.attrs.get("claim_type") in CLAIM_TYPES
    ]
    if not claims:
        raise DataError(f"no typed claims in the {split} split of {data_dir}")
    return claims


def claim_type_predictor(model: ClaimTypeModel | None = None) -> Predictor:
    """Types each text with ``model`` (the shipped one by default)."""

    def predict(texts: Sequence[str]) -> Iterator[list[tuple[int, int, str]]]:
        typer = model or load_claim_type_model()
        for text in texts:
            yield [(0, len(text), typer.claim_type(text)[0])]

    return predict


@register_task(
    "claim_types",
    description="the type of each claim (causal, prevalence, efficacy, diagnostic, other) in the project's corpus",
    default_subdir=str(REPO_ROOT / "data" / "corpus"),
    labels=CLAIM_TYPES,
    default_predictor=claim_type_predictor(),
    model_predictor=lambda path: claim_type_predictor(load_claim_type_model(path)),
)
def load_claim_types(data_dir: Path) -> list[GoldDocument]:
    return typed_claims(data_dir, SPLIT)
