"""Browser fixtures: the web UI over a store of the example threads, served on loopback, driven by Chromium.

Without Playwright or Chromium the browser tests skip, unless ``ANECDATA_REQUIRE_SERVICES=1`` (CI) makes the
missing service a failure.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from anecdata import settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = settings.REPO_ROOT / "out" / "test-artifacts"
"""Where browser tests save screenshots (``out/`` is ignored by git)."""
START_TIMEOUT_S = 10


def _missing(reason: str) -> None:
    if settings.require_services():
        pytest.fail(f"{reason}, and ANECDATA_REQUIRE_SERVICES=1 requires it")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser_store_url(example_store_url: str) -> str:
    """The store of the example threads, read and indexed (the pages only read it)."""
    return example_store_url


@pytest.fixture(scope="session")
def base_url(browser_store_url: str) -> Iterator[str]:
    """The web UI served by uvicorn in a background thread on a free loopback port; stopped after the session."""
    import uvicorn

    from anecdata.web import create_app

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(browser_store_url), log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            sock.close()
            pytest.fail("the web UI did not start")
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=START_TIMEOUT_S)
    sock.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Chromium (the system's) through Playwright's sync API."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        _missing("Playwright is not installed (pip install playwright)")
    if not CHROMIUM.is_file():
        _missing(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        except Error as e:
            _missing(f"Chromium at {CHROMIUM} does not start: {str(e).strip().splitlines()[0]}")
        yield launched
        launched.close()


@dataclass
class Tab:
    """A browser page and what it logged: console errors (a CSP violation is one) and every URL it requested."""

    page: Any
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


@pytest.fixture
def tab(browser, base_url: str) -> Iterator[Tab]:
    """A fresh page (reduced motion, so an anchor jumps at once) that records console errors and requests."""
    context = browser.new_context(base_url=base_url, reduced_motion="reduce", viewport={"width": 1280, "height": 800})
    opened = Tab(context.new_page())
    opened.page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
    opened.page.on("pageerror", lambda e: opened.errors.append(str(e)))
    opened.page.on("request", lambda r: opened.requests.append(r.url))
    yield opened
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
