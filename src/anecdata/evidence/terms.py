"""Index terms for lexical ranking: words with their character offsets, stop words dropped, lightly stemmed.

Offsets are kept so that a matched word can be shown in its sentence: ``text[t.start:t.end]`` is the word as
written, ``t.term`` what it is indexed as. The default stemmer is Harman's S-stemmer (plural endings only;
D. Harman, "How effective is suffixing?", JASIS 42(1), 1991): it never merges words of different meaning
("organ" / "organic"), needs no dependency, and lets "patients" find "patient". A caller may pass any
``str -> str`` stemmer (a Porter stemmer, say) instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

Stemmer = Callable[[str], str]

_WORD = re.compile(r"[^\W_]+")
"""Runs of letters and digits: "Covid-19" is "covid" and "19", "type 2 diabetes" three words."""

STOP_WORDS: frozenset[str] = frozenset(
    """
    a about above after again against all almost also although am an and any are aren as at be because been
    before being below between both but by can could did didn do does doesn doing don done down during each
    either else even ever every few for from further get gets getting got had hadn has hasn have haven having
    he her here hers herself him himself his how however i if im in into is isn it its itself ive just least
    less let like ll made make makes many may me might more most much must my myself neither no nor not now of
    off often on once one only or other others otherwise our ours ourselves out over own per perhaps quite
    rather re really s same she should shouldn since so some still such t than that the their theirs them
    themselves then there therefore these they thing things this those though through thus to too under until
    up upon us ve very was wasn we well were weren what when where whether which while who whom whose why will
    with within without won would wouldn yet you your yours yourself yourselves
    """.split()
)
"""English function words and contraction fragments ("didn", "ve"): they say nothing of a topic."""


@dataclass(frozen=True, slots=True)
class Term:
    """One indexed word: what it is indexed as, and where it stands (half-open offsets into the text)."""

    term: str
    start: int
    end: int


def s_stem(word: str) -> str:
    """Harman's S-stemmer on a lower-case word: "studies" → "study", "diseases" → "disease", "cats" → "cat".

    Harman's rules keep "-us" and "-ss" ("virus", "stress") and let "-aes", "-ees", "-oes" lose only the "s".
    Two guards are ours: words of three letters or fewer, and "-is" endings ("fibrosis", "analysis"), are kept.
    """
    if len(word) <= 3:
        return word
    if word.endswith("ies") and not word.endswith(("eies", "aies")):
        return word[:-3] + "y"
    if word.endswith("es") and not word.endswith(("aes", "ees", "oes")):
        return word[:-1]
    if word.endswith("s") and not word.endswith(("us", "ss", "is")):
        return word[:-1]
    return word


def terms(text: str, stem: Stemmer = s_stem) -> Iterator[Term]:
    """The index terms of ``text`` in order: lower-cased, stemmed words that hold a letter and are no stop word.

    Numbers alone ("19", "2") are left out: in a claim they are doses, ages and dates, rarely the topic.
    """
    for match in _WORD.finditer(text):
        word = match.group().lower()
        if word in STOP_WORDS or not any(c.isalpha() for c in word):
            continue
        yield Term(stem(word), match.start(), match.end())


def term_set(text: str, stem: Stemmer = s_stem) -> frozenset[str]:
    """The distinct index terms of ``text``."""
    return frozenset(t.term for t in terms(text, stem))
