"""The web UI in a real browser: click from the overview to a thread, follow highlights and evidence links."""

from __future__ import annotations

from anecdata.store import open_store
from anecdata.store.experiences import SourceRef
from anecdata.web.app import sources_url, thread_url

IN_VIEW = """(id) => {
  const box = document.getElementById(id).getBoundingClientRect();
  return box.top >= 0 && box.bottom <= window.innerHeight;
}"""
"""Whether the element with this id is inside the viewport."""


def stored(url: str, sql: str, params: tuple = ()) -> list[tuple]:
    with open_store(url, create=False) as store:
        return store.query(sql, params)


def thread_of_source(url: str, source_name: str) -> str:
    return stored(url, "SELECT id FROM threads WHERE source = ?", (source_name,))[0][0]


def last_mentions(url: str, thread_id: str, n: int) -> list[tuple[str, str]]:
    """(post id, annotation id) of mentions in the thread's last post, far down the page."""
    return stored(
        url,
        "SELECT a.post_id, a.id FROM annotations a JOIN posts p ON p.id = a.post_id WHERE p.thread_id = ? "
        "AND a.layer = 'mention' ORDER BY p.position DESC, a.start_offset LIMIT ?",
        (thread_id, n),
    )


def assert_only_loopback(tab, base_url: str) -> None:
    assert tab.requests and all(u.startswith(base_url + "/") for u in tab.requests), tab.requests
    assert not tab.errors, tab.errors  # a Content-Security-Policy violation would be logged here


def test_overview_links_to_a_thread_whose_highlights_render_and_explain_themselves(tab, base_url, browser_store_url):
    page = tab.page
    page.goto("/")
    assert page.locator("h2", has_text="Corpus").is_visible()
    assert page.locator("table.conditions tbody tr").count() > 0
    thread_id = thread_of_source(browser_store_url, "plantar-fasciitis.txt")
    page.click(f'a[href="/threads/{thread_id}"]')
    page.wait_for_url(f"**/threads/{thread_id}")
    for layer in ("statement", "mention", "outcome", "pii"):
        assert page.locator(f"main mark.a.{layer}").count() > 0, layer
    assert page.locator("mark.hl").count() == 0
    mention = page.locator("main mark.a.mention").first
    colour = mention.evaluate("m => getComputedStyle(m).color")
    assert colour not in ("rgb(31, 41, 51)", "rgb(0, 0, 0)")  # view.css loaded: mentions are coloured
    mention.click()  # view.js ran (allowed by the CSP): the detail panel explains the mark
    assert page.locator("#detail-body .detail-kind").inner_text().startswith("mention")
    assert page.locator("#detail-body").get_by_text(mention.inner_text(), exact=True).count() > 0
    assert_only_loopback(tab, base_url)


def test_highlight_link_marks_the_asked_annotation_and_scrolls_to_it(tab, base_url, browser_store_url, artifacts):
    page = tab.page
    thread_id = thread_of_source(browser_store_url, "plantar-fasciitis.txt")
    (_, wanted), (_, other) = last_mentions(browser_store_url, thread_id, 2)
    page.goto(thread_url(thread_id, [wanted]))
    mark = page.locator(f"#a-{wanted}")
    assert "hl" in mark.get_attribute("class").split()
    assert page.evaluate(IN_VIEW, f"a-{wanted}") and page.evaluate("window.scrollY") > 0
    assert "hl" not in page.locator(f'mark[data-id="{other}"]').first.get_attribute("class").split()
    assert mark.evaluate("m => getComputedStyle(m).boxShadow") != "none"
    page.goto(f"/threads/{thread_id}?highlight={wanted}")  # no fragment: web.js scrolls to it
    page.wait_for_function(f"({IN_VIEW})('a-{wanted}')")
    page.screenshot(path=str(artifacts / "thread-highlight.png"))
    assert_only_loopback(tab, base_url)


def test_sources_page_lists_sentences_and_opens_each_highlighted(tab, base_url, browser_store_url, artifacts):
    page = tab.page
    pairs = stored(
        browser_store_url,
        "SELECT post_id, id FROM annotations WHERE layer = 'mention' AND label = 'condition' ORDER BY post_id DESC "
        "LIMIT 4",
    )
    page.goto(sources_url(SourceRef(p, a) for p, a in pairs))
    items = page.locator("ol.sentence-list > li")
    assert items.count() == len(pairs)
    assert items.nth(0).locator("blockquote mark.hl").inner_text()
    assert page.locator(".sentence-list .author").first.inner_text().startswith("[PERSON")
    page.screenshot(path=str(artifacts / "sources.png"), full_page=True)
    post_id, annotation_id = pairs[-1]
    sentence_mark = items.nth(len(pairs) - 1).locator("blockquote mark.hl").inner_text()
    items.nth(len(pairs) - 1).locator("a.open").click()
    page.wait_for_url(f"**/threads/*?highlight={annotation_id}#a-{annotation_id}")
    target = page.locator(f"#a-{annotation_id}")
    assert "hl" in target.get_attribute("class").split() and target.inner_text() == sentence_mark
    assert page.evaluate(IN_VIEW, f"a-{annotation_id}")
    assert page.evaluate("location.pathname") == f"/threads/{post_id.rsplit('.', 1)[0]}"
    assert_only_loopback(tab, base_url)
