"""What the evidence readers share: opening a file plain or gzipped, and checking a record's fields.

A PubMed annual baseline file is a gzipped XML of some 30,000 articles, and an export may be gzipped too, so
every reader gets a decompressed byte stream and reports progress in bytes of the file on disk. Problems are
the ingest readers' :class:`~anecdata.ingest.source.Problem`: file, where, why; the reader skips and carries on.
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from anecdata.evidence.model import Abstract
from anecdata.ingest.source import Problem, ReadContext

GZIP_MAGIC = b"\x1f\x8b"
DAMAGED = (EOFError, zlib.error, gzip.BadGzipFile)
"""What reading a truncated or corrupt gzip stream raises (``EOFError``: it ends before its end marker)."""
PMID = re.compile(r"[A-Za-z0-9][\w.:-]{0,63}")
"""A corpus key: a PubMed id is digits; JSONL corpora may use other short ids, never with spaces."""
DOI_KEY = re.compile(r"doi:10\.\d{4,9}/[^\s]{1,200}")
"""The key of an RIS record with no PubMed id: its DOI, which has a ``/`` no other key has."""
YEAR = re.compile(r"\b(1[5-9]\d\d|2\d\d\d)\b")
"""The first four-digit year in a date such as ``2021 Mar 15`` or a MedlineDate ``1998 Dec-1999 Jan``."""


@dataclass(frozen=True, slots=True)
class Opened:
    """An evidence file open for reading: its decompressed bytes, and how far into the file on disk we are."""

    stream: BinaryIO
    raw: BinaryIO
    compressed: bool

    def consumed(self) -> int:
        """Bytes of the file on disk read so far (compressed bytes for a gzip file), for progress."""
        return self.raw.tell()


@contextmanager
def open_input(path: Path) -> Iterator[Opened]:
    """``path`` as decompressed bytes: gzip is told by its magic bytes, not its name.

    Raises:
        OSError: the file cannot be opened.
    """
    with path.open("rb") as raw:
        compressed = raw.read(2) == GZIP_MAGIC
        raw.seek(0)
        if not compressed:
            yield Opened(raw, raw, False)
            return
        with gzip.GzipFile(fileobj=raw, mode="rb") as stream:
            yield Opened(stream, raw, True)  # type: ignore[arg-type]


def head(path: Path, size: int) -> bytes:
    """The first ``size`` decompressed bytes of ``path`` (fewer for a short file), for sniffing.

    Raises:
        OSError: the file cannot be opened, or it is gzip that breaks off within those bytes.
    """
    with open_input(path) as opened:
        try:
            return opened.stream.read(size)
        except DAMAGED as e:
            raise OSError(f"truncated or corrupt gzip data ({str(e) or type(e).__name__})") from e


def damaged(path: Path, opened: Opened, error: BaseException) -> Problem:
    """The problem of a gzip stream that breaks off: what was read before it stays read."""
    reason = str(error) or type(error).__name__
    return Problem(str(path), f"offset {opened.consumed()}", f"truncated or corrupt gzip data ({reason}); rest skipped")


def make_abstract(
    pmid: str,
    title: str,
    text: str,
    year: int | str | None = None,
    journal: str | None = None,
    publication_types: Sequence[str] = (),
    mesh_headings: Sequence[str] = (),
) -> Abstract | str:
    """An :class:`Abstract` from a record's fields, or the reason it is refused (for the reader's Problem).

    A record needs an id and a title or an abstract; a year written as text is read from its first four-digit
    year, and a year that is not one refuses the record rather than storing a wrong one. Blank entries of the
    lists are dropped, repeated ones kept once.
    """
    pmid = pmid.strip()
    if not pmid:
        return "no PMID"
    if not PMID.fullmatch(pmid) and not DOI_KEY.fullmatch(pmid):
        return f"PMID {pmid!r} is not an id (letters, digits and . _ : - only)"
    title, text = title.strip(), text.strip()
    if not title and not text:
        return f"PMID {pmid}: no title and no abstract"
    if isinstance(year, str):
        found = YEAR.search(year)
        if found is None and year.strip():
            return f"PMID {pmid}: year {year.strip()!r} is not a year"
        year = int(found.group(1)) if found else None
    elif year is not None and not 1500 <= year <= 2999:
        return f"PMID {pmid}: year {year!r} is not a year"
    return Abstract(
        pmid=pmid,
        title=title,
        text=text,
        year=year,
        journal=(journal or "").strip() or None,
        publication_types=_distinct(publication_types),
        mesh_headings=_distinct(mesh_headings),
    )


def _distinct(items: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s.strip() for s in items if s.strip()))


def one_line(text: str) -> str:
    """``text`` with its runs of whitespace (newlines from wrapped XML or MEDLINE lines) as single spaces."""
    return " ".join(text.split())


class TaggedRecord(Protocol):
    """A record of a tagged-line format (MEDLINE, RIS) as it was read: where it starts, what was wrong with it, and
    its abstract (or why it has none)."""

    line: int
    error: str

    def abstract(self) -> Abstract | str: ...


def finished_record(record: TaggedRecord, name: str, ctx: ReadContext) -> Abstract | None:
    """The abstract of a record read to its end, or None with the problem reported to ``ctx`` (the record skipped)."""
    if record.error:
        ctx.report(Problem(name, f"line {record.line}", f"{record.error}; record skipped"))
        return None
    parsed = record.abstract()
    if isinstance(parsed, str):
        ctx.report(Problem(name, f"line {record.line}", parsed))
        return None
    return parsed
