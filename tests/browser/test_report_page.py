"""A condition report in a real browser: every count is a link, and each lands on the sentences behind it."""

from __future__ import annotations

from test_thread_page import IN_VIEW, assert_only_loopback

REPORT = "/conditions/plantar%20fasciitis"


def test_every_count_on_a_report_page_leads_to_its_highlighted_sentences(tab, base_url, artifacts):
    page = tab.page
    page.goto(REPORT, wait_until="load")
    assert page.locator("h2", has_text="What people tried").is_visible()
    for chart in page.locator(".charts img").all():  # drawn, not broken: an SVG image with a width
        assert chart.evaluate("i => i.complete && i.naturalWidth > 0")
    page.screenshot(path=str(artifacts / "report.png"), full_page=True)
    counts = page.locator("a[data-count]")
    links = [(counts.nth(i).get_attribute("href"), int(counts.nth(i).inner_text())) for i in range(counts.count())]
    assert len(links) > 5
    for href, people in links:
        page.goto(href)
        items = page.locator("ol.sentence-list > li")
        assert items.count() >= 1, href
        assert items.count() >= min(people, 1)
        assert items.first.locator("blockquote mark.hl").inner_text(), href
    first_href, _ = next((h, n) for h, n in links if "count=treatment/" in h)
    page.goto(first_href)
    item = page.locator("ol.sentence-list > li").first
    marked = item.locator("blockquote mark.hl").inner_text()
    item.locator("a.open").click()
    page.wait_for_url("**/threads/*?highlight=*")
    annotation_id = page.evaluate("location.hash").removeprefix("#a-")
    target = page.locator(f"#a-{annotation_id}")
    assert "hl" in target.get_attribute("class").split() and target.inner_text() == marked
    assert page.evaluate(IN_VIEW, f"a-{annotation_id}")
    assert_only_loopback(tab, base_url)
