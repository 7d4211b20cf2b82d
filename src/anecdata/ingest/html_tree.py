"""A small, forgiving HTML tree built with the standard library's parser: enough to find posts, never to render.

Saved forum pages are often invalid HTML; the tree closes what it can and ignores stray end tags rather than
refusing the page. Scripts, styles and comments never reach it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID_TAGS = frozenset("area base br col embed hr img input link meta param source track wbr".split())
SKIPPED_TAGS = frozenset("script style noscript template svg".split())
"""Elements whose content is never text a person wrote."""
_SELF_CLOSING_SIBLINGS = {"p": {"p"}, "li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "tr": {"tr"}}
"""An open element that a new start tag implicitly closes (``<p>a<p>b``), as browsers do."""
MAX_DEPTH = 256
"""Elements nest at most this deep: a start tag deeper down is kept as an element, its content becomes its
sibling's instead of its child's. Real pages nest a few dozen levels; a hostile one nests thousands, and
every walk over the tree then stays shallow."""


@dataclass(frozen=True, slots=True)
class Element:
    """An element: its tag, attributes and children (elements and text strings, in document order)."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Element | str] = field(default_factory=list)

    @property
    def classes(self) -> frozenset[str]:
        """The element's CSS classes."""
        return frozenset(self.attrs.get("class", "").split())

    def iter(self) -> Iterator[Element]:
        """This element and every element below it, in document order."""
        stack: list[Element] = [self]
        while stack:
            el = stack.pop()
            yield el
            stack.extend(reversed([c for c in el.children if isinstance(c, Element)]))

    def find_all(self, match: Callable[[Element], bool]) -> list[Element]:
        """Every element below (or at) this one that ``match`` accepts, in document order."""
        return [el for el in self.iter() if match(el)]

    def find(self, match: Callable[[Element], bool]) -> Element | None:
        """The first element below (or at) this one that ``match`` accepts."""
        return next((el for el in self.iter() if match(el)), None)

    def text_content(self) -> str:
        """All text below this element, whitespace collapsed (for names, dates, titles; not for post bodies)."""
        parts: list[str] = []
        stack: list[Element | str] = [self]
        while stack:
            node = stack.pop()
            if isinstance(node, str):
                parts.append(node)
            else:
                stack.extend(reversed(node.children))
        return " ".join("".join(parts).split())


def has_class(*names: str) -> Callable[[Element], bool]:
    """A matcher for elements carrying any of the CSS classes ``names``."""
    wanted = frozenset(names)
    return lambda el: bool(el.classes & wanted)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document")
        self.stack: list[Element] = [self.root]
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping or tag in SKIPPED_TAGS:
            self.skipping += tag not in VOID_TAGS
            return
        closes = _SELF_CLOSING_SIBLINGS.get(tag, set())
        if self.stack[-1].tag in closes:
            self.stack.pop()
        el = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(el)
        if tag not in VOID_TAGS and len(self.stack) < MAX_DEPTH:
            self.stack.append(el)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.skipping and tag not in SKIPPED_TAGS:
            self.stack[-1].children.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            self.skipping -= tag not in VOID_TAGS
            return
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.stack[-1].children.append(data)


def parse_html(markup: str) -> Element:
    """The tree of an HTML document or fragment, under a ``#document`` root element."""
    builder = _TreeBuilder()
    builder.feed(markup)
    builder.close()
    return builder.root
