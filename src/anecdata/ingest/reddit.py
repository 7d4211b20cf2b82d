"""Reddit dumps (Pushshift / Arctic Shift): zstd-compressed NDJSON of submissions and of comments.

Submissions and comments come in separate files; both map to the same thread ids (from the submission's
``t3_`` name), so the store joins them whichever file is read first. A comment's parent is the post named by
its ``parent_id``, whose id is computed, not looked up: the tree is rebuilt without holding the dump in memory.
``[deleted]`` and ``[removed]`` bodies and authors are kept as they are; the post's context gives its status.
A submission's title is read as the first line of its text and marked as the context's title; ``>`` quotes
(escaped as ``&gt;`` in dumps) are marked too.
Positions order a thread: the submission is 0, a comment its base-36 id (Reddit ids grow with time).
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import orjson

from anecdata.ingest.chunks import ThreadPart, threads_in_chunks
from anecdata.ingest.layout import plain_context
from anecdata.ingest.lines import json_line, numbered_lines
from anecdata.ingest.source import Problem, ReadContext, RecordError, post_id, text_field, thread_id
from anecdata.model import SOURCE_ID, Post, TextExtent, Thread

SOURCE = "reddit"
"""Reddit ids are unique site-wide, so one source name keys every subreddit's posts."""
REDDIT_URL = "https://www.reddit.com"
ISO_UTC = "%Y-%m-%dT%H:%M:%S+00:00"


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
    title = text_field(record, "title") or ""
    body = text_field(record, "selftext") or ""
    # The title is often the question itself, so it is read as the opening of the post's text.
    text = f"{title}\n\n{body}" if body else title
    context = plain_context(
        text, title=TextExtent(0, len(title)) if title else None, body_start=len(title) + 2 if body else len(text)
    )
    tid = thread_id(source, name)
    permalink = text_field(record, "permalink")
    post = Post(
        id=post_id(source, name),
        thread_id=tid,
        position=0,
        text=text,
        author=text_field(record, "author"),
        created=_created(record),
        attrs=_common_attrs(record, name),
        context=context,
    )
    return ThreadPart(name, post, title=title or None, url=f"{REDDIT_URL}{permalink}" if permalink else None)


def _comment(record: Mapping[str, Any], source: str) -> ThreadPart:
    cid = text_field(record, "id") or ""
    link = text_field(record, "link_id")
    if not link:
        raise RecordError(f"comment {cid!r} has no link_id")
    body = text_field(record, "body")
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
        author=text_field(record, "author"),
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


def _parts(path: Path, ctx: ReadContext, source: str) -> Iterator[ThreadPart]:
    for number, line in numbered_lines(path, ctx):
        try:
            yield reddit_part(json_line(line, path, number, ctx), source)
        except orjson.JSONDecodeError as e:
            ctx.report(Problem(str(path), f"line {number}", f"not JSON ({e.msg}, column {e.colno})"))
        except (RecordError, UnicodeDecodeError) as e:
            ctx.report(Problem(str(path), f"line {number}", str(e)))


def read_reddit(path: Path, ctx: ReadContext) -> Iterator[Thread]:
    """Threads (or parts of threads) from one Reddit dump file, plain or zstd-compressed NDJSON."""
    yield from threads_in_chunks(_parts(path, ctx, ctx.source or SOURCE), ctx.source or SOURCE)
