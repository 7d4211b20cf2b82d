"""NodeBB topic pages (server-rendered, as a browser saves them): ``li[component=post]`` with ``data-pid``.

A post carries its writer (``data-username``) and its time in milliseconds (``data-timestamp``). A quote is
Markdown's: a paragraph "@NAME said in <a href="/post/N">TITLE</a>:" (or "@NAME said:", or these in the board's
language) followed by a ``<blockquote>``; the two are read as one quote of NAME's post N.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from anecdata.ingest.forum_board import Board
from anecdata.ingest.forum_markup import post_number, quote, text_of
from anecdata.ingest.html_tree import Element

_SAID_IN = re.compile(
    r"^\s*@?(?P<name>\S.*?)\s+(?:said|sagte|a dit|dijo)(?:\s+(?:in|dans|en)\b.*)?\s*:\s*$", re.I | re.S
)
"""The line NodeBB writes above a quote in the board's language ("composer.user_said_in" and "user_said" of its
English, German, French and Spanish packs): "@NAME said in TITLE:", or "@NAME said:" where no post is linked."""


def _component(name: str) -> Callable[[Element], bool]:
    return lambda el: el.attrs.get("component") == name


def _attribution(el: Element | str) -> tuple[str, str | None] | None:
    """The writer and post an "@NAME said in TITLE:" paragraph names, or None for any other node."""
    if not isinstance(el, Element) or el.tag != "p":
        return None
    m = _SAID_IN.match(el.text_content())
    if m is None:
        return None
    link = el.find(
        lambda a: a.tag == "a" and post_number(a.attrs.get("href")) is not None and "/post/" in a.attrs.get("href", "")
    )
    return m["name"].lstrip("@"), post_number(link.attrs["href"]) if link is not None else None


def prepare(body: Element) -> Element:
    """A NodeBB body whose "said in" paragraphs and the blockquotes after them are each one quote."""
    children: list[Element | str] = []
    pending: tuple[str, str | None] | None = None
    for child in body.children:
        if isinstance(child, str):
            if child.strip():
                pending = None
            children.append(child)
            continue
        if child.tag == "blockquote":
            inner = prepare(child)
            author, post = pending if pending else (None, None)
            if pending:
                children.pop(_last_element(children))
            children.append(quote(author, post, inner.children))
            pending = None
            continue
        pending = _attribution(child)
        children.append(child if pending else prepare(child))
    return Element(body.tag, body.attrs, children)


def _last_element(children: list[Element | str]) -> int:
    return max(i for i, c in enumerate(children) if isinstance(c, Element))


NODEBB = Board(
    name="nodebb",
    is_post=lambda el: el.attrs.get("component") == "post" and bool(el.attrs.get("data-pid")),
    key=lambda el: "pid" + el.attrs["data-pid"],
    body=lambda el: el.find(_component("post/content")),
    author=lambda el: el.attrs.get("data-username") or None,
    date=lambda el: (el.attrs.get("data-timestamp"), None),
    signature=lambda el: el.find(_component("post/signature")),
    prepare=prepare,
    quote_key=lambda q: f"pid{q}",
    title=lambda root: text_of(root.find(_component("topic/title"))),
)
