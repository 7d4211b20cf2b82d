"""What a post's plain text shows of its layout: quoted extents, and a placeholder for a deleted or removed post.

Every reader of plain-text bodies (pasted threads, mail, Reddit, tabular exports) marks quotes by this one rule,
so quoted words are told apart from the quoter's own the same way whatever the source:

- a run of ``>`` lines (``&gt;`` where the source escapes HTML, as Reddit's dumps do), blank lines inside it
  included, with the attribution just before it ("Kim wrote:", "On Mon, 5 Jun 2023, Gwen <g@example.com>
  wrote:", often wrapped over two lines by mail clients);
- an attribution on a line of its own that is not followed by ``>`` lines, as forum pages copy out ("Quote:",
  "Originally Posted by Kim", "Quote from: Kim on …", "kim_r wrote:", "Kim said:"): the attribution and the
  paragraph after it, up to a blank line or a "Click to expand..." line, which ends it.

The text stays as written: quotes are marked, not cut. Each extent ends at its last quoted character.
"""

from __future__ import annotations

import re
from dataclasses import replace

from anecdata.model import Post, PostContext, Quote, TextExtent
from anecdata.people import is_plain_word, looks_like_name

PLACEHOLDER_BODIES = {
    "[deleted]": "deleted",
    "[deleted by user]": "deleted",
    "[removed]": "removed",
    "[removed by reddit]": "removed",
}
"""Bodies that stand for a post's text once its writer deleted it or a moderator removed it."""

_QUOTED = re.compile(r"^[ \t]*(?:>|&gt;)")
_ATTRIBUTION_END = re.compile(r"(?:wrote|writes|said)\s*:\s*$", re.I)
_ATTRIBUTION_NAME = re.compile(
    r"(?P<on>^On\b.*(?:\d{1,2}:\d{2}(?:\s*[AP]M)?|\d{4})\s*,?\s*)?(?P<name>[^,<>]*?)\s*(?P<address><[^<>]*>)?\s*"
    r"(?:wrote|writes|said)\s*:\s*$",
    re.I | re.S,
)
_QUOTE_LINE = re.compile(r"^[ \t]*quote[ \t]*:?[ \t]*$", re.I)
_POSTED_BY = re.compile(
    r"^[ \t]*(?:quote[ \t]*:?[ \t]*)?originally[ \t]+posted[ \t]+by[ \t]*:?[ \t]*(?P<name>\S.{0,40}?)[ \t]*:?[ \t]*$",
    re.I,
)
_QUOTE_FROM = re.compile(r"^[ \t]*quote[ \t]+from[ \t]*:[ \t]*(?P<name>\S.{0,40}?)(?:[ \t]+on[ \t].*)?[ \t]*$", re.I)
_WROTE_LINE = re.compile(r"^[ \t]*(?P<name>[\w.' -]{1,40}?)[ \t]+(?:wrote|said)[ \t]*:[ \t]*$", re.I)
_USERNAME = re.compile(r"[\w.-]+")
_EXPAND = re.compile(r"^[ \t]*click[ \t]+to[ \t]+expand\.*[ \t]*$", re.I)


def titled(post: Post, title: str | None) -> Post:
    """The thread's opening post with the thread's title before its text, marked as the title (as a Reddit
    submission reads "title\n\nbody"): the title is its writer's subject, so a condition or treatment named only
    there ("Frozen shoulder: hydrodilatation experiences?") is read and counted. Readers call it only for the post
    they know opens the thread (a Discourse post number 1, the root message of a mail thread)."""
    if not title or not title.strip() or post.context.title is not None:
        return post
    shift = len(title) + 2 if post.text else len(title)
    context = post.context
    closing = TextExtent(context.closing.start + shift, context.closing.end + shift) if context.closing else None
    quotes = tuple(replace(q, start=q.start + shift, end=q.end + shift) for q in context.quotes)
    return replace(
        post,
        text=f"{title}\n\n{post.text}" if post.text else title,
        context=replace(context, title=TextExtent(0, len(title)), closing=closing, quotes=quotes),
    )


def placeholder_status(body: str) -> str:
    """``deleted`` or ``removed`` when ``body`` is only the placeholder a site leaves, else ``present``."""
    return PLACEHOLDER_BODIES.get(body.strip().lower(), "present")


def plain_context(
    text: str, title: TextExtent | None = None, closing: TextExtent | None = None, body_start: int = 0
) -> PostContext:
    """The context of a plain-text post: its quotes and status read from ``text[body_start:]`` (what follows a
    title the reader put before the body), with the title and closing extents the reader knows."""
    body = text[body_start:]
    quotes = tuple(replace(q, start=q.start + body_start, end=q.end + body_start) for q in text_quotes(body))
    return PostContext(title=title, quotes=quotes, closing=closing, status=placeholder_status(body))


def text_quotes(text: str) -> tuple[Quote, ...]:
    """The quoted extents of a plain text, in order, each with its quoted writer when the attribution names one."""
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)

    def quote(first: int, last: int, author: str | None) -> Quote:
        return Quote(offsets[first], offsets[last] + len(lines[last]), author=author)

    quotes: list[Quote] = []
    i = 0
    while i < len(lines):
        if _QUOTED.match(lines[i]):
            first = i
            while i < len(lines) and (_QUOTED.match(lines[i]) or (not lines[i].strip() and _next_quoted(lines, i))):
                i += 1
            author, start = _attribution_before(lines, first, quotes[-1].end if quotes else 0, offsets)
            quotes.append(quote(start, i - 1, author))
            continue
        attribution = _forum_attribution(lines, i)
        if attribution is None:
            i += 1
            continue
        body, author = attribution
        while body < len(lines) and not lines[body].strip():
            body += 1
        if body < len(lines) and _QUOTED.match(lines[body]):
            i = body  # the run of ">" lines is the quote; its attribution is found looking back from it
            continue
        end = body
        while end < len(lines) and lines[end].strip() and not _EXPAND.match(lines[end]):
            end += 1
        if end < len(lines) and _EXPAND.match(lines[end]):
            end += 1
        if end > body:
            quotes.append(quote(i, end - 1, author))
        i = max(end, i + 1)
    return tuple(quotes)


def _next_quoted(lines: list[str], i: int) -> bool:
    return i + 1 < len(lines) and bool(_QUOTED.match(lines[i + 1]))


def _attribution_before(lines: list[str], first: int, floor: int, offsets: list[int]) -> tuple[str | None, int]:
    """The quoted writer named just above a ``>`` run at line ``first``, and the line the quote starts on.

    Looks past blank lines and at most two lines of attribution (mail clients wrap it once), never into an
    earlier quote (``floor``).
    """
    above = first
    while above > 0 and not lines[above - 1].strip() and offsets[above - 1] >= floor:
        above -= 1
    for back in (1, 2):  # "Quote:" above "Originally Posted by Kim" is an attribution in two lines too
        start = above - back
        if start < 0 or offsets[start] < floor:
            break
        if (found := _forum_attribution(lines, start)) is not None and found[0] == above:
            if start > 0 and offsets[start - 1] >= floor and _QUOTE_LINE.match(lines[start - 1]):
                start -= 1
            return found[1], start
        if _ATTRIBUTION_END.search(lines[above - 1]):
            candidate = " ".join(lines[start:above])
            m = _ATTRIBUTION_NAME.search(candidate)
            name = m["name"].strip(" \"'") if m else ""
            # A mail client's "On DATE, NAME <ADDRESS> wrote:" names a writer; a sentence ending "you said:" not.
            if name and (m["on"] or m["address"] or _is_writer_name(name)):
                return name, start
    return None, first


def _forum_attribution(lines: list[str], i: int) -> tuple[int, str | None] | None:
    """An attribution at line ``i`` as forum pages copy out: the line its quoted text starts on, and the writer.

    "Quote:" alone names nobody, but a line below it may ("Originally Posted by Kim").
    """
    line = lines[i]
    if _QUOTE_LINE.match(line):
        if i + 1 < len(lines) and (below := _named_attribution(lines[i + 1])) is not None:
            return i + 2, below
        return i + 1, None
    author = _named_attribution(line)
    return None if author is None else (i + 1, author)


def _named_attribution(line: str) -> str | None:
    if m := _POSTED_BY.match(line) or _QUOTE_FROM.match(line):
        return m["name"].strip(" \"'")
    if (m := _WROTE_LINE.match(line)) and _is_writer_name(m["name"].strip()):
        return m["name"].strip()
    return None


def _is_writer_name(name: str) -> bool:
    """A forum name: a person's name ("Kim Ray") or a username ("kim_r"), not words of a sentence ("My doctor")."""
    if looks_like_name(name):
        return True
    return _USERNAME.fullmatch(name) is not None and not is_plain_word(name)
