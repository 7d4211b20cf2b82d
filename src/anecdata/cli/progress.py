"""Rich progress bars on standard error for long runs: items done (posts, abstracts), items per second, an ETA."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn, TimeRemainingColumn

REFRESH_SECONDS = 0.1
"""Updates closer together than this are dropped: drawing must not slow down the work it reports."""


@dataclass
class Bar:
    """One task on a progress display, updated with work done (bytes or posts) and posts handled."""

    progress: Progress
    task: TaskID
    started: float
    last: float = 0.0

    def update(self, completed: int, total: int | None, posts: int, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last < REFRESH_SECONDS:
            return
        self.last = now
        rate = posts / max(now - self.started, 1e-9)
        self.progress.update(self.task, completed=completed, total=total or None, posts=posts, rate=rate)


@contextmanager
def progress_bar(console: Console, description: str, total: int | None = None, unit: str = "posts") -> Iterator[Bar]:
    """A progress display on ``console`` for one task, counting ``unit``; the ETA shows once a total is known."""
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn(f"{{task.fields[posts]:>10,}} {unit}"),
        TextColumn(f"{{task.fields[rate]:>8,.0f}} {unit}/s"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=console,
        transient=False,
    )
    with progress:
        task = progress.add_task(description, total=total, posts=0, rate=0.0)
        yield Bar(progress, task, time.monotonic())
