"""Compressed inputs told by their bytes, not their names: gzip, bzip2, xz, zstd and zip, for every reader."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import sys
import zipfile

import pytest
from zstd_files import zstd_bytes

from anecdata.ingest.registry import choose_reader, sniff
from anecdata.ingest.source import Problem, ReadContext
from paths import EXAMPLES

SOURCES = EXAMPLES / "sources"
COMMENTS = (SOURCES / "reddit" / "r_kneepain_comments.ndjson").read_bytes()
COMPRESSORS = {"gzip": gzip.compress, "bzip2": bz2.compress, "xz": lzma.compress, "zstd": zstd_bytes}


def read(path, fmt=None):
    problems: list[Problem] = []
    choice = choose_reader(path, fmt)
    assert not isinstance(choice, Problem), choice
    threads = list(choice.reader(path, ReadContext(report=problems.append)))
    return threads, problems


def texts(threads):
    return [p.text for t in threads for p in t.posts]


@pytest.mark.parametrize("kind", COMPRESSORS)
def test_compressed_reddit_dump_is_told_by_its_bytes_whatever_its_name(tmp_path, kind):
    path = tmp_path / "dump.bin"  # a name that says nothing
    path.write_bytes(COMPRESSORS[kind](COMMENTS))
    assert sniff(path) == "reddit"
    threads, problems = read(path)
    plain, _ = read(SOURCES / "reddit" / "r_kneepain_comments.ndjson")
    assert problems == [] and texts(threads) == texts(plain) and texts(threads)


@pytest.mark.parametrize("kind", COMPRESSORS)
@pytest.mark.parametrize(
    "name", ["html/xenforo-shin-splints.html", "mbox/achilles-list-2023-06.mbox", "discourse/topic-4711.json"]
)
def test_compressed_files_of_every_reader_read_as_the_plain_file(tmp_path, kind, name):
    plain = SOURCES / name
    path = tmp_path / (plain.name + ".compressed")
    path.write_bytes(COMPRESSORS[kind](plain.read_bytes()))
    fmt = None if "discourse" not in name else "discourse"
    ctx = {"source": "forum.example.org"} if fmt else {}
    expected = list(choose_reader(plain, fmt).reader(plain, ReadContext(**ctx)))
    got = list(choose_reader(path, fmt).reader(path, ReadContext(**ctx)))
    assert texts(got) == texts(expected) and texts(got)


def test_compressed_truncated_gzip_is_reported_and_the_lines_before_are_kept(tmp_path):
    path = tmp_path / "RC.ndjson.gz"
    data = gzip.compress(COMMENTS * 50)
    path.write_bytes(data[: len(data) // 2])
    threads, problems = read(path)
    assert texts(threads)
    assert len(problems) == 1 and "corrupt or truncated gzip data" in problems[0].reason


def test_compressed_zip_archive_reads_each_member_as_its_own_file(tmp_path):
    path = tmp_path / "export.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(SOURCES / "mbox" / "achilles-list-2023-06.mbox", "list/messages.mbox")
        archive.writestr("comments.ndjson.gz", gzip.compress(COMMENTS))
        archive.writestr("README.md", "# An export\n\nRead me.\n")
        archive.writestr("__MACOSX/._messages.mbox", b"\x00\x05")
    path.write_bytes(buffer.getvalue())
    choice = choose_reader(path)
    assert choice.format == "zip"
    threads, problems = read(path)
    sources = {t.source for t in threads}
    assert sources == {"mbox", "reddit"}
    assert [(p.file, p.skipped) for p in problems] == [(f"{path}:README.md", True)]


def test_compressed_zip_that_is_broken_is_one_problem(tmp_path):
    path = tmp_path / "broken.zip"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    threads, problems = read(path)
    assert threads == [] and len(problems) == 1 and "zip" in problems[0].reason


def test_compressed_zstd_without_the_package_says_what_to_install(tmp_path, monkeypatch):
    path = tmp_path / "RC.zst"
    path.write_bytes(zstd_bytes(COMMENTS))
    monkeypatch.setitem(sys.modules, "zstandard", None)
    problem = choose_reader(path)
    assert isinstance(problem, Problem) and "install the 'zstandard' package" in problem.reason
    assert "\n" not in problem.reason


BROKEN = [("gzip", b"\x1f\x8b"), ("bzip2", b"BZh91AY&SYjunk"), ("xz", b"\xfd7zXZ\x00" * 6)]


@pytest.mark.parametrize(("kind", "data"), BROKEN)
def test_compressed_file_that_cannot_be_decompressed_is_a_failure_not_a_skip(tmp_path, kind, data):
    path = tmp_path / "dump"
    path.write_bytes(data)
    problem = choose_reader(path)
    assert isinstance(problem, Problem) and not problem.skipped
    assert problem.reason.startswith(f"cannot decompress: corrupt or truncated {kind} data")


def test_compressed_zip_member_leading_outside_is_skipped_and_nested_zips_are_read(tmp_path):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("thread.txt", "Hi all,\n\nMy knee hurts after running. Any ideas?\n")
    path = tmp_path / "outer.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("inner.zip", inner.getvalue())
        archive.writestr("../../evil.txt", "Hello,\n\nI tried ice.\n")
    threads, problems = read(path)
    assert [t.source for t in threads] == ["thread.txt"]
    assert [(p.file, p.reason, p.skipped) for p in problems] == [
        (f"{path}:../../evil.txt", "skipped: a member whose path leads outside the archive", True)
    ]
    assert not (tmp_path.parent / "evil.txt").exists()
