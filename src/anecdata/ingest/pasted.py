"""The pasted-thread reader: plain text as copied from a forum page, segmented into posts by the cues posts carry.

Blank lines separate posts, but they also separate a post's own paragraphs, so they decide nothing alone. A new
post starts after a paragraph that closes one (a sign-off, a signature) or at a paragraph that opens one (a
greeting, "Name, ...", an @-reply, a quote of an earlier post). Users who can mark posts may separate them with a
line of ``---`` or start each with a ``From: NAME`` header; then those marks decide.

Each post's context marks its quotes (:mod:`anecdata.ingest.layout`) and its closing lines (sign-off or
signature); a title copied above the opening post is marked as the title, read with the post, and is the
thread's. A post is its own writer's unless a name ties it to others: a ``From:`` header, a signature or
sign-off, or the name the first reply addresses the opening post by; an unsigned post keeps no author, and
thread logic calls its writer "writer of post N".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from anecdata.ingest.cues import closing_cue, is_closing_only, opening_cue
from anecdata.ingest.layout import plain_context
from anecdata.model import Post, TextExtent, Thread, short_hash
from anecdata.people import same_person

_BLANK_RUN = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")
_SEPARATOR_LINE = re.compile(r"^[ \t]*(?:-{3,}|_{3,}|={3,}|\*{3,})[ \t]*$", re.MULTILINE)
_FROM_HEADER = re.compile(r"^From:[ \t]*(?P<author>\S[^\n]*?)[ \t]*$", re.MULTILINE)
TITLE_MAX_CHARS = 100
"""A thread title copied with the thread is one short line above the opening post's first paragraph."""


@dataclass(frozen=True, slots=True)
class Segment:
    """A post's extent in the thread text, with what an explicit header said about its author."""

    start: int
    end: int
    header_author: str | None = None


def paragraphs(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Extents of the non-blank paragraphs of ``text[start:end]``, trimmed of surrounding whitespace."""
    end = len(text) if end is None else end
    spans = []
    pos = start
    for m in _BLANK_RUN.finditer(text, start, end):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, end))
    return [t for s, e in spans if (t := _trim(text, s, e))[0] < t[1]]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def segment_plain(text: str) -> list[Segment]:
    """Group paragraphs into posts by opening and closing cues."""
    blocks = paragraphs(text)
    if not blocks:
        return []
    posts: list[list[tuple[int, int]]] = [[blocks[0]]]
    # A first paragraph that is only a short capitalised line is a title, not a signature.
    ended = closing_cue(text[slice(*blocks[0])]) is not None and not is_closing_only(text[slice(*blocks[0])])
    has_quote = text[slice(*blocks[0])].lstrip().startswith(">")
    for block in blocks[1:]:
        body = text[slice(*block)]
        cue = opening_cue(body)
        opens = cue is not None and not (cue.kind == "quote" and cue.addressee is None and has_quote)
        # "Mary Smith, LMT" reads like a vocative too: a block that is only a signature closes a post.
        if (cue is None or cue.kind == "vocative") and is_closing_only(body):
            posts[-1].append(block)
            ended = True
            continue
        if ended or opens:
            posts.append([block])
            has_quote = False
        else:
            posts[-1].append(block)
        has_quote = has_quote or any(line.lstrip().startswith(">") for line in body.split("\n"))
        ended = closing_cue(body) is not None
    return [Segment(p[0][0], p[-1][1]) for p in posts]


def segment_explicit(text: str) -> list[Segment] | None:
    """Segments from ``---`` separator lines and/or ``From:`` headers, or None when the text has neither."""
    separators = list(_SEPARATOR_LINE.finditer(text))
    headers = list(_FROM_HEADER.finditer(text))
    if not separators and not headers:
        return None
    cuts = sorted([(m.start(), m.end(), None) for m in separators] + [(m.start(), m.end(), m) for m in headers])
    segments = []
    pos, author = 0, None
    for cut_start, cut_end, header in [*cuts, (len(text), len(text), None)]:
        start, end = _trim(text, pos, cut_start)
        if start < end:
            segments.append(Segment(start, end, author))
            author = None
        if header is not None:
            author = header["author"]
        pos = cut_end
    return segments


def title_extent(body: str, blocks: list[tuple[int, int]]) -> TextExtent | None:
    """The opening post's first paragraph when it is the thread's title: one short line of two words or more,
    not ending a sentence with "." or "!" (titles are often questions), opening nothing and signing nothing,
    with more of the post below it."""
    if len(blocks) < 2:
        return None
    line = body[slice(*blocks[0])]
    if "\n" in line or len(line) > TITLE_MAX_CHARS or len(line.split()) < 2 or line.endswith((".", "!", ":", ",")):
        return None
    if opening_cue(line) is not None or closing_cue(line) is not None:
        return None
    return TextExtent(*blocks[0])


def read_pasted_thread(text: str, source: str) -> Thread:
    """Read a pasted thread into posts with authors, addressees and reply links where the text shows them."""
    explicit = segment_explicit(text)
    segments = explicit if explicit is not None else segment_plain(text)
    thread_id = "t" + short_hash(source, text, length=10)
    title = None
    drafts = []
    for position, seg in enumerate(segments):
        body = text[seg.start : seg.end]
        blocks = paragraphs(body)
        attrs: dict[str, object] = {
            "segmented_by": "separator" if explicit is not None else "cues",
            "source_start": seg.start,
        }
        author, addressee = seg.header_author, None
        if author:
            attrs["author_from"] = "header"
        opening = opening_cue(body[slice(*blocks[0])]) if blocks else None
        if opening is not None:
            attrs["opening_cue"] = opening.kind
            if opening.addressee:
                addressee = opening.addressee
                attrs["addressee_from"] = opening.kind
        closing = closing_cue(body[blocks[-1][0] :]) if blocks else None
        closing_extent = None
        if closing is not None:
            attrs["closing_cue"] = closing.kind
            closing_extent = TextExtent(blocks[-1][0] + closing.start, len(body))
            if closing.author and not author:
                author = closing.author
                attrs["author_from"] = closing.kind
        title_at = title_extent(body, blocks) if position == 0 and closing_extent is None else None
        if title_at is not None:
            title = body[title_at.start : title_at.end]
        drafts.append(
            {
                "position": position,
                "text": body,
                "author": author,
                "addressee": addressee,
                "attrs": attrs,
                "context": plain_context(
                    body, title=title_at, closing=closing_extent, body_start=title_at.end if title_at else 0
                ),
            }
        )
    _infer_opening_author(drafts)
    posts = []
    for d in drafts:
        post_id = f"{thread_id}.p{d['position']}"
        parent = _parent_position(drafts, d)
        posts.append(
            Post(
                id=post_id,
                thread_id=thread_id,
                position=d["position"],
                text=d["text"],
                author=d["author"],
                addressee=d["addressee"],
                parent_id=None if parent is None else f"{thread_id}.p{parent}",
                attrs=d["attrs"],
                context=d["context"],
            )
        )
    return Thread(id=thread_id, source=source, posts=tuple(posts), title=title)


def _infer_opening_author(drafts: list[dict]) -> None:
    """An unsigned opening post is taken to be by the person the first reply addresses, marked as inferred."""
    if len(drafts) < 2 or drafts[0]["author"]:
        return
    addressee = drafts[1]["addressee"]
    if addressee and not any(same_person(addressee, d["author"]) for d in drafts[1:]):
        drafts[0]["author"] = addressee
        drafts[0]["attrs"]["author_from"] = "addressed_by_reply"


def _parent_position(drafts: list[dict], draft: dict) -> int | None:
    """The post a reply answers: the latest earlier post by its addressee, else the opening post."""
    position = draft["position"]
    if position == 0:
        return None
    for earlier in reversed(drafts[:position]):
        if same_person(draft["addressee"], earlier["author"]):
            return earlier["position"]
    return 0


def read_pasted_file(text: str, name: str) -> Thread:
    """Read a pasted thread named after its file (the source recorded in every output)."""
    return read_pasted_thread(text, source=Path(name).name if name != "<stdin>" else name)
