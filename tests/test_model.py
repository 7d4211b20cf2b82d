"""The data model: the grounding invariant, deterministic ids, label validation."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anecdata.errors import DataError, GroundingError
from anecdata.model import (
    EMPTY_CONTEXT,
    Annotation,
    Person,
    Post,
    PostContext,
    Quote,
    TextExtent,
    is_unsigned_writer,
)


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


def test_model_person_writer_of_a_post_is_its_author_or_the_post_by_position():
    signed = Post("p1", "t", 0, "Ice helped.", author="Mara")
    unsigned = Post("p2", "t", 2, "Heat did nothing.")
    assert Person.writer_of(signed) == Person("Mara")
    assert Person.writer_of(unsigned) == Person("writer of post 3", named=False)
    assert is_unsigned_writer("writer of post 3") and not is_unsigned_writer("Mara")


def test_model_person_spoken_of_hangs_off_its_writer():
    mara = Person("Mara")
    client = Person.spoken_of(mara, "client")
    assert (client.name, client.kind, client.relation, client.writer, client.named) == (
        "Mara's client",
        "other",
        "client",
        mara,
        False,
    )
    assert client != mara and Person.spoken_of(mara, "client") == client  # a value: counted once
    assert Person.spoken_of(mara, "daughter", "Lily").name == "Lily"
    assert Person.spoken_of(mara, None).name == "someone Mara speaks of"


def test_model_person_shown_renames_only_names_the_text_gave():
    rename = {"Mara": "Person-1", "Lily": "Person-2"}.__getitem__
    mara = Person("Mara")
    assert Person.spoken_of(mara, "client").shown(rename) == "Person-1's client"
    assert Person.spoken_of(mara, "daughter", "Lily").shown(rename) == "Person-2"
    assert Person("writer of post 2", named=False).shown(rename) == "writer of post 2"
    assert mara.shown() == "Mara"


def test_model_person_renamed_keeps_who_they_are():
    """A redacted view holds a person, not a string: the relation and writer stay, only names change."""
    rename = {"Mara": "Person-1", "Lily": "Person-2"}.__getitem__
    mara, unsigned = Person("Mara"), Person("writer of post 2", named=False)
    client = Person.spoken_of(mara, "client").renamed(rename)
    assert client == Person.spoken_of(Person("Person-1"), "client")
    assert Person.spoken_of(mara, "daughter", "Lily").renamed(rename) == Person.spoken_of(
        Person("Person-1"), "daughter", "Person-2"
    )
    assert Person.spoken_of(unsigned, "client").renamed(rename) == Person.spoken_of(unsigned, "client")
    assert unsigned.renamed(rename) == unsigned


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": "", "kind": "writer"}, "a person needs a name"),
        ({"name": "Mara", "kind": "patient"}, "person kind 'patient'"),
        ({"name": "Mara", "relation": "client"}, "only others a writer speaks of"),
        ({"name": "a client", "kind": "other", "relation": "client"}, "needs the writer"),
    ],
)
def test_model_person_refuses_inconsistent_fields(kwargs, message):
    with pytest.raises(DataError, match=message):
        Person(**kwargs)


def test_model_post_context_places_annotations_by_their_start():
    context = PostContext(title=TextExtent(0, 5), quotes=(Quote(6, 12, author="Kim"),), closing=TextExtent(20, 24))
    assert context.quote_of(6).author == "Kim" and context.quote_of(12) is None
    assert context.title.has(0) and not context.title.has(5)
    assert EMPTY_CONTEXT.empty and not context.empty


def test_model_post_refuses_a_context_past_its_text():
    with pytest.raises(GroundingError, match="past its text"):
        Post("p", "t", 0, "short", context=PostContext(closing=TextExtent(2, 9)))
