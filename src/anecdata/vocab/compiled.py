"""The compiled lexicon: every source merged into lookup tables, built once and cached on disk.

Sources in priority order: the project's lay lexicon, drugs, ICD-10-CM, HPO. A phrase belongs to the first
source that has it, so "rest" is the lay concept, not an ICD description. A drug or treatment whose name is
already a phrase of an earlier drug or treatment concept is that concept: its phrases join it (the drug
dictionary's ibuprofen brings its brands to the lay lexicon's ibuprofen) and ``aliases`` maps its id to the
concept's, so one medicine is one concept whichever source spells it. Single common English words from the
external vocabularies are left out ("all", "cold"): in forum text they are almost never the medical term.

The cache file is named by a key made of this module's format version, the source packages' versions, and a
hash of every bundled data file (``vocab/data/``) and of the code that reads the sources, so any change rebuilds
it; it is written atomically, so a crash never leaves half a file.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path

from anecdata import settings
from anecdata.vocab.lexicon import LexiconEntry, lay_lexicon_text, load_lay_lexicon
from anecdata.vocab.normalise import phrase_key
from anecdata.vocab.sources import drugs, hpo, icd10cm, package_version
from anecdata.vocab.spelling import MIN_FUZZY_LENGTH, english_word_ranks

FORMAT_VERSION = "8"
MERGED_TYPES = frozenset({"drug", "treatment"})
PROBLEM_TYPES = frozenset({"condition", "symptom"})
"""Concept types whose entries from different sources merge by name (see the module doc)."""
COMMON_WORD_RANK = 12000
"""External single-word phrases among this many most frequent English words are dropped ("oxygen", "iron")..."""
COMMON_WORD_RANK_PROBLEMS = 3000
"""... except a condition's or symptom's, dropped only among these most frequent ("cold", "pain", "falls"): a
word like "asthma", "fever" or "seizure" is common in English because it names the medical thing."""


@dataclass(frozen=True, slots=True)
class CompiledLexicon:
    """Lookup tables over all entries.

    ``phrases`` maps a normalised phrase ("plantar fasciitis") to the index of the entry that owns it;
    ``max_words`` the longest phrase starting with each first word; ``abbreviations`` exact surface forms
    ("PT") to entry indices; ``deletes`` maps a word and each one-letter deletion of it to the words it came
    from, space-separated (plain strings keep the table small: most keys have one word).
    """

    key: str
    entries: tuple[LexiconEntry, ...]
    phrases: dict[str, int]
    max_words: dict[str, int]
    abbreviations: dict[str, int]
    deletes: dict[str, str]
    aliases: dict[str, str] = field(default_factory=dict)
    """Ids of merged source entries → the id of the concept they joined."""


def source_key() -> str:
    """Changes whenever a source, the lay lexicon or this format changes."""
    digest = hashlib.sha1(lay_lexicon_text().encode())
    package = resources.files("anecdata.vocab")
    for folder in (package.joinpath("data"), package.joinpath("sources")):
        for item in sorted(folder.iterdir(), key=lambda i: i.name):
            if item.is_file() and item.name.endswith((".tsv", ".py")):
                digest.update(item.name.encode() + b"\0" + item.read_bytes())
    digest.update(package.joinpath("compiled.py").read_bytes())
    parts = [FORMAT_VERSION, digest.hexdigest()]
    parts += [f"{p}={package_version(p)}" for p in (drugs.PACKAGE, icd10cm.PACKAGE, hpo.PACKAGE)]
    parts.append(f"pyspellchecker={package_version('pyspellchecker')}")
    return hashlib.sha1("|".join(parts).encode()).hexdigest()[:16]


def build_lexicon(sources: Iterable[Iterable[LexiconEntry]] | None = None) -> CompiledLexicon:
    """Merge sources (lay first) into lookup tables."""
    if sources is None:
        sources = [load_lay_lexicon(), drugs.drug_entries(), icd10cm.icd10cm_entries(), hpo.hpo_entries()]
    ranks = english_word_ranks()
    entries: list[LexiconEntry] = []
    phrases: dict[str, int] = {}
    abbreviations: dict[str, int] = {}
    fuzzy_words: set[str] = set()
    aliases: dict[str, str] = {}
    for rank_of_source, source in enumerate(sources):
        external = rank_of_source > 0
        for entry in source:
            index = len(entries)
            owner = _merge_target(entry, entries, phrases) if external else None
            if owner is not None:
                index = owner
                aliases[entry.id] = entries[owner].id
                entry = replace(entry, fuzzy=entries[owner].fuzzy)
            used = False
            for phrase in entry.synonyms:
                key = phrase_key(phrase)
                if key is None or key in phrases:
                    continue
                common = COMMON_WORD_RANK_PROBLEMS if entry.type in PROBLEM_TYPES else COMMON_WORD_RANK
                if external and " " not in key and (ranks.get(key, common) < common or len(key) < 3):
                    continue
                phrases[key] = index
                used = True
                if entry.fuzzy:
                    fuzzy_words.update(w for w in key.split() if len(w) >= MIN_FUZZY_LENGTH and w.isalpha())
            for abbreviation in entry.abbreviations:
                abbreviations.setdefault(abbreviation, index)
                used = True
            if used and owner is None:
                entries.append(replace(entry, synonyms=()))  # the phrases live in the tables; keep the file small
    max_words: dict[str, int] = {}
    for key in phrases:
        words = key.split(" ")
        max_words[words[0]] = max(max_words.get(words[0], 0), len(words))
    return CompiledLexicon(
        key=source_key(),
        entries=tuple(entries),
        phrases=phrases,
        max_words=max_words,
        abbreviations=abbreviations,
        deletes=_deletes(fuzzy_words),
        aliases=aliases,
    )


def _merge_target(entry: LexiconEntry, entries: list[LexiconEntry], phrases: dict[str, int]) -> int | None:
    """The index of the earlier drug or treatment concept an external entry of those types is, by its name."""
    if entry.type not in MERGED_TYPES:
        return None
    key = phrase_key(entry.name)
    index = phrases.get(key) if key else None
    return index if index is not None and entries[index].type in MERGED_TYPES else None


def _deletes(words: Iterable[str]) -> dict[str, str]:
    index: dict[str, set[str]] = defaultdict(set)
    for w in words:
        for key in one_deletes(w):
            index[key].add(w)
    return {k: " ".join(sorted(v)) for k, v in index.items()}


def one_deletes(word: str) -> set[str]:
    """The word and every string one letter shorter: the keys under which its near spellings are indexed."""
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


@cache
def load_lexicon(cache_dir: Path | None = None) -> CompiledLexicon:
    """The compiled lexicon from the cache, built (and cached) first when missing or stale."""
    folder = cache_dir or settings.cache_dir()
    path = folder / f"lexicon-{source_key()}.pickle"
    if path.exists():
        gc.disable()  # unpickling many small objects is a third faster without collections in between
        try:
            with path.open("rb") as f:
                return pickle.load(f)  # our own artefact, written below
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            pass  # unreadable cache: rebuild it
        finally:
            gc.enable()
    lexicon = build_lexicon()
    _write_atomically(path, lexicon)
    return lexicon


def _write_atomically(path: Path, lexicon: CompiledLexicon) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for stale in path.parent.glob("lexicon-*.pickle"):
            stale.unlink()
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".lexicon-")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(lexicon, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only cache folder costs a rebuild next time, nothing more


def concept_phrases(concept_id: str) -> frozenset[str]:
    """The lower-case name, phrases and abbreviations the lexicon matches for a concept id (empty when unknown)."""
    return _phrases_by_concept().get(concept_id, frozenset())


@cache
def _phrases_by_concept() -> dict[str, frozenset[str]]:
    lexicon = load_lexicon()
    by_index: dict[int, set[str]] = defaultdict(set)
    for phrase, index in lexicon.phrases.items():
        by_index[index].add(phrase)
    for abbreviation, index in lexicon.abbreviations.items():
        by_index[index].add(abbreviation.lower())
    entries = lexicon.entries
    return {entries[i].id: frozenset(p | {entries[i].name.lower()}) for i, p in by_index.items()}
