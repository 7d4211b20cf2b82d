"""Numbered lines of a plain or zstandard-compressed file, streamed in bounded memory.

Reddit dumps (Pushshift, Arctic Shift) are zstd frames written with long windows, so the decompressor must
accept windows up to 2 GiB. Frames are followed one by one so that a file cut short mid-frame is reported as
truncated instead of ending silently, which a plain stream reader would do.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import zstandard

from anecdata.ingest.source import Problem, ReadContext

ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
MAX_WINDOW = 2**31
"""The largest zstd window we accept: the Pushshift and Arctic Shift dumps use up to 2 GiB."""
READ_SIZE = 1 << 18
"""Compressed bytes read at a time: with dumps' ~10x ratio, a few MB of text in memory at once."""
PROGRESS_EVERY = 1 << 14


def is_zstd(path: Path) -> bool:
    """Whether ``path`` starts with a zstd frame."""
    with path.open("rb") as f:
        return f.read(4) == ZSTD_MAGIC


def _zstd_chunks(path: Path, ctx: ReadContext) -> Iterator[bytes]:
    """Decompressed chunks of ``path``; corrupt data or a truncated last frame is reported and ends the file."""
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
    """``(line number, line bytes)`` for each non-empty line of ``path``, decompressing zstd when it is zstd.

    Line numbers count from 1 in the decompressed text, so a reported line can be found with ``zstdcat | sed``.
    """
    if is_zstd(path):
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
