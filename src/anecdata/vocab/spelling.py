"""Spelling knowledge: which words are ordinary English, and how far apart two spellings are."""

from __future__ import annotations

from functools import cache

MIN_FUZZY_LENGTH = 7
"""Shorter words are too easily one edit away from another real word."""


def max_edits(length: int) -> int:
    """Allowed Damerau-Levenshtein distance for a word of this length: 1 up to 9 letters, then 2."""
    return 1 if length < 10 else 2


def damerau_levenshtein(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance between ``a`` and ``b``; returns ``limit + 1`` once it is exceeded."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def _frequencies() -> dict[str, int]:
    from spellchecker import SpellChecker

    return SpellChecker().word_frequency.dictionary


@cache
def english_words() -> frozenset[str]:
    """Ordinary English words (pyspellchecker's frequency list): never taken for a misspelt medical term.

    "message" is in it, so it is never read as "massage".
    """
    return frozenset(_frequencies())


def english_word_ranks() -> dict[str, int]:
    """English words → rank by frequency, 0 the most frequent (used when building the lexicon, not kept)."""
    frequencies = _frequencies()
    return {w: i for i, w in enumerate(sorted(frequencies, key=frequencies.__getitem__, reverse=True))}
