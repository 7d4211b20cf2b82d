"""JSONL and CSV exports with one post per row, read through a column mapping (``--columns text=body,...``).

Fields are ``id``, ``thread``, ``parent``, ``author``, ``created``, ``title`` and ``text``; by default each is
read from the column of the same name, and ``--columns`` maps a field to another column (a dotted path such as
``user.name`` reaches into nested JSON objects). Only ``text`` is required. Without an ``id`` column a post is
keyed by its line number, so edits to the file that move rows read as new posts; without a ``thread`` column the
whole file is one thread. Rows are streamed and grouped into threads in bounded memory.

JSON comes as lines, as an array or as one pretty-printed document (:func:`~anecdata.ingest.lines.json_records`).
A CSV's delimiter (comma, semicolon, tab or bar) is sniffed from its opening (``csv.Sniffer``), not assumed from
its name. A CSV without a header row is mapped by position: ``--columns text=3,author=2`` reads the third and
second columns (counted from 1), and the first row is read as a post unless the sniffer judges it a header.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from anecdata.errors import ConfigError
from anecdata.ingest.chunks import ThreadPart, threads_in_chunks
from anecdata.ingest.layout import plain_context
from anecdata.ingest.lines import json_records
from anecdata.ingest.source import Problem, ReadContext, RecordError, post_id, thread_id
from anecdata.model import SOURCE_ID, Post, Thread

FIELDS = ("id", "thread", "parent", "author", "created", "title", "text")
CSV_FIELD_LIMIT = 16 * 1024 * 1024
"""The longest CSV cell accepted (the csv module's default, 128 KiB, is shorter than some posts)."""


def parse_columns(spec: str | None) -> dict[str, str]:
    """``"text=body,author=user.name"`` as a mapping from our field names to the input's column names.

    Raises:
        ConfigError: an entry is not ``field=column`` or names a field we do not have.
    """
    mapping: dict[str, str] = {}
    for entry in (spec or "").split(","):
        if not entry.strip():
            continue
        field, sep, column = (part.strip() for part in entry.partition("="))
        if not sep or not field or not column:
            raise ConfigError(f"--columns entry {entry.strip()!r} is not FIELD=COLUMN, e.g. text=body")
        if field not in FIELDS:
            raise ConfigError(f"--columns names unknown field {field!r}; fields are {', '.join(FIELDS)}")
        mapping[field] = column
    return mapping


def _get(row: Mapping[str, Any], column: str) -> Any:
    if column in row:
        return row[column]
    value: Any = row
    for key in column.split("."):
        if not isinstance(value, Mapping) or key not in value:
            return None
        value = value[key]
    return value


def _text_or_none(value: Any, column: str) -> str | None:
    if isinstance(value, dict | list | bool):
        kind = {dict: "an object", list: "a list", bool: "true/false"}[type(value)]
        raise RecordError(f"column {column!r} holds {kind}, not text")
    return None if value is None or value == "" else str(value)


def row_part(
    row: Mapping[str, Any], number: int, columns: Mapping[str, str], source: str, default_thread: str
) -> ThreadPart:
    """The post one row describes, with its thread key; ``number`` (the row's line) keys rows without an id.

    Raises:
        ValueError: the row has no text.
    """
    field = {name: _text_or_none(_get(row, columns.get(name, name)), columns.get(name, name)) for name in FIELDS}
    if field["text"] is None:
        raise ValueError(f"no text in column {columns.get('text', 'text')!r}")
    source_id = field["id"] or f"line-{number}"
    key = field["thread"] or default_thread
    post = Post(
        id=post_id(source, source_id),
        thread_id=thread_id(source, key),
        position=number,
        text=field["text"],
        author=field["author"],
        parent_id=post_id(source, field["parent"]) if field["parent"] else None,
        created=field["created"],
        attrs={SOURCE_ID: source_id},
        context=plain_context(field["text"]),
    )
    return ThreadPart(key, post, title=field["title"])


def _jsonl_parts(path: Path, ctx: ReadContext, source: str) -> Iterator[ThreadPart]:
    for number, where, row in json_records(path, ctx):
        try:
            if not isinstance(row, dict):
                raise ValueError("not a JSON object")
            yield row_part(row, number, ctx.columns, source, path.name)
        except ValueError as e:
            ctx.report(Problem(str(path), where, str(e)))


def read_jsonl(path: Path, ctx: ReadContext) -> Iterator[Thread]:
    """Threads from a JSON-lines file, a JSON array or a pretty-printed JSON document (compressed or not), one
    post per line or element."""
    source = ctx.source or path.name
    yield from threads_in_chunks(_jsonl_parts(path, ctx, source), source)


SNIFF_CHARS = 1 << 16
DELIMITERS = ",;\t|"
POSITION_HINT = "; with no header row, map columns by position, e.g. --columns text=3"


def _dialect(sample: str, path: Path) -> Any:
    """The CSV dialect sniffed from ``sample``; the suffix's (tab for ``.tsv``, else comma) when it cannot be."""
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS)
    except csv.Error:
        return csv.excel_tab if path.suffix.lower() == ".tsv" else csv.excel


_NAME = re.compile(r"[A-Za-z_][\w .-]{0,39}")
_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?")


def _has_header(sample: str, dialect: Any) -> bool:
    """Whether the first row of ``sample`` names the columns: no column that holds numbers below has a number
    there, and either such a column has a name there or every cell is a short name (a post's text is not).

    ``csv.Sniffer.has_header`` re-sniffs the delimiter on its own and is wrong on a few rows, hence this."""
    try:
        rows = [row for row in csv.reader(io.StringIO(sample), dialect) if row][:50]
    except csv.Error:
        return True
    if not rows:
        return True
    first, rest = rows[0], rows[1:]
    numeric = [
        i for i in range(len(first))
        if rest and all(i < len(r) and _NUMBER.fullmatch(r[i].strip()) for r in rest)
    ]  # fmt: skip
    if any(_NUMBER.fullmatch(first[i].strip()) for i in numeric):
        return False
    if numeric:
        return True
    return all(_NAME.fullmatch(cell.strip()) and len(cell.split()) <= 3 for cell in first)


def _rows(reader: Any, path: Path, ctx: ReadContext) -> Iterator[Any]:
    """Each row of ``reader``; a malformed one is reported and skipped."""
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            ctx.report(Problem(str(path), f"line {reader.line_num}", f"malformed CSV ({e})"))


def _csv_parts(path: Path, ctx: ReadContext, source: str) -> Iterator[ThreadPart]:
    csv.field_size_limit(min(CSV_FIELD_LIMIT, sys.maxsize))
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as f:
        sample = f.read(SNIFF_CHARS)
        f.seek(0)
        whole_lines = sample[: sample.rfind("\n") + 1] or sample
        dialect = _dialect(whole_lines, path)
        positional = bool(ctx.columns) and all(column.isdigit() for column in ctx.columns.values())
        if positional:
            if "text" not in ctx.columns:
                ctx.report(Problem(str(path), "", "--columns by position needs text=N (the text's column, from 1)"))
                return
            reader: Any = csv.reader(f, dialect=dialect)
            if _has_header(whole_lines, dialect):
                next(reader, None)
            for cells in _rows(reader, path, ctx):
                row = {str(i): cell for i, cell in enumerate(cells, 1)}
                try:
                    yield row_part(row, reader.line_num, ctx.columns, source, path.name)
                except ValueError as e:
                    ctx.report(Problem(str(path), f"line {reader.line_num}", str(e)))
            ctx.progress(path.stat().st_size)
            return
        reader = csv.DictReader(f, dialect=dialect)
        header = reader.fieldnames or []
        missing = [f"{name}={columns}" for name, columns in ctx.columns.items() if columns not in header]
        text_column = ctx.columns.get("text", "text")
        if missing or text_column not in header:
            wanted = ", ".join(missing) or f"text={text_column}"
            hint = "" if _has_header(whole_lines, dialect) else POSITION_HINT
            ctx.report(Problem(str(path), "line 1", f"header lacks {wanted}; columns are {', '.join(header)}{hint}"))
            return
        for row in _rows(reader, path, ctx):
            try:
                yield row_part(row, reader.line_num, ctx.columns, source, path.name)
            except ValueError as e:
                ctx.report(Problem(str(path), f"line {reader.line_num}", str(e)))
        ctx.progress(path.stat().st_size)


def read_csv(path: Path, ctx: ReadContext) -> Iterator[Thread]:
    """Threads from a CSV or TSV file (delimiter sniffed; a header row, or columns mapped by position), one post
    per row."""
    source = ctx.source or path.name
    yield from threads_in_chunks(_csv_parts(path, ctx, source), source)
