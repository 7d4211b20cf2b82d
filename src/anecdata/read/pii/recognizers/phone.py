"""Telephone numbers: North American and international forms, and bare local numbers near a phone word."""

from __future__ import annotations

import re
from typing import ClassVar

from anecdata.read.pii.recognizers.base import ForumRecognizer, NamedPattern

MIN_DIGITS = 7
MAX_DIGITS = 15


class ForumPhoneRecognizer(ForumRecognizer):
    """Finds phone numbers; a bare ``555-0148`` scores low and needs a context word ("call", "text")."""

    LABEL = "contact"
    PATTERNS: ClassVar[tuple[NamedPattern, ...]] = (
        NamedPattern(
            "phone_nanp", r"(?<![\w+-])(?:\+?1[ .-]?)?(?:\(\d{3}\)[ .-]?|\d{3}[ .-])\d{3}[ .-]\d{4}(?![\w-])", 0.8
        ),
        NamedPattern("phone_intl", r"(?<![\w+])\+\d{1,3}(?:[ .-]?\(?\d{1,4}\)?)(?:[ .-]?\d{2,4}){2,4}(?![\w-])", 0.75),
        NamedPattern("phone_digits", r"(?<![\w.,-])\d{10,11}(?![\w.,-])", 0.3),
        NamedPattern("phone_local", r"(?<![\w.,/-])\d{3}[ .-]\d{4}(?![\w.,/-])", 0.3),
    )
    NEEDS = tuple("0123456789")
    CONTEXT = ("phone", "call", "text", "cell", "tel", "mobile", "number", "ring", "whatsapp", "office", "fax")

    def validate(self, text: str) -> bool | None:
        """Between 7 and 15 digits, not all the same digit (a ``555-5555`` filler is still a number)."""
        digits = re.sub(r"\D", "", text)
        if not MIN_DIGITS <= len(digits) <= MAX_DIGITS or len(set(digits)) == 1:
            return False
        return None
