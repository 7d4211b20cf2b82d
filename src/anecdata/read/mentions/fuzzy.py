"""Misspelling tolerance: map a word that is not English to a lexicon word within a length-scaled edit distance."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import cache

MIN_FUZZY_LENGTH = 6
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


@cache
def english_words() -> frozenset[str]:
    """Words of ordinary English (pyspellchecker's frequency list): these are never taken as misspellings."""
    from spellchecker import SpellChecker

    return frozenset(SpellChecker().word_frequency.dictionary.keys())


class FuzzyIndex:
    """Lexicon words bucketed by length, for finding the one a misspelt word was meant to be."""

    def __init__(self, words: Iterable[str]) -> None:
        self._by_length: dict[int, list[str]] = defaultdict(list)
        self._words = frozenset(w for w in words if len(w) >= MIN_FUZZY_LENGTH and w.isalpha())
        for w in sorted(self._words):
            self._by_length[len(w)].append(w)

    def correct(self, word: str) -> tuple[str, int] | None:
        """The single closest lexicon word and its distance, or None (no candidate, a tie, or real English)."""
        w = word.lower()
        if len(w) < MIN_FUZZY_LENGTH or not w.isalpha() or w in self._words or w in english_words():
            return None
        limit = max_edits(len(w))
        best: list[tuple[int, str]] = []
        for n in range(len(w) - limit, len(w) + limit + 1):
            for cand in self._by_length.get(n, ()):
                if cand[0] != w[0] and cand[:2] != w[1::-1]:
                    continue  # misspellings rarely change the first letter
                d = damerau_levenshtein(w, cand, limit)
                if d <= limit:
                    best.append((d, cand))
        if not best:
            return None
        best.sort()
        if len(best) > 1 and best[0][0] == best[1][0]:
            return None
        return best[0][1], best[0][0]
