"""Street addresses: a house number, a street name and its kind ("1200 N Walnut St", "221B Baker Street")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import ClassVar

from anecdata.model import Cue
from anecdata.read.pii.post import PiiContext
from anecdata.read.pii.recognizers.base import Finding, ForumRecognizer, NamedPattern

STREET_KINDS = (
    "Street St Avenue Ave Av Road Rd Boulevard Blvd Drive Dr Lane Ln Court Ct Way Place Pl Terrace Ter Parkway "
    "Pkwy Highway Hwy Circle Cir Close Crescent Cres Gardens Gdns Row Square Sq Trail Trl Alley Plaza Pike Loop "
    "Grove Mews Walk Hill"
).split()
DIRECTION = r"(?:[NSEW]|N[EW]|S[EW]|North|South|East|West)\.?"
NAME_WORD = r"(?:[A-Z][\w'’.-]*|\d{1,3}(?:st|nd|rd|th))"
KIND = "|".join(sorted(STREET_KINDS, key=len, reverse=True))
UNIT = r"(?:,?[ \t]+(?:Apt|Apartment|Unit|Suite|Ste|Flat|#)\.?[ \t]*#?\w{1,5})?"
ADDRESS = (
    rf"(?<![\w.,/-])\d{{1,5}}[A-Za-z]?(?:[ \t]+{DIRECTION})?(?:[ \t]+{NAME_WORD}){{1,3}}[ \t]+(?:{KIND})\.?"
    rf"(?![\w-]){UNIT}"
)

YEAR = re.compile(r"(?:19|20)\d\d\b")
YEAR_BEFORE = re.compile(r"\b(?i:in|since|by|from|until|of|during)[ \t]+$")


class AddressRecognizer(ForumRecognizer):
    """Finds street addresses; the street's kind ("St", "Avenue") after capitalised words keeps doses and counts
    out ("200 Mg Tablets" has no street kind, "3 Main points" no capital kind)."""

    LABEL = "location"
    PATTERNS: ClassVar[tuple[NamedPattern, ...]] = (NamedPattern("street_address", ADDRESS, 0.85),)
    NEEDS = tuple("0123456789")
    CONTEXT = ("live", "lives", "address", "at", "on", "street", "moved", "office", "clinic", "located")

    def find(self, text: str, post: PiiContext) -> Iterator[Finding]:
        """The pattern matches, each its own cue: its shape, not a name's, decides it, so the allow-list step
        (which takes digits for codes such as "L5-S1") keeps it."""
        for f in super().find(text, post):
            if YEAR_BEFORE.search(text, max(f.start - 8, 0), f.start) and YEAR.match(text, f.start):
                continue  # "in 2019 Physio Road trips": a year, then words
            yield replace(f, cues=(Cue(f.start, f.end, "street"),))

    def validate(self, text: str) -> bool | None:
        """A house number is no dose or year: "2019 Main St" is still an address, "0 Main St" is not."""
        number = re.match(r"\d+", text)
        return False if number is None or int(number[0]) == 0 else None
