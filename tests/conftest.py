"""Fixtures shared by all tests: the shared corpora folder (skipped or required by the environment), examples."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import pytest

from anecdata import settings
from paths import EXAMPLES

STRETCHING_THREAD = (
    "Has anyone had deep buttock pain from running? It has lasted four months and sitting is the worst.\n\n"
    "Hi Robin, piriformis stretching is the best treatment for deep buttock pain. I stretched twice a day and "
    "the pain was gone in six weeks.\n- Dana\n"
)
"""An invented thread whose reply makes a claim about piriformis stretching (the examples' evidence has a trial)."""


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared folder holding ``corpora/``: skips when absent, fails under ``ANECDATA_REQUIRE_SHARED=1``.

    Gold corpora never enter the repository (licences), so a checkout without them runs every other test,
    while CI, which has them, must not silently skip the corpus tests.
    """
    path = settings.shared_dir()
    if not (path / "corpora").is_dir():
        reason = f"shared corpora folder {path / 'corpora'} is absent (set ANECDATA_SHARED to its parent)"
        if settings.require_shared():
            pytest.fail(f"{reason}, and ANECDATA_REQUIRE_SHARED=1 requires it")
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def seed_text(shared_dir: Path) -> str:
    """The project's first user story, read from the shared folder (never copied into the repository)."""
    return (shared_dir / "seed" / "piriformis-thread.txt").read_text(encoding="utf-8")


@dataclass(frozen=True)
class SeedPeople:
    """The people of the seed thread, read from it, so that no real name or town is written in the repository."""

    opening_author: str
    signer: str
    credential: str
    town: str


@pytest.fixture(scope="session")
def seed_people(seed_text: str) -> SeedPeople:
    lines = [line.strip() for line in seed_text.strip().splitlines() if line.strip()]
    signer, credential = (part.strip() for part in lines[-2].split(",", 1))
    greeting = re.search(r"^Hi (\w+)", seed_text, re.MULTILINE)
    assert greeting is not None, "the seed thread's last reply opens with a greeting"
    return SeedPeople(opening_author=greeting[1], signer=signer, credential=credential, town=lines[-1])


@pytest.fixture
def stretching_thread(tmp_path: Path) -> Path:
    """:data:`STRETCHING_THREAD` as a file to analyse."""
    path = tmp_path / "stretching.txt"
    path.write_text(STRETCHING_THREAD, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def example_evidence_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The URL of a SQLite store holding every invented abstract of ``examples/evidence``, loaded once."""
    from anecdata.evidence.load import load_files, plan_files
    from anecdata.store import EvidenceStore, open_store

    url = f"sqlite:///{tmp_path_factory.mktemp('evidence') / 'evidence.db'}"
    files, _ = plan_files([str(p) for p in sorted((EXAMPLES / "evidence").glob("*")) if p.suffix != ".md"])
    with open_store(url) as store:
        load_files(files, EvidenceStore(store).add)
    return url


@pytest.fixture(scope="session")
def example_store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The URL of a SQLite store holding the project's example threads, read and indexed once (do not write)."""
    from anecdata.jobs import index_experiences, ingest_sources, read_pending
    from anecdata.store import open_store
    from paths import example_threads

    url = f"sqlite:///{tmp_path_factory.mktemp('examples') / 'forum.db'}"
    with open_store(url) as store:
        ingest_sources([str(p) for p in example_threads()], store)
        read_pending(store, workers=1)
        index_experiences(store)
    return url


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
def backend_url(request: pytest.FixtureRequest, tmp_path) -> str:
    """The URL of an empty store, once per backend (PostgreSQL skips without a server, fails when CI needs it)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return request.getfixturevalue("postgres_schema_url")
