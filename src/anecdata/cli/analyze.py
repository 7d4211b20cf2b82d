"""``anecdata analyze``: one thread file, shown as a terminal view, JSON or a self-contained HTML page.

The file is read by ``ingest``'s readers (a saved forum page, a thread's JSON, an mbox, told by content or
``--input-format``); standard input and text files are pasted threads.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from anecdata.cli.output import output_file, write_output
from anecdata.errors import ConfigError
from anecdata.evidence_links import CANDIDATES, TOP, LinkSettings
from anecdata.ingest.registry import FORMATS
from anecdata.ingest.textfile import DEFAULT_MAX_BYTES
from anecdata.redact import DEFAULT_MODE, Pseudonyms, redact_threads
from anecdata.serialise import dumps
from anecdata.view.terminal import terminal_safe, terminal_safe_all


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    html = "html"


class Redaction(str, Enum):
    none = "none"
    mask = "mask"
    pseudonymise = "pseudonymise"


DEFAULT_REDACTION = Redaction(DEFAULT_MODE)
InputFormat = Enum("InputFormat", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]
INPUT_FORMAT_HELP = f"Read the file as this format ({'|'.join(FORMATS)}) instead of sniffing it."


def analyze_command(
    path: str = typer.Argument(
        ...,
        help="A saved forum page, a Reddit or Discourse thread's JSON, an mbox (compressed or not), a pasted thread "
        "as a text file, or - for standard input.",
    ),
    input_format: InputFormat | None = typer.Option(  # type: ignore[valid-type]
        None, "--input-format", "-i", help=INPUT_FORMAT_HELP
    ),
    source: str | None = typer.Option(
        None, "--source", help="The forum's host, for a Discourse topic that names no site (as ingest --source)."
    ),
    pick: int | None = typer.Option(
        None, "--thread", help="Analyse only the Nth thread of a file that holds several (from 1)."
    ),
    output_format: OutputFormat = typer.Option(OutputFormat.text, "--format", "-f", help="text, json or html."),
    out: Path | None = typer.Option(None, "--output", "-o", help="Write to this file instead of standard output."),
    redact: Redaction = typer.Option(
        DEFAULT_REDACTION,
        "--redact",
        help="Hide names, places and contacts: none, mask or pseudonymise.",
    ),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", help="Refuse inputs larger than this."),
    model: Path | None = typer.Option(
        None, "--model", help="A statement model from `anecdata train statements` instead of the shipped one."
    ),
    evidence_db: str | None = typer.Option(
        None,
        "--evidence-db",
        help="A store holding abstracts from `anecdata evidence add` (sqlite:///path.db or postgresql://...): "
        "each claim lists the best-matching ones. Without it, claims say no evidence corpus is loaded.",
    ),
    evidence_top: int = typer.Option(TOP, "--evidence-top", help="Abstracts listed per claim."),
    people_db: str | None = typer.Option(
        None,
        "--people-from",
        help="A store (sqlite:///path.db or postgresql://...) whose stand-ins to use: a person is the Person-n "
        "that search, serve and export of that store show.",
    ),
) -> None:
    """Read one forum thread: posts, statements, mentions, who asked what, what each person tried, and the
    published evidence you loaded for each claim."""
    if max_bytes <= 0:
        raise ConfigError(f"--max-bytes must be positive, got {max_bytes}")
    if evidence_top <= 0:
        raise ConfigError(f"--evidence-top must be positive, got {evidence_top}")
    if pick is not None and pick <= 0:
        raise ConfigError(f"--thread counts from 1, got {pick}")
    err = Console(stderr=True)
    from anecdata.jobs import analyze_path  # loads the pipeline: after options are checked

    links = LinkSettings(top=evidence_top, candidates=max(CANDIDATES, evidence_top))
    analysis = analyze_path(
        path,
        max_bytes=max_bytes,
        statement_model=model,
        evidence_db=evidence_db,
        evidence=links,
        fmt=input_format.value if input_format else None,
        pick=pick,
        source=source,
    )
    for warning in analysis.warnings:
        err.print(f"[yellow]warning:[/] {escape(terminal_safe(warning))}", highlight=False, markup=True)
    threads = redact_threads(list(analysis.threads), redact.value, _store_pseudonyms(people_db, redact.value))
    if output_format is OutputFormat.json:
        write_output(dumps(threads, redaction=redact.value) + "\n", out)
    elif output_format is OutputFormat.html:
        from anecdata.view.html import render_html

        write_output(render_html(threads, redaction=redact.value), out)
    else:
        from anecdata.view.text import render_text

        threads = terminal_safe_all(threads)  # forum text never reaches a terminal with its control characters
        if out is None:
            render_text(threads, Console(highlight=False))
        else:
            with output_file(out) as f:
                render_text(threads, Console(file=f, width=100, highlight=False, force_terminal=False))
    if out is not None:
        err.print(f"wrote {escape(terminal_safe(str(out)))}", highlight=False)


def _store_pseudonyms(url: str | None, mode: str) -> Pseudonyms | None:
    """The stand-ins of the store at ``url`` (None without one: the output numbers its own people)."""
    if url is None:
        return None
    from anecdata.search.redact import store_pseudonyms
    from anecdata.store import open_store

    with open_store(url, create=False, option="--people-from") as store:
        return store_pseudonyms(store, mode)
