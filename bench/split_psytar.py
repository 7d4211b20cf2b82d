"""Split a PsyTAR-layout folder in two by review (drug id), with a fixed seed, for measuring a method's ceiling.

Run: ``.venv/bin/python bench/split_psytar.py [--data DIR] [--out DIR]``. Each half is a folder of the same
layout (``sheets_csv/Sentence_Labeling.csv``, rows copied unchanged), so ``anecdata train outcomes`` can train on
one and ``anecdata evaluate outcomes --model`` score the other. The halves go to a temporary folder unless
``--out`` is given: corpus text never enters the repository.
"""

import argparse
import csv
import random
import tempfile
from pathlib import Path

from anecdata import settings
from anecdata.evaluate.outcomes import SENTENCES_FILE

SEED = 20240604
HALVES = ("train", "test")


def split_psytar(data: Path, out: Path, seed: int = SEED) -> tuple[Path, Path]:
    """Write ``out/train`` and ``out/test``, each with about half of the reviews; returns both folders."""
    with (data / SENTENCES_FILE).open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames or [], list(reader)
    reviews = sorted({row["drug_id"] for row in rows})
    random.Random(seed).shuffle(reviews)
    train = set(reviews[: len(reviews) // 2])
    folders = []
    for half in HALVES:
        path = out / half / SENTENCES_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=fields)
            writer.writeheader()
            writer.writerows(r for r in rows if (r["drug_id"] in train) == (half == "train"))
        folders.append(out / half)
    return folders[0], folders[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=settings.shared_dir() / "corpora" / "psytar")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="psytar-split-"))
    train, test = split_psytar(args.data, out)
    print(f"{train}\n{test}")


if __name__ == "__main__":
    main()
