"""The JSONL reader: the sample records, optional keys, and a table of bad lines reported and skipped."""

from __future__ import annotations

import json

import pytest
from evidence_files import JSONL, gzipped, read_all


def test_jsonl_reads_every_sample_record():
    abstracts, problems, _ = read_all("jsonl", JSONL)
    assert problems == []
    assert [a.pmid for a in abstracts] == ["90000021", "90000022", "90000023", "90000024"]
    assert abstracts[1].year == 2020 and abstracts[1].mesh_headings == ("Humans", "Hamstring Muscles", "Running")
    assert abstracts[0].journal == "Invented Evidence Reviews" and abstracts[2].journal is None


def test_jsonl_gzipped_reads_the_same(tmp_path):
    assert read_all("jsonl", gzipped(JSONL, tmp_path / "a.jsonl.gz"))[0] == read_all("jsonl", JSONL)[0]


def test_jsonl_accepts_a_numeric_pmid_and_missing_optional_keys(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"pmid": 91000001, "title": "Only a title"}\n\n{"pmid": "91000002", "abstract": "Only text."}\n')
    abstracts, problems, _ = read_all("jsonl", path)
    assert problems == []
    assert [(a.pmid, a.title, a.text, a.year, a.publication_types) for a in abstracts] == [
        ("91000001", "Only a title", "", None, ()),
        ("91000002", "", "Only text.", None, ()),
    ]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"pmid": "1", "title": "x"', "not JSON (unexpected end of data)"),
        ('["pmid", "1"]', "a JSON list, not an object"),
        ('{"title": "x"}', "no 'pmid' (a string or a number)"),
        ('{"pmid": true, "title": "x"}', "no 'pmid' (a string or a number)"),
        ('{"pmid": "1 2", "title": "x"}', "PMID '1 2' is not an id (letters, digits and . _ : - only)"),
        ('{"pmid": "1", "title": 5}', "PMID 1: 'title' is not a string"),
        (
            '{"pmid": "1", "title": "x", "publication_types": "Review"}',
            "PMID 1: 'publication_types' is not a list of strings",
        ),
        ('{"pmid": "1", "title": "x", "mesh": [1]}', "PMID 1: 'mesh' is not a list of strings"),
        ('{"pmid": "1", "title": "x", "year": "n.d."}', "PMID 1: year 'n.d.' is not a year"),
        ('{"pmid": "1", "title": "x", "year": 20210}', "PMID 1: year 20210 is not a year"),
        ('{"pmid": "1", "title": "x", "year": [2021]}', "PMID 1: 'year' is not a number or a string"),
        ('{"pmid": "1", "title": " ", "abstract": ""}', "PMID 1: no title and no abstract"),
    ],
)
def test_jsonl_bad_line_is_reported_with_its_number_and_skipped(tmp_path, line, reason):
    path = tmp_path / "bad.jsonl"
    good = json.dumps({"pmid": "91000009", "title": "Good."})
    path.write_text(f"{good}\n{line}\n{good.replace('09', '10')}\n")
    abstracts, problems, _ = read_all("jsonl", path)
    assert [a.pmid for a in abstracts] == ["91000009", "91000010"]
    assert [(p.file, p.where, p.reason) for p in problems] == [(str(path), "line 2", reason)]
