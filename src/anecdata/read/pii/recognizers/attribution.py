"""Who a quote or a post is attributed to: "Kelly wrote:", "Quote from: greg_h", "Originally posted by ..."."""

from __future__ import annotations

import re
from collections.abc import Iterator
from types import MappingProxyType

from anecdata.model import Cue
from anecdata.people import looks_like_name
from anecdata.read.pii.post import PiiContext
from anecdata.read.pii.recognizers.base import Finding, ForumRecognizer
from anecdata.read.pii.recognizers.words import is_lowercase_name, looks_like_username

ATTRIBUTION = re.compile(
    r"^[ \t>]*(?:(?P<before>quote\s*(?:from)?:?|quoting|(?:originally\s+)?posted\s+by|from:|reply\s+to)[ \t]*"
    r"(?P<name1>[^\s:,][^\n:,]{0,38}?)[ \t]*(?::|,|$)"
    r"|(?P<name2>[^\s>:,][^\n:,]{0,38}?)[ \t]+(?P<after>wrote|said|posted|writes|says)\b[^\n:]{0,30}:)",
    re.IGNORECASE | re.MULTILINE,
)


class AttributionRecognizer(ForumRecognizer):
    """Names in quote headers and ``From:`` lines: a username is a ``handle``, a personal name a ``person``."""

    LABEL = "person"
    RULE_SCORES = MappingProxyType({"attribution": 0.85})

    @classmethod
    def labels(cls) -> tuple[str, ...]:
        return ("person", "handle")

    def find(self, text: str, post: PiiContext) -> Iterator[Finding]:
        for m in ATTRIBUTION.finditer(text):
            group = "name1" if m["name1"] else "name2"
            name = m[group].strip()
            if len(name.split()) > 3:
                continue
            if looks_like_username(name):
                label = "handle"
            elif looks_like_name(name) or is_lowercase_name(name):
                label = "person"
            else:
                continue
            cue = "before" if group == "name1" else "after"
            start = m.start(group) + m[group].index(name)
            yield Finding(
                start,
                start + len(name),
                label,
                "attribution",
                self.scores["attribution"],
                (Cue(m.start(cue), m.end(cue), "attribution"),),
                "named in a quote or post header",
            )
