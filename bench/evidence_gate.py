"""Which abstracts the "about the claim" gate of ``evidence_links`` lets through, on real claims.

Run: ``.venv/bin/python bench/evidence_gate.py [--data DIR]`` (default: ``<shared>/corpora/redhot_factcheck``).
For every fact-check claim and each of its ten judged abstracts, the gate's rule is applied to the concepts the
mention matcher finds in the claim, its thread title and the abstract (``evidence_links.shared_concepts``); an
abstract is relevant when its mean gain is at least "Somewhat Relevant". Reported per rule: relevant and
irrelevant abstracts kept, the precision of what is kept, and the claims that keep at least one relevant
abstract. The shipped rule is ``MIN_SHARED_CONCEPTS`` concepts, one named in the claim itself: a sentence of a
story that names nothing is linked to nothing, however many of the title's concepts an abstract shares. Writes
counts only (no corpus text, no labels) to ``bench/results/evidence_gate.json``.
"""

import argparse
import json
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from anecdata import __version__
from anecdata.evaluate.evidence import RELEVANT_GAIN, _gains, prepare
from anecdata.evaluate.tasks import get_task, resolve_data_dir
from anecdata.evidence_links import MIN_SHARED_CONCEPTS, shared_concepts

RESULTS = Path(__file__).parent / "results" / "evidence_gate.json"
Rule = Callable[[frozenset[str], set[str]], bool]
RULES: dict[str, Rule] = {
    "one shared, named in the claim": lambda shared, own: len(shared) >= 1 and bool(shared & own),
    "one shared, from claim or title": lambda shared, own: len(shared) >= 1,
    "two shared, from claim or title": lambda shared, own: len(shared) >= 2,
    f"shipped: {MIN_SHARED_CONCEPTS} shared, one named in the claim": (
        lambda shared, own: len(shared) >= MIN_SHARED_CONCEPTS and bool(shared & own)
    ),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=None)
    data = prepare(resolve_data_dir(get_task("evidence"), parser.parse_args().data))
    concepts: dict[str, set[str]] = defaultdict(set)
    for c in data.concepts:
        concepts[c.pmid].add(c.concept_id)
    judged = []
    for claim in data.claims:
        own = {m.concept_id for m in data.mentions[claim.claim]}
        title = {m.concept_id for m in data.mentions[claim.title]}
        for pmid, gain in _gains(claim).items():
            judged.append((claim.id, gain >= RELEVANT_GAIN, shared_concepts(own | title, concepts[pmid]), own))
    rows = {}
    for name, rule in RULES.items():
        kept = [(claim, relevant) for claim, relevant, shared, own in judged if rule(shared, own)]
        relevant = sum(r for _, r in kept)
        rows[name] = {
            "relevant_kept": relevant,
            "irrelevant_kept": len(kept) - relevant,
            "precision": round(relevant / len(kept), 3) if kept else None,
            "claims_keeping_a_relevant_abstract": len({c for c, r in kept if r}),
        }
    result = {
        "anecdata": __version__,
        "claims": len(data.claims),
        "judged": len(judged),
        "relevant": sum(r for _, r, _, _ in judged),
        "claims_with_a_relevant_abstract": len({c for c, r, _, _ in judged if r}),
        "rules": rows,
    }
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
