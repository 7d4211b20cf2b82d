"""Saved HTML pages of phpBB, vBulletin and XenForo boards: posts, authors, dates, quotes and signatures.

Each board software marks a post, its author and its body with its own classes; a :class:`Board` names them,
and the first board whose posts a page contains reads it. Quotes of earlier posts are kept in the text as
``> `` lines and marked as quotes in the post's context, so the post's own words are told apart; a signature
follows the body and is the context's closing. A page of a long thread is one part of that thread: pages
share the thread id derived from the page's canonical address, without its page number.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from anecdata.ingest.html_text import as_quotes, html_to_text
from anecdata.ingest.html_tree import Element, has_class, parse_html
from anecdata.ingest.layout import placeholder_status
from anecdata.ingest.source import Problem, ReadContext, post_id, thread_id
from anecdata.model import SOURCE_ID, Post, PostContext, TextExtent, Thread

DEFAULT_SOURCE = "forum"
"""Source name for a page that names no canonical address (and no ``--source`` was given)."""
_PAGE_PART = re.compile(r"(?:/page-?\d+|[?&](?:start|page)=\d+|#.*$)", re.I)
_DIGITS = re.compile(r"\d+")


def _first_text(el: Element, match: Callable[[Element], bool]) -> str | None:
    found = el.find(match)
    return (found.text_content() or None) if found is not None else None


def _datetime_attr(el: Element) -> str | None:
    found = el.find(lambda e: e.tag == "time" and bool(e.attrs.get("datetime")))
    return found.attrs["datetime"] if found is not None else None


def _id_attr(pattern: str) -> Callable[[Element], bool]:
    regex = re.compile(pattern)
    return lambda el: bool(regex.fullmatch(el.attrs.get("id", "")))


@dataclass(frozen=True, slots=True)
class Board:
    """How one board software marks posts: matchers and getters over the page's element tree."""

    name: str
    is_post: Callable[[Element], bool]
    key: Callable[[Element], str]
    body: Callable[[Element], Element | None]
    author: Callable[[Element], str | None]
    created: Callable[[Element], str | None]
    date_text: Callable[[Element], str | None]
    signature: Callable[[Element], Element | None]
    quote_key: Callable[[str], str]
    """The source id of a quoted post from the id the quote gives (phpBB ``1230`` → ``p1230``)."""


PHPBB = Board(
    name="phpbb",
    is_post=lambda el: el.tag == "div" and "post" in el.classes and _id_attr(r"p\d+")(el),
    key=lambda el: el.attrs["id"],
    body=lambda el: el.find(lambda e: e.tag == "div" and "content" in e.classes),
    author=lambda el: _first_text(el, has_class("username", "username-coloured")),
    created=_datetime_attr,
    date_text=lambda el: _first_text(el, has_class("author")),
    signature=lambda el: el.find(has_class("signature")),
    quote_key=lambda q: f"p{q}",
)
VBULLETIN = Board(
    name="vbulletin",
    is_post=lambda el: _id_attr(r"post_?\d+")(el) and el.find(_id_attr(r"post_message_\d+")) is not None,
    key=lambda el: "post_" + _DIGITS.findall(el.attrs["id"])[0],
    body=lambda el: el.find(_id_attr(r"post_message_\d+")),
    author=lambda el: _first_text(el, has_class("username", "bigusername")),
    created=lambda el: None,
    date_text=lambda el: _first_text(el, has_class("date", "postdate")),
    signature=lambda el: el.find(has_class("signaturecontainer", "signature")),
    quote_key=lambda q: f"post_{q}",
)
XENFORO = Board(
    name="xenforo",
    is_post=lambda el: bool(el.attrs.get("data-author")) and bool(el.classes & {"message--post", "message"}),
    key=lambda el: "post-" + _DIGITS.findall(el.attrs.get("data-content") or el.attrs.get("id", ""))[0],
    body=lambda el: el.find(has_class("bbWrapper", "messageText")),
    author=lambda el: el.attrs.get("data-author"),
    created=_datetime_attr,
    date_text=lambda el: _first_text(el, has_class("u-dt", "DateTime")),
    signature=lambda el: el.find(has_class("message-signature", "signature")),
    quote_key=lambda q: f"post-{q}",
)
BOARDS: tuple[Board, ...] = (XENFORO, VBULLETIN, PHPBB)


def _canonical(root: Element) -> str | None:
    for el in root.iter():
        if el.tag == "link" and el.attrs.get("rel", "").lower() == "canonical" and el.attrs.get("href"):
            return _PAGE_PART.sub("", el.attrs["href"]).rstrip("/")
        if el.tag == "meta" and el.attrs.get("property") == "og:url" and el.attrs.get("content"):
            return _PAGE_PART.sub("", el.attrs["content"]).rstrip("/")
    return None


def _title(root: Element) -> str | None:
    """The thread title: the board's title element, else the page's first heading, else its ``<title>``."""
    for match in (
        has_class("p-title-value", "topic-title", "threadtitle"),
        lambda el: el.tag == "h1",
        lambda el: el.tag == "title",
    ):
        if text := _first_text(root, match):
            return text
    return None


def _post(board: Board, el: Element, position: int, source: str, tid: str) -> Post:
    body = board.body(el)
    if body is None:
        raise ValueError("post has no body element")
    converted = html_to_text(body)
    text, attrs = converted.text, {SOURCE_ID: board.key(el), "board": board.name}
    quotes = as_quotes(converted.quotes, lambda key: post_id(source, board.quote_key(key)))
    closing = None
    signature = board.signature(el)
    if signature is not None and (sig := html_to_text(signature).text):
        closing_start = len(text) + 2 if text else 0
        text = f"{text}\n\n{sig}" if text else sig
        closing = TextExtent(closing_start, len(text))
    created = board.created(el)
    if created is None and (date_text := board.date_text(el)):
        attrs["date_text"] = date_text
    first = converted.quotes[0] if converted.quotes else None
    digits = _DIGITS.findall(board.key(el))
    return Post(
        id=post_id(source, board.key(el)),
        thread_id=tid,
        position=int(digits[-1]) if digits else position,
        text=text,
        author=board.author(el),
        addressee=first.author if first else None,
        parent_id=post_id(source, board.quote_key(first.post)) if first and first.post else None,
        created=created,
        attrs=attrs,
        context=PostContext(quotes=quotes, closing=closing, status=placeholder_status(converted.text)),
    )


def board_of(root: Element) -> tuple[Board, list[Element]] | None:
    """The board software a page comes from and its post elements, or None for a page with no posts."""
    for board in BOARDS:
        if posts := root.find_all(board.is_post):
            return board, posts
    return None


def read_forum_html(path: Path, ctx: ReadContext) -> Iterator[Thread]:
    """The posts of one saved thread page; posts without a body are reported and left out."""
    try:
        markup = path.read_bytes().decode("utf-8", errors="replace")
    except OSError as e:
        ctx.report(Problem(str(path), "", f"cannot read ({e.strerror})"))
        return
    root = parse_html(markup)
    found = board_of(root)
    if found is None:
        ctx.report(Problem(str(path), "", "no phpBB, vBulletin or XenForo posts found in this page"))
        return
    board, elements = found
    canonical = _canonical(root)
    source = ctx.source or (urlsplit(canonical).hostname if canonical else None) or DEFAULT_SOURCE
    title = _title(root)
    tid = thread_id(source, canonical or title or path.name)
    posts: list[Post] = []
    for i, el in enumerate(elements):
        try:
            posts.append(_post(board, el, i, source, tid))
        except (ValueError, IndexError, KeyError, RecursionError) as e:
            ctx.report(Problem(str(path), f"post {i + 1} ({board.name})", f"unreadable post ({e})"))
    ctx.progress(path.stat().st_size)
    if posts:
        yield Thread(id=tid, source=source, posts=tuple(posts), title=title, url=canonical)
