"""vBulletin thread pages: 3.x (tables), 4.x (``li.postcontainer``) and 5.x (``li.b-post``).

vBulletin 3 and 4 hold a body in ``#post_message_N``; 3 marks its quotes only by layout (a "Quote:" label over
a table whose first line reads "Originally Posted by <strong>NAME</strong>") and its signature by a
``__________________`` line; 4 and 5 use ``div.bbcode_quote`` with a ``bbcode_postedby`` line. A bare
``<blockquote>`` is the writer's ``[indent]``, not a quote. Dates are shown
as text in the board's zone ("06-15-2016, 03:03 PM", "Today, 03:03 PM"); vBulletin 5 also carries the Unix time.

vBulletin 3 and 4's archive (``archive/index.php/t-N.html``, "View Full Version") is a plain page: a post is
``div.post`` with the writer and date in ``div.posttop`` and the body in ``div.posttext``; posts have no ids and
no signatures, and quotes are the printable form of vBulletin 3's layout.
"""

from __future__ import annotations

import re

from anecdata.ingest.forum_board import Board, page_title
from anecdata.ingest.forum_markup import digits, direct_text, own, post_number, quote, rewrite, script_address, text_of
from anecdata.ingest.html_tree import Element, has_class

_POST_ID = re.compile(r"post_?\d+")
_MESSAGE_ID = re.compile(r"post_message_\d+")
_SIGNATURE_LINE = re.compile(r"^\s*_{5,}")


def _message(el: Element) -> Element | None:
    return el.find(lambda e: bool(_MESSAGE_ID.fullmatch(e.attrs.get("id", ""))))


def _is_message(el: Element) -> bool:
    return bool(_MESSAGE_ID.fullmatch(el.attrs.get("id", "")))


def _signature_line(el: Element) -> bool:
    return el.tag == "div" and not _is_message(el) and bool(_SIGNATURE_LINE.match(direct_text(el)))


def _is_post(el: Element) -> bool:
    return (
        bool(_POST_ID.fullmatch(el.attrs.get("id", "")))
        and el.tag in ("li", "table", "div")
        and (_message(el) is not None)
    )


def _author(el: Element) -> str | None:
    """The writer: vBulletin 4's ``.username``, 3's ``a.bigusername``, or a vBulletin 3 guest's bare name in
    the post's menu cell."""
    if name := text_of(el.find(has_class("username", "bigusername"))):
        return name
    menu = el.find(lambda e: e.attrs.get("id", "").startswith("postmenu_"))
    return " ".join(direct_text(menu).split()) or None if menu is not None else None


def _date(el: Element) -> tuple[str | None, str | None]:
    if (shown := el.find(has_class("postdate", "date"))) is not None:  # vBulletin 4
        return None, shown.text_content() or None
    anchor = f"post{digits(el.attrs.get('id', ''))}"
    cells = el.find_all(lambda e: e.tag == "td" and e.find(lambda a: a.attrs.get("name") == anchor) is not None)
    # vBulletin 3: the post's header cell (``td.thead``, or another class in a theme's postbit: Ubuntu Forums'
    # ``td.alt4``) holds the post's anchor and its date alone; the innermost cell holding the anchor
    return None, text_of(cells[-1]) if cells else None


def _signature(el: Element) -> Element | None:
    if (found := el.find(has_class("signaturecontainer", "signature"))) is not None:
        return found
    sig = own(el, _signature_line, _is_message)  # vBulletin 3: after a ____ line, never inside the body
    if sig is None:
        return None
    children = list(sig.children)
    first = next(i for i, c in enumerate(children) if isinstance(c, str) and _SIGNATURE_LINE.match(c))
    children[first] = _SIGNATURE_LINE.sub("", children[first])  # type: ignore[call-overload]
    return Element("div", {}, children)


def _postedby_line(quoted: Element) -> Element | None:
    """A quote's "Originally Posted by NAME" line (any language: the line naming a writer in ``<strong>``
    beside a link to the quoted post)."""
    return quoted.find(has_class("bbcode_postedby")) or quoted.find(
        lambda e: (
            e.tag == "div"
            and any(isinstance(c, Element) and c.tag in ("strong", "b") for c in e.children)
            and ("originally posted by" in direct_text(e).lower() or e.find(_post_link) is not None)
        )
    )


def _postedby(quoted: Element) -> tuple[str | None, str | None]:
    """The writer and post a quote's attribution line names."""
    line = _postedby_line(quoted)
    if line is None:
        return None, None
    link = line.find(_post_link)
    return text_of(line.find(lambda e: e.tag in ("strong", "b"))), post_number(link.attrs["href"]) if link else None


def _post_link(el: Element) -> bool:
    return el.tag == "a" and bool(post_number(el.attrs.get("href")))


def _quote4(el: Element) -> Element:
    author, post = _postedby(el)
    message = own(el, has_class("message"), has_class("bbcode_quote"))
    inner = message if message is not None else el
    content = rewrite(inner, lambda e: None if e.classes & {"bbcode_postedby", "bbcode_quote_container"} else _rule(e))
    return quote(author, post, content.children)


def _quote3(el: Element) -> Element | None:
    cell = el.find(lambda e: e.tag == "td")
    if cell is None:
        return None
    line = _postedby_line(cell)
    author, post = _postedby(cell)
    return quote(author, post, rewrite(cell, lambda e: None if e is line else _rule(e)).children)


def _box3(el: Element) -> str | None:
    """vBulletin 3's boxes: a ``div.smallfont`` label ("Quote:", "Zitat:", "Code:") over a table (a quote) or
    over the code; None for any other element."""
    elements = [c for c in el.children if isinstance(c, Element)]
    if el.tag != "div" or len(elements) < 2 or "smallfont" not in elements[0].classes:
        return None
    return "quote" if any(c.tag == "table" for c in elements[1:]) else "code"


def _rule(el: Element) -> Element | bool | None:
    if "bbcode_quote" in el.classes:
        return _quote4(el)
    if el.classes & {"bbcode_description", "bbcode_quote_container"}:
        return None  # "Code:" over a code box; the quote mark drawn before a quote
    box = _box3(el)
    if box == "quote":
        return _quote3(el)
    if box == "code":
        label = next(c for c in el.children if isinstance(c, Element))
        return rewrite(Element("div", {}, [c for c in el.children if c is not label]), _rule)
    if el.tag == "img" and el.attrs.get("alt", "").lower() in ("view post", "quote"):
        return None
    if el.tag == "blockquote" and not el.classes:
        # ``[indent]``: vBulletin draws its quotes in tables or ``div.bbcode_quote``, never in a bare blockquote
        return rewrite(Element("div", {}, el.children), _rule)
    return True


def prepare(body: Element) -> Element:
    """A vBulletin body with quotes in the one shape and code labels and "View Post" buttons gone."""
    return rewrite(body, _rule)


_address = script_address("showthread.php")


def _title(root: Element) -> str | None:
    if found := text_of(root.find(has_class("threadtitle"))):
        return found
    navbar = root.find(lambda e: e.tag == "td" and "navbar" in e.classes and e.find(lambda s: s.tag == "strong"))
    return text_of(navbar.find(lambda s: s.tag == "strong")) if navbar is not None else page_title(root)


VBULLETIN = Board(
    name="vbulletin",
    is_post=_is_post,
    key=lambda el: "post_" + digits(el.attrs["id"]),
    body=_message,
    author=_author,
    date=_date,
    signature=_signature,
    prepare=prepare,
    quote_key=lambda q: f"post_{q}",
    title=_title,
    address=_address,
)


def _archive_posts(root: Element) -> list[Element]:
    """The archive's posts, each under an element numbering it on the page (the archive gives posts no ids)."""
    found = root.find_all(
        lambda el: (
            el.tag == "div"
            and "post" in el.classes
            and el.find(has_class("posttop")) is not None
            and el.find(has_class("posttext")) is not None
        )
    )
    return [Element("#post", {"data-number": str(n)}, [el]) for n, el in enumerate(found, 1)]


def _archive_title(root: Element) -> str | None:
    """The navigation line's last part ("Board > Forum > TITLE"), else the ``<title>`` without "[Archive]"."""
    navbar = root.find(lambda e: e.attrs.get("id") == "navbar")
    parts = [c for c in navbar.children if isinstance(c, str) and c.strip("> \n\t")] if navbar is not None else []
    if last := " ".join("".join(parts[-1:]).split()).lstrip("> "):
        return last
    title = page_title(root)
    return title.replace("[Archive]", "").strip() if title else None


def _archive_address(root: Element) -> str | None:
    """The thread's address from the "View Full Version" link (absolute in the archive)."""
    full = root.find(lambda e: e.tag == "a" and "showthread.php" in e.attrs.get("href", ""))
    return full.attrs["href"] if full is not None else None


VBULLETIN_ARCHIVE = Board(
    name="vbulletin",
    is_post=lambda el: False,
    posts=_archive_posts,
    key=lambda el: "archive_" + el.attrs["data-number"],
    body=lambda el: el.find(has_class("posttext")),
    author=lambda el: text_of(el.find(has_class("username"))),
    date=lambda el: (None, text_of(el.find(has_class("date")))),
    prepare=prepare,
    quote_key=lambda q: f"post_{q}",
    title=_archive_title,
    address=_archive_address,
)


def _author5(el: Element) -> str | None:
    info = el.find(has_class("b-userinfo", "userinfo"))
    return text_of(info.find(has_class("author"))) if info is not None else None


def _title5(root: Element) -> str | None:
    """The heading of the page-title widget; an announcement widget above it has a "main-title" of its own."""
    widget = root.find(has_class("page-title-widget")) or root
    return text_of(widget.find(has_class("main-title")))


VBULLETIN5 = Board(
    name="vbulletin5",
    is_post=lambda el: "b-post" in el.classes and bool(el.attrs.get("data-node-id")),
    key=lambda el: "post_" + el.attrs["data-node-id"],
    body=lambda el: el.find(has_class("js-post__content-text")),
    author=_author5,
    date=lambda el: (
        el.attrs.get("data-node-publishdate"),
        text_of(el.find(lambda e: e.tag == "time")),
    ),
    signature=lambda el: el.find(has_class("post-signature")),
    prepare=prepare,
    quote_key=lambda q: f"post_{q}",
    title=_title5,
)
