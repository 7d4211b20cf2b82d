"""A fresh ``anecdata serve`` under 20 concurrent clients on loopback (issue 17 point 7): no error, the first
burst served about as fast as later ones, memory bounded. A few hundred requests here; ``bench/web_load.py`` sends
the full 2,000 and records the numbers."""

from __future__ import annotations

import json

import pytest
from web_load import load_test

CLIENTS = 20
REQUESTS = 200
P99_SECONDS = 3.0
"""Looser than the 1.5 s target ``bench/web_load.py`` checks: a CI machine may be busy with other work, and 200
requests make p99 the second slowest. Alone on 2 cores here: p99 0.2 s; before reports and charts were built at
start: 6.1 s."""
PEAK_RSS_MIB = 1024


@pytest.mark.slow
def test_web_load_from_a_cold_start_has_no_errors_a_bounded_p99_and_memory(example_store_url: str) -> None:
    result = load_test(example_store_url, REQUESTS, CLIENTS)
    summary = result.summary()
    print(json.dumps(summary, indent=1))  # shown with -s, and on failure
    assert not result.errors, result.errors[:5]
    assert sum(len(v) for v in result.latencies.values()) == REQUESTS
    assert summary["p99"] < P99_SECONDS, summary
    assert summary["server_peak_rss_mib"] < PEAK_RSS_MIB, summary
