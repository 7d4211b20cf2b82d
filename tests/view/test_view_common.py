"""Wording both views share: names, answers, attribute flags and one-line summaries."""

from __future__ import annotations

from typing import Any

import pytest

from anecdata.model import Annotation, Concept, Question, Thread
from anecdata.view import annotation_summary, answered_by, attr_flags, person

TEXT = "I tried the night splint\nfor weeks."


@pytest.mark.parametrize(("name", "expected"), [("Joan", "Joan"), (None, "unknown"), ("", "unknown")])
def test_view_person_names_the_unknown(name: str | None, expected: str) -> None:
    assert person(name) == expected


@pytest.mark.parametrize(
    ("attrs", "expected"),
    [
        ({}, []),
        ({"negated": True, "uncertain": False}, ["negated"]),
        ({"experiencer": "family", "match": "exact"}, ["experiencer=family"]),
        ({"hypothetical": True, "historical": None, "claim_type": ""}, ["hypothetical"]),
    ],
)
def test_view_attr_flags_show_only_what_is_set(attrs: dict[str, Any], expected: list[str]) -> None:
    assert attr_flags(attrs) == expected


@pytest.mark.parametrize(
    ("start", "end", "kw", "max_chars", "expected"),
    [
        (12, 24, {}, 0, "treatment: night splint"),
        (
            12,
            24,
            {"concept": Concept("x", "1", "Night splint"), "attrs": {"match": "exact", "negated": True}},
            0,
            "treatment: night splint → Night splint (exact) · negated",
        ),
        (0, 35, {}, 0, "treatment: I tried the night splint for weeks."),
        (0, 35, {}, 10, "treatment: I tried t…"),
    ],
)
def test_view_annotation_summary_is_one_line(
    start: int, end: int, kw: dict[str, Any], max_chars: int, expected: str
) -> None:
    a = Annotation.over("p", TEXT, start, end, "mention", "treatment", **kw)
    assert annotation_summary(a, {}, max_chars) == expected


def test_view_answered_by_numbers_posts_from_one(friendly_thread: Thread) -> None:
    answered, open_question = friendly_thread.questions
    assert answered_by(friendly_thread, answered) == "post 2"
    assert answered_by(friendly_thread, open_question) == "no answer in thread"
    stray = Question("q", "p1", "?", None, None, answered_by="elsewhere")
    assert answered_by(friendly_thread, stray) == "post elsewhere"
