"""``anecdata analyze`` as a user runs it: formats, standard input, redaction by default, bad input."""

import json
import subprocess
import sys

import pytest

from paths import EXAMPLES

DEMO = EXAMPLES / "plantar-fasciitis.txt"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "anecdata", *args], input=stdin, capture_output=True, timeout=120, check=False
    )


def test_analyze_json_is_redacted_by_default_and_not_with_none():
    masked = json.loads(run("analyze", str(DEMO), "--format", "json").stdout)
    assert masked["redaction"] == "mask"
    assert "Marisol Quintero" not in json.dumps(masked)
    plain = json.loads(run("analyze", str(DEMO), "--format", "json", "--redact", "none").stdout)
    assert "Marisol Quintero" in json.dumps(plain)
    assert len(plain["threads"][0]["posts"]) == 6


def test_analyze_reads_standard_input_and_writes_html(tmp_path):
    out = tmp_path / "view.html"
    result = run("analyze", "-", "--format", "html", "-o", str(out), stdin=DEMO.read_bytes())
    assert result.returncode == 0, result.stderr
    page = out.read_text()
    assert page.startswith("<!DOCTYPE html>") and "Asheville" not in page


def test_analyze_text_view_runs():
    result = run("analyze", str(DEMO))
    assert result.returncode == 0 and "night splint" in result.stdout.decode()


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "no such file"), (b"", "empty"), (b"\x00\x01binary", "binary")],
    ids=["missing", "empty", "binary"],
)
def test_analyze_bad_input_is_one_line_and_nonzero(tmp_path, content, message):
    path = tmp_path / "in.txt"
    if content is not None:
        path.write_bytes(content)
    result = run("analyze", str(path))
    err = result.stderr.decode()
    assert result.returncode != 0
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_analyze_without_an_evidence_db_says_no_corpus_is_loaded(stretching_thread):
    result = run("analyze", str(stretching_thread), "--format", "json")
    assert result.returncode == 0, result.stderr
    (entry,) = json.loads(result.stdout)["threads"][0]["evidence"]
    assert (entry["status"], entry["note"], entry["links"]) == ("no_corpus", "no evidence corpus loaded", [])


def test_analyze_lists_evidence_from_the_loaded_corpus(stretching_thread, example_evidence_db):
    result = run("analyze", str(stretching_thread), "--evidence-db", example_evidence_db, "--evidence-top", "1")
    output = " ".join(result.stdout.decode().split())
    assert result.returncode == 0, result.stderr
    assert "PMID 90000001" in output and "randomised controlled trial · CEBM level 2" in output
    assert "PMID 90000005" not in output  # --evidence-top 1


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("sqlite:///{tmp}/missing.db", "no such database file"),
        ("sqlite:///{tmp}/no/folder.db", "does not exist"),
        ("mysql://host/db", "unsupported --evidence-db"),
    ],
    ids=["missing-file", "missing-folder", "unsupported"],
)
def test_analyze_bad_evidence_db_is_one_line_and_nonzero(stretching_thread, tmp_path, url, message):
    result = run("analyze", str(stretching_thread), "--evidence-db", url.format(tmp=tmp_path))
    err = result.stderr.decode()
    assert result.returncode != 0
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "missing.db").exists()


def test_analyze_evidence_top_must_be_positive(stretching_thread):
    result = run("analyze", str(stretching_thread), "--evidence-top", "0")
    err = result.stderr.decode()
    assert result.returncode != 0 and "--evidence-top must be positive" in err and len(err.strip().splitlines()) == 1
