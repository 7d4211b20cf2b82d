"""Settings that come from the environment: the only module that reads ``ANECDATA_*`` variables."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
"""The checkout this package runs from (``src/anecdata/settings.py`` → repository root)."""


def shared_dir() -> Path:
    """The shared folder holding gold corpora and other large inputs that never enter the repository.

    ``$ANECDATA_SHARED`` when set; otherwise ``../shared`` beside the repository root, the layout of a
    development checkout (DESIGN.md, "Set-up, tests and services").
    """
    configured = os.environ.get("ANECDATA_SHARED")
    return Path(configured) if configured else REPO_ROOT.parent / "shared"


def require_shared() -> bool:
    """Whether a missing shared folder is a failure rather than a reason to skip (set on CI)."""
    return os.environ.get("ANECDATA_REQUIRE_SHARED") == "1"


def cache_dir() -> Path:
    """Where built artefacts (the compiled lexicon) are cached: ``$ANECDATA_CACHE``, else the user's cache folder."""
    configured = os.environ.get("ANECDATA_CACHE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "anecdata"


def require_services() -> bool:
    """Whether a missing service (PostgreSQL, Chromium) fails its tests rather than skipping them (set on CI)."""
    return os.environ.get("ANECDATA_REQUIRE_SERVICES") == "1"


def postgres_test_url() -> str | None:
    """The PostgreSQL server the store's tests may use (``$ANECDATA_TEST_POSTGRES_URL``), or None for none.

    Tests create and drop their own schemas in it, so any database the URL's user may create schemas in will do.
    """
    return os.environ.get("ANECDATA_TEST_POSTGRES_URL") or None
