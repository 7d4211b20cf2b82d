"""The concept id is spelt by ``model.concept_id`` alone; the store's SQL that builds it inside the database for
speed must give the same answers, on each database (issue 19: one owner per rule, or matching answers)."""

import json
import sqlite3

import pytest

from anecdata.model import Annotation, Concept
from anecdata.store import Reading
from anecdata.store.browse import CONDITION_SQL, Browse
from store.test_store import make_post, make_thread

CONCEPTS = [
    Concept("MeSH", "D010146", "pain"),
    Concept("anecdata", "plantar_fasciitis", "plantar fasciitis"),
    Concept("RxNorm", "1191", "aspirin"),
    Concept("ICD-10-CM", "M54.5", "low back pain"),
]


@pytest.mark.parametrize("concept", CONCEPTS, ids=lambda c: c.id)
def test_the_sqlite_concept_id_is_the_models(concept):
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE annotations (record TEXT)")
    record = {"concept": {"system": concept.system, "code": concept.code, "name": concept.name}}
    db.execute("INSERT INTO annotations VALUES (?)", (json.dumps(record),))
    code, name = CONDITION_SQL["sqlite"]
    assert db.execute(f"SELECT {code}, {name} FROM annotations a").fetchone() == (concept.id, concept.name)


def test_the_overview_counts_conditions_by_the_models_concept_id_on_each_backend(store):
    posts = [make_post(n, f"Post {n} about {c.name}.") for n, c in enumerate(CONCEPTS, start=1)]
    store.add_threads([make_thread(*posts)])
    hashes = {p.post.id: p.text_hash for p in store.pending("1")}
    readings = []
    for post, concept in zip(posts, CONCEPTS, strict=True):
        start = post.text.index(concept.name)
        end = start + len(concept.name)
        mention = Annotation.over(post.id, post.text, start, end, "mention", "condition", concept=concept)
        readings.append(Reading(post.id, hashes[post.id], (mention,)))
    store.save_readings(readings, "1")
    found = Browse(store).overview(len(CONCEPTS)).conditions
    assert sorted(found) == sorted((c.id, c.name, 1, 1) for c in CONCEPTS)
