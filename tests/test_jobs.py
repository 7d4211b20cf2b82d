"""``analyze_path`` with published evidence: no corpus, a corpus that matches, one that does not, a bad store.

The evidence is the invented abstracts of ``examples/evidence``; the seed thread is only read from the shared folder.
"""

from __future__ import annotations

import io

import jsonschema
import pytest
from rich.console import Console

from anecdata.errors import StoreError
from anecdata.evidence.grading import grade
from anecdata.evidence.model import Abstract, GradedAbstract
from anecdata.evidence_links import claims
from anecdata.jobs import analyze_path
from anecdata.model import EVIDENCE_LABELS, Thread
from anecdata.serialise import document_to_record, dumps, json_schema
from anecdata.store import EvidenceStore, open_store
from anecdata.view.text import render_text

PIRIFORMIS_TRIAL = "90000001"
"""The invented RCT of a piriformis stretching programme in ``examples/evidence/pubmed-sample.xml``."""


def _claim_ids(thread: Thread) -> list[str]:
    """The claims that get evidence: one per sentence, questions left out (``evidence_links.claims``)."""
    ids = [a.id for _, a in claims(thread)]
    assert set(ids) <= {a.id for p in thread.posts for a in p.layer("statement") if a.label in EVIDENCE_LABELS}
    return ids


def _text_view(thread: Thread) -> str:
    out = io.StringIO()
    render_text([thread], Console(file=out, width=100, color_system=None))
    return " ".join(out.getvalue().split())


@pytest.mark.corpus
def test_jobs_analyze_without_an_evidence_db_says_no_corpus_for_every_seed_claim(seed_text, tmp_path):
    seed = tmp_path / "seed.txt"
    seed.write_text(seed_text, encoding="utf-8")
    thread = analyze_path(str(seed)).thread
    assert _claim_ids(thread), "the seed thread makes claims"
    assert [e.annotation_id for e in thread.evidence] == _claim_ids(thread)
    assert {(e.status, e.links) for e in thread.evidence} == {("no_corpus", ())}
    record = document_to_record([thread], "none")
    jsonschema.validate(record, json_schema())
    assert {e["note"] for e in record["threads"][0]["evidence"]} == {"no evidence corpus loaded"}
    assert _text_view(thread).count("no evidence corpus loaded") == 1  # said once for the thread, not per claim


def test_jobs_analyze_links_a_stretching_claim_to_the_piriformis_trial(stretching_thread, example_evidence_db):
    thread = analyze_path(str(stretching_thread), evidence_db=example_evidence_db).thread
    (entry,) = [e for e in thread.evidence if e.status == "found"]
    claim = next(a for p in thread.posts for a in p.annotations if a.id == entry.annotation_id)
    assert "piriformis stretching" in claim.text
    trial = next(link for link in entry.links if link.pmid == PIRIFORMIS_TRIAL)
    assert (trial.design, trial.level, trial.cue.source) == ("rct", 2, "publication_type")
    assert entry.links[0].pmid == PIRIFORMIS_TRIAL and len(entry.links) <= 3
    view = _text_view(thread)
    assert f"PMID {PIRIFORMIS_TRIAL}" in view and "randomised controlled trial · CEBM level 2" in view


@pytest.mark.corpus
def test_jobs_analyze_grounds_every_link_in_the_stored_abstract(seed_text, tmp_path, example_evidence_db):
    seed = tmp_path / "seed.txt"
    seed.write_text(seed_text, encoding="utf-8")
    thread = analyze_path(str(seed), evidence_db=example_evidence_db).thread
    assert [e.annotation_id for e in thread.evidence] == _claim_ids(thread)
    assert {e.status for e in thread.evidence} <= {"found", "no_match"}
    jsonschema.validate(document_to_record([thread], "none"), json_schema())
    with open_store(example_evidence_db) as store:
        stored = EvidenceStore(store)
        for link in (link for e in thread.evidence for link in e.links):
            item = stored.get(link.pmid)
            assert item is not None and (link.title, link.design, link.level) == (
                item.abstract.title,
                item.grade.design,
                item.grade.level,
            )
            if link.sentence is not None:
                assert item.abstract.text[link.sentence.start : link.sentence.end] == link.sentence.text


def test_jobs_analyze_with_a_corpus_that_matches_nothing_says_so(stretching_thread, tmp_path):
    url = f"sqlite:///{tmp_path / 'unrelated.db'}"
    light = Abstract("91000301", "Bright light and alertness in night shift workers", "Light improved alertness.")
    with open_store(url) as store:
        EvidenceStore(store).add([GradedAbstract(light, grade(light))])
    thread = analyze_path(str(stretching_thread), evidence_db=url).thread
    assert thread.evidence and {e.status for e in thread.evidence} == {"no_match"}
    assert "no matching abstract in the loaded corpus" in dumps([thread])


def test_jobs_analyze_refuses_a_missing_evidence_db_and_creates_none(stretching_thread, tmp_path):
    missing = tmp_path / "missing.db"
    with pytest.raises(StoreError, match=r"--evidence-db .*no such database file"):
        analyze_path(str(stretching_thread), evidence_db=f"sqlite:///{missing}")
    assert not missing.exists()
