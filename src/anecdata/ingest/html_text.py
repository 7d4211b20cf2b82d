"""HTML to plain text for reading: paragraphs, line breaks, lists and quotes kept, nothing rendered.

Quoted earlier posts become ``> `` lines under a ``NAME wrote:`` line, the way people quote in e-mail, and
their extent is returned, so the post's own words are everything outside the quote spans. Offsets in the
returned spans index the returned text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from anecdata.ingest.html_tree import Element
from anecdata.model import Quote

BLOCK_TAGS = frozenset(
    "address article aside blockquote dd details div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 "
    "h6 header hr main nav ol p pre section summary table ul".split()
)
LINE_TAGS = frozenset("li tr br".split())
HIDDEN_CLASSES = frozenset(
    "bbCodeBlock-expandLink sr-only quote-controls bbcode_quote_container lightbox-meta meta poll-info".split()
)
"""Page furniture inside post bodies ("Click to expand...", screen-reader labels, image metadata, the count of
a Discourse poll's voters)."""
QUOTE_CLASSES = frozenset("quote bbcode_quote".split())
NOT_QUOTE_CLASSES = frozenset("postcontent signature messageText".split())
"""vBulletin and XenForo 1 wrap a whole post (or its signature) in ``<blockquote>``: those are not quotes."""
ATTRIBUTION_CLASSES = frozenset("bbCodeBlock-title bbcode_postedby title".split())
NORMALISED_QUOTE = "data-anecdata-quote"
"""Marks a quote a forum engine's reader already rewrote: its writer and post are in its attributes, and any
attribution-like element inside it belongs to a nested quote, not to it."""
_WROTE = re.compile(r"^\s*(?:originally\s+posted\s+by\s+)?(?P<name>.+?)(?:\s+(?:wrote|said)\b.*|:)?\s*$", re.I | re.S)
_SPACE = re.compile(r"\s+")
_ZERO_WIDTH = "\u200b"
_PLACEHOLDER_ALT = re.compile(
    r"^(?:image|img|picture|photo|attachment|attached image|view attachment|bild|anhang)$"
    r"|\.(?:png|jpe?g|gif|webp|bmp|heic|tiff?)$|^\[(?:image|img|bild)\s*:[^\]]*\]$",
    re.I,
)
"""An image's alt that only says it is an image ("Image", "Zrzut ekranu.png", MyBB's "[Image: pic.jpg]"): not
words of the post, unlike a smiley's ":)" or a writer's own description."""
_TEX_IMAGE = re.compile(r"/(?:mimetex|mathtex)\.cgi$|^latex\.codecogs\.com$", re.I)
"""A formula drawn by a TeX image service (a board's ``[tex]`` or ``[latex]`` code): its TeX is the image's query."""


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """A quoted earlier post in the text (half-open offsets), who wrote it and which post, where the page says."""

    start: int
    end: int
    author: str | None = None
    post: str | None = None


@dataclass(frozen=True, slots=True)
class HtmlText:
    """Text converted from HTML and the spans of the quotes in it."""

    text: str
    quotes: tuple[QuoteSpan, ...] = ()


def is_quote(el: Element) -> bool:
    """Whether ``el`` holds a quote of an earlier post (phpBB, vBulletin, XenForo and Discourse markup)."""
    if el.tag == "blockquote":
        return not el.classes & NOT_QUOTE_CLASSES
    return el.tag in ("aside", "div") and bool(el.classes & QUOTE_CLASSES)


def _attribution(quote: Element) -> Element | None:
    """The element naming the quoted author (phpBB ``<cite>``, XenForo and Discourse titles, vBulletin's)."""
    if NORMALISED_QUOTE in quote.attrs:
        return None
    return quote.find(lambda el: el is not quote and (el.tag == "cite" or bool(el.classes & ATTRIBUTION_CLASSES)))


def _quote_author(quote: Element, attribution: Element | None) -> str | None:
    for key in ("data-username", "data-quote", "data-author"):
        if quote.attrs.get(key):
            return quote.attrs[key].strip()
    if attribution is None:
        return None
    if strong := attribution.find(lambda el: el.tag in ("strong", "b")):
        return strong.text_content() or None
    if link := attribution.find(lambda el: el.tag == "a" and bool(el.text_content().strip("↑ "))):
        return link.text_content()
    m = _WROTE.match(attribution.text_content())
    return m["name"].strip() if m and m["name"].strip() else None


def _quote_post(quote: Element, attribution: Element | None) -> str | None:
    """The quoted post's id as the page gives it (Discourse post number, phpBB or XenForo post id)."""
    for el in (quote, *(attribution.iter() if attribution is not None else ())):
        for key in ("data-post-id", "data-source", "data-post"):
            if el.attrs.get(key):
                return el.attrs[key].replace("post:", "").strip()
    return None


class _Writer:
    """Appends text with collapsed whitespace, lazy line/paragraph breaks and a quote prefix per line."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.breaks = 0
        self.space = False
        self.prefix = ""
        self.marker = ""
        self.line_start = True
        self.fresh = False
        self.trailing = 0
        """Line breaks already at the end of the text: a ``<br>`` before a block's break is not a second one."""

    def _put(self, s: str) -> None:
        self.parts.append(s)
        self.length += len(s)
        if s == "\n":
            self.trailing += 1
        elif s.strip(" >"):
            self.trailing = 0

    def block(self, breaks: int) -> None:
        self.breaks = max(self.breaks, breaks)

    def flush(self, hard: bool = False) -> None:
        """Write pending breaks, so what comes next starts where its span should; blank lines keep the prefix.

        Right after a quote's first line nothing more is written: its first paragraph follows on the next line.
        A ``hard`` break (``<br>``) is always written; a block's breaks count those already written.
        """
        if self.length and not self.fresh:
            for _ in range(self.breaks if hard else max(0, self.breaks - self.trailing)):
                if self.line_start:
                    self._put(self.prefix.rstrip())
                self._put("\n")
                self.line_start = True
        self.breaks = 0
        self.space = False

    def start_block(self) -> None:
        """Break the line now and drop the breaks the next element asks for (a quote's first paragraph)."""
        self.block(1)
        self.flush()
        self.fresh = True

    def text(self, data: str, pre: bool = False) -> None:
        data = data.replace(_ZERO_WIDTH, "")  # XenForo 2 ends each heading with one (&#8203;): no one's words
        if not pre:
            data = _SPACE.sub(" ", data)
            if not data.strip():
                self.space = self.space or (bool(data) and not self.line_start)
                return
            lead, data, trail = data[0] == " ", data.strip(), data[-1] == " "
        else:
            lead = trail = False
        if self.breaks:
            self.flush()
        for i, line in enumerate(data.split("\n")):
            if i:
                self._put("\n")
                self.line_start = True
            if self.line_start:
                self._put(self.prefix + self.marker)
                self.marker = ""
                self.line_start = False
                self.fresh = False
            elif (lead or self.space) and i == 0:
                self._put(" ")
            self._put(line)
        self.space = trail

    def value(self) -> str:
        return "".join(self.parts).rstrip()


def html_to_text(root: Element) -> HtmlText:
    """Text of ``root``'s content with block structure kept and quotes marked (see the module docstring)."""
    out = _Writer()
    quotes: list[QuoteSpan] = []
    _render(root, out, quotes)
    text = out.value()
    return HtmlText(text, tuple(q for q in quotes if q.end <= len(text)))


def _render(root: Element, out: _Writer, quotes: list[QuoteSpan]) -> None:
    """Write ``root`` with an explicit stack, not recursion: a post's nesting depth is the writer's choice.

    The stack holds what is left to do, last first: an element to enter (with its depth and the attribution
    element to skip inside a quote), a text to write, and the work after an element's children (its closing
    break, or the end of a quote).
    """
    todo: list[tuple[Any, ...]] = [("enter", root, 0, None, False)]
    while todo:
        step = todo.pop()
        if step[0] == "text":
            out.text(step[1], pre=step[2])
        elif step[0] == "block":
            out.block(step[1])
        elif step[0] == "end_quote":
            _end_quote(out, quotes, *step[1:])
        else:
            _enter(step[1], out, todo, step[2], step[3], step[4])


def _enter(
    el: Element, out: _Writer, todo: list[tuple[Any, ...]], depth: int, skip: Element | None, pre: bool = False
) -> None:
    """``pre``: inside a ``<pre>``, where the text keeps its spaces and line breaks (``<pre><code>`` too)."""
    if el.classes & HIDDEN_CLASSES or el is skip:
        return
    if el.tag == "br":
        out.block(1)
        out.flush(hard=True)
        return
    if el.tag == "img":
        if (alt := el.attrs.get("alt", "").strip()) and not _PLACEHOLDER_ALT.search(alt):
            out.text(alt)
        elif tex := _tex(el.attrs.get("src", "")):
            out.text(tex)
        return
    if depth and is_quote(el):
        _start_quote(el, out, todo, depth)
        return
    block = 2 if el.tag in BLOCK_TAGS else 1 if el.tag in LINE_TAGS else 0
    out.block(block)
    if el.tag == "li":
        out.marker = "- "
    todo.append(("block", block))
    pre = pre or el.tag == "pre"
    for child in reversed(el.children):
        if isinstance(child, str):
            todo.append(("text", child, pre))
        else:
            todo.append(("enter", child, depth + 1, skip, pre))


def _tex(src: str) -> str | None:
    """The TeX of a formula image ``/cgi-bin/mimetex.cgi?f(z)=\\exp(z)-1``, or None for any other image."""
    parts = urlsplit(src.strip())
    if not parts.query or not (_TEX_IMAGE.search(parts.path) or _TEX_IMAGE.search(parts.hostname or "")):
        return None
    return " ".join(unquote(parts.query).split()) or None


def _start_quote(quote: Element, out: _Writer, todo: list[tuple[Any, ...]], depth: int) -> None:
    attribution = _attribution(quote)
    author = _quote_author(quote, attribution)
    outer = not out.prefix
    out.block(2)
    out.flush()
    out.fresh = True
    start = out.length
    if author:
        out.text(f"{author} wrote:")
        out.start_block()
    out.prefix += "> "
    todo.append(("end_quote", outer, start, author, _quote_post(quote, attribution)))
    for child in reversed(quote.children):
        if isinstance(child, str):
            todo.append(("text", child, False))
        elif child.tag == "blockquote" and quote.tag != "blockquote":
            # Discourse's <aside class="quote"> wraps the quoted words in a plain <blockquote>: one quote, not two.
            todo.append(("enter", Element("#transparent", {}, child.children), depth + 1, attribution, False))
        else:
            todo.append(("enter", child, depth + 1, attribution, False))


def _end_quote(
    out: _Writer, quotes: list[QuoteSpan], outer: bool, start: int, author: str | None, post: str | None
) -> None:
    out.prefix = out.prefix[:-2]
    if outer:
        quotes.append(QuoteSpan(start, len("".join(out.parts).rstrip()), author, post))
    out.fresh = False  # a quote with no text (an image only) still ends its paragraph: what follows is not in it
    out.block(2)


def as_quotes(spans: tuple[QuoteSpan, ...], post_of: Callable[[str], str]) -> tuple[Quote, ...]:
    """Quote spans as a post's context holds them; ``post_of`` turns the id a page gives a quoted post into
    that post's id."""
    return tuple(Quote(q.start, q.end, author=q.author, post_id=post_of(q.post) if q.post else None) for q in spans)
