"""``anecdata read``: (re)read stored posts whose annotations are missing or from an older pipeline version."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.markup import escape

from anecdata.cli.progress import Bar, progress_bar
from anecdata.errors import ConfigError
from anecdata.view.terminal import terminal_safe

if TYPE_CHECKING:
    from anecdata.jobs import ReadProgress
    from anecdata.store import SqlStore


def read_store(db: str, workers: int, err: Console) -> int:
    """Read the pending posts of the store at ``db`` with a progress bar on ``err``; returns how many were read."""
    from anecdata.jobs import index_experiences, read_pending, store_reports  # loads the pipeline
    from anecdata.read.pipeline import PIPELINE_VERSION
    from anecdata.store import open_store

    with open_store(db) as store:
        total = store.count_pending(PIPELINE_VERSION)
        done = 0
        if total == 0:
            err.print(f"nothing to read: every post has annotations of pipeline version {PIPELINE_VERSION}")
        else:
            with progress_bar(err, "read", total) as bar:
                done = read_pending(store, workers, on_progress=lambda p: _show(bar, p))
            err.print(f"read {done:,} post(s) with pipeline version {PIPELINE_VERSION}")
        show_skipped(store, PIPELINE_VERSION, err)
        stale = store.count("stale_threads")
        if stale:
            with progress_bar(err, "index", stale, unit="threads") as bar:
                indexed = index_experiences(store, on_progress=lambda p: _show(bar, p))
            err.print(f"indexed the experiences of {indexed:,} thread(s)")
        with progress_bar(err, "reports", unit="conditions") as bar:
            built = store_reports(store, on_progress=lambda p: _show(bar, p))
        if built:
            err.print(f"stored the reports of {built:,} condition(s)")
        carry(store, err)
    return done


def carry(store: SqlStore, err: Console) -> None:
    """Carry what pages need of reading (sentences, titles' and abstracts' mentions, threads' experience records)
    where the store lacks it: a store read by an older anecdata gets it once here, so its pages never read, cut
    sentences or derive records per request."""
    from anecdata.jobs import carry_readings, find_abstract_mentions
    from anecdata.store import EvidenceStore

    with progress_bar(err, "carry", unit="posts") as bar:
        carried = carry_readings(store, on_progress=lambda p: _show(bar, p))
    with progress_bar(err, "mentions", unit="abstracts") as bar:
        carried += find_abstract_mentions(EvidenceStore(store), on_progress=lambda p: _show(bar, p))
    if carried:
        err.print(f"carried what pages read for {carried:,} post(s), thread(s) and abstract(s)")


SKIPPED_SHOWN = 20
"""Skipped posts listed by ``anecdata read``; the rest are counted."""


def show_skipped(store: SqlStore, pipeline_version: str, err: Console) -> None:
    """List the posts reading skipped (with why), so a post that is never read is never a secret."""
    count = store.count_skipped(pipeline_version)
    if not count:
        return
    err.print(f"[yellow]skipped {count:,} post(s)[/], not read (they stay skipped until their text changes):")
    for skipped in store.skipped(pipeline_version, limit=SKIPPED_SHOWN):
        where = f"{skipped.post_id} (thread {skipped.thread_id}, {skipped.length:,} characters)"
        err.print(f"  {where}: {escape(terminal_safe(skipped.reason))}")
    if count > SKIPPED_SHOWN:
        err.print(f"  ... and {count - SKIPPED_SHOWN:,} more")


def _show(bar: Bar, p: ReadProgress) -> None:
    bar.update(p.done, p.total, p.done, force=p.done == p.total)


def read_command(
    db: str = typer.Option(..., "--db", help="The store: sqlite:///path.db or postgresql://user@host/dbname."),
    workers: int = typer.Option(0, "--workers", help="Reading processes (0: one per CPU core, 1: no workers)."),
) -> None:
    """Read the stored posts that have no annotations yet, or annotations from an older pipeline version."""
    if workers < 0:
        raise ConfigError(f"--workers must be 0 or more, got {workers}")
    read_store(db, workers, Console(stderr=True, highlight=False))
