"""The terminal view: posts with findings highlighted in place and the published evidence for their claims, then
who tried what and who asked what."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.rule import Rule
from rich.style import Style
from rich.table import Table
from rich.text import Text

from anecdata.model import EVIDENCE_STATUSES, Annotation, ClaimEvidence, Experience, Post, Thread
from anecdata.view import (
    EVIDENCE_HEADING,
    LEGEND,
    RED_FLAG_NOTE_ATTR,
    RED_FLAG_WORDS,
    annotation_summary,
    answered_by,
    attr_flags,
    counted,
    evidence_blocks,
    evidence_of_post,
    label_words,
    labels_words,
    link_summary,
    one_line,
    person,
    post_numbers,
    thread_heading,
)

STATEMENT_STYLES: Mapping[str, Style] = {
    "claim": Style(color="#f1f3f5", bgcolor="#4d3a1f"),
    "per_exp": Style(color="#f1f3f5", bgcolor="#1f4030"),
    "claim_per_exp": Style(color="#f1f3f5", bgcolor="#35305a"),
    "question": Style(color="#f1f3f5", bgcolor="#174552"),
}
"""Statements are sentences: a dark background with light text, so mention colours stay legible on top."""

MENTION_STYLES: Mapping[str, Style] = {
    "condition": Style(color="#ff8f8f", bold=True),
    "symptom": Style(color="#ffb86b", bold=True),
    "treatment": Style(color="#6ee787", bold=True),
    "drug": Style(color="#74c0fc", bold=True),
    "body_part": Style(color="#e599f7", bold=True),
    "cause": Style(color="#ffe066", bold=True),
    "duration": Style(color="#66e0e8", bold=True),
}
"""Mentions sit inside statements: bright bold foregrounds, one hue per label."""

OUTCOME_STYLES: Mapping[str, Style] = {
    "improved": Style(color="#6ee787", underline=True),
    "no_change": Style(color="#ffe066", underline=True),
    "worse": Style(color="#ff8f8f", underline=True),
    "mixed": Style(color="#e599f7", underline=True),
    "unknown": Style(dim=True, underline=True),
}
"""Outcomes are underlined in the text, coloured by what the writer says happened."""

SAFETY_STYLES: Mapping[str, Style] = {"red_flag": Style(bgcolor="#5c1f24", underline=True)}
"""A red flag is a dark red background under its words, as the HTML view's; mention colours stay on top."""

LAYER_STYLES: Mapping[str, Mapping[str, Style]] = {
    "statement": STATEMENT_STYLES,
    "outcome": OUTCOME_STYLES,
    "safety": SAFETY_STYLES,
    "mention": MENTION_STYLES,
}
"""Applied in this order, so a mention's colour wins over the statement or red flag around it."""

LISTED: Mapping[str, str] = {
    "statement": "statements",
    "mention": "mentions",
    "outcome": "outcomes",
    "safety": "red flags",
}
"""Layers listed under each post, with their heading; pii is left out because redaction happened upstream."""

SUMMARY_CHARS = 72
"""Statements are whole sentences the reader has just seen, so their list entries are shortened to this."""

EMPTY = Text("—", style="dim")
UNLOADED = "no_corpus"
"""The evidence status said once per thread (under each claim it would repeat the same words a dozen times)."""


def render_text(threads: Sequence[Thread], console: Console) -> None:
    """Print each thread: posts with highlights and findings, a legend, experiences and questions.

    Every piece of forum text goes into a :class:`rich.text.Text` and is styled by offsets, never parsed as
    markup, so "[bold]" in a post prints as written.

    Args:
        threads: Analysed threads (annotations, experiences and questions filled in).
        console: Where to print; its width decides wrapping (the layout reads well at 100 columns).
    """
    for thread in threads:
        console.print(_thread_header(thread))
        numbers = post_numbers(thread)
        by_id = {a.id: a for p in thread.posts for a in p.annotations}
        for post in thread.posts:
            listed = [e for e in evidence_of_post(thread, post.id) if e.status != UNLOADED]
            console.print(_post_panel(post, numbers[post.id], by_id, listed))
        for status in ("found", UNLOADED):
            if any(e.status == status for e in thread.evidence):
                console.print(Text(f"Published evidence: {EVIDENCE_STATUSES[status]}.", style="dim"))
        console.print(_legend())
        console.print(_experiences(thread.experiences))
        console.print(_questions(thread))


def _thread_header(thread: Thread) -> RenderableType:
    """A rule with the thread's title (or its first words), then its source and size, so threads stand apart in a
    long output."""
    title = Text(thread_heading(thread), style="bold")
    count = len(thread.posts)
    meta = Text.assemble(("source: ", "dim"), thread.source, ("  ·  ", "dim"), counted(count, "post"))
    return Group(Rule(title, style="grey50"), meta)


def _post_panel(
    post: Post, number: int, by_id: Mapping[str, Annotation], evidence: Sequence[ClaimEvidence] = ()
) -> Panel:
    """One post: its text with highlights, then a compact list of what was found in it and the evidence for its
    claims."""
    title = Text.assemble(
        (f"Post {number}", "bold"),
        " · ",
        person(post.author),
        (" → ", "dim"),
        person(post.addressee),
    )
    parts: list[RenderableType] = [_highlighted(post)]
    findings = _findings(post, by_id)
    if evidence:
        findings.add_row(Text(EVIDENCE_HEADING), _evidence(evidence, by_id))
    if findings.row_count:
        parts += [Rule(style="grey30"), findings]
    return Panel(Group(*parts), title=title, title_align="left", border_style="grey50", padding=(0, 1))


def _highlighted(post: Post) -> Text:
    """The post text, styled span by span at the annotations' offsets."""
    text = Text(post.text)
    for layer, styles in LAYER_STYLES.items():
        for a in post.layer(layer):
            text.stylize(styles[a.label], a.start, a.end)
    return text


def _findings(post: Post, by_id: Mapping[str, Annotation]) -> Table:
    """A two-column grid: layer heading, then one summary line per annotation of that layer."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    for layer, heading in LISTED.items():
        annotations = post.layer(layer)
        if annotations:
            summaries = _statements(annotations) if layer == "statement" else _summaries(annotations, by_id)
            grid.add_row(Text(heading), summaries)
    return grid


def _statements(statements: Iterable[Annotation]) -> Text:
    """One line per sentence, however many labels it has: "a general claim and a claim from experience: …", with
    the flags of all of them, so a first-person claim is not listed twice."""
    lines = []
    for group in _by_span(statements):
        words = labels_words((a.label for a in group), "statement")
        flags = dict.fromkeys(flag for a in group for flag in attr_flags(a.attrs))
        line = Text(" · ".join([f"{words}: {one_line(group[0].text, SUMMARY_CHARS)}", *flags]))
        line.stylize(_label_style(group[0]), 0, len(words))
        lines.append(line)
    return Text("\n").join(lines)


def _by_span(annotations: Iterable[Annotation]) -> Iterator[list[Annotation]]:
    """Annotations grouped by the characters they cover, in the order each span first appears."""
    groups: dict[tuple[int, int], list[Annotation]] = {}
    for a in annotations:
        groups.setdefault((a.start, a.end), []).append(a)
    yield from groups.values()


def _summaries(annotations: Iterable[Annotation], by_id: Mapping[str, Annotation]) -> Text:
    """Summary lines, each starting with its label, in words, in the label's own colour; a red flag's note follows
    on a line of its own, whole, since it is the one thing the layer says."""
    lines = []
    for a in annotations:
        note = a.attrs.get(RED_FLAG_NOTE_ATTR, "") if a.layer == "safety" else ""
        words = label_words(a.label, a.layer)
        line = Text(annotation_summary(a, by_id, leave_out=(RED_FLAG_NOTE_ATTR,) if note else (), label=words))
        line.stylize(_label_style(a), 0, len(words))
        lines.append(line)
        if note:
            lines.append(Text(note, style="italic"))
    return Text("\n").join(lines)


def _evidence(evidence: Sequence[ClaimEvidence], by_id: Mapping[str, Annotation]) -> Text:
    """Per block of claims that found the same abstracts: the claims (shortened), then each abstract's title and
    year on one line and its design, CEBM level, PMID and grading cue on the next; then one line for the claims
    that found none."""
    blocks, unmatched = evidence_blocks(evidence)
    lines = []
    for block in blocks:
        for claim_id in block.claim_ids:
            claim = by_id.get(claim_id)
            head = Text("claim: ", style=_label_style(claim) if claim else Style(bold=True))
            head.append(one_line(claim.text, SUMMARY_CHARS) if claim else claim_id)
            lines.append(head)
        for n, link in enumerate(block.links, start=1):
            year = f" ({link.year})" if link.year else ""
            lines.append(Text(f"  {n}. {one_line(link.title)}{year}"))
            lines.append(Text(f"     {link_summary(link)}", style="dim"))
    if unmatched:
        lines.append(Text(f"{counted(unmatched, 'claim')}: {EVIDENCE_STATUSES['no_match']}", style="italic"))
    return Text("\n").join(lines)


def _label_style(a: Annotation) -> Style:
    """The style that names a label in lists: its highlight's, or bold red for a red flag."""
    if a.layer == "safety":
        return Style(color="#ff8f8f", bold=True)
    return LAYER_STYLES.get(a.layer, {}).get(a.label, Style(bold=True))


def _legend() -> Text:
    """One line per highlighted layer, each label shown in its own style, then the red flag's."""
    lines = []
    for layer, labels in LEGEND.items():
        line = Text(f"{LISTED[layer]}: ", style="dim")
        for label, words in labels.items():
            line.append(f" {words} ", style=LAYER_STYLES[layer][label])
            line.append(" ")
        lines.append(line)
    lines.append(Text.assemble((f"{LISTED['safety']}: ", "dim"), (f" {RED_FLAG_WORDS} ", SAFETY_STYLES["red_flag"])))
    return Text.assemble("\n", Text("Legend", style="bold"), "\n", Text("\n").join(lines))


def _experiences(experiences: Sequence[Experience]) -> RenderableType:
    """What each person tried, one block per person: who, then a line per kind of finding. Lines rather than a
    six-column table, so an 80-column terminal wraps names between words rather than inside them."""
    if not experiences:
        return Text("What each person tried: nothing found.", style="dim")
    blocks: list[RenderableType] = [Text("\nWhat each person tried", style="bold")]
    for e in experiences:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="dim", no_wrap=True)
        grid.add_column(overflow="fold")
        for heading, names in (
            ("conditions", [r.name for r in e.conditions]),
            ("causes", [r.name for r in e.causes]),
            ("durations", [r.name for r in e.durations]),
        ):
            if names:
                grid.add_row(Text(f"  {heading}"), Text("; ".join(names)))
        grid.add_row(Text("  treatments"), _treatments(e))
        blocks += [Text.assemble((person(e.person), "bold"), (f" · {e.experiencer}", "dim")), grid]
    return Group(*blocks)


def _treatments(e: Experience) -> Text:
    """One line per treatment: its name, an arrow, and the outcome, in words, in the outcome's colour."""
    if not e.treatments:
        return EMPTY
    lines = []
    for t in e.treatments:
        style = OUTCOME_STYLES.get(t.outcome, OUTCOME_STYLES["unknown"])
        ongoing = (" (ongoing)", "dim") if t.ongoing else ""
        words = t.outcome if t.outcome == "unknown" else label_words(t.outcome, "outcome")
        lines.append(Text.assemble(t.name, (" → ", "dim"), (words, style + Style(underline=False)), ongoing))
    return Text("\n").join(lines)


def _questions(thread: Thread) -> RenderableType:
    """The questions: where and by whom to whom, what, and which later post answers it (or that none does)."""
    if not thread.questions:
        return Text("Questions: none found.", style="dim")
    numbers = post_numbers(thread)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    for q in thread.questions:
        answer = answered_by(thread, q)
        asked = Text.assemble(person(q.asker), (" → ", "dim"), person(q.addressee), (": ", "dim"), q.text, "\n")
        asked.append(f"answered by: {answer}" if q.answered_by is not None else answer, style="dim")
        grid.add_row(Text(f"post {numbers.get(q.post_id, '?')}"), asked)
    return Group(Text("\nQuestions", style="bold"), grid)
