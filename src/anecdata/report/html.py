"""The condition report as HTML: tables whose every number links to its sentences, and two charts drawn offline.

``report_body`` is the fragment the web UI and the standalone page share: a caller says where each count links
(``href(text)``, where ``text`` is the :class:`CountPath` naming the count, written for a URL; see :func:`count_at`).
``render_report_page`` is the standalone, self-contained page of ``anecdata report --html``: its counts link to an
evidence section at the page's end. Charts are matplotlib SVG inlined in the page (text kept as text, no scripts,
nothing fetched). Every string from the store is escaped; names may come from forum text.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from html import escape

from anecdata.model import EVIDENCE_STATUSES
from anecdata.report.condition import OUTCOMES, ConditionReport, Count, CountPath
from anecdata.report.sources import SENTENCES_PER_COUNT, SourceSentence
from anecdata.report.text import (
    EVIDENCE_TITLE,
    OUTCOME_HEADINGS,
    SMALL_MARK,
    TopicEvidence,
    days_in_words,
    duration_clause,
    share_in_words,
)
from anecdata.view import counted
from anecdata.view.html import evidence_link

OUTCOME_COLOURS = {"improved": "#2b8a3e", "no_change": "#868e96", "worse": "#c92a2a", "mixed": "#e8a317",
                   "unknown": "#d0d4d9"}  # fmt: skip
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.S)
"""matplotlib's RDF block (creator, links to its vocabularies): nothing a reader needs."""
SMALL_COLOUR = "#adb5bd"
"""Rows of fewer people than a report's small-number threshold are drawn in this grey, apart from the rest."""
CHART_TREATMENTS = 15
"""Treatments drawn in each chart (most people first); the tables list them all."""
STYLE = """
body{font-family:system-ui,sans-serif;max-width:70rem;margin:1.5rem auto;padding:0 1rem;color:#212529}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{padding:.25rem .6rem;border-bottom:1px solid #dee2e6}
td.n{text-align:right}th{text-align:left}.small{color:#868e96}.caveat{background:#fff9db;padding:.75rem 1rem}
.charts svg{max-width:100%;height:auto}.evidence li{margin:.3rem 0}mark{background:#ffe066}
""".strip()


def count_paths(report: ConditionReport) -> Iterator[tuple[CountPath, Count]]:
    """Every linkable count of a report with its path, named by what it counts (see :class:`CountPath`)."""
    yield CountPath("people"), report.people
    for t in report.treatments:
        yield CountPath("treatment", t.name, "tried"), t.tried
        for label, count in t.outcomes.items():
            yield CountPath("treatment", t.name, label), count
    for c in report.causes:
        yield CountPath("cause", c.name), c.people
    for g in report.claims:
        yield CountPath("claims", g.name), g.people
    yield CountPath("questions", "asked"), report.questions.asked
    yield CountPath("questions", "answered"), report.questions.answered


def count_at(report: ConditionReport, path: CountPath | str) -> Count | None:
    """The count a path (or its text, from a URL) names; None when the report has no such count."""
    wanted = CountPath.parse(path) if isinstance(path, str) else path
    return None if wanted is None else dict(count_paths(report)).get(wanted)


def count_title(path: CountPath | str) -> str:
    """A count's path (or its text) in words: "night splint: improved", "stated cause: fall on ice"; text that
    names no count is shown as it is."""
    typed = CountPath.parse(path) if isinstance(path, str) else path
    if typed is None:
        return str(path)
    if typed.kind == "treatment":
        return f"{typed.item}: {OUTCOME_HEADINGS.get(typed.outcome, typed.outcome)}"
    return {"people": "people", "cause": f"stated cause: {typed.item}", "claims": f"claims about {typed.item}",
            "questions": f"questions {typed.item}"}[typed.kind]  # fmt: skip


def report_body(
    report: ConditionReport, href: Callable[[str], str], charts: str, evidence: TopicEvidence = None
) -> str:
    """The report's HTML fragment: summary, caveat, ``charts`` (markup), tables. ``href(text)`` links each count,
    given the text of its :class:`CountPath` (what a URL carries).

    The standalone page inlines the SVG charts; the web UI serves them as images of their own.
    """

    def number(path: CountPath, count: Count) -> str:
        if not count.people:
            return "0"
        text = str(path)
        return f'<a href="{escape(href(text))}" data-count="{escape(text)}">{count.people}</a>'

    def people(path: CountPath, count: Count) -> str:
        """'6 people', '1 person' with the number linked."""
        return f"{number(path, count)} {'person' if count.people == 1 else 'people'}"

    parts = [
        f"<h1>{escape(report.name)} <small class=small>{escape(report.condition)}</small></h1>",
        *([f"<p class=asked>{escape(report.asked)}</p>"] if report.asked else []),
        f"<p>{people(CountPath('people'), report.people)} in {counted(report.threads, 'thread')}"
        f"{escape(duration_clause(report))}.</p>",
    ]
    if len(report.included) > 1:
        parts.append(f"<p class=small>Includes: {escape(', '.join(sorted(report.included.values())))}</p>")
    parts.append(f'<div class="caveat" role="note"><strong>Read with care.</strong> {escape(report.caveat)}</div>')
    if report.treatments and charts:
        parts.append(f'<div class="charts">{charts}</div>')
    parts.append(_treatment_table(report, number))
    causes = [(c.name, c.people) for c in report.causes]
    parts.append(_named_table("Onset and stated causes", "cause", "cause", causes, number))
    claims = [(g.name, g.people) for g in report.claims]
    parts.append(_named_table("Claims, by what they name", "claims", "about", claims, number))
    parts.append(_evidence(evidence))
    q = report.questions
    parts.append(
        f"<h2>Questions</h2><p>{q.statements} asked by {people(CountPath('questions', 'asked'), q.asked)}; "
        f"{q.answered_statements}, asked by {people(CountPath('questions', 'answered'), q.answered)}, were answered in "
        "their thread.</p>"
    )
    return "\n".join(parts)


def _evidence(evidence: TopicEvidence) -> str:
    if evidence is None:
        return f"<h2>{EVIDENCE_TITLE}</h2><p class=small>{escape(EVIDENCE_STATUSES['no_corpus'])}</p>"
    topics = []
    for topic, links in evidence:
        items = "".join(f"<li>{evidence_link(link)}</li>" for link in links)
        body = (
            f"<ol class=evidence>{items}</ol>"
            if links
            else f"<p class=small>{escape(EVIDENCE_STATUSES['no_match'])}</p>"
        )
        topics.append(f"<h3>{escape(topic)}</h3>{body}")
    note = f"<p class=small>{escape(EVIDENCE_STATUSES['found'])}.</p>"
    return f"<h2>{EVIDENCE_TITLE}</h2>{note}{''.join(topics)}"


def _treatment_table(report: ConditionReport, number: Callable[[CountPath, Count], str]) -> str:
    head = "".join(f"<th>{escape(OUTCOME_HEADINGS[o])}</th>" for o in OUTCOMES)
    rows = []
    for t in report.treatments:
        cells = "".join(
            f"<td class=n>{number(CountPath('treatment', t.name, o), t.outcomes[o]) if o in t.outcomes else '·'}</td>"
            for o in OUTCOMES
        )
        flag = f' <span class=small title="few people">{SMALL_MARK}</span>' if t.small and t.improved.n else ""
        duration = f"{escape(days_in_words(t.median_days))} ({t.days_people})" if t.days_people else ""
        tried = number(CountPath("treatment", t.name, "tried"), t.tried)
        rows.append(
            f"<tr><td>{escape(t.name)}</td><td class=n>{tried}</td>{cells}"
            f"<td>{escape(share_in_words(t.improved))}{flag}</td><td>{duration}</td></tr>"
        )
    note = (
        f"<p class=small>{SMALL_MARK} fewer than {report.small_below} people reported an outcome. The share is of "
        "people who reported one (improved, no change, worse, mixed), with its Wilson 95% interval. 'Had the "
        "condition for' is the longest time each person who tried the treatment said they had had it (the median, "
        "and how many said): how long they were ill, not how long the treatment took.</p>"
    )
    return (
        "<h2>What people tried, and what they report</h2><table><thead><tr><th>treatment</th><th>people</th>"
        f"{head}<th>improved (95% CI)</th><th>had the condition for (median)</th></tr></thead><tbody>{''.join(rows)}"
        f"</tbody></table>{note}"
    )


def _named_table(
    title: str,
    kind: str,
    heading: str,
    rows: Sequence[tuple[str, Count]],
    number: Callable[[CountPath, Count], str],
) -> str:
    if not rows:
        return f"<h2>{escape(title)}</h2><p class=small>None reported.</p>"
    body = "".join(
        f"<tr><td>{escape(name)}</td><td class=n>{number(CountPath(kind, name), count)}</td></tr>"
        for name, count in rows
    )
    return f"<h2>{escape(title)}</h2><table><thead><tr><th>{heading}</th><th>people</th></tr></thead>{body}</table>"


def _label(text: str) -> str:
    """A chart label as plain text: matplotlib would read "$...$" as mathematics."""
    return text.replace("$", r"\$")


def _svg(figure: object) -> str:
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None}, bbox_inches="tight")  # type: ignore[attr-defined]
    svg = out.getvalue()
    return _METADATA.sub("", svg[svg.index("<svg") :])


def _figure(rows: int) -> object:
    import matplotlib
    from matplotlib.figure import Figure

    matplotlib.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "anecdata", "font.size": 9})
    return Figure(figsize=(7.5, 0.9 + 0.32 * rows))


def forest_svg(report: ConditionReport) -> str:
    """Improvement share per treatment with its Wilson interval, for treatments with a reported outcome."""
    shown = [t for t in report.treatments if t.improved.n][:CHART_TREATMENTS]
    if not shown:
        return ""
    figure = _figure(len(shown))
    ax = figure.add_subplot()  # type: ignore[attr-defined]
    ys = list(range(len(shown)))[::-1]
    for y, t in zip(ys, shown, strict=True):
        if t.small:  # an anecdote, not a rate: a faint line and a hollow mark that cannot read as "works"
            ax.plot([t.improved.low, t.improved.high], [y, y], color=SMALL_COLOUR, linewidth=1, linestyle=":")
            ax.plot([t.improved.value], [y], "o", markerfacecolor="none", markeredgecolor=SMALL_COLOUR, markersize=5)
            continue
        ax.plot([t.improved.low, t.improved.high], [y, y], color="#495057", linewidth=1.5)
        ax.plot([t.improved.value], [y], "s", color=OUTCOME_COLOURS["improved"], markersize=4 + min(t.improved.n, 12))
    ax.set_yticks(ys, [_label(f"{t.name} (n={t.improved.n})") for t in shown])
    for tick, t in zip(ax.get_yticklabels(), shown, strict=True):
        if t.small:
            tick.set_color(SMALL_COLOUR)
    ax.set_xlim(-0.02, 1.02)
    ax.set_xlabel("share of people reporting improvement (Wilson 95% interval)")
    ax.grid(axis="x", color="#e9ecef")
    title = "Reported improvement"
    if any(t.small for t in shown):
        title += f"\n(grey, hollow: fewer than {report.small_below} people, an anecdote, not a rate)"
    ax.set_title(title)
    return _svg(figure)


def outcome_bars_svg(report: ConditionReport) -> str:
    """People per outcome for each treatment, stacked."""
    if not report.treatments:
        return ""
    shown = list(report.treatments[:CHART_TREATMENTS])
    figure = _figure(len(shown))
    ax = figure.add_subplot()  # type: ignore[attr-defined]
    ys = list(range(len(shown)))[::-1]
    left = [0] * len(shown)
    for label in OUTCOMES:
        widths = [t.outcomes[label].people if label in t.outcomes else 0 for t in shown]
        ax.barh(ys, widths, left=left, color=OUTCOME_COLOURS[label], label=OUTCOME_HEADINGS[label])
        left = [a + b for a, b in zip(left, widths, strict=True)]
    ax.set_yticks(ys, [_label(t.name) for t in shown])
    ax.set_xlabel("people")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(loc="lower right", frameon=False, fontsize=8)
    ax.set_title("Outcomes reported, per treatment")
    return _svg(figure)


CHARTS: dict[str, Callable[[ConditionReport], str]] = {"forest": forest_svg, "outcomes": outcome_bars_svg}
"""The report's charts by name, as SVG documents."""


def render_report_page(
    report: ConditionReport, sentences: Mapping[CountPath, Sequence[SourceSentence]], evidence: TopicEvidence = None
) -> str:
    """The standalone page: the body, then one evidence list per count, which the count links to.

    ``sentences`` maps a count's path to its (redacted) sentences; a path without sentences links nowhere new.
    """
    anchors = {str(path): f"ev-{i}" for i, (path, _) in enumerate(count_paths(report))}  # by the text href gets
    charts = "".join(draw(report) for draw in CHARTS.values())
    body = report_body(report, lambda text: f"#{anchors[text]}", charts, evidence)
    lists = []
    for path, count in count_paths(report):
        if not count.people:
            continue
        shown = sentences.get(path, ())
        items = "".join(_sentence_item(s) for s in shown)
        extra = f"<li class=small>the first {len(shown)} sentences</li>" if len(shown) >= SENTENCES_PER_COUNT else ""
        lists.append(
            f'<section id="{anchors[str(path)]}" class="evidence">'
            f"<h3>{escape(count_title(path))}: {counted(count.people, 'person', 'people')}</h3>"
            f"<ul>{items}{extra}</ul></section>"
        )
    return (
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        'img-src data:">'
        f"<title>{escape(report.name)}: anecdata condition report</title><style>{STYLE}</style></head><body>"
        f"{body}<h2>The sentences behind each number</h2>{''.join(lists)}"
        "<footer class=small>anecdata reports what people wrote; it does not diagnose or recommend treatment."
        "</footer></body></html>\n"
    )


def _sentence_item(item: SourceSentence) -> str:
    before, marked, after = item.sentence
    title = escape(item.thread.title or item.thread.id)
    author = escape(item.post.author or f"writer of post {item.post_number}")
    return (
        f"<li>“{escape(before)}<mark>{escape(marked)}</mark>{escape(after)}” "
        f"<span class=small>— {author}, post {item.post_number} in {title}</span></li>"
    )
