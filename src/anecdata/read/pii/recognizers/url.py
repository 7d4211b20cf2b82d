"""URLs that point at a person: profile paths on social sites, user paths, and links in a signature."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import ClassVar

from anecdata.model import Cue
from anecdata.read.pii.post import PiiContext
from anecdata.read.pii.recognizers.base import Finding, ForumRecognizer
from anecdata.read.pii.recognizers.words import fills_its_line

URL = re.compile(r"(?<![\w@])(?:https?://|www\.)[^\s<>\"'()\[\]]+[^\s<>\"'()\[\].,;:!?]", re.IGNORECASE)
PROFILE_SITES = (
    "facebook.com",
    "fb.com",
    "instagram.com",
    "twitter.com",
    "x.com",
    "tiktok.com",
    "linkedin.com",
    "youtube.com",
    "pinterest.com",
    "medium.com",
    "substack.com",
    "github.com",
    "threads.net",
    "bsky.app",
    "strava.com",
    "patreon.com",
    "reddit.com",
)
PERSONAL_PATH = re.compile(
    r"/(?:u|user|users|member|members|profile|profiles|people|in|author)/[^/?#\s]+|/[~@][^/?#\s]+"
)


class ForumUrlRecognizer(ForumRecognizer):
    """Flags personal URLs; other links (a study, a product page) score below the threshold and stay readable.

    A link in the closing lines the reader found is a signature's; without the reader's word, only a link
    standing alone on one of the last lines is.
    """

    LABEL = "url"
    RULE_SCORES: ClassVar[Mapping[str, float]] = MappingProxyType(
        {"personal_path": 0.9, "profile_site": 0.85, "signature_url": 0.85, "plain_url": 0.3}
    )
    CONTEXT = ("website", "site", "blog", "page", "profile", "channel", "follow")

    def find(self, text: str, post: PiiContext) -> Iterator[Finding]:
        for m in URL.finditer(text):
            url = m[0]
            host, _, path = re.sub(r"^(?:https?://)?(?:www\.)?", "", url, flags=re.IGNORECASE).partition("/")
            host = host.lower()
            if PERSONAL_PATH.search("/" + path):
                rule = "personal_path"
            elif any(host == s or host.endswith("." + s) for s in PROFILE_SITES) and path.strip("/"):
                rule = "profile_site"
            elif m.start() >= post.closing_start and (post.closing_found or fills_its_line(text, *m.span())):
                rule = "signature_url"
            else:
                rule = "plain_url"
            cues = (Cue(m.start(), m.end(), rule),) if rule != "plain_url" else ()
            yield Finding(m.start(), m.end(), self.LABEL, rule, self.scores[rule], cues)
