"""Cues that open and close forum posts: greetings, vocatives, @-replies, quote attributions, sign-offs, signatures.

Each function looks at one paragraph (a block of lines) and returns what it found, or None. They know nothing of
segmentation: the pasted-thread reader weighs them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.lang.en.stop_words import STOP_WORDS

CREDENTIALS = frozenset(
    "LMT RMT CMT PT DPT MPT PTA MD DO DC RN NP PA PA-C ATC CSCS PhD MSc MS BSc LAc OT OTR ND MBBS FRCS CPT".split()
)
"""Professional credentials that follow a name in a signature ("Derek Olufsen, DPT")."""

US_STATES = frozenset(
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH "
    "OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC".split()
)
CA_PROVINCES = frozenset("AB BC MB NB NL NS NT NU ON PE QC SK YT".split())

GROUP_WORDS = frozenset(
    "all everyone everybody guys folks friends team there y'all yall people forum gang ladies".split()
)
"""Words after a greeting that address the whole thread, not one person ("Hi everyone")."""

DISCOURSE_WORDS = frozenset(
    "hi hello hey hiya dear yes no yeah yep nope ok okay so well also however anyway anyhow besides thanks "
    "thank sorry first then now again plus still instead update edit true agreed wow oh ugh hmm right sure "
    "lol haha mine me you him her them today yesterday tomorrow recently eventually unfortunately honestly "
    "actually basically personally otherwise meanwhile overall sadly luckily hopefully interestingly "
    "seriously literally later afterwards therefore secondly finally lastly similarly likewise moreover "
    "furthermore initially originally generally typically usually normally ideally frankly apparently "
    "obviously definitely surprisingly fortunately background context note ps p.s tldr tl;dr disclaimer "
    "warning symptoms diagnosis treatment results".split()
)

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


@cache
def _is_plain_word(word: str) -> bool:
    """True for words that are ordinary English (so not a person's name at a line start)."""
    w = word.lower().strip("'")
    return w in STOP_WORDS or w in DISCOURSE_WORDS or w.endswith("ly") or len(w) < 2


def looks_like_name(candidate: str) -> bool:
    """A short run of capitalised words, none of them an ordinary English word."""
    words = candidate.split()
    return 0 < len(words) <= 3 and all(w[:1].isupper() and not _is_plain_word(w) for w in words)


def opening_cue(block: str) -> OpeningCue | None:
    """The cue with which ``block`` opens a new post, if it has one."""
    first_line = block.lstrip().split("\n", 1)[0].strip()
    if m := _HANDLE.match(first_line):
        return OpeningCue("handle", m["name"])
    if (m := _WROTE.match(first_line)) and len(m["name"].split()) <= 3:
        return OpeningCue("quote", m["name"].strip())
    if m := _GREETING.match(first_line):
        name = (m["name"] or "").strip()
        if not name or name.lower() in GROUP_WORDS or _is_plain_word(name.split()[0]):
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
        ((m := _PLACE_LINE.match(lines[i - 1].strip())) and m["region"] in US_STATES | CA_PROVINCES)
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
