"""Where a command writes its result: standard output, or a file that appears only once it is complete."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from anecdata.errors import ConfigError


@contextmanager
def output_file(out: Path | None) -> Iterator[IO[str]]:
    """Standard output, or ``out`` written through a temporary file beside it and renamed at the end: a failed
    command leaves no half-written file and never truncates an earlier one."""
    if out is None:
        yield sys.stdout
        return
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    except OSError as e:
        raise ConfigError(f"cannot write {str(out)!r}: {e.strerror}") from e
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as sink:
            yield sink
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_output(text: str, out: Path | None) -> None:
    """``text`` to standard output or, whole, to ``out``."""
    with output_file(out) as sink:
        sink.write(text)
