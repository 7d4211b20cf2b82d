"""The data model: the grounding invariant, deterministic ids, label validation."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anecdata.errors import GroundingError
from anecdata.model import Annotation, Post


@given(st.text(min_size=1, max_size=200), st.data())
def test_model_annotation_over_is_always_grounded(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    a = Annotation.over("p1", text, start, end, layer="mention", label="symptom")
    post = Post(id="p1", thread_id="t", position=0, text=text, annotations=(a,))
    assert post.text[a.start : a.end] == a.text


@given(st.text(min_size=2, max_size=80))
def test_model_post_refuses_an_annotation_that_points_elsewhere(text):
    wrong = Annotation(post_id="p1", start=0, end=1, text="\x00", layer="mention", label="symptom")
    if text[0] == "\x00":
        return
    with pytest.raises(GroundingError):
        Post(id="p1", thread_id="t", position=0, text=text, annotations=(wrong,))


def test_model_annotation_id_is_deterministic_and_label_checked():
    a = Annotation.over("p1", "heel pain", 0, 9, layer="mention", label="condition")
    b = Annotation.over("p1", "heel pain", 0, 9, layer="mention", label="condition")
    assert a.id == b.id and len(a.id) == 12
    with pytest.raises(GroundingError, match="not in layer"):
        Annotation.over("p1", "heel pain", 0, 9, layer="mention", label="claim")
    with pytest.raises(GroundingError, match="outside"):
        Annotation.over("p1", "heel pain", 0, 9, layer="mention", label="condition", score=1.5)


def test_model_post_refuses_an_annotation_of_another_post():
    a = Annotation.over("p2", "abc", 0, 1, layer="mention", label="symptom")
    with pytest.raises(GroundingError, match="belongs to post"):
        Post(id="p1", thread_id="t", position=0, text="abc", annotations=(a,))
