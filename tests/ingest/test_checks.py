"""The net under every reader: posts whose fields cannot be stored are skipped, NULs replaced (issue 17)."""

import pytest

from anecdata.ingest.checks import checked_threads, type_problem
from anecdata.model import SOURCE_ID, Post, PostContext, Quote, Thread


def _post(**fields) -> Post:
    return Post(**({"id": "p1", "thread_id": "t1", "position": 0, "text": "Heat helped."} | fields))


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"author": {"x": 1}}, "author is an object, not text"),
        ({"text": ["list"]}, "text is a list, not text"),
        ({"created": 1700000000}, "created is int, not text"),
        ({"position": 1 << 70}, "is not a 64-bit integer"),
        ({"position": True}, "is not a 64-bit integer"),
        ({"attrs": {"n": 1 << 70}}, "its attributes cannot be stored as JSON"),
        ({"attrs": {1: "x"}}, "its attributes cannot be stored as JSON"),
        ({}, None),
    ],
)
def test_checks_type_problem_names_the_field(fields, problem):
    found = type_problem(_post(**fields))
    assert found == problem if problem is None else problem in found


def test_checks_nul_is_replaced_in_every_field_keeping_offsets():
    post = _post(
        text="a\x00b > q",
        author="an\x00n",
        attrs={SOURCE_ID: "s\x001", "k\x00": ["v\x00"]},
        context=PostContext(quotes=(Quote(4, 7, author="m\x00"),)),
    )
    problems = []
    (thread,) = checked_threads([Thread(id="t1", source="s", posts=(post,), title="T\x00")], "f", problems.append)
    (clean,) = thread.posts
    assert clean.text == "a\ufffdb > q" and clean.author == "an\ufffdn" and thread.title == "T\ufffd"
    assert (
        clean.attrs == {SOURCE_ID: "s\ufffd1", "k\ufffd": ["v\ufffd"]} and clean.context.quotes[0].author == "m\ufffd"
    )
    assert [str(p) for p in problems] == [
        "f: post s\ufffd1: NUL character(s) replaced with U+FFFD in its text, author, source id, quote attribution"
    ]


def test_checks_thread_left_without_posts_is_left_out():
    problems = []
    assert list(checked_threads([Thread(id="t", source="s", posts=(_post(author=[1]),))], "f", problems.append)) == []
    assert [str(p) for p in problems] == ["f: post p1: skipped: author is a list, not text"]
