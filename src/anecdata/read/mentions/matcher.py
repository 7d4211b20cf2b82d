"""Lexicon matching over text: phrases by normalised words, abbreviations as written, misspellings by edit distance.

The matcher works on characters, not spaCy tokens, so the compiled lexicon needs no tokenizer to build and
loads fast. Longest match wins; among equally long candidates the concept type decides (a condition outranks a
symptom or a body part), then the source (the project's lay lexicon first).
"""

from __future__ import annotations

from dataclasses import dataclass

from anecdata.vocab.compiled import CompiledLexicon, one_deletes
from anecdata.vocab.lexicon import LexiconEntry
from anecdata.vocab.normalise import BREAK, norm_word, phrase_key, tokens
from anecdata.vocab.spelling import MIN_FUZZY_LENGTH, damerau_levenshtein, english_words, max_edits

TYPE_RANK = {"condition": 0, "drug": 1, "treatment": 2, "cause": 3, "symptom": 4, "body_part": 5}


@dataclass(frozen=True, slots=True)
class Correction:
    """A misspelt word read as the lexicon word it was meant to be."""

    start: int
    end: int
    meant: str
    edits: int


@dataclass(frozen=True, slots=True)
class LexiconMatch:
    """A matched stretch of text, its concept, how it matched, and the corrections it relied on."""

    start: int
    end: int
    entry: LexiconEntry
    priority: int
    kind: str  # exact | synonym | fuzzy | abbreviation
    corrections: tuple[Correction, ...] = ()


class LexiconMatcher:
    """Finds lexicon concepts in text."""

    def __init__(self, lexicon: CompiledLexicon) -> None:
        self.lexicon = lexicon
        self._english = english_words()
        self._known = {w for key in lexicon.phrases for w in key.split(" ")}
        self._corrections: dict[str, tuple[str, int] | None] = {}

    def correct(self, word: str) -> tuple[str, int] | None:
        """The single closest lexicon word to a misspelt ``word`` and the edits between them, else None.

        Only words of at least :data:`MIN_FUZZY_LENGTH` letters that are neither English nor already in the
        lexicon are corrected; the first letter must agree (or two first letters be swapped); a tie is no answer.
        """
        if word in self._corrections:
            return self._corrections[word]
        answer = None
        if len(word) >= MIN_FUZZY_LENGTH and word.isalpha() and word not in self._known and word not in self._english:
            limit = max_edits(len(word))
            found = {
                (damerau_levenshtein(word, cand, limit), cand)
                for key in one_deletes(word)
                for cand in self.lexicon.deletes.get(key, "").split()
                if cand[0] == word[0] or cand[:2] == word[1::-1]
            }
            best = sorted(f for f in found if f[0] <= limit)
            if best and (len(best) == 1 or best[0][0] < best[1][0]):
                answer = (best[0][1], best[0][0])
        self._corrections[word] = answer
        return answer

    def find(self, text: str) -> list[LexiconMatch]:
        """Non-overlapping concept matches in ``text``, left to right."""
        toks = list(tokens(text))
        norms: list[str] = []
        corrections: dict[int, Correction] = {}
        for i, (start, end, surface) in enumerate(toks):
            if not surface[0].isalnum():
                norms.append(BREAK)
                continue
            w = norm_word(surface)
            if (hit := self.correct(w)) is not None:
                corrections[i] = Correction(start, end, hit[0], hit[1])
                w = hit[0]
            norms.append(w)
        candidates = [*self._phrase_matches(text, toks, norms, corrections), *self._abbreviation_matches(toks)]
        return _resolve(candidates)

    def _phrase_matches(self, text, toks, norms, corrections):
        lex = self.lexicon
        for i, w in enumerate(norms):
            longest = lex.max_words.get(w, 0)
            for n in range(min(longest, len(norms) - i), 0, -1):
                key = " ".join(norms[i : i + n])
                index = lex.phrases.get(key)
                if index is None:
                    continue
                entry = lex.entries[index]
                if (i + n < len(norms) and norms[i + n] in entry.not_before) or (
                    i > 0 and norms[i - 1] in entry.not_after
                ):
                    break
                used = tuple(corrections[j] for j in range(i, i + n) if j in corrections)
                kind = "fuzzy" if used else "exact" if key == phrase_key(entry.name) else "synonym"
                yield LexiconMatch(toks[i][0], toks[i + n - 1][1], entry, index, kind, used)
                break

    def _abbreviation_matches(self, toks):
        for start, end, surface in toks:
            index = self.lexicon.abbreviations.get(surface)
            if index is not None:
                yield LexiconMatch(start, end, self.lexicon.entries[index], index, "abbreviation")


def _resolve(candidates: list[LexiconMatch]) -> list[LexiconMatch]:
    """Keep candidates longest first, then by type and source, never two on the same character."""
    ranked = sorted(candidates, key=lambda c: (c.start - c.end, TYPE_RANK[c.entry.type], c.priority, c.start))
    taken = bytearray(max((c.end for c in candidates), default=0))
    kept = []
    for c in ranked:
        if not any(taken[c.start : c.end]):
            kept.append(c)
            taken[c.start : c.end] = b"\x01" * (c.end - c.start)
    return sorted(kept, key=lambda c: c.start)
