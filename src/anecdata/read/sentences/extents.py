"""Sentence extents of a parsed post, read from the tokens the ``anecdata_sentences`` component marked."""

from __future__ import annotations

from itertools import pairwise

from spacy.attrs import IDX, SENT_START
from spacy.tokens import Doc


def sentence_extents(doc: Doc, length: int) -> list[tuple[int, int]]:
    """Half-open extents of the sentences of ``doc`` (whose text is ``length`` long), from the tokens' sentence
    starts read as arrays: ``doc.sents`` re-checks every token on each access, and a loop over the tokens costs
    more than some components' whole work."""
    if not len(doc):
        return [(0, length)]
    tokens = doc.to_array([IDX, SENT_START])
    offsets = tokens[tokens[:, 1] == 1, 0].tolist()
    if not offsets or offsets[0] != 0:
        offsets.insert(0, 0)
    return list(pairwise([*offsets, length]))
