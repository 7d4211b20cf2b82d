"""The readers by format name, and which one reads a file: told by ``--format`` or sniffed from its content.

Sniffing looks at the first bytes only (decompressed when the file is compressed), so choosing a reader for a
multi-GB dump costs nothing; a folder is expanded to the files under it, each sniffed on its own. Compression is
told by content (:mod:`anecdata.ingest.compressed`), through one opener for every reader: the readers of JSON lines
stream the decompressed bytes, the others read a decompressed copy, and a zip archive is read member by member,
each member sniffed (or read with ``--format``) like a file of its own. A file no reader takes (a README, source
code) is skipped and listed, never guessed as a pasted thread: pasted threads come from ``.txt`` files, standard
input or ``--format pasted``.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import IO

from anecdata.errors import ReaderError
from anecdata.ingest.compressed import (
    STREAMS,
    compression,
    decompress_errors,
    inner_name,
    open_stream,
)
from anecdata.ingest.discourse import is_discourse_topic, read_discourse
from anecdata.ingest.forum_html import read_forum_html
from anecdata.ingest.mbox import read_mbox
from anecdata.ingest.pasted import read_pasted_thread
from anecdata.ingest.reddit import is_reddit_record, read_reddit
from anecdata.ingest.source import Problem, ReadContext, Reader
from anecdata.ingest.tabular import read_csv, read_jsonl
from anecdata.ingest.textfile import read_text_source
from anecdata.model import Thread

SNIFF_BYTES = 1 << 16
FIRST_RECORD_BYTES = 1 << 28
"""How much of a JSON file's first line sniffing reads to parse its whole first record: a Reddit dump may open
with a comment of many MB, and a record is judged by its keys, not its first 64 KB."""
MAX_EXPANDED = 1 << 32
"""The most bytes a compressed file or zip member is expanded to on disk (4 GiB): a larger one is reported, so a
decompression bomb cannot fill the disk."""
STREAMING = frozenset({"reddit", "jsonl"})
"""Readers that decompress as they read; the others are given a decompressed copy."""
PASTED_SUFFIXES = frozenset({".txt", ".text"})
_MBOX_HEADER = re.compile(rb"^(?:Message-ID|Date|Subject|From):", re.I | re.M)
_COPY_CHUNK = 1 << 20


def read_pasted_path(path: Path, ctx: ReadContext) -> Iterator[Thread]:
    """A pasted thread from a text file, named after the file (the skeleton's reader, behind the common API)."""
    try:
        text = read_text_source(str(path)).text
    except ReaderError as e:
        ctx.report(Problem(str(path), "", str(e)))
        return
    ctx.progress(path.stat().st_size)
    yield read_pasted_thread(text, source=ctx.source or path.name)


READERS: Mapping[str, Reader] = {
    "reddit": read_reddit,
    "discourse": read_discourse,
    "html": read_forum_html,
    "mbox": read_mbox,
    "jsonl": read_jsonl,
    "csv": read_csv,
    "pasted": read_pasted_path,
}
"""Every reader, by the name ``--format`` takes."""
FORMATS: tuple[str, ...] = tuple(READERS)


def _open(path: Path) -> tuple[IO[bytes], IO[bytes]]:
    """``path`` opened raw, and its decompressed stream (the raw file itself when it is not compressed)."""
    raw = path.open("rb")
    kind = compression(raw.read(8))
    raw.seek(0)
    if kind not in STREAMS:
        return raw, raw
    try:
        return raw, open_stream(raw, kind)
    except ReaderError:
        raw.close()
        raise


def _read_start(path: Path, limit: int, until_newline: bool = False) -> bytes:
    """Up to ``limit`` decompressed bytes from the start of ``path`` (up to the first newline when asked)."""
    raw, stream = _open(path)
    parts: list[bytes] = []
    size = 0
    read = getattr(stream, "read1", stream.read)  # what was decompressed before a truncation is kept
    with raw:
        try:
            while size < limit and (chunk := read(min(SNIFF_BYTES, limit - size))):
                end = chunk.find(b"\n") if until_newline else -1
                if end >= 0:
                    parts.append(chunk[:end])
                    break
                parts.append(chunk)
                size += len(chunk)
        except decompress_errors():
            pass
    return b"".join(parts)


def _head(path: Path) -> bytes:
    return _read_start(path, SNIFF_BYTES)


def _first_line(path: Path) -> bytes:
    """The first line of ``path`` (decompressed), however long, up to :data:`FIRST_RECORD_BYTES`."""
    return _read_start(path, FIRST_RECORD_BYTES, until_newline=True)


def _json_kind(record: object) -> str:
    if is_discourse_topic(record):
        return "discourse"
    if isinstance(record, dict) and (is_reddit_record(record) or record.get("kind") in ("Listing", "t1", "t3")):
        return "reddit"
    return "jsonl"


def _sniff_array(head: bytes) -> str | None:
    """The format of a JSON array from its first element (when the head holds it whole); None when its elements
    are not records."""
    text = head.decode("utf-8", errors="replace")
    start = len(text) - len(text.lstrip()[1:].lstrip())
    try:
        first, _ = json.JSONDecoder().raw_decode(text, start)
    except (json.JSONDecodeError, RecursionError):
        return "jsonl" if text[start : start + 1] in ("{", "") else None
    if isinstance(first, list):  # Reddit's thread JSON: [submission listing, comment listing]
        return _sniff_array(json.dumps(first).encode())
    return _json_kind(first) if isinstance(first, dict) else None


def _sniff_json(head: bytes, path: Path) -> str:
    first = head.split(b"\n", 1)[0]
    if b"\n" not in head and len(head) >= SNIFF_BYTES:
        first = _first_line(path)
    try:
        record = json.loads(first.decode("utf-8", errors="replace"))
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
        # A pretty-printed document: judged by the keys its head names.
        if b'"post_stream"' in head:
            return "discourse"
        return "reddit" if b'"subreddit"' in head and (b'"link_id"' in head or b'"title"' in head) else "jsonl"
    return _json_kind(record)


def sniff(path: Path) -> str | None:
    """The format of ``path`` judged from its first bytes (decompressed) and its suffix, or None when nothing fits.

    Raises:
        OSError: the file cannot be opened.
        ReaderError: it is zstd-compressed and the ``zstandard`` package is missing.
    """
    head = _head(path).lstrip(b"\xef\xbb\xbf \t\r\n")
    suffix = Path(inner_name(path.name)).suffix.lower()
    if (head.startswith(b"From ") and _MBOX_HEADER.search(head)) or suffix == ".mbox":
        return "mbox"
    if head.startswith(b"{"):
        return _sniff_json(head, path)
    if head.startswith(b"["):
        return _sniff_array(head)
    if head.startswith(b"<") or b"<html" in head[:2048].lower():
        return "html"
    if suffix in (".csv", ".tsv"):
        return "csv"
    if not head or b"\x00" in head or suffix not in PASTED_SUFFIXES:
        return None
    return "pasted"


def input_files(sources: Sequence[str]) -> Iterator[Path | Problem]:
    """Each file named, or under a folder named (sorted, hidden files left out); a missing one as a Problem."""
    for source in sources:
        path = Path(source)
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and not any(part.startswith(".") for part in p.parts)
            )
        elif path.is_file():
            yield path
        else:
            yield Problem(source, "", "no such file or folder")


@dataclass(frozen=True, slots=True)
class Choice:
    """The reader chosen for one file and whether it was sniffed or told."""

    format: str
    reader: Reader
    sniffed: bool


def _decompress_problem(path: Path, kind: str) -> str | None:
    """Why the compressed file at ``path`` cannot be decompressed from its start, or None when it can."""
    raw, stream = _open(path)
    with raw:
        try:
            getattr(stream, "read1", stream.read)(SNIFF_BYTES)
        except decompress_errors() as e:
            return f"cannot decompress: corrupt or truncated {kind} data ({e})"
    return None


def _skip_reason(path: Path) -> str:
    suffix = Path(inner_name(path.name)).suffix.lower()
    if path.stat().st_size == 0:
        why = "an empty file"
    elif suffix and suffix not in PASTED_SUFFIXES:
        why = f"no reader takes {suffix} files (pasted threads are read from .txt)"
    else:
        why = "not a format anecdata reads"
    return f"skipped: {why}; pass --format ({'|'.join(FORMATS)}) to read it as one"


def choose_reader(path: Path, fmt: str | None = None) -> Choice | Problem:
    """The reader for ``path``: the one ``fmt`` names, else the sniffed one; a Problem when none fits (marked
    skipped when the file is simply not one anecdata reads). A compressed file gets a reader that decompresses."""
    try:
        with path.open("rb") as f:
            kind = compression(f.read(8))
        if kind == "zip":
            return Choice("zip", _zip_reader(fmt), sniffed=fmt is None)
        sniffed = fmt or sniff(path)
    except OSError as e:
        return Problem(str(path), "", f"cannot read ({e.strerror or e})")
    except ReaderError as e:
        return Problem(str(path), "", str(e))
    if sniffed is None:
        if kind in STREAMS and (broken := _decompress_problem(path, kind)):
            return Problem(str(path), "", broken)
        return Problem(str(path), "", _skip_reason(path), skipped=True)
    reader = READERS[sniffed]
    if kind in STREAMS and sniffed not in STREAMING:
        reader = _expanded(reader)
    return Choice(sniffed, reader, sniffed=fmt is None)


def _renamed(ctx: ReadContext, copy: Path, name: str) -> ReadContext:
    """``ctx`` for reading ``copy`` in place of the input the user named ``name``: problems name the input, and
    progress is the caller's to report (a copy's bytes are not the input's)."""
    copied = str(copy)

    def report(problem: Problem) -> None:
        file = name if problem.file == copied else problem.file
        ctx.report(replace(problem, file=file, reason=problem.reason.replace(copied, name)))

    return replace(ctx, report=report, progress=lambda _: None)


def _copy_out(source: IO[bytes], target: Path) -> None:
    """``source`` written to ``target``, up to :data:`MAX_EXPANDED` bytes.

    Raises:
        ValueError: there is more than that.
    """
    size = 0
    read = getattr(source, "read1", source.read)
    with target.open("wb") as out:
        while chunk := read(_COPY_CHUNK):
            size += len(chunk)
            if size > MAX_EXPANDED:
                raise ValueError(f"it expands to over {MAX_EXPANDED >> 30} GiB; decompress it yourself to read it")
            out.write(chunk)


def _expanded(reader: Reader) -> Reader:
    """``reader`` given a decompressed copy of a gzip, bzip2, xz or zstd file; a corrupt or truncated stream is
    reported and what came before it is read."""

    def read(path: Path, ctx: ReadContext) -> Iterator[Thread]:
        with tempfile.TemporaryDirectory(prefix="anecdata-") as folder:
            copy = Path(folder) / inner_name(path.name)
            raw, stream = _open(path)
            with raw:
                try:
                    _copy_out(stream, copy)
                except ValueError as e:
                    ctx.report(Problem(str(path), "", f"not read: {e}"))
                    return
                except decompress_errors() as e:
                    ctx.report(Problem(str(path), "", f"corrupt or truncated compressed data ({e}); read up to it"))
            yield from reader(copy, _renamed(ctx, copy, str(path)))
        ctx.progress(path.stat().st_size)

    return read


def _members(archive: zipfile.ZipFile) -> Iterator[zipfile.ZipInfo]:
    for info in archive.infolist():
        parts = PurePosixPath(info.filename).parts
        if info.is_dir() or not parts or any(p == "__MACOSX" or (p.startswith(".") and p != "..") for p in parts):
            continue  # folders, and what the system that made the archive keeps beside the files
        yield info


def _zip_reader(fmt: str | None) -> Reader:
    """A reader of zip archives: each member read as the file it is (``fmt`` when given, else sniffed)."""

    def read(path: Path, ctx: ReadContext) -> Iterator[Thread]:
        try:
            archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError) as e:
            ctx.report(Problem(str(path), "", f"not a readable zip archive ({e})"))
            return
        with archive, tempfile.TemporaryDirectory(prefix="anecdata-") as folder:
            for index, info in enumerate(_members(archive)):
                yield from _read_member(archive, info, Path(folder) / str(index), f"{path}:{info.filename}", fmt, ctx)
        ctx.progress(path.stat().st_size)

    return read


def _read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, folder: Path, name: str, fmt: str | None, ctx: ReadContext
) -> Iterator[Thread]:
    if ".." in PurePosixPath(info.filename).parts or info.filename.startswith("/"):
        ctx.report(Problem(name, "", "skipped: a member whose path leads outside the archive", skipped=True))
        return
    folder.mkdir()
    copy = folder / PurePosixPath(info.filename).name  # never a path the archive chooses
    try:
        with archive.open(info) as member:
            _copy_out(member, copy)
    except (zipfile.BadZipFile, zlib.error, RuntimeError, NotImplementedError, EOFError, OSError, ValueError) as e:
        ctx.report(Problem(name, "", f"cannot extract from the archive ({e})"))
        return
    inner = _renamed(ctx, copy, name)
    choice = choose_reader(copy, fmt)
    if isinstance(choice, Problem):
        inner.report(choice)
    else:
        yield from choice.reader(copy, inner)
    shutil.rmtree(folder, ignore_errors=True)
