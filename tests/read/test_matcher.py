"""The lexicon matcher on a small hand-built lexicon: misspellings, longest match, abbreviations as written."""

import pytest

from anecdata.read.mentions.matcher import LexiconMatcher
from anecdata.vocab.compiled import build_lexicon
from anecdata.vocab.lexicon import LexiconEntry

ENTRIES = [
    LexiconEntry("graston", "Graston technique", "treatment", ("graston", "graston technique")),
    LexiconEntry("pf", "plantar fasciitis", "condition", ("plantar fasciitis",), abbreviations=("PF",)),
    LexiconEntry("massage", "massage", "treatment", ("massage",), not_before=("therapist",)),
    LexiconEntry("rest", "rest", "treatment", ("rest",), fuzzy=False, not_after=("at",)),
    LexiconEntry("heel", "heel", "body_part", ("heel",), fuzzy=False),
    LexiconEntry("heel_pain", "heel pain", "condition", ("heel pain",), fuzzy=False),
]


@pytest.fixture(scope="module")
def matcher():
    return LexiconMatcher(build_lexicon([ENTRIES]))


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("had Grasston twice", [("Grasston", "graston", "fuzzy")]),
        ("plantar facsiitis again", [("plantar facsiitis", "pf", "fuzzy")]),
        ("my PF is back", [("PF", "pf", "abbreviation")]),
        ("my pf is back", []),
        ("a message from her", []),
        ("a massage therapist", []),
        ("it hurts at rest", []),
        ("I needed rest", [("rest", "rest", "exact")]),
        ("bad heel pain", [("heel pain", "heel_pain", "exact")]),
        ("the Graston technique", [("Graston technique", "graston", "exact")]),
    ],
)
def test_matcher_finds(matcher, text, found):
    assert [(text[m.start : m.end], m.entry.id, m.kind) for m in matcher.find(text)] == found


def test_matcher_corrections_carry_the_word_meant(matcher):
    (match,) = matcher.find("Grasston")
    assert [(c.meant, c.edits) for c in match.corrections] == [("graston", 1)]
