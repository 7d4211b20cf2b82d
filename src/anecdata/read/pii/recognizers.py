"""First PII recognisers (issue 2): patterns for contacts and handles, signature blocks, names the thread knows.

Each recogniser is a function of the post text (and what the reader learnt about the thread) that yields
:class:`PiiFinding` values. Issue 6 replaces these with Presidio recognisers behind the same component.
"""

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
PHONE = re.compile(r"(?<!\w)(?:\+?1[ .-]?)?(?:\(\d{3}\)|\d{3})[ .-]?\d{3}[ .-]?\d{4}(?!\w)")
HANDLE = re.compile(r"(?<![\w@])@[A-Za-z0-9_][\w.-]{1,30}\b")
CREDENTIAL = re.compile(
    r"(?<=,)[ \t]*\b(?P<cred>LMT|RMT|CMT|PT|DPT|MPT|PTA|MD|DO|DC|RN|NP|PA-C|ATC|CSCS|PhD|LAc|OTR)\b"
)
PLACE_LINE = re.compile(r"^[ \t]*(?P<place>[A-Z][\w.' -]{1,40},[ \t]*[A-Z]{2})\.?[ \t]*$", re.MULTILINE)
NAME_WORDS = re.compile(r"[A-Z][\w'-]+(?:[ \t]+[A-Z][\w'-]+){0,3}")


@dataclass(frozen=True, slots=True)
class PiiFinding:
    """A stretch of text to protect, its label (model.LAYERS["pii"]), the rule and its score."""

    start: int
    end: int
    label: str
    rule: str
    score: float


def contacts(text: str) -> Iterator[PiiFinding]:
    """E-mail addresses, URLs, phone numbers and @handles."""
    for pattern, label, rule, score in (
        (EMAIL, "contact", "email", 0.95),
        (URL, "url", "url", 0.9),
        (PHONE, "contact", "phone", 0.85),
        (HANDLE, "handle", "at_handle", 0.85),
    ):
        for m in pattern.finditer(text):
            yield PiiFinding(m.start(), m.end(), label, rule, score)


def signature(text: str, closing_start: int | None) -> Iterator[PiiFinding]:
    """Inside a post's closing lines (found by the reader): the signed name, a credential, a "Town, ST" line."""
    if closing_start is None or not 0 <= closing_start < len(text):
        return
    for m in PLACE_LINE.finditer(text, closing_start):
        yield PiiFinding(m.start("place"), m.end("place"), "location", "signature_place", 0.85)
    for m in CREDENTIAL.finditer(text, closing_start):
        yield PiiFinding(m.start("cred"), m.end("cred"), "credential", "signature_credential", 0.8)


def known_names(text: str, names: Sequence[str]) -> Iterator[PiiFinding]:
    """Every occurrence of a name the reader found (authors, addressees), and of each of its words."""
    words = {w for n in names for w in re.split(r"[\s_.@-]+", n) if len(w) >= 3}
    full = sorted({n.strip() for n in names if n.strip()}, key=len, reverse=True)
    alternatives = [re.escape(n) for n in full] + [re.escape(w) for w in sorted(words, key=len, reverse=True)]
    if not alternatives:
        return
    pattern = re.compile(r"(?<![\w@])(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)
    for m in pattern.finditer(text):
        if m[0][:1].isupper() or "_" in m[0] or m[0].lower() in {n.lower() for n in full}:
            yield PiiFinding(m.start(), m.end(), "person", "known_name", 0.9)
