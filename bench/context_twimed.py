"""Context attributes on TwiMed (``anecdata evaluate context``), on all documents and on the tweets alone.

Run: ``.venv/bin/python bench/context_twimed.py [--data DIR]``. Tweets are lay first-person text like forum posts;
PubMed sentences are third-person reports, where the default experiencer (the writer) is wrong by design, so
both are shown. Writes scores only (no corpus text) to ``bench/results/context_twimed.json``.
"""

import argparse
import json
import platform
from dataclasses import replace
from pathlib import Path

from anecdata import __version__
from anecdata.evaluate.context import load_twimed_context
from anecdata.evaluate.tasks import get_task, resolve_data_dir

RESULTS = Path(__file__).parent / "results" / "context_twimed.json"


def _f1(result: dict) -> dict:
    return {label: round(s["f1"], 3) for label, s in result["scores"]["overlap"]["per_label"].items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=None, help="a folder in the TwiMed layout")
    args = parser.parse_args()
    task = get_task("context")
    data = resolve_data_dir(task, args.data)
    tweets_only = replace(task, load_gold=lambda d: [x for x in load_twimed_context(d) if x.id.startswith("twitter/")])
    result = {
        "all": task.run(data).to_dict(),
        "tweets": tweets_only.run(data).to_dict(),
        "anecdata_version": __version__,
        "machine": f"{platform.machine()}, Python {platform.python_version()}",
    }
    for part in ("all", "tweets"):
        result[part]["data"] = "twimed" if args.data is None else str(args.data)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    for part in ("all", "tweets"):
        print(f"{part}: {result[part]['documents']} docs, coverage {result[part]['coverage']}, F1 {_f1(result[part])}")
    print(f"-> {RESULTS}")


if __name__ == "__main__":
    main()
