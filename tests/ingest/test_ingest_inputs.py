"""Choosing a reader (sniffing, --format), expanding folders, and inputs that cannot be read."""

from __future__ import annotations

import pytest
from zstd_files import zstd_bytes

from anecdata.errors import ConfigError
from anecdata.ingest.mbox import mail_context
from anecdata.ingest.registry import choose_reader, input_files, sniff
from anecdata.ingest.source import Problem, ReadContext
from anecdata.ingest.tabular import parse_columns, read_csv, read_jsonl
from paths import EXAMPLES

SNIFFED = [
    ("a.txt", b"Hi all,\n\nMy knee hurts.\n", "pasted"),
    ("a.ndjson", b'{"id": "x", "subreddit": "s", "body": "b", "link_id": "t3_a"}\n', "reddit"),
    ("a.jsonl", b'{"post_id": 1, "body": "text"}\n', "jsonl"),
    ("a.json", b'{\n  "id": 5,\n  "post_stream": {"posts": []}\n}\n', "discourse"),
    ("a.json", b'{"id": 5, "post_stream": {"posts": []}}', "discourse"),
    ("page.htm", b"\xef\xbb\xbf<!DOCTYPE html><html><body></body></html>", "html"),
    ("list.txt", b"From a@example.com Mon Jun  5 08:14:02 2023\nFrom: A <a@example.com>\n\nhi\n", "mbox"),
    ("export.csv", b"id,text\n1,hello\n", "csv"),
    ("empty.txt", b"   \n", None),
    ("blob.bin", b"\x00\x01\x02", None),
    ("array.json", b"[1, 2]", None),
]


@pytest.mark.parametrize(("name", "content", "fmt"), SNIFFED, ids=[f"{s[0]}-{s[2]}" for s in SNIFFED])
def test_inputs_sniffing_tells_formats_apart(tmp_path, name, content, fmt):
    path = tmp_path / name
    path.write_bytes(content)
    assert sniff(path) == fmt


def test_inputs_sniffing_looks_inside_zstd(tmp_path):
    path = tmp_path / "export.zst"
    path.write_bytes(zstd_bytes(b'{"post_id": 1, "body": "text"}\n'))
    assert sniff(path) == "jsonl"


def test_inputs_format_flag_overrides_sniffing(tmp_path):
    path = tmp_path / "thread.json"
    path.write_text('{"text": "looks like JSON but is a pasted thread"}')
    assert choose_reader(path, "pasted").format == "pasted"


def test_inputs_folders_expand_and_missing_paths_are_problems(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.json").write_text("{}")
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / ".hidden").write_text("x")
    found = list(input_files([str(tmp_path), str(tmp_path / "missing.txt")]))
    assert found[:2] == [tmp_path / "a.txt", tmp_path / "sub" / "b.json"]
    assert found[2] == Problem(str(tmp_path / "missing.txt"), "", "no such file or folder")


def test_inputs_unknown_format_is_a_problem_naming_the_flag(tmp_path):
    path = tmp_path / "blob.bin"
    path.write_bytes(b"\x00\x01")
    problem = choose_reader(path)
    assert isinstance(problem, Problem) and "--format" in problem.reason


@pytest.mark.parametrize(
    ("spec", "mapping"),
    [
        (None, {}),
        ("text=body", {"text": "body"}),
        (" text = body , author=user.name ,", {"text": "body", "author": "user.name"}),
    ],
)
def test_inputs_columns_spec_parses(spec, mapping):
    assert parse_columns(spec) == mapping


@pytest.mark.parametrize(("spec", "message"), [("body", "FIELD=COLUMN"), ("words=body", "unknown field 'words'")])
def test_inputs_bad_columns_spec_is_a_config_error(spec, message):
    with pytest.raises(ConfigError, match=message):
        parse_columns(spec)


def test_inputs_csv_without_the_text_column_is_one_problem(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("id,body\n1,hello\n")
    problems = []
    assert list(read_csv(path, ReadContext(report=problems.append))) == []
    assert [p.reason for p in problems] == ["header lacks text=text; columns are id, body"]


def test_inputs_jsonl_rows_without_text_are_reported_by_line(tmp_path):
    path = tmp_path / "export.jsonl"
    path.write_text('{"text": "one"}\n{"body": "two"}\n\n{"text": "three"}\nnot json\n')
    problems = []
    threads = list(read_jsonl(path, ReadContext(report=problems.append)))
    assert [p.text for t in threads for p in t.posts] == ["one", "three"]
    assert [p.where for p in problems] == ["line 2", "line 5"]


def test_inputs_pasted_files_read_through_the_registry():
    path = EXAMPLES / "plantar-fasciitis.txt"
    (thread,) = choose_reader(path).reader(path, ReadContext())
    assert thread.source == "plantar-fasciitis.txt" and len(thread.posts) == 6


ATTRIBUTION = "On Mon, Jun 5, 2023 at 8:14 AM Gwen Alvarez <g@example.com>\nwrote:\n"
QUOTED_MAIL = [
    ("Hi\n> quoted\nmine", [("> quoted", None)]),
    (f"{ATTRIBUTION}> a\n>\n> b\n\nok", [(f"{ATTRIBUTION}> a\n>\n> b", "Gwen Alvarez")]),
    ("Kim wrote:\n> a\nok", [("Kim wrote:\n> a", "Kim")]),
    ("no quotes at all", []),
]


@pytest.mark.parametrize(("text", "quotes"), QUOTED_MAIL)
def test_inputs_mail_quotes_are_marked_with_their_attribution(text, quotes):
    assert [(text[q.start : q.end], q.author) for q in mail_context(text).quotes] == quotes


@pytest.mark.parametrize(
    ("text", "closing"),
    [("body\n-- \nSig Name", "-- \nSig Name"), ("body\n______\nlist footer", "______\nlist footer"), ("body", None)],
)
def test_inputs_mail_signature_and_footer_are_marked(text, closing):
    extent = mail_context(text).closing
    assert (text[extent.start : extent.end] if extent is not None else None) == closing
