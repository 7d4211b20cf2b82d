"""What a forum engine's reader knows of its pages: where posts, writers, dates, bodies and signatures are.

One :class:`Board` per engine (or per engine generation whose markup differs); the saved-page reader tries
them in turn and the first whose posts a page contains reads it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from anecdata.ingest.forum_markup import text_of
from anecdata.ingest.html_tree import Element

_SITE_SEPARATORS = re.compile(r"\s+(?:[-|•»·–—:]|&bull;)\s+")
_PAGE_SUFFIX = re.compile(r"\s*[-|,]?\s*\bPage\s+\d+\b.*$", re.I)
_VIEW_TOPIC = re.compile(
    r"\s(?:View topic|View thread|Thema anzeigen|Voir le sujet|Ver tema|Visualizza (?:topic|argomento)|Ver tópico|"
    r"Bekijk onderwerp)\s+-\s+(?P<title>.+)$",
    re.I,
)
"""phpBB 2's and 3.0's ``<title>``, "SITE :: View topic - TOPIC" / "SITE • View topic - TOPIC": all after the
label is the thread's, its own " - " included."""


def _no_element(_: Element) -> None:
    return None


def _no_date(_: Element) -> tuple[str | None, str | None]:
    return None, None


def _unchanged(body: Element) -> Element:
    return body


@dataclass(frozen=True, slots=True)
class Board:
    """How one engine marks a thread page: getters over its element tree.

    ``date`` gives a post's date as the page holds it: a machine value (Unix time or ISO 8601, from an
    attribute) and the text it shows. ``prepare`` rewrites a post body into the shape :mod:`html_text` reads
    (see :mod:`forum_markup`). ``address`` finds the thread's address on a page with no canonical link, so
    the saved pages of one board do not all merge into one thread.
    """

    name: str
    is_post: Callable[[Element], bool]
    key: Callable[[Element], str]
    body: Callable[[Element], Element | None]
    author: Callable[[Element], str | None]
    quote_key: Callable[[str], str]
    """The source id of a quoted post from the id a quote gives (phpBB ``1230`` → ``p1230``)."""
    date: Callable[[Element], tuple[str | None, str | None]] = _no_date
    signature: Callable[[Element], Element | None] = _no_element
    prepare: Callable[[Element], Element] = _unchanged
    title: Callable[[Element], str | None] = _no_element
    address: Callable[[Element], str | None] = _no_element
    posts: Callable[[Element], list[Element]] | None = None
    """The page's posts, where the engine has no element per post (phpBB's subsilver2 spreads a post over
    table rows): each gathered under one element. None: the elements ``is_post`` accepts."""

    def find_posts(self, root: Element) -> list[Element]:
        """The page's post elements."""
        return self.posts(root) if self.posts is not None else root.find_all(self.is_post)


def page_title(root: Element) -> str | None:
    """The thread title from the page's ``<title>``, without the site's name or the page number.

    "Site • Thread", "Thread - Page 3 - Site", "Thread | Page 54 | Site": the longest part is the thread's;
    "Site • View topic - Thread": all after the label.
    """
    title = text_of(root.find(lambda el: el.tag == "title"))
    if not title:
        return None
    if m := _VIEW_TOPIC.search(title):
        return _PAGE_SUFFIX.sub("", m["title"]).strip() or title
    parts = [_PAGE_SUFFIX.sub("", p).strip() for p in _SITE_SEPARATORS.split(title)]
    parts = [p for p in parts if p and not re.fullmatch(r"Page \d+", p, re.I)]
    return max(parts, key=len) if parts else title
