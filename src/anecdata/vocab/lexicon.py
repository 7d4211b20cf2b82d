"""Lexicon entries, and the project's own lay lexicon: a TSV file read strictly, one concept a row."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from anecdata.errors import RuleError

CONCEPT_TYPES = ("condition", "symptom", "treatment", "drug", "body_part", "cause")
LAY_LEXICON = "lay_lexicon.tsv"
LAY_SYSTEM = "anecdata"
COLUMNS = ("id", "type", "name", "synonyms", "abbreviations", "codes", "flags", "source")
FLAGS = ("nofuzzy", "generic", "drug_class", "not_before", "not_after")
CODE_SYSTEMS = ("MeSH", "ICD-10-CM", "HPO")


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """One concept: id and preferred name, semantic type, phrasings, and how it may be matched.

    ``synonyms`` match case-insensitively; ``abbreviations`` only as written ("PT", not "pt");
    ``fuzzy`` allows misspelt words ("Grasston"); ``generic`` marks umbrella treatments ("tried everything");
    ``drug_class`` marks a class of drugs rather than one drug (statins, NSAIDs); ``not_before`` lists next
    words that cancel a match ("rest" + "of"), ``not_after`` previous words that do ("at" + "rest"; both in
    normal form, see :func:`~anecdata.vocab.normalise.norm_word`). ``system``/``code`` is the concept's home vocabulary;
    ``codes`` are cross-references ("MeSH:D012585"); ``source`` says where the entry comes from.
    """

    id: str
    name: str
    type: str
    synonyms: tuple[str, ...]
    abbreviations: tuple[str, ...] = ()
    system: str = LAY_SYSTEM
    code: str = ""
    codes: tuple[str, ...] = ()
    fuzzy: bool = True
    generic: bool = False
    drug_class: bool = False
    not_before: tuple[str, ...] = ()
    source: str = ""
    not_after: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.code:
            object.__setattr__(self, "code", self.id)

    def to_row(self) -> str:
        """The entry as a lay-lexicon TSV row (the inverse of :func:`parse_row`)."""
        flags = [
            f
            for f, on in (("nofuzzy", not self.fuzzy), ("generic", self.generic), ("drug_class", self.drug_class))
            if on
        ]
        if self.not_before:
            flags.append("not_before=" + ";".join(self.not_before))
        if self.not_after:
            flags.append("not_after=" + ";".join(self.not_after))
        cells = [self.id, self.type, self.name, "|".join(self.synonyms), "|".join(self.abbreviations),
                 "|".join(self.codes), "|".join(flags), self.source]  # fmt: skip
        return "\t".join(cells)


def parse_row(line: str, where: str) -> LexiconEntry:
    """One TSV row as an entry; every problem names ``where`` (file:line) and the reason.

    Raises:
        RuleError: wrong column count, unknown type or flag, empty phrasings, malformed code.
    """
    cells = line.rstrip("\n").split("\t")
    if len(cells) != len(COLUMNS):
        raise RuleError(
            f"{where}: expected {len(COLUMNS)} tab-separated columns ({', '.join(COLUMNS)}), got {len(cells)}"
        )
    row = dict(zip(COLUMNS, cells, strict=True))
    if not row["id"] or not row["name"]:
        raise RuleError(f"{where}: id and name are required")
    if row["type"] not in CONCEPT_TYPES:
        raise RuleError(f"{where}: type {row['type']!r} is not one of {', '.join(CONCEPT_TYPES)}")
    split = lambda cell: tuple(p.strip() for p in cell.split("|") if p.strip())  # noqa: E731
    synonyms, abbreviations, codes, flags = (split(row[k]) for k in ("synonyms", "abbreviations", "codes", "flags"))
    if not synonyms and not abbreviations:
        raise RuleError(f"{where}: concept {row['id']!r} has no synonyms or abbreviations")
    for code in codes:
        system, _, value = code.partition(":")
        if system not in CODE_SYSTEMS or not value:
            raise RuleError(f"{where}: code {code!r} is not SYSTEM:CODE with SYSTEM in {', '.join(CODE_SYSTEMS)}")
    context: dict[str, tuple[str, ...]] = {"not_before": (), "not_after": ()}
    for flag in flags:
        name, _, value = flag.partition("=")
        if name not in FLAGS:
            raise RuleError(f"{where}: unknown flag {flag!r}; known: {', '.join(FLAGS)}")
        if name in context:
            context[name] = tuple(w for w in value.split(";") if w)
    return LexiconEntry(
        id=row["id"],
        name=row["name"],
        type=row["type"],
        synonyms=synonyms,
        abbreviations=abbreviations,
        codes=codes,
        fuzzy="nofuzzy" not in flags,
        generic="generic" in flags,
        drug_class="drug_class" in flags,
        not_before=context["not_before"],
        not_after=context["not_after"],
        source=row["source"],
    )


def parse_lexicon(text: str, name: str) -> tuple[LexiconEntry, ...]:
    """Entries of a lay-lexicon TSV text: ``#`` lines are comments, the first other line is the header."""
    entries = []
    seen: set[str] = set()
    header_seen = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        where = f"{name}:{number}"
        if not header_seen:
            if tuple(line.split("\t")) != COLUMNS:
                raise RuleError(f"{where}: header must be the columns {', '.join(COLUMNS)} separated by tabs")
            header_seen = True
            continue
        entry = parse_row(line, where)
        if entry.id in seen:
            raise RuleError(f"{where}: concept id {entry.id!r} appears twice")
        seen.add(entry.id)
        entries.append(entry)
    return tuple(entries)


def lay_lexicon_text(name: str = LAY_LEXICON) -> str:
    """The bundled lay lexicon's text (also hashed to know when the compiled lexicon is stale)."""
    return resources.files("anecdata.vocab").joinpath("data", name).read_text("utf-8")


@cache
def load_lay_lexicon(name: str = LAY_LEXICON) -> tuple[LexiconEntry, ...]:
    """The project's lay lexicon (cached: the data is immutable)."""
    return parse_lexicon(lay_lexicon_text(name), f"vocab/data/{name}")
