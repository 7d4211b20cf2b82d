"""MyBB 1.8 thread pages (default theme's ``postbit`` / ``postbit_classic`` templates).

A post is ``div.post#post_N``: the writer in ``.author_information`` (or ``.post_author``), the date in
``span.post_date`` (a relative "Yesterday" or "2 hours ago" carries the full date in a ``title``), the body in
``div.post_body#pid_N``, the signature in ``div.signature`` (or after it, where a theme makes it a separator). A
quote is ``blockquote.mycode_quote`` whose
``<cite>`` reads "NAME Wrote:" with a link to the quoted post; a code box's title is ``div.title``.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urljoin, urlsplit

from anecdata.ingest.forum_board import Board
from anecdata.ingest.forum_markup import WROTE, digits, own, post_number, quote, rewrite, text_of
from anecdata.ingest.html_tree import Element, has_class

_POST_ID = re.compile(r"post_\d+")


def _author(el: Element) -> str | None:
    box = el.find(has_class("author_information", "post_author"))
    if box is None:
        return None
    member = box.find(lambda e: e.tag == "a" and "member.php" in e.attrs.get("href", ""))
    return text_of(member) or text_of(box.find(lambda e: e.tag == "strong"))  # a guest's name has no link


def _date(el: Element) -> tuple[str | None, str | None]:
    shown = el.find(has_class("post_date"))
    if shown is None:
        return None, None
    parts: list[str] = []
    for child in shown.children:
        if isinstance(child, str):
            parts.append(child)
        elif "post_edit" not in child.classes:  # "Yesterday" with its date in the title; not the edit note
            parts.append(child.attrs.get("title") or child.text_content())
    return None, " ".join("".join(parts).split()) or None


def _quote(el: Element) -> Element:
    cite = own(el, lambda e: e.tag == "cite", lambda e: e.tag == "blockquote")
    author = post = None
    if cite is not None:
        dated = cite.find(lambda e: e.tag == "span")  # "(01-05-2024, 10:00 AM)" before the name
        words = cite.text_content().replace(dated.text_content(), "") if dated is not None else cite.text_content()
        m = WROTE.match(words)
        author = m["name"] if m else None
        link = cite.find(lambda e: e.tag == "a" and bool(post_number(e.attrs.get("href"))))
        post = post_number(link.attrs["href"]) if link is not None else None
    return quote(author, post, rewrite(el, lambda e: None if e is cite else _rule(e)).children)


def _is_head(el: Element) -> bool:
    return el.tag == "td" and "thead" in el.classes and el.find(lambda s: s.tag == "strong") is not None


def _title(root: Element) -> str | None:
    """The subject in the thread's header cell (its last ``<strong>``; the first may be "Threaded Mode").

    The thread's header is the one with the "Threaded Mode" / "Linear Mode" link: header cells of a login box or
    of side boxes can come first on the page."""
    heads = root.find_all(_is_head)
    modes = [h for h in heads if h.find(lambda a: a.tag == "a" and "mode=" in a.attrs.get("href", ""))]
    head = (modes or heads or [None])[0]
    return text_of(head.find_all(lambda s: s.tag == "strong")[-1]) if head is not None else None


def _address(root: Element) -> str | None:
    """The thread as ``showthread.php?tid=N`` (for a page without a canonical link): the id from the page's
    "Print Thread" or "Reply" links, which name only this thread, made absolute against the board's address,
    which the header's RSS link (``BBURL/syndication.php``) gives."""
    hrefs = (el.attrs.get("href", "") for el in root.iter() if el.tag == "a")
    links = (h for h in hrefs if "printthread.php" in h or "newreply.php" in h)
    tid = next((t[0] for h in links if (t := parse_qs(urlsplit(h).query).get("tid"))), None)
    if tid is None:
        return None
    feed = root.find(lambda e: e.tag == "link" and e.attrs.get("href", "").endswith("/syndication.php"))
    return urljoin(feed.attrs["href"] if feed is not None else "", f"showthread.php?tid={tid}")


def _rule(el: Element) -> Element | bool | None:
    if el.tag == "blockquote" and "mycode_quote" in el.classes:
        return _quote(el)
    if "title" in el.classes and el.tag == "div":
        return None  # "Code:" / "PHP Code:" over a code box
    return True


def _signature(el: Element) -> Element | None:
    """``div.signature``; a theme may make it an empty separator (``div.signature.sig_sep``) followed by the
    signature's own element: then what follows it in its parent."""
    found = el.find(has_class("signature"))
    if found is None or found.text_content() or any(isinstance(c, Element) for c in found.children):
        return found
    parent = el.find(lambda e: any(c is found for c in e.children))
    after = parent.children[next(i for i, c in enumerate(parent.children) if c is found) + 1 :] if parent else []
    return Element("div", {}, after) if after else None


MYBB = Board(
    name="mybb",
    is_post=lambda el: (
        el.tag == "div"
        and bool(_POST_ID.fullmatch(el.attrs.get("id", "")))
        and el.find(has_class("post_body")) is not None
    ),
    key=lambda el: "pid" + digits(el.attrs["id"]),
    body=lambda el: el.find(has_class("post_body")),
    author=_author,
    date=_date,
    signature=_signature,
    prepare=lambda body: rewrite(body, _rule),
    quote_key=lambda q: f"pid{q}",
    title=_title,
    address=_address,
)
