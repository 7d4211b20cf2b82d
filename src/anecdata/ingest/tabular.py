"""JSONL and CSV exports with one post per row, read through a column mapping (``--columns text=body,...``).

Fields are ``id``, ``thread``, ``parent``, ``author``, ``created``, ``title`` and ``text``; by default each is
read from the column of the same name, and ``--columns`` maps a field to another column (a dotted path such as
``user.name`` reaches into nested JSON objects). Only ``text`` is required. Without an ``id`` column a post is
keyed by its line number, so edits to the file that move rows read as new posts; without a ``thread`` column the
whole file is one thread. Rows are streamed and grouped into threads in bounded memory.
"""

from __future__ import annotations

import csv
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


def _csv_parts(path: Path, ctx: ReadContext, source: str) -> Iterator[ThreadPart]:
    csv.field_size_limit(min(CSV_FIELD_LIMIT, sys.maxsize))
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as f:
        dialect = csv.excel_tab if path.suffix.lower() == ".tsv" else csv.excel
        reader = csv.DictReader(f, dialect=dialect)
        header = reader.fieldnames or []
        missing = [f"{name}={columns}" for name, columns in ctx.columns.items() if columns not in header]
        text_column = ctx.columns.get("text", "text")
        if missing or text_column not in header:
            wanted = ", ".join(missing) or f"text={text_column}"
            ctx.report(Problem(str(path), "line 1", f"header lacks {wanted}; columns are {', '.join(header)}"))
            return
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as e:
                ctx.report(Problem(str(path), f"line {reader.line_num}", f"malformed CSV ({e})"))
                continue
            try:
                yield row_part(row, reader.line_num, ctx.columns, source, path.name)
            except ValueError as e:
                ctx.report(Problem(str(path), f"line {reader.line_num}", str(e)))
        ctx.progress(path.stat().st_size)


def read_csv(path: Path, ctx: ReadContext) -> Iterator[Thread]:
    """Threads from a CSV (or ``.tsv``) file with a header row, one post per row."""
    source = ctx.source or path.name
    yield from threads_in_chunks(_csv_parts(path, ctx, source), source)
