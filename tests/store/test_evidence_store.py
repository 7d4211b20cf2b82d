"""The evidence corpus in the store, on SQLite and PostgreSQL: idempotent adds, updates, lookup, full text."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest

from anecdata.evidence.grading import grade
from anecdata.evidence.model import Abstract, AddCounts, GradedAbstract
from anecdata.store import EvidenceStore, open_store
from anecdata.store.schema import SCHEMA_VERSION

TRIAL = Abstract(
    pmid="91000001",
    title="A piriformis stretching programme for deep buttock pain: a randomised controlled trial",
    text="METHODS: Adults were randomly assigned to stretching or advice.\nRESULTS: Pain fell more with stretching.",
    year=2021,
    journal="Journal of Invented Musculoskeletal Therapy",
    publication_types=("Journal Article", "Randomized Controlled Trial"),
    mesh_headings=("Humans", "Piriformis Muscle Syndrome"),
)
REVIEW = Abstract("91000002", "Heel pain in runners: a review", "This review covers plantar fasciitis and rest.")
MOUSE = Abstract("91000003", "Nerve glide in a mouse model", "Mice were stretched daily.", mesh_headings=("Animals",))


def graded(*abstracts: Abstract) -> list[GradedAbstract]:
    return [GradedAbstract(a, grade(a)) for a in abstracts]


@pytest.fixture
def evidence(store) -> EvidenceStore:
    return EvidenceStore(store)


def test_evidence_store_readding_the_same_abstracts_adds_nothing(evidence):
    assert evidence.add(graded(TRIAL, REVIEW, MOUSE)) == AddCounts(added=3)
    assert evidence.add(graded(TRIAL, REVIEW, MOUSE)) == AddCounts(unchanged=3)
    assert evidence.count() == 3


def test_evidence_store_round_trips_an_abstract_and_its_grade(evidence):
    (item,) = graded(TRIAL)
    evidence.add([item])
    assert evidence.get(TRIAL.pmid) == item
    assert item.grade.design == "rct" and item.grade.cue.rule == "pt_rct"
    assert evidence.get("99999999") is None


def test_evidence_store_updates_a_changed_record_in_place(evidence):
    evidence.add(graded(TRIAL, REVIEW))
    corrected = replace(REVIEW, text="This review covers plantar fasciitis, rest and night splints.", year=2024)
    assert evidence.add(graded(corrected, TRIAL)) == AddCounts(updated=1, unchanged=1)
    assert evidence.get(REVIEW.pmid).abstract == corrected
    assert evidence.count() == 2
    assert [pmid for pmid, _ in evidence.search("splints")] == [REVIEW.pmid]


def test_evidence_store_a_new_grade_is_a_change(evidence):
    evidence.add(graded(REVIEW))
    regraded = GradedAbstract(REVIEW, replace(grade(REVIEW), level=4))
    assert evidence.add([regraded]) == AddCounts(updated=1)
    assert evidence.get(REVIEW.pmid).grade.level == 4


def test_evidence_store_a_pmid_twice_in_one_batch_keeps_the_last(evidence):
    later = replace(TRIAL, title="A corrected title about stretching")
    assert evidence.add(graded(TRIAL, later)) == AddCounts(added=1, updated=1)
    assert evidence.get(TRIAL.pmid).abstract.title == later.title
    assert evidence.count() == 1


def test_evidence_store_search_ranks_title_matches_first(evidence):
    in_title = Abstract("91000010", "Stretching for sciatica", "Adults with buttock pain did exercises.")
    in_text = Abstract("91000011", "Exercise for buttock pain", "Adults did stretching for sciatica daily.")
    evidence.add(graded(in_text, in_title, MOUSE))
    found = evidence.search("stretching sciatica")
    assert [pmid for pmid, _ in found] == ["91000010", "91000011"]
    assert found[0][1] > found[1][1]


def test_evidence_store_search_stems_and_tolerates_punctuation(evidence):
    evidence.add(graded(TRIAL, REVIEW))
    assert [pmid for pmid, _ in evidence.search("stretches")] == [TRIAL.pmid]
    assert [pmid for pmid, _ in evidence.search('piriformis: "buttock" (pain)*')] == [TRIAL.pmid]
    assert evidence.search("  ") == [] and evidence.search("glioblastoma") == []


def test_evidence_store_survives_reopening_and_a_large_batch(store_url):
    many = [Abstract(str(92000000 + i), f"Trial {i} of heat", "Patients were randomised to heat.") for i in range(1200)]
    with open_store(store_url) as store:
        assert EvidenceStore(store).add(graded(*many)) == AddCounts(added=1200)
    with open_store(store_url) as store:
        evidence = EvidenceStore(store)
        assert store.schema_version() == SCHEMA_VERSION
        assert evidence.add(graded(*many)) == AddCounts(unchanged=1200)
        assert len(evidence.search("heat", limit=2000)) == 1200


def test_evidence_store_sqlite_index_stays_in_step_with_the_table(tmp_path):
    url = f"sqlite:///{tmp_path / 'e.db'}"
    with open_store(url) as store:
        evidence = EvidenceStore(store)
        evidence.add(graded(TRIAL, REVIEW))
        evidence.add(graded(replace(TRIAL, title="Heat for buttock pain")))
    with sqlite3.connect(tmp_path / "e.db") as db:
        db.execute("INSERT INTO abstracts_fts (abstracts_fts) VALUES ('integrity-check')")
        query = "SELECT COUNT(*) FROM abstracts_fts WHERE abstracts_fts MATCH ?"
        assert [db.execute(query, (word,)).fetchone()[0] for word in ("piriformis", "heat", "plantar")] == [0, 1, 1]


def test_evidence_store_search_any_finds_abstracts_holding_any_word(evidence):
    evidence.add(graded(TRIAL, REVIEW, MOUSE))
    assert evidence.search("piriformis plantar") == []  # no abstract holds both
    found = [pmid for pmid, _ in evidence.search_any(["piriformis", "plantar", "glioblastoma"])]
    assert sorted(found) == sorted([TRIAL.pmid, REVIEW.pmid])
    best, *_ = evidence.search_any(["piriformis", "stretching", "buttock", "heel"])
    assert best[0] == TRIAL.pmid  # three of the words against none


def test_evidence_store_search_any_reads_no_query_syntax(evidence):
    evidence.add(graded(TRIAL, REVIEW, MOUSE))
    assert [pmid for pmid, _ in evidence.search_any(['Piriformis:"', "NOT*", "(NEAR"])] == [TRIAL.pmid]
    assert evidence.search_any([]) == [] and evidence.search_any(["  ", "!?"]) == []


def test_evidence_store_get_many_returns_what_is_stored(evidence):
    evidence.add(graded(TRIAL, REVIEW))
    found = evidence.get_many([REVIEW.pmid, "99999999", TRIAL.pmid, REVIEW.pmid])
    assert set(found) == {TRIAL.pmid, REVIEW.pmid}
    assert found[TRIAL.pmid] == evidence.get(TRIAL.pmid) == graded(TRIAL)[0]
    assert evidence.get_many([]) == {}


def _crowd(n: int) -> list[Abstract]:
    """``n`` abstracts that all say "pain" and "patients", a tenth "stretching", and one the rare "piriformis"."""
    abstracts = []
    for i in range(n):
        words = ["pain", "patients"] + (["stretching"] if i % 10 == 0 else []) + (["piriformis"] if i == 37 else [])
        abstracts.append(Abstract(f"92{i:06d}", f"Study {i}", f"We asked patients about {' and '.join(words)}."))
    return abstracts


@pytest.mark.parametrize("budget", [10_000, 120, 30])
def test_evidence_store_search_any_within_a_small_budget_still_finds_the_rare_word(tmp_path, monkeypatch, budget):
    monkeypatch.setattr("anecdata.store.evidence.CANDIDATE_POSTINGS", budget)
    monkeypatch.setattr("anecdata.store.evidence.NARROW_ENOUGH", 5)
    with open_store(f"sqlite:///{tmp_path / 'crowd.db'}") as store:
        evidence = EvidenceStore(store)
        evidence.add(graded(*_crowd(200)))
        found = evidence.search_any(["piriformis", "stretching", "pain", "or", "not"], limit=5)
        assert found[0][0] == "92000037"  # the one abstract with the rare word and a common one
        assert len(found) == 5 and len({pmid for pmid, _ in found}) == 5
        only_common = evidence.search_any(["pain", "patients"], limit=5)
        assert len(only_common) == 5


def test_evidence_store_vectors_are_kept_per_model_resumed_and_dropped_when_the_text_changes(evidence):
    import numpy as np

    evidence.add(graded(TRIAL, REVIEW))
    assert [a.pmid for a in evidence.without_vectors("m@1", 10)] == [TRIAL.pmid, REVIEW.pmid]
    evidence.add_vectors("m@1", [(TRIAL.pmid, np.array([0.6, 0.8], dtype=np.float32))])
    assert [a.pmid for a in evidence.without_vectors("m@1", 10)] == [REVIEW.pmid]
    assert evidence.count_vectors("m@1") == 1 and evidence.count_vectors("m@2") == 0
    assert evidence.vectors("m@1", [TRIAL.pmid, REVIEW.pmid])[TRIAL.pmid].tolist() == pytest.approx([0.6, 0.8])
    evidence.add(graded(replace(TRIAL, text="RESULTS: Pain fell.")))
    assert evidence.count_vectors("m@1") == 0  # its vector was of the old text
