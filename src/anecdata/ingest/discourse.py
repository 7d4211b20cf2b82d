"""Discourse topic JSON (``/t/ID.json`` or ``/t/ID/posts.json``): one topic per file, posts in ``post_stream``.

Post bodies are Discourse's ``cooked`` HTML, converted to text with quotes marked in the post's context (a quote
of another topic's post with its writer but no post, as its number is that topic's; a link's preview, the linked
page's words, as the link's address; an attachment by its name, without the size the page adds). A post is
keyed by ``TOPIC/POST_NUMBER`` because replies name their parent by number; a post that names none answers the
topic's first post.

Topic and post numbers are per site, so the source is the site: ``--source``, else the host the topic JSON names
(a ``url`` field a scraper added, else the host in its avatar paths, ``/user_avatar/HOST/...``, which Discourse
writes in every topic). Topic 57 of one forum therefore never replaces another forum's topic 57; a topic that
names no site is refused with one line asking for ``--source``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import orjson

from anecdata.ingest.forum_discourse_page import link_preview, without_file_sizes
from anecdata.ingest.forum_markup import quote, rewrite
from anecdata.ingest.html_text import as_quotes, html_to_text
from anecdata.ingest.html_tree import Element, parse_html
from anecdata.ingest.layout import placeholder_status, plain_context, titled
from anecdata.ingest.lines import json_line
from anecdata.ingest.source import Problem, ReadContext, RecordError, post_id, text_field, thread_id
from anecdata.model import SOURCE_ID, Post, PostContext, Thread

NO_SITE = (
    "cannot tell which site this Discourse topic is from (it names no site URL); pass --source with the forum's "
    "host, e.g. --source forum.example.org"
)
SMALL_ACTION = 3
"""Discourse's ``post_type`` of a small action: a line the forum writes in the topic when it is closed, pinned,
split or moved (``action_code``), shown as a note between posts, not as anyone's post."""
_URL_KEYS = ("url", "base_url", "site_url", "canonical_url", "topic_url")
_AVATAR_HOST = re.compile(r"/user_avatar/([A-Za-z0-9.-]+\.[A-Za-z]{2,}(?::\d+)?)/")


def _host(url: object) -> str | None:
    if not isinstance(url, str) or not url.lower().startswith(("http://", "https://")):
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.lower() if host else None


def site_of(document: Mapping[str, Any]) -> str | None:
    """The host of the Discourse site a topic JSON comes from, or None when it names none."""
    for key in _URL_KEYS:
        if host := _host(document.get(key)):
            return host
    details = document.get("details")
    creator = details.get("created_by") if isinstance(details, dict) else None
    posts = document["post_stream"]["posts"]
    for holder in (creator, *posts):
        template = holder.get("avatar_template") if isinstance(holder, dict) else None
        if isinstance(template, str) and (found := _AVATAR_HOST.search(template)):
            return found.group(1).lower()
    return None


def is_discourse_topic(document: object) -> bool:
    """Whether a parsed JSON document is a Discourse topic (for sniffing)."""
    stream = document.get("post_stream") if isinstance(document, dict) else None
    return isinstance(stream, dict) and isinstance(stream.get("posts"), list)


def _cooked_rule(topic: str) -> Callable[[Element], Element | bool | None]:
    """A rule marking a quote of a post in another topic (``data-topic`` names it) with its writer and no post
    (its ``data-post`` numbers a post of that topic, not of this one, and its title is that topic's), and reading
    a link's preview as the link's address, as the page reader does."""

    def rule(el: Element) -> Element | bool | None:
        if (preview := link_preview(el)) is not None:
            return preview
        other = el.attrs.get("data-topic", topic).strip() not in ("", topic)
        if el.tag == "aside" and "quote" in el.classes and other:
            words = el.find(lambda e: e.tag == "blockquote") or Element("blockquote", {}, [])
            return quote(el.attrs.get("data-username"), None, rewrite(words, rule).children)
        return True

    return rule


def _post(raw: Mapping[str, Any], topic: str, source: str) -> Post:
    if not isinstance(raw, dict):
        raise RecordError("not an object")
    number_text = text_field(raw, "post_number")
    if number_text is None or not number_text.isdigit():
        raise RecordError(f"post_number {raw.get('post_number')!r} is not a whole number")
    number = int(number_text)
    cooked, plain = text_field(raw, "cooked"), text_field(raw, "raw")
    if cooked is not None:
        converted = html_to_text(without_file_sizes(rewrite(parse_html(cooked), _cooked_rule(topic))))
        text = converted.text
        quotes = as_quotes(converted.quotes, lambda number: post_id(source, f"{topic}/{number}"))
        context = PostContext(quotes=quotes, status=placeholder_status(text))
    elif plain is not None:
        text = plain
        context = plain_context(text)
    else:
        raise ValueError("post has neither 'cooked' nor 'raw' text")
    reply_to = text_field(raw, "reply_to_post_number")
    parent = reply_to if reply_to else (1 if number > 1 else None)
    reply_user = raw.get("reply_to_user") or {}
    if not isinstance(reply_user, dict):
        raise RecordError("field 'reply_to_user' is not an object")
    attrs: dict[str, Any] = {SOURCE_ID: f"{topic}/{number}", "post_number": number}
    if raw.get("id") is not None:
        attrs["discourse_id"] = raw["id"]
    return Post(
        id=post_id(source, f"{topic}/{number}"),
        thread_id=thread_id(source, topic),
        position=number,
        text=text,
        author=text_field(raw, "username"),
        addressee=text_field(reply_user, "username"),
        parent_id=None if parent is None else post_id(source, f"{topic}/{parent}"),
        created=text_field(raw, "created_at"),
        attrs=attrs,
        context=context,
    )


def read_discourse(path: Path, ctx: ReadContext) -> Iterator[Thread]:
    """The topic in one Discourse JSON file; a post that cannot be read is reported and left out."""
    try:
        document = json_line(path.read_bytes(), path, 1, ctx)
    except orjson.JSONDecodeError as e:
        ctx.report(Problem(str(path), f"line {e.lineno}, column {e.colno}", f"not JSON ({e.msg})"))
        return
    if not is_discourse_topic(document):
        ctx.report(Problem(str(path), "", "not a Discourse topic (no post_stream.posts list)"))
        return
    site = site_of(document)
    source = ctx.source or site
    if source is None:
        ctx.report(Problem(str(path), "", NO_SITE))
        return
    raw_posts = document["post_stream"]["posts"]
    topic = document.get("id") or next((p.get("topic_id") for p in raw_posts if isinstance(p, dict)), None)
    if isinstance(topic, dict | list | bool):
        ctx.report(Problem(str(path), "", "the topic id is not a number or text"))
        return
    if topic is None:
        ctx.report(Problem(str(path), "", "no topic id (neither 'id' nor posts' 'topic_id')"))
        return
    posts = []
    for i, raw in enumerate(raw_posts):
        if isinstance(raw, dict) and raw.get("post_type") == SMALL_ACTION:
            continue  # "closed the topic", "split this topic": the forum's note, shown as no one's post
        try:
            posts.append(_post(raw, str(topic), source))
        except (KeyError, TypeError, ValueError, RecursionError) as e:
            ctx.report(Problem(str(path), f"post_stream.posts[{i}]", f"unreadable post ({e!s})"))
    ctx.progress(path.stat().st_size)
    if posts:
        posts.sort(key=lambda p: p.position)
        title, slug = document.get("title"), document.get("slug")
        posts = [titled(p, title) if p.position == 1 and isinstance(title, str) else p for p in posts]
        url = f"https://{site}/t/{slug}/{topic}" if site and isinstance(slug, str) and slug else None
        yield Thread(
            id=thread_id(source, str(topic)),
            source=source,
            posts=tuple(posts),
            title=title if isinstance(title, str) else None,
            url=url,
        )
