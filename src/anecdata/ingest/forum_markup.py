"""Small tree operations the forum engines share: rewriting a post body into one plain shape before it is read.

Every engine marks quotes, code boxes and page furniture its own way. Each engine's ``prepare`` rewrites a
post body so that a quote is a :func:`quote` element naming its writer and post, and furniture ("Code: Select
all", "Click to expand...", "View Post" links) is gone; :mod:`html_text` then reads every engine the same way.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

from anecdata.ingest.html_text import NORMALISED_QUOTE
from anecdata.ingest.html_tree import Element

Rewrite = Callable[[Element], "Element | bool | None"]
"""Given an element: a replacement, ``None`` to drop it, or ``True`` to keep it and rewrite its children."""
_DIGITS = re.compile(r"\d+")
MAX_REWRITE_DEPTH = 96
"""Nested rewrites at most: real posts nest quotes a few levels; each level costs a few stack frames."""
WROTE = re.compile(
    r"^\s*(?P<name>.+?)\s+(?:wrote|said|hat geschrieben|hat gesagt|schrieb|sagte|a écrit|a dit|ha scritto|ha detto|"
    r"escribió|dijo|escreveu|disse|schreef|zei|skrev|kirjoitti|napisał|napsal|написал|сказал(?:\(а\)|а)?|yazdı)\s*:",
    re.I,
)
"""A quote's attribution line as engines print it in their board's language: "NAME wrote:", "NAME schrieb:"."""
QUOTE_FROM = re.compile(
    r"^\s*(?:quote|zitat|citation|cita|citazione|citaat|cytat)\s+(?:from|von|de|di|van|od)?\s*:?\s*(?P<name>.+?)"
    r"(?:\s+(?:on|am|le|el|il|op|på|dnia)\s+.*)?\s*$",
    re.I,
)
"""SMF's quote header, "Quote from: NAME on DATE", in its language packs' wordings."""


def quote(author: str | None, post: str | None, children: list[Element | str]) -> Element:
    """A quote in the one shape :mod:`html_text` reads: its writer and the quoted post's id as attributes."""
    attrs = {NORMALISED_QUOTE: "1", "data-author": (author or "").strip(), "data-post-id": post or ""}
    return Element("blockquote", attrs, children)


def rewrite(el: Element, rule: Rewrite) -> Element:
    """A copy of ``el`` with ``rule`` applied to every element below it (``el`` itself is kept).

    Rewrites nest (a quote's rule rewrites the quote's content): past :data:`MAX_REWRITE_DEPTH` nested levels
    an element is kept as it is, so a hostile post of quotes within quotes is read, not refused.
    """
    if _nesting.depth >= MAX_REWRITE_DEPTH:
        return el
    _nesting.depth += 1
    try:
        children: list[Element | str] = []
        for child in el.children:
            if isinstance(child, str):
                children.append(child)
                continue
            done = rule(child)
            if done is True:
                children.append(rewrite(child, rule))
            elif isinstance(done, Element):
                children.append(done)
        return Element(el.tag, el.attrs, children)
    finally:
        _nesting.depth -= 1


class _Nesting(threading.local):
    depth = 0


_nesting = _Nesting()


def without(el: Element, match: Callable[[Element], bool]) -> Element:
    """A copy of ``el`` without the elements ``match`` accepts."""
    return rewrite(el, lambda child: not match(child) or None)


def text_of(el: Element | None) -> str | None:
    """The element's text, whitespace collapsed, or None when it has none."""
    return (el.text_content() or None) if el is not None else None


def post_number(href: str | None) -> str | None:
    """The post id a link points at: ``?p=123``, ``?id=123``, ``#post123``, ``/post/123``, ``/posts/123/``."""
    if not href:
        return None
    parts = urlsplit(href)
    query = parse_qs(parts.query)
    for key in ("p", "id", "pid", "msg"):
        if query.get(key) and query[key][0].isdigit():
            return query[key][0]
    for part in (parts.fragment, parts.path):
        if m := re.search(r"(?:post|msg|pid|p)[-_/]?(\d+)/?$", part):
            return m[1]
    return None


def own(el: Element, match: Callable[[Element], bool], stop: Callable[[Element], bool]) -> Element | None:
    """The first element below ``el`` that ``match`` accepts, not looking inside elements ``stop`` accepts
    (a quote's own attribution, not a nested quote's)."""
    stack = [c for c in reversed(el.children) if isinstance(c, Element)]
    while stack:
        found = stack.pop()
        if match(found):
            return found
        if not stop(found):
            stack.extend(c for c in reversed(found.children) if isinstance(c, Element))
    return None


def classed(*names: str) -> Callable[[Element], bool]:
    """A matcher for elements carrying every one of the CSS classes ``names``."""
    wanted = frozenset(names)
    return lambda el: wanted <= el.classes


def direct_text(el: Element) -> str:
    """The text directly inside ``el``, not inside its child elements."""
    return " ".join("".join(c for c in el.children if isinstance(c, str)).split())


def digits(value: str) -> str:
    """The last run of digits in ``value`` ("post_365266" → "365266"), or ``value`` when it has none."""
    found = _DIGITS.findall(value)
    return found[-1] if found else value


def script_address(script: str) -> Callable[[Element], str | None]:
    """A board's thread address as ``SCRIPT?t=N``, from the first link to that script with a ``t`` parameter
    (``viewtopic.php`` for phpBB, ``showthread.php`` for vBulletin, whose older pages have no canonical link)."""

    def address(root: Element) -> str | None:
        for el in root.iter():
            href = el.attrs.get("href", "") if el.tag == "a" else ""
            if script in href and (thread := parse_qs(urlsplit(href).query).get("t")):
                return f"{script}?t={thread[0]}"
        return None

    return address
