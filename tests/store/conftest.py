"""Store fixtures: every store test runs on SQLite and on PostgreSQL (skipped, or failed on CI, without a server)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from urllib.parse import urlencode, urlsplit, urlunsplit

import pytest

from anecdata import settings
from anecdata.store import SqlStore, open_store


def postgres_url() -> str:
    """The test server's URL; skips without one, fails when ``ANECDATA_REQUIRE_SERVICES=1`` requires it."""
    url = settings.postgres_test_url()
    if url is None:
        reason = "no PostgreSQL server: set ANECDATA_TEST_POSTGRES_URL to a server's postgresql:// URL"
        if settings.require_services():
            pytest.fail(f"{reason}, and ANECDATA_REQUIRE_SERVICES=1 requires it")
        pytest.skip(reason)
    return url


@pytest.fixture
def postgres_schema_url() -> Iterator[str]:
    """A URL whose connections use a fresh, empty schema of the test server, dropped afterwards."""
    import psycopg

    url = postgres_url()
    schema = f"anecdata_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    parts = urlsplit(url)
    query = "&".join(q for q in (parts.query, urlencode({"options": f"-csearch_path={schema}"})) if q)
    yield urlunsplit(parts._replace(query=query))
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path) -> str:
    """The URL of an empty store, once per backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return request.getfixturevalue("postgres_schema_url")


@pytest.fixture
def store(store_url: str) -> Iterator[SqlStore]:
    """An empty store on each backend, closed afterwards."""
    with open_store(store_url) as opened:
        yield opened
