"""The web pages word labels and counts as the terminal view does (``anecdata.view``'s Jinja filters)."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator

import jinja2
import pytest
from starlette.exceptions import StarletteDeprecationWarning

from anecdata.view import JINJA_FILTERS
from anecdata.web.app import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)  # it prefers httpx2 to the httpx we have
    from fastapi.testclient import TestClient

RAW_LABELS = ("claim_per_exp", "per_exp", "no_change", "body_part")


@pytest.fixture(scope="module")
def client(example_store_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(example_store_url, warm=False)) as c:
        yield c


def _chips(html: str) -> list[str]:
    return re.findall(r'<span class="chip a [^"]*">([^<]*)</span>', html)


def test_web_overview_chips_say_labels_in_words(client):
    chips = _chips(client.get("/").text)
    assert "a claim from experience" in chips and "a personal experience" in chips
    assert not set(RAW_LABELS) & set(chips)


def test_web_search_says_labels_in_words_and_keeps_raw_values_for_filters(client):
    page = client.get("/search", params={"label": "claim_per_exp"}).text
    metas = re.findall(r'<p class="meta"><span class="author">.*?</p>', page, re.S)
    assert metas and all(" · a claim from experience" in m for m in metas)
    assert not any(raw in m for m in metas for raw in RAW_LABELS)
    assert '<option value="claim_per_exp" selected>a claim from experience</option>' in page
    assert '<option value="no_change">no change</option>' in page
    assert re.search(r"<p class=\"meta\">[0-9]+ sentences?, best first", page)


def test_web_search_lists_no_quote_header_signature_or_bare_placeholder(client):
    page = client.get("/search", params={"q": "wrote"}).text
    hits = re.findall(r'<blockquote class="ev-sentence">(.*?)</blockquote>', page, re.S)
    assert hits
    assert not any(re.sub(r"<[^>]+>", "", h).strip() in ("[PERSON] wrote:", "[PERSON], [CREDENTIAL]") for h in hits)


def test_web_thread_list_counts_posts_in_words(client):
    page = client.get("/threads").text
    counts = re.findall(r'<span class="meta">[^<]*· ([0-9,]+ posts?)</span>', page)
    assert counts and all(re.fullmatch(r"1 post|[0-9,]+ posts", c) and c != "1 posts" for c in counts)


def test_jinja_filters_word_what_they_are_given_and_stay_escaped() -> None:
    env = jinja2.Environment(autoescape=True)
    env.filters.update(JINJA_FILTERS)
    assert env.from_string("{{ 'no_change'|label_words('outcome') }}").render() == "no change"
    assert env.from_string("{{ 1|counted('person', 'people') }} / {{ 3|counted('person', 'people') }}").render() == (
        "1 person / 3 people"
    )
    assert env.from_string("{{ '<img src=x onerror=alert(1)>_x'|label_words }}").render() == (
        "&lt;img src=x onerror=alert(1)&gt; x"
    )


def test_web_untitled_thread_is_named_by_its_first_words_not_its_id(client, example_store_url):
    from anecdata.store import open_store

    with open_store(example_store_url, create=False) as store:
        untitled = next(t for t in store.thread_ids() if not store.thread(t).title)
    page = client.get(f"/threads/{untitled}").text
    title = re.search(r"<title>(.*?)</title>", page, re.S)[1]
    heading = re.search(r'<h2 id="t1-title">(.*?)</h2>', page, re.S)[1]
    assert title == f"anecdata · {heading}" and untitled not in title
    assert len(heading.split()) >= 3


def _store_authors(url: str) -> set[str]:
    from anecdata.store import open_store

    with open_store(url, create=False) as store:
        return {p.author for t in store.thread_ids() for p in store.thread(t).posts if p.author}


def test_web_untitled_threads_are_named_by_their_first_words_not_their_hash(client, example_store_url):
    """A pasted thread has no title: the thread list and search results name it by its first post's opening
    words, redacted like everything else, never by an id like "t8f15af3550" (issue 20 point 4)."""
    listed = re.findall(r'<li><a href="/threads/([^"]+)">([^<]+)</a>', client.get("/threads").text)
    assert listed and all(name != thread_id and not re.fullmatch(r"t[0-9a-f]{10}", name) for thread_id, name in listed)
    assert any(name.endswith("…") for _, name in listed)
    hits = client.get("/search", params={"q": "night splint"}).text
    titles = re.findall(r'<span class="thread-title">([^<]+)</span>', hits)
    assert titles and not any(re.fullmatch(r"t[0-9a-f]{10}", t) for t in titles)
    shown = " ".join(name for _, name in listed) + " ".join(titles)
    assert not {a for a in _store_authors(example_store_url) if re.search(rf"\b{re.escape(a)}\b", shown)}
