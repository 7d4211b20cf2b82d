"""``anecdata ingest``: read forum sources into a store, optionally reading the new and changed posts."""

from __future__ import annotations

from collections import Counter
from enum import Enum

import typer
from rich.console import Console
from rich.markup import escape

from anecdata.cli.progress import progress_bar
from anecdata.errors import ConfigError, ReaderError
from anecdata.ingest.registry import FORMATS
from anecdata.ingest.source import Problem
from anecdata.ingest.tabular import parse_columns
from anecdata.view.terminal import terminal_safe

SourceFormat = Enum("SourceFormat", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]
FORMAT_HELP = f"Read every file as this format ({'|'.join(FORMATS)}) instead of sniffing it."
PROBLEMS_SHOWN_PER_FILE = 20
"""Problems printed per file as they happen; the rest are only counted (a corrupt dump can have millions)."""


def ingest_command(
    sources: list[str] = typer.Argument(..., help="Files or folders to read (folders are read recursively)."),
    db: str = typer.Option(..., "--db", help="The store: sqlite:///path.db or postgresql://user@host/dbname."),
    read: bool = typer.Option(False, "--read", help="Then read the posts that lack current annotations."),
    fmt: SourceFormat | None = typer.Option(  # type: ignore[valid-type]
        None, "--format", "-f", help=FORMAT_HELP
    ),
    source: str | None = typer.Option(
        None, "--source", help="Name of the source (e.g. the forum's host): posts are keyed by source and id."
    ),
    columns: str | None = typer.Option(
        None, "--columns", help="JSONL/CSV column mapping, e.g. text=body,author=user.name,thread=topic_id."
    ),
    workers: int = typer.Option(0, "--workers", help="Reading processes with --read (0: one per CPU core)."),
    batch: int = typer.Option(2000, "--batch", help="Posts per transaction."),
) -> None:
    """Ingest Reddit dumps, Discourse topics, saved forum pages, mbox archives, JSONL/CSV and pasted threads."""
    mapping = parse_columns(columns)
    if workers < 0 or batch <= 0:
        raise ConfigError(f"--workers must be 0 or more and --batch positive, got {workers} and {batch}")
    from anecdata.jobs import IngestOptions, ingest_sources  # loads the pipeline: after options are checked
    from anecdata.store import open_store

    err = Console(stderr=True, highlight=False)
    options = IngestOptions(fmt=fmt.value if fmt else None, source=source, columns=mapping, batch_posts=batch)
    shown: Counter[str] = Counter()
    with open_store(db) as store, progress_bar(err, "ingest") as bar:

        def on_problem(problem: Problem) -> None:
            shown[problem.file] += 1
            if shown[problem.file] <= PROBLEMS_SHOWN_PER_FILE:
                bar.progress.console.print(f"[yellow]skipped:[/] {escape(terminal_safe(str(problem)))}")

        report = ingest_sources(
            sources,
            store,
            options,
            on_problem=on_problem,
            on_progress=lambda p: bar.update(p.bytes_done, p.bytes_total, p.items, force=p.bytes_done == p.bytes_total),
        )
    counts = report.counts
    err.print(
        f"ingested {len(report.formats)} file(s): threads {counts.threads_new:,} new ({report.threads_in_store:,} "
        f"in store); posts {counts.new:,} new, {counts.changed:,} changed, {counts.unchanged:,} unchanged "
        f"({report.posts_in_store:,} in store)"
    )
    for name, count in sorted(report.problems_by_file.items()):
        err.print(f"[yellow]{count:,} problem(s)[/] in {escape(terminal_safe(name))}")
    if counts.posts == 0:
        raise ReaderError(f"nothing stored: no post could be read from {', '.join(sources)}")
    if read:
        from anecdata.cli.read import read_store

        read_store(db, workers, err)
