"""Forum text with control characters never reaches the terminal raw from ``analyze`` and ``search`` (issue 17
point 8): escape sequences, BEL, backspace, carriage returns, C1 and bidi controls become visible stand-ins."""

import json
import subprocess
import sys

import pytest

from anecdata.model import Annotation, Post, Thread
from anecdata.view.terminal import terminal_safe, terminal_safe_all

HOSTILE = "Heat \x1b]0;pwned\x07helped \x1b[2J\x1b[31mmy knee\r\b and \x9b6n ice \u202eevil\u202c too."
RAW = ("\x1b", "\x07", "\x08", "\r", "\x9b", "\u202e")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "anecdata", *args], capture_output=True, text=True, timeout=300, check=False
    )


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a\x1b[2Jb", "a\u241b[2Jb"),
        ("bell\x07", "bell\u2407"),
        ("line\r\nnext\ttab", "line\u240d\nnext\ttab"),
        ("del\x7f", "del\u2421"),
        ("c1\x9b", "c1\ufffd"),
        ("\u202eevil", "\ufffdevil"),
        ("plain text, é, 日本", "plain text, é, 日本"),
    ],
)
def test_terminal_safe_replaces_controls_one_for_one(text, shown):
    assert terminal_safe(text) == shown and len(shown) == len(text)


def test_terminal_safe_all_keeps_every_annotation_on_its_words():
    text = "I \x1b[31mtried ice."
    post = Post(
        id="p", thread_id="t", position=0, text=text, author="a\x1bb",
        annotations=(Annotation.over("p", text, 2, 10, layer="mention", label="treatment"),),
    )  # fmt: skip
    safe = terminal_safe_all(Thread(id="t", source="s", posts=(post,), title="T\x07"))
    (p,) = safe.posts
    assert p.text == "I \u241b[31mtried ice." and p.author == "a\u241bb" and safe.title == "T\u2407"
    assert p.annotations[0].text == p.text[2:10] and p.annotations[0].id == post.annotations[0].id


def test_analyze_text_view_prints_no_control_character(tmp_path):
    thread = tmp_path / "thread.txt"
    thread.write_text(f"Knee pain\n\n{HOSTILE}\n\nAnn\n", encoding="utf-8")
    result = run("analyze", str(thread), "--redact", "none")
    assert result.returncode == 0, result.stderr
    assert not any(c in result.stdout + result.stderr for c in RAW)
    assert "\u241b]0;pwned\u2407helped" in result.stdout


def test_search_prints_no_control_character(tmp_path):
    rows = tmp_path / "posts.jsonl"
    rows.write_text(json.dumps({"id": 1, "author": "x\x1b[2Jy", "text": HOSTILE}) + "\n")
    db = f"sqlite:///{tmp_path / 's.db'}"
    assert run("ingest", str(rows), "--db", db, "--read", "--workers", "1").returncode == 0
    result = run("search", "heat", "--db", db, "--redact", "none", "--no-dense")
    assert result.returncode == 0, result.stderr
    assert "Heat" in result.stdout and "\u241b" in result.stdout
    assert not any(c in result.stdout + result.stderr for c in RAW)
