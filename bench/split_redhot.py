"""Split a RedHOT-layout folder in two by post id (fixed seed), for measuring a method's ceiling.

Run: ``.venv/bin/python bench/split_redhot.py OUT [--data DIR]``. Writes ``OUT/a`` and ``OUT/b``, each in the
RedHOT layout (``derived/st1_train_with_text.jsonl``), holding the records of about half the posts. Keep OUT
outside the repository (a temporary folder): the records carry corpus text, which never enters the repository.
Then: ``anecdata train statements --data OUT/a --out MODEL`` and
``anecdata evaluate statements --data OUT/b --model MODEL`` (bench/statements_methods.py does both ways).
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from anecdata import settings
from anecdata.evaluate.statements import REDHOT_STATEMENTS_FILE

SEED = 13


def split_redhot(data: Path, out: Path, seed: int = SEED) -> tuple[Path, Path]:
    """Write the two halves of ``data``'s statement records under ``out/a`` and ``out/b``; return both folders."""
    lines = [line for line in (data / REDHOT_STATEMENTS_FILE).read_text(encoding="utf-8").split("\n") if line.strip()]
    ids = sorted({json.loads(line)["post_id"] for line in lines})
    random.Random(seed).shuffle(ids)
    first = set(ids[: len(ids) // 2])
    halves = (out / "a", out / "b")
    for half, keep in zip(halves, (True, False), strict=True):
        path = half / REDHOT_STATEMENTS_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        chosen = [line for line in lines if (json.loads(line)["post_id"] in first) == keep]
        path.write_text("\n".join(chosen) + "\n", encoding="utf-8")
    return halves


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="a folder outside the repository")
    parser.add_argument("--data", type=Path, default=settings.shared_dir() / "corpora" / "redhot")
    args = parser.parse_args()
    a, b = split_redhot(args.data, args.out)
    print(f"wrote {a} and {b}")


if __name__ == "__main__":
    main()
