"""Reddit dumps (Pushshift / Arctic Shift): NDJSON of submissions and of comments, compressed or not.

Submissions and comments come in separate files; both map to the same thread ids (from the submission's
``t3_`` name), so the store joins them whichever file is read first. A comment's parent is the post named by
its ``parent_id``, whose id is computed, not looked up: the tree is rebuilt without holding the dump in memory.
Reddit's own thread JSON (``.../comments/ID.json``: listings of ``t3``/``t1`` things, replies nested) is read too,
its tree flattened the same way.
Dumps hold Reddit's HTML-escaped markdown (``&gt;`` for a quote's ``>``, ``&amp;`` for ``&``); it is unescaped
once, here, so the stored text is what the writer typed, and a ``&#x200B;`` (the zero-width space Reddit's editor
puts in empty paragraphs) is dropped. ``[deleted]`` and ``[removed]`` bodies are kept as they are and the post's
context gives their status; a ``[deleted]`` author is stored as no author, not as a writer of that name.
A submission's title is read as the first line of its text and marked as the context's title; ``>`` quotes are
marked too. Positions order a thread: the submission is 0, a comment its base-36 id (Reddit ids grow with time).
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from anecdata.ingest.chunks import ThreadPart, threads_in_chunks
from anecdata.ingest.layout import plain_context, titled
from anecdata.ingest.lines import json_records
from anecdata.ingest.source import Problem, ReadContext, RecordError, post_id, text_field, thread_id
from anecdata.model import SOURCE_ID, Post, Thread

SOURCE = "reddit"
"""Reddit ids are unique site-wide, so one source name keys every subreddit's posts."""
REDDIT_URL = "https://www.reddit.com"
ISO_UTC = "%Y-%m-%dT%H:%M:%S+00:00"
NO_AUTHOR = frozenset({"[deleted]", "[removed]", ""})
"""What Reddit writes in place of an author who deleted the account or was removed: no one's name."""
_ZERO_WIDTH_ENTITY = re.compile(r"&#x200b;|&#8203;", re.I)


def unescaped(text: str | None) -> str | None:
    """Reddit's HTML-escaped markdown as typed: entities unescaped once, zero-width-space entities dropped."""
    if text is None or "&" not in text:
        return text
    return _ZERO_WIDTH_ENTITY.sub("", html.unescape(text))


def _author(record: Mapping[str, Any]) -> str | None:
    author = text_field(record, "author")
    return None if author is None or author.strip() in NO_AUTHOR else author


def is_reddit_record(record: Mapping[str, Any]) -> bool:
    """Whether a JSON object looks like a Reddit submission or comment (for sniffing a file's format)."""
    return "id" in record and ("subreddit" in record or "link_id" in record) and ("body" in record or "title" in record)


def _created(record: Mapping[str, Any]) -> str | None:
    value = record.get("created_utc")
    if value in (None, ""):
        return None
    try:
        return time.strftime(ISO_UTC, time.gmtime(int(float(value))))
    except (TypeError, ValueError, OverflowError, OSError) as e:
        raise RecordError(f"created_utc {value!r} is not a Unix time") from e


def _common_attrs(record: Mapping[str, Any], source_id: str) -> dict[str, Any]:
    attrs: dict[str, Any] = {SOURCE_ID: source_id, "subreddit": record.get("subreddit")}
    if record.get("score") is not None:
        attrs["score"] = record["score"]
    return attrs


def _submission(record: Mapping[str, Any], source: str) -> ThreadPart:
    name = f"t3_{text_field(record, 'id')}"
    title = unescaped(text_field(record, "title")) or ""
    body = unescaped(text_field(record, "selftext")) or ""
    tid = thread_id(source, name)
    permalink = text_field(record, "permalink")
    post = Post(
        id=post_id(source, name),
        thread_id=tid,
        position=0,
        text=body,
        author=_author(record),
        created=_created(record),
        attrs=_common_attrs(record, name),
        context=plain_context(body),
    )
    post = titled(post, title)  # the title is often the question itself: it opens the post's text
    return ThreadPart(name, post, title=title or None, url=f"{REDDIT_URL}{permalink}" if permalink else None)


def _comment(record: Mapping[str, Any], source: str) -> ThreadPart:
    cid = text_field(record, "id") or ""
    link = text_field(record, "link_id")
    if not link:
        raise RecordError(f"comment {cid!r} has no link_id")
    body = unescaped(text_field(record, "body"))
    if body is None:
        raise RecordError(f"comment {cid!r} has no body (null or missing)")
    try:
        position = int(cid, 36)
    except ValueError as e:
        raise RecordError(f"comment id {cid!r} is not base 36") from e
    name = f"t1_{cid}"
    text = body
    parent = text_field(record, "parent_id") or link
    post = Post(
        id=post_id(source, name),
        thread_id=thread_id(source, link),
        position=position,
        text=text,
        author=_author(record),
        parent_id=post_id(source, parent),
        created=_created(record),
        attrs=_common_attrs(record, name),
        context=plain_context(text),
    )
    return ThreadPart(link, post)


def reddit_part(record: Mapping[str, Any], source: str = SOURCE) -> ThreadPart:
    """The post one dump record describes, with its thread key.

    Raises:
        RecordError: the record is neither a submission nor a comment, or a field has an impossible value.
    """
    if not isinstance(record, dict) or not record.get("id"):
        raise RecordError("not a Reddit record (no 'id')")
    if isinstance(record["id"], dict | list | bool):
        raise RecordError("field 'id' is not text")
    if "body" in record or "parent_id" in record:
        return _comment(record, source)
    if "title" in record:
        return _submission(record, source)
    raise RecordError("neither a comment (body) nor a submission (title)")


def _things(record: Any) -> Iterator[Any]:
    """The records in one JSON value: a dump record as it is; Reddit's listings (``kind``/``data``) flattened,
    replies included, so a thread page's JSON gives its submission and every comment."""
    if not isinstance(record, dict) or "kind" not in record or not isinstance(record.get("data"), dict):
        yield record
        return
    data = record["data"]
    if record["kind"] == "Listing":
        for child in data.get("children") or []:
            yield from _things(child)
    elif record["kind"] in ("t1", "t3"):
        yield {k: v for k, v in data.items() if k != "replies"}
        if isinstance(data.get("replies"), dict):
            yield from _things(data["replies"])
    # other kinds ("more": ids of comments the page did not load) hold no post


def _parts(path: Path, ctx: ReadContext, source: str) -> Iterator[ThreadPart]:
    for _, where, value in json_records(path, ctx):
        for record in _things(value):
            try:
                yield reddit_part(record, source)
            except RecordError as e:
                ctx.report(Problem(str(path), where, str(e)))


def read_reddit(path: Path, ctx: ReadContext) -> Iterator[Thread]:
    """Threads (or parts of threads) from one Reddit dump file (NDJSON, compressed or not) or thread JSON."""
    yield from threads_in_chunks(_parts(path, ctx, ctx.source or SOURCE), ctx.source or SOURCE)
