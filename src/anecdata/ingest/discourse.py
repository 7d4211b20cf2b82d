"""Discourse topic JSON (``/t/ID.json`` or ``/t/ID/posts.json``): one topic per file, posts in ``post_stream``.

Post bodies are Discourse's ``cooked`` HTML, converted to text with quotes marked in the post's context. A post
is keyed by ``TOPIC/POST_NUMBER`` because replies name their parent by number; a post that names none answers
the topic's first post.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from anecdata.ingest.html_text import as_quotes, html_to_text
from anecdata.ingest.html_tree import parse_html
from anecdata.ingest.layout import placeholder_status, plain_context
from anecdata.ingest.source import Problem, ReadContext, post_id, thread_id
from anecdata.model import SOURCE_ID, Post, PostContext, Thread

SOURCE = "discourse"
"""Default source name; give ``--source`` the forum's host when ingesting more than one Discourse forum."""


def is_discourse_topic(document: object) -> bool:
    """Whether a parsed JSON document is a Discourse topic (for sniffing)."""
    return isinstance(document, dict) and isinstance((document.get("post_stream") or {}).get("posts"), list)


def _post(raw: Mapping[str, Any], topic: str, source: str) -> Post:
    number = int(raw["post_number"])
    if raw.get("cooked") is not None:
        converted = html_to_text(parse_html(str(raw["cooked"])))
        text = converted.text
        quotes = as_quotes(converted.quotes, lambda number: post_id(source, f"{topic}/{number}"))
        context = PostContext(quotes=quotes, status=placeholder_status(text))
    elif raw.get("raw") is not None:
        text = str(raw["raw"])
        context = plain_context(text)
    else:
        raise ValueError("post has neither 'cooked' nor 'raw' text")
    reply_to = raw.get("reply_to_post_number")
    parent = reply_to if reply_to else (1 if number > 1 else None)
    attrs: dict[str, Any] = {SOURCE_ID: f"{topic}/{number}", "post_number": number}
    if raw.get("id") is not None:
        attrs["discourse_id"] = raw["id"]
    return Post(
        id=post_id(source, f"{topic}/{number}"),
        thread_id=thread_id(source, topic),
        position=number,
        text=text,
        author=raw.get("username"),
        addressee=(raw.get("reply_to_user") or {}).get("username"),
        parent_id=None if parent is None else post_id(source, f"{topic}/{parent}"),
        created=raw.get("created_at"),
        attrs=attrs,
        context=context,
    )


def read_discourse(path: Path, ctx: ReadContext) -> Iterator[Thread]:
    """The topic in one Discourse JSON file; a post that cannot be read is reported and left out."""
    source = ctx.source or SOURCE
    try:
        document = json.loads(path.read_bytes())
    except json.JSONDecodeError as e:
        ctx.report(Problem(str(path), f"line {e.lineno}", f"not JSON ({e.msg})"))
        return
    if not is_discourse_topic(document):
        ctx.report(Problem(str(path), "", "not a Discourse topic (no post_stream.posts list)"))
        return
    raw_posts = document["post_stream"]["posts"]
    topic = document.get("id") or next((p.get("topic_id") for p in raw_posts if isinstance(p, dict)), None)
    if topic is None:
        ctx.report(Problem(str(path), "", "no topic id (neither 'id' nor posts' 'topic_id')"))
        return
    posts = []
    for i, raw in enumerate(raw_posts):
        try:
            posts.append(_post(raw, str(topic), source))
        except (KeyError, TypeError, ValueError) as e:
            ctx.report(Problem(str(path), f"post_stream.posts[{i}]", f"unreadable post ({e!s})"))
    ctx.progress(path.stat().st_size)
    if posts:
        posts.sort(key=lambda p: p.position)
        yield Thread(id=thread_id(source, str(topic)), source=source, posts=tuple(posts), title=document.get("title"))
