"""Storing batches on a background thread, so the database works while the next batch is parsed.

SQLite and psycopg let go of Python's interpreter lock while the database does its work (B-tree and full-text
index inserts, commits), so a writer thread runs that work on the second core while the reading thread parses.
Each batch is still one transaction of :meth:`SqlStore.add_threads`, written in the order submitted: what a
killed process leaves is exactly what it would have left without the thread. At most ``depth`` batches wait,
which bounds memory.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Sequence

from anecdata.model import Thread
from anecdata.store.sql import IngestCounts, SqlStore

_DONE = None


class BackgroundWriter:
    """Adds batches of threads to a store on its own thread; use as a context manager.

    The counts of the batches written so far are in :attr:`counts`. An error of the store is raised in the
    submitting thread, at the next :meth:`submit` or when the block ends; batches after it are not written.
    Leaving the block by an exception (Ctrl-C included) drops the batches still waiting and waits for the
    one being written, so the store is closed only once no transaction is open.
    """

    def __init__(self, store: SqlStore, depth: int = 1) -> None:
        self.store = store
        self.counts = IngestCounts()
        self._waiting: queue.Queue[Sequence[Thread] | None] = queue.Queue(maxsize=depth)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._write, name="anecdata-store-writer", daemon=True)

    def __enter__(self) -> BackgroundWriter:
        self._thread.start()
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if exc_type is not None:
            self._drop_waiting()
        self._waiting.put(_DONE)
        self._thread.join()
        if exc_type is None:
            self._raise_error()

    def submit(self, batch: Sequence[Thread]) -> None:
        """Queue one batch (one transaction), waiting while ``depth`` batches are already queued."""
        self._raise_error()
        self._waiting.put(batch)

    def _write(self) -> None:
        while (batch := self._waiting.get()) is not _DONE:
            if self._error is not None:
                continue  # after an error, batches are taken off the queue and dropped, so no submitter blocks
            try:
                self.counts += self.store.add_threads(batch)
            except BaseException as e:  # handed to the submitting thread, which raises it
                self._error = e

    def _drop_waiting(self) -> None:
        try:
            while True:
                self._waiting.get_nowait()
        except queue.Empty:
            pass

    def _raise_error(self) -> None:
        if self._error is not None:
            raise self._error
