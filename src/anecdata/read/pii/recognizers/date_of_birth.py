"""Dates of birth, told as such ("DOB 03/14/1985", "born on March 3, 1985"); other dates are not PII here."""

from __future__ import annotations

import re
from collections.abc import Iterator
from types import MappingProxyType

from anecdata.model import Cue
from anecdata.read.pii.post import PiiContext
from anecdata.read.pii.recognizers.base import Finding, ForumRecognizer

MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
DATE = (
    rf"\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:\d{{4}}|\d{{2}})"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|{MONTH}[ \t]+\d{{1,2}}(?:st|nd|rd|th)?,?[ \t]+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?{MONTH},?[ \t]+\d{{4}}"
    rf"|{MONTH}[ \t]+\d{{4}}"
    rf"|(?:19|20)\d{{2}}"
)
BIRTH_DATE = re.compile(
    rf"(?P<cue>\bd\.?o\.?b\.?|\bdate[ \t]+of[ \t]+birth|\bbirth[ \t]*date|\bbirthday|\bborn(?:[ \t]+(?:on|in))?)"
    rf"[ \t]*(?:is|was|:|-)?[ \t]*(?P<date>{DATE})(?![\w/])",
    re.IGNORECASE,
)


class DateOfBirthRecognizer(ForumRecognizer):
    """A date after a birth cue; the cue is the explanation. A bare year of birth scores lower."""

    LABEL = "date"
    RULE_SCORES = MappingProxyType({"birth_date": 0.9, "birth_year": 0.6})
    NEEDS = ("born", "birth", "dob", "d.o", "do.b")

    def find(self, text: str, post: PiiContext) -> Iterator[Finding]:
        for m in BIRTH_DATE.finditer(text):
            rule = "birth_year" if m["date"].isdigit() else "birth_date"
            cue = (Cue(m.start("cue"), m.end("cue"), "birth"),)
            yield Finding(
                m.start("date"), m.end("date"), self.LABEL, rule, self.scores[rule], cue, "a date after a birth cue"
            )
