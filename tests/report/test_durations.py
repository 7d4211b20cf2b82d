"""Durations in reports as people say them (issue 20: "1.8 months" read as a measurement nobody made)."""

import pytest

from anecdata.report.text import days_in_words


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (730.5, "2 years"),
        (540, "about 18 months"),
        (54, "about 8 weeks"),
        (243.5, "8 months"),
        (14, "2 weeks"),
        (8, "about 1 week"),
        (3, "3 days"),
        (1, "1 day"),
        (None, ""),
    ],
)
def test_durations_are_whole_units_with_about_when_rounded(days, words):
    assert days_in_words(days) == words
