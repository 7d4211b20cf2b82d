"""Public names: large places that locate no one, and institutions, which are no private person or place.

Two principles decide, not lists of particular posts:

- HIPAA's Safe Harbor method counts every geographic unit *smaller than a state* as an identifier. A continent,
  a union of countries or a region of several ("Europe", "the European Union", "the Middle East") is far larger:
  it is private only where it says where someone is ("we moved to Europe", a title's "(EU)"), and public where
  the text speaks of the world ("used a lot in Europe", "devices sold in the European Union"). Countries and
  states stay masked: writers name their own far more often than any other ("I live in Belgium", "im from
  maryland"). The table is ``data/public.toml``, which cites the rule.
- An institution or a publication is public: a finding inside a proper name headed by an organisation word
  ("Medical College of Wisconsin", "Annals of Neurology", "the University") or a platform ("Dr. Google") names
  no private person. Care places are left out on purpose: where someone was treated locates them.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

PUBLIC_FILE = "public.toml"
ALLOW_LIST_FILE = "allow_list.toml"
WORDS_BEFORE = 6
"""Words before a large place searched for someone it locates ("I live in", "my honeymoon in")."""
WORDS_AFTER = 4
"""... and after it ("In the UK, I got", "the US (where I am")."""
FIRST_PERSON = frozenset("i i'm im i've ive i'd id me my mine myself we we're our ours us".split())
"""Words that put the writer (or their family) in a sentence; "us" counts only in lower case (not "US")."""
RESIDENCE = frozenset(
    "live lives living lived reside resides residing resident born raised moved move moving located based home "
    "citizen native".split()
)
"""Words that locate someone without a pronoun ("living in Colorado", "born and raised")."""
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
NAME_RUN_WORD = re.compile(r"[A-Z][\w'’.&-]*")
CONNECTORS = frozenset({"of", "the", "for", "and", "&", "de", "du", "la"})
"""Small words inside a proper name ("College of Wisconsin"), crossed when a capitalised word follows them."""
RUN_REACH = 80
REACH = 80
"""Characters searched either side of a place for the words about it (more than ``WORDS_BEFORE`` words)."""


@dataclass(frozen=True, slots=True)
class PublicNames:
    """Lower-cased ``places`` larger than a country or a state, and ``organisations`` words (institutions,
    publications, platforms)."""

    places: frozenset[str]
    organisations: frozenset[str]
    authors: frozenset[str] = frozenset()
    """Public figures whose name stands for the treatment they published ("Dr. Sarno")."""


@cache
def public_names() -> PublicNames:
    """``data/public.toml``'s places, organisations and authors, with the allow-list's platforms and companies."""
    data = resources.files("anecdata.read.pii").joinpath("data")
    public = tomllib.loads(data.joinpath(PUBLIC_FILE).read_text(encoding="utf-8"))
    allow = tomllib.loads(data.joinpath(ALLOW_LIST_FILE).read_text(encoding="utf-8"))
    organisations = {*public["organisations"]["words"], *allow["words"].get("platforms", ())}
    return PublicNames(
        frozenset(p.lower() for p in public["places"]["regions"]),
        frozenset(w.lower() for w in organisations),
        frozenset(a.lower() for a in public.get("authors", {}).get("names", ())),
    )


def place_key(text: str) -> str:
    """A place's name compared: without "the", surrounding punctuation and a final period, lower case."""
    return re.sub(r"^(?i:the)\s+", "", text.strip(" \t\n,;:!?()[]\"'")).rstrip(".").lower()


def is_public_place(text: str, names: PublicNames | None = None) -> bool:
    """Whether ``text`` is a unit larger than a country or a state: a continent, a union or a region of several."""
    return place_key(text) in (names or public_names()).places


def locates_someone(text: str, start: int, end: int, title_end: int = 0) -> bool:
    """Whether the place at ``[start, end)`` says where someone is: it is in the title (``[0, title_end)``, which
    speaks for the writer), or a first-person or residence word is among the words about it on its line."""
    if start < title_end:
        return True
    line_start = text.rfind("\n", max(start - REACH, 0), start) + 1 or max(start - REACH, 0)
    line_end = text.find("\n", end, end + REACH)
    line_end = min(end + REACH, len(text)) if line_end < 0 else line_end
    before = WORD.findall(text, line_start, start)[-WORDS_BEFORE:]
    after = WORD.findall(text, end, line_end)[:WORDS_AFTER]
    return any(_personal(w) for w in (*before, *after))


def _personal(word: str) -> bool:
    lowered = word.lower().replace("’", "'")
    if lowered == "us":
        return word == "us"
    return lowered in FIRST_PERSON or lowered in RESIDENCE


def in_organisation(text: str, start: int, end: int, names: PublicNames | None = None) -> bool:
    """Whether ``[start, end)`` is part of a proper name one of whose words names an institution, a publication
    or a platform ("Annals of Neurology", "the University of Calgary", "Dr. Google")."""
    names = names or public_names()
    words = [m[0] for m in NAME_RUN_WORD.finditer(text, start, end)] or [text[start:end]]
    words += _run(text, start, backwards=True) + _run(text, end, backwards=False)
    return any(w.lower().strip(".'’") in names.organisations for w in words)


def _run(text: str, at: int, backwards: bool) -> list[str]:
    """The capitalised words (and connectors between them) that continue a proper name from ``at``; punctuation
    between two words ends the name ("Charleston, MA"), and so does a line break (a signature's next line)."""
    if backwards:
        tokens = re.findall(r"\S+", text[max(at - RUN_REACH, 0) : at].rpartition("\n")[2])[::-1]
        partial = bool(text[max(at - 1, 0) : at].strip())
    else:
        tokens = re.findall(r"\S+", text[at : at + RUN_REACH].partition("\n")[0])
        partial = bool(text[at : at + 1].strip())
    if partial:
        if not tokens or tokens[0].strip(".'’s"):
            return []  # punctuation or a word glued to the finding: the name ends here
        tokens = tokens[1:]
    run: list[str] = []
    pending: list[str] = []
    for token in tokens:
        word = token.strip(',;:!?()[]"')
        closed_before, closed_after = (
            token[: len(token) - len(token.lstrip(',;:!?()[]"'))],
            token.endswith(tuple(',;:!?()[]"')),
        )
        if backwards and (closed_after or not word):
            break
        if not backwards and (closed_before or not word):
            break
        if word.lower() in CONNECTORS:
            pending.append(word)
            continue
        if not NAME_RUN_WORD.fullmatch(word):
            break
        run += [*pending, word]
        pending = []
        if (closed_before if backwards else closed_after) or word.endswith("."):
            break
    return run
