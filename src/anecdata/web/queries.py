"""What the web pages read from the store: corpus counts and a page of threads (the sentences behind a count are
``report/sources.py``'s). The SQL is the store's (``store/browse.py``); this module holds the pages' sizes.
"""

from __future__ import annotations

from anecdata.store.browse import Browse, Overview, ThreadRow
from anecdata.store.sql import SqlStore

__all__ = ["THREADS_PER_PAGE", "TOP_CONDITIONS", "Overview", "ThreadRow", "overview", "thread_page"]

TOP_CONDITIONS = 20
"""Conditions listed on the overview, most mentioned first."""
THREADS_PER_PAGE = 50


def overview(store: SqlStore) -> Overview:
    """Counts of threads, posts, posts read, annotations per layer and label, and the top conditions."""
    return Browse(store).overview(TOP_CONDITIONS)


def thread_page(store: SqlStore, page: int, per_page: int | None = None) -> list[ThreadRow]:
    """One page (1-based) of threads in id order (``per_page``: :data:`THREADS_PER_PAGE`), with their post counts."""
    per_page = per_page or THREADS_PER_PAGE
    return Browse(store).threads((page - 1) * per_page, per_page)
