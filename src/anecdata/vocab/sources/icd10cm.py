"""ICD-10-CM codes, descriptions and inclusion terms (``simple-icd-10-cm``), as condition and symptom entries."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from types import ModuleType

from anecdata.vocab.lexicon import LexiconEntry

PACKAGE = "simple-icd-10-cm"
SYSTEM = "ICD-10-CM"
SKIPPED_CHAPTERS = frozenset("VWXYZU")
"""External causes (V-Y), factors influencing health status (Z) and special codes (U): not things people have."""
MAX_WORDS = 6
_VAGUE = re.compile(r"\b(?:other|unspecified|nos|not elsewhere|specified|without|sequela|encounter)\b", re.IGNORECASE)


def _icd() -> ModuleType:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the package uses a deprecated importlib API at import time
        import simple_icd_10_cm

    return simple_icd_10_cm


def clean_term(term: str) -> str | None:
    """The part of a description people would write: up to the first comma, without vague qualifiers."""
    head = term.split(",", 1)[0].strip()
    if not head or _VAGUE.search(head) or "(" in head or any(c.isdigit() for c in head):
        return None
    return head if len(head.split()) <= MAX_WORDS else None


def icd10cm_entries() -> Iterator[LexiconEntry]:
    """One entry per category or code whose cleaned description or inclusion terms are usable phrases."""
    icd = _icd()
    for code in icd.get_all_codes(True):
        if icd.is_chapter_or_block(code) or code[0] in SKIPPED_CHAPTERS:
            continue
        description = icd.get_description(code)
        phrases = {p for t in [description, *icd.get_inclusion_term(code)] if (p := clean_term(t))}
        if phrases:
            yield LexiconEntry(
                id=f"{SYSTEM}:{code}",
                name=description,
                type="symptom" if code[0] == "R" else "condition",
                synonyms=tuple(sorted(phrases)),
                system=SYSTEM,
                code=code,
                source=f"ICD-10-CM {code}",
            )


def is_valid_code(code: str) -> bool:
    """Whether ``code`` is an ICD-10-CM code or category (used to check the lay lexicon's cross-references)."""
    return bool(_icd().is_valid_item(code))
