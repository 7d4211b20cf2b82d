"""How ``anecdata analyze`` time grows with one long paragraph (issue 17 point 1): texts of varied forum sentences
repeated to 100, 200 and 400 kB, each analysed in a fresh process, with time per stage.

Run: ``.venv/bin/python bench/long_paragraph.py [--sizes 100000,200000,400000] [--out FILE]``
"""

from __future__ import annotations

import argparse
import io
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SENTENCES = (
    "I tried ibuprofen for my knee pain and it helped a little after two weeks.",
    "My physio suggested foam rolling, but the hip pain got worse at night.",
    "Has anyone had sciatica that lasted more than six months?",
    "Dr Smith in Leeds gave me a cortisone shot and the swelling went down.",
    "Stretching twice a day is the best treatment for piriformis syndrome.",
    "My mother took amitriptyline for her migraines for years without any change.",
    "Dry needling did nothing for my lower back, though massage helped.",
    "I have had plantar fasciitis since March and walking is still painful.",
    "Is it normal to feel numbness in the toes after starting gabapentin?",
    "The Sarno approach cured my back pain completely within a month.",
    "Ice made it worse, heat made it better, and rest did not change anything.",
    "You can email me at someone@example.org or call 555-0134 for the exercises.",
)


def paragraph(size: int, seed: int = 17) -> str:
    """One paragraph of about ``size`` characters: the sentences above in a seeded random order, no line breaks."""
    rng = random.Random(seed)
    parts: list[str] = []
    total = 0
    while total < size:
        sentence = rng.choice(SENTENCES)
        parts.append(sentence)
        total += len(sentence) + 1
    return " ".join(parts)[:size]


def stages(text: str) -> dict[str, float]:
    """Seconds each stage of ``anecdata analyze`` takes on one pasted text, in this process."""
    from rich.console import Console

    from anecdata.ingest.pasted import read_pasted_file
    from anecdata.read.pipeline import annotate_thread
    from anecdata.redact import redact_threads
    from anecdata.serialise import dumps
    from anecdata.thread import add_thread_logic
    from anecdata.view.html import render_html
    from anecdata.view.terminal import terminal_safe_all
    from anecdata.view.text import render_text

    seconds: dict[str, float] = {}

    def timed(name: str, work):
        started = time.perf_counter()
        result = work()
        seconds[name] = round(time.perf_counter() - started, 2)
        return result

    thread = timed("segment", lambda: read_pasted_file(text, "long.txt"))
    thread = timed("pipeline", lambda: annotate_thread(thread))
    thread = timed("thread logic", lambda: add_thread_logic(thread))
    threads = timed("redact", lambda: redact_threads([thread], "mask"))
    timed("json", lambda: dumps(threads, redaction="mask"))
    timed("html", lambda: render_html(threads, redaction="mask"))
    timed("text", lambda: render_text(terminal_safe_all(threads), Console(file=io.StringIO(), width=100)))
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,200000,400000")
    parser.add_argument("--cli", action="store_true", help="Also time the whole command in a fresh process.")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    from anecdata.read.pipeline import default_pipeline

    default_pipeline()("Warm up.")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            text = paragraph(size)
            row: dict[str, object] = {"chars": size, "stages": stages(text)}
            if args.cli:
                path = Path(tmp) / f"para-{size}.txt"
                path.write_text(text, encoding="utf-8")
                started = time.perf_counter()
                command = [sys.executable, "-m", "anecdata", "analyze", str(path), "-o", f"{path}.out"]
                row["rc"] = subprocess.run(command, capture_output=True).returncode
                row["cli_seconds"] = round(time.perf_counter() - started, 2)
            rows.append(row)
            print(json.dumps(row), flush=True)
    if args.out:
        args.out.write_text(json.dumps({"runs": rows}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
