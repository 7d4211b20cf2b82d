"""The condition report in the terminal: Rich tables of treatments, causes, claims and questions, and the caveat.

Every name shown may come from forum text (an unnormalised treatment keeps its words), so cells are ``Text``
objects, never markup strings, and every such string passes through ``terminal_safe`` first: an escape sequence
or a bidi control in a post shows as a visible stand-in instead of driving the terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from rich import box
from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from anecdata.model import EVIDENCE_STATUSES, EvidenceLink
from anecdata.report.condition import OUTCOMES, ConditionReport, TreatmentSummary
from anecdata.report.stats import Share
from anecdata.view import counted, link_summary, one_line
from anecdata.view.terminal import terminal_safe as safe

OUTCOME_HEADINGS = {"improved": "improved", "no_change": "no change", "worse": "worse", "mixed": "mixed",
                    "unknown": "unknown"}  # fmt: skip
SHORT_HEADINGS = {"improved": "better", "no_change": "same", "worse": "worse", "mixed": "mixed", "unknown": "?"}
"""Outcome column headings in the terminal, where width is scarce."""
SMALL_MARK = "†"


def days_in_words(days: float | None) -> str:
    """A duration as people say one: whole units, the largest that gives at least two ("3 years", "18 months",
    "about 8 weeks", "4 days"), with "about" when it is rounded; "" when none was stated. Never "1.8 months"."""
    if days is None:
        return ""
    for unit, length in (("year", 365.25), ("month", 30.44), ("week", 7.0)):
        value = days / length
        if value >= 2 or (unit == "week" and value >= 1):
            return _whole(value, unit)
    return _whole(days, "day")


def _whole(value: float, unit: str) -> str:
    n = round(value)
    about = "" if abs(value - n) < 0.05 else "about "
    return f"{about}{counted(n, unit)}"


def share_in_words(share: Share) -> str:
    """ "33% (9–69%) of 3"; "none reported" when nobody reported an outcome."""
    if share.n == 0:
        return "none reported"
    return f"{share.value:.0%} ({share.low:.0%}–{share.high:.0%}) of {share.n}"


def duration_clause(report: ConditionReport) -> str:
    """ "; had it for 2 years (median of 3 people who said)", or "" when nobody said how long."""
    if not report.days_people:
        return ""
    people = counted(report.days_people, "person", "people")
    return f"; had it for {days_in_words(report.median_days)} (median of {people} who said)"


TopicEvidence = Sequence[tuple[str, Sequence[EvidenceLink]]] | None
"""Each topic a report looked up with its links, or None when the store holds no abstracts."""
EVIDENCE_TITLE = "Published evidence on what the claims name"


def evidence_json(evidence: TopicEvidence) -> dict[str, Any]:
    """The report's evidence as ``anecdata report --json`` and the web API write it: the status, its note, and
    each topic's links."""
    if evidence is None:
        return {"status": "no_corpus", "note": EVIDENCE_STATUSES["no_corpus"], "topics": []}
    return {
        "status": "looked_up",
        "note": EVIDENCE_STATUSES["found"],
        "topics": [{"topic": t, "links": [asdict(link) for link in links]} for t, links in evidence],
    }


def render_report_text(report: ConditionReport, console: Console, evidence: TopicEvidence = None) -> None:
    """Print the report on ``console``, with the abstracts found for its claims' topics (see ``TopicEvidence``)."""
    title = Text.assemble(("Condition report: ", "bold"), (safe(report.name), "bold"), f"  ({safe(report.condition)})")
    console.print(title)
    if report.asked:
        console.print(Text(safe(report.asked), style="italic"))
    if len(report.included) > 1:
        console.print(Text("Includes: " + safe(", ".join(sorted(report.included.values())))))
    people, threads = counted(report.people.people, "person", "people"), counted(report.threads, "thread")
    console.print(Text(f"{people} in {threads}{duration_clause(report)}"))
    console.print(_treatments(report))
    if any(t.small for t in report.treatments):
        console.print(Text(f"{SMALL_MARK} fewer than {report.small_below} people reported an outcome: read the share "
                           "as an anecdote, not a rate.", style="dim"))  # fmt: skip
    console.print(Text("had it for: the longest time each person who tried it said they had the condition (median, "
                       "and how many said), not how long the treatment took.", style="dim"))  # fmt: skip
    if report.causes:
        table = Table(title="Onset and stated causes", title_justify="left")
        table.add_column("cause")
        table.add_column("people", justify="right")
        for c in report.causes:
            table.add_row(Text(safe(c.name)), str(c.people.people))
        console.print(table)
    if report.claims:
        table = Table(title="Claims, by what they name", title_justify="left")
        table.add_column("about")
        table.add_column("people", justify="right")
        table.add_column("claims", justify="right")
        for g in report.claims:
            table.add_row(Text(safe(g.name)), str(g.people.people), str(g.statements))
        console.print(table)
    _evidence(console, evidence)
    q = report.questions
    console.print(Text(f"Questions: {q.statements} asked by {q.asked.people} people; {q.answered_statements} answered "
                       "in their thread."))  # fmt: skip
    console.print(Panel(Text(safe(report.caveat)), title="Read with care", title_align="left"))


def _evidence(console: Console, evidence: TopicEvidence) -> None:
    console.print(Text(EVIDENCE_TITLE, style="bold"))
    if evidence is None:
        console.print(Text(f"  {EVIDENCE_STATUSES['no_corpus']} (anecdata evidence add)", style="dim"))
        return
    for topic, links in evidence:
        console.print(Text(f"  {safe(topic)}", style="bold"))
        if not links:
            console.print(Text(f"    {EVIDENCE_STATUSES['no_match']}", style="dim"))
        for link in links:
            console.print(Text(f"    {safe(one_line(link.title))}" + (f" ({link.year})" if link.year else "")))
            console.print(Text(f"      {safe(link_summary(link))}", style="dim"))


def _treatments(report: ConditionReport) -> Table:
    table = Table(
        title="What people tried, and what they report (people)", title_justify="left", box=box.SIMPLE_HEAD,
        pad_edge=False,
    )  # fmt: skip
    table.add_column("treatment", min_width=16, ratio=1)
    for heading in ("tried", *(SHORT_HEADINGS[label] for label in OUTCOMES)):
        table.add_column(heading, justify="right", min_width=len(heading), no_wrap=True)
    table.add_column("improved, 95% CI", min_width=12)
    table.add_column("had it for", min_width=8)
    for t in report.treatments:
        table.add_row(*_treatment_cells(t))
    return table


def _treatment_cells(t: TreatmentSummary) -> list[Text | str]:
    counts = [str(t.outcomes[label].people) if label in t.outcomes else "·" for label in OUTCOMES]
    share = share_in_words(t.improved) + (f" {SMALL_MARK}" if t.small and t.improved.n else "")
    duration = f"{days_in_words(t.median_days)} ({t.days_people})" if t.days_people else ""
    return [Text(safe(t.name)), str(t.tried.people), *counts, share, duration]
