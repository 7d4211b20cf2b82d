"""XenForo thread pages: 1.x (``li.message``) and 2.x (``article.message--post``).

Both carry the writer in ``data-author`` and the date as Unix time (``data-time``) on recent posts; XenForo 1
shows older dates as text with the time in a ``title`` ("Oct 30, 2014 at 5:03 PM"). A quote names its writer
in ``data-author`` (1) or ``data-quote`` (2) and links the quoted post; its "said: ↑" line and "Click to
expand..." are page furniture.
"""

from __future__ import annotations

import re

from anecdata.ingest.forum_board import Board
from anecdata.ingest.forum_markup import WROTE, own, post_number, quote, rewrite, text_of, without
from anecdata.ingest.html_tree import Element, has_class

_DIGITS = re.compile(r"\d+")
_FURNITURE = frozenset(
    "quoteExpand bbCodeBlock-expandLink bbCodeBlock-title messageTextEndMarker bbCodeSpoiler-button "
    "js-selectToQuoteEnd type".split()
)
_PREFIX = ("label", "label-append", "prefix", "prefix-icon")
_QUOTE_BODY = frozenset({"quote", "bbCodeBlock-expandContent", "bbCodeBlock-content"})


def _date(el: Element) -> tuple[str | None, str | None]:
    shown = el.find(has_class("u-dt", "DateTime"))
    if shown is None:
        return None, None
    machine = shown.attrs.get("data-time") or shown.attrs.get("datetime")
    return machine, shown.attrs.get("title") or shown.attrs.get("data-full-date") or shown.text_content() or None


def _is_quote(el: Element) -> bool:
    return "bbCodeQuote" in el.classes or "bbCodeBlock--quote" in el.classes


def _quote(el: Element) -> Element:
    author = el.attrs.get("data-quote") or el.attrs.get("data-author")
    if not author and (title := own(el, has_class("bbCodeBlock-title"), _is_quote)) is not None:
        # 2.0 names the writer only in the title line, "NAME said:" (linked to the post when it is one)
        author = m["name"] if (m := WROTE.match(title.text_content())) else None
    source = el.attrs.get("data-source", "")
    link = own(el, has_class("AttributionLink", "bbCodeBlock-sourceJump"), _is_quote)
    post = (_DIGITS.findall(source) or [None])[-1] or (post_number(link.attrs.get("href")) if link else None)
    if source.partition(":")[0].strip() not in ("", "post"):
        post = None  # a profile post or a conversation message quoted ("profilePost: 12"): no post of a thread
    inner = own(el, lambda e: bool(e.classes & _QUOTE_BODY), _is_quote) or el
    if "bbCodeBlock-content" in inner.classes and (
        expand := own(inner, has_class("bbCodeBlock-expandContent"), _is_quote)
    ):
        inner = expand
    content = rewrite(inner, lambda e: None if "attribution" in e.classes else _rule(e))
    return quote(author, post, content.children)


def _rule(el: Element) -> Element | bool | None:
    if _is_quote(el):
        return _quote(el)
    if "bbCodeBlock--unfurl" in el.classes:  # a link's preview card: the linked page's words, not the writer's
        return Element("p", {}, [el.attrs.get("data-url", "")]) if el.attrs.get("data-url") else None
    if el.classes & _FURNITURE:
        return None
    return True


def prepare(body: Element) -> Element:
    """A XenForo body with quotes in the one shape and "Click to expand..." and code titles gone."""
    return rewrite(body, _rule)


def _title(root: Element) -> str | None:
    """2.x's ``h1.p-title-value`` and 1.x's ``.titleBar h1`` without the thread prefix (a label such as "Solved")
    and the page navigation a 1.x theme may put in the heading, or that theme's ``.titleBar .title``."""
    heading = root.find(has_class("p-title-value"))
    # 2.x's thread prefix is a label before the title ("Solved", "Patch Notes"), a theme's an icon with words
    if heading is not None and (found := text_of(without(heading, has_class(*_PREFIX)))):
        return found
    heading = root.find(lambda el: el.tag == "h1" and el.find(has_class("p-title-value")) is None)
    if heading is not None and (found := text_of(own(heading, has_class("title"), has_class("PageNav")))):
        return found
    return text_of(without(heading, has_class("PageNav", "prefix")) if heading is not None else None)


XENFORO = Board(
    name="xenforo",
    is_post=lambda el: bool(el.attrs.get("data-author")) and bool(el.classes & {"message--post", "message"}),
    key=lambda el: "post-" + _DIGITS.findall(el.attrs.get("data-content") or el.attrs.get("id", ""))[0],
    body=lambda el: el.find(has_class("bbWrapper", "messageText")),
    author=lambda el: el.attrs.get("data-author"),
    date=_date,
    signature=lambda el: el.find(has_class("message-signature", "signature")),
    prepare=prepare,
    quote_key=lambda q: f"post-{q}",
    title=_title,
)
