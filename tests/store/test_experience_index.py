"""The experience index: which threads are stale, and replacing a thread's rows."""

from dataclasses import replace

from anecdata.jobs import carry_readings, carry_records, index_experiences, ingest_sources, read_pending
from anecdata.model import Post, Thread
from anecdata.report.condition import condition_report
from anecdata.serialise import records_version
from anecdata.store import Reading, open_store
from anecdata.store.carried import CarriedReadings, ThreadRecords
from anecdata.store.experiences import ExperienceIndex, FactRow, SourceRef, ThreadIndex
from anecdata.thread import add_thread_logic

ONE_YEAR = "I had plantar fasciitis for a year. Stretching helped."


def _store_with_one_read_thread(store_url, tmp_path, text):
    source = tmp_path / "thread.txt"
    source.write_text(text, encoding="utf-8")
    store = open_store(store_url)
    ingest_sources([str(source)], store)
    return store, source


def test_experience_index_reading_marks_a_thread_stale_and_indexing_clears_it(store_url, tmp_path):
    store, _ = _store_with_one_read_thread(
        store_url, tmp_path, "I had plantar fasciitis for a year. Stretching helped."
    )
    with store:
        index = ExperienceIndex(store)
        assert index.count_stale() == 0
        read_pending(store, workers=1)
        (thread_id,) = index.stale()
        assert index_experiences(store) == 1 and index.count_stale() == 0
        assert {f.kind for f in index.facts([thread_id])} >= {"condition", "treatment", "duration"}
        assert index.threads_about(["anecdata:plantar_fasciitis"]) == [thread_id]
        report = condition_report(store, "plantar fasciitis")
        assert report.people.people == 1 and "stretching" in {t.name for t in report.treatments}


def test_experience_index_a_changed_thread_is_stale_again_once_read(store_url, tmp_path):
    store, source = _store_with_one_read_thread(
        store_url, tmp_path, "I had plantar fasciitis for a year. Stretching helped."
    )
    with store:
        read_pending(store, workers=1)
        index_experiences(store)
        source.write_text("I had plantar fasciitis for two years. Rest helped.", encoding="utf-8")
        ingest_sources([str(source)], store)
        read_pending(store, workers=1)
        assert ExperienceIndex(store).count_stale() == 1
        index_experiences(store)
        assert "anecdata:rest" in {f.concept for f in ExperienceIndex(store).facts(_thread_ids(store))}


def test_experience_index_replace_writes_over_a_threads_rows(store_url):
    with open_store(store_url) as store:
        index = ExperienceIndex(store)
        fact = FactRow(
            "t1",
            "src/ann",
            "ann",
            "self",
            "treatment",
            "anecdata:rest",
            "rest",
            "improved",
            refs=(SourceRef("p", "a"),),
        )
        index.replace([ThreadIndex("t1", facts=(fact, fact))])
        index.replace([ThreadIndex("t1", facts=(fact,))])
        assert index.facts(["t1"]) == [fact]


def _thread_ids(store):
    return [r[0] for r in store.query("SELECT id FROM threads")]


def test_experience_index_stores_each_threads_records_as_thread_logic_derives_them(example_store_url):
    with open_store(example_store_url, create=False) as store:
        carried, version = CarriedReadings(store), records_version()
        assert store.count("thread_records") == len(store.thread_ids()) > 0
        for thread_id in store.thread_ids():
            derived = add_thread_logic(store.thread(thread_id))
            assert carried.thread_records(thread_id, version) == ThreadRecords(derived.experiences, derived.questions)
            assert derived.experiences or derived.questions


def test_experience_index_a_changed_post_row_makes_its_thread_stale(store_url, tmp_path):
    store, _ = _store_with_one_read_thread(store_url, tmp_path, ONE_YEAR)
    with store:
        read_pending(store, workers=1)
        index_experiences(store)
        (thread_id,) = _thread_ids(store)
        thread = store.thread(thread_id)
        (post,) = thread.posts
        store.add_threads([replace(thread, posts=(replace(post, author="runner_rae"),))])  # the text is as read
        assert ExperienceIndex(store).stale() == [thread_id] and store.count_pending("any") == 1
        assert CarriedReadings(store).thread_records(thread_id, records_version()) is None
        index_experiences(store)
        (record,) = CarriedReadings(store).thread_records(thread_id, records_version()).experiences
        assert record.person.name == "runner_rae"


def test_experience_index_records_missing_or_of_other_code_are_stored_by_carrying(store_url, tmp_path):
    store, _ = _store_with_one_read_thread(store_url, tmp_path, ONE_YEAR)
    with store:
        read_pending(store, workers=1)
        index_experiences(store)
        (thread_id,) = _thread_ids(store)
        stored = CarriedReadings(store).thread_records(thread_id, records_version())
        assert stored is not None and carry_records(store) == 0
        with store.transaction() as cursor:  # records of another build of thread logic, then none at all
            store.execute(cursor, "UPDATE thread_records SET version = 'anecdata/2; code older'")
        assert CarriedReadings(store).thread_records(thread_id, records_version()) is None
        assert carry_records(store) == 1 and carry_records(store) == 0
        with store.transaction() as cursor:
            store.execute(cursor, "DELETE FROM thread_records")
        assert carry_readings(store) >= 1
        assert CarriedReadings(store).thread_records(thread_id, records_version()) == stored


def test_experience_index_a_thread_read_while_it_was_indexed_stays_stale(store):
    posts = tuple(Post(id=f"p{i}", thread_id="t1", position=i, text=ONE_YEAR) for i in range(2))
    store.add_threads([Thread(id="t1", source="test", posts=posts)])
    first, second = store.pending("1")
    store.save_readings([Reading(first.post.id, first.text_hash)], "1")
    index, carried = ExperienceIndex(store), CarriedReadings(store)
    assert index.stale() == ["t1"]
    bases = carried.thread_bases(["t1"])  # this reader takes the basis and derives the thread's index ...
    store.save_readings([Reading(second.post.id, second.text_hash)], "1")  # ... while another saves a reading
    assert index.replace([ThreadIndex("t1")], bases) == 0
    assert index.stale() == ["t1"]  # indexed again, with the other reader's reading
    assert index.replace([ThreadIndex("t1")], carried.thread_bases(["t1"])) == 1
    assert index.stale() == []
