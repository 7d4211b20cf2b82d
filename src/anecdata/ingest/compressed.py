"""Compressed input told by its first bytes, not its name: gzip, bzip2, xz, zstd, and zip archives.

A dump is often saved as ``RC_2023-01.zst``, a Mailman month as ``2016-June.txt.gz``, a Groups.io export as a
``.zip``, and a name may lie or be missing: the magic bytes decide. The standard library reads gzip, bzip2 and xz;
zstd needs the ``zstandard`` package (a dependency of anecdata, imported only when a zstd file comes), and its
absence is one line that says what to install.
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import zlib
from pathlib import Path
from typing import IO, Any

from anecdata.errors import ReaderError

ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
MAX_WINDOW = 2**31
"""The largest zstd window we accept: the Pushshift and Arctic Shift dumps use up to 2 GiB."""
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (ZSTD_MAGIC, "zstd"),
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
)
STREAMS = ("gzip", "bzip2", "xz", "zstd")
"""Compressions that wrap one stream (a zip archive holds files instead)."""
SUFFIXES = (".gz", ".gzip", ".bz2", ".xz", ".zst", ".zstd")
"""Compression suffixes dropped from a name to tell the format inside (``x.txt.gz`` is a ``.txt``)."""


def compression(head: bytes) -> str | None:
    """The compression whose magic bytes ``head`` starts with, or None for plain data."""
    return next((name for magic, name in MAGIC if head.startswith(magic)), None)


def compression_of(path: Path) -> str | None:
    """The compression of the file at ``path``, from its first bytes.

    Raises:
        OSError: the file cannot be opened.
    """
    with path.open("rb") as f:
        return compression(f.read(8))


def inner_name(name: str) -> str:
    """``name`` without its compression suffix: ``2016-June.txt.gz`` → ``2016-June.txt``."""
    lower = name.lower()
    return next((name[: -len(s)] for s in SUFFIXES if lower.endswith(s) and len(name) > len(s)), name)


def zstandard_module() -> Any:
    """The ``zstandard`` package, or a one-line error naming what to install.

    Raises:
        ReaderError: the package is not installed.
    """
    try:
        import zstandard
    except ImportError as e:
        raise ReaderError("this file is zstd-compressed: install the 'zstandard' package to read it") from e
    return zstandard


def decompress_errors() -> tuple[type[BaseException], ...]:
    """What a decompressing stream raises on corrupt or truncated data."""
    errors: tuple[type[BaseException], ...] = (EOFError, OSError, lzma.LZMAError, zlib.error)
    try:
        import zstandard
    except ImportError:
        return errors
    return (*errors, zstandard.ZstdError)


def open_stream(raw: IO[bytes], kind: str) -> IO[bytes]:
    """A stream of ``raw``'s decompressed bytes (every frame or member, one after another)."""
    if kind == "gzip":
        return gzip.GzipFile(fileobj=raw, mode="rb")
    if kind == "bzip2":
        return bz2.BZ2File(raw, mode="rb")
    if kind == "xz":
        return lzma.LZMAFile(raw, mode="rb")
    if kind == "zstd":
        zstandard = zstandard_module()
        decompressor = zstandard.ZstdDecompressor(max_window_size=MAX_WINDOW)
        return decompressor.stream_reader(raw, read_across_frames=True)  # type: ignore[no-any-return]
    raise ValueError(f"not a stream compression: {kind}")
