"""Invision Community 4 topic pages (``forums/front/topics/post`` template).

A post is ``article#elComment_N``: the writer in ``h3.cAuthorPane_author``, the date in a ``<time datetime>``
(UTC), the body in ``[data-role=commentContent]``, the signature in ``[data-role=memberSignature]``. A quote is
``blockquote.ipsQuote`` naming its writer and post in ``data-ipsquote-username`` and
``data-ipsquote-contentcommentid``; its "NAME said:" citation is drawn by the page's script. A spoiler's
"Reveal hidden contents" header (``.ipsSpoiler_header``) is the toggle, not the writer's words.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from anecdata.ingest.forum_board import Board
from anecdata.ingest.forum_markup import digits, quote, rewrite, text_of, without
from anecdata.ingest.html_tree import Element, has_class

_COMMENT_ID = re.compile(r"elComment_\d+")


def _role(name: str) -> Callable[[Element], bool]:
    return lambda el: el.attrs.get("data-role") == name


def _rule(el: Element) -> Element | bool | None:
    if el.tag == "blockquote" and "ipsQuote" in el.classes:
        inner = el.find(has_class("ipsQuote_contents")) or el
        content = rewrite(inner, lambda e: None if "ipsQuote_citation" in e.classes else _rule(e))
        author = el.attrs.get("data-ipsquote-username")
        return quote(author, el.attrs.get("data-ipsquote-contentcommentid") or None, content.children)
    if "ipsQuote_citation" in el.classes or "data-excludequote" in el.attrs:
        return None  # the citation the script draws; "Edited ... by NAME"
    if "ipsSpoiler_header" in el.classes:
        return None  # the "Reveal hidden contents" toggle; the spoiler's contents stay
    return True


def _date(el: Element) -> tuple[str | None, str | None]:
    time = el.find(lambda e: e.tag == "time" and bool(e.attrs.get("datetime")))
    return (time.attrs["datetime"], time.attrs.get("title") or time.text_content() or None) if time else (None, None)


def _title(root: Element) -> str | None:
    """The page title without the topic's prefix tag (``a.ipsTag_prefix``, a label such as "Solved") or status
    badges the heading holds before it."""
    heading = root.find(has_class("ipsType_pageTitle"))
    return text_of(without(heading, has_class("ipsTag_prefix", "ipsBadge")) if heading is not None else None)


INVISION = Board(
    name="invision",
    is_post=lambda el: el.tag == "article" and bool(_COMMENT_ID.fullmatch(el.attrs.get("id", ""))),
    key=lambda el: "comment" + digits(el.attrs["id"]),
    body=lambda el: el.find(_role("commentContent")),
    author=lambda el: text_of(el.find(has_class("cAuthorPane_author"))),
    date=_date,
    signature=lambda el: el.find(_role("memberSignature")),
    prepare=lambda body: rewrite(body, _rule),
    quote_key=lambda q: f"comment{q}",
    title=_title,
)
