"""Baseline: the rule statement typer on RedHOT (``anecdata evaluate statements``), saved for later issues to beat.

Run: ``make bench`` or ``.venv/bin/python bench/statements_baseline.py [--data DIR]``. Writes scores only (no
corpus text) to ``bench/results/statements_baseline.json`` and prints the macro-F1 and the time taken.
"""

import argparse
import json
import platform
from pathlib import Path

from anecdata import __version__
from anecdata.evaluate.tasks import get_task, resolve_data_dir

RESULTS = Path(__file__).parent / "results" / "statements_baseline.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=None, help="a folder in the RedHOT layout")
    args = parser.parse_args()
    task = get_task("statements")
    result = task.run(resolve_data_dir(task, args.data)).to_dict()
    result["data"] = "redhot" if args.data is None else str(args.data)
    result["anecdata_version"] = __version__
    result["machine"] = f"{platform.machine()}, Python {platform.python_version()}"
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    overlap, strict = result["scores"]["overlap"], result["scores"]["strict"]
    print(
        f"statements on {result['documents']} documents: macro-F1 overlap {overlap['macro_f1']:.3f}, "
        f"strict {strict['macro_f1']:.3f}, in {result['seconds']:.1f} s -> {RESULTS}"
    )


if __name__ == "__main__":
    main()
