"""The output JSON: round trip, and the shipped JSON Schema accepts what we emit."""

import json
from pathlib import Path

import jsonschema
import pytest

from anecdata.errors import AnecdataError
from anecdata.evidence.model import CUE_SOURCES, DESIGNS
from anecdata.ingest.pasted import read_pasted_thread
from anecdata.jobs import analyze_path
from anecdata.model import (
    EMPTY_CONTEXT,
    EVIDENCE_STATUSES,
    SCHEMA_VERSION,
    Cue,
    Experience,
    Person,
    Post,
    PostContext,
    Question,
    Quote,
    TextExtent,
    Thread,
    TriedTreatment,
)
from anecdata.read.pipeline import annotate_thread
from anecdata.serialise import (
    READABLE_SCHEMAS,
    document_from_record,
    document_to_record,
    dumps,
    json_schema,
    records_version,
)
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


MARA = Person("Mara")
UNSIGNED = Person("writer of post 2", named=False)
PEOPLE = (MARA, Person.spoken_of(MARA, "client"), UNSIGNED, Person.spoken_of(UNSIGNED, "daughter"))


def _people_thread(people=PEOPLE) -> Thread:
    posts = (Post("p0", "t", 0, "Mara here.", author="Mara"), Post("p1", "t", 1, "No name."))
    tried = (TriedTreatment("ice", "improved", ()),)
    experiences = tuple(
        Experience(p, "self" if p.kind == "writer" else "client", ("p0",), treatments=tried) for p in people
    )
    questions = (Question("q0", "p0", "Anyone?", MARA, Person("lumbar_lena")), Question("q1", "p1", "Why?", None, None))
    return Thread("t", "test", posts, experiences=experiences, questions=questions)


def test_serialise_a_person_carries_its_structure_and_round_trips():
    record = document_to_record([_people_thread()], "none")
    jsonschema.validate(record, json_schema())
    client = record["threads"][0]["experiences"][1]["person"]
    assert client == {
        "name": "Mara's client",
        "kind": "other",
        "relation": "client",
        "writer": {"name": "Mara", "kind": "writer", "relation": None, "writer": None, "named": True},
        "named": False,
    }
    asked = record["threads"][0]["questions"][0]
    assert asked["asker"]["name"] == "Mara" and asked["addressee"]["name"] == "lumbar_lena"
    assert document_from_record(json.loads(dumps([_people_thread()]))) == [_people_thread()]


def test_serialise_reads_an_anecdata_1_document_whose_people_are_names():
    """Documents written before people had a structure name them by a string: they still load, into the same
    people thread logic builds today (so counting and redaction treat them alike)."""
    record = document_to_record([_people_thread()], "none")
    record["schema"] = "anecdata/1"
    for e in record["threads"][0]["experiences"]:
        e["person"] = e["person"]["name"]
    for q in record["threads"][0]["questions"]:
        q |= {k: q[k] and q[k]["name"] for k in ("asker", "addressee")}
    jsonschema.validate(record, json_schema("anecdata/1"))
    (thread,) = document_from_record(record)
    assert tuple(e.person for e in thread.experiences) == PEOPLE
    assert thread.questions == _people_thread().questions
    assert READABLE_SCHEMAS == ("anecdata/1", "anecdata/2")


@pytest.mark.parametrize(
    ("person", "message"),
    [
        ("", "person needs a name"),
        ({"name": "Mara", "kind": "writer", "age": 40}, r"unknown key\(s\) \['age'\]"),
        ({"name": "Mara's client", "kind": "other", "relation": "client", "named": False}, "needs the writer"),
        ({"name": "Mara", "kind": "writer", "named": "yes"}, "a boolean named"),
    ],
)
def test_serialise_malformed_person_is_a_one_line_error(person, message):
    record = document_to_record([_people_thread()], "none")
    record["threads"][0]["experiences"][0]["person"] = person
    with pytest.raises(AnecdataError, match=message) as raised:
        document_from_record(record)
    assert "\n" not in str(raised.value)


def test_serialise_refuses_a_schema_it_does_not_read():
    record = document_to_record([_people_thread()], "none") | {"schema": "anecdata/0"}
    with pytest.raises(AnecdataError, match="'anecdata/0' is not one of"):
        document_from_record(record)


def test_serialise_records_version_names_the_schema_and_changes_with_thread_logic(monkeypatch):
    now = records_version()
    assert now.startswith(f"{SCHEMA_VERSION}; code ") and records_version() == now
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: real(self) + (b"\n" if self.name == "thread.py" else b""))
    records_version.cache_clear()
    try:
        assert records_version() != now  # an edit of thread logic: stored records read as none
    finally:
        records_version.cache_clear()
