"""Drug names and brands from ``drug-named-entity-recognition``'s bundled dictionary (MeSH ids and trees).

One entry per medicine: a brand resolves to its ingredient (Aleve → naproxen), and a combination product is one
entry however the dictionary spells it ("elexacaftor, tezacaftor, and ivacaftor" and
"elexacaftor/tezacaftor/ivacaftor" are Trikafta and Kaftrio alike), its ingredients kept for
:func:`anecdata.vocab.classes.ingredients`. A qualifier in brackets ("ofatumumab (multiple sclerosis)") does not
make another medicine either. What is not a treatment is left out by ``data/drug_exclusions.tsv``: MeSH branches
of laboratory chemicals, the body's own substances and lab values. So are phrasings made only of common
English words ("all clear" as a brand of naphazoline). A research compound the dictionary knows by no MeSH tree,
consumer page or article keeps only its own name: its brand list is unreliable ("Tetris" for profoxydim).
"""

from __future__ import annotations

import bz2
import pickle
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from anecdata.errors import DataError
from anecdata.vocab.lexicon import LexiconEntry
from anecdata.vocab.normalise import phrase_key
from anecdata.vocab.tables import table_rows

PACKAGE = "drug-named-entity-recognition"
DRUG_CLASS_TREE = "D27"
"""MeSH tree D27 (Pharmacologic Actions) holds classes of drugs (statins, NSAIDs), not single drugs."""
MAX_WORDS = 4
EXCLUSIONS = "drug_exclusions.tsv"
COMMON_WORD_RANK = 5000
"""A multi-word phrasing all of whose words are among this many most frequent English words is not a brand."""
CONSUMER_PAGES = ("medline_plus_id", "nhs_url")
KNOWN_AS_MEDICINE = (*CONSUMER_PAGES, "mesh_tree", "wikipedia_url")
_QUALIFIER = re.compile(r"\s*\([^)]*\)")
_INGREDIENT_SEPARATOR = re.compile(r"\s*(?:,\s*and\s+|,\s*|/|\s+and\s+|\s*\+\s*)\s*")


@dataclass(frozen=True, slots=True)
class Exclusions:
    """What ``data/drug_exclusions.tsv`` leaves out: tree prefixes, whole entries, single phrasings."""

    trees: tuple[str, ...]
    canonicals: frozenset[str]
    variants: frozenset[str]
    """Phrase keys (:func:`~anecdata.vocab.normalise.phrase_key`), so that "Generics" is "generic"."""

    def drops(self, canonical: str, info: dict[str, Any]) -> bool:
        """Whether a dictionary entry is not a treatment."""
        if canonical in self.canonicals:
            return True
        trees = info.get("mesh_tree") or ()
        return not any(info.get(k) for k in CONSUMER_PAGES) and any(t.startswith(self.trees) for t in trees)


@cache
def exclusions() -> Exclusions:
    """The bundled exclusion table.

    Raises:
        DataError: a row without kind, value and reason, or of an unknown kind.
    """
    found: dict[str, set[str]] = {"tree": set(), "canonical": set(), "variant": set()}
    for where, cells in table_rows(EXCLUSIONS):
        if len(cells) != 3 or cells[0] not in found or not cells[1] or not cells[2]:
            raise DataError(f"{where}: needs kind (tree, canonical, variant), value, reason")
        found[cells[0]].add(cells[1].lower() if cells[0] != "tree" else cells[1])
    variant_keys = frozenset(k for v in found["variant"] if (k := phrase_key(v)))
    return Exclusions(tuple(sorted(found["tree"])), frozenset(found["canonical"]), variant_keys)


@cache
def dictionary() -> dict[str, Any]:
    """The package's bundled dictionary: variants → canonicals, canonical → data (MeSH id and trees, links)."""
    path = resources.files("drug_named_entity_recognition").joinpath("drug_ner_dictionary.pkl.bz2")
    with path.open("rb") as raw, bz2.open(raw) as f:
        return pickle.load(f)  # the package's own bundled data file


def known_as_medicine(info: dict[str, Any]) -> bool:
    """Whether the dictionary gives an entry a MeSH tree, a consumer page or an article; if not, it is a research
    compound, matched by its own name only (its listed brands include words such as "Tetris")."""
    return any(info.get(k) for k in KNOWN_AS_MEDICINE)


def ingredient_names(canonical: str) -> tuple[str, ...]:
    """The ingredients a canonical name lists, in its order, without bracketed qualifiers ("a, b, and c")."""
    bare = _QUALIFIER.sub("", canonical).strip()
    return tuple(p.strip() for p in _INGREDIENT_SEPARATOR.split(bare) if p.strip())


def medicine_key(canonical: str) -> tuple[str, ...]:
    """One key per medicine: its ingredients, sorted, so that spellings of one combination agree."""
    return tuple(sorted(ingredient_names(canonical)))


def drug_entries() -> Iterator[LexiconEntry]:
    """One entry per medicine, its variants (generic names, brands) and merged spellings as synonyms."""
    from anecdata.vocab.spelling import english_word_ranks

    data = dictionary()
    excluded = exclusions()
    ranks = english_word_ranks()
    infos = data["drug_canonical_to_data"]
    variants: dict[str, set[str]] = defaultdict(set)
    for variant, canonicals in data["drug_variant_to_canonical"].items():
        if "," in variant or len(variant.split()) > MAX_WORDS or phrase_key(variant) in excluded.variants:
            continue
        words = variant.lower().split()
        if len(words) > 1 and all(ranks.get(w, COMMON_WORD_RANK) < COMMON_WORD_RANK for w in words):
            continue
        for canonical in canonicals:
            variants[canonical].add(variant)
    groups: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for canonical, info in infos.items():
        if not excluded.drops(canonical, info):
            groups[medicine_key(canonical)].append(canonical)
    for canonicals in groups.values():
        phrases = set().union(*(variants.get(c, ()) for c in canonicals if known_as_medicine(infos[c])))
        phrases |= {v for c in canonicals if not known_as_medicine(infos[c]) for v in variants.get(c, ()) if v == c}
        if not phrases:
            continue
        main = min(canonicals, key=lambda c: ("," in c or "(" in c, len(c), c))
        info = infos[main]
        ingredients = ingredient_names(main)
        if ingredients:
            phrases.add("/".join(ingredients))
        mesh = info.get("mesh_id")
        system, code = (
            ("MeSH", mesh) if mesh else ("DrugBank", info["drugbank_id"]) if info.get("drugbank_id") else ("drug", main)
        )
        trees = {t for c in canonicals for t in infos[c].get("mesh_tree") or ()}
        yield LexiconEntry(
            id=f"drug:{main}",
            name=info.get("name", main) if "(" not in info.get("name", "(") else "/".join(ingredients),
            type="drug",
            synonyms=tuple(sorted(phrases)),
            system=system,
            code=code,
            drug_class=any(t.startswith(DRUG_CLASS_TREE) for t in trees),
            source="drug-named-entity-recognition: " + "; ".join(sorted(canonicals)),
        )
