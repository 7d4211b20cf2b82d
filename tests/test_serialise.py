"""The output JSON: round trip, and the shipped JSON Schema accepts what we emit."""

import json

import jsonschema

from anecdata.ingest.pasted import read_pasted_thread
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
