"""Shared assertions: an annotation's label and offsets, and the grounding invariant, checked together."""

from anecdata.model import Annotation, Post


def assert_annotation(post: Post, a: Annotation, label: str, text: str | None = None) -> None:
    """``a`` has ``label``, points at the characters it carries, and (optionally) carries ``text``."""
    assert a.label == label, f"{a.text!r} is {a.label}, expected {label}"
    assert post.text[a.start : a.end] == a.text
    if text is not None:
        assert a.text == text


def assert_grounded(posts) -> None:
    """Every annotation of every post satisfies ``post.text[a.start:a.end] == a.text``; so do its cues' bounds."""
    for post in posts:
        for a in post.annotations:
            assert post.text[a.start : a.end] == a.text, (post.id, a)
            for cue in a.explanation.cues:
                assert 0 <= cue.start <= cue.end <= len(post.text), (post.id, a, cue)
