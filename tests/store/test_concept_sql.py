"""The concept id is spelt by ``model.concept_id`` alone; the store's SQL that builds it inside the database for
speed must give the same answers (issue 19: one owner per rule, or matching answers)."""

import json
import sqlite3

import pytest

from anecdata.model import Concept
from anecdata.store.browse import CONDITION_SQL

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
