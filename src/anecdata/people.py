"""How people are named and sign in forum text: what a name, a credential, a region code look like, and which names
name the same person. Shared by the pasted-thread reader (where a post ends, who wrote it), the PII recognisers
(what to hide), thread logic (whose posts are one writer's) and redaction (one stand-in per person), so all of them
read people the same way.

Who a name is, at two scopes, both owned here:

- **within one thread**, :func:`same_person`: names sharing a word are one writer ("Lena", "lumbar_lena"), since
  one thread rarely holds two people of one name; thread logic and the pasted-thread reader join posts by it.
- **across a store**, :class:`People`: one number per person for redaction's stand-ins. Many people share a first
  name across a corpus, so a first name joins a full name only while no other full name shares it. Two names of
  words of three letters or more that it numbers as one, ``same_person`` calls one person too (a test checks
  it); the converse need not hold ("Lena" and "lumbar_lena" are one writer in a thread, two stand-ins in a store).

Whom a record is about (a writer, or someone a writer speaks of) is :class:`anecdata.model.Person`.
"""

from __future__ import annotations

import re
from functools import cache

CREDENTIALS = frozenset(
    "LMT RMT CMT PT DPT MPT PTA MD DO DC RN NP PA PA-C ATC CSCS PhD MSc MS BSc LAc OT OTR ND MBBS FRCS CPT".split()
)
"""Professional credentials that follow a name in a signature ("Derek Olufsen, DPT")."""
US_STATES = frozenset(
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH "
    "OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC".split()
)
CA_PROVINCES = frozenset("AB BC MB NB NL NS NT NU ON PE QC SK YT".split())
REGION_CODES = US_STATES | CA_PROVINCES
"""Two-letter codes after a town in a signature ("Duluth, MN")."""
PLAIN_WORDS = frozenset(
    "hi hello hey hiya dear yes no yeah yep nope ok okay so well also however anyway anyhow besides thanks thank "
    "sorry first then now again plus still instead update edit true agreed wow oh ugh hmm right sure lol haha "
    "mine me you him her them everyone everybody all guys folks friends team people forum ladies today yesterday "
    "tomorrow recently eventually unfortunately honestly actually basically personally otherwise meanwhile "
    "overall sadly luckily hopefully interestingly seriously literally later afterwards therefore secondly "
    "finally lastly similarly likewise moreover furthermore initially originally generally typically usually "
    "normally ideally frankly apparently obviously definitely surprisingly fortunately background context note "
    "ps p.s tldr tl;dr disclaimer warning symptoms diagnosis treatment results best cheers regards love hugs "
    "only really truly mostly lately nearly simply surely early daily likely rarely barely".split()
)
"""Words that open or close forum sentences and are never a name on their own ("Thanks", "Everyone")."""
ADVERB_LENGTH = 8

MIN_NAME_WORD = 3


@cache
def is_plain_word(word: str) -> bool:
    """An ordinary English word by its spelling alone: a stop word, a discourse word, a long -ly adverb, one letter.

    Short -ly words are names as often as adverbs (Kelly, Emily, Molly), so only those listed count.
    """
    from spacy.lang.en.stop_words import STOP_WORDS  # here, so redaction can number people without loading spaCy

    w = word.lower().strip("'.")
    return w in STOP_WORDS or w in PLAIN_WORDS or (w.endswith("ly") and len(w) >= ADVERB_LENGTH) or len(w) < 2


def looks_like_name(candidate: str) -> bool:
    """A short run of capitalised words, none of them an ordinary English word."""
    words = candidate.split()
    return 0 < len(words) <= 3 and all(w[:1].isupper() and not is_plain_word(w) for w in words)


def name_words(name: str) -> set[str]:
    """The lowercase words of a name or username of three letters or more ("greg_h" → {"greg"})."""
    return {w for w in re.split(r"[^a-z0-9]+", name.lower()) if len(w) >= MIN_NAME_WORD}


def same_person(a: str | None, b: str | None) -> bool:
    """Whether two ways of naming someone plausibly name the same person ("Lena", "lumbar_lena", "Lena Moss").

    True when the names share a word of three or more letters; usernames split at ``_``, ``.`` and ``-``. Names
    only: a writer the text does not name ("writer of post 2", a :class:`~anecdata.model.Person` whose ``named``
    is false) is only themself, which the caller holding the ``Person`` knows (see ``thread._canonical``).
    """
    if not a or not b:
        return False
    return bool(name_words(a) & name_words(b))


_NAME_PART = re.compile(r"[^\W_]+")


def name_parts(name: str) -> list[str]:
    """A name's words as written, without the ``@`` of a handle or its underscores ("@greg_h" → greg, h)."""
    return _NAME_PART.findall(name)


class People:
    """One number per person across a store, whether named in full, by first name or by handle (redaction's
    stand-ins: ``Person-1``).

    "Marisol Quintero", "Marisol" and "@Marisol" are one person; so are the author "greg_h" and a reply's
    "Greg". A first name alone joins the one full name it begins, and a full name joins a first name seen
    alone before it; when two full names share a first name, that first name alone gets a number of its own,
    so two people are never merged by it.
    """

    def __init__(self) -> None:
        self._number: dict[tuple[str, ...], int] = {}
        self._by_first: dict[str, set[int]] = {}
        self._count = 0

    def number(self, value: str) -> int:
        words = tuple(w.lower() for w in name_parts(value)) or (value.lower(),)
        if words in self._number:
            return self._number[words]
        first = words[0]
        known = self._by_first.get(first, set())
        if len(words) == 1 and len(known) == 1:
            number = next(iter(known))
        elif len(words) > 1 and (first,) in self._number and len(known) == 1:
            number = self._number[(first,)]
        else:
            self._count += 1
            number = self._count
        self._number[words] = number
        self._by_first.setdefault(first, set()).add(number)
        return number
