"""Word-level tests the forum recognisers share: what a signed name, a username, a credential list look like."""

from __future__ import annotations

import re

from anecdata.people import CREDENTIALS, REGION_CODES, is_plain_word, looks_like_name

NAME = r"[A-Z][\w'.-]*(?:[ \t]+(?:[A-Z][\w'.-]*|de|van|von|da|del|la|le|di))*"
CREDENTIAL_LIST = r"[A-Za-z][\w.-]*(?:[ \t]*,[ \t]*[A-Za-z][\w.-]*)*"
NAME_LINE = re.compile(
    rf"^[ \t]*(?:(?:--?|—|–|~)[ \t]*)?(?P<name>{NAME})(?:[ \t]*,[ \t]*(?P<creds>{CREDENTIAL_LIST}))?[ \t.]*$",
    re.MULTILINE,
)
"""A line holding only a name, maybe after a dash and before credentials: "Ian Kowalczyk, PT"."""
CREDENTIAL_WORDS = frozenset(c.upper() for c in CREDENTIALS)
PLACE_WORDS = frozenset(
    "city town village falls beach springs heights park valley lake lakes hills creek harbor harbour point port "
    "mount fort saint st st. junction bay island grove ridge rapids".split()
)
"""Words that make "Cedar Falls, IA" a town and not a doctor named Cedar Falls."""
USERNAME_SHAPE = re.compile(r"[_\d]|[a-z][A-Z]")
"""What makes a name a username rather than a person's name: an underscore, a digit, or inner capitals."""


def looks_like_username(name: str) -> bool:
    """True for ``greg_h``, ``runner1985`` or ``SciaticSteve``; False for ``Owen Brandt`` or ``kayla``."""
    return " " not in name.strip() and bool(USERNAME_SHAPE.search(name))


def is_lowercase_name(word: str) -> bool:
    """A single word that is no ordinary English word: "kayla" signs a post, "everyone" does not."""
    return word.isalpha() and not is_plain_word(word)


NAME_PARTICLES = frozenset("de van von der den da del della di du la le bin ibn al".split())
"""Lower-case words a name may hold between its capitalised words ("Ludwig van Beethoven")."""


def is_signing_name(name: str) -> bool:
    """A person's name as people sign: up to three capitalised words, none ordinary English ("Thanks again"),
    and no other lower-case word than a particle ("Appreciate any advice" is a sentence, not a name)."""
    words = name.split()
    capitalised = [w for w in words if w[:1].isupper()]
    if any(not w[:1].isupper() and w.lower() not in NAME_PARTICLES for w in words):
        return False
    return 0 < len(capitalised) <= 3 and looks_like_name(" ".join(capitalised))


def credentials_of(creds: str | None) -> list[str] | None:
    """The credentials of a name line ("DPT, CSCS"), [] when it has none, None when one is not a credential."""
    if not creds:
        return []
    words = [c.strip(" .") for c in creds.split(",")]
    return words if all(w.upper() in CREDENTIAL_WORDS for w in words) else None


def is_place_line(text: str, match: re.Match[str]) -> bool:
    """Whether a ``NAME_LINE`` match such as "Cedar Falls, IA" is a town and region rather than a credential.

    Only a single code that is both a credential and a region (MD, PA) is in doubt. It is a place when the name
    has a place word ("City") or when the line before is itself a name line (a signature: name, then town).
    """
    creds = (match["creds"] or "").strip(" .")
    if creds.upper() not in REGION_CODES:
        return False
    if any(w.lower() in PLACE_WORDS for w in match["name"].split()):
        return True
    before = text[: match.start()].rstrip("\n")
    previous = before[before.rfind("\n") + 1 :]
    return bool(previous.strip()) and bool(NAME_LINE.fullmatch(previous))


def fills_its_line(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` stands alone on its line (a full stop after it aside), as signature lines do."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return not text[line_start:start].strip() and not text[end : len(text) if line_end < 0 else line_end].strip(" \t.")
