"""Speed of the safety layer (issue 9 target: well under 0.5 ms per 100-word post on one core).

Run: ``.venv/bin/python bench/safety_speed.py``. Posts are 100-word windows of the project's own example threads
(which hold no red flag, so this is the common case: every trigger searched, none found) plus the same windows
with a red-flag sentence appended (so every cue and companion is searched too). Each post is first run through
sentences; then ``anecdata_safety`` is timed alone on copies of those docs, after a warm-up. Writes
``bench/results/safety_speed.json``.
"""

import json
import platform
import statistics
import time
from pathlib import Path

from spacy.language import Language

from anecdata.read.pipeline import build_pipeline

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
RESULTS = Path(__file__).parent / "results" / "safety_speed.json"
WORDS_PER_POST = 100
ROUNDS = 20
TIMED = "anecdata_safety"
FLAGGED = " Since Monday my sciatica is worse, my groin went numb and I can't pee properly."
"""A red-flag sentence written for this benchmark (two flags, a companion and first-person cues)."""


def posts() -> list[str]:
    words = " ".join(p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))).split()
    return [" ".join(words[i : i + WORDS_PER_POST]) for i in range(0, len(words) - WORDS_PER_POST, WORDS_PER_POST)]


def ms_per_post(nlp: Language, texts: list[str]) -> float:
    """The median over rounds of the mean CPU time per post: the machine is shared, so this process's CPU time
    (not the wall clock) is timed, and the median shrugs off rounds that other processes slowed down anyway."""
    prepared = list(nlp.pipe(texts, disable=[TIMED]))
    component = nlp.get_pipe(TIMED)
    rounds = []
    for round_ in range(ROUNDS + 1):  # round 0 warms up
        seconds = 0.0
        for doc in prepared:
            copy = doc.copy()
            started = time.process_time()
            component(copy)
            seconds += time.process_time() - started
        if round_:
            rounds.append(seconds * 1000 / len(prepared))
    return round(statistics.median(rounds), 4)


def main() -> None:
    nlp = build_pipeline(("anecdata_sentences", TIMED))
    plain = posts()
    flagged = [text + FLAGGED for text in plain]
    assert all(len(doc.spans["safety"]) == 2 for doc in nlp.pipe(flagged)), "each flagged post should raise two flags"
    result = {
        "posts": len(plain),
        "words_per_post": WORDS_PER_POST,
        "ms_per_post": {"no_red_flag": ms_per_post(nlp, plain), "with_red_flags": ms_per_post(nlp, flagged)},
        "target_ms_per_post": 0.5,
        "clock": "CPU time of this process (time.process_time), median of rounds",
        "machine": f"{platform.machine()}, Python {platform.python_version()}, one process",
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(f"safety: {result['ms_per_post']} ms per {WORDS_PER_POST}-word post -> {RESULTS}")


if __name__ == "__main__":
    main()
