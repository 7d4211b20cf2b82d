"""Word-level tests the forum recognisers share: what a signed name, a username, a credential list look like."""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

CREDENTIALS = frozenset(
    "LMT RMT CMT PT DPT MPT PTA MD DO DC RN NP PA PA-C ATC CSCS PhD MSc MS BSc LAc OT OTR ND MBBS FRCS CPT".split()
)
"""Professional credentials after a signed name ("Derek Olufsen, DPT").

The pasted-thread reader keeps its own list for segmenting posts (``ingest/cues.py``): reading may not import the
readers' layer, and the two lists answer different questions (where a post ends; what to hide).
"""
US_STATES = frozenset(
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH "
    "OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC".split()
)
CA_PROVINCES = frozenset("AB BC MB NB NL NS NT NU ON PE QC SK YT".split())
PLAIN_WORDS = frozenset(
    "hi hello hey dear yes no yeah yep nope ok okay so well also however anyway thanks thank sorry first then now "
    "again plus still instead update edit true agreed wow oh ugh hmm right sure lol haha everyone everybody all "
    "guys folks friends team people forum ladies today yesterday tomorrow recently eventually unfortunately "
    "honestly actually basically personally meanwhile overall sadly luckily hopefully seriously literally later "
    "finally note ps tldr disclaimer warning symptoms diagnosis treatment results best cheers regards love hugs "
    "only really truly mostly lately nearly simply surely early daily likely rarely barely".split()
)
"""Words that open or close forum sentences and are never a name on their own ("Thanks", "Everyone")."""
ADVERB_LENGTH = 8
NAME = r"[A-Z][\w'.-]*(?:[ \t]+(?:[A-Z][\w'.-]*|de|van|von|da|del|la|le|di))*"
CREDENTIAL_LIST = r"[A-Za-z][\w.-]*(?:[ \t]*,[ \t]*[A-Za-z][\w.-]*)*"
NAME_LINE = re.compile(
    rf"^[ \t]*(?:(?:--?|—|–|~)[ \t]*)?(?P<name>{NAME})(?:[ \t]*,[ \t]*(?P<creds>{CREDENTIAL_LIST}))?[ \t.]*$",
    re.MULTILINE,
)
"""A line holding only a name, maybe after a dash and before credentials: "Ian Kowalczyk, PT"."""
CREDENTIAL_WORDS = frozenset(c.upper() for c in CREDENTIALS)
REGION_CODES = US_STATES | CA_PROVINCES
PLACE_WORDS = frozenset(
    "city town village falls beach springs heights park valley lake lakes hills creek harbor harbour point port "
    "mount fort saint st st. junction bay island grove ridge rapids".split()
)
"""Words that make "Cedar Falls, IA" a town and not a doctor named Cedar Falls."""
USERNAME_SHAPE = re.compile(r"[_\d]|[a-z][A-Z]")
"""What makes a name a username rather than a person's name: an underscore, a digit, or inner capitals."""


def is_plain_word(word: str) -> bool:
    """An ordinary English word by its spelling alone: a stop word, a discourse word, a long -ly adverb, one letter.

    Short -ly words are names as often as adverbs (Kelly, Emily, Molly), so only those listed count.
    """
    w = word.lower().strip("'.")
    return w in STOP_WORDS or w in PLAIN_WORDS or (w.endswith("ly") and len(w) >= ADVERB_LENGTH) or len(w) < 2


def looks_like_name(candidate: str) -> bool:
    """A short run of capitalised words, none of them an ordinary English word."""
    words = candidate.split()
    return 0 < len(words) <= 3 and all(w[:1].isupper() and not is_plain_word(w) for w in words)


def looks_like_username(name: str) -> bool:
    """True for ``greg_h``, ``runner1985`` or ``SciaticSteve``; False for ``Owen Brandt`` or ``kayla``."""
    return " " not in name.strip() and bool(USERNAME_SHAPE.search(name))


def is_lowercase_name(word: str) -> bool:
    """A single word that is no ordinary English word: "kayla" signs a post, "everyone" does not."""
    return word.isalpha() and not is_plain_word(word)


def is_signing_name(name: str) -> bool:
    """A person's name as people sign: up to three capitalised words, none ordinary English ("Thanks again")."""
    capitalised = [w for w in name.split() if w[:1].isupper()]
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
