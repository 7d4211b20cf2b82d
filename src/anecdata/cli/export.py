"""``anecdata export``: a store's threads as documents, or its posts, annotations, experiences or report rows as
JSON lines, CSV rows or a Parquet table (``report.tables``), redacted by default, with the numbers and stand-ins
of search and the web pages. Threads are read, redacted and written one at a time (Parquet: in row groups of
:data:`ROW_GROUP_ROWS` rows), so memory stays flat however large the store."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
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
from anecdata.report.tables import (
    ANNOTATIONS,
    EXPERIENCES,
    POSTS,
    REPORTS,
    Row,
    Table,
    annotation_rows,
    csv_cells,
    experience_rows,
    post_rows,
    report_rows,
)
from anecdata.view.terminal import terminal_safe


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


class ExportWhat(str, Enum):
    threads = "threads"
    posts = "posts"
    annotations = "annotations"
    experiences = "experiences"
    reports = "reports"


ROWS: dict[ExportWhat, tuple[Table, Callable[[Mapping[str, Any]], Iterator[Row]]]] = {
    ExportWhat.posts: (POSTS, post_rows),
    ExportWhat.annotations: (ANNOTATIONS, annotation_rows),
    ExportWhat.experiences: (EXPERIENCES, experience_rows),
}
"""The tables read off each thread's (redacted) document; ``reports`` come from the condition reports and
``threads`` are the documents themselves."""
ROW_GROUP_ROWS = 50_000
"""Rows held before they are written as one Parquet row group: what bounds an export's memory."""

Item = Mapping[str, Any]
Writer = Callable[[Iterable[Item]], None]


def export_command(
    db: str = typer.Option(..., "--db", help="The store: sqlite:///path.db or postgresql://user@host/dbname."),
    out: Path | None = typer.Option(None, "--output", "-o", help="Write to this file (default: standard output)."),
    export_format: ExportFormat = typer.Option(
        ExportFormat.jsonl, "--format", "-f", help="jsonl, csv or parquet (parquet to a file or a pipe)."
    ),
    what: ExportWhat | None = typer.Option(
        None,
        "--what",
        help="threads (jsonl only: one document per thread, the jsonl default), posts, annotations (the csv and "
        "parquet default), experiences (a row per person and treatment) or reports (a row per condition and "
        "treatment, the report's numbers).",
    ),
    redact: Redaction = typer.Option(
        DEFAULT_REDACTION, "--redact", help="Hide names, places and contacts: none, mask or pseudonymise."
    ),
) -> None:
    """Export a store. jsonl --what threads: one JSON line per thread, the same document `analyze --format json`
    writes (schema anecdata/2). Otherwise one row per post, annotation, person's treatment or report row: a csv
    with a header, a typed parquet table (offsets as integers, lists as lists), or one JSON object per line. Text
    is redacted as asked, and a person has the same stand-in here as in `search` and `serve` of the same store."""
    from anecdata.store import open_store

    err = Console(stderr=True, highlight=False)
    what = what or (ExportWhat.threads if export_format is ExportFormat.jsonl else ExportWhat.annotations)
    if what is ExportWhat.threads and export_format is not ExportFormat.jsonl:
        raise ConfigError("--what threads writes documents: use --format jsonl, or --what posts|annotations|...")
    if export_format is ExportFormat.parquet:
        _parquet_module()  # a missing pyarrow is one line before the store is opened
        if out is None and sys.stdout.isatty():
            raise ConfigError("Parquet is binary: give --output FILE (or redirect standard output)")
    table = REPORTS if what is ExportWhat.reports else ROWS[what][0] if what in ROWS else None
    with open_store(db, create=False) as store, output_file(out) as sink, _writer(export_format, table, sink) as write:
        if what is ExportWhat.reports:
            count, unit = _write_reports(store, write, err), "condition(s)"
        else:
            count, unit = _write_threads(store, what, redact, write, err), "thread(s)"
    if out is not None:
        err.print(f"wrote {count:,} {unit} to {terminal_safe(str(out))}", markup=False)


def _write_threads(store: Any, what: ExportWhat, redact: Redaction, write: Writer, err: Console) -> int:
    """Each thread read back, redacted, as its document or the rows of ``what``; one at a time."""
    from anecdata.records import with_records
    from anecdata.redact import redact_threads
    from anecdata.search.redact import store_pseudonyms
    from anecdata.serialise import document_to_record

    names = store_pseudonyms(store, redact.value)
    thread_ids = store.thread_ids()
    with progress_bar(err, "export", total=len(thread_ids), unit="threads") as bar:
        for done, thread_id in enumerate(thread_ids, 1):
            (thread,) = redact_threads([with_records(store, store.thread(thread_id))], redact.value, names)
            document = document_to_record([thread], redact.value)
            write([document] if what is ExportWhat.threads else ROWS[what][1](document))
            bar.update(done, len(thread_ids), done, force=done == len(thread_ids))
    return len(thread_ids)


def _write_reports(store: Any, write: Writer, err: Console) -> int:
    """Each condition people's records name, most named first: its report's treatment rows (stored reports are
    read back; others are built and stored, as ``serve`` does)."""
    from anecdata.report.condition import stored_condition_report
    from anecdata.store.experiences import ExperienceIndex

    conditions = [concept for concept, _, _ in ExperienceIndex(store).conditions(limit=None)]
    with progress_bar(err, "export", total=len(conditions), unit="conditions") as bar:
        for done, concept in enumerate(conditions, 1):
            write(report_rows(stored_condition_report(store, concept)))
            bar.update(done, len(conditions), done, force=done == len(conditions))
    return len(conditions)


@contextmanager
def _writer(export_format: ExportFormat, table: Table | None, sink: IO[str]) -> Iterator[Writer]:
    """The writer of ``export_format`` into ``sink`` for rows of ``table`` (None: documents, jsonl only),
    finished (a Parquet footer) when the block ends."""
    if export_format is ExportFormat.jsonl:
        yield lambda items: sink.writelines(json.dumps(item, ensure_ascii=False) + "\n" for item in items)
    elif table is None:
        raise ConfigError("documents are written as jsonl only")
    elif export_format is ExportFormat.csv:
        rows = csv.writer(sink)
        rows.writerow(table.columns)
        yield lambda items: rows.writerows(csv_cells(table, row) for row in items)
    else:
        with _parquet_writer(sink, table) as write:
            yield write


def _parquet_module() -> Any:
    """``pyarrow`` (imported when a Parquet export runs, so other commands never load it)."""
    try:
        import pyarrow
    except ImportError as e:
        raise ConfigError("--format parquet needs the pyarrow package: pip install pyarrow") from e
    return pyarrow


def parquet_schema(table: Table) -> Any:
    """The Parquet table's columns, typed (None where the document has no value)."""
    pa = _parquet_module()
    types = {"int": pa.int64(), "float": pa.float64(), "list": pa.list_(pa.string()), "text": pa.string()}
    return pa.schema([pa.field(name, types[table.type_of(name)]) for name in table.columns])


@contextmanager
def _parquet_writer(sink: IO[str], table: Table, rows_per_group: int = ROW_GROUP_ROWS) -> Iterator[Writer]:
    """Rows held until ``rows_per_group`` are, then written as one row group into the binary stream under
    ``sink``; the last group and the footer are written when the block ends."""
    pa = _parquet_module()
    import pyarrow.parquet as pq

    schema = parquet_schema(table)
    held: list[Item] = []
    with pq.ParquetWriter(sink.buffer, schema, compression="zstd") as parquet:

        def flush() -> None:
            if held:
                parquet.write_table(pa.Table.from_pylist(held, schema=schema))
                held.clear()

        def write(items: Iterable[Item]) -> None:
            held.extend(items)
            if len(held) >= rows_per_group:
                flush()

        yield write
        flush()
