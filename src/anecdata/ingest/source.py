"""What every reader shares: the context it reads in, the problems it reports, and deterministic ids.

A reader turns one input file into ``Thread``s and knows nothing of the pipeline or the store. What it cannot
read (a corrupt line, a truncated frame, an unreadable file) it reports as a :class:`Problem` and skips, so one
bad record never costs the rest of the input.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from anecdata.model import Thread

ID_LENGTH = 16
"""Hex digits of a post or thread id: 64 bits, so a dump of tens of millions of posts has no collisions."""


@dataclass(frozen=True, slots=True)
class Problem:
    """Something in one input that could not be read: the file, where in it (line or offset), and why.

    ``skipped`` marks a file left alone because no reader takes it (a README, source code): listed, not a failure.
    """

    file: str
    where: str
    reason: str
    skipped: bool = False

    def __str__(self) -> str:
        return f"{self.file}: {self.where}: {self.reason}" if self.where else f"{self.file}: {self.reason}"


@dataclass(frozen=True, slots=True)
class FileProgress:
    """Where a run over input files is: bytes consumed (of the total on disk, 0 when unknown), items handled
    (posts stored, abstracts read), and the current file; what a progress bar shows."""

    bytes_done: int
    bytes_total: int
    items: int
    file: str


def ignore(_: object) -> None:
    """The default listener (for problems, progress): a caller that does not listen still gets all the work done."""


@dataclass(frozen=True, slots=True)
class ReadContext:
    """How a reader is called: where it reports problems and progress, and the user's options.

    Attributes:
        report: receives each :class:`Problem`; the reader then skips the bad part and carries on.
        progress: receives how many bytes of the current file have been consumed, so a caller can show an ETA.
        source: the user's name for the source (``--source``); None keeps each reader's default.
        columns: for JSONL/CSV, our field name → the input's column name (``--columns``).
    """

    report: Callable[[Problem], None] = ignore
    progress: Callable[[int], None] = ignore
    source: str | None = None
    columns: Mapping[str, str] = field(default_factory=dict)


class RecordError(ValueError):
    """A record that is readable data but not a post this reader can take (a field of the wrong type, a
    missing key): reported with its place and skipped."""


def _kind(value: object) -> str:
    return {dict: "an object", list: "a list", bool: "true/false"}.get(type(value), type(value).__name__)


def text_field(record: Mapping[str, Any], key: str) -> str | None:
    """A record's field as text: a string as it is, a number as its digits, a missing or null field as None.

    Raises:
        RecordError: the field holds an object, a list or true/false, which is no one's text.
    """
    value = record.get(key)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise RecordError(f"field {key!r} is {_kind(value)}, not text")


class Reader(Protocol):
    """A reader: one input file in, threads out, problems and progress reported through the context."""

    def __call__(self, path: Path, ctx: ReadContext) -> Iterator[Thread]: ...


def post_id(source: str, source_id: str) -> str:
    """A post's id from its source and its id there, so every run and every reader gives the same id.

    The same value as ``model.short_hash(source, source_id)``, spelled out because a dump has millions of posts.
    """
    return "p" + hashlib.sha1(f"{source}\x1f{source_id}".encode()).hexdigest()[:ID_LENGTH]


@lru_cache(maxsize=1 << 16)
def thread_id(source: str, source_key: str) -> str:
    """A thread's id from its source and its key there (a Reddit link id, a topic id, a root Message-ID).

    Cached: a dump names the same few threads again and again.
    """
    return "t" + hashlib.sha1(f"{source}\x1f{source_key}".encode()).hexdigest()[:ID_LENGTH]
