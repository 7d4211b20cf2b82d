"""Search in a real browser: type a query, narrow it with filters, open a result at its highlighted sentence."""

from __future__ import annotations

from test_thread_page import IN_VIEW, assert_only_loopback


def test_search_from_the_header_then_filter_then_open_a_result(tab, base_url, artifacts):
    page = tab.page
    page.goto("/")
    page.fill("header form.search input[name=q]", "night splint helped")
    page.press("header form.search input[name=q]", "Enter")
    page.wait_for_url("**/search?q=*")
    results = page.locator("ol.search-results > li")
    assert results.count() > 0 and results.first.locator("blockquote b").count() > 0
    everything = results.count()
    page.fill("form.filters input[name=condition]", "plantar fasciitis")
    page.select_option("form.filters select[name=label]", "claim_per_exp")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**label=claim_per_exp*")
    narrowed = page.locator("ol.search-results > li")
    assert 0 < narrowed.count() <= everything
    metas = [narrowed.nth(i).locator(".meta").inner_text() for i in range(narrowed.count())]
    assert all(" · a claim from experience" in meta for meta in metas)  # the label in words
    page.screenshot(path=str(artifacts / "search.png"), full_page=True)
    narrowed.first.locator("a.open").click()
    page.wait_for_url("**/threads/*?highlight=*")
    annotation_id = page.evaluate("location.hash").removeprefix("#a-")
    assert "hl" in page.locator(f"#a-{annotation_id}").get_attribute("class").split()
    assert page.evaluate(IN_VIEW, f"a-{annotation_id}")
    assert_only_loopback(tab, base_url)
