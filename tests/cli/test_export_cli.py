"""``anecdata export``: a store's threads as JSON lines, CSV rows or a Parquet table, masked by default, with the
stand-ins search uses."""

from __future__ import annotations

import csv
import io
import json
import sys

import pytest
from typer.testing import CliRunner

from anecdata.cli.app import app
from anecdata.cli.export import _parquet_writer
from anecdata.errors import ConfigError
from anecdata.report.tables import (
    ANNOTATIONS,
    EXPERIENCES,
    POSTS,
    REPORTS,
    annotation_rows,
    csv_cells,
    spreadsheet_text,
)
from anecdata.serialise import document_from_record
from anecdata.store import open_store
from anecdata.view.terminal import terminal_safe

runner = CliRunner(mix_stderr=False)  # the progress bar goes to stderr, the lines to stdout


def _export(*args: str) -> list[dict]:
    result = runner.invoke(app, ["export", *args])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_export_writes_every_thread_as_a_document_masked_by_default(example_store_url):
    with open_store(example_store_url, create=False) as store:
        stored = {t: store.thread(t) for t in store.thread_ids()}
    lines = _export("--db", example_store_url)
    assert [d["threads"][0]["id"] for d in lines] == list(stored)
    assert all(d["schema"] == "anecdata/2" and d["redaction"] == "mask" for d in lines)
    threads = [t for d in lines for t in document_from_record(d)]  # each line reads back as a document
    authors = {p.author for t in stored.values() for p in t.posts if p.author}
    exported = "\n".join(json.dumps(d) for d in lines)
    assert authors and not any(f'"{name}"' in exported for name in authors)
    assert all(len(t.posts) == len(stored[t.id].posts) for t in threads)
    assert any(t.experiences for t in threads)


def test_export_gives_a_person_the_stand_in_search_gives(example_store_url):
    lines = _export("--db", example_store_url, "--redact", "pseudonymise")
    exported = {(p["id"]): p["author"] for d in lines for t in d["threads"] for p in t["posts"]}
    result = runner.invoke(app, ["search", "wrote", "--db", example_store_url, "--redact", "pseudonymise", "--json"])
    hits = [json.loads(line) for line in result.stdout.splitlines()]
    shown = [(h["post_id"], h["author"]) for h in hits if h.get("author")]
    assert shown and all(exported[post] == author for post, author in shown)


def test_export_to_a_file_and_bad_stores_are_one_line_errors(example_store_url, tmp_path):
    out = tmp_path / "out" / "store.jsonl"
    result = runner.invoke(app, ["export", "--db", example_store_url, "-o", str(out)])
    assert result.exit_code == 0 and len(out.read_text(encoding="utf-8").splitlines()) >= 1
    result = runner.invoke(app, ["export", "--db", f"sqlite:///{tmp_path / 'missing.db'}", "-o", str(out)])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert len(out.read_text(encoding="utf-8").splitlines()) >= 1  # the earlier export is untouched
    assert [p.name for p in out.parent.iterdir()] == ["store.jsonl"]  # and no half-written file is left


def test_analyze_of_a_stored_thread_numbers_people_as_its_store_does(example_store_url):
    from paths import example_threads

    path = next(p for p in example_threads() if p.name == "back-pain-mindbody.txt")
    result = runner.invoke(
        app, ["analyze", str(path), "--format", "json", "--redact", "pseudonymise", "--people-from", example_store_url]
    )
    assert result.exit_code == 0, result.output
    (analysed,) = json.loads(result.stdout)["threads"]
    exported = next(
        t for d in _export("--db", example_store_url, "--redact", "pseudonymise") for t in d["threads"]
        if t["source"] == path.name
    )  # fmt: skip
    assert [p["author"] for p in analysed["posts"]] == [p["author"] for p in exported["posts"]]
    assert any(p["author"] for p in analysed["posts"])


def _csv(*args: str) -> list[dict[str, str]]:
    result = runner.invoke(app, ["export", "--format", "csv", *args])
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_export_csv_has_one_row_per_annotation_masked_by_default(example_store_url):
    rows = _csv("--db", example_store_url)
    documents = _export("--db", example_store_url)
    annotations = [(p["id"], a) for d in documents for t in d["threads"] for p in t["posts"] for a in p["annotations"]]
    assert [(r["post_id"], r["annotation_id"]) for r in rows] == [(post, a["id"]) for post, a in annotations]
    assert list(rows[0]) == list(ANNOTATIONS.columns)
    for row, (_, a) in zip(rows, annotations, strict=True):
        shown = terminal_safe(spreadsheet_text(a["text"]))  # "- [PERSON]" is written "'- [PERSON]"
        assert (row["layer"], row["label"], row["text"]) == (a["layer"], a["label"], shown)
        assert (int(row["start"]), int(row["end"])) == (a["start"], a["end"])
        assert json.loads(row["attrs"]) == a["attrs"]
    with open_store(example_store_url, create=False) as store:
        authors = {p.author for t in store.thread_ids() for p in store.thread(t).posts if p.author}
    assert authors and not {r["author"] for r in rows} & authors
    assert any(r["layer"] == "pii" and r["text"].startswith("[") for r in rows)


def test_export_csv_unredacted_keeps_names_and_pseudonymised_matches_search(example_store_url):
    raw = _csv("--db", example_store_url, "--redact", "none")
    with open_store(example_store_url, create=False) as store:
        authors = {p.author for t in store.thread_ids() for p in store.thread(t).posts if p.author}
    assert {r["author"] for r in raw} & authors
    named = {r["post_id"]: r["author"] for r in _csv("--db", example_store_url, "--redact", "pseudonymise")}
    jsonl = {p["id"]: p["author"] for d in _export("--db", example_store_url, "--redact", "pseudonymise")
             for t in d["threads"] for p in t["posts"]}  # fmt: skip
    assert all(jsonl[post] == (author or None) for post, author in named.items())


@pytest.mark.parametrize(
    ("text", "cell"),
    [("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("+1", "'+1"), ("@SUM(A1)", "'@SUM(A1)"), ("- a dash", "'- a dash"),
     ("plain \x1b[2J text", "plain \u241b[2J text"), ("fine", "fine")],
)  # fmt: skip
def test_export_csv_cells_never_start_a_formula_or_carry_control_characters(text, cell):
    document = {
        "threads": [{"id": "t", "title": text, "posts": [{"id": "p", "position": 0, "author": text, "annotations": [
            {"id": "a", "layer": "statement", "label": "claim", "start": 0, "end": len(text), "text": text,
             "concept": None, "score": 0.5, "attrs": {}, "links": []}]}]}]
    }  # fmt: skip
    (row,) = [csv_cells(ANNOTATIONS, r) for r in annotation_rows(document)]
    shown = dict(zip(ANNOTATIONS.columns, row, strict=True))
    assert shown["text"] == shown["author"] == shown["thread_title"] == cell


def test_export_csv_to_a_file(example_store_url, tmp_path):
    out = tmp_path / "store.csv"
    result = runner.invoke(app, ["export", "--db", example_store_url, "-f", "csv", "-o", str(out)])
    assert result.exit_code == 0
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == list(ANNOTATIONS.columns) and len(rows) > 1


def _parquet(tmp_path, *args: str) -> list[dict]:
    import pyarrow.parquet as pq

    out = tmp_path / "store.parquet"
    result = runner.invoke(app, ["export", "--format", "parquet", "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    return pq.read_table(out).to_pylist()


def test_export_parquet_has_the_csv_rows_typed_and_masked_by_default(example_store_url, tmp_path):
    rows = _parquet(tmp_path, "--db", example_store_url)
    documents = _export("--db", example_store_url)
    assert rows == [row for d in documents for row in annotation_rows(d)]  # the JSONL's annotations, exactly
    assert list(rows[0]) == list(ANNOTATIONS.columns)
    assert all(isinstance(r["start"], int) and isinstance(r["links"], list) for r in rows)
    assert any(r["links"] for r in rows) and any(r["concept_code"] for r in rows)
    with open_store(example_store_url, create=False) as store:
        authors = {p.author for t in store.thread_ids() for p in store.thread(t).posts if p.author}
    assert authors and not {r["author"] for r in rows} & authors
    raw = _parquet(tmp_path, "--db", example_store_url, "--redact", "none")
    assert {r["author"] for r in raw} & authors and len(raw) == len(rows)


def test_export_parquet_streams_in_row_groups_to_a_file_or_a_pipe(example_store_url, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    documents = _export("--db", example_store_url)
    out = tmp_path / "groups.parquet"
    with out.open("w", encoding="utf-8") as sink, _parquet_writer(sink, ANNOTATIONS, rows_per_group=50) as write:
        for document in documents:
            write(annotation_rows(document))
    metadata = pq.ParquetFile(out).metadata
    sizes = [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)]
    assert len(sizes) >= 2 and all(n >= 50 for n in sizes[:-1])  # written as each group fills, not at the end
    rows = pq.read_table(out).to_pylist()
    assert rows == [row for d in documents for row in annotation_rows(d)]
    piped = runner.invoke(app, ["export", "--db", example_store_url, "-f", "parquet"])
    assert piped.exit_code == 0, piped.output
    assert pq.read_table(pa.BufferReader(piped.stdout_bytes)).to_pylist() == rows


def test_export_parquet_of_an_empty_store_and_without_pyarrow(tmp_path, monkeypatch):
    import pyarrow.parquet as pq

    url = f"sqlite:///{tmp_path / 'empty.db'}"
    open_store(url).close()
    table = pq.read_table(_parquet_file(url, tmp_path))
    assert table.num_rows == 0 and table.column_names == list(ANNOTATIONS.columns)
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # as if it were not installed
    result = runner.invoke(app, ["export", "--db", url, "-f", "parquet", "-o", str(tmp_path / "no.parquet")])
    assert result.exit_code != 0 and isinstance(result.exception, ConfigError)
    assert "pip install pyarrow" in str(result.exception)
    assert "Traceback" not in result.output and not (tmp_path / "no.parquet").exists()


def _parquet_file(url: str, tmp_path) -> str:
    out = tmp_path / "empty.parquet"
    result = runner.invoke(app, ["export", "--db", url, "-f", "parquet", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return str(out)


@pytest.mark.parametrize(("what", "table"), [("posts", POSTS), ("experiences", EXPERIENCES), ("reports", REPORTS)])
def test_export_what_posts_experiences_and_reports_in_every_format(example_store_url, tmp_path, what, table):
    """--what picks the table (issue 20 point 2); csv, parquet and jsonl carry the same rows, masked by default."""
    out = tmp_path / f"{what}.csv"
    result = runner.invoke(app, ["export", "--db", example_store_url, "-f", "csv", "--what", what, "-o", str(out)])
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows and list(rows[0]) == list(table.columns)
    lines = _export("--db", example_store_url, "--what", what)
    parquet = _parquet(tmp_path, "--db", example_store_url, "--what", what)
    assert len(lines) == len(parquet) == len(rows) and [list(r) for r in lines[:1]] == [list(table.columns)]
    if what != "reports":
        with open_store(example_store_url, create=False) as store:
            authors = {p.author for t in store.thread_ids() for p in store.thread(t).posts if p.author}
        assert not {cell for r in rows for cell in r.values()} & authors


def test_export_reports_rows_carry_each_reports_numbers(example_store_url):
    rows = _export("--db", example_store_url, "--what", "reports")
    plantar = [r for r in rows if r["condition"] == "anecdata:plantar_fasciitis"]
    assert plantar and all(r["people_tried"] >= 1 and r["condition_people"] >= 1 for r in plantar)
    assert all(r["people_with_known_outcome"] == sum(r[o] for o in ("improved", "no_change", "worse", "mixed"))
               for r in plantar)  # fmt: skip


def test_export_threads_are_documents_only_in_jsonl(example_store_url):
    result = runner.invoke(app, ["export", "--db", example_store_url, "-f", "csv", "--what", "threads"])
    assert result.exit_code != 0 and isinstance(result.exception, ConfigError)
    assert "--format jsonl" in str(result.exception)
