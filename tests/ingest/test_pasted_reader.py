"""The pasted-thread reader: posts, authors and addressees from the cues that real threads carry."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anecdata.ingest.pasted import read_pasted_thread
from anecdata.model import Person
from paths import example_threads


@pytest.mark.parametrize("path", example_threads(), ids=lambda p: p.stem)
def test_pasted_reader_segments_each_example_as_its_sidecar_says(path):
    expected = json.loads(path.with_suffix(".expected.json").read_text())
    thread = read_pasted_thread(path.read_text(encoding="utf-8"), path.name)
    got = [
        {"first_words": " ".join(p.text.split()[:6]), "author": p.author, "addressee": p.addressee}
        for p in thread.posts
    ]
    assert got == expected["posts"]


def test_pasted_reader_finds_three_posts_in_the_seed_thread(seed_text, seed_people):
    thread = read_pasted_thread(seed_text, "seed")
    assert len(thread.posts) == 3
    opening, second, third = thread.posts
    monte = seed_people.opening_author
    assert second.addressee == monte and third.addressee == monte
    assert third.author == seed_people.signer and third.attrs["author_from"] == "signature"
    assert third.text.rstrip().endswith("MD") and "LMT" in third.text
    assert opening.author == monte and opening.attrs["author_from"] == "addressed_by_reply"
    assert second.parent_id == opening.id == third.parent_id


def test_pasted_reader_posts_are_exact_substrings_of_the_input(seed_text):
    thread = read_pasted_thread(seed_text, "seed")
    for post in thread.posts:
        start = post.attrs["source_start"]
        assert seed_text[start : start + len(post.text)] == post.text


SINGLE_BLANK = """My knee has hurt for two months after I upped my mileage.

I tried rest and ice. Neither did much.

Thanks,
Ravi

Ravi, same thing happened to me last year. Strengthening fixed it.

@Ravi also check your shoes.
- Ola"""


@pytest.mark.parametrize(
    ("text", "authors", "addressees"),
    [
        (SINGLE_BLANK, ["Ravi", None, "Ola"], [None, "Ravi", "Ravi"]),
        (
            "Opening post.\n---\nHi Sam, reply one.\n---\nreply two\n- Kim",
            ["Sam", None, "Kim"],
            [None, "Sam", None],
        ),
        ("From: ann\nFirst.\n\nStill first.\nFrom: bo\nSecond.", ["ann", "bo"], [None, None]),
        (
            "Long post here.\n\nsecond paragraph of it.\n\nJo wrote:\n> Long post here.\nI disagree.",
            ["Jo", None],
            [None, "Jo"],
        ),
    ],
    ids=["single-blank-lines", "dashes", "from-headers", "quote-attribution"],
)
def test_pasted_reader_handles_each_format(text, authors, addressees):
    thread = read_pasted_thread(text, "t")
    assert [p.author for p in thread.posts] == authors
    assert [p.addressee for p in thread.posts] == addressees


def test_pasted_reader_keeps_a_multi_paragraph_post_whole():
    text = "Para one about my heel.\n\nPara two, still me.\n\n\n\nPara three after many blank lines."
    assert len(read_pasted_thread(text, "t").posts) == 1


def test_pasted_reader_ids_are_deterministic():
    a = read_pasted_thread(SINGLE_BLANK, "x.txt")
    b = read_pasted_thread(SINGLE_BLANK, "x.txt")
    assert [p.id for p in a.posts] == [p.id for p in b.posts]


PARAGRAPHS = st.lists(
    st.text(alphabet=st.sampled_from("abcdefghij ,.?!'\n@-HTMJ"), min_size=1, max_size=60),
    min_size=1,
    max_size=12,
)


@settings(max_examples=200, deadline=None)
@given(PARAGRAPHS, st.lists(st.integers(1, 3), min_size=12, max_size=12))
def test_pasted_reader_never_loses_or_duplicates_text(paragraphs, gaps):
    text = "".join(p + "\n" * (g + 1) for p, g in zip(paragraphs, gaps, strict=False))
    if not text.strip() or "---" in text or "From:" in text:
        return
    thread = read_pasted_thread(text, "t")
    covered = "".join(p.text for p in thread.posts)
    assert "".join(covered.split()) == "".join(text.split())
    for post in thread.posts:
        start = post.attrs["source_start"]
        assert text[start : start + len(post.text)] == post.text


def _marked(post, extent):
    return post.text[extent.start : extent.end] if extent is not None else None


def test_pasted_reader_marks_closings_and_quotes_in_the_post_context():
    posts = read_pasted_thread(SINGLE_BLANK, "t").posts
    assert [_marked(p, p.context.closing) for p in posts] == ["Thanks,\nRavi", None, "- Ola"]
    text = "Long post here.\n\nsecond paragraph of it.\n\nJo wrote:\n> Long post here.\nI disagree."
    opening, reply = read_pasted_thread(text, "t").posts
    assert opening.context.quotes == ()
    (quote,) = reply.context.quotes
    assert (_marked(reply, quote), quote.author) == ("Jo wrote:\n> Long post here.", "Jo")
    assert "closing_start" not in reply.attrs and "quotes" not in reply.attrs


def test_pasted_reader_unsigned_posts_are_each_their_own_writer():
    text = (
        "My heel hurts every morning.\n---\nIce helped my heel.\n---\nNothing helped mine.\n---\nStretch first.\n- Ann"
    )
    posts = read_pasted_thread(text, "t").posts
    writers = [Person.writer_of(p) for p in posts]
    assert [w.name for w in writers] == ["writer of post 1", "writer of post 2", "writer of post 3", "Ann"]
    assert [w.named for w in writers] == [False, False, False, True]  # so thread logic never joins them by name


def test_pasted_reader_from_lines_tie_posts_of_one_writer_together():
    text = "From: ann_k\nMy heel hurts.\n\nFrom: bo\nTry ice.\n\nFrom: ann_k\nIce helped, thanks."
    first, second, third = (Person.writer_of(p) for p in read_pasted_thread(text, "t").posts)
    assert first == third and first != second


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "Sciatica after a fall - what helped?\n\nI fell on ice in March.\n\nStill sore.",
            "Sciatica after a fall - what helped?",
        ),
        ("Hi everyone\n\nMy heel hurts.", None),  # a greeting opens the post
        ("My heel hurts.\n\nIce helped a bit.", None),  # a sentence, not a title
        ("Heel pain for a year\n\n- Kim", None),  # a title needs the post below it, not a signature
        ("Heel pain for a year", None),
    ],
)
def test_pasted_reader_marks_a_title_above_the_opening_post(text, title):
    thread = read_pasted_thread(text, "t")
    opening = thread.posts[0]
    assert thread.title == title == _marked(opening, opening.context.title)
