"""``anecdata export``: every thread of a store as JSON lines, redacted by default, with the numbers of search
and the web pages."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console

from anecdata.cli.analyze import DEFAULT_REDACTION, Redaction
from anecdata.cli.output import output_file
from anecdata.cli.progress import progress_bar
from anecdata.view.terminal import terminal_safe


def export_command(
    db: str = typer.Option(..., "--db", help="The store: sqlite:///path.db or postgresql://user@host/dbname."),
    out: Path | None = typer.Option(None, "--output", "-o", help="Write to this file (default: standard output)."),
    redact: Redaction = typer.Option(
        DEFAULT_REDACTION, "--redact", help="Hide names, places and contacts: none, mask or pseudonymise."
    ),
) -> None:
    """Export a store: one JSON line per thread, the same document `analyze --format json` writes (schema
    anecdata/1), with its posts, annotations, experiences and questions. A person has the same stand-in here
    as in `search` and `serve` of the same store."""
    from anecdata.redact import redact_threads
    from anecdata.search.redact import store_pseudonyms
    from anecdata.serialise import document_to_record
    from anecdata.store import open_store
    from anecdata.thread import add_thread_logic

    err = Console(stderr=True, highlight=False)
    with open_store(db, create=False) as store, output_file(out) as sink:
        names = store_pseudonyms(store, redact.value)
        thread_ids = store.thread_ids()
        with progress_bar(err, "export", total=len(thread_ids), unit="threads") as bar:
            for done, thread_id in enumerate(thread_ids, 1):
                (thread,) = redact_threads([add_thread_logic(store.thread(thread_id))], redact.value, names)
                sink.write(json.dumps(document_to_record([thread], redact.value), ensure_ascii=False) + "\n")
                bar.update(done, len(thread_ids), done, force=done == len(thread_ids))
    if out is not None:
        err.print(f"wrote {len(thread_ids):,} thread(s) to {terminal_safe(str(out))}", markup=False)
