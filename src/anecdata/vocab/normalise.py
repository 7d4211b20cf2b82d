"""One normal form for words and phrases, shared by the lexicon builder and the matcher so that they agree."""

from __future__ import annotations

import re
from collections.abc import Iterator

WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[^\w\s]")
JOINERS = frozenset("-/")
"""Punctuation that joins words without separating phrases: "anti-inflammatory" reads as "anti inflammatory"."""
BREAK = "\x00"
"""Stands for punctuation that ends a phrase: no lexicon phrase contains it, so no match runs across it."""


def norm_word(word: str) -> str:
    """Lowercase, straight apostrophe, light plural stripping ("pains" → "pain", "injuries" → "injury")."""
    w = word.lower().replace("’", "'")
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def tokens(text: str) -> Iterator[tuple[int, int, str]]:
    """Words and punctuation of ``text`` with their character extents; joiners are left out."""
    for m in WORD.finditer(text):
        if m[0] not in JOINERS:
            yield m.start(), m.end(), m[0]


def phrase_key(text: str) -> str | None:
    """The lookup key of a lexicon phrase, or None when it holds punctuation that would break a phrase."""
    words = [w for _, _, w in tokens(text)]
    if not words or any(not (w[0].isalnum()) for w in words):
        return None
    return " ".join(norm_word(w) for w in words)
