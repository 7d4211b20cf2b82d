"""Flat tables of what a store holds, for spreadsheets and dataframes: one row per post, annotation, person's
treatment, or report treatment row. Built from the project's JSON documents (already redacted) and from
condition reports, so every export and download shows the numbers and the redaction the pages show.

Each table names its columns and their types (``"text"``, ``"int"``, ``"float"``, ``"list"``); writers (CSV,
Parquet, JSON lines) take the rows as they are and decide how a cell is written (see :func:`spreadsheet_text`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from anecdata.report.condition import OUTCOMES, ConditionReport
from anecdata.view.terminal import terminal_safe

Row = dict[str, Any]
Document = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Table:
    """A table's columns in order, each with its type (text unless named in ``types``)."""

    columns: tuple[str, ...]
    types: Mapping[str, str]

    def type_of(self, column: str) -> str:
        return self.types.get(column, "text")


POSTS = Table(
    ("thread_id", "thread_title", "post_id", "post_position", "author", "addressee", "created", "text"),
    {"post_position": "int"},
)
ANNOTATIONS = Table(
    (
        "thread_id", "thread_title", "post_id", "post_position", "author", "annotation_id", "layer", "label", "start",
        "end", "text", "concept_system", "concept_code", "concept_name", "score", "attrs", "links",
    ),
    {"post_position": "int", "start": "int", "end": "int", "score": "float", "links": "list"},
)  # fmt: skip
"""One row per annotation: where it is, what it found, and its attributes as JSON (the document's record)."""
EXPERIENCES = Table(
    ("thread_id", "thread_title", "person", "experiencer", "post_ids", "treatment", "outcome", "ongoing",
     "annotation_ids"),
    {"post_ids": "list", "annotation_ids": "list"},
)  # fmt: skip
"""One row per person and treatment they tried (the experience records a report counts), with the annotations
behind it; ``person`` is the name the record shows (its ``name``), ``ongoing`` is ``"true"`` or ``"false"``."""
REPORTS = Table(
    (
        "condition", "condition_name", "condition_people", "condition_threads", "treatment", "treatment_concept",
        "members", "people_tried", *OUTCOMES, "people_with_known_outcome", "improved_share", "improved_low_95",
        "improved_high_95", "few_people", "ongoing", "median_days_with_condition", "people_stating_duration",
    ),
    {
        "condition_people": "int", "condition_threads": "int", "people_tried": "int", **dict.fromkeys(OUTCOMES, "int"),
        "people_with_known_outcome": "int", "improved_share": "float", "improved_low_95": "float",
        "improved_high_95": "float", "few_people": "int", "ongoing": "int", "median_days_with_condition": "float",
        "people_stating_duration": "int",
    },
)  # fmt: skip
"""A condition report's treatment table, one row per treatment (classes included), the report's condition and its
people and threads on every row; ``people_with_known_outcome`` is the improvement share's denominator, the share
is rounded as in the report's JSON, durations are in days."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""How a spreadsheet formula starts: a text cell of forum text starting so gets a leading ``'``."""


def spreadsheet_text(value: str) -> str:
    """``value`` as a text cell that no spreadsheet runs as a formula (OWASP's CSV injection advice)."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _threads(document: Document) -> Iterator[tuple[Mapping[str, Any], Row]]:
    for thread in document["threads"]:
        yield thread, {"thread_id": thread["id"], "thread_title": thread.get("title")}


def post_rows(document: Document) -> Iterator[Row]:
    """One row per post of an exported (already redacted) document, in thread order."""
    for thread, where in _threads(document):
        for post in thread["posts"]:
            yield where | {
                "post_id": post["id"],
                "post_position": post["position"],
                "author": post.get("author"),
                "addressee": post.get("addressee"),
                "created": post.get("created"),
                "text": post["text"],
            }


def annotation_rows(document: Document) -> Iterator[Row]:
    """One row per annotation of an exported document, in post and text order (a missing title, author or concept
    is None, ``attrs`` is its JSON text)."""
    for thread, where in _threads(document):
        for post in thread["posts"]:
            for a in post["annotations"]:
                concept = a.get("concept") or {}
                yield where | {
                    "post_id": post["id"],
                    "post_position": post["position"],
                    "author": post.get("author"),
                    "annotation_id": a["id"],
                    "layer": a["layer"],
                    "label": a["label"],
                    "start": a["start"],
                    "end": a["end"],
                    "text": a["text"],
                    "concept_system": concept.get("system"),
                    "concept_code": concept.get("code"),
                    "concept_name": concept.get("name"),
                    "score": a["score"],
                    "attrs": json.dumps(a["attrs"], ensure_ascii=False, sort_keys=True),
                    "links": list(a["links"]),
                }


def experience_rows(document: Document) -> Iterator[Row]:
    """One row per person and treatment of an exported document's experience records."""
    for thread, where in _threads(document):
        for e in thread["experiences"]:
            for t in e["treatments"]:
                yield where | {
                    "person": e["person"]["name"],
                    "experiencer": e["experiencer"],
                    "post_ids": list(e["post_ids"]),
                    "treatment": t["name"],
                    "outcome": t["outcome"],
                    "ongoing": "true" if t.get("ongoing") else "false",
                    "annotation_ids": list(t["annotation_ids"]),
                }


def report_rows(report: ConditionReport) -> Iterator[Row]:
    """The report's treatment table, one row per treatment, with the page's numbers (an outcome nobody reported is
    0; the share and its interval are empty when no one reported an outcome)."""
    head = {
        "condition": report.condition,
        "condition_name": report.name,
        "condition_people": report.people.people,
        "condition_threads": report.threads,
    }
    for t in report.treatments:
        known = t.improved.n > 0
        yield head | {
            "treatment": t.name,
            "treatment_concept": t.concept or "",
            "members": "; ".join(t.members),
            "people_tried": t.tried.people,
            **{o: t.outcomes[o].people if o in t.outcomes else 0 for o in OUTCOMES},
            "people_with_known_outcome": t.improved.n,
            "improved_share": round(t.improved.value, 4) if known else None,
            "improved_low_95": round(t.improved.low, 4) if known else None,
            "improved_high_95": round(t.improved.high, 4) if known else None,
            "few_people": int(t.small and known),
            "ongoing": t.ongoing,
            "median_days_with_condition": None if t.median_days is None else round(t.median_days, 1),
            "people_stating_duration": t.days_people,
        }


def csv_cells(table: Table, row: Row) -> list[str]:
    """A row's cells as CSV text: empty for None, a list space-separated, numbers as written, text with control
    characters made visible and never the start of a spreadsheet formula."""
    return [_csv_cell(row.get(column), table.type_of(column)) for column in table.columns]


def _csv_cell(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == "list":
        return " ".join(value)
    if kind == "float":
        return str(float(value))
    if kind == "int":
        return str(int(value))
    return terminal_safe(spreadsheet_text(str(value)))
