"""Drug names and brands from ``drug-named-entity-recognition``'s bundled dictionary (MeSH ids and trees)."""

from __future__ import annotations

import bz2
import pickle
from collections import defaultdict
from collections.abc import Iterator
from importlib import resources

from anecdata.vocab.lexicon import LexiconEntry

PACKAGE = "drug-named-entity-recognition"
DRUG_CLASS_TREE = "D27"
"""MeSH tree D27 (Pharmacologic Actions) holds classes of drugs (statins, NSAIDs), not single drugs."""
MAX_WORDS = 4


def drug_entries() -> Iterator[LexiconEntry]:
    """One entry per canonical drug, its variants (generic names, brands) as synonyms."""
    path = resources.files("drug_named_entity_recognition").joinpath("drug_ner_dictionary.pkl.bz2")
    with path.open("rb") as raw, bz2.open(raw) as f:
        data = pickle.load(f)  # the package's own bundled data file
    variants = defaultdict(set)
    for variant, canonicals in data["drug_variant_to_canonical"].items():
        if "," not in variant and len(variant.split()) <= MAX_WORDS:
            for canonical in canonicals:
                variants[canonical].add(variant)
    for canonical, info in data["drug_canonical_to_data"].items():
        if not variants.get(canonical):
            continue
        mesh = info.get("mesh_id")
        system, code = (
            ("MeSH", mesh)
            if mesh
            else ("DrugBank", info["drugbank_id"])
            if info.get("drugbank_id")
            else ("drug", canonical)
        )
        yield LexiconEntry(
            id=f"drug:{canonical}",
            name=info.get("name", canonical),
            type="drug",
            synonyms=tuple(sorted(variants[canonical])),
            system=system,
            code=code,
            drug_class=any(t.startswith(DRUG_CLASS_TREE) for t in info.get("mesh_tree") or ()),
            source=f"drug-named-entity-recognition: {canonical}",
        )
