"""``anecdata evidence add`` as a user runs it: the summary, idempotence, skipped records, one-line errors."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest
from evidence_files import EVIDENCE, JSONL, MEDLINE, PUBMED_XML

SAMPLES = (str(PUBMED_XML), str(MEDLINE), str(JSONL))


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "anecdata", "evidence", *args], capture_output=True, text=True, timeout=300, check=False
    )


def said(result: subprocess.CompletedProcess) -> str:
    """Standard error on one line (Rich wraps long lines at the terminal's width)."""
    return " ".join(result.stderr.split())


def test_evidence_cli_loads_the_samples_and_a_second_run_changes_nothing(tmp_path):
    db = f"sqlite:///{tmp_path / 'store.db'}"
    first = run("add", *SAMPLES, "--db", db)
    assert first.returncode == 0, first.stderr
    assert "abstracts 14 added, 0 updated, 0 unchanged, 0 problem(s) (14 in store)" in said(first)
    second = run("add", *SAMPLES, "--db", db)
    assert "abstracts 0 added, 0 updated, 14 unchanged, 0 problem(s) (14 in store)" in said(second)
    with sqlite3.connect(tmp_path / "store.db") as connection:
        designs = dict(connection.execute("SELECT pmid, design FROM abstracts"))
    assert designs["90000001"] == "rct" and designs["90000004"] == "mechanistic"


def test_evidence_cli_a_changed_record_is_updated(tmp_path):
    db = f"sqlite:///{tmp_path / 'store.db'}"
    assert run("add", str(JSONL), "--db", db).returncode == 0
    edited = tmp_path / "edited.jsonl"
    edited.write_text(JSONL.read_text().replace("Most had tried", "Nearly all had tried"))
    assert "abstracts 0 added, 1 updated, 3 unchanged" in said(run("add", str(edited), "--db", db))


def test_evidence_cli_reports_bad_records_and_loads_the_rest(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(JSONL.read_text() + "{not json\n")
    result = run("add", str(bad), str(EVIDENCE), "--db", f"sqlite:///{tmp_path / 's.db'}")
    text = said(result)
    assert result.returncode == 0, result.stderr
    assert f"skipped: {bad}: line 5: not JSON" in text and "README.md: not PubMed XML" in text
    assert "abstracts 14 added, 0 updated, 4 unchanged, 2 problem(s)" in text
    assert _squeezed(f"read {bad}: 4 abstract(s) as jsonl, 1 problem(s)") in _squeezed(text)
    assert _squeezed(f"skipped {EVIDENCE / 'README.md'}: not PubMed XML") in _squeezed(text)  # listed, not failed


def test_evidence_cli_format_option_overrides_sniffing(tmp_path):
    renamed = tmp_path / "export.dat"
    renamed.write_bytes(b"\n" + MEDLINE.read_bytes())
    result = run("add", str(renamed), "--format", "medline", "--db", f"sqlite:///{tmp_path / 's.db'}")
    assert result.returncode == 0 and "abstracts 4 added" in said(result)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.xml", "--db", "sqlite:///x.db"], "missing.xml: no such file or folder"),
        ([str(EVIDENCE / "README.md"), "--db", "sqlite:///x.db"], "not PubMed XML, MEDLINE, RIS or JSONL abstracts"),
        ([str(JSONL), "--db", "mysql://x/y"], "unsupported --db 'mysql://x/y'"),
        ([str(JSONL), "--db", "sqlite:///no/such/dir/s.db"], "does not exist"),
        ([str(JSONL), "--db", "sqlite:///x.db", "--batch", "0"], "--batch must be positive"),
    ],
)
def test_evidence_cli_bad_input_is_a_one_line_error(tmp_path, args, message):
    result = subprocess.run(
        [sys.executable, "-m", "anecdata", "evidence", "add", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("anecdata: error:") and message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_evidence_cli_a_gzip_that_cannot_be_decompressed_is_a_one_line_error(tmp_path):
    (tmp_path / "bad.xml.gz").write_bytes(b"\x1f\x8b" + b"\x00" * 40)
    result = run("add", str(tmp_path / "bad.xml.gz"), "--db", f"sqlite:///{tmp_path / 's.db'}")
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "bad.xml.gz: cannot read (truncated or corrupt gzip data" in result.stderr


def test_evidence_cli_embed_gives_every_abstract_a_vector_once_and_refuses_a_missing_store(tmp_path):
    db = f"sqlite:///{tmp_path / 's.db'}"
    assert run("add", str(JSONL), "--db", db).returncode == 0
    first = run("embed", "--db", db)
    assert first.returncode == 0 and "embedded 4 abstract(s) (4 in store)" in said(first)
    again = run("embed", "--db", db)
    assert again.returncode == 0 and "embedded 0 abstract(s)" in said(again)
    missing = run("embed", "--db", f"sqlite:///{tmp_path / 'none.db'}")
    assert missing.returncode == 1 and missing.stderr.count("\n") == 1 and "Traceback" not in missing.stderr


CONSTRUCTED_RIS = (
    "TY  - JOUR\nAN  - 92000001\nTI  - Eccentric loading for Achilles pain: a randomised controlled trial\n"
    "AB  - Sixty adults were randomly assigned to loading or rest.\nPY  - 2019\nER  - \n\n"
    "TY  - JOUR\nDO  - 10.1234/invented.7\nTI  - Night splints and heel pain\nAB  - Forty people were followed.\n"
    "ER  - \n"
)
CONSTRUCTED_MEDLINE_XML = (
    '<?xml version="1.0"?>\n<MedlineCitationSet><MedlineCitation><PMID>92000011</PMID><Article><Journal>'
    "<Title>Invented Journal</Title></Journal><ArticleTitle>Ice for ankle sprain.</ArticleTitle><Abstract>"
    "<AbstractText>Ice helped a little.</AbstractText></Abstract></Article></MedlineCitation></MedlineCitationSet>\n"
)


def test_evidence_cli_reads_ris_and_medline_xml_and_fails_a_file_that_stores_nothing_after_the_others(tmp_path):
    ris = tmp_path / "constructed-export.ris"
    ris.write_text(CONSTRUCTED_RIS)
    old = tmp_path / "constructed-medline-2016.xml"
    old.write_text(CONSTRUCTED_MEDLINE_XML)
    broken = tmp_path / "constructed-broken.ris"
    broken.write_text("TY  - JOUR\nTI  - cut short\n")
    db = tmp_path / "s.db"
    result = run("add", str(ris), str(old), str(broken), "--db", f"sqlite:///{db}")
    text = _squeezed(result.stderr)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert _squeezed(f"read {ris}: 2 abstract(s) as ris") in text
    assert _squeezed(f"read {old}: 1 abstract(s) as pubmed-xml") in text
    assert _squeezed(f"failed {broken}: nothing stored from this file (line 1: the file ends inside a record") in text
    assert result.stderr.strip().splitlines()[-1] == (
        "anecdata: error: 1 file(s) failed or stored nothing (listed above); the others are stored"
    )
    with sqlite3.connect(db) as connection:
        stored = sorted(pmid for (pmid,) in connection.execute("SELECT pmid FROM abstracts"))
    assert stored == ["92000001", "92000011", "doi:10.1234/invented.7"]


def test_evidence_cli_a_forced_format_that_reads_nothing_exits_nonzero(tmp_path):
    result = run("add", str(MEDLINE), "--format", "pubmed-xml", "--db", f"sqlite:///{tmp_path / 's.db'}")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert _squeezed(f"failed {MEDLINE}: nothing stored from this file") in _squeezed(result.stderr)


def _squeezed(text: str) -> str:
    """``text`` without whitespace: Rich wraps long paths mid-word at the terminal's width."""
    return "".join(text.split())
