"""Does a learned (sentence, treatment) pair model help where the outcome rules leave ``unknown``?

Run: ``.venv/bin/python bench/outcome_pairs.py`` (about three minutes). Trains a pair model on the project's corpus
as ``anecdata train outcomes --data data/corpus`` does, then, for several thresholds:

- ``corpus``: on the corpus's dev and test splits, the pairs the rules leave unknown: how many verdicts the model
  keeps, how many are right, and how many fall on a pair whose gold outcome is unknown;
- ``forum_experiences``: outcome accuracy and macro-F1 of ``anecdata evaluate experiences`` on real Reddit posts
  (``../shared/corpora/forum_experiences``) with the model beside the rules, against the rules alone;
- ``redhot_fires_per_100_posts``: how often it gives a verdict on real posts outside that set.

Writes counts and scores only (no corpus text) to ``bench/results/outcome_pairs.json``.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import replace
from pathlib import Path

from anecdata.corpus.build import load_split
from anecdata.evaluate.experiences import experiences_predictor, load_forum_experiences
from anecdata.evaluate.tasks import get_task
from anecdata.read.outcomes.model import MODEL_FILE, load_model
from anecdata.read.outcomes.pairs import POLAR, PairModel, write_pair_model
from anecdata.read.pipeline import annotate_texts, build_pipeline
from anecdata.settings import REPO_ROOT, shared_dir
from anecdata.train.outcome_pairs import corpus_examples, train_outcome_pairs

RESULTS = Path(__file__).parent / "results" / "outcome_pairs.json"
THRESHOLDS = (0.4, 0.5, 0.6, 0.7)
REDHOT_POSTS = 300


def corpus_table(model: PairModel) -> dict[str, dict[str, dict[str, int]]]:
    table = {}
    for split in ("dev", "test"):
        examples = corpus_examples(load_split(REPO_ROOT / "data" / "corpus", split))
        verdicts = [model.verdict(e.features) for e in examples]
        table[split] = {"pairs": {"all": len(examples), "gold_polar": sum(e.gold in POLAR for e in examples)}}
        for threshold in THRESHOLDS:
            kept = [(label, e.gold) for (label, p), e in zip(verdicts, examples, strict=True)
                    if label in POLAR and p >= threshold]  # fmt: skip
            table[split][str(threshold)] = {
                "kept": len(kept),
                "right": sum(label == gold for label, gold in kept),
                "on_gold_unknown": sum(gold == "unknown" for _, gold in kept),
            }
    return table


def experiences(folder: Path | None) -> dict[str, float]:
    task = get_task("experiences")
    data = shared_dir() / "corpora" / "forum_experiences"
    outcomes = task.run(data, experiences_predictor(folder)).details["outcomes"]
    return {"accuracy": round(outcomes["accuracy"], 3), "macro_f1": round(outcomes["macro_f1"], 3)}


def fires_per_100_posts(folder: Path) -> float:
    dev = {p.id for p in load_forum_experiences(shared_dir() / "corpora" / "forum_experiences")}
    lines = (shared_dir() / "corpora" / "redhot" / "derived" / "st1_train_with_text.jsonl").read_text().splitlines()
    texts = [r["text"] for r in map(json.loads, lines) if r["post_id"] not in dev][:REDHOT_POSTS]
    nlp = build_pipeline(config={"anecdata_outcomes": {"model": str(folder)}})
    fired = sum(
        1 for found in annotate_texts(texts, nlp) for a in found if a.layer == "outcome" and a.origin.part == "model"
    )
    return round(100 * fired / len(texts), 1)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        trained = Path(tmp) / "trained"
        report = train_outcome_pairs(REPO_ROOT / "data" / "corpus", trained)
        model = load_model(trained)
        assert isinstance(model, PairModel)
        results = {
            "trained": {"pairs": report.train_pairs, "threshold_chosen_on_dev": report.threshold},
            "corpus": corpus_table(model),
            "forum_experiences": {"rules_alone": experiences(None)},
            "redhot_fires_per_100_posts": {},
        }
        for threshold in THRESHOLDS:
            folder = Path(tmp) / str(threshold)
            write_pair_model(replace(model, threshold=threshold), folder, MODEL_FILE)
            results["forum_experiences"][str(threshold)] = experiences(folder)
            results["redhot_fires_per_100_posts"][str(threshold)] = fires_per_100_posts(folder)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
