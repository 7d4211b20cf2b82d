"""mbox mailing-list archives: threads from ``In-Reply-To`` / ``References``, quotes and signatures marked.

A message's text is its plain-text part (or its HTML part converted to text). Runs of ``>`` lines, with the
``On …, NAME wrote:`` line before them, are marked as quotes in the post's context; the signature after a
``-- `` line and a list footer after a line of underscores are its closing. Posts are keyed by
Message-ID, unique across lists, so one archive read twice, or two overlapping archives, give each message once.
An archive is held in memory while its threads are assembled: archives come as files of a month or a year.
The writer is the sender's display name, decoded when it is RFC 2047 encoded (``=?utf-8?q?...?=``), or the name in
the comment of a Mailman archive's obfuscated sender (``jgb at example.com (Jesus M. Gonzalez)``); a Mailman
``.txt.gz`` month is an mbox once decompressed (:mod:`anecdata.ingest.compressed`).
"""

from __future__ import annotations

import email
import email.policy
import mailbox
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.message import EmailMessage
from email.utils import parseaddr, parsedate_to_datetime
from pathlib import Path

from anecdata.ingest.html_text import html_to_text
from anecdata.ingest.html_tree import parse_html
from anecdata.ingest.layout import plain_context, titled
from anecdata.ingest.source import Problem, ReadContext, post_id, thread_id
from anecdata.model import SOURCE_ID, Post, PostContext, TextExtent, Thread, short_hash

SOURCE = "mbox"
"""Message-IDs are globally unique, so one source name keys every list's messages."""
_MSGID = re.compile(r"<[^<>\s]+>")
_SIGNATURE = re.compile(r"^-- ?$", re.M)
_FOOTER = re.compile(r"^_{5,}\s*$", re.M)
_RE_PREFIX = re.compile(r"^(?:\s*(?:re|aw|fwd?)\s*:\s*)+", re.I)


@dataclass(frozen=True, slots=True)
class _Message:
    msgid: str
    parent: str | None
    references: tuple[str, ...]
    subject: str | None
    post: Post


def mail_context(text: str) -> PostContext:
    """A message's quotes (with the quoted writer, from the attribution line) and its closing: the signature
    after a ``-- `` line or the list footer after a line of underscores, whichever comes first."""
    closing = [m.start() for m in (_SIGNATURE.search(text), _FOOTER.search(text)) if m]
    return plain_context(text, closing=TextExtent(min(closing), len(text)) if closing else None)


def _body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, ValueError):  # an unknown or lying charset: decode as UTF-8 with replacement
        content = (part.get_payload(decode=True) or b"").decode("utf-8", errors="replace")
    if part.get_content_subtype() == "html":
        return html_to_text(parse_html(content)).text
    return content.replace("\r\n", "\n").rstrip()


_AT = re.compile(r"\s+at\s+")


def _decoded(words: str) -> str:
    """``words`` with RFC 2047 encoded words decoded (left as they are when they cannot be)."""
    if "=?" not in words:
        return words
    try:
        return str(make_header(decode_header(words)))
    except (HeaderParseError, LookupError, UnicodeError, ValueError):
        return words


def _author(message: EmailMessage) -> str | None:
    """The sender's display name, else the local part of the address. Read from the raw header: the parsed one
    drops the comment in which Mailman archives keep the name (``jgb at example.com (Jesus M. Gonzalez)``)."""
    raw = next((str(value) for key, value in message.raw_items() if key.lower() == "from"), "")
    name, address = parseaddr(_AT.sub("@", " ".join(raw.split())))
    name = " ".join(_decoded(name).split())
    return name or (address.split("@")[0] if address else None)


def _created(message: EmailMessage) -> str | None:
    try:
        return parsedate_to_datetime(str(message["Date"])).isoformat() if message["Date"] else None
    except (TypeError, ValueError):
        return None


def _ids(value: object) -> tuple[str, ...]:
    return tuple(_MSGID.findall(str(value or "")))


def _message(message: EmailMessage, index: int, source: str) -> _Message:
    text = _body(message)
    references = _ids(message.get("References"))
    in_reply_to = _ids(message.get("In-Reply-To"))
    parent = in_reply_to[0] if in_reply_to else (references[-1] if references else None)
    msgid = next(iter(_ids(message.get("Message-ID"))), None)
    if msgid is None:  # rare, but a reply cannot point at it anyway: a stable id from what the message says
        msgid = f"<{short_hash(message.get('From'), message.get('Date'), message.get('Subject'), text)}@anecdata>"
    attrs = {SOURCE_ID: msgid}
    post = Post(
        id=post_id(source, msgid),
        thread_id="",
        position=index,
        text=text,
        author=_author(message),
        parent_id=post_id(source, parent) if parent else None,
        created=_created(message),
        attrs=attrs,
        context=mail_context(text),
    )
    subject = str(message.get("Subject") or "").strip() or None
    return _Message(msgid, parent, references, subject, post)


def _thread_key(m: _Message, by_id: dict[str, _Message]) -> str:
    """The root Message-ID of ``m``'s thread: the first reference, else the top of its known reply chain."""
    seen = set()
    while True:
        if m.references:
            return m.references[0]
        if m.parent is None or m.parent not in by_id or m.msgid in seen:
            return m.parent or m.msgid
        seen.add(m.msgid)
        m = by_id[m.parent]


def read_mbox(path: Path, ctx: ReadContext) -> Iterator[Thread]:
    """Threads of one mbox file; a message that cannot be parsed is reported and left out."""
    source = ctx.source or SOURCE
    try:
        with path.open("rb") as f:
            opening = f.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
        if opening and not opening.startswith(b"From "):
            ctx.report(Problem(str(path), "", "not an mbox archive (it does not start with a 'From ' line)"))
            return
        box = mailbox.mbox(path, factory=None, create=False)
        keys = box.keys()
    except (OSError, mailbox.Error) as e:
        ctx.report(Problem(str(path), "", f"cannot read as mbox ({e})"))
        return
    messages: list[_Message] = []
    for index, key in enumerate(keys):
        try:
            raw = box.get_bytes(key)
            parsed = email.message_from_bytes(raw, policy=email.policy.default)
            messages.append(_message(parsed, index, source))  # type: ignore[arg-type]
        except (ValueError, LookupError, TypeError, IndexError) as e:
            ctx.report(Problem(str(path), f"message {index + 1}", f"unreadable message ({e})"))
        except RecursionError:
            ctx.report(Problem(str(path), f"message {index + 1}", "unreadable message (MIME parts nested too deeply)"))
    box.close()
    by_id = {m.msgid: m for m in messages}
    threads: dict[str, list[_Message]] = {}
    for m in messages:
        threads.setdefault(_thread_key(m, by_id), []).append(m)
    ctx.progress(path.stat().st_size)
    for key, members in threads.items():
        tid = thread_id(source, key)
        subject = next((m.subject for m in members if m.msgid == key), None) or members[0].subject
        title = _RE_PREFIX.sub("", subject) if subject else None
        posts = [_placed(m, tid, by_id) for m in members]
        yield Thread(
            id=tid,
            source=source,
            posts=tuple(titled(p, title) if m.msgid == key else p for m, p in zip(members, posts, strict=True)),
            title=title,
        )


def _placed(m: _Message, tid: str, by_id: dict[str, _Message]) -> Post:
    """The message's post in its thread, addressed to the author of the message it replies to."""
    parent = by_id.get(m.parent) if m.parent else None
    return replace(m.post, thread_id=tid, addressee=parent.post.author if parent else None)
