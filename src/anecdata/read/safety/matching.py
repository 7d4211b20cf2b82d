"""Fast word-bounded matching of many lower-case patterns over a post, most of which cannot match it.

Most posts hold no red-flag wording at all, so the work is in not looking. Each pattern's *required literals*
(strings one of which every match contains: "incontinen", or "control " for "lost control of ...") and its
longest possible match are read from the parsed pattern; a pattern then runs only on a text that holds one of its
literals, and only within reach of them. The literals of all patterns are looked for in one pass
(:class:`KeyFinder`). Patterns are matched case-sensitively against a lower-cased copy of the text, since
Python's ``re`` scans ahead for a pattern's first characters only when case matters, and for the same reason the
word boundary before a match is checked in Python where it can be. Reading a pattern uses ``re._parser``, a
private module: should it change, nothing is read and every pattern simply runs over the whole text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

_ESCAPE = re.compile(r"\\.")
MIN_SCAN_KEY = 2
"""Required literals shorter than this make the word boundary before a match part of the regex."""
MAX_VARIANTS = 32
"""A required literal may be spelt at most this many ways ("l1" ... "l5" is five)."""
FEW_KEYS = 64
"""Up to this many literals are looked for one by one (``in``); more, in one pass of a trie regex."""
MAX_WINDOW = 400
"""Matches that may be longer than this are searched for in the whole text rather than around literals."""


def lower_preserving(text: str) -> str:
    """``text`` lower-cased, character for character, so offsets into one are offsets into the other."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)  # "İ" lowers to two characters


def has_upper_case(pattern: str) -> bool:
    """Whether a pattern spells an upper-case letter (escapes such as ``\\W`` aside): it could never match."""
    return any(c.isupper() for c in _ESCAPE.sub("", pattern))


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"


def _inside_word(text: str, start: int) -> bool:
    """Whether a match at ``start`` begins inside a word (an apostrophe before it counts as part of the word)."""
    return _is_word(text[start]) and (_is_word(text[start - 1]) or text[start - 1] in "'’")


class PatternMatcher:
    """Groups of lower-case regular expressions, matched at word boundaries in lower-cased text, in one pass.

    A match must not start or end inside a word (a straight or curly apostrophe counts as part of a word before
    it, so "t" does not match the end of "can't"); a pattern that starts or ends with punctuation needs no
    boundary there, and no pattern starts with a space. A straight apostrophe in a pattern also matches a curly
    one. Matches do not overlap: at the leftmost place where any pattern matches, the first group listed that
    matches there wins, so the order of the groups is a priority.

    Args:
        groups: the groups, each a list of patterns; patterns use no capturing groups (``(?:...)`` instead).

    Raises:
        re.error: a pattern does not compile.
    """

    def __init__(self, groups: Sequence[Sequence[str]]) -> None:
        body = "|".join(f"({'|'.join(patterns)})" for patterns in groups).replace("'", "['’]")
        end = "(?:(?!\\w)|(?<=[^\\w'’]))"
        self.keys, self.max_width = required_literals(f"(?:{body}){end}"), max_width(f"(?:{body}){end}")
        # Where a pattern has a one-letter required literal ("i", "u"), it would match inside many words only to
        # be refused in Python; a lookbehind in the pattern is then the cheaper check.
        self._start_in_regex = self.keys is None or min(map(len, self.keys)) < MIN_SCAN_KEY
        # A word's first letter, or punctuation; never a space, where nothing useful starts.
        start = "(?:(?<![\\w'’])(?=[\\w'’])|(?=[^\\w'’ ]))" if self._start_in_regex else ""
        self.regex = re.compile(f"{start}(?:{body}){end}")
        if self.regex.groups != len(groups):
            raise re.error(f"patterns may not hold capturing groups, use (?:...): {[list(g) for g in groups]}")

    def could_match(self, lowered: str) -> bool:
        """False only when the text lacks every required literal, so no match is possible."""
        return self.keys is None or any(map(lowered.__contains__, self.keys))

    def finditer(self, lowered: str) -> Iterator[tuple[int, int, int]]:
        """``(start, end, group index)`` of each non-empty match in ``lowered``, left to right."""
        return self.scan(lowered) if self.could_match(lowered) else iter(())

    def scan(self, lowered: str, lo: int = 0, hi: int | None = None) -> Iterator[tuple[int, int, int]]:
        """As :meth:`finditer`, within ``lowered[lo:hi]`` (``hi`` at a word's end), without looking for the
        required literals first."""
        search, pos, hi = self.regex.search, lo, len(lowered) if hi is None else hi
        while pos <= hi:
            match = search(lowered, pos, hi)
            if match is None:
                return
            start, end = match.span()
            if not self._start_in_regex and start and _inside_word(lowered, start):
                pos = start + 1  # starts inside a word: look again from the next character
                continue
            if end > start:
                yield start, end, match.lastindex - 1
            pos = end if end > start else start + 1


class MatcherSet:
    """Many matchers over one text: each distinct required literal is looked for once per text, and a matcher
    runs only when one of its literals is there, and only around them when its matches have a bounded length:
    a match holds a literal and is at most ``max_width`` long, so it lies within that distance of one.

    Args:
        matchers: the matchers, in order.
    """

    def __init__(self, matchers: Sequence[PatternMatcher]) -> None:
        self.matchers = tuple(matchers)
        self._keys = KeyFinder({k for m in self.matchers for k in m.keys or ()})

    def finditer(self, lowered: str) -> Iterator[tuple[int, int, int]]:
        """``(start, end, matcher index)`` of every match of every matcher, matcher by matcher."""
        present = self._keys.present(lowered)
        for n, matcher in enumerate(self.matchers):
            if matcher.keys is None:
                windows = [(0, len(lowered))]
            elif matcher.keys.isdisjoint(present):
                continue
            elif matcher.max_width is None:
                windows = [(0, len(lowered))]
            else:
                windows = _windows(lowered, matcher.keys & present, matcher.max_width)
            for lo, hi in windows:
                for start, end, _ in matcher.scan(lowered, lo, hi):
                    yield start, end, n


class KeyFinder:
    """Which of many literal strings a text contains, in one pass of one regex.

    The strings are compiled into a trie, inside a lookahead, so the regex reports at each place the longest
    string that starts there; every other string that starts there is a prefix of that one, so the strings a
    text contains are exactly the reported ones and their prefixes among the strings.

    Args:
        keys: the strings.
    """

    def __init__(self, keys: Iterable[str]) -> None:
        self._keys = tuple(sorted(set(keys)))
        self._prefixes = {k: frozenset(p for p in self._keys if k.startswith(p)) for k in self._keys}
        self._regex = re.compile(f"(?=({_trie(self._keys)}))") if len(self._keys) > FEW_KEYS else None

    def present(self, text: str) -> set[str]:
        """The keys that occur in ``text``."""
        if self._regex is None:  # a few substring tests cost less than a pass of the regex
            return set(filter(text.__contains__, self._keys))
        return set().union(*(self._prefixes[k] for k in set(self._regex.findall(text))))


def _trie(keys: Sequence[str]) -> str:
    """A regex that matches the longest of ``keys`` possible at a place (each key escaped)."""
    root: dict[str, dict] = {}
    for key in keys:
        node = root
        for c in key:
            node = node.setdefault(c, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [re.escape(c) + build(child) for c, child in sorted(node.items()) if c]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(root)


def _windows(text: str, keys: set[str] | frozenset[str], width: int) -> list[tuple[int, int]]:
    """Merged stretches of ``text`` within ``width`` characters of an occurrence of a key, each ending at a word's
    end, so that a word boundary at its end is a true one."""
    spans = []
    for key in keys:
        at = text.find(key)
        while at >= 0:
            spans.append((max(at - width, 0), min(at + len(key) + width, len(text))))
            at = text.find(key, at + 1)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for lo, hi in spans:
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    windows = []
    for lo, hi in merged:
        while hi < len(text) and _is_word(text[hi]):
            hi += 1
        windows.append((lo, hi))
    return windows


def required_literals(pattern: str) -> frozenset[str] | None:
    """Strings one of which every match of ``pattern`` contains, or None when that cannot be told.

    Read from the parse tree: a run of literal characters is required; a branch requires one of its branches'
    requirements; a group or a repeat of at least one requires what its body does; anything optional requires
    nothing. Of a sequence's requirements, the most selective is kept.
    """
    try:
        from re import _parser  # private: if it is missing or changed, matching simply runs every pattern

        return _required(list(_parser.parse(pattern)))
    except Exception:  # any surprise in a private API means "cannot tell", never an error
        return None


def max_width(pattern: str) -> int | None:
    """The most characters a match of ``pattern`` can span, or None when unbounded (``+``, ``*``) or unknown."""
    try:
        from re import _parser  # private: if it is missing or changed, matching searches the whole text

        width = _parser.parse(pattern).getwidth()[1]
    except Exception:  # any surprise in a private API means "cannot tell", never an error
        return None
    return width if width < MAX_WINDOW else None


def _required(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    candidates: list[frozenset[str]] = []
    run: frozenset[str] = frozenset()  # the strings a stretch of fixed characters can be ("l" then [1-5])

    def flush() -> None:
        nonlocal run
        if run:
            candidates.append(run)
            run = frozenset()

    for op, av in items:
        name = str(op)
        chars = _chars(name, av)
        if chars is not None and len(run or {""}) * len(chars) <= MAX_VARIANTS:
            run = frozenset(s + c for s in run or {""} for c in chars)
            continue
        flush()
        found: frozenset[str] | None = None
        if chars is not None:
            found = chars
        elif name == "BRANCH":
            branches = [_required(list(b)) for b in av[1]]
            if all(b is not None for b in branches):
                found = frozenset().union(*branches)  # type: ignore[arg-type]
        elif name == "SUBPATTERN":
            found = _required(list(av[-1]))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and av[0] >= 1:
            found = _required(list(av[2]))
        if found:
            candidates.append(found)
    flush()
    # The longest shortest literal, spaces aside (" on " says less than "heel"), then the fewest literals.
    return max(candidates, key=lambda keys: (min(len(k.strip()) for k in keys), -len(keys)), default=None)


def _chars(name: str, av: Any) -> frozenset[str] | None:
    """The characters one parse item matches, when it is one of a few known ones (a literal, a small class)."""
    if name == "LITERAL":
        return frozenset(chr(av))
    if name != "IN":
        return None
    chars: set[str] = set()
    for op, value in av:
        if str(op) == "LITERAL":
            chars.add(chr(value))
        elif str(op) == "RANGE" and value[1] - value[0] < MAX_VARIANTS:
            chars.update(chr(c) for c in range(value[0], value[1] + 1))
        else:
            return None  # a category (\\w), a negation: too many characters to list
    return frozenset(chars)
