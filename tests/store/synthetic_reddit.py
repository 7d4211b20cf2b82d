"""Small synthetic Reddit comment dumps for tests that need many posts (the wording varies, the ids are real)."""

from __future__ import annotations

import json
import random
from pathlib import Path

PHRASES = (
    "I tried ibuprofen for three weeks and it did not help.",
    "Physical therapy fixed my sciatica after two months.",
    "Has anyone tried dry needling for this?",
    "My doctor says it is tendinitis, rest and ice.",
    "Foam rolling made it worse for me.",
    "Honestly nothing worked until I started walking daily.",
)


def comment(i: int, threads: int, rng: random.Random) -> dict:
    """The ``i``-th comment of a dump spread over ``threads`` submissions, replying to an earlier comment."""
    link = f"t3_{i % threads + 100:x}"
    parent = link if i < threads or rng.random() < 0.3 else f"t1_{rng.randrange(max(i - threads, 1)) + 10**6:x}"
    return {
        "id": f"{i + 10**6:x}",
        "link_id": link,
        "parent_id": parent,
        "author": f"user{rng.randrange(500)}",
        "created_utc": 1_680_000_000 + i * 7,
        "subreddit": "Sciatica",
        "score": rng.randrange(-3, 50),
        "body": " ".join(rng.choice(PHRASES) for _ in range(rng.randrange(1, 4))),
    }


def write_comments(path: Path, count: int, threads: int = 50, seed: int = 7) -> Path:
    """``count`` comments as plain NDJSON (the reader takes it as it takes a zstd dump)."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as f:
        for i in range(count):
            f.write(json.dumps(comment(i, threads, rng)) + "\n")
    return path
