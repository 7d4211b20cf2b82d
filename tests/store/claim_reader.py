"""One reader of a store, run as its own process by tests/store/test_read_claims.py: ``read_pending`` in this
process (``workers=1``), with the pipeline replaced by a recorder that appends the id of every post it is given
to a file, so a test can count how often each post was read across readers.

Usage: ``python claim_reader.py URL RECORD READY GO READERS``: opens the store, creates ``READY``, waits for
``GO`` to exist (so several readers start together), reads, and prints how many posts it saved. After its first
page a reader waits until each of the ``READERS`` readers (their records in one folder) has read one, so every
reader reads while the others hold claims, however the machine schedules them.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from anecdata import jobs
from anecdata.store import Reading, open_store

CHUNK_POSTS = 8
"""Small pages, so readers on a few hundred posts take turns many times."""
PAGE_SECONDS = 0.005
"""How long the recorder takes over a page, as a pipeline does, so the readers' pages interleave."""
START_SECONDS = 60.0


def _wait(done: Callable[[], bool]) -> None:
    deadline = time.monotonic() + START_SECONDS
    while not done() and time.monotonic() < deadline:
        time.sleep(0.005)


def main(url: str, record: Path, ready: Path, go: Path, readers: int) -> None:
    def recorded(items: list) -> list[Reading]:
        with record.open("a", encoding="utf-8") as f:
            f.writelines(f"{post.id}\n" for post, _, _ in items)
        first = record.with_suffix(".first")
        if not first.exists():
            first.touch()
            _wait(lambda: len(list(record.parent.glob("*.first"))) >= readers)
        time.sleep(PAGE_SECONDS)
        return [Reading(post.id, text_hash) for post, _, text_hash in items]

    jobs.read_chunk = recorded
    with open_store(url) as store:
        ready.touch()
        _wait(go.exists)
        print(jobs.read_pending(store, workers=1, chunk_posts=CHUNK_POSTS))


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]), int(sys.argv[5]))
