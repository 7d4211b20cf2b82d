"""The readers by format name, and which one reads a file: told by ``--format`` or sniffed from its content.

Sniffing looks at the first bytes only (decompressed when the file is zstd), so choosing a reader for a
multi-GB dump costs nothing; a folder is expanded to the files under it, each sniffed on its own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import zstandard

from anecdata.errors import ReaderError
from anecdata.ingest.discourse import is_discourse_topic, read_discourse
from anecdata.ingest.forum_html import read_forum_html
from anecdata.ingest.lines import MAX_WINDOW, ZSTD_MAGIC
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
_MBOX_HEADER = re.compile(rb"^(?:Message-ID|Date|Subject|From):", re.I | re.M)


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


def _head(path: Path) -> bytes:
    with path.open("rb") as f:
        head = f.read(SNIFF_BYTES)
        if not head.startswith(ZSTD_MAGIC):
            return head
        f.seek(0)
        reader = zstandard.ZstdDecompressor(max_window_size=MAX_WINDOW).stream_reader(f)
        try:
            return reader.read(SNIFF_BYTES)
        except zstandard.ZstdError:
            return b""


def _first_line(path: Path) -> bytes:
    """The first line of ``path`` (decompressed when zstd), however long, up to :data:`FIRST_RECORD_BYTES`."""
    with path.open("rb") as f:
        stream: Any = f
        if f.read(4) == ZSTD_MAGIC:
            f.seek(0)
            stream = zstandard.ZstdDecompressor(max_window_size=MAX_WINDOW).stream_reader(f)
        else:
            f.seek(0)
        parts: list[bytes] = []
        size = 0
        try:
            while size < FIRST_RECORD_BYTES and (chunk := stream.read(SNIFF_BYTES)):
                end = chunk.find(b"\n")
                if end >= 0:
                    parts.append(chunk[:end])
                    break
                parts.append(chunk)
                size += len(chunk)
        except zstandard.ZstdError:
            pass
        return b"".join(parts)


def _sniff_json(head: bytes, path: Path) -> str:
    first = head.split(b"\n", 1)[0]
    if b"\n" not in head and len(head) >= SNIFF_BYTES:
        first = _first_line(path)
    try:
        record = json.loads(first.decode("utf-8", errors="replace"))
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
        # A pretty-printed document: only a Discourse topic is read as one JSON document.
        return "discourse" if b'"post_stream"' in head else "jsonl"
    if is_discourse_topic(record):
        return "discourse"
    return "reddit" if isinstance(record, dict) and is_reddit_record(record) else "jsonl"


def sniff(path: Path) -> str | None:
    """The format of ``path`` judged from its first bytes and its suffix, or None when nothing fits.

    Raises:
        OSError: the file cannot be opened.
    """
    head = _head(path).lstrip(b"\xef\xbb\xbf \t\r\n")
    suffix = path.suffix.lower()
    if (head.startswith(b"From ") and _MBOX_HEADER.search(head)) or suffix == ".mbox":
        return "mbox"
    if head.startswith(b"{"):
        return _sniff_json(head, path)
    if head.startswith(b"<") or b"<html" in head[:2048].lower():
        return "html"
    if suffix in (".csv", ".tsv"):
        return "csv"
    if not head or b"\x00" in head or head.startswith(b"["):
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


def choose_reader(path: Path, fmt: str | None = None) -> Choice | Problem:
    """The reader for ``path``: the one ``fmt`` names, else the sniffed one; a Problem when none fits."""
    if fmt is not None:
        return Choice(fmt, READERS[fmt], sniffed=False)
    try:
        sniffed = sniff(path)
    except OSError as e:
        return Problem(str(path), "", f"cannot read ({e.strerror})")
    if sniffed is None:
        return Problem(str(path), "", f"cannot tell its format; pass --format ({'|'.join(FORMATS)})")
    return Choice(sniffed, READERS[sniffed], sniffed=True)
