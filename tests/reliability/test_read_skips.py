"""``read`` never stops for one post: a post longer than the pipeline reads is skipped with a stored reason,
listed, and not pending again; the other posts are read (issue 17 point 1), on SQLite and PostgreSQL."""

from anecdata.jobs import read_pending
from anecdata.model import Post, Thread
from anecdata.read import pipeline
from anecdata.read.pipeline import PIPELINE_VERSION
from anecdata.store import open_store


def _thread(texts: list[str]) -> Thread:
    posts = tuple(Post(id=f"p{i}", thread_id="t1", position=i, text=text) for i, text in enumerate(texts))
    return Thread(id="t1", source="test", posts=posts)


def test_read_skips_a_post_over_the_limit_stores_why_and_reads_the_rest(backend_url, monkeypatch):
    monkeypatch.setattr(pipeline, "MAX_POST_CHARS", 1000)
    long = "I tried ibuprofen and it helped. " * 100
    with open_store(backend_url) as store:
        store.add_threads([_thread([long, "I tried ibuprofen and it helped.", "Heat made it worse."])])
        assert read_pending(store, workers=1) == 3
        (skipped,) = store.skipped(PIPELINE_VERSION)
        assert (skipped.post_id, skipped.length) == ("p0", len(long))
        assert "more than the 1,000 the reading pipeline reads" in skipped.reason
        assert store.count_skipped(PIPELINE_VERSION) == 1 and store.count_pending(PIPELINE_VERSION) == 0
        thread = store.thread("t1")
        assert not thread.posts[0].annotations and thread.posts[1].annotations and thread.posts[2].annotations


def test_read_skips_a_post_the_pipeline_fails_on_and_reads_the_others(backend_url, monkeypatch):
    real = pipeline.annotate_posts

    def failing(posts, nlp=None, names=()):
        posts = list(posts)
        if any("\u2603" in p.text for p in posts):
            raise ValueError("a component broke")
        return real(posts, nlp, names)

    monkeypatch.setattr(pipeline, "annotate_posts", failing)
    with open_store(backend_url) as store:
        store.add_threads([_thread(["Heat helped.", "snow \u2603 here", "Ice made it worse."])])
        assert read_pending(store, workers=1) == 3
        (skipped,) = store.skipped(PIPELINE_VERSION)
        assert skipped.post_id == "p1" and skipped.reason == "the pipeline failed: ValueError: a component broke"
        assert store.count_pending(PIPELINE_VERSION) == 0


def test_read_of_an_edited_skipped_post_reads_it_again(backend_url, monkeypatch):
    monkeypatch.setattr(pipeline, "MAX_POST_CHARS", 50)
    with open_store(backend_url) as store:
        store.add_threads([_thread(["Heat helped. " * 10])])
        read_pending(store, workers=1)
        assert store.count_skipped(PIPELINE_VERSION) == 1
        store.add_threads([_thread(["Heat helped."])])
        assert store.count_skipped(PIPELINE_VERSION) == 0 and store.count_pending(PIPELINE_VERSION) == 1
        read_pending(store, workers=1)
        assert store.thread("t1").posts[0].annotations
