"""The bundled ``vocab/data`` tables: tab-separated rows under a header line, ``#`` comments and blank lines skipped."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources


def table_rows(name: str) -> Iterator[tuple[str, list[str]]]:
    """Each data row of ``vocab/data/NAME`` as (where it is, for errors: ``vocab/data/NAME:LINE``, its cells)."""
    text = resources.files("anecdata.vocab").joinpath("data", name).read_text("utf-8")
    header_seen = False
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if header_seen:
            yield f"vocab/data/{name}:{number}", line.split("\t")
        header_seen = True
