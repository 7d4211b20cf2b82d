"""``anecdata evidence``: the published-evidence corpus a user loads (``add``), graded by study design.

``add`` stores every file it can before the verdict: the summary lists each file as read (abstracts, problems),
skipped (in a folder, no reader takes it) or failed (unreadable, or nothing stored from it), and the exit status is
1 when any file failed, so a script never mistakes a half-loaded corpus for a whole one.
"""

from __future__ import annotations

from collections import Counter
from enum import Enum

import typer
from rich.console import Console
from rich.markup import escape

from anecdata.cli.progress import progress_bar
from anecdata.errors import ConfigError, ReaderError
from anecdata.evidence.formats import FORMATS
from anecdata.evidence.load import BATCH_ABSTRACTS, load_files, plan_files
from anecdata.ingest.source import FileProgress, Problem
from anecdata.jobs import EMBED_BATCH
from anecdata.view.terminal import terminal_safe

EvidenceFormat = Enum("EvidenceFormat", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]
FORMAT_HELP = f"Read every file as this format ({'|'.join(FORMATS)}) instead of sniffing it."
PROBLEMS_SHOWN_PER_FILE = 20
"""Problems printed per file as they happen; the rest are only counted."""

evidence_app = typer.Typer(
    name="evidence",
    help="The published evidence you load: PubMed abstracts, graded by study design.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@evidence_app.command("add")
def add_command(
    files: list[str] = typer.Argument(
        ...,
        help="PubMed or MEDLINE XML (.xml/.xml.gz), MEDLINE text (.nbib/.txt), RIS (.ris) or JSONL files or folders.",
    ),
    db: str = typer.Option(..., "--db", help="The store: sqlite:///path.db or postgresql://user@host/dbname."),
    fmt: EvidenceFormat | None = typer.Option(  # type: ignore[valid-type]
        None, "--format", "-f", help=FORMAT_HELP
    ),
    batch: int = typer.Option(BATCH_ABSTRACTS, "--batch", help="Abstracts per transaction."),
) -> None:
    """Load abstracts into the store's evidence corpus; loading the same file again changes nothing."""
    from anecdata.store import EvidenceStore, open_store

    if batch <= 0:
        raise ConfigError(f"--batch must be positive, got {batch}")
    planned, skipped = plan_files(files, fmt.value if fmt else None)
    err = Console(stderr=True, highlight=False)
    shown: Counter[str] = Counter()
    with open_store(db) as store, progress_bar(err, "evidence", unit="abstracts") as bar:
        progress = bar.progress

        def on_problem(problem: Problem) -> None:
            shown[problem.file] += 1
            if shown[problem.file] <= PROBLEMS_SHOWN_PER_FILE:
                progress.console.print(f"[yellow]skipped:[/] {escape(terminal_safe(str(problem)))}")

        def on_progress(p: FileProgress) -> None:
            bar.update(p.bytes_done, p.bytes_total, p.items, force=p.bytes_done == p.bytes_total)

        for problem in skipped:
            on_problem(problem)
        evidence = EvidenceStore(store)
        report = load_files(planned, evidence.add, batch, on_problem, on_progress)
        in_store = evidence.count()
    with open_store(db) as store, progress_bar(err, "mentions", unit="abstracts") as bar:
        from anecdata.jobs import find_abstract_mentions  # loads the mention matcher

        # found once here, so ranking a claim's candidates on a page reads them instead of matching them again
        find_abstract_mentions(
            EvidenceStore(store), on_progress=lambda p: bar.update(p.done, p.total, p.done, force=p.done == p.total)
        )
    counts = report.counts
    problems = report.problems + len(skipped)
    err.print(
        f"loaded {len(planned)} file(s): abstracts {counts.added:,} added, {counts.updated:,} updated, "
        f"{counts.unchanged:,} unchanged, {problems:,} problem(s) ({in_store:,} in store)"
    )
    failed = report.failed()
    for name, fmt_name in report.formats.items():
        shown_name = escape(terminal_safe(name))
        count = report.problems_by_file.get(name, 0)
        if name in failed:
            extra = f" ({count:,} problem(s))" if count > 1 else ""
            err.print(f"  [red]failed[/]   {shown_name}: {escape(terminal_safe(failed[name]))}{extra}")
        else:
            extra = f", {count:,} problem(s)" if count else ""
            err.print(f"  read     {shown_name}: {report.read_by_file.get(name, 0):,} abstract(s) as {fmt_name}{extra}")
    for problem in skipped:
        err.print(f"  [dim]skipped[/]  {escape(terminal_safe(problem.file))}: {escape(terminal_safe(problem.reason))}")
    if failed:
        raise ReaderError(f"{len(failed):,} file(s) failed or stored nothing (listed above); the others are stored")


@evidence_app.command("embed")
def embed_command(
    db: str = typer.Option(..., "--db", help="The store: sqlite:///path.db or postgresql://user@host/dbname."),
    batch: int = typer.Option(EMBED_BATCH, "--batch", help="Abstracts per transaction."),
) -> None:
    """Compute the bundled model's vector of every stored abstract that has none (resumable; hybrid ranking
    uses them, and embeds on the fly what is missing)."""
    from anecdata.jobs import embed_abstracts
    from anecdata.store import EvidenceStore, open_store

    if batch <= 0:
        raise ConfigError(f"--batch must be positive, got {batch}")
    err = Console(stderr=True, highlight=False)
    with open_store(db, create=False) as store:
        evidence = EvidenceStore(store)
        with progress_bar(err, "embed", unit="abstracts") as bar:
            done = embed_abstracts(
                evidence, batch, lambda p: bar.update(p.done, p.total, p.done, force=p.done == p.total)
            )
        in_store = evidence.count()
    err.print(f"embedded {done:,} abstract(s) ({in_store:,} in store)")
