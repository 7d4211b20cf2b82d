"""The background writer: batches land in order as separate transactions, and a store error reaches the caller."""

from __future__ import annotations

import threading

import pytest
from test_store import SOURCE, make_post, make_thread

from anecdata.errors import StoreError
from anecdata.ingest.source import thread_id
from anecdata.store import BackgroundWriter, IngestCounts


def test_background_writer_stores_batches_in_order_and_counts_them(store):
    first = make_thread(make_post(1, "Ice did nothing."))
    edited = make_thread(make_post(1, "Ice did nothing at all."))
    with BackgroundWriter(store) as writer:
        writer.submit([first])
        writer.submit([edited, make_thread(make_post(2, "Rest helped.", thread="2"), key="2")])
    assert writer.counts == IngestCounts(new=2, changed=1, unchanged=0, threads_new=2)
    assert store.thread(thread_id(SOURCE, "1")).posts[0].text == "Ice did nothing at all."


class _FailingStore:
    """A store whose second batch fails, and which records what it was given."""

    def __init__(self) -> None:
        self.batches: list[object] = []

    def add_threads(self, batch):
        self.batches.append(batch)
        if len(self.batches) == 2:
            raise StoreError("sqlite:///full.db: database or disk is full")
        return IngestCounts(new=1)


def test_background_writer_raises_a_store_error_in_the_caller_and_writes_nothing_after_it():
    store = _FailingStore()
    with pytest.raises(StoreError, match="disk is full"), BackgroundWriter(store) as writer:  # type: ignore[arg-type]
        for n in range(50):
            writer.submit([n])
    assert store.batches[:2] == [[0], [1]] and len(store.batches) == 2
    assert writer.counts == IngestCounts(new=1)


class _SlowStore:
    """A store that blocks in its first batch until released, to stop the caller while a batch is written."""

    def __init__(self) -> None:
        self.started, self.release = threading.Event(), threading.Event()
        self.batches: list[object] = []

    def add_threads(self, batch):
        self.started.set()
        self.release.wait(5)
        self.batches.append(batch)
        return IngestCounts(new=1)


def test_background_writer_on_interrupt_finishes_the_open_batch_and_drops_the_waiting_ones():
    store = _SlowStore()
    with pytest.raises(KeyboardInterrupt), BackgroundWriter(store) as writer:  # type: ignore[arg-type]
        writer.submit(["written"])
        store.started.wait(5)
        writer.submit(["waiting"])
        threading.Timer(0.2, store.release.set).start()
        raise KeyboardInterrupt
    assert store.batches == [["written"]]
