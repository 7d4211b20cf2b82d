"""Speed and memory of mention matching (issue 3 targets: ≤ 1 ms per 100-word post on one core; < 300 MB).

Run: ``.venv/bin/python bench/mentions_speed.py``. Posts are 100-word windows of the project's own example
threads. Times the ``anecdata_mentions`` component alone on already-tokenised docs (what matching adds to the
pipeline), after a warm-up, and reports the resident memory of a process that has loaded the lexicon.
Writes ``bench/results/mentions_speed.json``.
"""

import json
import platform
import resource
import time
from pathlib import Path

import spacy

from anecdata.read.extensions import ensure_extensions
from anecdata.read.mentions.component import MentionFinder
from anecdata.read.mentions.matcher import LexiconMatcher
from anecdata.vocab.compiled import load_lexicon

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
RESULTS = Path(__file__).parent / "results" / "mentions_speed.json"
WORDS_PER_POST = 100
ROUNDS = 20


def posts() -> list[str]:
    words = " ".join(p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))).split()
    return [" ".join(words[i : i + WORDS_PER_POST]) for i in range(0, len(words) - WORDS_PER_POST, WORDS_PER_POST)]


def main() -> None:
    ensure_extensions()
    started = time.perf_counter()
    lexicon = load_lexicon()
    finder = MentionFinder(LexiconMatcher(lexicon))
    load_seconds = time.perf_counter() - started
    nlp = spacy.blank("en")
    texts = posts()
    docs = [nlp.make_doc(t) for t in texts]
    for doc in docs:  # warm-up: caches of corrected words fill on first sight
        finder(doc)
    started = time.perf_counter()
    for _ in range(ROUNDS):
        for doc in docs:
            finder(doc)
    per_post_ms = (time.perf_counter() - started) * 1000 / (ROUNDS * len(docs))
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "posts": len(docs),
        "words_per_post": WORDS_PER_POST,
        "ms_per_post": round(per_post_ms, 3),
        "target_ms_per_post": 1.0,
        "lexicon_load_seconds": round(load_seconds, 2),
        "peak_rss_mb": round(rss_mb, 1),
        "target_rss_mb": 300,
        "entries": len(lexicon.entries),
        "phrases": len(lexicon.phrases),
        "machine": f"{platform.machine()}, Python {platform.python_version()}, one process",
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
