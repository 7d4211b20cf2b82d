"""Every page of the web UI at a phone's width (390 CSS pixels) in Chromium: nothing scrolls sideways."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

PHONE = {"width": 390, "height": 844}
PAGES = (
    "/",
    "/conditions",
    "/conditions/plantar%20fasciitis",
    "/conditions/plantar%20fasciitis/sources?count=people",
    "/threads",
    "/search?q=night+splint",
    "/search?q=&label=question",
    "/conditions/no%20such%20condition",  # an error page
)


@pytest.fixture
def phone(browser, base_url: str) -> Iterator[object]:
    context = browser.new_context(base_url=base_url, reduced_motion="reduce", viewport=PHONE)
    yield context.new_page()
    context.close()


def _overflow(page: object) -> list[str]:
    """The page's width beyond the viewport, and the widest elements that stick out (tag, class, width)."""
    return page.evaluate(  # type: ignore[attr-defined]
        """() => {
            const w = document.documentElement.clientWidth;
            if (document.documentElement.scrollWidth <= w) return [];
            return [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > w + 1)
                .slice(0, 8)
                .map(e => `${e.tagName.toLowerCase()}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`);
        }"""
    )


@pytest.mark.parametrize("path", PAGES)
def test_phone_width_no_page_scrolls_sideways(phone, path: str, artifacts):
    phone.goto(path, wait_until="load")  # type: ignore[attr-defined]
    assert _overflow(phone) == [], path


def test_phone_width_a_thread_page_does_not_scroll_sideways(phone):
    phone.goto("/threads", wait_until="load")  # type: ignore[attr-defined]
    first = phone.locator("a[href^='/threads/']").first  # type: ignore[attr-defined]
    first.click()
    phone.wait_for_load_state("load")  # type: ignore[attr-defined]
    assert _overflow(phone) == []


def test_phone_width_a_highlighted_thread_opened_from_a_count_does_not_scroll_sideways(phone):
    """A report count, its sentences, then the thread with one highlighted, reached as a user would."""
    phone.goto("/conditions/plantar%20fasciitis", wait_until="load")  # type: ignore[attr-defined]
    phone.locator("a[data-count]").first.click()  # type: ignore[attr-defined]
    phone.wait_for_load_state("load")  # type: ignore[attr-defined]
    phone.locator("ol.sentence-list a.open").first.click()  # type: ignore[attr-defined]
    phone.wait_for_load_state("load")  # type: ignore[attr-defined]
    assert _overflow(phone) == []
