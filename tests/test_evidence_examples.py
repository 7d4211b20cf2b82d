"""Evidence linked by meaning, checked on the project's examples and the seed thread with every invented abstract
of ``examples/evidence`` loaded: no link is about fewer than two of its claim's concepts, a claim whose condition
and intervention an abstract is about still gets that abstract, and the seed's central claim (inner tension
causes back pain) finds the review of mind-body approaches to chronic back pain."""

from __future__ import annotations

import pytest

from anecdata.evidence.load import load_files, plan_files
from anecdata.evidence.model import AddCounts, GradedAbstract
from anecdata.evidence_links import MIN_SHARED_CONCEPTS, TOP, claims, find_mentions, shared_concepts, thread_topic
from anecdata.jobs import analyze_path
from anecdata.model import Thread
from paths import EXAMPLES

MIND_BODY_REVIEW = "90000023"
"""``examples/evidence/abstracts-sample.jsonl``: "Mind-body approaches to chronic back pain"."""
CONDITIONS = frozenset({"condition"})
INTERVENTIONS = frozenset({"treatment", "drug", "cause"})


def _abstract_concepts() -> dict[str, dict[str, str]]:
    """Every abstract of ``examples/evidence`` with its concepts (title and text): concept id → mention label."""
    loaded: list[GradedAbstract] = []
    files, _ = plan_files([str(p) for p in sorted((EXAMPLES / "evidence").glob("*")) if p.suffix != ".md"])

    def keep(batch: list[GradedAbstract]) -> AddCounts:
        loaded.extend(batch)
        return AddCounts(added=len(batch))

    load_files(files, keep)
    abstracts = [item.abstract for item in loaded]
    found = find_mentions([f"{a.title}\n{a.text}" for a in abstracts])
    return {a.pmid: {m.concept_id: m.label for m in mentions} for a, mentions in zip(abstracts, found, strict=True)}


def _claim_concepts(thread: Thread) -> dict[str, set[str]]:
    """Each claim's concepts with its thread's (the title's, or the opening post's conditions), by claim id."""
    title_mentions = find_mentions([thread.title])[0] if thread.title else []
    context = thread_topic(thread, title_mentions)
    return {
        claim.id: set(context)
        | {
            m.attrs["concept_id"]
            for m in post.layer("mention")
            if m.attrs.get("concept_id") and claim.start <= m.start and m.end <= claim.end
        }
        for post, claim in claims(thread)
    }


def _labels(thread: Thread) -> dict[str, str]:
    """Every concept the thread names, with the label it is named under."""
    return {
        m.attrs["concept_id"]: m.label for p in thread.posts for m in p.layer("mention") if m.attrs.get("concept_id")
    }


def _check(thread: Thread, abstracts: dict[str, dict[str, str]]) -> None:
    wanted, labels = _claim_concepts(thread), _labels(thread)
    for entry in thread.evidence:
        concepts = wanted[entry.annotation_id]
        for link in entry.links:
            shared = shared_concepts(concepts, abstracts[link.pmid])
            assert len(shared) >= MIN_SHARED_CONCEPTS, (entry.annotation_id, link.pmid, sorted(shared))
        for pmid, about in abstracts.items():
            named = {labels.get(c) for c in shared_concepts(concepts, about)}
            if named & CONDITIONS and named & INTERVENTIONS and len(entry.links) < TOP:
                assert pmid in {link.pmid for link in entry.links}, (entry.annotation_id, pmid)


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.txt")))
def test_evidence_examples_every_link_is_about_its_claim(name, example_evidence_db):
    thread = analyze_path(str(EXAMPLES / name), evidence_db=example_evidence_db).thread
    _check(thread, _abstract_concepts())


@pytest.mark.corpus
def test_evidence_examples_the_seed_claim_on_inner_tension_finds_the_mind_body_review(
    seed_text, tmp_path, example_evidence_db
):
    seed = tmp_path / "seed.txt"
    seed.write_text(seed_text, encoding="utf-8")
    thread = analyze_path(str(seed), evidence_db=example_evidence_db).thread
    _check(thread, _abstract_concepts())
    texts = {a.id: a.text for _, a in claims(thread)}
    central = [
        e for e in thread.evidence if "inner tension" in texts[e.annotation_id] and "cause of" in texts[e.annotation_id]
    ]
    assert central and all(MIND_BODY_REVIEW in {link.pmid for link in e.links} for e in central)
