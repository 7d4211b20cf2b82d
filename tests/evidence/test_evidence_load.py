"""Loading files into a corpus: which files, in which format, and read → grade → add in batches."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from evidence_files import EVIDENCE, JSONL, MEDLINE, PUBMED_XML

from anecdata.errors import ConfigError, ReaderError
from anecdata.evidence.load import EvidenceFile, load_files, plan_files
from anecdata.evidence.model import AddCounts, GradedAbstract
from anecdata.ingest.source import FileProgress, Problem


class ListCorpus:
    """A corpus in a list: every batch it was given, and every abstract new to it counted as added."""

    def __init__(self) -> None:
        self.batches: list[list[GradedAbstract]] = []

    def add(self, batch: Sequence[GradedAbstract]) -> AddCounts:
        self.batches.append(list(batch))
        return AddCounts(added=len(batch))


def test_load_plan_sniffs_each_named_file():
    files, problems = plan_files([str(PUBMED_XML), str(MEDLINE), str(JSONL)])
    assert [(f.path, f.format, f.sniffed) for f in files] == [
        (PUBMED_XML, "pubmed-xml", True),
        (MEDLINE, "medline", True),
        (JSONL, "jsonl", True),
    ]
    assert problems == []


def test_load_plan_a_folder_reports_files_no_reader_fits():
    files, problems = plan_files([str(EVIDENCE)])
    assert sorted(f.path.name for f in files) == sorted(p.name for p in (PUBMED_XML, MEDLINE, JSONL))
    assert [Path(p.file).name for p in problems] == ["README.md"]
    assert "not PubMed XML, MEDLINE, RIS or JSONL abstracts" in problems[0].reason


def test_load_plan_a_told_format_is_not_sniffed(tmp_path):
    path = tmp_path / "export.dat"
    path.write_text("notes")
    (file,) = plan_files([str(path)], "medline")[0]
    assert (file.format, file.sniffed) == ("medline", False)


@pytest.mark.parametrize(
    ("name", "fmt", "error", "message"),
    [
        ("missing.xml", None, ReaderError, "missing.xml: no such file or folder"),
        ("notes.txt", None, ReaderError, "notes.txt: not PubMed XML, MEDLINE, RIS or JSONL abstracts"),
        ("notes.txt", "csv", ConfigError, "unknown evidence format 'csv'; formats are pubmed-xml, medline, jsonl"),
        ("empty", None, ReaderError, "no PubMed XML, MEDLINE, RIS or JSONL file in .*empty; pass --format"),
    ],
)
def test_load_plan_refuses_a_named_file_it_cannot_read(tmp_path, name, fmt, error, message):
    (tmp_path / "notes.txt").write_text("Some notes about papers.\n")
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.md").write_text("Nothing to load.\n")
    with pytest.raises(error, match=message):
        plan_files([str(tmp_path / name)], fmt)


def test_load_reads_grades_and_adds_in_batches(tmp_path):
    files, _ = plan_files([str(PUBMED_XML), str(MEDLINE), str(JSONL)])
    corpus = ListCorpus()
    progress: list[FileProgress] = []
    report = load_files(files, corpus.add, batch_size=4, on_progress=progress.append)
    assert [len(b) for b in corpus.batches] == [4, 2, 4, 4]  # batches never span files
    assert report.counts == AddCounts(added=14) and report.problems == 0
    assert report.formats == {str(PUBMED_XML): "pubmed-xml", str(MEDLINE): "medline", str(JSONL): "jsonl"}
    graded = {g.abstract.pmid: g.grade.design for b in corpus.batches for g in b}
    assert graded["90000001"] == "rct" and graded["90000024"] == "other"
    total = sum(f.path.stat().st_size for f in files)
    assert progress[-1] == FileProgress(total, total, 14, str(JSONL))


def test_load_counts_problems_per_file_and_carries_on(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"pmid": "91000001", "title": "Fine."}\nnot json\n{"title": "no id"}\n')
    problems: list[Problem] = []
    corpus = ListCorpus()
    report = load_files(
        [EvidenceFile(bad, "jsonl", False), EvidenceFile(JSONL, "jsonl", True)], corpus.add, on_problem=problems.append
    )
    assert report.problems_by_file == {str(bad): 2} and [p.where for p in problems] == ["line 2", "line 3"]
    assert report.counts.added == 5


def test_load_refuses_a_batch_size_below_one():
    with pytest.raises(ConfigError, match="batch size must be positive"):
        load_files([], ListCorpus().add, batch_size=0)
