"""The allow-list step: a person or place finding the vocabulary knows is no name, unless a strong cue says so.

Presidio's analyzer takes an ``allow_list`` of words it never reports; here one step does that for every
recogniser's person and location findings, after the context words have raised scores. What it knows:

- the reading's vocabulary: a finding that overlaps a mention of ``anecdata_mentions`` (``doc.spans["mention"]``,
  when the pipeline has it) is the medicine, not a name; and the compiled lexicon's phrases, their words,
  its abbreviations and its near spellings of long words, so the step works without mentions too (the
  WNUT-17 task's pipeline has none);
- the same words however people write them: an abbreviation in another case, spacing or plural ("Cf", "A Fib",
  "Mris"), a known word with an ending ("Lightheadedness"), a long word with a letter too many or two swapped
  ("Eosophagitis"), a word of a hyphenated compound read whole ("x-ray"), the end of a known phrase read with
  the word before it ("Christmas Eve");
- the bundled lists (``data/allow_list.toml``): discourse words, nationalities, foods, months, weekdays and
  holidays, care words ("my doc", "my PT"), platforms and companies, medical abbreviations; and the words of
  ``pii.toml``'s ``[stop_list]``;
- shapes no name has: a word with a digit (spine levels and codes: "L5-S1", "C6", "Q10"), an acronym in
  capitals that is no region code ("UA", "POTS"), and common English words in lower case that are no first
  name ("kept it at bay", "the campus").

A finding is dropped when all its words are known this way (or its whole text is a known phrase), when its last
word is known and no name ("Floodlight MS": English names its thing last), or when it overlaps a mention. A
strong cue keeps it all the same: a cue its recogniser recorded besides a context word (a signature, credential,
sign-off, region, attribution, title, a name the thread is signed with), or a title or a person word just before
it ("Dr. Graston", "my neighbour Lupe").
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from presidio_analyzer import RecognizerResult
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span

from anecdata.people import PLAIN_WORDS, REGION_CODES
from anecdata.read.extensions import EXTENSION
from anecdata.read.pii.post import CONTEXT_KEY
from anecdata.read.pii.public import in_organisation, is_public_place, locates_someone, place_key, public_names
from anecdata.read.pii.recognizers.base import CUES_KEY, TITLES
from anecdata.read.pii.tagger import word_frequencies
from anecdata.vocab.compiled import CompiledLexicon, one_deletes
from anecdata.vocab.normalise import phrase_key

ALLOW_LIST_FILE = "allow_list.toml"
MENTIONS_KEY = "mention"
"""``doc.spans`` key of the vocabulary's mentions (``anecdata_mentions``)."""
GUARDED = frozenset({"PERSON", "LOCATION"})
FUZZY_MIN_LENGTH = 7
"""Words shorter than this are matched exactly: "Morton" one edit from "Norton" would hide a name."""
MIN_PHRASE_WORD = 4
"""Shorter words of the lexicon's longer phrases ("of", "the", "leg") are not medical words on their own."""
ACRONYM = re.compile(r"[A-Z]{2,4}s?")
MAX_FOLDED_ABBREVIATION = 6
"""Longest abbreviation (folded, with a plural s) matched in any case: longer ones are words ("Covid" aside)."""
SUFFIXES = ("ness", "ies", "es", "s")
"""Endings that make a known word into another form of it: "Lightheadedness", "Endoscopies", "MRIs"."""
MEDICAL_ENDINGS = (
    "ectomy",
    "ectomies",
    "otomy",
    "otomies",
    "ostomy",
    "oscopy",
    "oscopies",
    "oscopic",
    "plasty",
    "itis",
    "ology",
    "ologist",
    "ologists",
    "opathy",
    "opathic",
    "algia",
)
"""Endings of medical words no name has: a procedure, an inflammation, a speciality ("Thoracoscopic
Sympathectomies", "cardiology") is known as medicine even when the lexicon lacks the word."""
MEDICAL_STEM = 4
"""Letters a word has before a medical ending ("Colitis" yes, "Otis" no)."""
COMPOUND_REACH = 24
COMPOUND_BEFORE = re.compile(r"[^\W_]+-$")
COMPOUND_AFTER = re.compile(r"-[^\W_]+")
PREVIOUS_WORD = re.compile(r"[^\W\d_]+[ \t]+$")
COMMON_COUNT = 1_000
"""Occurrences in pyspellchecker's English word counts from which a lower-case word is taken for the word."""
COUNTRY_CODES = frozenset({"US", "USA", "UK", "UAE", "EU", "NZ", "NYC", "LA", "DC", "SF", "NSW", "QLD"})
"""Capitals that name places, left to the recognisers ("moved to the UK")."""
WORD = re.compile(r"[^\W_]+(?:['’.][^\W_]+)*\.?")
PERSON_WORDS = frozenset(
    (
        "neighbour neighbor friend bestie husband wife hubby partner boyfriend girlfriend fiance fiancee spouse son "
        "daughter kid child baby mom mum mother dad father sister sis brother bro aunt auntie uncle cousin niece "
        "nephew grandma grandmother gran nan nana granny grandpa grandfather grandad grandson granddaughter "
        "stepson stepdaughter stepmom stepdad coworker colleague boss roommate flatmate classmate teacher coach "
        "trainer doctor doc physio therapist surgeon nurse dentist chiropractor neurologist rheumatologist "
        "pharmacist vet named called"
    ).split()
)
"""Words that make the next capitalised word someone ("my neighbour Lupe", "a guy named Mark")."""
_CUE_BEFORE = re.compile(
    r"(?:\b(?:" + "|".join(sorted(TITLES)) + r")\.?|\b(?:" + "|".join(sorted(PERSON_WORDS)) + r")[ \t]*,?)[ \t]+$",
    re.IGNORECASE,
)
_TITLE_BEFORE = re.compile(r"\b(?:" + "|".join(sorted(TITLES)) + r")\.?[ \t]+$", re.IGNORECASE)
_WORK_AFTER = re.compile(
    r"(?:'s|’s|s')?[ \t]+(?:book|books|method|approach|technique|program|programme|protocol|work|theory|exercises)\b",
    re.IGNORECASE,
)


def titled_person(text: str, start: int, end: int) -> bool:
    """Whether a title names the word at ``[start, end)`` as a person, even a word the vocabulary knows ("Dr.
    Graston told me to rest"), unless the phrase is a work or method named after someone ("Dr. X's book") or the
    word a public author's whose name stands for their treatment (``public.toml``'s authors: "Dr. Sarno")."""
    if text[start:end].lower() in public_names().authors or _WORK_AFTER.match(text, end):
        return False
    return bool(_TITLE_BEFORE.search(text, max(start - _LOOK_BEHIND, 0), start))


_LOOK_BEHIND = 24
VERY_COMMON = 20_000
"""Occurrences in pyspellchecker's English counts from which a word whose capitals say nothing is that word, even
when it is also a first name ("mark" 50k, "journey" 42k; "dave" 2k, "emma" 2k)."""
LIST_ITEM = re.compile(r"[ \t]*(?:[-*•+]|\d{1,2}[.)])[ \t]+")
MIN_SHOUTED = 5
"""Letters from which a word in capitals is emphasis, not an acronym ("BRAGS"; "UA", "POTS" are acronyms)."""
AROUND = 40
"""Characters either side of a finding that tell whether its capitals are an acronym or shouting."""


@dataclass(frozen=True, slots=True)
class AllowListWords:
    """What the step knows, lower-cased: single ``words``, whole ``phrases``, ``abbreviations`` as written,
    ``near`` (one-letter deletions of the lay lexicon's long words, so a misspelt "Grasston" is known too),
    ``patterns`` for whole findings."""

    words: frozenset[str]
    phrases: frozenset[str]
    abbreviations: frozenset[str]
    near: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]
    names: frozenset[str] = frozenset()
    """Lower-cased first names, surnames and place words: a word the vocabulary knows that is also one of these
    decides nothing alone ("Stone", "Colon"), and an abbreviation written in lower case is a name ("Ana")."""
    first_names: frozenset[str] = frozenset()
    folded_abbreviations: frozenset[str] = frozenset()
    """The abbreviations lower-cased, without spaces, hyphens and periods ("afib" for "AFib" and "A Fib")."""


@cache
def bundled_lists() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The bundled words, abbreviations and patterns of ``data/allow_list.toml``."""
    text = resources.files("anecdata.read.pii").joinpath("data", ALLOW_LIST_FILE).read_text(encoding="utf-8")
    data = tomllib.loads(text)
    words = tuple(w for group in data.get("words", {}).values() for w in group)
    abbreviations = tuple(w for group in data.get("abbreviations", {}).values() for w in group)
    patterns = tuple(data.get("patterns", {}).values())
    return words, abbreviations, patterns


def build_words(
    extra: Iterable[str],
    lexicon: CompiledLexicon | None,
    lay_words: Iterable[str] = (),
    names: frozenset[str] = frozenset(),
    surnames: frozenset[str] = frozenset(),
    first_names: frozenset[str] = frozenset(),
) -> AllowListWords:
    """The step's tables from ``pii.toml``'s words, the bundled lists, and the compiled lexicon (None: without).

    The words of the lexicon's longer phrases count too ("lupus" of "lupus nephritis"). A word of the lexicon
    that is also a first name or a place (``names``: "Kendrick", a brand of cefotaxime; "Amber"; "Lyme") is left
    out unless the lay lexicon has it: alone it is a name more often than the medicine, and a mention the
    matcher found still counts. ``names`` and ``surnames`` together are the step's names, ``first_names`` its
    first names (``AllowListWords``).
    """
    listed, abbreviations, patterns = bundled_lists()
    lay = {w.lower() for w in lay_words}
    words, phrases = set(PLAIN_WORDS) | lay, set()
    for entry in (*listed, *extra):
        (phrases if " " in entry else words).add(entry.lower())
    abbreviations_set = set(abbreviations)
    if lexicon is not None:
        for key in lexicon.phrases:
            if " " in key:
                phrases.add(key)
                words.update(w for w in key.split(" ") if len(w) >= MIN_PHRASE_WORD and w.isalpha() and w not in names)
            elif key not in names or key in lay:
                words.add(key)
        abbreviations_set |= set(lexicon.abbreviations)
    near: set[str] = set()
    for w in lay:
        if len(w) >= FUZZY_MIN_LENGTH and w.isalpha():
            near |= one_deletes(w)
    return AllowListWords(
        frozenset(words),
        frozenset(phrases),
        frozenset(abbreviations_set),
        frozenset(near),
        tuple(re.compile(p) for p in patterns),
        names | surnames,
        first_names,
        frozenset(fold(a) for a in abbreviations_set if fold(a).isalnum()),
    )


def fold(text: str) -> str:
    """Lower case without spaces, hyphens and periods: how an abbreviation is compared whatever its spelling."""
    return re.sub(r"[\s.\-–]+", "", text).lower()


class AllowList:
    """Drops the person and place findings the vocabulary knows (see the module doc)."""

    def __init__(self, known: AllowListWords) -> None:
        self.known = known

    def knows(self, text: str, around: str = "") -> bool:
        """Whether ``text`` (a finding's text) is no name by the vocabulary, the lists or its shape alone.

        ``around`` is the text about it: a word in capitals reads as an acronym only where the text around is
        not itself written in capitals ("my UA was high", not "OMG JAKE WON").
        """
        stripped = text.strip(" \t\n-–—~*#:;,.!?()[]\"'")
        if not stripped:
            return True
        if any(p.fullmatch(stripped) for p in self.known.patterns):
            return True
        if self._phrase(stripped) or self._abbreviation(stripped):
            return True
        words = WORD.findall(stripped)
        if not words:
            return False
        if not any(c.isupper() for c in stripped) and all(_ordinary(w, self.known.first_names) for w in words):
            return True
        acronyms = not _shouting(around)
        known = [self._word(w, acronyms) for w in words]
        if all(known):
            return True
        # English names its thing last: a known last word makes the phrase medical ("Floodlight MS", "H. Pylori"),
        # unless that word is also a name ("Emma Stone", "Johns Hopkins").
        return len(words) > 1 and known[-1] and _bare(words[-1]).lower() not in self.known.names

    def _abbreviation(self, text: str) -> bool:
        """An abbreviation in another case or spacing ("Cf", "A Fib", "Mris"), unless a first name spells it."""
        folded = fold(text)
        return (
            len(folded) <= MAX_FOLDED_ABBREVIATION
            and folded not in self.known.names
            and (
                folded in self.known.folded_abbreviations or folded.removesuffix("s") in self.known.folded_abbreviations
            )
        )

    def _phrase(self, text: str) -> bool:
        lowered = re.sub(r"['’]s$", "", text).lower()
        if lowered in self.known.phrases or lowered in self.known.words:
            return True
        key = phrase_key(text)
        return key is not None and (key in self.known.phrases or key in self.known.words)

    def _word(self, word: str, acronyms: bool = True) -> bool:
        word = _bare(word)
        if not word or any(c.isdigit() for c in word) or word in self.known.abbreviations:
            return True
        if acronyms and ACRONYM.fullmatch(word) and word.rstrip("s") not in REGION_CODES and word not in COUNTRY_CODES:
            return True
        lowered = word.lower()
        if lowered in self.known.words or lowered.strip(".") in TITLES:
            return True
        key = phrase_key(word)
        if key is not None and key in self.known.words:
            return True
        if any(lowered.endswith(end) and lowered[: -len(end)] in self.known.words for end in SUFFIXES):
            return True  # "Lightheadedness", "Endoscopies"
        if any(lowered.endswith(end) and len(lowered) - len(end) >= MEDICAL_STEM for end in MEDICAL_ENDINGS):
            return True  # "Sympathectomies", "Thoracoscopic"
        if len(lowered) < FUZZY_MIN_LENGTH or not lowered.isalpha() or lowered in self.known.names:
            return False
        edits = one_deletes(lowered)
        return not self.known.near.isdisjoint(edits) or not self.known.words.isdisjoint(edits | _transposes(lowered))

    def filter(self, text: str, results: Sequence[RecognizerResult], doc: Doc | None) -> list[RecognizerResult]:
        """``results`` without the person and place findings the vocabulary knows and no strong cue names."""
        mentions = _mention_extents(doc)
        title_end = _title_end(doc)
        # A large place that locates someone once is theirs wherever the post names it: one left bare would leak.
        located = {
            place_key(text[r.start : r.end])
            for r in results
            if r.entity_type in GUARDED
            and is_public_place(text[r.start : r.end])
            and locates_someone(text, r.start, r.end, title_end)
        }
        kept = []
        authors = public_names().authors
        for r in results:
            if r.entity_type in GUARDED and self.public(text, r, located):
                continue
            if _bare(text[r.start : r.end]).lower() in authors:
                continue  # a public author whose name stands for a treatment ("Dr. Sarno's book")
            plain = r.entity_type == "PERSON" and self.plain_word(text, r.start, r.end, title_end)
            if plain and not self.cued(text, r):
                continue
            around = text[max(r.start - AROUND, 0) : r.start] + " " + text[r.end : r.end + AROUND]
            known = _overlaps(r.start, r.end, mentions) or self.knows(text[r.start : r.end], around)
            if not known and (compound := _compound(text, r.start, r.end)) is not None:
                known = self.knows(compound, around)  # a word of a hyphenated one ("x-ray", "long-Covid")
            if not known and (before := PREVIOUS_WORD.search(text, max(r.start - COMPOUND_REACH, 0), r.start)):
                known = self._phrase(text[before.start() : r.end])  # the end of a known phrase ("Christmas Eve")
            if r.entity_type in GUARDED and known and not self.cued(text, r):
                continue
            kept.append(r)
        return kept

    def public(self, text: str, result: RecognizerResult, located: frozenset[str] | set[str] = frozenset()) -> bool:
        """A public name (``public.py``): a unit no smaller than a state that locates no one (its ``place_key``
        not in ``located``), or a word of an institution's, a publication's or a platform's name; a cue its
        recogniser recorded keeps it all the same, a title before it does not ("Dr. Google")."""
        if any(c.kind != "context" for c in (result.recognition_metadata or {}).get(CUES_KEY, ())):
            return False
        found = text[result.start : result.end]
        if in_organisation(text, result.start, result.end):
            return True
        return is_public_place(found) and place_key(found) not in located

    def plain_word(self, text: str, start: int, end: int, title_end: int = 0) -> bool:
        """A one-word finding whose capitals say nothing, read as the word it spells.

        People write names in lower case, list items start with a capital, titles capitalise every word and
        emphasis shouts: there a word as common in English as "mark", "journey" or "constant"
        (``VERY_COMMON``) is that word, a first name or not; and a shouted word of five letters or more that no
        gazetteer knows as a name ("RAFFINOSE") is emphasis.
        """
        word = text[start:end]
        if not word.isalpha():
            return False
        lowered = word.lower()
        if word.isupper() and len(word) >= MIN_SHOUTED and lowered not in self.known.names:
            return True
        if not (word.islower() or start < title_end or _opens_a_list_item(text, start)):
            return False
        return word_frequencies().get(lowered, 0) >= VERY_COMMON

    @staticmethod
    def cued(text: str, result: RecognizerResult) -> bool:
        """A cue its recogniser recorded (a context word aside), or a title or person word just before it."""
        cues = (result.recognition_metadata or {}).get(CUES_KEY, ())
        if any(c.kind != "context" for c in cues):
            return True
        return bool(_CUE_BEFORE.search(text, max(result.start - _LOOK_BEHIND, 0), result.start))


def _opens_a_list_item(text: str, start: int) -> bool:
    """Whether ``start`` is the first word of a list item ("- Constant feeling", "2. Bloating"), which lists
    capitalise whatever the word."""
    bullet = LIST_ITEM.match(text, text.rfind("\n", 0, start) + 1)
    return bullet is not None and bullet.end() == start


def _title_end(doc: Doc | None) -> int:
    """Where the post's title ends in its text (0 without one): the reader's ``PostContext.title``."""
    context = (doc.user_data.get(CONTEXT_KEY) or {}).get("context") if doc is not None else None
    title = getattr(context, "title", None)
    return title.end if title is not None and title.start == 0 else 0


def _compound(text: str, start: int, end: int) -> str | None:
    """The hyphenated word a finding is part of, or None when no hyphen joins it to a neighbouring word."""
    before = COMPOUND_BEFORE.search(text, max(start - COMPOUND_REACH, 0), start)
    after = COMPOUND_AFTER.match(text, end)
    if before is None and after is None:
        return None
    return text[before.start() if before else start : after.end() if after else end]


def _bare(word: str) -> str:
    """A word without a possessive "'s" or a final period."""
    return re.sub(r"['’]s$|\.$", "", word)


def _transposes(word: str) -> set[str]:
    """Every spelling with two neighbouring letters swapped ("omicorn" → "omicron")."""
    return {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}


def _ordinary(word: str, first_names: frozenset[str]) -> bool:
    """A stop word, or an English word common enough (``COMMON_COUNT``) that written in lower case it is the word
    ("bay", "awoke", "campus"); not a first name ("emma", "mark": people write names in lower case too), nor a
    rarer word ("maryland")."""
    lowered = _bare(word).lower()
    if lowered in STOP_WORDS:
        return True
    return lowered not in first_names and word_frequencies().get(lowered, 0) >= COMMON_COUNT


def _shouting(text: str) -> bool:
    """Most letters in capitals (at least 4 letters to judge by)."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) * 2 > len(letters)


def _mention_extents(doc: Doc | None) -> list[tuple[int, int]]:
    """The extents of the vocabulary's mentions; a drug kept as written (not normalised: "Emma 5ml") proves
    nothing against a name."""
    if doc is None or MENTIONS_KEY not in doc.spans:
        return []
    return sorted((s.start_char, s.end_char) for s in doc.spans[MENTIONS_KEY] if normalised(s))


def normalised(span: Span) -> bool:
    """Whether a mention span was resolved to a vocabulary concept (``attrs["normalised"]``, True by default)."""
    return bool(((span._.get(EXTENSION) or {}).get("attrs") or {}).get("normalised", True))


def _overlaps(start: int, end: int, extents: Sequence[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in extents)
