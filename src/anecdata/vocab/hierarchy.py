"""Concepts by what a user typed, and narrower concepts: what a report or a filter for a condition takes in.

Three sources, none of them guessed: ICD-10-CM's hierarchy (a code's descendants extend its characters, so
M54.3 sciatica sits under M54 dorsalgia), a shared MeSH descriptor (the lay entry and MeSH's own entry for one
descriptor are one concept), and ``data/broader.tsv`` for relations the bundled codes do not carry.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources

from anecdata.errors import DataError
from anecdata.model import concept_id
from anecdata.vocab.compiled import CompiledLexicon, one_deletes
from anecdata.vocab.lexicon import LAY_SYSTEM, LexiconEntry
from anecdata.vocab.normalise import phrase_key

CONDITION_TYPES = frozenset({"condition", "symptom"})
TREATMENT_TYPES = frozenset({"treatment", "drug"})
ICD = "ICD-10-CM"
MESH = "MeSH"


def entry_id(entry: LexiconEntry) -> str:
    """The concept id mentions carry for an entry: ``system:code``."""
    return concept_id(entry.system, entry.code)


def _codes(entry: LexiconEntry, system: str) -> set[str]:
    codes = {c.split(":", 1)[1] for c in entry.codes if c.startswith(system + ":")}
    return codes | ({entry.code} if entry.system == system else set())


@cache
def lay_pairs(name: str) -> tuple[tuple[str, str], ...]:
    """The concept pairs of ``data/<name>``: two lay concept ids and the source of the relation, tab-separated."""
    text = resources.files("anecdata.vocab").joinpath(f"data/{name}").read_text("utf-8")
    pairs = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            cells = line.split("\t")
            if len(cells) != 3 or not all(cells):
                raise DataError(f"{name} line {number}: needs two concept ids and a source, tab-separated")
            pairs.append((concept_id(LAY_SYSTEM, cells[0]), concept_id(LAY_SYSTEM, cells[1])))
    return tuple(pairs)


def _broader_pairs() -> tuple[tuple[str, str], ...]:
    return lay_pairs("broader.tsv")


def addressed(concept: str) -> frozenset[str]:
    """The causes a treatment is meant to address, or the treatments meant to address a cause (``data/
    addresses.tsv``): a claim that inner tension causes back pain is weighed by studies of mind-body approaches."""
    return frozenset(
        {b for a, b in lay_pairs("addresses.tsv") if a == concept}
        | {a for a, b in lay_pairs("addresses.tsv") if b == concept}
    )


def entries_by_concept(lexicon: CompiledLexicon) -> Mapping[str, LexiconEntry]:
    """The lexicon's entries by concept id (``system:code``), built once per compiled lexicon (by its key: the
    lexicon holds dicts, so it cannot be hashed)."""
    found = _by_concept.get(lexicon.key)
    if found is None:
        found = _by_concept[lexicon.key] = {entry_id(e): e for e in lexicon.entries}
    return found


_by_concept: dict[str, dict[str, LexiconEntry]] = {}


def narrower(lexicon: CompiledLexicon, concept: str) -> frozenset[str]:
    """``concept`` and every concept under it (see the module docstring), as concept ids."""
    by_id = entries_by_concept(lexicon)
    children: dict[str, set[str]] = defaultdict(set)
    for child, parent in _broader_pairs():
        children[parent].add(child)
    found, todo = {concept}, [concept]
    while todo:
        current = todo.pop()
        entry = by_id.get(current)
        new = set(children[current])
        if entry is not None:
            new |= _same_or_under(lexicon.entries, entry)
        todo += sorted(new - found)
        found |= new
    return frozenset(found)


def _same_or_under(entries: Iterable[LexiconEntry], parent: LexiconEntry) -> set[str]:
    icd, mesh = _codes(parent, ICD), _codes(parent, MESH)
    found = set()
    for e in entries:
        if e.type != parent.type:
            continue
        same_descriptor = bool(mesh & _codes(e, MESH))
        if same_descriptor or any(code != p and code.startswith(p) for code in _codes(e, ICD) for p in icd):
            found.add(entry_id(e))
    return found


def resolve_entry(lexicon: CompiledLexicon, text: str, types: frozenset[str], kind: str) -> LexiconEntry:
    """The lexicon entry of one of ``types`` for a concept id, name or synonym.

    Raises:
        DataError: nothing of those types matches; the message suggests near names.
    """
    wanted = text.strip()
    entries = [e for e in lexicon.entries if e.type in types]
    by_id = {entry_id(e).lower(): e for e in entries}
    if wanted.lower() in by_id:
        return by_id[wanted.lower()]
    key = phrase_key(wanted)
    index = lexicon.phrases.get(key) if key else None
    if index is not None and lexicon.entries[index].type in types:
        return lexicon.entries[index]
    named = [e for e in entries if e.name.lower() == wanted.lower()]  # names the matcher's phrases leave out
    if named:
        return min(named, key=lambda e: (e.system != LAY_SYSTEM, entry_id(e)))
    near = [
        name
        for name in difflib.get_close_matches(
            wanted.lower(), sorted({e.name.lower() for e in entries}), n=6, cutoff=0.75
        )
        if _shares_a_telling_word(wanted.lower(), name)
    ][:3]
    hint = f"; did you mean {', '.join(repr(n) for n in near)}?" if near else ""
    raise DataError(f"no {kind} called {wanted!r} in the vocabulary{hint}")


GENERIC_WORDS = frozenset({"disease", "diseases", "syndrome", "disorder", "disorders", "pain", "chronic", "acute"})
"""Words many condition names share: a suggestion that shares only these with what was typed is no suggestion
("unicorn disease" is not "cori disease")."""


def _shares_a_telling_word(typed: str, name: str) -> bool:
    """Whether ``name`` has a word of ``typed`` outside :data:`GENERIC_WORDS`, spelt the same or one letter off."""
    telling = [w for w in typed.split() if w not in GENERIC_WORDS]
    return any(one_deletes(w) & one_deletes(n) for w in telling for n in name.split() if n not in GENERIC_WORDS)
