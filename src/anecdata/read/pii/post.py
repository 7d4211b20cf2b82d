"""What the reader learnt about a post that PII recognisers use: the thread's names and where the closing starts.

The pipeline passes it in ``doc.user_data[CONTEXT_KEY]``; recognisers receive the ``Doc`` inside Presidio's
``NlpArtifacts`` (``nlp_artifacts.tokens``), so they read it from there, never from a global.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.tokens import Doc

CONTEXT_KEY = "anecdata_post"
"""``doc.user_data`` key under which the pipeline passes what the reader learnt: names, closing offset."""
POST_ATTRIBUTE = "anecdata_post"
"""The attribute of Presidio's ``NlpArtifacts`` on which the first recogniser leaves the ``PiiContext``."""
FALLBACK_CLOSING_LINES = 4
"""Without the reader's closing offset, a post's last lines are searched for a signature."""


@dataclass(frozen=True, slots=True)
class PiiContext:
    """What PII recognisers know of a post beyond its text (not ``model.PostContext``, the layout readers fill):
    the names the thread knows (authors, addressees), the offset where the post's closing lines start, the Doc.

    ``closing_start`` is the reader's when it found a sign-off or signature; otherwise the start of the last
    ``FALLBACK_CLOSING_LINES`` non-empty lines, and ``closing_found`` is False.
    """

    names: tuple[str, ...]
    closing_start: int
    closing_found: bool
    doc: Doc | None = None

    @classmethod
    def of_doc(cls, doc: Doc, text: str | None = None) -> PiiContext:
        """The context the reader left on ``doc``; ``text`` is ``doc.text`` when the caller has it already
        (spaCy rebuilds it from the tokens on every access)."""
        context = doc.user_data.get(CONTEXT_KEY) or {}
        names: Sequence[str] = context.get("names", ())
        closing = context.get("closing_start")
        text = doc.text if text is None else text
        if isinstance(closing, int) and 0 <= closing < len(text):
            return cls(tuple(names), closing, True, doc)
        return cls(tuple(names), last_lines_start(text, FALLBACK_CLOSING_LINES), False, doc)

    @classmethod
    def of(cls, nlp_artifacts: NlpArtifacts | None, text: str) -> PiiContext:
        """The context of the analysed ``Doc``, worked out once per document and kept on its artifacts.

        Without a ``Doc`` (Presidio given a bare text), no names are known and the last lines are searched.
        """
        known = getattr(nlp_artifacts, POST_ATTRIBUTE, None)
        if isinstance(known, PiiContext):
            return known
        doc = getattr(nlp_artifacts, "tokens", None)
        post = (
            cls.of_doc(doc, text)
            if isinstance(doc, Doc)
            else cls((), last_lines_start(text, FALLBACK_CLOSING_LINES), False)
        )
        if nlp_artifacts is not None:
            setattr(nlp_artifacts, POST_ATTRIBUTE, post)
        return post


def last_lines_start(text: str, count: int) -> int:
    """The offset where the last ``count`` non-empty lines of ``text`` begin (0 for a shorter text)."""
    starts: list[int] = []
    position = len(text.rstrip())
    while position > 0 and len(starts) < count:
        newline = text.rfind("\n", 0, position)
        if text[newline + 1 : position].strip():
            starts.append(newline + 1)
        position = newline
    return starts[-1] if starts else 0
