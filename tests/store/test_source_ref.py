"""A count's references are typed values, written ``post_id:annotation_id`` only at the edges and read back in one
place (issue 19: refs were strings split again downstream)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from anecdata.store.experiences import SourceRef, refs_from_text, refs_text

_POST_IDS = st.text(st.characters(blacklist_categories=("Cs", "Z", "Cc")), min_size=1, max_size=30)
"""Post ids as sources make them: no spaces (the store's column separates references by spaces), colons allowed."""
_ANNOTATION_IDS = st.text("0123456789abcdef", min_size=1, max_size=16)
"""Annotation ids are hex hashes."""


def test_source_ref_writes_post_then_annotation():
    assert str(SourceRef("reddit:t1_abc", "9f3e")) == "reddit:t1_abc:9f3e"


def test_source_ref_reads_a_post_id_that_holds_the_separator():
    assert SourceRef.parse("reddit:t1_abc:9f3e") == SourceRef("reddit:t1_abc", "9f3e")


@given(_POST_IDS, _ANNOTATION_IDS)
def test_source_ref_reads_back_what_it_wrote(post_id, annotation_id):
    ref = SourceRef(post_id, annotation_id)
    assert SourceRef.parse(str(ref)) == ref


@given(st.lists(st.builds(SourceRef, _POST_IDS, _ANNOTATION_IDS), max_size=5))
def test_source_ref_lists_read_back_from_the_stores_column(refs):
    assert refs_from_text(refs_text(refs)) == tuple(refs)


def test_source_refs_are_values():
    """Equal references are one reference: a count lists each once."""
    assert len({SourceRef("p", "a"), SourceRef.parse("p:a")}) == 1
