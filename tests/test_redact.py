"""Redaction as a view: masked copies keep every annotation grounded; the stored thread is untouched."""

import pytest

from anecdata.ingest.pasted import read_pasted_thread
from anecdata.read.pipeline import annotate_thread
from anecdata.redact import redact_threads
from anecdata.thread import add_thread_logic
from assertions import assert_grounded
from paths import example_threads


@pytest.fixture(scope="module")
def read_examples():
    return [
        add_thread_logic(annotate_thread(read_pasted_thread(p.read_text(encoding="utf-8"), p.name)))
        for p in example_threads()
    ]


@pytest.mark.parametrize("mode", ["mask", "pseudonymise"])
def test_redact_keeps_every_annotation_grounded(read_examples, mode):
    for thread in redact_threads(read_examples, mode):
        assert_grounded(thread.posts)


@pytest.mark.parametrize("mode", ["mask", "pseudonymise"])
def test_redact_hides_signed_names_and_towns(read_examples, mode):
    redacted = redact_threads(read_examples, mode)
    text = "\n".join(p.text for t in redacted for p in t.posts)
    authors = {p.author for t in redacted for p in t.posts}
    for secret in ("Marisol Quintero", "Asheville, NC", "Ian Kowalczyk", "Grand Rapids", "(406) 555-0148"):
        assert secret not in text
    assert "Marisol Quintero" not in authors


def test_redact_leaves_the_original_intact(read_examples):
    before = [p.text for t in read_examples for p in t.posts]
    redact_threads(read_examples, "mask")
    assert [p.text for t in read_examples for p in t.posts] == before


def test_redact_pseudonyms_are_stable_across_posts(read_examples):
    (thread,) = redact_threads([t for t in read_examples if t.source == "plantar-fasciitis.txt"], "pseudonymise")
    joans = {p.author for p in thread.posts if p.position in (0, 5)}
    assert len(joans) == 1 and joans != {"Joan"}
