"""The Reddit dump reader: long-window zstd, comment trees, [deleted]/[removed], and damaged input."""

from __future__ import annotations

import json

import pytest
from zstd_files import write_ndjson_zst, zstd_bytes

from anecdata.ingest.chunks import threads_in_chunks
from anecdata.ingest.reddit import read_reddit, reddit_part
from anecdata.ingest.registry import sniff
from anecdata.ingest.source import ReadContext, post_id, thread_id
from paths import EXAMPLES

REDDIT = EXAMPLES / "sources" / "reddit"


def records(name: str) -> list[dict]:
    return [json.loads(line) for line in (REDDIT / name).read_text().splitlines()]


def read(path):
    problems = []
    threads = list(read_reddit(path, ReadContext(report=problems.append)))
    return threads, [str(p) for p in problems]


def test_reddit_reader_streams_a_dump_with_a_2gib_window(tmp_path):
    path = write_ndjson_zst(tmp_path / "RC_kneepain.zst", records("r_kneepain_comments.ndjson"))
    assert sniff(path) == "reddit"
    threads, problems = read(path)
    assert problems == [] and sum(len(t.posts) for t in threads) == 6


def test_reddit_reader_rebuilds_the_comment_tree_from_parent_ids(tmp_path):
    threads, _ = read(REDDIT / "r_kneepain_comments.ndjson")
    thread = next(t for t in threads if t.id == thread_id("reddit", "t3_1a2b3c"))
    parent = {p.attrs["source_id"]: p.parent_id for p in thread.posts}
    assert parent == {
        "t1_jf0a1b2": post_id("reddit", "t3_1a2b3c"),
        "t1_jf0a7c4": post_id("reddit", "t1_jf0a1b2"),
        "t1_jf0b2d9": post_id("reddit", "t3_1a2b3c"),
        "t1_jf0c011": post_id("reddit", "t1_jf0a7c4"),
    }
    assert [p.position for p in thread.posts] == sorted(p.position for p in thread.posts)


def test_reddit_submission_and_comments_share_a_thread_and_the_title_opens_the_text():
    (submission, _), _ = read(REDDIT / "r_kneepain_submissions.ndjson")
    opening = submission.posts[0]
    assert submission.id == thread_id("reddit", "t3_1a2b3c") and opening.id == post_id("reddit", "t3_1a2b3c")
    title = opening.context.title
    assert opening.text[title.start : title.end] == submission.title
    assert submission.url.startswith("https://www.reddit.com/r/KneePain/")


@pytest.mark.parametrize(
    ("record", "text", "author", "status"),
    [
        ({"id": "x1", "link_id": "t3_a", "parent_id": "t3_a", "body": "[removed]", "author": "[deleted]"},
         "[removed]", None, "removed"),
        ({"id": "x2", "link_id": "t3_a", "parent_id": "t3_a", "body": "[deleted]", "author": "[deleted]"},
         "[deleted]", None, "deleted"),
        ({"id": "a", "subreddit": "s", "title": "T", "selftext": "[deleted]", "author": "[removed]"},
         "T\n\n[deleted]", None, "deleted"),
        ({"id": "x3", "link_id": "t3_a", "parent_id": "t3_a", "body": "kept", "author": "[deleted]"},
         "kept", None, "present"),
    ],
)  # fmt: skip
def test_reddit_deleted_and_removed_posts_are_kept_as_such(record, text, author, status):
    post = reddit_part(record).post
    assert (post.text, post.author, post.context.status) == (text, author, status)


def test_reddit_corrupt_lines_are_reported_and_skipped(tmp_path):
    good = records("r_kneepain_comments.ndjson")
    lines = [good[0], '{"id": "broken", "body": "cut off', good[1], "[1, 2]", {"id": "zz!", "link_id": "t3_a",
             "body": "bad id"}, good[2]]  # fmt: skip
    threads, problems = read(write_ndjson_zst(tmp_path / "RC.zst", lines))
    assert sum(len(t.posts) for t in threads) == 3
    assert [p.split(": ", 2)[1] for p in problems] == ["line 2", "line 4", "line 5"]
    assert "not JSON" in problems[0] and "not base 36" in problems[2]


def test_reddit_truncated_frame_keeps_what_came_before_and_reports_the_offset(tmp_path):
    comments = [dict(r, id=f"{r['id']}{i}", body=r["body"] * 20) for i in range(300) for r in records(
        "r_kneepain_comments.ndjson")]  # fmt: skip
    data = zstd_bytes("".join(json.dumps(c) + "\n" for c in comments).encode())
    path = tmp_path / "RC_cut.zst"
    path.write_bytes(data[: len(data) // 2])
    threads, problems = read(path)
    assert 0 < sum(len(t.posts) for t in threads) < len(comments)
    assert f"{path}: offset {len(data) // 2}: truncated zstd frame: the file ends mid-frame" in problems


def test_reddit_corrupt_zstd_data_is_reported(tmp_path):
    path = tmp_path / "RC_bad.zst"
    data = zstd_bytes(b'{"id": "a"}\n' * 1000)
    path.write_bytes(data[:8] + b"\xff" * 16 + data[24:])
    threads, problems = read(path)
    assert threads == [] and "corrupt zstd data" in problems[0]


def test_reddit_threads_split_across_chunks_keep_one_thread_id():
    parts = [reddit_part(r) for r in records("r_kneepain_comments.ndjson")]
    threads = list(threads_in_chunks(parts, "reddit", chunk_posts=2))
    assert len(threads) > 2
    assert {t.id for t in threads} == {thread_id("reddit", "t3_1a2b3c"), thread_id("reddit", "t3_1a2d9f")}


ESCAPED = (
    "&gt; I tried ice &amp; rest for weeks\n\nSame here &lt;3 it did nothing.\n\n&amp;#x200B;\n\n"
    "Physio helped &amp;gt; 50%"
)


def test_reddit_entities_are_unescaped_once_and_quotes_then_marked():
    record = {"id": "c1", "link_id": "t3_a", "parent_id": "t3_a", "author": "kim", "body": ESCAPED}
    post = reddit_part(record).post
    assert post.text == "> I tried ice & rest for weeks\n\nSame here <3 it did nothing.\n\n\n\nPhysio helped &gt; 50%"
    (quote,) = post.context.quotes
    assert post.text[quote.start : quote.end].strip() == "> I tried ice & rest for weeks"
    submission = reddit_part({"id": "a", "subreddit": "s", "title": "Ice &amp; heat?", "selftext": "&gt; x"}).post
    assert submission.text.startswith("Ice & heat?\n\n> x") and submission.context.quotes


def _thing(kind, **data):
    return {"kind": kind, "data": data}


def test_reddit_thread_json_keeps_the_comment_tree(tmp_path):
    reply = _thing("t1", id="c2", link_id="t3_a", parent_id="t1_c1", author="bo", body="reply", subreddit="s")
    comment = _thing(
        "t1", id="c1", link_id="t3_a", parent_id="t3_a", author="[deleted]", body="top", subreddit="s",
        replies=_thing("Listing", children=[reply, _thing("more", id="c9", children=["c9"])]),
    )  # fmt: skip
    page = [
        _thing("Listing", children=[_thing("t3", id="a", subreddit="s", title="Knee", selftext="", author="al")]),
        _thing("Listing", children=[comment]),
    ]
    path = tmp_path / "thread.json"
    path.write_text(json.dumps(page, indent=2))
    assert sniff(path) == "reddit"
    (thread,), problems = read(path)
    assert problems == []
    posts = {p.text: p for p in thread.posts}
    assert set(posts) == {"Knee", "top", "reply"}
    assert posts["reply"].parent_id == posts["top"].id and posts["top"].parent_id == posts["Knee"].id
    assert posts["top"].author is None and posts["reply"].author == "bo"


def test_reddit_json_array_of_dump_records_is_read(tmp_path):
    path = tmp_path / "comments.json"
    path.write_text(json.dumps(records("r_kneepain_comments.ndjson"), indent=1))
    assert sniff(path) == "reddit"
    assert len([p for t in read(path)[0] for p in t.posts]) == len(records("r_kneepain_comments.ndjson"))
