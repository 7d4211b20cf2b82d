"""``anecdata analyze`` as a user runs it: formats, standard input, redaction by default, bad input."""

import json
import os
import re
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


# Inputs read through ingest's readers (issue 18 point 5): the example sources are the project's invented ones.

HTML_PAGE = EXAMPLES / "sources" / "html" / "phpbb-plantar-fasciitis.html"
MBOX = EXAMPLES / "sources" / "mbox" / "achilles-list-2023-06.mbox"


def test_analyze_a_saved_forum_page_reads_its_posts_not_its_markup():
    result = run("analyze", str(HTML_PAGE), "--format", "json", "--redact", "none")
    assert result.returncode == 0, result.stderr
    (thread,) = json.loads(result.stdout)["threads"]
    assert thread["title"] == "Heel pain in the morning"
    assert [p["author"] for p in thread["posts"]] == ["hikerjen", "Dana Whitcombe"]
    assert all("<" not in p["text"] and "class=" not in p["text"] for p in thread["posts"])


def test_analyze_reads_every_thread_of_a_small_file_and_picks_one_with_thread():
    both = run("analyze", str(MBOX), "--format", "json")
    assert both.returncode == 0, both.stderr
    threads = json.loads(both.stdout)["threads"]
    assert len(threads) == 2
    second = run("analyze", str(MBOX), "--format", "json", "--thread", "2")
    assert second.returncode == 0, second.stderr
    assert [t["id"] for t in json.loads(second.stdout)["threads"]] == [threads[1]["id"]]


def test_analyze_input_format_forces_the_reader(tmp_path):
    page = tmp_path / "page.txt"  # a saved page under a text name: sniffed as pasted, read as html when told
    page.write_bytes(HTML_PAGE.read_bytes())
    result = run("analyze", str(page), "--format", "json", "--input-format", "html")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["threads"][0]["posts"]) == 2


@pytest.mark.parametrize(
    ("name", "content", "args", "message"),
    [
        ("page.html", b"<html><body><p>hello there</p></body></html>", (), "no post read as html"),
        ("x.json", b'{"a": 1}', (), "no post read as jsonl"),
        ("t.txt", b"My heel hurts every morning.\n", ("--thread", "2"), "one pasted thread"),
        ("t.txt", b"My heel hurts every morning.\n", ("--thread", "0"), "--thread counts from 1"),
    ],
    ids=["page-without-posts", "json-without-text", "pasted-thread-2", "thread-0"],
)
def test_analyze_unreadable_input_is_one_line_and_nonzero(tmp_path, name, content, args, message):
    path = tmp_path / name
    path.write_bytes(content)
    result = run("analyze", str(path), *args)
    err = result.stderr.decode()
    assert result.returncode != 0
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1, err


def _reddit_comment(thread: int, number: int) -> str:
    return json.dumps(
        {
            "id": f"c{thread}x{number}",
            "link_id": f"t3_l{thread}",
            "parent_id": f"t3_l{thread}",
            "subreddit": "KneePain",
            "author": f"user{number}",
            "created_utc": 1680450011 + number,
            "body": f"Comment {number} of thread {thread}: my knee is better after squats.",
        }
    )


def test_read_for_analysis_counts_threads_and_refuses_a_dump(tmp_path):
    """Reading only (no pipeline): a constructed Reddit dump of 21 threads is refused with how to pick one, the
    Nth is read when asked, and a number past the last says how many there are."""
    from anecdata.errors import ReaderError
    from anecdata.jobs import MAX_ANALYZED_THREADS, read_for_analysis

    dump = tmp_path / "constructed-dump.ndjson"
    dump.write_text("\n".join(_reddit_comment(t, n) for t in range(MAX_ANALYZED_THREADS + 1) for n in range(2)))
    with pytest.raises(ReaderError, match=f"more than {MAX_ANALYZED_THREADS} threads; pass --thread N"):
        read_for_analysis(str(dump))
    (third,), warnings = read_for_analysis(str(dump), pick=3)
    assert [p.author for p in third.posts] == ["user0", "user1"] and "thread 2" in third.posts[0].text
    assert warnings == []
    with pytest.raises(ReaderError, match=f"holds {MAX_ANALYZED_THREADS + 1} thread"):
        read_for_analysis(str(dump), pick=99)
    small = tmp_path / "constructed-small.ndjson"
    small.write_text("\n".join(_reddit_comment(t, 0) for t in range(3)))
    threads, _ = read_for_analysis(str(small))
    assert len(threads) == 3


def test_read_for_analysis_keeps_text_and_standard_input_as_pasted_threads(tmp_path, monkeypatch):
    import io

    from anecdata.jobs import read_for_analysis

    notes = tmp_path / "notes.md"  # no reader takes .md: analyze reads a named text file as a pasted thread
    notes.write_text("My heel hurts every morning.\n\nTry a night splint, it helped me.\n")
    (thread,), _ = read_for_analysis(str(notes))
    assert len(thread.posts) >= 1 and "night splint" in " ".join(p.text for p in thread.posts)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"<b>pasted</b> markup stays text\n")))
    (piped,), _ = read_for_analysis("-")
    assert "<b>pasted</b>" in piped.posts[0].text


def test_read_for_analysis_a_discourse_topic_naming_no_site_asks_for_source_and_reads_with_it(tmp_path):
    import re

    from anecdata.errors import ReaderError
    from anecdata.jobs import read_for_analysis

    topic = (EXAMPLES / "sources" / "discourse" / "topic-4711.json").read_text()
    topic = re.sub(r"/user_avatar/[^/\"]+/", "/letter_avatar/", topic)  # the example topic, its site taken out
    topic = re.sub(r"\"url\": \"https?://[^\"]*\"", '"url": null', topic)
    path = tmp_path / "constructed-topic-without-site.json"
    path.write_text(topic)
    with pytest.raises(ReaderError, match="pass --source"):
        read_for_analysis(str(path))
    (thread,), _ = read_for_analysis(str(path), source="forum.example.org")
    assert thread.source == "forum.example.org" and len(thread.posts) > 1


def test_analyze_text_view_reads_well_at_80_columns():
    path = EXAMPLES / "back-pain-mindbody.txt"
    result = subprocess.run(
        [sys.executable, "-m", "anecdata", "analyze", str(path)],
        capture_output=True,
        timeout=120,
        check=False,
        env={**os.environ, "COLUMNS": "80"},
    )
    output = result.stdout.decode()
    assert result.returncode == 0 and max(len(line) for line in output.splitlines()) <= 80
    assert "claim_per_exp" not in output and "per_exp:" not in output  # labels in words, each sentence once
    assert output.count("no evidence corpus loaded") == 1  # once per thread, not per claim
    assert "codes=[]" not in output and "=[]" not in output
    assert "I want to share this because" in output.splitlines()[0]  # named by its first words, not a hash
    assert not re.search(r"\bt[0-9a-f]{10}\b", output.splitlines()[0])
