"""Abstract sentences as half-open character intervals, so a matched sentence can be shown where it stands.

Abstracts are edited prose: a sentence ends at ``.``, ``!`` or ``?`` before whitespace and a capital, digit or
bracket, unless the word before the stop is a known abbreviation ("et al.", "vs.") or an initial. Lines end
sentences too, because structured abstracts put each section on its own line ("RESULTS" or "RESULTS: ...");
a line of three words or fewer without a closing stop is a section heading, not a sentence.
This is not the reading pipeline's sentence splitter, which is tuned for forum posts and lives above this layer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_BOUNDARY = re.compile(r"[.!?][\"')\]]*\s+(?=[A-Z0-9(\[])")
_LAST_WORD = re.compile(r"([A-Za-z]+)\.$")
ABBREVIATIONS = frozenset({"al", "approx", "ca", "cf", "dr", "eg", "etc", "fig", "ie", "inc", "no", "vs", "viz"})
"""Words that end in a stop without ending the sentence, lower-cased, without the stop."""
HEADING_MAX_WORDS = 3


def sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """The ``(start, end)`` of each sentence of ``text``, in order, stripped of surrounding whitespace."""
    position = 0
    for line in text.splitlines(keepends=True):
        line_start, position = position, position + len(line)
        start = line_start
        for boundary in _BOUNDARY.finditer(line):
            end = line_start + boundary.start() + 1
            if _ends_with_abbreviation(text[start:end]):
                continue
            yield from _stripped(text, start, end)
            start = line_start + boundary.end()
        yield from _stripped(text, start, position)


def _ends_with_abbreviation(sentence: str) -> bool:
    found = _LAST_WORD.search(sentence)
    if found is None:
        return False
    word = found.group(1)
    return len(word) == 1 or word.lower() in ABBREVIATIONS


def _stripped(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The interval without its outer whitespace; nothing for blank stretches and bare section headings."""
    chunk = text[start:end]
    left = len(chunk) - len(chunk.lstrip())
    right = len(chunk.rstrip())
    if left >= right:
        return
    body = chunk[left:right]
    if len(body.split()) <= HEADING_MAX_WORDS and not body.endswith((".", "!", "?")):
        return  # a section heading: "BACKGROUND", "Results", "Conclusions:"
    yield start + left, start + right
