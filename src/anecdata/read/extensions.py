"""The one span extension the pipeline uses: ``span._.anecdata``, a dict record of what a component found.

Components write the record; :mod:`anecdata.read.pipeline` turns spans and records into ``Annotation`` values.
Keys: ``attrs`` (dict), ``concept`` (Concept or None), ``score`` (float), ``origin`` (Origin),
``explanation`` (Explanation).
"""

from __future__ import annotations

from spacy.tokens import Span

EXTENSION = "anecdata"


def ensure_extensions() -> None:
    """Register ``span._.anecdata`` once; called when a pipeline is built, never at import time."""
    if not Span.has_extension(EXTENSION):
        Span.set_extension(EXTENSION, default=None)
