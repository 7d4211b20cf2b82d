"""``anecdata report``: tables, JSON, the standalone HTML page, and one-line errors."""

from __future__ import annotations

import json
import re

from typer.testing import CliRunner

from anecdata.cli.app import app

runner = CliRunner()


def test_report_cli_prints_tables_with_the_caveat(example_store_url):
    result = runner.invoke(app, ["report", "plantar fasciitis", "--db", example_store_url])
    assert result.exit_code == 0, result.output
    assert "What people tried" in result.stdout and "not results of a trial" in result.stdout


def test_report_cli_json_counts_people(example_store_url):
    result = runner.invoke(app, ["report", "plantar fasciitis", "--db", example_store_url, "--json"])
    data = json.loads(result.stdout)
    assert data["people"]["people"] >= 1 and data["treatments"]
    assert all(t["tried"]["people"] == sum(c["people"] for c in t["outcomes"].values()) for t in data["treatments"])


def test_report_cli_html_is_self_contained_and_every_number_links_to_its_sentences(example_store_url, tmp_path):
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["report", "plantar fasciitis", "--db", example_store_url, "--html", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page and not re.search(r'(src|href)="(https?:)?//', page)
    assert page.count("<svg") == 2
    targets = re.findall(r'<a href="#(ev-\d+)"', page)
    assert targets
    for target in set(targets):
        section = re.search(rf'<section id="{target}" class="evidence">(.*?)</section>', page, re.S)
        assert section and "<mark>" in section[1], target


def test_report_cli_unknown_condition_and_missing_store_are_one_line_errors(example_store_url, tmp_path):
    from anecdata.cli.app import main

    for args in (
        ["report", "no such illness", "--db", example_store_url],
        ["report", "sciatica", "--db", f"sqlite:///{tmp_path / 'missing.db'}"],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code != 0
        assert "Traceback" not in result.output
    assert main  # the console entry point turns these into one line (tests/cli/test_analyze_cli.py checks how)


def test_report_cli_lists_published_evidence_for_what_the_claims_name(example_store_url, example_evidence_db, tmp_path):
    import shutil

    from anecdata.jobs import index_experiences, ingest_sources, read_pending
    from anecdata.store import open_store
    from paths import example_threads

    no_corpus = json.loads(
        runner.invoke(app, ["report", "plantar fasciitis", "--db", example_store_url, "--json"]).stdout
    )
    assert no_corpus["evidence"]["status"] == "no_corpus"
    copy = tmp_path / "with-evidence.db"
    shutil.copyfile(example_evidence_db.removeprefix("sqlite:///"), copy)
    url = f"sqlite:///{copy}"
    with open_store(url) as store:
        ingest_sources([str(p) for p in example_threads()], store)
        read_pending(store, workers=1)
        index_experiences(store)
    data = json.loads(runner.invoke(app, ["report", "plantar fasciitis", "--db", url, "--json"]).stdout)
    topics = data["evidence"]["topics"]
    assert data["evidence"]["status"] == "looked_up" and topics
    assert {t["topic"] for t in topics} <= {g["name"] for g in data["claims"]}
    linked = [link for t in topics for link in t["links"]]
    assert linked and all(link["pmid"] and link["design"] for link in linked)
    text = runner.invoke(app, ["report", "plantar fasciitis", "--db", url]).stdout
    assert "Published evidence on what the claims name" in text and f"PMID {linked[0]['pmid']}" in text
