"""``anecdata search`` as a reader sees it: sentences that say something, threads by name, labels in words."""

from __future__ import annotations

import json
import re

from typer.testing import CliRunner

from anecdata.cli.app import app
from anecdata.view import says_nothing

runner = CliRunner(mix_stderr=False)
HASH_ID = re.compile(r"t[0-9a-f]{10}")
"""A stored thread's id, which tells a reader nothing."""


def _search(*args: str) -> str:
    result = runner.invoke(app, ["search", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_search_leaves_out_quote_headers_and_still_fills_the_limit(example_store_url):
    lines = _search("wrote", "--db", example_store_url, "--json", "-n", "5").splitlines()
    hits = [json.loads(line) for line in lines]
    assert len(hits) == 5  # the engine ranks "[PERSON] wrote:" first: one more is asked for in its place
    assert not any(says_nothing(h["text"]) for h in hits)
    everything = _search("wrote", "--db", example_store_url, "-n", "50")
    assert "[PERSON] wrote:" not in everything and "[PERSON], [CREDENTIAL]" not in everything


def test_search_heads_hits_with_thread_names_and_labels_in_words(example_store_url):
    output = _search("stretching", "--db", example_store_url, "-n", "20", "--no-dense")
    headings = [line for line in output.splitlines() if re.match(r"[0-9]+\. ", line)]
    assert headings
    for line in headings:  # "1. <thread>  post 2  <author>  <label>"
        thread = line.split(". ", 1)[1].split("  post ", 1)[0]
        assert not HASH_ID.fullmatch(thread), line
    assert "claim from experience" in output or "general claim" in output
    assert "claim_per_exp" not in output and "[claim]" not in output and "[per_exp]" not in output


def test_search_links_each_sentence_with_the_web_uis_address(example_store_url):
    """A link a terminal can open, not a bare path (issue 20): `anecdata serve`'s default address, or --web."""
    output = _search("night splint", "--db", example_store_url, "-n", "3", "--no-dense")
    links = re.findall(r"\S*/threads/\S+", output)
    assert links and all(link.startswith("http://127.0.0.1:8000/threads/t") for link in links)
    moved = _search("night splint", "--db", example_store_url, "-n", "3", "--no-dense", "--web", "https://x.org/")
    assert all(link.startswith("https://x.org/threads/") for link in re.findall(r"\S*/threads/\S+", moved))
