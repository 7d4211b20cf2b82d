"""The output JSON: round trip, and the shipped JSON Schema accepts what we emit."""

import json

import jsonschema
import pytest

from anecdata.errors import AnecdataError
from anecdata.evidence.model import CUE_SOURCES, DESIGNS
from anecdata.ingest.pasted import read_pasted_thread
from anecdata.jobs import analyze_path
from anecdata.model import EMPTY_CONTEXT, EVIDENCE_STATUSES, Cue, Post, PostContext, Quote, TextExtent, Thread
from anecdata.read.pipeline import annotate_thread
from anecdata.serialise import document_from_record, document_to_record, dumps, json_schema
from anecdata.thread import add_thread_logic
from paths import example_threads


def _thread():
    path = example_threads()[0]
    return add_thread_logic(annotate_thread(read_pasted_thread(path.read_text(encoding="utf-8"), path.name)))


def test_serialise_round_trip_is_lossless():
    thread = _thread()
    assert document_from_record(json.loads(dumps([thread]))) == [thread]


def test_serialise_output_validates_against_the_schema():
    jsonschema.validate(document_to_record([_thread()], "none"), json_schema())


@pytest.fixture
def linked_thread(stretching_thread, example_evidence_db):
    """The invented stretching thread analysed against the examples' evidence: one claim with links."""
    return analyze_path(str(stretching_thread), evidence_db=example_evidence_db).thread


def test_serialise_claim_evidence_round_trips_and_validates(linked_thread):
    assert any(e.links for e in linked_thread.evidence)
    record = document_to_record([linked_thread], "none")
    jsonschema.validate(record, json_schema())
    assert document_from_record(json.loads(dumps([linked_thread]))) == [linked_thread]
    (entry, *_) = record["threads"][0]["evidence"]
    assert entry["note"] == EVIDENCE_STATUSES[entry["status"]]


def test_serialise_a_document_written_before_evidence_still_validates_and_reads():
    record = document_to_record([_thread()], "none")
    del record["threads"][0]["evidence"]
    jsonschema.validate(record, json_schema())
    assert document_from_record(record)[0].evidence == ()


def test_serialise_schema_lists_the_models_evidence_values():
    defs = json_schema()["$defs"]
    assert defs["claim_evidence"]["properties"]["status"]["enum"] == list(EVIDENCE_STATUSES)
    link = defs["evidence_link"]["properties"]
    assert link["design"]["enum"] == list(DESIGNS)
    assert link["cue"]["properties"]["source"]["enum"] == list(CUE_SOURCES)


def _quoting_thread() -> Thread:
    text = "Big toe pain\n\nKim wrote:\n> Ice did nothing.\nHeat helped me.\n\n- Ben"
    context = PostContext(
        title=TextExtent(0, 12),
        quotes=(Quote(14, 43, author="Kim", post_id="p0"),),
        closing=TextExtent(61, 66),
    )
    post = Post("p1", "t", 1, text, author="Ben", context=context)
    return Thread("t", "test", (post, Post("p2", "t", 2, "[removed]", context=PostContext(status="removed"))))


def test_serialise_post_context_round_trips_and_marks_quotes():
    thread = _quoting_thread()
    record = document_to_record([thread], "none")
    jsonschema.validate(record, json_schema())
    first = record["threads"][0]["posts"][0]
    assert first["context"]["quotes"] == [{"start": 14, "end": 43, "author": "Kim", "post_id": "p0"}]
    assert first["context"]["title"] == {"start": 0, "end": 12}
    assert document_from_record(json.loads(dumps([thread]))) == [thread]


def test_serialise_a_post_written_before_contexts_reads_with_an_empty_one():
    record = document_to_record([_quoting_thread()], "none")
    del record["threads"][0]["posts"][0]["context"]
    jsonschema.validate(record, json_schema())
    assert document_from_record(record)[0].posts[0].context == EMPTY_CONTEXT


@pytest.mark.parametrize(
    ("context", "message"),
    [
        ([], "post context must be an object"),
        ({"quotes": [], "speaker": "x"}, r"unknown key\(s\) \['speaker'\]"),
        ({"quotes": {"start": 0}}, "quotes must be a list"),
        ({"quotes": [{"start": "0", "end": 4}]}, "needs integer start and end"),
        ({"quotes": [{"start": 0, "end": 4, "author": 7}]}, "author and post_id must be strings or null"),
        ({"closing": {"start": 5, "end": 2}}, r"post context: bad extent \[5, 2\)"),
        ({"status": "hidden"}, "post status 'hidden'"),
        ({"title": {"start": 0, "end": 999}}, "past its text"),
    ],
)
def test_serialise_malformed_post_context_is_a_one_line_error(context, message):
    record = document_to_record([_quoting_thread()], "none")
    record["threads"][0]["posts"][0]["context"] = context
    with pytest.raises(AnecdataError, match=message) as raised:
        document_from_record(record)
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize(
    ("cue", "label"),
    [
        (Cue(0, 3, "client", "carry_over_pronoun"), "client (carry_over_pronoun)"),
        (Cue(0, 3, "question"), "question"),
        (Cue(0, 3, "misspelling of 'grasston'"), "misspelling of 'grasston'"),
        (Cue(0, 3, "no sciatica within 2 sentences"), "no sciatica within 2 sentences"),
    ],
)
def test_serialise_a_cue_is_written_as_kind_and_rule_and_read_back_typed(cue, label):
    """The JSON keeps one ``kind`` field (``"client (carry_over_pronoun)"``); in memory a cue's kind and rule
    are apart, so nothing downstream parses the string (issue 19)."""
    assert cue.label == label
    assert Cue.from_label(cue.start, cue.end, label) == cue
