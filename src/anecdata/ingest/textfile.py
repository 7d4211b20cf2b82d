"""Reading a user's text file safely: size limit, binary refusal, invalid UTF-8 decoded with replacement."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from anecdata.errors import ReaderError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
"""A pasted thread larger than this is almost surely not one thread; ``--max-bytes`` lifts it."""

_BINARY_SNIFF_BYTES = 8192


@dataclass(frozen=True, slots=True)
class TextSource:
    """Decoded text and where it came from; ``replaced`` counts bytes that were not valid UTF-8."""

    name: str
    text: str
    replaced: int = 0


def read_text_source(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> TextSource:
    """Read ``path`` (or standard input for ``-``) as text, refusing what cannot be a forum thread.

    Reads at most ``max_bytes + 1`` bytes, so an oversized input costs bounded memory.

    Raises:
        ReaderError: missing path, a directory, an empty, binary or oversized input.
    """
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        name = "<stdin>"
    else:
        p = Path(path)
        if not p.exists():
            raise ReaderError(f"no such file: {path!r}")
        if p.is_dir():
            raise ReaderError(f"{path!r} is a directory; give one thread file (or - for standard input)")
        try:
            with p.open("rb") as f:
                data = f.read(max_bytes + 1)
        except OSError as e:
            raise ReaderError(f"cannot read {path!r}: {e.strerror}") from e
        name = str(p)
    if len(data) > max_bytes:
        raise ReaderError(f"{name} is larger than {max_bytes:,} bytes; pass --max-bytes N to read it anyway")
    if b"\x00" in data[:_BINARY_SNIFF_BYTES]:
        raise ReaderError(f"{name} looks like a binary file (it contains NUL bytes), not a text thread")
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise ReaderError(f"{name} is empty: nothing to analyse")
    return TextSource(name=name, text=text, replaced=replaced)
