"""Plain-text post layout: quotes marked (not cut) with their quoted writer, placeholders of deleted posts."""

import pytest

from anecdata.ingest.layout import placeholder_status, plain_context, text_quotes, titled
from anecdata.model import Post, TextExtent

MAIL = "On Mon, Jun 5, 2023 at 8:14 AM Gwen Alvarez <g@example.com>\nwrote:\n"
QUOTES = [
    ("no quotes at all", []),
    ("Hi\n> quoted\nmine", [("> quoted", None)]),
    ("Kim wrote:\n> a\nok", [("Kim wrote:\n> a", "Kim")]),
    ("Kim wrote:\n\n> a\n\nmine", [("Kim wrote:\n\n> a", "Kim")]),
    (f"{MAIL}> a\n>\n> b\n\nok", [(f"{MAIL}> a\n>\n> b", "Gwen Alvarez")]),
    ("&gt; escaped as in dumps\nreply", [("&gt; escaped as in dumps", None)]),
    (
        "Quote:\nOriginally Posted by heel_hurts\nRolling helped.\nStill does.\n\nMine too.",
        [("Quote:\nOriginally Posted by heel_hurts\nRolling helped.\nStill does.", "heel_hurts")],
    ),
    ("Quote:\nOriginally Posted by Kim\n> quoted\nmine", [("Quote:\nOriginally Posted by Kim\n> quoted", "Kim")]),
    (
        "shin_sam said:\nPT helped me.\nClick to expand...\nGlad to hear.",
        [("shin_sam said:\nPT helped me.\nClick to expand...", "shin_sam")],
    ),
    ("Quote from: Lee on March 3, 2020\nIce works.\n\nok", [("Quote from: Lee on March 3, 2020\nIce works.", "Lee")]),
    # A sentence that ends "you said:" is the writer's own; only the ">" lines are quoted, by nobody named.
    ("Hi Bo, about one thing you said:\n> rest it\nI would not.", [("> rest it", None)]),
    ("My doctor said:\nrest it.", []),
    ("Kim wrote:\n> one\n\nmine\n\nLee wrote:\n> two", [("Kim wrote:\n> one", "Kim"), ("Lee wrote:\n> two", "Lee")]),
]


@pytest.mark.parametrize(("text", "quotes"), QUOTES)
def test_layout_text_quotes_marks_quotes_with_their_writer(text, quotes):
    assert [(text[q.start : q.end], q.author) for q in text_quotes(text)] == quotes


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ("[deleted]", "deleted"),
        (" [removed]\n", "removed"),
        ("[deleted by user]", "deleted"),
        ("I [deleted] it", "present"),
    ],
)
def test_layout_placeholder_status(body, status):
    assert placeholder_status(body) == status


def test_layout_plain_context_reads_quotes_and_status_after_the_title():
    text = "> not a quote, a title\n\n[removed]"
    context = plain_context(text, title=TextExtent(0, 22), body_start=24)
    assert (context.quotes, context.status, context.title) == ((), "removed", TextExtent(0, 22))
    text = "Title\n\nKim wrote:\n> a"
    (quote,) = plain_context(text, body_start=7).quotes
    assert text[quote.start : quote.end] == "Kim wrote:\n> a"


def test_the_opening_post_reads_the_thread_title_first_and_its_marks_move_with_its_text():
    text = "Kim wrote:\n> ice helps\n\nHydrodilatation did it for me.\n\n-- Lin"
    post = Post("p1", "t1", 1, text, context=plain_context(text, closing=TextExtent(len(text) - 6, len(text))))
    title = "Frozen shoulder: hydrodilatation?"
    opening = titled(post, title)
    assert opening.text == f"{title}\n\n{text}"
    assert opening.context.title == TextExtent(0, len(title))
    (quote,) = opening.context.quotes
    assert opening.text[quote.start : quote.end] == text[post.context.quotes[0].start : post.context.quotes[0].end]
    assert opening.text[opening.context.closing.start : opening.context.closing.end] == "-- Lin"
    assert titled(opening, "Another title") is opening and titled(post, None) is post and titled(post, " ") is post
