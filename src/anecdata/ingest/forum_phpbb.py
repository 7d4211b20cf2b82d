"""phpBB thread pages: 3.0 (prosilver, subsilver2 posts), 3.1–3.3 (prosilver) and 2 (subSilver).

phpBB 3 marks a post ``div.post#pNNN``: the writer and date sit in ``p.author`` (a ``div.author`` in some
themes: "by <strong>NAME</strong> » DATE" in 3.0, a ``<time datetime>`` from 3.2), the body in ``div.content``,
the signature in ``div.signature``. Quotes are ``<blockquote>`` with a ``<cite>`` ("NAME wrote:", and from 3.2
a link to the quoted post). phpBB 2 has no post element: a post is the table row whose cell holds ``span.name``,
and its signature follows a ``_________________`` line inside the body, or in a cell of its own below it in
some themes.
"""

from __future__ import annotations

import re

from anecdata.ingest.forum_board import Board, page_title
from anecdata.ingest.forum_markup import WROTE, classed, own, post_number, quote, rewrite, script_address, text_of
from anecdata.ingest.html_text import NOT_QUOTE_CLASSES
from anecdata.ingest.html_tree import Element, has_class

_POST_ID = re.compile(r"p\d+")
_SIGNATURE_LINE = re.compile(r"^\s*_{5,}\s*$")


def _author_line(post: Element) -> Element | None:
    """prosilver's ``p.author``; a theme may make it a ``div.author`` (a Bootstrap style of phpBB 3.0)."""
    return post.find(lambda el: el.tag in ("p", "div") and "author" in el.classes)


def _author(post: Element) -> str | None:
    line = _author_line(post)
    if line is not None:
        named = line.find(has_class("username", "username-coloured")) or line.find(lambda el: el.tag == "strong")
        if name := text_of(named):
            return name
    profile = post.find(has_class("postprofile"))
    if profile is not None and (name := text_of(profile.find(has_class("username", "username-coloured")))):
        return name
    dt = profile.find(lambda el: el.tag == "dt") if profile is not None else None
    links = dt.find_all(lambda el: el.tag == "a" and bool(el.text_content())) if dt is not None else []
    return links[-1].text_content() if links else text_of(post.find(has_class("username", "username-coloured")))


def _date(post: Element) -> tuple[str | None, str | None]:
    line = _author_line(post)
    if line is None:
        return None, None
    if (time := line.find(lambda el: el.tag == "time")) is not None:
        return time.attrs.get("datetime"), time.text_content() or None
    text = line.text_content()
    return None, text.rsplit("»", 1)[-1].strip() if "»" in text else None


def _quote_of(el: Element) -> Element:
    cite = own(el, lambda e: e.tag == "cite", lambda e: e.tag == "blockquote")
    author = post = None
    if cite is not None:
        named = cite.find(lambda e: e.tag == "a" and "memberlist.php" in e.attrs.get("href", ""))
        m = WROTE.match(cite.text_content())
        author = text_of(named) or (m["name"] if m else None)
        link = cite.find(lambda e: e.tag == "a" and bool(e.attrs.get("data-post-id")))
        post = link.attrs["data-post-id"] if link is not None else post_number(el.attrs.get("cite"))
    content = rewrite(el, lambda e: None if e is cite else _rule(e))
    return quote(author, post, content.children)


def _rule(el: Element) -> Element | bool | None:
    if el.tag == "blockquote" and not el.classes & NOT_QUOTE_CLASSES:
        return _quote_of(el)
    if el.tag in ("p", "dt") and el.text_content().lower().startswith("code:"):
        return None  # the code box's "Code: Select all" header
    if el.tag == "img" and el.attrs.get("alt", "").strip().lower() == "image":
        return None  # phpBB writes alt="Image" for every [img]: not words of the post
    if el.classes & {"inline-attachment", "attachbox"} or (el.tag == "dl" and el.classes & {"file", "thumbnail"}):
        return None  # an attachment's file name, size and "Viewed 12 times"
    return True


def prepare(body: Element) -> Element:
    """A phpBB 3 body with quotes in the one shape and code-box headers and image placeholders gone."""
    return rewrite(body, _rule)


_address = script_address("viewtopic.php")


def _title(root: Element) -> str | None:
    heading = root.find(has_class("topic-title")) or root.find(
        lambda el: (
            el.tag == "h2"
            and el.find(lambda a: a.tag == "a" and "viewtopic.php" in a.attrs.get("href", "")) is not None
        )
    )
    return text_of(heading) or page_title(root)


PHPBB3 = Board(
    name="phpbb",
    is_post=lambda el: el.tag == "div" and "post" in el.classes and bool(_POST_ID.fullmatch(el.attrs.get("id", ""))),
    key=lambda el: el.attrs["id"],
    body=lambda el: el.find(lambda e: e.tag == "div" and "content" in e.classes),
    author=_author,
    date=_date,
    signature=lambda el: el.find(has_class("signature")),
    prepare=prepare,
    quote_key=lambda q: f"p{q}",
    title=_title,
    address=_address,
)


# phpBB 2 (subSilver): a post is the row whose first cell holds span.name.


def _is_post2(el: Element) -> bool:
    if el.tag != "tr":
        return False
    cells = [c for c in el.children if isinstance(c, Element) and c.tag == "td"]
    return len(cells) >= 2 and any(isinstance(c, Element) and "name" in c.classes for c in cells[0].children)


def _key2(row: Element) -> str:
    anchor = row.find(lambda el: el.tag == "a" and el.attrs.get("name", "").isdigit())
    return f"p{anchor.attrs['name']}" if anchor is not None else "p0"


def _body2(row: Element) -> Element | None:
    bodies = row.find_all(has_class("postbody"))
    if not bodies:
        return None
    body, _ = _split_signature2(bodies[0])
    return body


def _signature2(row: Element) -> Element | None:
    """The signature after the ``_________________`` line: in the body, or in a cell of its own below the body
    (a theme's ``td.genmed``)."""
    bodies = row.find_all(has_class("postbody"))
    if not bodies:
        return None
    if (signature := _split_signature2(bodies[0])[1]) is not None:
        return signature
    cell = own(
        row,
        lambda el: el.tag == "td" and any(isinstance(c, str) and _SIGNATURE_LINE.match(c) for c in el.children),
        lambda el: el is bodies[0],
    )
    return _split_signature2(cell)[1] if cell is not None else None


def _split_signature2(body: Element) -> tuple[Element, Element | None]:
    """The body before the ``_________________`` line and the signature after it."""
    for i, child in enumerate(body.children):
        if isinstance(child, str) and _SIGNATURE_LINE.match(child):
            return Element(body.tag, body.attrs, body.children[:i]), Element("div", {}, body.children[i + 1 :])
    return body, None


def _date2(row: Element) -> tuple[str | None, str | None]:
    """ "Posted: DATE" before the subject, in the message cell's header."""
    cells = [c for c in row.children if isinstance(c, Element) and c.tag == "td"]
    details = cells[-1].find(has_class("postdetails")) if cells else None
    first = next((c for c in details.children if isinstance(c, str) and ":" in c), None) if details else None
    return None, first.split(":", 1)[1].strip() or None if first else None


def _rule2(el: Element) -> Element | bool | None:
    if el.tag == "table" and (cell := el.find(lambda e: e.tag == "td" and "quote" in e.classes)) is not None:
        label = text_of(el.find(lambda e: e.tag == "b")) or ""
        m = WROTE.match(label)
        return quote(m["name"] if m else None, None, [rewrite(cell, _rule2)])
    if el.tag == "table" and el.find(lambda e: e.tag == "td" and "code" in e.classes) is not None:
        return rewrite(Element("div", {}, [el.find(classed("code"))]), _rule2)  # type: ignore[list-item]
    return True


PHPBB2 = Board(
    name="phpbb2",
    is_post=_is_post2,
    key=_key2,
    body=_body2,
    author=lambda row: text_of(row.find(has_class("name"))),
    date=_date2,
    signature=_signature2,
    prepare=lambda body: rewrite(body, _rule2),
    quote_key=lambda q: f"p{q}",
    title=lambda root: text_of(root.find(has_class("maintitle"))) or page_title(root),
    address=_address,
)


# phpBB 3.0 / 3.1 subsilver2: a post is the run of table rows from the one naming its writer (b.postauthor)
# to the next; quotes are a div.quotetitle ("NAME wrote:") followed by a div.quotecontent.


def _rows(root: Element) -> list[Element]:
    posts: list[Element] = []
    for table in root.find_all(lambda el: el.tag == "table" and "tablebg" in el.classes):
        current: list[Element | str] | None = None
        rows = [c for c in table.children if isinstance(c, Element) and c.tag == "tr"]
        rows += [
            r
            for body in table.children
            if isinstance(body, Element) and body.tag == "tbody"
            for r in body.children
            if isinstance(r, Element) and r.tag == "tr"
        ]
        for row in rows:
            if row.find(has_class("postauthor")) is not None and not row.find_all(
                lambda t: t.tag == "table" and "tablebg" in t.classes
            ):
                current = [row]
                posts.append(Element("#post", {}, current))
            elif current is not None:
                current.append(row)
    return posts


def _body_ss2(post: Element) -> Element | None:
    return post.find(lambda el: el.tag == "div" and "postbody" in el.classes)


def _signature_ss2(post: Element) -> Element | None:
    sig = post.find(lambda el: el.tag == "span" and "postbody" in el.classes)
    return _split_signature2(sig)[1] if sig is not None else None


def _date_ss2(post: Element) -> tuple[str | None, str | None]:
    label = post.find(lambda el: el.tag == "b" and el.text_content().rstrip(":").lower() in ("posted", "verfasst"))
    if label is None:
        return None, None
    holder = post.find(lambda el: el.tag == "div" and any(c is label for c in el.children))
    text = "".join(c for c in (holder.children if holder else []) if isinstance(c, str))
    return None, text.strip() or None


def _prepare_ss2(body: Element) -> Element:
    children: list[Element | str] = []
    title: Element | None = None
    for child in body.children:
        if isinstance(child, Element) and "quotetitle" in child.classes:
            title = child
            continue
        if isinstance(child, Element) and "codetitle" in child.classes:
            continue
        if isinstance(child, Element) and "quotecontent" in child.classes:
            m = WROTE.match(title.text_content()) if title is not None else None
            children.append(quote(m["name"] if m else None, None, _prepare_ss2(child).children))
            title = None
            continue
        children.append(_prepare_ss2(child) if isinstance(child, Element) else child)
    return Element(body.tag, body.attrs, children)


def _key_ss2(post: Element) -> str:
    anchor = post.find(lambda el: el.tag == "a" and bool(_POST_ID.fullmatch(el.attrs.get("name", ""))))
    return anchor.attrs["name"] if anchor is not None else "p0"


PHPBB_SUBSILVER2 = Board(
    name="phpbb",
    is_post=lambda el: False,
    posts=_rows,
    key=_key_ss2,
    body=_body_ss2,
    author=lambda post: text_of(post.find(has_class("postauthor"))),
    date=_date_ss2,
    signature=_signature_ss2,
    prepare=_prepare_ss2,
    quote_key=lambda q: f"p{q}",
    title=lambda root: text_of(root.find(lambda el: el.tag == "h2")) or page_title(root),
    address=_address,
)
