"""Names that sign a post: name lines in its closing, "Thanks, Priya", "- kayla", and "Name, DPT" lines anywhere."""

from __future__ import annotations

import re
from collections.abc import Iterator
from types import MappingProxyType

from anecdata.model import Cue
from anecdata.read.pii.post import PiiContext
from anecdata.read.pii.recognizers.base import Finding, ForumRecognizer
from anecdata.read.pii.recognizers.words import (
    NAME_LINE,
    credentials_of,
    is_lowercase_name,
    is_place_line,
    is_signing_name,
)

DASH_NAME = re.compile(
    r"^[ \t]*(?P<dash>--?|—|–|~)[ \t]*(?P<name>[A-Za-z][\w'.-]*(?:[ \t]+[A-Za-z][\w'.-]*){0,2})[ \t]*$"
)
SIGN_OFF = re.compile(
    r"^[ \t]*(?P<cue>thanks|thank\s+you|many\s+thanks|cheers|best|best\s+wishes|regards|kind\s+regards|"
    r"warm\s+regards|all\s+the\s+best|take\s+care|good\s+luck|sincerely|love|hugs|peace|ta|tia)\b"
    r"[^\n,!.]{0,25}[,!.]+[ \t]*(?P<name>[A-Za-z][\w'.-]*(?:[ \t]+[A-Z][\w'.-]*){0,2})[ \t.!]*$",
    re.IGNORECASE,
)


class ForumSignatureRecognizer(ForumRecognizer):
    """Finds the names a post is signed with; its credentials and town are other recognisers' findings.

    In the closing lines the reader found, a name line scores ``signature_name``; without the reader's word
    (plain text, evaluation) the last lines are searched with the lower ``unconfirmed_signature``. A name
    followed by credentials is a signature wherever it stands.
    """

    LABEL = "person"
    RULE_SCORES = MappingProxyType(
        {
            "credentialed_name": 0.95,
            "signature_name": 0.85,
            "unconfirmed_signature": 0.6,
            "sign_off_name": 0.85,
            "dash_name": 0.85,
        }
    )
    CONTEXT = ("thanks", "cheers", "regards", "best", "sincerely")

    def find(self, text: str, post: PiiContext) -> Iterator[Finding]:
        for m in NAME_LINE.finditer(text):
            creds = credentials_of(m["creds"])
            if creds and is_signing_name(m["name"]) and not is_place_line(text, m):
                note = "a name signed with credentials"
                yield self._finding(
                    m, "credentialed_name", (Cue(m.start("creds"), m.end("creds"), "credential"),), note
                )
        closing = text[post.closing_start :]
        offset = post.closing_start
        for line_match in re.finditer(r"[^\n]+", closing):
            line, start = line_match[0], offset + line_match.start()
            if start == 0 and not post.closing_found:
                continue  # a post does not open with its signature: a short post's first line is its title
            if (m := NAME_LINE.match(line)) and not m["creds"] and is_signing_name(m["name"]):
                rule = "signature_name" if post.closing_found else "unconfirmed_signature"
                yield self._finding(m, rule, (), "a name line in the post's closing", start)
            elif (m := SIGN_OFF.match(line)) and (is_signing_name(m["name"]) or is_lowercase_name(m["name"])):
                cue = (Cue(start + m.start("cue"), start + m.end("cue"), "sign_off"),)
                yield self._finding(m, "sign_off_name", cue, f"after the sign-off {m['cue']!r}", start)
            elif (m := DASH_NAME.match(line)) and (is_signing_name(m["name"]) or is_lowercase_name(m["name"])):
                cue = (Cue(start + m.start("dash"), start + m.end("dash"), "dash"),)
                yield self._finding(m, "dash_name", cue, "a name after a dash closing the post", start)

    def _finding(self, m: re.Match[str], rule: str, cues: tuple[Cue, ...], note: str, offset: int = 0) -> Finding:
        return Finding(
            offset + m.start("name"), offset + m.end("name"), self.LABEL, rule, self.scores[rule], cues, note
        )
