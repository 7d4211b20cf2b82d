"""The one span extension the pipeline uses: ``span._.anecdata``, a dict record of what a component found.

Components write the record; :mod:`anecdata.read.pipeline` turns spans and records into ``Annotation`` values.
Keys: ``attrs`` (dict), ``concept`` (Concept or None), ``score`` (float), ``origin`` (Origin),
``explanation`` (Explanation).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from spacy.tokens import Doc, Span

EXTENSION = "anecdata"
Found = TypeVar("Found")
Extent = tuple[int, int]


def ensure_extensions() -> None:
    """Register ``span._.anecdata`` once; called when a pipeline is built, never at import time."""
    if not Span.has_extension(EXTENSION):
        Span.set_extension(EXTENSION, default=None)


def set_spans_at_free_extents(
    doc: Doc, key: str, found: Iterable[Found], place: Callable[[Found, set[Extent]], Span | None]
) -> None:
    """Set ``doc.spans[key]`` to a span for each finding that ``place`` puts at a character extent no span of the
    doc holds yet (``place`` is given the taken extents, and returns None to drop a finding).

    Why free extents: an annotation's id derives from its extent, and the views nest highlights by extent.
    """
    found = list(found)
    taken = {(s.start_char, s.end_char) for group in doc.spans.values() for s in group} if found else set()
    spans = []
    for item in found:
        span = place(item, taken)
        if span is not None:
            taken.add((span.start_char, span.end_char))
            spans.append(span)
    doc.spans[key] = spans
