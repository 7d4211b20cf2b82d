"""A stored thread with its experiences and questions: the records indexing stored, else derived here.

Thread logic runs once per thread when it is indexed (``jobs.index_experiences``), and its records are stored
(``store/carried.ThreadRecords``). Pages, exports and the Python API read them back through :func:`with_records`;
a thread without current records (a store indexed before records were stored, a thread read or changed since, an
edit of thread logic) gets them from thread logic here, until ``anecdata read`` stores them.
"""

from __future__ import annotations

from dataclasses import replace

from anecdata.model import Thread
from anecdata.serialise import records_version
from anecdata.store.carried import CarriedReadings
from anecdata.store.sql import SqlStore
from anecdata.thread import add_thread_logic


def with_records(store: SqlStore, thread: Thread) -> Thread:
    """The stored ``thread`` with its experiences and questions as stored for it, or derived from it now.

    Hiding unread posts changes no record: thread logic reads a post's text and context only around its
    annotations, and an unread post has none.
    """
    records = CarriedReadings(store).thread_records(thread.id, records_version())
    if records is None:
        return add_thread_logic(thread)
    return replace(thread, experiences=records.experiences, questions=records.questions)
