"""Hostile inputs to ``ingest`` (issue 17 points 2, 3, 4 and 6): each gives a one-line problem with its place, or
a counted skip, and the store afterwards holds what the good records alone give, on SQLite and PostgreSQL.

Inputs are generated here, small; the sizes that matter (nesting depth, line length) are the hostile ones.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from anecdata.ingest.source import Problem
from anecdata.jobs import IngestOptions, ingest_sources
from anecdata.store import open_store

GOOD = "I tried ibuprofen for my knee and it helped."
DEEP = 900
"""Nesting deeper than Python's recursion limit allows a recursive walk."""


def _comment(cid: str, body: object = GOOD, **fields: object) -> dict:
    return {"id": cid, "link_id": "t3_abc", "parent_id": "t3_abc", "subreddit": "knees", "author": "ann"} | {
        "body": body,
        **fields,
    }


def _ndjson(path: Path, records: list[dict | str]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _write(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def _topic(path: Path, posts: list[object]) -> Path:
    topic = {"id": 7, "title": "Knees", "url": "https://forum.example.org/t/knees/7", "post_stream": {"posts": posts}}
    path.write_text(json.dumps(topic), encoding="utf-8")
    return path


def _cooked(number: int, cooked: str, **fields: object) -> dict:
    return {"post_number": number, "username": "bo", "cooked": cooked, **fields}


def _nested(tag: str, inner: str, depth: int = DEEP) -> str:
    return f"<{tag}>" * depth + inner + f"</{tag}>" * depth


PHPBB = """<html><head><title>Knees</title></head><body>
<div id="p1" class="post"><span class="username">ann</span><div class="content">{body}</div></div>
<div id="p2" class="post"><span class="username">bo</span><div class="content"><p>{good}</p></div></div>
</body></html>"""
MBOX_HTML = (
    "From ann@example.org Mon Jun  5 10:00:00 2023\nFrom: Ann <ann@example.org>\nSubject: knees\n"
    "Message-ID: <m1@example.org>\nContent-Type: text/html; charset=utf-8\n\n{body}\n\n"
)


@dataclass(frozen=True)
class Case:
    """A hostile input: how to write it, the format forced (None: sniffed), what must be reported, and the texts
    (or the number of posts) the store must hold afterwards."""

    name: str
    write: Callable[[Path], Path]
    problems: tuple[str, ...]
    stored: int
    texts: tuple[str, ...] = ()
    fmt: str | None = None


CASES = [
    Case(
        "reddit author is an object",
        lambda d: _ndjson(d / "RC.ndjson", [_comment("a1"), _comment("a2", author={"x": 1}), _comment("a3")]),
        ("line 2: field 'author' is an object, not text",),
        2,
        (GOOD, GOOD),
    ),
    Case(
        "reddit body is a list",
        lambda d: _ndjson(d / "RC.ndjson", [_comment("a1"), _comment("a2", body=["list"])]),
        ("line 2: field 'body' is a list, not text",),
        1,
    ),
    Case(
        "reddit body is null",
        lambda d: _ndjson(d / "RC.ndjson", [_comment("a1", body=None), _comment("a2")]),
        ("line 1: comment 'a1' has no body (null or missing)",),
        1,
    ),
    Case(
        "reddit id too large for a position",
        lambda d: _ndjson(d / "RC.ndjson", [_comment("z" * 20), _comment("a2")]),
        ("is not a 64-bit integer",),
        1,
    ),
    Case(
        "NUL in a comment's text, author and id",
        lambda d: _ndjson(d / "RC.ndjson", [_comment("a1", body="heat\u0000 helped", author="a\u0000n")]),
        ("post t1_a1: NUL character(s) replaced with U+FFFD in its text, author",),
        1,
        ("heat\ufffd helped",),
    ),
    Case(
        "NUL in a JSONL row's id and thread",
        lambda d: _ndjson(d / "x.jsonl", [{"id": "r\u00001", "thread": "t\u0000", "text": GOOD}]),
        ("NUL character(s) replaced with U+FFFD in its source id",),
        1,
        (GOOD,),
    ),
    Case(
        "reddit dump whose first line is longer than 64 KB",
        lambda d: _ndjson(d / "RC.ndjson", [_comment("a1", body="knee " * 40_000), _comment("a2")]),
        (),
        2,
    ),
    Case(
        "line that is not valid UTF-8",
        lambda d: _write(
            d / "RC.ndjson", json.dumps(_comment("a1")).encode().replace(b"ibuprofen", b"ibu\xffprofen") + b"\n"
        ),
        ("line 1: 1 byte(s) not valid UTF-8, replaced with U+FFFD",),
        1,
        (GOOD.replace("ibuprofen", "ibu\ufffdprofen"),),
    ),
    Case(
        "random bytes named .mbox",
        lambda d: _write(d / "x.mbox", bytes(range(256)) * 40),
        ("not an mbox archive", "nothing stored from this file"),
        0,
    ),
    Case(
        "Discourse JSON nested 100k brackets",
        lambda d: _write(d / "t.json", "[" * 100_000 + "]" * 100_000),
        ("not JSON (depth limit exceeded)", "nothing stored from this file"),
        0,
        fmt="discourse",
    ),
    Case(
        "Discourse JSON that is not UTF-8",
        lambda d: _write(
            d / "t.json",
            json.dumps(
                {"id": 7, "url": "https://f.example.org", "post_stream": {"posts": [_cooked(1, "<p>caf\u00e9</p>")]}}
            )
            .encode()
            .replace(b"\\u00e9", b"\xe9"),
        ),
        ("1 byte(s) not valid UTF-8, replaced with U+FFFD",),
        1,
        ("caf\ufffd",),
        fmt="discourse",
    ),
    Case(
        "Discourse cooked HTML nested 900 levels, and posts of the wrong types",
        lambda d: _topic(
            d / "t.json",
            [
                _cooked(1, _nested("div", GOOD)),
                _cooked(2, _nested("blockquote", "quoted") + "<p>mine</p>"),
                _cooked(3, ["list"]),
                _cooked(4, "<p>x</p>", username={"x": 1}),
                _cooked(5, "<p>x</p>", reply_to_user=["bo"]),
                "not a post",
            ],
        ),
        (
            "post_stream.posts[2]: unreadable post (field 'cooked' is a list, not text)",
            "post_stream.posts[3]: unreadable post (field 'username' is an object, not text)",
            "post_stream.posts[4]: unreadable post (field 'reply_to_user' is not an object)",
            "post_stream.posts[5]: unreadable post (not an object)",
        ),
        2,
    ),
    Case(
        "phpBB page with a post nested 900 levels",
        lambda d: _write(d / "p.html", PHPBB.format(body=_nested("div", GOOD), good=GOOD)),
        (),
        2,
        (GOOD, GOOD),
    ),
    Case(
        "HTML mail nested 900 levels",
        lambda d: _write(d / "m.mbox", MBOX_HTML.format(body=_nested("div", GOOD))),
        (),
        1,
        (f"knees {GOOD}",),  # the thread's opening message reads its subject first
    ),
    Case(
        "JSONL author is an object",
        lambda d: _ndjson(
            d / "x.jsonl",
            [{"id": 1, "text": GOOD}, {"id": 2, "text": "x", "author": {"n": 1}}, {"id": 3, "text": GOOD}],
        ),
        ("line 2: column 'author' holds an object, not text",),
        2,
        (GOOD, GOOD),
    ),
    Case(
        "a Reddit dump read as Discourse",
        lambda d: _ndjson(d / "RC.ndjson", [_comment("a1"), _comment("a2")]),
        ("not JSON", "nothing stored from this file"),
        0,
        fmt="discourse",
    ),
    Case(
        "binary bytes read as HTML",
        lambda d: _write(d / "b.html", bytes(range(256)) * 4),
        ("no phpBB, vBulletin or XenForo posts", "nothing stored from this file"),
        0,
        fmt="html",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input_is_reported_and_the_good_records_are_stored(case, backend_url, tmp_path):
    path = case.write(tmp_path)
    problems: list[Problem] = []
    with open_store(backend_url) as store:
        report = ingest_sources([str(path)], store, IngestOptions(fmt=case.fmt), on_problem=problems.append)
        lines = [str(p) for p in problems]
        for expected in case.problems:
            assert any(expected in line for line in lines), (expected, lines)
        if not case.problems:
            assert lines == []
        assert all("\n" not in line and "Traceback" not in line for line in lines)
        assert report.counts.posts == store.count("posts") == case.stored
        texts = [row[0] for row in store.query("SELECT text FROM posts ORDER BY seq")]
        if case.texts:
            assert [" ".join(t.split()) for t in texts] == list(case.texts)
        assert not any(
            "\x00" in value for row in store.query("SELECT * FROM posts") for value in row if isinstance(value, str)
        )
