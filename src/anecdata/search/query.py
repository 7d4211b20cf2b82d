"""A user's search text as full-text queries that cannot break: words only, each quoted, joined by OR.

User text never reaches the database as syntax. It is cut into ``\\w+`` words (so no quote, bracket, star,
colon or operator survives), lower-cased, stop words dropped, and each word becomes a quoted FTS5 phrase or a
PostgreSQL tsquery lexeme; the query is passed as a bound parameter, never spliced into SQL. Bare ``OR``,
``AND``, ``NOT`` and ``NEAR`` are plain words once quoted.

Recall: any word may match (OR), best-matching posts first by bm25 / ``ts_rank``. The posts' FTS5 index has no
stemmer (``unicode61``), so a word of :data:`PREFIX_MIN` letters or more is cut to a light stem and searched as
a prefix: "conclusions" finds "conclusion", "caused" finds "cause" and "causes". Sentences are then matched
against the same stems in Python (:meth:`ParsedQuery.matches`), so what is highlighted is what was searched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

WORD = re.compile(r"[^\W_]+", re.UNICODE)
PREFIX_MIN = 5
"""Words this long or longer are searched by their light stem as a prefix."""
MAX_TERMS = 16
"""At most this many words of a query are searched (the first ones): a pasted paragraph stays a cheap query."""
MAX_QUERY_CHARS = 1000
"""Text after this many characters is ignored."""
_SUFFIXES = ("ations", "ation", "ings", "ing", "ions", "ion", "edly", "ed", "es", "ly", "s")
STOP_WORDS = frozenset(
    """
    a about above after again against all am an and any are aren as at be because been before being below between
    both but by can cannot could couldn did didn do does doesn doing don down during each few for from further
    had hadn has hasn have haven having he her here hers herself him himself his how i if in into is isn it its
    itself just let me more most my myself no nor not of off on once only or other ought our ours ourselves out
    over own same she should shouldn so some such than that the their theirs them themselves then there these
    they this those through to too under until up very was wasn we were weren what when where which while who
    whom why will with won would wouldn you your yours yourself yourselves anyone anybody people someone
    get got did does also s t ll ve re d m
    """.split()
)
"""Words too common to help find a sentence ("how did people ..."): dropped from queries."""


def stem(word: str) -> str:
    """A light stem: one common suffix off a word of :data:`PREFIX_MIN` letters or more, keeping four letters."""
    if len(word) < PREFIX_MIN:
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


@dataclass(frozen=True, slots=True)
class Term:
    """One searched word: as typed (lower-cased) and the key it is searched by (a prefix when ``prefix``)."""

    word: str
    key: str
    prefix: bool

    def matches(self, token: str) -> bool:
        """Whether a lower-cased word of a text is this term."""
        return token.startswith(self.key) if self.prefix else token == self.key


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """A search text's terms, and the same terms written for each database."""

    text: str
    terms: tuple[Term, ...]

    @property
    def empty(self) -> bool:
        return not self.terms

    def fts5(self) -> str:
        """An FTS5 MATCH expression: any term, each a quoted phrase (``"caus"*`` for a prefix term)."""
        return " OR ".join(f'"{t.key}"*' if t.prefix else f'"{t.key}"' for t in self.terms)

    def tsquery(self) -> str:
        """A ``to_tsquery('english', ...)`` text: any term (``caus:*`` for a prefix term), joined by ``|``.

        The keys are ``\\w+`` without underscores, so none of tsquery's operators or quotes can appear.
        """
        return " | ".join(f"{t.key}:*" if t.prefix else t.key for t in self.terms)

    def pattern(self) -> re.Pattern[str]:
        """One regular expression for every term (escaped): a prefix term takes any word ending."""
        return _compiled(self.terms)

    def matches(self, text: str, offset: int = 0) -> list[tuple[int, int, int]]:
        """The words of ``text`` that match a term: ``(start, end, term index)``, offsets shifted by ``offset``."""
        found = []
        for m in self.pattern().finditer(text):
            token = m[0].lower()
            index = next((i for i, term in enumerate(self.terms) if term.matches(token)), None)
            if index is not None:
                found.append((m.start() + offset, m.end() + offset, index))
        return found


@lru_cache(maxsize=64)
def _compiled(terms: tuple[Term, ...]) -> re.Pattern[str]:
    if not terms:
        return re.compile(r"(?!)")
    alternatives = "|".join(re.escape(t.key) + (r"[^\W_]*" if t.prefix else "") for t in terms)
    return re.compile(f"(?<![^\\W_])(?:{alternatives})(?![^\\W_])", re.IGNORECASE)


def parse_query(text: str) -> ParsedQuery:
    """The searchable terms of a user's text (see the module docstring); an empty query when none is left."""
    text = (text or "")[:MAX_QUERY_CHARS]
    seen: dict[str, Term] = {}
    for m in WORD.finditer(text):
        word = m[0].lower()
        if word in STOP_WORDS or (len(word) < 2 and not word.isdigit()):
            continue
        key = stem(word)
        if key not in seen:
            seen[key] = Term(word, key, len(word) >= PREFIX_MIN)
        if len(seen) == MAX_TERMS:
            break
    return ParsedQuery(text, tuple(seen.values()))
