"""``anecdata ingest``: read forum sources into a store, optionally reading the new and changed posts.

Every file is read and stored before the verdict: the summary lists each file as read (posts stored, problems),
skipped (no reader takes it: a README, source code) or failed (unreadable, or nothing stored from it), and the exit
status is 1 when any file failed, so a script never mistakes a half-read run for a whole one.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from anecdata.cli.progress import progress_bar
from anecdata.errors import ConfigError, ReaderError
from anecdata.ingest.registry import FORMATS
from anecdata.ingest.source import FileProgress, Problem
from anecdata.ingest.tabular import parse_columns
from anecdata.view.terminal import terminal_safe

SourceFormat = Enum("SourceFormat", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]
FORMAT_HELP = f"Read every file as this format ({'|'.join(FORMATS)}) instead of sniffing it."
PROBLEMS_SHOWN_PER_FILE = 20
"""Problems printed per file as they happen; the rest are only counted (a corrupt dump can have millions)."""
READ_ROWS_SHOWN = 50
"""Files read without a fault listed one by one; past this the rest are counted (skipped and failed ones always
listed)."""


@dataclass(slots=True)
class _FileTally:
    """What happened to one input file: posts stored, problems, and why it was skipped or failed."""

    posts: int = 0
    problems: int = 0
    skipped: str | None = None
    failed: str | None = None

    def status(self) -> str:
        if self.skipped is not None and self.posts == 0:
            return "skipped"
        return "failed" if self.failed is not None or self.posts == 0 else "read"


class _Tallies:
    """Per-file outcomes gathered from an ingest's problem and progress reports."""

    def __init__(self) -> None:
        self.files: dict[str, _FileTally] = {}
        self.last_items: dict[str, int] = {}

    def problem(self, problem: Problem) -> None:
        tally = self.files.setdefault(problem.file, _FileTally())
        if problem.skipped:
            tally.skipped = problem.reason.removeprefix("skipped: ")
        else:
            tally.problems += 1
            if not problem.where and tally.failed is None:
                tally.failed = problem.reason

    def progress(self, file: str, items: int) -> None:
        """``items`` posts stored so far, ``file`` being read: progress for a file ends after its last batch."""
        self.files.setdefault(file, _FileTally())
        self.last_items[file] = items

    def finish(self) -> None:
        before = 0
        for file, items in self.last_items.items():  # in the order the files were read
            self.files[file].posts = items - before
            before = items
        for name in [n for n in self.files if n not in self.last_items]:
            outer = next((f for f in self.last_items if name.startswith(f"{f}:")), None)
            tally = self.files[name]
            if outer is not None and tally.skipped is None and tally.failed is None:
                self.files[outer].problems += tally.problems  # a zip member's line problems are its archive's
                del self.files[name]

    def rows(self, formats: dict[str, str]) -> list[str]:
        """One line per file (read rows beyond :data:`READ_ROWS_SHOWN` counted in one)."""
        rows, read, hidden = [], 0, 0
        for name, tally in self.files.items():
            status = tally.status()
            shown = escape(terminal_safe(name))
            if status == "read":
                read += 1
                if read > READ_ROWS_SHOWN:
                    hidden += 1
                    continue
                extra = f", {tally.problems:,} problem(s)" if tally.problems else ""
                rows.append(f"  read     {shown}: {tally.posts:,} post(s) as {formats.get(name, '?')}{extra}")
            elif status == "skipped":
                rows.append(f"  [dim]skipped[/]  {shown}: {escape(terminal_safe(tally.skipped or ''))}")
            else:
                why = tally.failed or "nothing stored"
                extra = f" ({tally.problems:,} problem(s))" if tally.problems > 1 else ""
                rows.append(f"  [red]failed[/]   {shown}: {escape(terminal_safe(why))}{extra}")
        if hidden:
            rows.append(f"  read     {hidden:,} more file(s)")
        return rows

    def failed(self) -> list[str]:
        return [name for name, tally in self.files.items() if tally.status() == "failed"]


STDIN = "<stdin>"


@contextmanager
def _stdin_file(sources: list[str]) -> Iterator[tuple[list[str], Callable[[Problem], Problem]]]:
    """``sources`` with ``-`` replaced by a file holding standard input (read like any file: a pasted thread, or a
    dump piped in), and a function that names that file ``<stdin>`` in what is reported."""
    if "-" not in sources:
        yield sources, lambda problem: problem
        return
    with tempfile.TemporaryDirectory(prefix="anecdata-") as folder:
        path = Path(folder) / "stdin.txt"
        with path.open("wb") as out:
            shutil.copyfileobj(sys.stdin.buffer, out)
        copied = str(path)

        def named(problem: Problem) -> Problem:
            if copied not in problem.file and copied not in problem.reason:
                return problem
            return replace(
                problem, file=problem.file.replace(copied, STDIN), reason=problem.reason.replace(copied, STDIN)
            )

        yield [copied if s == "-" else s for s in sources], named


def ingest_command(
    sources: list[str] = typer.Argument(
        ..., help="Files or folders to read (folders are read recursively); - reads standard input."
    ),
    db: str = typer.Option(..., "--db", help="The store: sqlite:///path.db or postgresql://user@host/dbname."),
    read: bool = typer.Option(False, "--read", help="Then read the posts that lack current annotations."),
    fmt: SourceFormat | None = typer.Option(  # type: ignore[valid-type]
        None, "--format", "-f", help=FORMAT_HELP
    ),
    source: str | None = typer.Option(
        None,
        "--source",
        help="Name of the source (e.g. the forum's host): posts are keyed by source and id. Needed for a "
        "Discourse topic that names no site.",
    ),
    columns: str | None = typer.Option(
        None,
        "--columns",
        help="JSONL/CSV column mapping, e.g. text=body,author=user.name,thread=topic_id; by position for a CSV "
        "without a header: text=3,author=2.",
    ),
    workers: int = typer.Option(0, "--workers", help="Reading processes with --read (0: one per CPU core)."),
    batch: int | None = typer.Option(
        None, "--batch", help="Posts per transaction (default: the measured one, 50,000).", show_default=False
    ),
) -> None:
    """Ingest Reddit dumps, Discourse topics, saved forum pages, mbox archives, JSONL/CSV and pasted threads."""
    mapping = parse_columns(columns)
    if workers < 0 or (batch is not None and batch <= 0):
        raise ConfigError(f"--workers must be 0 or more and --batch positive, got {workers} and {batch}")
    from anecdata.jobs import IngestOptions, ingest_sources  # loads the pipeline: after options are checked
    from anecdata.store import open_store

    err = Console(stderr=True, highlight=False)
    options = IngestOptions(fmt=fmt.value if fmt else None, source=source, columns=mapping)
    options = replace(options, batch_posts=batch) if batch is not None else options
    shown: Counter[str] = Counter()
    tallies = _Tallies()
    with _stdin_file(sources) as (paths, named), open_store(db) as store, progress_bar(err, "ingest") as bar:

        def on_problem(problem: Problem) -> None:
            problem = named(problem)
            tallies.problem(problem)
            shown[problem.file] += 1
            if not problem.skipped and shown[problem.file] <= PROBLEMS_SHOWN_PER_FILE:
                bar.progress.console.print(f"[yellow]skipped:[/] {escape(terminal_safe(str(problem)))}")

        def on_progress(p: FileProgress) -> None:
            tallies.progress(named(Problem(p.file, "", "")).file, p.items)
            bar.update(p.bytes_done, p.bytes_total, p.items, force=p.bytes_done == p.bytes_total)

        report = ingest_sources(paths, store, options, on_problem=on_problem, on_progress=on_progress)
        formats = {named(Problem(name, "", "")).file: fmt for name, fmt in report.formats.items()}
    tallies.finish()
    counts = report.counts
    err.print(
        f"ingested {len(report.formats)} file(s): threads {counts.threads_new:,} new ({report.threads_in_store:,} "
        f"in store); posts {counts.new:,} new, {counts.changed:,} changed, {counts.unchanged:,} unchanged "
        f"({report.posts_in_store:,} in store)"
    )
    for row in tallies.rows(formats):
        err.print(row)
    if counts.posts == 0:
        raise ReaderError(f"nothing stored: no post could be read from {', '.join(sources)}")
    if read:
        from anecdata.cli.read import read_store

        read_store(db, workers, err)
    if failed := tallies.failed():
        raise ReaderError(f"{len(failed):,} file(s) failed or stored nothing (listed above); the others are stored")
