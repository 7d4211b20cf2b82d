"""The name tagger's recall bias against both judges: WNUT-17 (``evaluate pii``) and real posts (``pii_reddit``).

``bench/pii_tune.py`` scores the tagger alone on a split of WNUT-17's training file; what a reader loses is the
whole PII step (allow-list, public names, the tagger's support rules), and its targets are set on WNUT-17 dev and
forum_experiences. This script decodes both with each bias in a small grid (capitalised person, lower-case
person, location) and writes every point to ``bench/results/pii_bias.json``, so the chosen ``pii.toml`` values
can be read against the curve: raising the person bias buys WNUT recall with real posts' precision. The grid is
read with the bundled model, so rerun it after ``anecdata train pii``. Usage::

    python bench/pii_bias.py [--wnut ../shared/corpora/wnut17_pii] [--reddit ../shared/corpora/forum_experiences]
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path

from anecdata import settings
from anecdata.evaluate.tasks import get_task
from anecdata.read.pii.recognizers.name_tagger import NameTaggerRecognizer
from anecdata.read.pii.tagger import NameTagger

GRID = [
    {"person": person, "location": location, "lower_person": lower}
    for person, lower, location in itertools.product((3.5, 4.0, 4.5, 5.0, 5.5), (2.5, 3.0, 3.5), (2.5, 3.0))
    if lower <= person
]
RESULTS = Path(__file__).parent / "results" / "pii_bias.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    corpora = settings.shared_dir() / "corpora"
    parser.add_argument("--wnut", type=Path, default=corpora / "wnut17_pii")
    parser.add_argument("--reddit", type=Path, default=corpora / "forum_experiences")
    args = parser.parse_args()
    wnut, reddit = get_task("pii"), get_task("pii_reddit")
    wnut.run(args.wnut)  # builds both pipelines' recognisers
    reddit.run(args.reddit)
    runs = []
    for point in GRID:
        _set_bias(point)
        per_label = wnut.run(args.wnut).to_dict()["scores"]["overlap"]["per_label"]
        real = reddit.run(args.reddit).to_dict()["scores"]
        run = {
            "bias": point,
            "wnut": {k: {m: round(v[m], 3) for m in ("precision", "recall")} for k, v in per_label.items()},
            "pii_reddit": {
                "precision": round(real["precision"], 3),
                "false_alarm_rate": round(real["false_alarm_rate"], 4),
                "private_recall": round(real["recall"]["private"], 3),
                "predicted": real["counts"]["predicted"],
            },
        }
        runs.append(run)
        print(json.dumps(run), flush=True)
    RESULTS.parent.mkdir(exist_ok=True)
    lines = ",\n".join(json.dumps(r) for r in runs)  # one run per line: compact, and diffs stay readable
    RESULTS.write_text('{\n "runs": [\n' + lines + "\n ]\n}\n")


def _set_bias(point: dict[str, float]) -> None:
    """Every tagger recogniser the pipelines built decodes with this point's bias from now on."""
    import gc

    bias = {"person": point["person"], "location": point["location"]}
    for recognizer in (o for o in gc.get_objects() if isinstance(o, NameTaggerRecognizer)):
        recognizer.bias = bias
        recognizer.tagger = NameTagger(recognizer.tagger.model, bias, {"person": point["lower_person"]})


if __name__ == "__main__":
    main()
