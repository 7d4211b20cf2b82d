"""``anecdata report CONDITION``: what people with a condition tried and what they report, from an indexed store."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.console import Console

from anecdata.cli.analyze import DEFAULT_REDACTION, Redaction
from anecdata.cli.output import write_output
from anecdata.report.text import evidence_json

PIPE_WIDTH = 120
"""Columns of the tables when the output is not a terminal (a file, a pager): wide enough for one line per row."""


def report_command(
    condition: str = typer.Argument(..., help='A condition or symptom: a name, synonym or concept id ("sciatica").'),
    db: str = typer.Option(..., "--db", help="The store: sqlite:///path.db or postgresql://user@host/dbname."),
    html: Path | None = typer.Option(None, "--html", help="Also write a self-contained HTML report to this file."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON instead of tables."),
    redact: Redaction = typer.Option(
        DEFAULT_REDACTION, "--redact", help="How the HTML report's sentences show names and places."
    ),
) -> None:
    """Report, for one condition, what people tried, what they say happened, and what they claim and ask.

    Counts are of distinct people, from the experience index that `anecdata read` builds.
    """
    from anecdata.evidence_links import link_topics
    from anecdata.report.condition import evidence_topics, stored_condition_report
    from anecdata.report.html import count_paths, render_report_page
    from anecdata.report.sources import count_sentences
    from anecdata.report.text import render_report_text
    from anecdata.store import EvidenceStore, open_store

    err = Console(stderr=True, highlight=False)
    with open_store(db, create=False) as store:
        if store.count("stale_threads"):
            err.print(f"note: {store.count('stale_threads'):,} thread(s) read but not indexed: run `anecdata read`")
        report = stored_condition_report(store, condition)
        evidence = link_topics(evidence_topics(report), report.name, EvidenceStore(store))
        if html is not None:
            sentences = {path: count_sentences(store, count.refs, redact.value) for path, count in count_paths(report)}
            write_output(render_report_page(report, sentences, evidence), html)
            err.print(f"wrote {html}")
    if as_json:
        data = report.to_dict() | {"evidence": evidence_json(evidence)}
        sys.stdout.write(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    else:
        console = Console(highlight=False, width=None if sys.stdout.isatty() else PIPE_WIDTH)
        render_report_text(report, console, evidence)
