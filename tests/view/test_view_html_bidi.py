"""The static page isolates forum text's bidirectional controls, as the web pages do (issue 17 point 8)."""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser

from anecdata.model import Post, Thread
from anecdata.view.html import render_html

RLO = "\u202e"
"""Right-to-left override: without isolation it reverses everything after it up to the end of the paragraph."""
ESC = "\x1b[2J"
VOID = {"meta", "br", "img", "input", "link", "hr", "wbr"}


class TextHolders(HTMLParser):
    """For each run of text holding ``RLO``, the innermost element around it (tag and classes)."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, set[str]]] = []
        self.holders: list[tuple[str, set[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.stack.append((tag, set((dict(attrs).get("class") or "").split())))

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        if RLO in data:
            self.holders.append(self.stack[-1] if self.stack else ("", set()))


def isolated_selectors(page: str) -> tuple[set[str], set[str]]:
    """The element names and classes the page's ``unicode-bidi: isolate`` rules name."""
    tags, classes = set(), set()
    for selectors in re.findall(r":is\(([^)]*)\)\s*\{[^}]*unicode-bidi:\s*isolate", page):
        for selector in (s.strip() for s in selectors.split(",")):
            (classes if selector.startswith(".") else tags).add(selector.lstrip("."))
    return tags, classes


def hostile_bidi(friendly_thread: Thread) -> Thread:
    post = Post(
        id="bidi1",
        thread_id=friendly_thread.id,
        position=len(friendly_thread.posts) + 1,
        text=f"I tried {RLO}txt.exe stretches{ESC} and they helped",
        author=f"Dana{RLO}evil",
        addressee=f"Sam{RLO}x",
    )
    return replace(friendly_thread, title=f"Heel {RLO}niap", posts=(*friendly_thread.posts, post))


def test_every_element_showing_forum_text_with_a_bidi_control_is_a_bidi_isolate(friendly_thread) -> None:
    page = render_html([hostile_bidi(friendly_thread)], "none")
    tags, classes = isolated_selectors(page)
    assert {"p", "span", "mark", "h2", "td", "li"} <= tags
    parser = TextHolders()
    parser.feed(page.split("<body>", 1)[1])  # the <title> is the browser's, outside the page's layout
    assert len(parser.holders) >= 4  # title heading, post text, author, addressee
    for tag, element_classes in parser.holders:
        assert tag in tags or element_classes & classes, f"forum text in an unisolated <{tag}>"


def test_the_isolating_rule_is_inside_the_style_the_content_security_policy_allows(friendly_thread) -> None:
    page = render_html([hostile_bidi(friendly_thread)], "none")
    (style,) = re.findall(r"<style>(.*?)</style>", page, re.S)
    assert "unicode-bidi: isolate" in style
