"""Wording both views share: names, answers, attribute flags and one-line summaries."""

from __future__ import annotations

from typing import Any

import pytest

from anecdata.model import Annotation, Concept, Post, Question, Thread
from anecdata.view import (
    annotation_summary,
    answered_by,
    attr_flags,
    counted,
    label_words,
    labels_words,
    person,
    says_nothing,
    thread_heading,
)

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
        ({"codes": [], "concept_id": "burning"}, ["concept_id=burning"]),
        ({"codes": ["MeSH:D013315", "ICD-10-CM:G57.0"]}, ["codes=MeSH:D013315, ICD-10-CM:G57.0"]),
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


@pytest.mark.parametrize(
    ("label", "layer", "expected"),
    [
        ("claim_per_exp", "statement", "a claim from experience"),
        ("per_exp", None, "a personal experience"),
        ("no_change", "outcome", "no change"),
        ("body_part", "mention", "body part"),
        ("red_flag", "safety", "red flag"),
        ("some_new_label", None, "some new label"),
    ],
)
def test_view_label_words_say_a_label_as_the_legend_does(label: str, layer: str | None, expected: str) -> None:
    assert label_words(label, layer) == expected


def test_view_labels_words_join_a_spans_labels_in_legend_order() -> None:
    assert labels_words(["claim_per_exp", "claim"], "statement") == "a general claim and a claim from experience"
    assert labels_words(["question", "per_exp", "claim_per_exp"], "statement") == (
        "a personal experience, a claim from experience and a question"
    )
    assert labels_words(["per_exp", "per_exp"], "statement") == "a personal experience"


@pytest.mark.parametrize(
    ("n", "noun", "plural", "expected"),
    [(1, "person", "people", "1 person"), (2, "person", "people", "2 people"), (0, "post", "", "0 posts"),
     (1, "post", "", "1 post"), (1200, "thread", "", "1,200 threads")],
)  # fmt: skip
def test_view_counted_puts_the_noun_in_the_right_number(n: int, noun: str, plural: str, expected: str) -> None:
    assert counted(n, noun, plural) == expected


def _thread(title: str | None, *texts: str) -> Thread:
    posts = tuple(Post(id=f"p{n}", thread_id="t8f15af3550", position=n, text=t) for n, t in enumerate(texts))
    return Thread(id="t8f15af3550", source="pasted", title=title, posts=posts)


def test_view_thread_heading_is_the_title_else_the_first_words_else_the_id() -> None:
    assert thread_heading(_thread("Piriformis\nhelp", "text")) == "Piriformis help"
    first = "I noticed quite a few posts around how to heal from piriformis and wanted to share."
    assert thread_heading(_thread(None, "  ", first)) == "I noticed quite a few posts around how to heal from…"
    assert thread_heading(_thread(None, "Short post.")) == "Short post."
    assert thread_heading(_thread(None)) == "t8f15af3550"


@pytest.mark.parametrize(
    "text",
    ["-- [PERSON]", "[URL]", "https://example.org/a?b=1", "[PERSON] wrote:", "Tom wrote",
     "On 3 May 2020, [PERSON] wrote:", "Originally Posted by [PERSON]", "[PERSON], [CREDENTIAL]\n[LOCATION]",
     "— Ann B.", "Person-3 said:"],
)  # fmt: skip
def test_view_says_nothing_of_signatures_addresses_and_quote_headers(text: str) -> None:
    assert says_nothing(text)


@pytest.mark.parametrize(
    "text",
    ["Stretching fixed my sciatica.", "Thanks!", "Hi [PERSON]", "That is what I said", "Piriformis says: ouch",
     "Quote me on this: stretching works", "I wrote down every meal and the flares stopped after [URL] suggested it."],
)  # fmt: skip
def test_view_says_something_of_what_people_said(text: str) -> None:
    assert not says_nothing(text)
