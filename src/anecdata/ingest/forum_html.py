"""Saved HTML pages of forum threads: posts, writers, dates, quotes and signatures, whichever engine made them.

Each engine marks a post, its writer and its body its own way; a :class:`Board` per engine names them, and the
first board whose posts a page contains reads it. Quotes of earlier posts stay in the text as ``> `` lines and
are marked as quotes in the post's context, so the post's own words are told apart; a signature follows the
body and is the context's closing. A page of a long thread is one part of that thread: pages share the thread
id derived from the thread's address (the canonical link, else the address the saving tool recorded, else the
engine's own link to the thread), without its page number. Dates are read by :mod:`forum_dates`: in UTC where
the page says its zone, else local time marked so, and relative ones against the page's own date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, tzinfo
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from anecdata.ingest.forum_board import Board, page_title
from anecdata.ingest.forum_dates import PostDate, board_zone, from_machine, from_text, saved_at
from anecdata.ingest.forum_engines import BOARDS
from anecdata.ingest.html_text import as_quotes, html_to_text
from anecdata.ingest.html_tree import Element, parse_html
from anecdata.ingest.layout import placeholder_status
from anecdata.ingest.source import Problem, ReadContext, post_id, thread_id
from anecdata.model import SOURCE_ID, Post, PostContext, TextExtent, Thread

DEFAULT_SOURCE = "forum"
"""Source name for a page that names no absolute address (and no ``--source`` was given)."""
_PAGE_PART = re.compile(r"(?:/page-?\d+|[?&;](?:start|page|s|sid)=[^&;#]*|#.*$)", re.I)
_DIGITS = re.compile(r"\d+")
_NODEBB_INDEX = re.compile(r"(/topic/\d+/[^/?#]+)/\d+$")
"""NodeBB addresses a topic at a post's index (``/topic/13803/slug/6``)."""
_DISCOURSE_POST = re.compile(r"(/t/[^/?#]+/\d+)/\d+$")
"""Discourse addresses a topic at a post's number (``/t/slug/739028/3``)."""
_VBSEO_PAGE = re.compile(r"(/\d+-[^/]+?)-\d+\.html$")
"""vBSEO addresses page N of thread 122760 as ``/forum/122760-slug-N.html``."""
_SMF_START = re.compile(r"([?&;]topic=\d+)\.(?:msg)?\d+")
"""SMF addresses a page of topic 5 by its first reply (``topic=5.20``) or a message (``topic=5.msg12``)."""
_SAVED_FROM = re.compile(
    r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->|Page saved with SingleFile\s+url:\s*(\S+)"
    r"|<!--\s*Mirrored from (\S+) by HTTrack|__wm\.wombat\(\"([^\"]+)\"",
    re.I,
)
"""The page's address as the browser ("saved from url="), SingleFile ("url: ..."), HTTrack ("Mirrored from
HOST/PATH by HTTrack", without its scheme) or the Wayback Machine (its script's ``__wm.wombat("URL", ...)``)
recorded it."""
_WAYBACK = re.compile(r"^(?:https?://web\.archive\.org)?/web/\d{1,14}(?:[a-z]{2}_)?/(?=https?:)", re.I)
"""A Wayback Machine copy's link to the archived address ("/web/20040301125239/http://host/...")."""
_OFFSET = re.compile(r"(?:UTC|GMT)\s*[+-]\s*\d{1,2}(?::\d{2})?")
_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)
_DATE_AND_TIME = re.compile(
    r"(?:\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\b\d{4}-\d{2}-\d{2}|\b(?:today|yesterday|heute|gestern))\b,?\s+(?:at\s+|um\s+)?"
    r"\d{1,2}:\d{2}(?:\s*[ap]m\b)?",
    re.I,
)
""""A date and a time ("03.03.2011, 14:17", "Today, 03:03 PM"): a join date shows no time, a post date does."""


def _decode(raw: bytes) -> str:
    """The page's text: UTF-8 when its bytes are UTF-8 (a browser's "save as" re-encodes, whatever the page's
    meta says), else the charset the page declares, else Windows-1252, as browsers read "ISO-8859-1"."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _CHARSET.search(raw[:4096])
    name = declared[1].decode("ascii").lower() if declared else "windows-1252"
    name = "windows-1252" if name in ("iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii") else name
    try:
        return raw.decode(name, errors="replace")
    except LookupError:
        return raw.decode("windows-1252", errors="replace")


def _canonical(root: Element) -> str | None:
    for el in root.iter():
        if el.tag == "link" and el.attrs.get("rel", "").lower() == "canonical" and el.attrs.get("href"):
            return thread_address(el.attrs["href"])
        if el.tag == "meta" and el.attrs.get("property") == "og:url" and el.attrs.get("content"):
            return thread_address(el.attrs["content"])
    return None


def _address(board: Board, root: Element, markup: str) -> tuple[str | None, str | None]:
    """The thread's address and the site's host name: the canonical link, else the address the saving tool
    recorded, else the engine's own link to the thread; made absolute against the page's ``<base>``, and the
    host taken from a link the board marks as its own (phpBB's ``postlink-local``) when nothing else names it."""
    base = next((el.attrs["href"] for el in root.iter() if el.tag == "base" and el.attrs.get("href")), None)
    saved = _SAVED_FROM.search(markup[:20000])
    recorded = (saved[1] or saved[2] or saved[4] or _with_scheme(saved[3])) if saved else None
    found = _canonical(root) or (thread_address(recorded) if recorded else None)
    if found is None and (engine := board.address(root)):
        found = thread_address(engine)
    base = base or recorded  # a mirror's relative links are relative to the address it was mirrored from
    if found is not None and base and not urlsplit(found).hostname:
        found = urljoin(base, found)
    host = urlsplit(found).hostname if found else None
    if host is None:
        local = root.find(lambda el: el.tag == "a" and "postlink-local" in el.classes and bool(el.attrs.get("href")))
        host = urlsplit(base or (local.attrs["href"] if local is not None else "")).hostname
    return found, host


def _with_scheme(address: str) -> str:
    """HTTrack's "www.example.org/forum/viewtopic.php?t=5", with the scheme it leaves out."""
    return address if "://" in address else f"http://{address}"


def thread_address(href: str) -> str:
    """The address without page number, session id or fragment, so every page of a thread gives the same."""
    address = _PAGE_PART.sub("", _WAYBACK.sub("", href)).rstrip("/")
    address = _NODEBB_INDEX.sub(r"\1", address)
    address = _DISCOURSE_POST.sub(r"\1", address)
    address = _VBSEO_PAGE.sub(r"\1.html", address)
    address = _SMF_START.sub(r"\1", address)
    return address.replace("?&", "?").rstrip("?")


def _title(board: Board, root: Element) -> str | None:
    """The thread title: the engine's title element, else the page's ``<title>`` without the site's name."""
    return board.title(root) or page_title(root)


def _zone_name(root: Element) -> str | None:
    """The zone a phpBB 3.1+ footer names in the ``title`` of its offset ("UTC+02:00")."""
    found = root.find(lambda el: bool(el.attrs.get("title")) and bool(_OFFSET.fullmatch(el.text_content())))
    return found.attrs["title"] if found is not None else None


def _date(board: Board, el: Element, zone: tzinfo | None, saved: datetime | None) -> PostDate | None:
    machine, text = board.date(el)
    if machine is None and text is None:
        text = _date_in_text(el, board.body(el))
    return from_machine(machine, text) or from_text(text, zone, saved)


def _date_in_text(el: Element, body: Element | None) -> str | None:
    """The first date with a time in a post's own furniture (not its body), where a theme moved the engine's
    date element."""
    stack: list[Element | str] = [el]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            if m := _DATE_AND_TIME.search(" ".join(node.split())):
                return m[0]
        elif node is not body:
            stack.extend(reversed(node.children))
    return None


def _post(board: Board, el: Element, position: int, source: str, tid: str, when: PostDate | None) -> Post:
    body = board.body(el)
    if body is None:
        raise ValueError("post has no body element")
    converted = html_to_text(board.prepare(body))
    text, attrs = converted.text, {SOURCE_ID: board.key(el), "board": board.name}
    quotes = as_quotes(converted.quotes, lambda key: post_id(source, board.quote_key(key)))
    closing = None
    signature = board.signature(el)
    if signature is not None and (sig := html_to_text(board.prepare(signature))).text:
        closing_start = len(text) + 2 if text else 0
        text = f"{text}\n\n{sig.text}" if text else sig.text
        closing = TextExtent(closing_start, len(text))
        # a quote in a signature is someone else's words too; it answers no post of the thread
        shifted = tuple(replace(q, start=q.start + closing_start, end=q.end + closing_start) for q in sig.quotes)
        quotes += as_quotes(shifted, lambda key: post_id(source, board.quote_key(key)))
    if when is not None:
        attrs.update(when.attrs())
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
        created=when.created if when is not None else None,
        attrs=attrs,
        context=PostContext(quotes=quotes, closing=closing, status=placeholder_status(converted.text)),
    )


def board_of(root: Element) -> tuple[Board, list[Element]] | None:
    """The engine a page comes from and its post elements, or None for a page with no posts."""
    for board in BOARDS:
        if posts := board.find_posts(root):
            return board, posts
    return None


def read_forum_html(path: Path, ctx: ReadContext) -> Iterator[Thread]:
    """The posts of one saved thread page; posts without a body are reported and left out."""
    try:
        markup = _decode(path.read_bytes())
    except OSError as e:
        ctx.report(Problem(str(path), "", f"cannot read ({e.strerror})"))
        return
    root = parse_html(markup)
    found = board_of(root)
    if found is None:
        names = ", ".join(sorted({b.name for b in BOARDS}))
        ctx.report(Problem(str(path), "", f"no phpBB, vBulletin or XenForo posts found in this page (read: {names})"))
        return
    board, elements = found
    address, host = _address(board, root, markup)
    canonical = address if address and urlsplit(address).hostname else None
    source = ctx.source or host or DEFAULT_SOURCE
    title = _title(board, root)
    tid = thread_id(source, address or title or path.name)
    page_text = root.text_content()
    zone = board_zone(page_text, _zone_name(root))
    saved = saved_at(markup, page_text, zone)
    posts: list[Post] = []
    for i, el in enumerate(elements):
        try:
            posts.append(_post(board, el, i, source, tid, _date(board, el, zone, saved)))
        except (ValueError, IndexError, KeyError, RecursionError) as e:
            ctx.report(Problem(str(path), f"post {i + 1} ({board.name})", f"unreadable post ({e})"))
    ctx.progress(path.stat().st_size)
    if posts:
        yield Thread(id=tid, source=source, posts=tuple(posts), title=title, url=canonical if host else None)
