"""Cues that open and close forum posts: greetings, vocatives, @-replies, quote attributions, sign-offs, signatures.

Each function looks at one paragraph (a block of lines) and returns what it found, or None. They know nothing of
segmentation: the pasted-thread reader weighs them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from anecdata.people import CREDENTIALS, REGION_CODES, is_plain_word, looks_like_name

GROUP_WORDS = frozenset(
    "all everyone everybody guys folks friends team there y'all yall people forum gang ladies".split()
)
"""Words after a greeting that address the whole thread, not one person ("Hi everyone")."""

_GREETING = re.compile(
    r"^(?P<cue>(?:hi|hello|hey|hiya|howdy|dear|greetings|good\s+(?:morning|afternoon|evening))\b)"
    r"[ \t,]*(?P<name>[^\s,.!:;?]+(?:[ \t]+[A-Z][\w'-]*){0,2})?",
    re.IGNORECASE,
)
_HANDLE = re.compile(r"^@(?P<name>[\w.-]+)")
_WROTE = re.compile(
    r"^(?:quote\s*(?:from)?:?\s*|quoting\s+)?(?P<name>[\w.' -]{1,40}?)\s+(?:wrote|said|posted|writes|says)\s*:",
    re.IGNORECASE,
)
_VOCATIVE = re.compile(r"^(?P<name>[A-Z][\w'-]*(?:[ \t]+[A-Z][\w'-]*){0,2})[ \t]*,")
_SIGN_OFF = re.compile(
    r"^(?:thanks|thank\s+you|thanks\s+again|thank\s+you\s+all|many\s+thanks|cheers|best|best\s+wishes|"
    r"regards|kind\s+regards|warm\s+regards|all\s+the\s+best|take\s+care|good\s+luck|hope\s+this\s+helps|tia|"
    r"sincerely|love|hugs|peace)\b[^\n]{0,30}?[,.!]*",
    re.IGNORECASE,
)
_DASH_NAME = re.compile(r"^(?:--|-|—|–|~)\s*(?P<name>[\w.' -]{1,40}?)\s*$")
_NAME_LINE = re.compile(r"^(?P<name>[A-Z][\w'.-]*(?:[ \t]+[A-Z][\w'.-]*){0,3})(?:[ \t]*,[ \t]*(?P<cred>[\w., -]+))?$")
_PLACE_LINE = re.compile(r"^(?P<city>[A-Z][\w.' -]{1,40}),[ \t]*(?P<region>[A-Z]{2})\.?$")
_PHONE_LINE = re.compile(r"^[+(]?\d[\d ().-]{6,}\d$")


@dataclass(frozen=True, slots=True)
class OpeningCue:
    """How a paragraph opens a post: the kind of cue and the name it addresses, if any."""

    kind: str  # greeting | vocative | handle | quote
    addressee: str | None


@dataclass(frozen=True, slots=True)
class ClosingCue:
    """A post's closing lines: where they start in the block, the signed name, and what kind they are."""

    kind: str  # signature | sign_off | dash_name | name_line
    start: int  # offset of the closing lines within the block
    author: str | None
    strong: bool  # a credential or a place line makes a signature unmistakable


def opening_cue(block: str) -> OpeningCue | None:
    """The cue with which ``block`` opens a new post, if it has one."""
    first_line = block.lstrip().split("\n", 1)[0].strip()
    if m := _HANDLE.match(first_line):
        return OpeningCue("handle", m["name"])
    if (m := _WROTE.match(first_line)) and len(m["name"].split()) <= 3:
        return OpeningCue("quote", m["name"].strip())
    if m := _GREETING.match(first_line):
        name = (m["name"] or "").strip()
        if not name or name.lower() in GROUP_WORDS or is_plain_word(name.split()[0]):
            return OpeningCue("greeting", None)
        return OpeningCue("greeting", name)
    if first_line.startswith(">"):
        return OpeningCue("quote", None)
    if (m := _VOCATIVE.match(first_line)) and looks_like_name(m["name"]):
        return OpeningCue("vocative", m["name"])
    return None


def _signature_at(lines: list[str]) -> tuple[int, str | None, bool] | None:
    """Find a signature in the last lines: a name line, optionally with a credential, then place or phone lines."""
    i = len(lines)
    strong = False
    while i > 0 and (
        ((m := _PLACE_LINE.match(lines[i - 1].strip())) and m["region"] in REGION_CODES)
        or _PHONE_LINE.match(lines[i - 1].strip())
        or ("@" in lines[i - 1] and " " not in lines[i - 1].strip())
    ):
        strong = True
        i -= 1
    if i == 0:
        return None
    m = _NAME_LINE.match(lines[i - 1].strip())
    if not m or not looks_like_name(m["name"]):
        return None
    creds = {c.strip(" .") for c in re.split(r"[,\s]+", m["cred"] or "") if c.strip(" .")}
    if creds:
        if not creds <= CREDENTIALS:
            return None
        strong = True
    return i - 1, m["name"], strong


def closing_cue(block: str) -> ClosingCue | None:
    """The sign-off or signature with which ``block`` ends, if it has one."""
    lines = block.rstrip().split("\n")
    offsets = [0]
    for line in lines[:-1]:
        offsets.append(offsets[-1] + len(line) + 1)
    last = lines[-1].strip()
    if m := _DASH_NAME.match(last):
        name = m["name"].strip()
        if 0 < len(name.split()) <= 3:
            return ClosingCue("dash_name", offsets[-1], name, strong=False)
    if (sig := _signature_at(lines)) is not None:
        i, name, strong = sig
        if i > 0 and _SIGN_OFF.fullmatch(lines[i - 1].strip()):
            return ClosingCue("sign_off", offsets[i - 1], name, strong=True)
        return ClosingCue("signature" if strong else "name_line", offsets[i], name, strong)
    if m := _SIGN_OFF.match(last):
        rest = last[m.end() :].strip(" ,.!")
        if len(last) <= 40:
            name = rest if rest and looks_like_name(rest) else None
            return ClosingCue("sign_off", offsets[-1], name, strong=name is not None)
    return None


def is_closing_only(block: str) -> bool:
    """True when the whole block is a sign-off or signature ("- Kelly", "Thanks, Joan", a name and a town)."""
    cue = closing_cue(block)
    return cue is not None and cue.start == 0
