"""Store fixtures: every store test runs on SQLite and on PostgreSQL (``backend_url`` in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from anecdata.store import SqlStore, open_store


@pytest.fixture
def store_url(backend_url: str) -> str:
    """The URL of an empty store, once per backend."""
    return backend_url


@pytest.fixture
def store(store_url: str) -> Iterator[SqlStore]:
    """An empty store on each backend, closed afterwards."""
    with open_store(store_url) as opened:
        yield opened
