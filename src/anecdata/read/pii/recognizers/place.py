"""Towns written with their region, as people sign and say where they live: "Cedar Falls, IA", "Leeds, UK"."""

from __future__ import annotations

import re
from collections.abc import Iterator
from types import MappingProxyType

from anecdata.model import Cue
from anecdata.read.pii.post import PiiContext
from anecdata.read.pii.recognizers.base import Finding, ForumRecognizer
from anecdata.read.pii.recognizers.words import (
    CREDENTIAL_WORDS,
    NAME_LINE,
    REGION_CODES,
    fills_its_line,
    is_place_line,
    is_signing_name,
)

REGION_NAMES = (
    *(
        "Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Georgia Hawaii Idaho "
        "Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan Minnesota "
        "Mississippi Missouri Montana Nebraska Nevada Ohio Oklahoma Oregon Pennsylvania Tennessee Texas Utah "
        "Vermont Virginia Washington Wisconsin Wyoming Alberta Manitoba Ontario Quebec Saskatchewan Yukon Nunavut"
    ).split(),
    *("New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota", "Rhode Island"),
    *("South Carolina", "South Dakota", "West Virginia", "British Columbia", "New Brunswick", "Nova Scotia"),
    *("Prince Edward Island", "Newfoundland"),
)
COUNTRIES = (
    *(
        "UK USA US U.S. U.S.A. England Scotland Wales Ireland Canada Australia NZ Germany France Spain Italy "
        "Netherlands India Mexico Brazil Sweden Norway Denmark Poland"
    ).split(),
    *("New Zealand", "Northern Ireland", "South Africa"),
)
AMBIGUOUS_CODES = frozenset("OK IN ME OR HI DE LA MA PA OH AL CO ID ON MD MS NE".split())
"""Region codes that are also words or credentials: alone they are not enough ("Joan, OK so...")."""
CITY = r"[A-Z][\w'.-]*(?:[ \t]+(?:[A-Z][\w'.-]*|de|la|du|le|sur|on|upon))*"
REGION = "|".join(re.escape(r) for r in sorted({*REGION_CODES, *REGION_NAMES, *COUNTRIES}, key=len, reverse=True))
CITY_REGION = re.compile(rf"(?<![\w'-])(?P<city>{CITY}),[ \t]*(?P<region>{REGION})(?![\w-])")


class PlaceRecognizer(ForumRecognizer):
    """Finds "Town, Region" places; an ambiguous region code needs a line of its own, the closing, or context."""

    LABEL = "location"
    RULE_SCORES = MappingProxyType({"city_region": 0.85, "signature_place": 0.9, "ambiguous_region": 0.4})
    CONTEXT = (
        *("live", "living", "lives", "from", "near", "based", "moved", "town", "city", "area", "visiting"),
        *("clinic", "in", "at", "outside", "around", "club"),
    )

    def find(self, text: str, post: PiiContext) -> Iterator[Finding]:
        for m in CITY_REGION.finditer(text):
            line = NAME_LINE.match(text, text.rfind("\n", 0, m.start()) + 1)
            region = m["region"]
            if line and line.end() == m.end() and region in CREDENTIAL_WORDS and not is_place_line(text, line):
                continue  # "John Smith, MD" is a doctor, not a town
            if (post.closing_found and m.start() >= post.closing_start) or fills_its_line(text, *m.span()):
                rule = "signature_place"
            elif region in AMBIGUOUS_CODES or not is_signing_name(m["city"].split()[-1]):
                rule = "ambiguous_region"
            else:
                rule = "city_region"
            cue = (Cue(m.start("region"), m.end("region"), "region"),)
            yield Finding(m.start(), m.end(), self.LABEL, rule, self.scores[rule], cue, "a town with its region")
