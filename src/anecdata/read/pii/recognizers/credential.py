"""Professional credentials after a signed name ("Dana Lee Whitfield, LMT"): there they identify a person.

"PT" in a sentence is a treatment (the vocabulary's); only on a name line is it a credential (DESIGN.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from types import MappingProxyType

from anecdata.model import Cue
from anecdata.read.pii.post import PiiContext
from anecdata.read.pii.recognizers.base import Finding, ForumRecognizer
from anecdata.read.pii.recognizers.words import NAME_LINE, credentials_of, is_place_line, is_signing_name


class CredentialRecognizer(ForumRecognizer):
    """Each credential of a name line, with the name as its cue."""

    LABEL = "credential"
    RULE_SCORES = MappingProxyType({"name_line_credential": 0.9})

    def find(self, text: str, post: PiiContext) -> Iterator[Finding]:
        for m in NAME_LINE.finditer(text):
            if not credentials_of(m["creds"]) or not is_signing_name(m["name"]) or is_place_line(text, m):
                continue
            cue = (Cue(m.start("name"), m.end("name"), "signed_name"),)
            for c in re.finditer(r"[A-Za-z][\w-]*(?:\.[\w-]+)*", m["creds"]):
                start = m.start("creds") + c.start()
                yield Finding(
                    start,
                    start + len(c[0]),
                    self.LABEL,
                    "name_line_credential",
                    self.scores["name_line_credential"],
                    cue,
                    "a credential after a signed name",
                )
