"""Simple Machines Forum 2.0 and 2.1 topic pages (``Display.template.php``).

A post is ``div.post_wrapper``: the writer in ``div.poster h4``, the date in the ``keyinfo`` line
("« Reply #1 on: January 05, 2024, 10:00:00 AM »"), the body in ``div.inner#msg_N``, the signature in
``div.signature``. A quote is 2.0's ``div.quoteheader`` ("Quote from: NAME on DATE", linking the quoted
message) followed by ``blockquote.bbc_standard_quote``, or 2.1's blockquote with that line in a ``<cite>``.
A collapsed-content mod (geekhack's) puts a toggle button before the hidden part: ``div.more_head`` ("More")
or ``div.more_image`` ("Show Image"); the button is page furniture, the part it shows is the post's.
"""

from __future__ import annotations

import re

from anecdata.ingest.forum_board import Board
from anecdata.ingest.forum_markup import QUOTE_FROM, digits, own, post_number, quote, text_of
from anecdata.ingest.html_tree import Element, has_class

_DATE_LINE = re.compile(r"^[«\s]*(?:(?:Reply\s*#\d+\s*)?on:\s*)?(?P<date>.+?)[»\s]*$", re.I)
_MSG_ID = re.compile(r"msg_\d+")
_TOPIC_LINE = re.compile(r"^\s*[^:]{1,20}:\s*(?P<title>.+?)\s*\([^()]*\d[^()]*\)\s*$")
"""2.0's topic line, in any language: "Topic: NAME  (Read N times)", "Thema: NAME  (Gelesen N mal)"."""
_FURNITURE = frozenset("quotefooter codeheader more_head more_image".split())
"""A quote's closing rule, "Code: [Select]" and a collapsed part's "More" / "Show Image" button."""


def _named(line: Element | None) -> tuple[str | None, str | None]:
    """The writer and message a "Quote from: NAME on DATE" line names."""
    if line is None:
        return None, None
    m = QUOTE_FROM.match(line.text_content())
    link = line.find(lambda e: e.tag == "a" and bool(post_number(e.attrs.get("href"))))
    return (m["name"] if m else None), post_number(link.attrs["href"]) if link is not None else None


def _is_quote(el: Element) -> bool:
    return el.tag == "blockquote" and bool(el.classes & {"bbc_standard_quote", "bbc_alternate_quote"})


def prepare(body: Element) -> Element:
    """An SMF body whose quote headers and the quotes after them are each one quote; code headers gone."""
    children: list[Element | str] = []
    header: Element | None = None
    for child in body.children:
        if isinstance(child, str):
            children.append(child)
            continue
        if "quoteheader" in child.classes:
            header = child
            continue
        if child.classes & _FURNITURE:
            continue
        if _is_quote(child):
            cite = own(child, lambda e: e.tag == "cite", _is_quote)
            author, post = _named(cite if cite is not None else header)
            inner = prepare(Element(child.tag, child.attrs, [c for c in child.children if c is not cite]))
            children.append(quote(author, post, inner.children))
            header = None
            continue
        children.append(prepare(child))
    return Element(body.tag, body.attrs, children)


def _date(el: Element) -> tuple[str | None, str | None]:
    info = el.find(has_class("keyinfo"))
    if info is None:
        return None, None
    if (time := info.find(lambda e: e.tag == "time")) is not None:
        return time.attrs.get("datetime"), time.text_content() or None
    line = info.find(lambda e: "smalltext" in e.classes and "on:" in e.text_content()) or info.find(
        has_class("smalltext")
    )
    m = _DATE_LINE.match(line.text_content()) if line is not None else None
    return None, m["date"] if m else None


def _title(root: Element) -> str | None:
    """2.1's ``#top_subject``; else 2.0's ``#forumposts h3.catbg`` ("Author Topic: NAME (Read N times)")."""
    if found := text_of(root.find(lambda e: e.attrs.get("id") == "top_subject")):
        return re.sub(r"^\s*Topic:\s*|\s*\(Read \d+ times\)\s*$", "", found) or None
    posts = root.find(lambda e: e.attrs.get("id") == "forumposts")
    head = posts.find(lambda e: e.tag == "h3" and "catbg" in e.classes) if posts is not None else None
    if head is None:
        return None
    label = Element(
        head.tag, head.attrs, [c for c in head.children if isinstance(c, str) or c.attrs.get("id") != "author"]
    )
    m = _TOPIC_LINE.match(label.text_content())
    return m["title"] if m else None


def _is_post(el: Element) -> bool:
    """The default theme's ``div.post_wrapper``; the 2.0 "core" theme's has no class of its own: the element
    whose children are ``div.poster`` and ``div.postarea``. Either holds a body ``#msg_N``."""
    if "post_wrapper" not in el.classes:
        parts = [c.classes for c in el.children if isinstance(c, Element)]
        if el.tag != "div" or not all(any(name in c for c in parts) for name in ("poster", "postarea")):
            return False
    return el.find(lambda e: bool(_MSG_ID.fullmatch(e.attrs.get("id", "")))) is not None


SMF = Board(
    name="smf",
    is_post=_is_post,
    key=lambda el: "msg" + digits(next(e for e in el.iter() if _MSG_ID.fullmatch(e.attrs.get("id", ""))).attrs["id"]),
    body=lambda el: el.find(lambda e: bool(_MSG_ID.fullmatch(e.attrs.get("id", "")))),
    author=lambda el: text_of((poster := el.find(has_class("poster"))) and poster.find(lambda e: e.tag == "h4")),
    date=_date,
    signature=lambda el: el.find(has_class("signature")),
    prepare=prepare,
    quote_key=lambda q: f"msg{q}",
    title=_title,
)
