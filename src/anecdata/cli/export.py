"""``anecdata export``: every thread of a store as JSON lines, CSV rows or a Parquet table, redacted by default, with
the numbers of search and the web pages. Threads are read, redacted and written one at a time (Parquet: in row groups
of :data:`ROW_GROUP_ROWS` annotations), so memory stays flat however large the store."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import IO, Any

import typer
from rich.console import Console

from anecdata.cli.analyze import DEFAULT_REDACTION, Redaction
from anecdata.cli.output import output_file
from anecdata.cli.progress import progress_bar
from anecdata.errors import ConfigError
from anecdata.view.terminal import terminal_safe


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


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

ROW_GROUP_ROWS = 50_000
"""Annotations held before they are written as one Parquet row group: what bounds an export's memory."""

Record = Mapping[str, Any]
Writer = Callable[[Record], None]


def export_command(
    db: str = typer.Option(..., "--db", help="The store: sqlite:///path.db or postgresql://user@host/dbname."),
    out: Path | None = typer.Option(None, "--output", "-o", help="Write to this file (default: standard output)."),
    export_format: ExportFormat = typer.Option(
        ExportFormat.jsonl,
        "--format",
        "-f",
        help="jsonl (one document per thread), csv or parquet (one row per annotation; parquet to a file or a pipe).",
    ),
    redact: Redaction = typer.Option(
        DEFAULT_REDACTION, "--redact", help="Hide names, places and contacts: none, mask or pseudonymise."
    ),
) -> None:
    """Export a store. jsonl: one JSON line per thread, the same document `analyze --format json` writes (schema
    anecdata/1), with its posts, annotations, experiences and questions. csv: a header, then one row per
    annotation with its thread, post and author. parquet: the csv's rows and columns, typed (offsets as integers,
    links as a list), the text exactly as redacted. A person has the same stand-in here as in `search` and `serve`
    of the same store."""
    from anecdata.redact import redact_threads
    from anecdata.search.redact import store_pseudonyms
    from anecdata.serialise import document_to_record
    from anecdata.store import open_store
    from anecdata.thread import add_thread_logic

    err = Console(stderr=True, highlight=False)
    if export_format is ExportFormat.parquet:
        _parquet_module()  # a missing pyarrow is one line before the store is opened
        if out is None and sys.stdout.isatty():
            raise ConfigError("Parquet is binary: give --output FILE (or redirect standard output)")
    with open_store(db, create=False) as store, output_file(out) as sink, _writer(export_format, sink) as write:
        names = store_pseudonyms(store, redact.value)
        thread_ids = store.thread_ids()
        with progress_bar(err, "export", total=len(thread_ids), unit="threads") as bar:
            for done, thread_id in enumerate(thread_ids, 1):
                (thread,) = redact_threads([add_thread_logic(store.thread(thread_id))], redact.value, names)
                write(document_to_record([thread], redact.value))
                bar.update(done, len(thread_ids), done, force=done == len(thread_ids))
    if out is not None:
        err.print(f"wrote {len(thread_ids):,} thread(s) to {terminal_safe(str(out))}", markup=False)


@contextmanager
def _writer(export_format: ExportFormat, sink: IO[str]) -> Iterator[Writer]:
    """The writer of ``export_format`` into ``sink``, finished (a Parquet footer) when the block ends."""
    if export_format is ExportFormat.parquet:
        with _parquet_writer(sink) as write:
            yield write
    else:
        yield _jsonl_writer(sink) if export_format is ExportFormat.jsonl else _csv_writer(sink)


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


def annotation_rows(document: Record) -> Iterator[dict[str, Any]]:
    """The rows of one exported document (already redacted), one per annotation in post and text order, keyed by
    :data:`CSV_COLUMNS`: values as the document has them (a missing title, author or concept is None, ``attrs``
    is its JSON text)."""
    for thread in document["threads"]:
        for post in thread["posts"]:
            for a in post["annotations"]:
                concept = a.get("concept") or {}
                yield {
                    "thread_id": thread["id"],
                    "thread_title": thread.get("title"),
                    "post_id": post["id"],
                    "post_position": post["position"],
                    "author": post.get("author"),
                    "annotation_id": a["id"],
                    "layer": a["layer"],
                    "label": a["label"],
                    "start": a["start"],
                    "end": a["end"],
                    "text": a["text"],
                    "concept_system": concept.get("system"),
                    "concept_code": concept.get("code"),
                    "concept_name": concept.get("name"),
                    "score": a["score"],
                    "attrs": json.dumps(a["attrs"], ensure_ascii=False, sort_keys=True),
                    "links": list(a["links"]),
                }


def csv_rows(document: Record) -> Iterator[list[str]]:
    """The rows of one exported document (already redacted): one per annotation, in post and text order.

    Forum text is made terminal-safe (control characters become visible stand-ins, one for one, so offsets hold)
    and kept from reading as a spreadsheet formula.
    """
    for r in annotation_rows(document):
        yield [
            r["thread_id"],
            _cell(r["thread_title"] or ""),
            r["post_id"],
            str(r["post_position"]),
            _cell(r["author"] or ""),
            r["annotation_id"],
            r["layer"],
            r["label"],
            str(r["start"]),
            str(r["end"]),
            _cell(r["text"]),
            r["concept_system"] or "",
            r["concept_code"] or "",
            _cell(r["concept_name"] or ""),
            f"{r['score']:g}",
            _cell(r["attrs"]),
            " ".join(r["links"]),
        ]


def _cell(text: str) -> str:
    """Untrusted text for a CSV cell: no control characters, and never the start of a formula."""
    safe = terminal_safe(text)
    return "'" + safe if safe.startswith(FORMULA_STARTS) else safe


def _parquet_module() -> Any:
    """``pyarrow`` (imported when a Parquet export runs, so other commands never load it)."""
    try:
        import pyarrow
    except ImportError as e:
        raise ConfigError("--format parquet needs the pyarrow package: pip install pyarrow") from e
    return pyarrow


def parquet_schema() -> Any:
    """The Parquet table's columns: :data:`CSV_COLUMNS`, typed (None where the document has no value)."""
    pa = _parquet_module()
    types = {"post_position": pa.int64(), "start": pa.int64(), "end": pa.int64(), "score": pa.float64()}
    types["links"] = pa.list_(pa.string())
    return pa.schema([pa.field(name, types.get(name, pa.string())) for name in CSV_COLUMNS])


@contextmanager
def _parquet_writer(sink: IO[str], rows_per_group: int = ROW_GROUP_ROWS) -> Iterator[Writer]:
    """Each document's annotation rows, held until ``rows_per_group`` are, then written as one row group into the
    binary stream under ``sink``; the last group and the footer are written when the block ends."""
    pa = _parquet_module()
    import pyarrow.parquet as pq

    schema = parquet_schema()
    held: list[dict[str, Any]] = []
    with pq.ParquetWriter(sink.buffer, schema, compression="zstd") as table:

        def flush() -> None:
            if held:
                table.write_table(pa.Table.from_pylist(held, schema=schema))
                held.clear()

        def write(document: Record) -> None:
            held.extend(annotation_rows(document))
            if len(held) >= rows_per_group:
                flush()

        yield write
        flush()
