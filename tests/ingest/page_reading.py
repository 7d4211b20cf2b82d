"""Reading one saved page written in a test (constructed markup) through the forum-page reader."""

from pathlib import Path

from anecdata.ingest.forum_html import read_forum_html
from anecdata.ingest.source import ReadContext


def read_page(tmp_path: Path, markup: str):
    """The one thread the page holds; the reader must report no problem."""
    path = tmp_path / "page.html"
    path.write_text(markup, encoding="utf-8")
    problems = []
    threads = list(read_forum_html(path, ReadContext(report=problems.append)))
    assert problems == []
    assert len(threads) == 1
    return threads[0]
