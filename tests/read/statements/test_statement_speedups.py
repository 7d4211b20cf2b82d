"""What the statement component's fast paths promise: the same answers as the plain way of computing them.

The rules match case-folded text with case-sensitive patterns instead of ``re.IGNORECASE``; the model scores a
post in one gather and explains from what it gathered; the claim-type model types a post's claims together.
"""

import re

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from anecdata.read.statements import rules
from anecdata.read.statements.claim_types import builtin_claim_type_model
from anecdata.read.statements.model import StatementModel, Thresholds

PATTERNS = [
    *rules.QUESTION_PATTERNS,
    *rules.CLAIM_PATTERNS,
    *rules.CLAIM_TYPE_PATTERNS,
    ("first_person", rules.FIRST_PERSON),
    ("discourse", rules.DISCOURSE_FIRST_PERSON),
    ("hedges", rules.HEDGES),
    ("generic_verb", rules.GENERIC_VERB),
]
PIECES = [
    "I", "i", "İ", "ı", "K", "ſ", "MOST", "Most", "people", "Does", "anyone", "cauſes", "İ think", "Kept", "’", "'",
    "?", ".", ",", " ", "\n", "-", "5 %", "É", "ß", "_", "Any advice", "How do you", "SIGN OF", "helped", "don't",
]  # fmt: skip
"""Words of the patterns and the characters that case-insensitive matching treats specially, to build text from."""


@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_folded_text_gives_the_matches_of_case_insensitive_patterns(text):
    folded = rules.fold_case(text)
    assert len(folded) == len(text)
    for name, pattern in PATTERNS:
        expected = [m.span() for m in re.compile(pattern.pattern, re.IGNORECASE).finditer(text)]
        assert [m.span() for m in pattern.finditer(folded)] == expected, name


def test_strongest_features_are_the_largest_positive_parts_ties_in_order():
    labels = ("claim", "question")
    model = StatementModel(
        labels=labels,
        features={"a": 0, "b": 1, "c": 2, "d": 3, "e": 4},
        weights=np.array([[1.0, -1.0], [2.0, 0.0], [1.0, 3.0], [-1.0, 0.5], [0.5, 0.0]]),
        intercepts=np.zeros(2),
        thresholds={label: Thresholds(0.5, 0.5) for label in labels},
    )
    rows = [{"a": 1.0, "x": 1.0, "b": 1.0, "c": 1.0, "e": 1.0}, {"d": 1.0, "c": 0.0}, {}]
    scored = model.score(rows)
    assert scored.strongest(0, 0) == ["b", "a", "c"]  # a and c tie: in the sentence's order
    assert scored.strongest(0, 1) == ["c"]
    assert scored.strongest(1, 1) == ["d"]  # c's part is 0: it pushed nothing
    assert scored.strongest(2, 0) == []
    assert np.array_equal(scored.probabilities, model.probabilities(rows))


def test_claims_typed_together_get_the_types_and_probabilities_typed_alone():
    model = builtin_claim_type_model()
    claims = [
        ("Stress is one of the most common triggers for eczema.", None),
        ("Magnesium works for most migraines.", "efficacy"),
        ("", None),
        ("That rash is a sign of lupus, I think.", None),
    ]
    assert model.claim_types(claims) == [model.claim_type(text, rule) for text, rule in claims]  # floats too
