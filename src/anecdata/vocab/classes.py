"""Classes of drugs and treatments, and the ingredients of combination products.

A class is a lexicon concept flagged ``drug_class`` (NSAIDs, PPIs, DMTs, probiotics). What it takes in comes from
``data/drug_classes.tsv``, where every row cites its source (WHO ATC groups, MeSH, the societies named); a member
that is itself a class brings its members, so antidepressants take in the SSRIs. A combination product is one
concept whose name lists its ingredients ("hydrocodone/acetaminophen" for Norco); it belongs to its ingredients'
classes. Members are resolved through the compiled lexicon, so a brand in the table means its ingredient's concept,
and a concept id the lexicon merged into another (the drug dictionary's ``drug:ibuprofen`` into the lay
``ibuprofen``) is read as the concept it joined.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache

from anecdata.errors import DataError
from anecdata.vocab.compiled import CompiledLexicon, load_lexicon
from anecdata.vocab.lexicon import LexiconEntry
from anecdata.vocab.normalise import phrase_key
from anecdata.vocab.sources.drugs import ingredient_names
from anecdata.vocab.tables import table_rows

CLASSES = "drug_classes.tsv"


def class_members(concept_id: str) -> frozenset[str]:
    """The concept ids a class takes in, its subclasses' members included (empty for a concept that is no class)."""
    return _tables()[0].get(_canonical_id(load_lexicon(), concept_id), frozenset())


def classes_of(concept_id: str) -> frozenset[str]:
    """The classes a concept belongs to, directly or through a broader class or through its ingredients."""
    lexicon = load_lexicon()
    concept = _canonical_id(lexicon, concept_id)
    parts = {concept} | set(ingredients(concept))
    by_member = _tables()[1]
    return frozenset(c for p in parts for c in by_member.get(p, ()))


def ingredients(concept_id: str) -> tuple[str, ...]:
    """A combination product's ingredients as concept ids where the lexicon knows them, else as names; () for one."""
    lexicon = load_lexicon()
    entry = entry_by_id(lexicon, _canonical_id(lexicon, concept_id))
    names = ingredient_names(entry.name) if entry is not None and "/" in entry.name else ()
    return tuple(resolve(lexicon, n) or n for n in names) if len(names) > 1 else ()


def resolve(lexicon: CompiledLexicon, name: str) -> str | None:
    """The concept id for a lexicon id or a phrase ("Aleve" → the naproxen concept), else None."""
    if entry_by_id(lexicon, name) is not None:
        return name
    key = phrase_key(name)
    index = lexicon.phrases.get(key) if key else None
    return lexicon.entries[index].id if index is not None else None


def _canonical_id(lexicon: CompiledLexicon, concept_id: str) -> str:
    return lexicon.aliases.get(concept_id, concept_id)


def entry_by_id(lexicon: CompiledLexicon, concept_id: str) -> LexiconEntry | None:
    """The entry of a lexicon id (what mentions carry as ``concept_id``), from a table built once per lexicon."""
    ids = _ids.get(lexicon.key)
    if ids is None:
        ids = _ids[lexicon.key] = {e.id: e for e in lexicon.entries}
    return ids.get(concept_id)


_ids: dict[str, dict[str, LexiconEntry]] = {}
"""Entries by id, per compiled lexicon (by its key: the lexicon itself holds dicts, so it cannot be hashed)."""


def class_rows() -> list[tuple[str, tuple[str, ...], str]]:
    """The table's rows: class id, member names, source.

    Raises:
        DataError: a row without class, members and source.
    """
    rows = []
    for where, cells in table_rows(CLASSES):
        if len(cells) != 3 or not all(c.strip() for c in cells):
            raise DataError(f"{where}: needs class, members and source, tab-separated")
        rows.append((cells[0], tuple(m.strip() for m in cells[1].split("|") if m.strip()), cells[2]))
    return rows


@cache
def _tables() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """Class → all members, and member → all classes, subclasses expanded."""
    lexicon = load_lexicon()
    direct: dict[str, set[str]] = defaultdict(set)
    for cls, members, _ in class_rows():
        for name in members:
            if (concept := resolve(lexicon, name)) is not None and concept != cls:
                direct[cls].add(concept)
    expanded: dict[str, frozenset[str]] = {}
    for cls in direct:
        found, todo = set(), list(direct[cls])
        while todo:
            member = todo.pop()
            if member not in found and member != cls:
                found.add(member)
                todo += direct.get(member, ())
        expanded[cls] = frozenset(found)
    by_member: dict[str, set[str]] = defaultdict(set)
    for cls, members in expanded.items():
        for member in members:
            by_member[member].add(cls)
    return expanded, {m: frozenset(c) for m, c in by_member.items()}


def unresolved_members() -> list[tuple[str, str]]:
    """(class, member) pairs of the table the lexicon does not know (a test keeps this empty)."""
    lexicon = load_lexicon()
    return [(cls, name) for cls, members, _ in class_rows() for name in members if resolve(lexicon, name) is None]
