"""Discourse topic pages saved from a browser: the app's rendering and the server's crawler view.

The JSON a Discourse site serves is read by :mod:`discourse`; this reads the page a person saves. In the app's
rendering a post is ``article[data-post-id]`` with the writer in ``.names`` and the time (Unix milliseconds)
in ``.post-date [data-time]``; in the crawler view (what a browser without scripts gets) it is
``div.crawler-post`` with ``itemprop`` marks. Both hold the body in ``div.cooked`` or ``[itemprop=text]``, whose
quotes (``aside.quote``) :mod:`html_text` reads. A quote of a post in another topic names that topic in its
title, not the quoted writer, and its post number is that topic's: it is marked with no writer unless it
carries ``data-username``, and with no post. A link's click count (``span.clicks``) is the page's, not the
writer's, and so is a link's preview (a "onebox"): it is read as the link's address.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from anecdata.ingest.forum_board import Board
from anecdata.ingest.forum_markup import digits, quote, rewrite, text_of
from anecdata.ingest.html_tree import Element, has_class

_FILE_SIZE = re.compile(r"^\s*\(\d+(?:\.\d+)?\s*[KMGT]?B\)")
"""The size Discourse writes after an attachment's link, "file.pdf (70.1 KB)"."""


def _prop(name: str) -> Callable[[Element], bool]:
    return lambda el: el.attrs.get("itemprop") == name


def _is_post(el: Element) -> bool:
    if el.tag == "article" and el.attrs.get("data-post-id") and el.find(has_class("cooked")) is not None:
        return True
    return "crawler-post" in el.classes


def _key(el: Element) -> str:
    if el.attrs.get("data-post-id"):
        return "post" + el.attrs["data-post-id"]
    number = el.find(_prop("position"))
    return "n" + (number.attrs.get("content") or digits(el.attrs.get("id", "0")) if number is not None else "0")


def _author(el: Element) -> str | None:
    if (names := el.find(has_class("names"))) is not None:
        return text_of(names.find(has_class("username", "first"))) or text_of(names.find(lambda e: e.tag == "a"))
    creator = el.find(_prop("author"))
    return text_of(creator.find(_prop("name")) if creator is not None else None) or text_of(creator)


def _date(el: Element) -> tuple[str | None, str | None]:
    shown = el.find(lambda e: bool(e.attrs.get("data-time")))
    if shown is not None:
        return shown.attrs["data-time"], shown.attrs.get("title") or None
    time = el.find(lambda e: e.tag == "time" and bool(e.attrs.get("datetime")))
    return (time.attrs["datetime"], time.text_content() or None) if time is not None else (None, None)


def _other_topic(aside: Element) -> bool:
    """Whether a quote's title links another topic (a quote from another topic), not only back to the post."""
    title = aside.find(has_class("title"))
    return title is not None and any(
        "/t/" in a.attrs.get("href", "") and not a.classes & {"back", "badge-category__wrapper"}
        for a in title.find_all(lambda e: e.tag == "a")
    )


def link_preview(el: Element) -> Element | None:
    """What stands for a link preview Discourse draws under a pasted link (``aside.onebox``, a video's
    ``.lazy-video-container``): the link's address, as the preview's title and summary are the linked page's
    words, not the writer's. None for any other element."""
    if not (el.tag == "aside" and "onebox" in el.classes) and "lazy-video-container" not in el.classes:
        return None
    link = el.find(lambda e: e.tag == "a" and bool(e.attrs.get("href")))
    url = el.attrs.get("data-onebox-src") or (link.attrs["href"] if link is not None else "")
    return Element("p", {}, [url])


def without_file_sizes(el: Element) -> Element:
    """A copy of ``el`` without the size Discourse writes after each attachment's link (``a.attachment``): the
    page's note on the file, not the writer's words; the file's name stays."""
    children: list[Element | str] = []
    for child in el.children:
        previous = children[-1] if children else None
        if isinstance(child, str) and isinstance(previous, Element) and "attachment" in previous.classes:
            child = _FILE_SIZE.sub("", child, count=1)
        children.append(without_file_sizes(child) if isinstance(child, Element) else child)
    return Element(el.tag, el.attrs, children)


def _rule(el: Element) -> Element | bool | None:
    if el.tag == "span" and "clicks" in el.classes:
        return None
    if (preview := link_preview(el)) is not None:
        return preview
    if el.tag == "aside" and "quote" in el.classes and _other_topic(el):
        words = el.find(lambda e: e.tag == "blockquote") or Element("blockquote", {}, [])
        return quote(el.attrs.get("data-username"), None, rewrite(words, _rule).children)
    return True


DISCOURSE_PAGE = Board(
    name="discourse-page",
    is_post=_is_post,
    key=_key,
    body=lambda el: el.find(has_class("cooked")) or el.find(_prop("text")),
    author=_author,
    date=_date,
    prepare=lambda body: without_file_sizes(rewrite(body, _rule)),
    quote_key=lambda q: f"n{q}",
    title=lambda root: text_of(root.find(has_class("fancy-title"))) or text_of(root.find(lambda e: e.tag == "h1")),
)
