"""The MEDLINE text format (PubMed's "Save as PubMed/MEDLINE", ``.nbib`` / ``.txt``), plain or gzipped.

A record is a run of fields ended by a blank line (or by the next record's ``PMID`` field). A field is a tag
of up to four characters padded to four, ``- ``, and a value (``TI  - A title``); a value that goes on is
continued on lines indented by six spaces. Fields read: ``PMID``, ``TI``, ``AB``, ``DP`` (its year), ``JT``
(else ``TA``) for the journal, every ``PT`` and every ``MH`` (the descriptor before any ``/qualifier``, without
the major-topic ``*``). A record with a line that is neither a field nor a continuation, or that is not UTF-8,
is reported with that line's number and skipped; the next record is read as usual.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from anecdata.evidence.model import Abstract
from anecdata.evidence.source import DAMAGED, damaged, finished_record, make_abstract, open_input
from anecdata.ingest.source import ReadContext

FIELD = re.compile(r"([A-Z][A-Z0-9]{1,3}) *-(?: (.*))?")
"""``TAG - value``: the tag left-aligned in four columns, then a dash and a space."""
CONTINUATION = "      "
RECORD_START = b"PMID-"
"""A ``PMID`` field starts a record even without the blank line before it (hand-joined exports)."""
PROGRESS_EVERY = 1 << 14
"""Lines between progress reports."""


@dataclass
class _Record:
    """The fields of one record as they are read: (tag, value) in order, and what was wrong with it."""

    line: int
    fields: list[list[str]] = field(default_factory=list)
    error: str = ""

    def add(self, number: int, raw: bytes) -> None:
        if self.error:
            return
        try:
            line = raw.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError:
            self.error, self.line = "not valid UTF-8", number
            return
        if line.startswith(CONTINUATION) and self.fields:
            self.fields[-1][1] += " " + line.strip()
            return
        found = FIELD.fullmatch(line.rstrip())
        if found is None:
            self.error, self.line = f"not a MEDLINE field or continuation: {line.strip()[:40]!r}", number
            return
        self.fields.append([found.group(1), (found.group(2) or "").strip()])

    def abstract(self) -> Abstract | str:
        values: dict[str, list[str]] = {}
        for tag, value in self.fields:
            values.setdefault(tag, []).append(value)

        def first(tag: str) -> str:
            return values.get(tag, [""])[0]

        return make_abstract(
            pmid=first("PMID"),
            title=" ".join(values.get("TI", [])),
            text=" ".join(values.get("AB", [])),
            year=first("DP"),
            journal=first("JT") or first("TA"),
            publication_types=values.get("PT", []),
            mesh_headings=[v.split("/", 1)[0].lstrip("*") for v in values.get("MH", [])],
        )


def read_medline(path: Path, ctx: ReadContext) -> Iterator[Abstract]:
    """The records of a MEDLINE-format file, in file order; problems go to ``ctx.report``."""
    name = str(path)

    with open_input(path) as opened:
        record: _Record | None = None
        number = 0
        try:
            for number, raw in enumerate(opened.stream, 1):
                blank = not raw.strip()
                if record is not None and (blank or raw.startswith(RECORD_START)):
                    if (done := finished_record(record, name, ctx)) is not None:
                        yield done
                    record = None
                if not blank:
                    record = record or _Record(number)
                    record.add(number, raw)
                if number % PROGRESS_EVERY == 0:
                    ctx.progress(opened.consumed())
        except DAMAGED as e:
            ctx.report(damaged(path, opened, e))
            record = None  # a record the break cut short is not trusted
        if record is not None and (done := finished_record(record, name, ctx)) is not None:
            yield done
        ctx.progress(opened.consumed())
