"""Postal codes: US ZIP codes after a state or a postal word, UK and Canadian postcodes by their shape."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from types import MappingProxyType
from typing import ClassVar

from anecdata.model import Cue
from anecdata.people import US_STATES
from anecdata.read.pii.post import PiiContext
from anecdata.read.pii.recognizers.base import Finding, ForumRecognizer, NamedPattern
from anecdata.read.pii.recognizers.place import REGION_NAMES

STATE = "|".join(re.escape(s) for s in sorted({*US_STATES, *REGION_NAMES}, key=len, reverse=True))
STATE_BEFORE = re.compile(rf"\b(?:{STATE})\.?,?[ \t]+$")
FIVE_DIGITS = re.compile(r"\d{5}")
LETTER_DIGIT = re.compile(r"[A-Z]\d")
STATE_REACH = 32
"""Characters before a ZIP code searched for its state (the longest state name and its separators fit)."""
UK_POSTCODE = r"(?<![\w-])(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)[ \t]?\d[ABD-HJLNP-UW-Z]{2}(?![\w-])"
"""Outward code, then inward code (a digit and two letters of those the Royal Mail uses)."""
CA_POSTAL_CODE = r"(?<![\w-])[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z][ \t]?\d[ABCEGHJ-NPRSTV-Z]\d(?![\w-])"


class PostalCodeRecognizer(ForumRecognizer):
    """Finds postal codes. Five digits alone are as often a count, a dose or an id as a ZIP code: they score low
    and need a state before them ("Springfield, IL 62704") or a postal word near them ("zip 62704")."""

    LABEL = "location"
    PATTERNS: ClassVar[tuple[NamedPattern, ...]] = (
        NamedPattern("zip_plus_four", r"(?<![\w.,/$-])\d{5}-\d{4}(?![\w.,/-])", 0.4),
        NamedPattern("zip_bare", r"(?<![\w.,/$#-])\d{5}(?![\w.,/%-])", 0.2),
        NamedPattern("uk_postcode", UK_POSTCODE, 0.75),
        NamedPattern("ca_postal_code", CA_POSTAL_CODE, 0.75),
    )
    RULE_SCORES = MappingProxyType({"zip_after_state": 0.85})
    NEEDS = tuple("0123456789")
    CONTEXT = ("zip", "zipcode", "postcode", "postal", "address")

    def find(self, text: str, post: PiiContext) -> Iterator[Finding]:
        """The pattern matches, each its own cue: its shape, not a name's, decides it, so the allow-list step
        (which takes digits for codes such as "L5-S1") keeps it."""
        zips, letter_digit = FIVE_DIGITS.search(text) is not None, LETTER_DIGIT.search(text) is not None
        for pattern, compiled in self._compiled:
            if not (zips if pattern.name.startswith("zip") else letter_digit):
                continue  # one cheap scan spares the costlier ones on most posts
            for m in compiled.finditer(text):
                yield self._finding(text, Finding(*m.span(), self.LABEL, pattern.name, self.scores[pattern.name]))

    def _finding(self, text: str, f: Finding) -> Finding:
        """A ZIP code after a state scores as one; every finding is its own cue."""
        if f.rule.startswith("zip") and STATE_BEFORE.search(text, max(f.start - STATE_REACH, 0), f.start):
            f = replace(f, rule="zip_after_state", score=self.scores["zip_after_state"])  # "IL 62704"
        return replace(f, cues=(Cue(f.start, f.end, "postal_code"),))

    def validate(self, text: str) -> bool | None:
        """ "00000" is no ZIP code, only a filler."""
        digits = re.sub(r"\D", "", text)
        if digits and set(digits) == {"0"}:
            return False
        return None
