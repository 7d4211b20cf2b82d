"""The checks every post passes before it is stored, whichever reader made it: field types and NUL characters.

Readers check the fields they read and report a wrong type with the record's place; this is the net under all of
them, so that no record can fail a batch in the store. A post whose fields cannot be stored (an author that is an
object, attributes that are not JSON) is reported and left out; a NUL character, which PostgreSQL refuses in
text and SQLite would keep, is replaced with U+FFFD in every field on both backends, so a post keeps its offsets
and its id, and the replacement is reported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import Any

import orjson

from anecdata.ingest.source import Problem
from anecdata.model import SOURCE_ID, Post, PostContext, Thread

NUL = "\x00"
REPLACEMENT = "\ufffd"
"""What a NUL becomes: one character for one, so every offset into the text still holds."""
INT64 = 1 << 63
"""Positions are 64-bit signed integers in both stores."""
_OPTIONAL_TEXT = ("author", "addressee", "parent_id", "created")


def _no_nul(value: Any) -> Any:
    """``value`` with every NUL in its strings (dictionary keys included) replaced."""
    if isinstance(value, str):
        return value.replace(NUL, REPLACEMENT) if NUL in value else value
    if isinstance(value, dict):
        return {_no_nul(k): _no_nul(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_no_nul(v) for v in value)
    return value


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


def _kind(value: object) -> str:
    return {dict: "an object", list: "a list", bool: "true/false"}.get(type(value), type(value).__name__)


def type_problem(post: Post) -> str | None:
    """Why ``post`` cannot be stored as it is (a field of the wrong type), or None when it can."""
    for name in ("id", "thread_id", "text"):
        if not isinstance(getattr(post, name), str):
            return f"{name} is {_kind(getattr(post, name))}, not text"
    for name in _OPTIONAL_TEXT:
        value = getattr(post, name)
        if value is not None and not isinstance(value, str):
            return f"{name} is {_kind(value)}, not text"
    if not isinstance(post.position, int) or isinstance(post.position, bool) or not -INT64 <= post.position < INT64:
        return f"position {post.position!r} is not a 64-bit integer"
    try:
        orjson.dumps(dict(post.attrs), option=orjson.OPT_SORT_KEYS)
    except TypeError as e:
        return f"its attributes cannot be stored as JSON ({e})"
    return None


def _clean_context(context: PostContext) -> PostContext:
    quotes = tuple(replace(q, author=_no_nul(q.author), post_id=_no_nul(q.post_id)) for q in context.quotes)
    return replace(context, quotes=quotes)


def _nul_fields(post: Post) -> list[str]:
    fields = [name for name in ("text", *_OPTIONAL_TEXT, "id", "thread_id") if _has_nul(getattr(post, name))]
    if _has_nul(dict(post.attrs)):
        fields.append("source id" if _has_nul(post.attrs.get(SOURCE_ID)) else "attributes")
    if any(_has_nul(q.author) or _has_nul(q.post_id) for q in post.context.quotes):
        fields.append("quote attribution")
    return fields


def checked_post(post: Post, file: str, report: Callable[[Problem], None]) -> Post | None:
    """``post`` ready for the store, NULs replaced (and reported); None (reported) when it cannot be stored."""
    where = f"post {_no_nul(str(post.attrs.get(SOURCE_ID, post.id)))}"
    problem = type_problem(post)
    if problem is not None:
        report(Problem(file, where, f"skipped: {problem}"))
        return None
    fields = _nul_fields(post)
    if not fields:
        return post
    report(Problem(file, where, f"NUL character(s) replaced with U+FFFD in its {', '.join(fields)}"))
    return replace(
        post,
        **{name: _no_nul(getattr(post, name)) for name in ("id", "thread_id", "text", *_OPTIONAL_TEXT)},
        attrs=_no_nul(dict(post.attrs)),
        context=_clean_context(post.context),
    )


def checked_threads(threads: Iterable[Thread], file: str, report: Callable[[Problem], None]) -> Iterator[Thread]:
    """Each thread with its posts checked (:func:`checked_post`); a thread left with no post is left out."""
    for thread in threads:
        posts = tuple(p for p in (checked_post(post, file, report) for post in thread.posts) if p is not None)
        if not posts:
            continue
        title = thread.title if isinstance(thread.title, str) else None
        url = thread.url if isinstance(thread.url, str) else None
        yield replace(
            thread, id=_no_nul(thread.id), source=_no_nul(thread.source), title=_no_nul(title), url=_no_nul(url),
            posts=posts,
        )  # fmt: skip
