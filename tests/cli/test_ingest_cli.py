"""``anecdata ingest`` and ``anecdata read`` as a user runs them: summaries, idempotence, one-line errors."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest

from paths import EXAMPLES

SOURCES = EXAMPLES / "sources"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "anecdata", *args], capture_output=True, text=True, timeout=300, check=False
    )


def test_ingest_cli_reads_every_sample_and_a_second_run_changes_nothing(tmp_path):
    db = f"sqlite:///{tmp_path / 'store.db'}"
    first = run("ingest", str(SOURCES / "reddit"), str(SOURCES / "html"), str(SOURCES / "mbox"), "--db", db)
    assert first.returncode == 0, first.stderr
    assert "posts 18 new, 0 changed, 0 unchanged" in " ".join(first.stderr.split())
    second = run("ingest", str(SOURCES / "reddit"), str(SOURCES / "html"), str(SOURCES / "mbox"), "--db", db)
    assert "posts 0 new, 0 changed, 18 unchanged" in " ".join(second.stderr.split())


def test_ingest_cli_reports_bad_files_and_ingests_the_rest(tmp_path):
    bad = tmp_path / "RC_bad.ndjson"
    good = (SOURCES / "reddit" / "r_kneepain_comments.ndjson").read_text()
    bad.write_text(good.replace('{"id":"jf0b2d9"', '{"id":"jf0b2d9" BROKEN', 1))
    result = run("ingest", str(bad), str(tmp_path / "missing.mbox"), "--db", f"sqlite:///{tmp_path / 's.db'}")
    err = " ".join(result.stderr.split())
    assert result.returncode == 1, result.stderr
    assert f"skipped: {bad}: line 3: not JSON" in err and "no such file or folder" in err
    assert "posts 5 new" in err and f"read {bad}: 5 post(s) as reddit, 1 problem(s)" in err
    assert f"failed {tmp_path / 'missing.mbox'}: no such file or folder" in err
    assert result.stderr.strip().splitlines()[-1] == (
        "anecdata: error: 1 file(s) failed or stored nothing (listed above); the others are stored"
    )
    with sqlite3.connect(tmp_path / "s.db") as connection:
        assert connection.execute("SELECT COUNT(*) FROM posts").fetchone()[0] == 5


def test_ingest_cli_readme_and_code_in_a_folder_are_skipped_not_pasted_threads(tmp_path):
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "README.md").write_text("# My export\n\nHi all,\n\nThese are the posts.\n")
    (folder / "scrape.py").write_text("import json\nprint('hi')\n")
    (folder / "RC.ndjson").write_bytes((SOURCES / "reddit" / "r_kneepain_comments.ndjson").read_bytes())
    result = run("ingest", str(folder), "--db", f"sqlite:///{tmp_path / 's.db'}")
    err = " ".join(result.stderr.split())
    assert result.returncode == 0, result.stderr
    assert f"skipped {folder / 'README.md'}: no reader takes .md files" in err
    assert f"skipped {folder / 'scrape.py'}: no reader takes .py files" in err
    assert f"read {folder / 'RC.ndjson'}: 6 post(s) as reddit" in err
    with sqlite3.connect(tmp_path / "s.db") as connection:
        assert connection.execute("SELECT DISTINCT source FROM threads").fetchall() == [("reddit",)]


def test_ingest_cli_discourse_topic_naming_no_site_asks_for_source(tmp_path):
    topic = tmp_path / "t.json"
    posts = [{"post_number": 1, "username": "bo", "cooked": "<p>My knee.</p>"}]
    topic.write_text(json.dumps({"id": 57, "post_stream": {"posts": posts}}))
    db = f"sqlite:///{tmp_path / 's.db'}"
    result = run("ingest", str(topic), "--db", db)
    assert result.returncode == 1 and "pass --source with the forum's host" in " ".join(result.stderr.split())
    assert "Traceback" not in result.stderr
    assert run("ingest", str(topic), "--db", db, "--source", "forum.example.org").returncode == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--db", "mysql://x/y"], "unsupported --db 'mysql://x/y'"),
        (["--db", "sqlite:///no/such/dir/s.db"], "does not exist"),
        (["--db", "sqlite:///x.db", "--columns", "words=body"], "unknown field 'words'"),
        (["--db", "sqlite:///x.db", "--workers", "-1"], "--workers must be 0 or more"),
    ],
)
def test_ingest_cli_bad_options_are_one_line_errors(args, message):
    result = run("ingest", str(SOURCES / "reddit"), *args)
    assert result.returncode == 1
    assert result.stderr.startswith("anecdata: error:") and message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_read_cli_reads_pending_posts_once(tmp_path):
    db = f"sqlite:///{tmp_path / 'store.db'}"
    assert run("ingest", str(SOURCES / "discourse"), "--db", db).returncode == 0
    first = run("read", "--db", db, "--workers", "1")
    assert first.returncode == 0 and "read 4 post(s) with pipeline version" in first.stderr
    assert "nothing to read" in run("read", "--db", db).stderr
    with sqlite3.connect(tmp_path / "store.db") as connection:
        assert connection.execute("SELECT COUNT(*) FROM readings").fetchone()[0] == 4
        assert connection.execute("SELECT COUNT(*) FROM annotations").fetchone()[0] > 0


def test_ingest_cli_file_with_nothing_stored_says_so_and_exits_1(tmp_path):
    junk = tmp_path / "junk.mbox"
    junk.write_bytes(bytes(range(256)) * 8)
    result = run("ingest", str(junk), "--db", f"sqlite:///{tmp_path / 's.db'}")
    err = " ".join(result.stderr.split())
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "not an mbox archive" in err and "nothing stored from this file" in err
    assert result.stderr.strip().splitlines()[-1].startswith("anecdata: error: nothing stored")


def test_ingest_cli_a_bad_record_among_good_ones_exits_0(tmp_path):
    dump = tmp_path / "RC.ndjson"
    good = '{"id":"a1","link_id":"t3_x","subreddit":"k","author":"ann","body":"Heat helped."}'
    dump.write_text(good + "\n" + good.replace('"a1"', '"a2"').replace('"ann"', '{"x": 1}') + "\n")
    result = run("ingest", str(dump), "--db", f"sqlite:///{tmp_path / 's.db'}")
    err = " ".join(result.stderr.split())
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "line 2: field 'author' is an object, not text" in err and "posts 1 new" in err


def test_ingest_cli_reads_a_pasted_thread_from_standard_input(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "anecdata", "ingest", "-", "--db", f"sqlite:///{tmp_path / 's.db'}"],
        input="Hi all,\n\nMy knee hurts after running. Any ideas?\n\nKim\n",
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "read <stdin>: 1 post(s) as pasted" in " ".join(result.stderr.split())
