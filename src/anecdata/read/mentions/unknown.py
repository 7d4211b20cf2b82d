"""Drugs the vocabulary does not know, kept as written rather than dropped: a name taken with a dose, or a word
built on an international nonproprietary name stem.

Two cues, each strong on its own:

- a dose: a capitalised word (or one in capitals) right before an amount ("Qelbree 200mg", "Zorvex 5 mg") or
  after "<amount> of" ("20mg of Zorvex"); the word is not a common word people put there ("took 20mg", "about
  5mg", "Daily 10mg");
- a stem: a word of seven letters or more ending in a stem the WHO's INN programme and USAN give to one drug
  class ("-prazole" proton pump inhibitors, "-gliflozin", "-triptan", "-mab" antibodies ...), written as people
  misspell or as a drug newer than the dictionary.

What either finds becomes a ``drug`` mention with no concept, ``normalised`` False, named by its words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS

_AMOUNT = r"\d+(?:[.,]\d+)?\s?(?:mg|mcg|µg|ug|ml|iu|units?)\b"
DOSE_AFTER = re.compile(rf"\b(?P<name>[A-Z][A-Za-z-]{{3,}})\s+(?:\(\s*)?{_AMOUNT}")
"""A capitalised name right before an amount: "Qelbree 200mg", "Zorvex (5 mg)"."""
DOSE_BEFORE = re.compile(rf"{_AMOUNT}\s+(?:of\s+)?(?P<name>[A-Z][A-Za-z-]{{3,}})\b")
"""An amount, then the name: "20mg of Zorvex", "5 mg Zorvex"."""
NOT_NAMES = frozenset(
    {
        "took", "take", "taking", "takes", "started", "start", "starting", "upped", "increased", "increase",
        "decreased", "decrease", "reduced", "dropped", "down", "about", "around", "approx", "approximately", "only",
        "just", "daily", "extra", "another", "total", "now", "then", "added", "adding", "tried", "prescribed",
        "dose", "doses", "dosage", "plus", "max", "maximum", "min", "minimum", "currently", "tablet",
        "tablets", "pill", "pills", "capsule", "capsules", "injection", "injections", "shot", "shots", "drops",
        "edit", "update", "morning", "night", "evening", "day", "week", "month", "year", "today", "yesterday",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
        "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
        "generic", "brand", "liquid", "oral", "twice", "once", "every", "each", "per", "like", "also",
    }
)  # fmt: skip
"""Capitalised words people write next to an amount that are no drug's name."""
VERB_ENDINGS = ("ed", "ing")
"""A word so ending beside a dose is what was done with it ("Popped 400mg", "Switching 10mg"), not a brand."""
INN_STEMS = (
    "prazole", "tidine", "gliflozin", "gliptin", "glutide", "triptan", "setron", "sartan", "statin", "olol",
    "dipine", "cycline", "floxacin", "mycin", "cillin", "azepam", "azolam", "oxetine", "pramine", "triptyline",
    "tinib", "zumab", "ximab", "mumab", "lukast", "dronate", "parin", "xaban", "gatran", "semide", "thiazide",
    "afil", "profen", "coxib", "caine", "conazole", "vudine", "tegravir", "buvir", "previr", "asvir", "sonide",
    "tropium",
)  # fmt: skip
"""INN and USAN stems that name a drug class, from the WHO's "The use of stems in the selection of INN"
(2018) and the USAN Council's stem list: a word ending in one is a drug."""
MIN_STEM_WORD = 7
_STEM_WORD = re.compile(r"\b[A-Za-z][a-z-]{2,}(?:" + "|".join(INN_STEMS) + r")s?\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class UnknownDrug:
    """A drug name the vocabulary lacks: its extent and the cue that marks it."""

    start: int
    end: int
    cue: str


def find_unknown_drugs(text: str, known: Iterable[tuple[int, int]]) -> Iterator[UnknownDrug]:
    """Drug names in ``text`` that overlap none of the ``known`` mention extents, left to right, each once."""
    taken = sorted(known)
    seen: set[tuple[int, int]] = set()
    found = []
    for pattern, cue in ((DOSE_AFTER, "a dose after it"), (DOSE_BEFORE, "a dose before it")):
        for m in pattern.finditer(text):
            word = m["name"].lower()
            if word not in NOT_NAMES and word not in STOP_WORDS and not word.endswith(VERB_ENDINGS):
                found.append(UnknownDrug(m.start("name"), m.end("name"), cue))
    for m in _STEM_WORD.finditer(text):
        if m.end() - m.start() >= MIN_STEM_WORD:
            found.append(UnknownDrug(m.start(), m.end(), "a drug-class stem (INN)"))
    for drug in sorted(found, key=lambda d: d.start):
        extent = (drug.start, drug.end)
        if extent in seen or any(a < drug.end and drug.start < b for a, b in taken):
            continue
        seen.add(extent)
        yield drug
