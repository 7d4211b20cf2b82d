"""Posts longer than a reading window are read in pieces; longer than the pipeline reads, refused (issue 17)."""

import itertools

import pytest

from anecdata.model import Post, PostContext, Quote, TextExtent
from anecdata.read import pipeline
from anecdata.read.pipeline import PostTooLong, annotate_posts, text_windows, window_post

PARAGRAPH = (
    "I tried ibuprofen for my sciatica and it helped a lot. My doctor said I should rest, "
    "but the physio said to keep walking. Did anyone else try dry needling?"
)


def _long_post(paragraphs: int, **kw) -> Post:
    return Post(id="p-long", thread_id="t", position=0, text="\n\n".join([PARAGRAPH] * paragraphs), **kw)


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("\n\n".join(["word " * 30] * 20), 200),
        ("One sentence here. " * 200, 100),
        ("x" * 1000, 64),  # no place to cut: cut at the size
        ("short", 100),
    ],
)
def test_pipeline_text_windows_cover_the_text_in_order_within_the_size(text, size):
    windows = text_windows(text, size)
    assert windows[0][0] == 0 and windows[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(windows))
    assert all(0 < end - start <= size for start, end in windows)


def test_pipeline_text_windows_cut_after_a_paragraph_break():
    text = "\n\n".join(["word " * 30] * 20)
    for _, end in text_windows(text, 400)[:-1]:
        assert text[:end].endswith("\n\n")


def test_pipeline_window_post_cuts_and_shifts_the_context():
    post = Post(
        id="p",
        thread_id="t",
        position=0,
        text="a" * 100,
        context=PostContext(
            title=TextExtent(0, 10), quotes=(Quote(20, 60, author="Mara"),), closing=TextExtent(90, 100)
        ),
    )
    window = window_post(post, 50, 95)
    assert window.text == "a" * 45
    assert window.context.title is None
    assert window.context.quotes == (Quote(0, 10, author="Mara"),)
    assert window.context.closing == TextExtent(40, 45)


def test_pipeline_long_post_is_read_in_windows_at_post_offsets(monkeypatch):
    monkeypatch.setattr(pipeline, "WINDOW_CHARS", 400)
    post = next(annotate_posts([_long_post(12)]))
    windows = text_windows(post.text, 400)
    assert len(windows) > 3
    found = {(a.layer, a.label, a.text, a.start) for a in post.annotations}
    for start, end in windows:  # each window gets what its text alone gets, shifted to where it stands
        alone = next(annotate_posts([Post(id="w", thread_id="t", position=0, text=post.text[start:end])]))
        assert alone.annotations
        assert {(a.layer, a.label, a.text, a.start + start) for a in alone.annotations} <= found
    ids = {a.id for a in post.annotations}
    for a in post.annotations:
        assert post.text[a.start : a.end] == a.text
        assert set(a.links) <= ids
        assert all(0 <= c.start <= c.end <= len(post.text) for c in a.explanation.cues)


def test_pipeline_post_longer_than_the_limit_is_refused_in_one_line(monkeypatch):
    monkeypatch.setattr(pipeline, "MAX_POST_CHARS", 500)
    with pytest.raises(PostTooLong, match=r"post p-long has 1,\d+ characters, more than the 500"):
        list(annotate_posts([_long_post(10)]))
