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
