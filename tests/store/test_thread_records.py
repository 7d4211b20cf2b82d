"""A thread's records in the store, on SQLite and PostgreSQL: its experiences and questions as thread logic derived
them, read back only while they are of the code that asks and of the thread as it is stored now (issue 19)."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from anecdata.model import Experience, Person, Question, Reported, TriedTreatment
from anecdata.store import Reading, open_store
from anecdata.store.carried import CarriedReadings, ThreadRecords, records_from_json, records_json
from anecdata.store.schema import SCHEMA_VERSION
from store.test_carried import STATEMENT, read
from store.test_store import OPENING, REPLY, make_post, make_thread

THREAD = OPENING.thread_id
ANA = Person("ana")
RECORDS = ThreadRecords(
    (
        Experience(
            ANA,
            "self",
            (OPENING.id,),
            conditions=(Reported("knee pain", (STATEMENT.id,)),),
            treatments=(TriedTreatment("ice", "no_change", (STATEMENT.id,), ongoing=True),),
            annotation_ids=(STATEMENT.id,),
        ),
        Experience(Person.spoken_of(ANA, "client"), "client", (OPENING.id,)),
    ),
    (Question(STATEMENT.id, OPENING.id, "Ice?", ANA, Person("ben"), answered_by=REPLY.id),),
)
VERSION = "anecdata/2; code test"


def stored(store, records=RECORDS, version=VERSION) -> CarriedReadings:
    """The thread of the opening post and its reply, read, with ``records`` saved for it."""
    store.add_threads([make_thread(OPENING, REPLY)])
    read(store)
    carried = CarriedReadings(store)
    _unstale(store)
    assert carried.save_thread_records(version, [(THREAD, carried.thread_bases([THREAD])[THREAD], records)]) == 1
    return carried


def _unstale(store) -> None:
    """Take every thread off the stale list, as indexing does."""
    with store.transaction() as cursor:
        store.execute(cursor, "DELETE FROM stale_threads")


def test_thread_records_are_read_back_as_they_were_saved(store):
    carried = stored(store)
    assert carried.thread_records(THREAD, VERSION) == RECORDS
    assert carried.save_thread_records(VERSION, [(THREAD, carried.thread_bases([THREAD])[THREAD], ThreadRecords())])
    assert carried.thread_records(THREAD, VERSION) == ThreadRecords()  # replaced, not added to
    assert store.count("thread_records") == 1


def test_thread_records_round_trip_their_json():
    assert records_from_json(records_json(RECORDS)) == RECORDS
    assert records_from_json(records_json(ThreadRecords())) == ThreadRecords()


def test_thread_records_of_another_version_or_none_read_as_none(store):
    carried = stored(store)
    assert carried.thread_records(THREAD, "anecdata/2; code other") is None
    assert carried.thread_records("no such thread", VERSION) is None


def test_thread_records_of_a_thread_read_again_read_as_none_until_indexed(store):
    carried = stored(store)
    read(store, version="2")  # a new reading: the basis changes, and the thread is on the stale list
    assert carried.thread_records(THREAD, VERSION) is None
    _unstale(store)
    assert carried.thread_records(THREAD, VERSION) is None  # still of the readings before


def test_thread_records_of_a_thread_on_the_stale_list_read_as_none(store):
    carried = stored(store)
    with store.transaction() as cursor:  # readings saved again with the same version and text: same basis
        store.execute(cursor, "INSERT INTO stale_threads (thread_id) VALUES (?)", (THREAD,))
    assert carried.thread_records(THREAD, VERSION) is None


def test_thread_records_of_a_thread_whose_post_changed_or_grew_read_as_none(store):
    carried = stored(store)
    store.add_threads([make_thread(OPENING, replace(REPLY, author="benjamin"))])  # the row, not the text
    assert carried.thread_records(THREAD, VERSION) is None
    assert store.query("SELECT thread_id FROM stale_threads") == [(THREAD,)]  # indexing derives them again
    fresh = stored_again(store, carried)
    assert carried.thread_records(THREAD, VERSION) == fresh
    store.add_threads([make_thread(make_post(3, "Did the squats hurt?", parent=2))])  # a new post, not read
    assert carried.thread_records(THREAD, VERSION) is None


def stored_again(store, carried) -> ThreadRecords:
    _unstale(store)
    records = ThreadRecords(RECORDS.experiences)
    assert carried.save_thread_records(VERSION, [(THREAD, carried.thread_bases([THREAD])[THREAD], records)]) == 1
    return records


def test_thread_records_derived_from_a_thread_that_changed_meanwhile_are_not_kept(store):
    carried = stored(store)
    basis = carried.thread_bases([THREAD])[THREAD]
    store.add_threads([make_thread(OPENING, replace(REPLY, text="Squats made it worse."))])
    assert carried.save_thread_records(VERSION, [(THREAD, basis, ThreadRecords())]) == 0
    assert store.query("SELECT records FROM thread_records") == [(records_json(RECORDS),)]


def test_thread_records_that_do_not_parse_read_as_none(store):
    carried = stored(store)
    for broken in ("{", "[]", '{"experiences": [{"person": 3}], "questions": []}'):
        with store.transaction() as cursor:
            store.execute(cursor, "UPDATE thread_records SET records = ?", (broken,))
        assert carried.thread_records(THREAD, VERSION) is None


def test_thread_records_missing_are_listed_leaving_stale_threads_to_indexing(store):
    store.add_threads([make_thread(OPENING, REPLY), make_thread(make_post(9, "Hello.", thread="2"), key="2")])
    read(store)
    carried = CarriedReadings(store)
    other = make_thread(key="2").id
    assert carried.threads_without_records(VERSION) == sorted([other])  # THREAD is stale: indexing derives it
    _unstale(store)
    assert carried.threads_without_records(VERSION) == sorted([THREAD, other])
    assert carried.threads_without_records(VERSION, after=min(THREAD, other)) == [max(THREAD, other)]
    assert carried.count_without_records(VERSION) == 2
    carried.save_thread_records(VERSION, [(t, carried.thread_bases([t])[t], RECORDS) for t in (THREAD, other)])
    assert carried.count_without_records(VERSION) == 0
    assert carried.threads_without_records("another version") == sorted([THREAD, other])


def test_thread_records_a_store_from_before_migration_9_has_none(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    with open_store(url) as store:
        store.add_threads([make_thread(OPENING, REPLY)])
        (pending, _) = store.pending("1")
        store.save_readings([Reading(OPENING.id, pending.text_hash, (STATEMENT,))], "1")
    with sqlite3.connect(tmp_path / "old.db") as db:  # the database as anecdata wrote it before migration 9
        db.execute("DROP TABLE thread_records")
        db.execute("DROP TABLE read_claims")  # migration 10 came later
        db.execute("DELETE FROM schema_migrations WHERE version >= 9")
    with open_store(url) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert CarriedReadings(store).thread_records(THREAD, VERSION) is None
