"""Forum handles and usernames: ``@replies``, Reddit's ``u/name``, and snake_case user names."""

from __future__ import annotations

from typing import ClassVar

from anecdata.read.pii.recognizers.base import ForumRecognizer, NamedPattern


class HandleRecognizer(ForumRecognizer):
    """Finds handles by their shape alone; names the thread knows are the ``KnownNameRecognizer``'s."""

    LABEL = "handle"
    PATTERNS: ClassVar[tuple[NamedPattern, ...]] = (
        NamedPattern("at_handle", r"(?<![\w@.+-])@[A-Za-z0-9_](?:[\w.-]{0,30}\w)?", 0.85, needs=("@",)),
        NamedPattern("reddit_user", r"(?<![\w/])/?u/[A-Za-z0-9_-]{3,20}\b", 0.9, needs=("u/",)),
        NamedPattern(
            "snake_case_user", r"(?<![\w@./-])[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+_?(?![\w@-])", 0.6, needs=("_",)
        ),
    )
    CONTEXT = ("user", "username", "handle", "member", "posted", "wrote", "pm", "dm", "thanks", "said")
