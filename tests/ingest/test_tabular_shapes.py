"""Scraper exports in the shapes they come: JSON arrays, pretty-printed JSON, CSV with any delimiter and no header."""

from __future__ import annotations

import csv
import gzip
import io
import json

import pytest

from anecdata.ingest.registry import choose_reader, sniff
from anecdata.ingest.source import Problem, ReadContext
from anecdata.ingest.tabular import read_csv, read_jsonl

ROWS = [
    {"id": "1", "author": "kim", "text": "My heel hurts every morning."},
    {"id": "2", "author": "bo", "text": "Night splints helped me; took 6 weeks."},
]


def written(rows, delimiter=",", header=None) -> str:
    """Rows as a CSV exporter writes them: cells quoted where they hold the delimiter."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerows(([header] if header else []) + [list(r.values()) for r in rows])
    return out.getvalue()


def read(reader, path, **ctx):
    problems: list[Problem] = []
    threads = list(reader(path, ReadContext(report=problems.append, **ctx)))
    return [(p.author, p.text) for t in threads for p in t.posts], [str(p) for p in problems]


@pytest.mark.parametrize(
    "content",
    [json.dumps(ROWS), json.dumps(ROWS, indent=2), "\n" + json.dumps({"posts": 1, **ROWS[0]}, indent=4)],
    ids=["array", "pretty array", "pretty document"],
)
def test_jsonl_reader_takes_arrays_and_pretty_printed_documents(tmp_path, content):
    path = tmp_path / "export.json"
    path.write_text(content)
    assert sniff(path) == "jsonl"
    posts, problems = read(read_jsonl, path)
    assert problems == [] and posts == [(r["author"], r["text"]) for r in ROWS][: len(posts)] and posts


def test_jsonl_array_elements_that_are_not_objects_are_reported_by_item(tmp_path):
    path = tmp_path / "export.json"
    path.write_text(json.dumps([ROWS[0], "stray", ROWS[1]], indent=1))
    posts, problems = read(read_jsonl, path)
    assert len(posts) == 2 and [p.split(": ")[1] for p in problems] == ["item 2"]


def test_jsonl_broken_document_is_one_problem(tmp_path):
    path = tmp_path / "export.json"
    path.write_text(json.dumps(ROWS, indent=2)[:-10])
    posts, problems = read(read_jsonl, path)
    assert posts == [] and len(problems) == 1 and "not a JSON document" in problems[0]


def test_jsonl_gzip_array_through_the_registry(tmp_path):
    path = tmp_path / "export.json.gz"
    path.write_bytes(gzip.compress(json.dumps(ROWS, indent=2).encode()))
    choice = choose_reader(path)
    assert choice.format == "jsonl"
    assert len(list(choice.reader(path, ReadContext()))) == 1


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_csv_delimiter_is_sniffed_not_assumed(tmp_path, delimiter):
    path = tmp_path / "export.csv"  # the name says comma whatever the file holds
    path.write_text(written(ROWS, delimiter, ["id", "author", "text"]))
    posts, problems = read(read_csv, path)
    assert problems == [] and posts == [(r["author"], r["text"]) for r in ROWS]


def test_csv_without_header_is_mapped_by_position(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(written(ROWS, ";"))
    posts, problems = read(read_csv, path, columns={"id": "1", "author": "2", "text": "3"})
    assert problems == [] and posts == [(r["author"], r["text"]) for r in ROWS]


def test_csv_with_header_mapped_by_position_skips_the_header(tmp_path):
    path = tmp_path / "export.tsv"
    path.write_text(written(ROWS, "\t", ["post", "user", "body"]))
    posts, problems = read(read_csv, path, columns={"author": "2", "text": "3"})
    assert problems == [] and posts == [(r["author"], r["text"]) for r in ROWS]


def test_csv_without_header_or_mapping_says_how_to_map(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(written(ROWS, ";"))
    posts, problems = read(read_csv, path)
    assert posts == [] and len(problems) == 1 and "--columns text=3" in problems[0]
