"""RIS (``.ris``), the export of reference managers (Zotero, EndNote, Mendeley) and of screening tools, plain or
gzipped.

No maintained RIS parser is in the lock file, and the format is small, so this reader is strict rather than
forgiving. A record opens with ``TY  - TYPE`` and ends with ``ER  -``; between them each line is a field, a tag
of an upper-case letter and a letter or digit, two spaces, ``-``, a space and the value (``TI  - A title``), or
a continuation of the field before it (exporters wrap long abstracts). Fields read: ``TI`` (else ``T1``) for the
title, ``AB`` (else ``N2``), ``PY`` (else ``Y1``, ``DA``) for the year, ``JF``/``JO``/``T2``/``JA``/``J2`` for
the journal, and the id: ``AN`` when it is a PubMed id (digits), else the DOI (``DO``) as ``doi:10...``, else
``AN`` as it is. RIS carries no publication types or MeSH headings (``KW`` keywords are the author's or the
database's words, not an indexing we can grade on), so an RIS abstract is graded from its title and abstract.

A record that is cut short (no ``ER``), holds a line that is no field, or is not UTF-8 is reported with its
line and skipped; text outside records is reported once per run of lines, and the next record is read as usual.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from anecdata.evidence.model import Abstract
from anecdata.evidence.source import DAMAGED, damaged, finished_record, make_abstract, open_input
from anecdata.ingest.source import Problem, ReadContext

FIELD = re.compile(r"([A-Z][A-Z0-9])  -(?: (.*))?")
"""``TI  - value``: the two-character tag, two spaces, a dash, and (but for ``ER``) a space and the value."""
START = re.compile(rb"\A(?:\xef\xbb\xbf)?[ \t\r\n]*TY  - ")
"""How an RIS file starts (after a byte-order mark and blank lines): what sniffing looks for."""
PROGRESS_EVERY = 1 << 14
"""Lines between progress reports."""
TITLE = ("TI", "T1")
ABSTRACT = ("AB", "N2")
YEAR = ("PY", "Y1", "DA")
JOURNAL = ("JF", "JO", "T2", "JA", "J2")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)


@dataclass
class _Record:
    """The fields of one record as they are read, and the first thing wrong with it."""

    line: int
    fields: dict[str, list[str]] = field(default_factory=dict)
    last: list[str] | None = None
    error: str = ""

    def add(self, number: int, line: str) -> None:
        if self.error or not line.strip():
            return
        found = FIELD.fullmatch(line.rstrip())
        if found is None:
            if self.last is None:
                self.error = f"line {number}: not an RIS field: {line.strip()[:40]!r}"
            else:  # a wrapped value
                self.last[-1] = f"{self.last[-1]} {line.strip()}".strip()
            return
        tag, value = found.group(1), (found.group(2) or "").strip()
        self.last = self.fields.setdefault(tag, [])
        self.last.append(value)

    def first(self, tags: tuple[str, ...]) -> str:
        """The first value of the first of ``tags`` the record has."""
        return next((v for tag in tags for v in self.fields.get(tag, []) if v), "")

    def joined(self, tags: tuple[str, ...]) -> str:
        """Every value of the first of ``tags`` the record has, one per line (an abstract given in parts)."""
        for tag in tags:
            if values := [v for v in self.fields.get(tag, []) if v]:
                return "\n".join(values)
        return ""

    def key(self) -> str:
        accession = self.first(("AN",))
        if accession.isdigit():
            return accession
        doi = _DOI_PREFIX.sub("", self.first(("DO",)))
        return f"doi:{doi.lower()}" if doi else accession

    def abstract(self) -> Abstract | str:
        key = self.key()
        if not key:
            return "no id: the record has no AN (accession number) and no DO (DOI)"
        return make_abstract(
            pmid=key,
            title=self.first(TITLE),
            text=self.joined(ABSTRACT),
            year=self.first(YEAR),
            journal=self.first(JOURNAL),
        )


def is_ris(start: bytes) -> bool:
    """Whether a file's first bytes open an RIS record."""
    return START.match(start) is not None


def read_ris(path: Path, ctx: ReadContext) -> Iterator[Abstract]:
    """The records of an RIS file, in file order; problems go to ``ctx.report``."""
    name = str(path)
    with open_input(path) as opened:
        record: _Record | None = None
        stray = 0  # the line where a run of text outside records began
        number = 0
        try:
            for number, raw in enumerate(opened.stream, 1):
                try:
                    line = raw.decode("utf-8").removeprefix("\ufeff").rstrip("\r\n")
                except UnicodeDecodeError:
                    if record is not None and not record.error:
                        record.error = f"line {number}: not valid UTF-8"
                    continue
                found = FIELD.fullmatch(line.rstrip())
                tag = found.group(1) if found else ""
                if record is None:
                    if tag == "TY":
                        record, stray = _Record(number), 0
                    elif line.strip() and not stray:
                        stray = number
                        ctx.report(Problem(name, f"line {number}", "text outside a record (TY ... ER); skipped"))
                    continue
                if tag == "ER":
                    if (done := finished_record(record, name, ctx)) is not None:
                        yield done
                    record = None
                elif tag == "TY" and not record.error:
                    ctx.report(Problem(name, f"line {record.line}", "a record with no ER line; skipped"))
                    record = _Record(number)
                elif tag == "TY":
                    ctx.report(Problem(name, f"line {record.line}", f"{record.error}; record skipped"))
                    record = _Record(number)
                else:
                    record.add(number, line)
                if number % PROGRESS_EVERY == 0:
                    ctx.progress(opened.consumed())
        except DAMAGED as e:
            ctx.report(damaged(path, opened, e))
            record = None  # a record the break cut short is not trusted
        if record is not None:
            ctx.report(Problem(name, f"line {record.line}", "the file ends inside a record (no ER line); skipped"))
        ctx.progress(opened.consumed())
