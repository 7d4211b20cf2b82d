"""Where sentences end in forum text: no capitals, ellipses, run-on lines, abbreviations, hard line breaks."""

from __future__ import annotations

import re

ABBREVIATIONS = frozenset(
    "dr mr mrs ms st vs etc e.g i.e approx min max no nos mt ft jr sr prof dept fig wk wks hr hrs mo mos yr "
    "yrs appt approx. cf al inc ltd co".split()
)
"""Words that end in a full stop without ending the sentence (unless a capitalised word follows; see below)."""

CLAUSE_STARTERS = frozenset(
    "i i'm i've i'd i'll we you he she they it its it's the this that these those my our there then so but "
    "and now not no yes".split()
)
"""After an ellipsis, these words start a new sentence ("accept...we are"), other words continue it."""

_END = re.compile(r"(?P<punct>\.{2,}|…|[.!?]+)(?P<close>[\"')\]]*)(?=\s|$|[A-Za-z])")
_NEXT_WORD = re.compile(r"\s*(?P<word>[\w'’]+)?")
_LINE_BREAK = re.compile(r"\n")
HARD_WRAP_MIN = 60
"""A line at least this long that ends without punctuation and is followed by a lowercase line was wrapped."""


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Half-open character extents of the sentences in ``text``, trimmed of surrounding whitespace."""
    cuts = set()
    for m in _END.finditer(text):
        if _ends_sentence(text, m):
            cuts.add(m.end())
    for m in _LINE_BREAK.finditer(text):
        if not _is_hard_wrap(text, m.start()):
            cuts.add(m.start())
    spans = []
    pos = 0
    for cut in sorted(cuts | {len(text)}):
        start, end = pos, cut
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            spans.append((start, end))
        pos = cut
    return spans


def _ends_sentence(text: str, m: re.Match[str]) -> bool:
    punct = m["punct"]
    nxt = _NEXT_WORD.match(text, m.end())
    word = (nxt["word"] or "") if nxt else ""
    glued = m.end() < len(text) and not text[m.end()].isspace()
    if punct in ("...", "…") or (len(punct) >= 2 and set(punct) == {"."}):
        return word.lower() in CLAUSE_STARTERS or word[:1].isupper() or not word
    if "?" in punct or "!" in punct:
        return not glued or word[:1].isupper()
    # A single full stop.
    before = re.search(r"([\w.]+)$", text[max(0, m.start() - 40) : m.start()])
    token = before.group(1).lower() if before else ""
    if glued:
        # "heat.I use" ends a sentence; "e.g.", "3.5" and "www.site.com" do not.
        return (word[:1].isupper() and not token.replace(".", "").isdigit() and len(word) > 1) or word == "I"
    if token in ABBREVIATIONS or token.rstrip(".") in ABBREVIATIONS:
        return word[:1].isupper() and token not in {"dr", "mr", "mrs", "ms", "st", "prof", "mt"}
    is_initial = len(token) == 1 and token.isalpha() and word[:1].isupper()  # "J. Smith"
    return not is_initial


def _is_hard_wrap(text: str, newline: int) -> bool:
    line_start = text.rfind("\n", 0, newline) + 1
    line = text[line_start:newline]
    following = text[newline + 1 : newline + 2]
    return len(line) >= HARD_WRAP_MIN and line[-1:].isalpha() and following.islower()
