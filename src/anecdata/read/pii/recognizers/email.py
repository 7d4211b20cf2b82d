"""E-mail addresses, written plainly or spelled out to dodge scrapers ("jo at gmail dot com")."""

from __future__ import annotations

import re
from typing import ClassVar

from anecdata.read.pii.recognizers.base import ForumRecognizer, NamedPattern

_DOT = r"[ \t]*[\[(]?[ \t]*\bdot\b[ \t]*[\])]?[ \t]*"
_AT = r"[ \t]*[\[(]?[ \t]*\bat\b[ \t]*[\])]?[ \t]*"


class ForumEmailRecognizer(ForumRecognizer):
    """Finds e-mail addresses; ``validate`` checks the domain's shape offline (no public-suffix download)."""

    LABEL = "contact"
    PATTERNS: ClassVar[tuple[NamedPattern, ...]] = (
        NamedPattern("email", r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,24}(?![\w-])", 0.9, needs=("@",)),
        NamedPattern(
            "email_spelled_out",
            rf"(?<![\w.])[\w.+-]+(?:{_DOT}[\w+-]+)*{_AT}[\w-]+(?:{_DOT}[\w-]+)*{_DOT}"
            r"(?:com|org|net|edu|gov|uk|ca|au|de|fr|io|me|us)\b",
            0.7,
            flags=re.IGNORECASE,
            needs=("dot",),
        ),
    )
    CONTEXT = ("email", "e-mail", "mail", "contact", "reach", "write", "pm", "message")

    def validate(self, text: str) -> bool | None:
        """A plain address needs a non-empty local part and no empty domain label ("a@b..com" is not one)."""
        if "@" not in text:
            return None
        local, _, domain = text.partition("@")
        return None if local.strip(".") and all(domain.split(".")) else False
