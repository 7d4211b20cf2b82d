"""The ``anecdata_pii`` component in a pipeline: explained, non-overlapping, grounded findings, in linear time."""

import itertools
import time

import pytest

from anecdata.ingest.pasted import read_pasted_thread
from anecdata.read.pipeline import annotate_texts, annotate_thread, build_pipeline
from assertions import assert_grounded

POST = (
    "Hi Rowan, call me at 555-0148 or mail dana@example.com. I live in Grand Rapids, MI.\n"
    "Dr. Sarno's book and Graston helped my Achilles. @marcus_t agreed.\n\n"
    "Thanks,\nDana Lee Whitfield, LMT\nCedar Falls, IA"
)


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(("anecdata_sentences", "anecdata_pii"))


@pytest.fixture(scope="module")
def found(nlp):
    (annotations,) = annotate_texts([POST], nlp)
    return [a for a in annotations if a.layer == "pii"]


def test_pii_component_finds_every_kind(found):
    assert {(a.label, a.text) for a in found} >= {
        ("person", "Rowan"),
        ("contact", "555-0148"),
        ("contact", "dana@example.com"),
        ("location", "Grand Rapids, MI"),
        ("handle", "@marcus_t"),
        ("person", "Dana Lee Whitfield"),
        ("credential", "LMT"),
        ("location", "Cedar Falls, IA"),
    }


def test_pii_component_leaves_medical_words_and_public_authors_alone(found):
    assert not [a for a in found if {"Graston", "Achilles"} & set(a.text.split())]
    assert not [a for a in found if a.text.startswith("Sarno")]  # public.toml's author: his book is the treatment


def test_a_title_names_someone_even_by_a_word_the_vocabulary_knows():
    text = "Dr. Graston told me to rest. The Graston technique helped, and so did Dr. Sarno's book."
    (annotations,) = annotate_texts([text])
    found = [(text[a.start : a.end], a.label) for a in annotations if a.layer == "pii"]
    assert found == [("Graston", "person")]
    assert [text[a.start : a.end] for a in annotations if a.layer == "mention" and "Graston" in a.text] == [
        "Graston technique"
    ]


def test_pii_component_findings_explain_themselves_without_quoting_pii(found):
    for a in found:
        assert a.origin.component == "anecdata_pii" and a.origin.part and a.origin.rule
        assert a.explanation.note and a.text not in a.explanation.note
        assert 0 < a.score <= 1
        for cue in a.explanation.cues:
            assert 0 <= cue.start < cue.end <= len(POST)
    phone = next(a for a in found if a.text == "555-0148")
    assert "'call'" in phone.explanation.note and any(c.kind == "context" for c in phone.explanation.cues)


def test_pii_component_findings_do_not_overlap(found):
    spans = sorted((a.start, a.end) for a in found)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(spans))


def test_pii_component_uses_the_names_the_thread_knows(nlp):
    text = "From: greg_h\nMy wife has sciatica.\n\nFrom: lumbar_lena\nGreg, I had the same. Tell her.\n"
    thread = annotate_thread(read_pasted_thread(text, "t"), nlp)
    assert_grounded(thread.posts)
    second = thread.posts[-1]
    assert ("person", "Greg") in {(a.label, a.text) for a in second.layer("pii")}


def _seconds(nlp, text: str) -> float:
    started = time.process_time()
    list(annotate_texts([text], nlp))
    return time.process_time() - started


def test_pii_component_time_is_linear_in_a_list_of_usernames():
    """A post that is a list of thousands of handles and names: ten times the list, about ten times the time.

    The PII component alone: it is what this test guards (without sentences, the tagger reads lines).
    """
    nlp = build_pipeline(("anecdata_pii",))
    line = "@runner_{0} Jamie Rivera_{0} jamie{0}@example.com u/heel_{0}\n"
    small = "".join(line.format(i) for i in range(300))
    large = "".join(line.format(i) for i in range(3000))
    _seconds(nlp, small)
    ratio = _seconds(nlp, large) / max(_seconds(nlp, small), 1e-3)
    assert ratio < 25, f"10x the input took {ratio:.1f}x the time"


def test_pii_component_finds_the_same_alone_and_in_batches(nlp):
    """``pipe`` tags a batch's sentences together; each doc's findings are those it gets on its own."""
    texts = [POST, "My husband Dave and I moved to Leeds.", "", "Tried Linzess.\nThanks, Mo", POST[::-1]]

    def found(doc):
        return [(s.start_char, s.end_char, s.label_, s._.anecdata["score"]) for s in doc.spans["pii"]]

    alone = [found(nlp(t)) for t in texts]
    assert [found(doc) for doc in nlp.pipe(texts, batch_size=3)] == alone
    assert any(alone)
