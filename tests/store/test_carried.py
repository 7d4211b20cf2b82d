"""What reading carries in the store, on SQLite and PostgreSQL: sentences on a reading, titles' and abstracts'
mentions; checked before they are written, dropped with the text they were found in."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest

from anecdata.errors import StoreError
from anecdata.evidence.grading import grade
from anecdata.evidence.model import Abstract, GradedAbstract
from anecdata.model import Annotation
from anecdata.store import EvidenceStore, Reading, open_store
from anecdata.store.carried import CarriedReadings, Sentence, StatementSpan, StoredMention
from anecdata.store.evidence import AbstractMentions
from anecdata.store.schema import SCHEMA_VERSION
from store.test_store import OPENING, REPLY, make_post, make_thread

STATEMENT = Annotation.over(OPENING.id, OPENING.text, 0, 27, layer="statement", label="per_exp")
"""'My knee hurts after running.' read as an experience."""
SENTENCES = (Sentence(0, 28, ("per_exp",), (STATEMENT.id,)), Sentence(29, 45))


def read(store, sentences=SENTENCES, version="1") -> None:
    """Save a reading of the opening post (with its statement and ``sentences``) and a plain one of the reply."""
    hashes = {p.post.id: p.text_hash for p in store.pending(version)}
    store.save_readings(
        [
            Reading(OPENING.id, hashes[OPENING.id], (STATEMENT,), sentences=sentences),
            Reading(REPLY.id, hashes[REPLY.id]),
        ],
        version,
    )


def test_carried_sentences_are_saved_with_the_reading_and_read_back(store):
    store.add_threads([make_thread(OPENING, REPLY)])
    read(store)
    carried = CarriedReadings(store)
    assert carried.sentences([OPENING.id, REPLY.id]) == {OPENING.id: SENTENCES}
    assert carried.count_uncut() == 1
    (uncut,) = carried.uncut()
    assert (uncut.post_id, uncut.text, uncut.statements) == (REPLY.id, REPLY.text, ())
    assert carried.save_sentences([(REPLY.id, uncut.text_hash, [Sentence(0, 47)])]) == 1
    assert carried.sentences([REPLY.id]) == {REPLY.id: (Sentence(0, 47),)} and carried.count_uncut() == 0


def test_carried_statements_of_an_uncut_post_are_listed_with_it(store):
    store.add_threads([make_thread(OPENING, REPLY)])
    read(store, sentences=None)
    by_id = {p.post_id: p for p in CarriedReadings(store).uncut()}
    assert by_id[OPENING.id].statements == (StatementSpan(STATEMENT.id, "per_exp", 0, 27),)


def test_carried_sentences_past_the_text_are_refused_and_nothing_is_written(store):
    store.add_threads([make_thread(OPENING, REPLY)])
    with pytest.raises(StoreError, match="ends past"):
        read(store, sentences=(Sentence(0, len(OPENING.text) + 1),))
    assert store.count("readings") == 0 and store.count("annotations") == 0
    read(store, sentences=None)
    (uncut, _) = CarriedReadings(store).uncut()
    with pytest.raises(StoreError, match="ends past"):
        CarriedReadings(store).save_sentences([(OPENING.id, uncut.text_hash, [Sentence(5, 500)])])
    assert CarriedReadings(store).count_uncut() == 2


@pytest.mark.parametrize("start, end", [(-1, 3), (4, 4), (5, 2)])
def test_carried_sentence_and_mention_check_their_extent(start, end):
    with pytest.raises(ValueError):
        Sentence(start, end)
    with pytest.raises(ValueError):
        StoredMention(start, end, "condition", "ICD-10-CM:M72.2")


def test_carried_sentences_of_an_edited_post_are_gone_and_stale_ones_are_not_saved(store):
    store.add_threads([make_thread(OPENING, REPLY)])
    read(store, sentences=None)
    uncut = {p.post_id: p for p in CarriedReadings(store).uncut()}
    store.add_threads([make_thread(replace(OPENING, text="Completely different words now."), REPLY)])
    assert CarriedReadings(store).sentences([OPENING.id]) == {}
    assert CarriedReadings(store).save_sentences([(OPENING.id, uncut[OPENING.id].text_hash, [Sentence(0, 5)])]) == 0


def test_carried_sentences_that_do_not_parse_read_as_missing(store):
    store.add_threads([make_thread(OPENING, REPLY)])
    read(store)
    with store.transaction() as cursor:
        store.execute(cursor, "UPDATE readings SET sentences = ? WHERE post_id = ?", ('[[0, "x"]]', OPENING.id))
    assert CarriedReadings(store).sentences([OPENING.id]) == {}


def test_carried_title_mentions_are_kept_for_the_title_they_were_found_in(store):
    store.add_threads([make_thread(OPENING, REPLY)])
    carried = CarriedReadings(store)
    thread = OPENING.thread_id
    assert carried.titles_without_mentions("1") == [(thread, "Knee pain")]
    knee = StoredMention(0, 9, "symptom", "HPO:HP:0030839")
    carried.save_title_mentions("1", [(thread, "Knee pain", [knee])])
    assert carried.title_mentions(thread, "Knee pain") == (knee,)
    assert carried.titles_without_mentions("1") == [] and carried.titles_without_mentions("2") == [
        (thread, "Knee pain")
    ]
    store.add_threads([make_thread(OPENING, REPLY, title="Knee pain after running")])
    assert carried.title_mentions(thread, "Knee pain after running") is None
    assert carried.titles_without_mentions("1") == [(thread, "Knee pain after running")]
    with pytest.raises(StoreError, match="ends past"):
        carried.save_title_mentions("1", [(thread, "Knee", [knee])])
    assert carried.title_mentions(thread, "Knee pain") == (knee,)  # the failed write changed nothing


TRIAL = Abstract("91000001", "Stretching for heel pain: a randomised controlled trial", "Plantar fasciitis eased.")


def test_carried_abstract_mentions_are_read_back_and_dropped_when_the_abstract_changes(store):
    evidence = EvidenceStore(store)
    evidence.add([GradedAbstract(TRIAL, grade(TRIAL))])
    assert [a.pmid for a in evidence.without_mentions("1", 10)] == [TRIAL.pmid]
    heel = StoredMention(14, 23, "symptom", "HPO:HP:0030837")
    plantar = StoredMention(0, 17, "condition", "ICD-10-CM:M72.2")
    evidence.add_mentions("1", [AbstractMentions(TRIAL.pmid, TRIAL.title, TRIAL.text, (heel,), (plantar,))])
    assert evidence.mentions([TRIAL.pmid, "nope"]) == {TRIAL.pmid: ((heel,), (plantar,))}
    assert evidence.count_without_mentions("1") == 0 and evidence.count_without_mentions("2") == 1
    stale = AbstractMentions(TRIAL.pmid, "an older title", TRIAL.text, (), ())
    evidence.add_mentions("2", [stale])  # found in a title the abstract no longer has: not kept
    assert evidence.mentions([TRIAL.pmid]) == {TRIAL.pmid: ((heel,), (plantar,))}
    past = StoredMention(0, 500, "condition", "ICD-10-CM:M72.2")
    with pytest.raises(StoreError, match="ends past"):
        evidence.add_mentions("2", [AbstractMentions(TRIAL.pmid, TRIAL.title, TRIAL.text, (), (past,))])
    corrected = replace(TRIAL, text="Plantar fasciitis eased a lot.")
    evidence.add([GradedAbstract(corrected, grade(corrected))])
    assert evidence.mentions([TRIAL.pmid]) == {}


def test_carried_a_store_from_before_carrying_opens_with_its_readings_uncut(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    with open_store(url) as store:
        store.add_threads([make_thread(OPENING, REPLY)])
        read(store)
    with sqlite3.connect(tmp_path / "old.db") as db:  # the database as anecdata wrote it before migration 8
        db.execute("ALTER TABLE readings DROP COLUMN sentences")
        db.execute("DROP TABLE title_mentions")
        db.execute("DROP TABLE abstract_mentions")
        db.execute("DROP TABLE thread_records")  # migrations 9 and 10 came later
        db.execute("DROP TABLE read_claims")
        db.execute("DELETE FROM schema_migrations WHERE version >= 8")
    with open_store(url) as store:
        assert store.schema_version() == SCHEMA_VERSION and store.count_pending("1") == 0
        carried = CarriedReadings(store)
        assert carried.sentences([OPENING.id, REPLY.id]) == {} and carried.count_uncut() == 2
        assert carried.titles_without_mentions("1") == [(OPENING.thread_id, "Knee pain")]
        assert [a.id for p in store.thread(OPENING.thread_id).posts for a in p.annotations] == [STATEMENT.id]


def test_carried_sentences_past_a_nul_of_a_post_stored_directly_are_inside_its_text(tmp_path):
    with open_store(f"sqlite:///{tmp_path / 'nul.db'}") as store:  # PostgreSQL refuses a NUL in text
        post = make_post(7, "Ice\x00 helped. Heat did not.")
        store.add_threads([make_thread(post)])
        (pending,) = store.pending("1")
        sentences = (Sentence(0, 12), Sentence(13, 26))
        assert store.save_readings([Reading(post.id, pending.text_hash, sentences=sentences)], "1") == 1
        assert CarriedReadings(store).sentences([post.id]) == {post.id: sentences}
