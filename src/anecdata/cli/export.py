"""``anecdata export``: every thread of a store as JSON lines or CSV rows, redacted by default, with the numbers of
search and the web pages. Threads are read, redacted and written one at a time, so a large store streams."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator, Mapping
from enum import Enum
from pathlib import Path
from typing import IO, Any

import typer
from rich.console import Console

from anecdata.cli.analyze import DEFAULT_REDACTION, Redaction
from anecdata.cli.output import output_file
from anecdata.cli.progress import progress_bar
from anecdata.view.terminal import terminal_safe


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"


CSV_COLUMNS = (
    "thread_id",
    "thread_title",
    "post_id",
    "post_position",
    "author",
    "annotation_id",
    "layer",
    "label",
    "start",
    "end",
    "text",
    "concept_system",
    "concept_code",
    "concept_name",
    "score",
    "attrs",
    "links",
)
"""One CSV row per annotation: where it is, what it found, and its attributes as JSON (the JSONL's record)."""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""How a spreadsheet formula starts: a cell of forum text starting so gets a leading ' (OWASP's CSV injection
advice), so opening the export in a spreadsheet never runs what a post wrote."""

Record = Mapping[str, Any]
Writer = Callable[[Record], None]


def export_command(
    db: str = typer.Option(..., "--db", help="The store: sqlite:///path.db or postgresql://user@host/dbname."),
    out: Path | None = typer.Option(None, "--output", "-o", help="Write to this file (default: standard output)."),
    export_format: ExportFormat = typer.Option(
        ExportFormat.jsonl, "--format", "-f", help="jsonl (one document per thread) or csv (one row per annotation)."
    ),
    redact: Redaction = typer.Option(
        DEFAULT_REDACTION, "--redact", help="Hide names, places and contacts: none, mask or pseudonymise."
    ),
) -> None:
    """Export a store. jsonl: one JSON line per thread, the same document `analyze --format json` writes (schema
    anecdata/1), with its posts, annotations, experiences and questions. csv: a header, then one row per
    annotation with its thread, post and author. A person has the same stand-in here as in `search` and `serve`
    of the same store."""
    from anecdata.redact import redact_threads
    from anecdata.search.redact import store_pseudonyms
    from anecdata.serialise import document_to_record
    from anecdata.store import open_store
    from anecdata.thread import add_thread_logic

    err = Console(stderr=True, highlight=False)
    with open_store(db, create=False) as store, output_file(out) as sink:
        names = store_pseudonyms(store, redact.value)
        thread_ids = store.thread_ids()
        write = _jsonl_writer(sink) if export_format is ExportFormat.jsonl else _csv_writer(sink)
        with progress_bar(err, "export", total=len(thread_ids), unit="threads") as bar:
            for done, thread_id in enumerate(thread_ids, 1):
                (thread,) = redact_threads([add_thread_logic(store.thread(thread_id))], redact.value, names)
                write(document_to_record([thread], redact.value))
                bar.update(done, len(thread_ids), done, force=done == len(thread_ids))
    if out is not None:
        err.print(f"wrote {len(thread_ids):,} thread(s) to {terminal_safe(str(out))}", markup=False)


def _jsonl_writer(sink: IO[str]) -> Writer:
    """Each thread's document as one JSON line."""

    def write(document: Record) -> None:
        sink.write(json.dumps(document, ensure_ascii=False) + "\n")

    return write


def _csv_writer(sink: IO[str]) -> Writer:
    """A header row now, then each thread's annotations as rows (RFC 4180 quoting)."""
    rows = csv.writer(sink)
    rows.writerow(CSV_COLUMNS)

    def write(document: Record) -> None:
        rows.writerows(csv_rows(document))

    return write


def csv_rows(document: Record) -> Iterator[list[str]]:
    """The rows of one exported document (already redacted): one per annotation, in post and text order.

    Forum text is made terminal-safe (control characters become visible stand-ins, one for one, so offsets hold)
    and kept from reading as a spreadsheet formula.
    """
    for thread in document["threads"]:
        for post in thread["posts"]:
            for a in post["annotations"]:
                concept = a.get("concept") or {}
                row = [
                    thread["id"],
                    _cell(thread.get("title") or ""),
                    post["id"],
                    str(post["position"]),
                    _cell(post.get("author") or ""),
                    a["id"],
                    a["layer"],
                    a["label"],
                    str(a["start"]),
                    str(a["end"]),
                    _cell(a["text"]),
                    concept.get("system", ""),
                    concept.get("code", ""),
                    _cell(concept.get("name", "")),
                    f"{a['score']:g}",
                    _cell(json.dumps(a["attrs"], ensure_ascii=False, sort_keys=True)),
                    " ".join(a["links"]),
                ]
                yield row


def _cell(text: str) -> str:
    """Untrusted text for a CSV cell: no control characters, and never the start of a formula."""
    safe = terminal_safe(text)
    return "'" + safe if safe.startswith(FORMULA_STARTS) else safe
