"""JSON Lines of abstracts, plain or gzipped: one object per line, for corpora that do not come from PubMed.

Keys: ``pmid`` (a string or a number), ``title``, ``abstract``, ``publication_types`` (a list of strings),
``year`` (a number, a date string, or null), and optionally ``journal`` and ``mesh`` (a list of MeSH descriptor
names). Other keys are ignored. A line that is not a JSON object, or whose keys have the wrong types, is
reported with its number and skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from anecdata.evidence.model import Abstract
from anecdata.evidence.source import DAMAGED, damaged, make_abstract, open_input
from anecdata.ingest.source import Problem, ReadContext

PROGRESS_EVERY = 1024
"""Lines between progress reports."""


def _string(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return ""
    return value if isinstance(value, str) else None


def _strings(record: dict[str, Any], key: str) -> list[str] | None:
    value = record.get(key)
    if value is None:
        return []
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    return None


def parse_record(record: Any) -> Abstract | str:
    """One decoded line as an :class:`Abstract`, or the reason it cannot be one."""
    if not isinstance(record, dict):
        return f"a JSON {type(record).__name__}, not an object"
    pmid = record.get("pmid")
    if isinstance(pmid, int) and not isinstance(pmid, bool):
        pmid = str(pmid)
    if not isinstance(pmid, str):
        return "no 'pmid' (a string or a number)"
    texts = {key: _string(record, key) for key in ("title", "abstract", "journal")}
    lists = {key: _strings(record, key) for key in ("publication_types", "mesh")}
    for key, value in {**texts, **lists}.items():
        if value is None:
            kind = "a string" if key in texts else "a list of strings"
            return f"PMID {pmid}: {key!r} is not {kind}"
    year = record.get("year")
    if isinstance(year, bool) or not isinstance(year, int | str | None):
        return f"PMID {pmid}: 'year' is not a number or a string"
    return make_abstract(
        pmid=pmid,
        title=texts["title"] or "",
        text=texts["abstract"] or "",
        year=year,
        journal=texts["journal"],
        publication_types=lists["publication_types"] or [],
        mesh_headings=lists["mesh"] or [],
    )


def read_jsonl(path: Path, ctx: ReadContext) -> Iterator[Abstract]:
    """The records of a JSONL file, in file order; problems go to ``ctx.report``."""
    name = str(path)
    with open_input(path) as opened:
        try:
            for number, line in enumerate(opened.stream, 1):
                if number % PROGRESS_EVERY == 0:
                    ctx.progress(opened.consumed())
                if not line.strip():
                    continue
                try:
                    parsed = parse_record(orjson.loads(line))
                except orjson.JSONDecodeError as e:
                    parsed = f"not JSON ({str(e).split(':', 1)[0]})"
                if isinstance(parsed, str):
                    ctx.report(Problem(name, f"line {number}", parsed))
                else:
                    yield parsed
        except DAMAGED as e:
            ctx.report(damaged(path, opened, e))
        ctx.progress(opened.consumed())
