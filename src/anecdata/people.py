"""How people are named across a thread: one rule for "is this the same person?", used by readers and thread logic."""

import re

MIN_NAME_WORD = 3


def name_words(name: str) -> set[str]:
    """The lowercase words of a name or username of three letters or more ("greg_h" → {"greg"})."""
    return {w for w in re.split(r"[^a-z0-9]+", name.lower()) if len(w) >= MIN_NAME_WORD}


def same_person(a: str | None, b: str | None) -> bool:
    """Whether two ways of naming someone plausibly name the same person ("Lena", "lumbar_lena", "Lena Moss").

    True when the names share a word of three or more letters; usernames split at ``_``, ``.`` and ``-``.
    """
    if not a or not b:
        return False
    return bool(name_words(a) & name_words(b))
