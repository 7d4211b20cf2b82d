"""Numbered lines of a plain or compressed file (zstd, gzip, bzip2, xz), streamed in bounded memory.

Reddit dumps (Pushshift, Arctic Shift) are zstd frames written with long windows, so the decompressor must
accept windows up to 2 GiB. Frames are followed one by one so that a file cut short mid-frame is reported as
truncated instead of ending silently, which a plain stream reader would do; gzip, bzip2 and xz streams say so
themselves, and their error is reported with the line it came after.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from anecdata.ingest.compressed import (
    MAX_WINDOW,
    ZSTD_MAGIC,
    compression_of,
    decompress_errors,
    open_stream,
    zstandard_module,
)
from anecdata.ingest.source import Problem, ReadContext

__all__ = ["MAX_WINDOW", "ZSTD_MAGIC", "is_zstd", "json_line", "numbered_lines"]
READ_SIZE = 1 << 18
"""Compressed bytes read at a time: with dumps' ~10x ratio, a few MB of text in memory at once."""
PROGRESS_EVERY = 1 << 14


def is_zstd(path: Path) -> bool:
    """Whether ``path`` starts with a zstd frame."""
    with path.open("rb") as f:
        return f.read(4) == ZSTD_MAGIC


def _zstd_chunks(path: Path, ctx: ReadContext) -> Iterator[bytes]:
    """Decompressed chunks of ``path``; corrupt data or a truncated last frame is reported and ends the file."""
    zstandard = zstandard_module()
    dctx = zstandard.ZstdDecompressor(max_window_size=MAX_WINDOW)
    dobj = dctx.decompressobj()
    in_frame = False
    offset = 0
    with path.open("rb") as f:
        while chunk := f.read(READ_SIZE):
            data = chunk
            while data:
                try:
                    out = dobj.decompress(data)
                except zstandard.ZstdError as e:
                    ctx.report(
                        Problem(
                            str(path), f"offset {offset}", f"corrupt zstd data after this offset ({e}); rest skipped"
                        )
                    )
                    return
                if out:
                    yield out
                if dobj.eof:
                    data, dobj, in_frame = dobj.unused_data, dctx.decompressobj(), False
                else:
                    data, in_frame = b"", True
            offset += len(chunk)
            ctx.progress(offset)
    if in_frame:
        ctx.report(Problem(str(path), f"offset {offset}", "truncated zstd frame: the file ends mid-frame"))


def numbered_lines(path: Path, ctx: ReadContext) -> Iterator[tuple[int, bytes]]:
    """``(line number, line bytes)`` for each non-empty line of ``path``, decompressed when it is compressed.

    Line numbers count from 1 in the decompressed text, so a reported line can be found with ``zstdcat | sed``.
    """
    kind = compression_of(path)
    if kind in ("gzip", "bzip2", "xz"):
        yield from _stream_lines(path, kind, ctx)
        return
    if kind == "zstd":
        number = 0
        tail = b""
        for chunk in _zstd_chunks(path, ctx):
            lines = (tail + chunk).split(b"\n")
            tail = lines.pop()
            for line in lines:
                number += 1
                if line.strip():
                    yield number, line
        if tail.strip():
            yield number + 1, tail
        return
    with path.open("rb") as f:
        for number, line in enumerate(f, 1):
            if line.strip():
                yield number, line
            if number % PROGRESS_EVERY == 0:
                ctx.progress(f.tell())
        ctx.progress(f.tell())


def _stream_lines(path: Path, kind: str, ctx: ReadContext) -> Iterator[tuple[int, bytes]]:
    """Lines of a gzip, bzip2 or xz file; corrupt or truncated data is reported and ends the file."""
    number = 0
    with path.open("rb") as raw, open_stream(raw, kind) as stream:
        try:
            for number, line in enumerate(stream, 1):
                if line.strip():
                    yield number, line
                if number % PROGRESS_EVERY == 0:
                    ctx.progress(raw.tell())
        except decompress_errors() as e:
            reason = f"corrupt or truncated {kind} data after this line ({e}); rest skipped"
            ctx.report(Problem(str(path), f"line {number}", reason))
        ctx.progress(raw.tell())


def json_line(line: bytes, path: Path, number: int, ctx: ReadContext) -> Any:
    """One line parsed as JSON. A line that is not valid UTF-8 is read with the bad bytes replaced by U+FFFD,
    and the replacement reported, rather than refused (a dump cut and joined mid-character is common).

    Raises:
        orjson.JSONDecodeError: the line is not JSON (nested deeper than 1,024 levels included).
    """
    try:
        return orjson.loads(line)
    except orjson.JSONDecodeError as e:
        if "UTF-8" not in e.msg:
            raise
    text = line.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - line.decode("utf-8", errors="ignore").count("\ufffd")
    ctx.report(Problem(str(path), f"line {number}", f"{bad} byte(s) not valid UTF-8, replaced with U+FFFD"))
    return orjson.loads(text)


MAX_DOCUMENT = 1 << 30
"""The largest JSON array or pretty-printed document read whole (1 GiB decompressed); larger ones must be lines."""


def _opening(path: Path) -> tuple[bytes, bytes]:
    """The first non-blank byte of ``path``'s decompressed content and its first line (for telling a JSON document
    from JSON lines)."""
    kind = compression_of(path)
    with path.open("rb") as raw:
        stream: Any = raw if kind not in ("gzip", "bzip2", "xz", "zstd") else open_stream(raw, kind)
        try:
            head = stream.read(1 << 16)
        except decompress_errors():
            return b"", b""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    whole = b"\n" in stripped or len(head) < 1 << 16
    return stripped[:1], stripped.split(b"\n", 1)[0] if whole else b""


def _is_document(path: Path) -> bool:
    first, line = _opening(path)
    if first == b"[":
        return True
    if first != b"{" or not line:  # a first line longer than the head: one record of a dump, not a document
        return False
    try:
        orjson.loads(line)
    except orjson.JSONDecodeError:
        return True  # a '{' line that is not a whole object: a pretty-printed document
    return False


def _document(path: Path, ctx: ReadContext) -> Any:
    """The whole of ``path`` (decompressed) parsed as one JSON document.

    Raises:
        orjson.JSONDecodeError: it is not JSON.
        ValueError: it is larger than :data:`MAX_DOCUMENT`.
    """
    kind = compression_of(path)
    with path.open("rb") as raw:
        stream: Any = raw if kind not in ("gzip", "bzip2", "xz", "zstd") else open_stream(raw, kind)
        data = stream.read(MAX_DOCUMENT + 1)
    if len(data) > MAX_DOCUMENT:
        raise ValueError(f"a JSON document over {MAX_DOCUMENT >> 20} MiB; write it as JSON lines to read it")
    ctx.progress(path.stat().st_size)
    return json_line(data.lstrip(b"\xef\xbb\xbf"), path, 1, ctx)


def json_records(path: Path, ctx: ReadContext) -> Iterator[tuple[int, str, Any]]:
    """``(number, place, record)`` for each record of a JSON-lines file, a JSON array, or a pretty-printed JSON document
    (one record, or an array of them); a line or document that is not JSON is reported and skipped.

    Scrapers write all three, so a reader that takes JSON lines takes them all; a place is ``line N`` for JSON
    lines and ``item N`` for the elements of an array, and its number that N.
    """
    if not _is_document(path):
        for number, line in numbered_lines(path, ctx):
            try:
                yield number, f"line {number}", json_line(line, path, number, ctx)
            except orjson.JSONDecodeError as e:
                ctx.report(Problem(str(path), f"line {number}", f"not JSON ({e.msg}, column {e.colno})"))
        return
    try:
        document = _document(path, ctx)
    except orjson.JSONDecodeError as e:
        ctx.report(Problem(str(path), f"line {e.lineno}, column {e.colno}", f"not a JSON document ({e.msg})"))
        return
    except ValueError as e:
        ctx.report(Problem(str(path), "", str(e)))
        return
    except decompress_errors() as e:
        ctx.report(Problem(str(path), "", f"corrupt or truncated compressed data ({e})"))
        return
    if isinstance(document, list):
        for index, record in enumerate(document, 1):
            yield index, f"item {index}", record
    else:
        yield 1, "line 1", document
