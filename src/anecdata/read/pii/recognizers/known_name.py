"""Names the thread itself reveals (authors, addressees) wherever they recur in its posts."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from types import MappingProxyType

from anecdata.model import Cue
from anecdata.people import is_plain_word
from anecdata.read.pii.post import PiiContext
from anecdata.read.pii.recognizers.base import Finding, ForumRecognizer
from anecdata.read.pii.recognizers.words import looks_like_username

WORD = re.compile(r"[\w'’.-]*\w")
NAME_PARTS = re.compile(r"[^\W\d_]+")
MIN_PART = 3


@dataclass(frozen=True, slots=True)
class NameIndex:
    """Known names as lower-cased word sequences → (label, rule); ``longest`` bounds the look-ahead."""

    entries: dict[tuple[str, ...], tuple[str, str]]
    longest: int


@lru_cache(maxsize=64)
def name_index(names: tuple[str, ...], first_names: frozenset[str]) -> NameIndex:
    """Full names, and the words of each that could stand alone for the person ("Owen", or "lena" of lumbar_lena).

    A word of a personal name counts when it is no ordinary English word; a word of a username only when it is
    also a known first name, so "lumbar" of lumbar_lena is never taken for a name.
    """
    entries: dict[tuple[str, ...], tuple[str, str]] = {}
    for name in names:
        words = tuple(w.lower() for w in WORD.findall(name))
        if not words:
            continue
        username = looks_like_username(name)
        entries[words] = ("handle" if username else "person", "known_name")
        for part in NAME_PARTS.findall(name):
            part = part.lower()
            if len(part) < MIN_PART or is_plain_word(part) or (part,) in entries:
                continue
            if not username or part in first_names:
                entries[(part,)] = ("person", "known_name_part")
    return NameIndex(entries, max((len(k) for k in entries), default=0))


class KnownNameRecognizer(ForumRecognizer):
    """Every occurrence of a name the reader found; a part of a name only where written with a capital.

    The scan looks word sequences up in a dictionary, so it stays linear however many names a thread has.

    Args:
        first_names: lower-cased first names (the tagger's gazetteer), to pick the name inside a username.
        Others as for ``ForumRecognizer``.
    """

    LABEL = "person"
    RULE_SCORES = MappingProxyType({"known_name": 0.95, "known_name_part": 0.85})

    def __init__(
        self,
        scores: Mapping[str, float] | None = None,
        context: Sequence[str] | None = None,
        threshold: float | None = None,
        first_names: frozenset[str] = frozenset(),
    ) -> None:
        self.first_names = first_names
        super().__init__(scores, context, threshold)

    @classmethod
    def labels(cls) -> tuple[str, ...]:
        return ("person", "handle")

    def find(self, text: str, post: PiiContext) -> Iterator[Finding]:
        if not post.names:
            return
        index = name_index(tuple(sorted(set(post.names))), self.first_names)
        words = list(WORD.finditer(text))
        lowers = [w[0].lower() for w in words]
        i = 0
        while i < len(words):
            for length in range(min(index.longest, len(words) - i), 0, -1):
                entry = index.entries.get(tuple(lowers[i : i + length]))
                if entry is None or not _one_run(text, words[i : i + length]):
                    continue
                label, rule = entry
                if rule == "known_name_part" and not words[i][0][:1].isupper():
                    continue
                start, end = words[i].start(), words[i + length - 1].end()
                note = "a name the thread's posts are signed with or addressed to"
                yield Finding(start, end, label, rule, self.scores[rule], (Cue(start, end, "known_name"),), note)
                i += length
                break
            else:
                i += 1


def _one_run(text: str, words: Sequence[re.Match[str]]) -> bool:
    """The words stand on one line separated by spaces only ("Owen Brandt", not "Owen.\nBrandt")."""
    return all(not text[a.end() : b.start()].strip(" \t") for a, b in pairwise(words))
