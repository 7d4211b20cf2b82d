"""The corpus layout as training data: which folders are in it, and one split's gold annotations of one layer.

A corpus folder (``data/corpus/``, or a user's own folder built the same way: ``anecdata.corpus.build``) holds
``json/train.json``, ``json/dev.json`` and ``json/test.json``, each an ``anecdata/2`` document whose gold
annotations have origin component ``gold``. Every trainer that reads the layout (``train statements``,
``train pii``) asks these functions, so the layout is told and read one way.
"""

from __future__ import annotations

from pathlib import Path

from anecdata.errors import DataError
from anecdata.evaluate.formats import GoldDocument, GoldSpan

CORPUS_SPLIT_DIR = "json"
"""A folder with ``json/train.json`` is in the corpus layout (``anecdata.corpus.build``)."""
GOLD_COMPONENT = "gold"
"""The origin component of gold annotations in a corpus document; predictions are never trained on."""


def is_corpus_folder(data_dir: Path) -> bool:
    """Whether ``data_dir`` is in the corpus layout: a folder with ``json/train.json``."""
    return data_dir.is_dir() and has_split(data_dir, "train")


def has_split(data_dir: Path, split: str) -> bool:
    """Whether the corpus folder ``data_dir`` has a built ``split`` (``json/<split>.json``)."""
    return (data_dir / CORPUS_SPLIT_DIR / f"{split}.json").is_file()


def corpus_documents(data_dir: Path, split: str, layer: str, *, required: bool = True) -> list[GoldDocument]:
    """Every post of one split of a corpus folder, with its gold annotations of ``layer`` as spans.

    Raises:
        DataError: the split is not an ``anecdata/2`` document, or (``required``) it holds no gold annotation
            of ``layer`` (a document of predictions, whose origin component is not ``gold``, teaches nothing).
    """
    from anecdata.corpus.build import load_split

    documents = [
        GoldDocument(
            post.id,
            post.text,
            tuple(
                GoldSpan(a.start, a.end, a.label, post.text[a.start : a.end])
                for a in sorted(post.annotations, key=lambda a: (a.start, a.end, a.label))
                if a.layer == layer and a.origin.component == GOLD_COMPONENT
            ),
        )
        for thread in load_split(data_dir, split)
        for post in thread.posts
    ]
    if required and not any(d.spans for d in documents):
        raise DataError(
            f"{data_dir / CORPUS_SPLIT_DIR / (split + '.json')}: no gold {layer} annotations (layer {layer!r}, "
            f"origin component {GOLD_COMPONENT!r}) to train on"
        )
    return documents
