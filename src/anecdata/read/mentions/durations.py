"""Durations people report ("for 3 years", "about eight months", "2 yrs"), found by pattern."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "eighteen": 18, "twenty": 20,
    "a couple of": 2, "a couple": 2, "couple of": 2, "a few": 3, "few": 3, "several": 3,
}  # fmt: skip
FREQUENCY_WORDS = frozenset({"once", "twice", "times", "per", "every", "each"})
"""A word before "a day" that makes it a frequency ("twice a day"), not a duration."""
UNITS = {
    "day": "day",
    "week": "week",
    "wk": "week",
    "month": "month",
    "mo": "month",
    "year": "year",
    "yr": "year",
}

_NUMBER = r"(?P<num>\d+(?:\.\d+)?|" + "|".join(sorted(map(re.escape, NUMBER_WORDS), key=len, reverse=True)) + ")"
_DURATION = re.compile(
    rf"\b{_NUMBER}(?:\s*(?:-|to|or)\s*(?P<num2>\d+|\w+))?[\s-]*(?P<unit>days?|weeks?|wks?|months?|mos?|years?|yrs?)\b"
    r"(?P<tail>\s+(?:now|and counting|so far))?",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Duration:
    """A duration's extent and its value in its unit (the upper bound of a range)."""

    start: int
    end: int
    value: float
    unit: str
    ongoing: bool


def find_durations(text: str) -> Iterator[Duration]:
    """Every duration in ``text``, left to right."""
    for m in _DURATION.finditer(text):
        before = text[max(0, m.start() - 12) : m.start()].split()
        if before and before[-1].lower() in FREQUENCY_WORDS:
            continue
        raw = (m["num2"] if m["num2"] and _value(m["num2"]) is not None else m["num"]).lower()
        value = _value(raw)
        if value is None:
            continue
        unit = UNITS[m["unit"].lower().rstrip("s")]
        yield Duration(m.start(), m.end("unit"), value, unit, ongoing=bool(m["tail"]))


def _value(raw: str) -> float | None:
    raw = raw.lower()
    if raw in NUMBER_WORDS:
        return float(NUMBER_WORDS[raw])
    try:
        return float(raw)
    except ValueError:
        return None
