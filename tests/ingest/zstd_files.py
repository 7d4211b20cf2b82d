"""Writing zstd files the way Reddit dumps are written: streamed, with a 2 GiB window in the frame header."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from pathlib import Path

import zstandard

DUMP_WINDOW_LOG = 31


def zstd_bytes(data: bytes, window_log: int = DUMP_WINDOW_LOG) -> bytes:
    """``data`` as one streamed zstd frame (no content size, so the header keeps the full window)."""
    params = zstandard.ZstdCompressionParameters.from_level(3, window_log=window_log, enable_ldm=True)
    out = io.BytesIO()
    with zstandard.ZstdCompressor(compression_params=params).stream_writer(out, closefd=False) as writer:
        writer.write(data)
    return out.getvalue()


def write_ndjson_zst(path: Path, records: Iterable[object]) -> Path:
    """Records as zstd-compressed NDJSON at ``path`` (strings are written as raw lines, for corrupt ones)."""
    lines = (r if isinstance(r, str) else json.dumps(r) for r in records)
    path.write_bytes(zstd_bytes("".join(line + "\n" for line in lines).encode("utf-8")))
    return path
