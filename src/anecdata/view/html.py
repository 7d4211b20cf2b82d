"""The HTML view: one self-contained page, every highlight one click from why it was made."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from importlib import resources
from itertools import pairwise
from typing import Any

from anecdata.model import (
    EVIDENCE_STATUSES,
    Annotation,
    ClaimEvidence,
    EvidenceLink,
    Experience,
    Post,
    Reported,
    Thread,
)
from anecdata.serialise import annotation_to_record
from anecdata.view import (
    EVIDENCE_HEADING,
    LEGEND,
    RED_FLAG_NOTE_ATTR,
    RED_FLAG_WORDS,
    answered_by,
    counted,
    cue_words,
    design_words,
    evidence_blocks,
    evidence_of_post,
    label_words,
    level_words,
    one_line,
    person,
    post_numbers,
    thread_heading,
)

NESTING = {"statement": 0, "outcome": 1, "mention": 2, "safety": 3, "pii": 4}
"""Which layer goes outside when two annotations cover exactly the same characters."""

OTHER_LEGEND = {"safety": ("red_flag", RED_FLAG_WORDS), "pii": ("person", "personal data")}
"""Layers marked in the page that the shared legend leaves out: one chip each."""

DATA_ELEMENT_ID = "anecdata-data"
FOOTER = "anecdata reports what people wrote; it does not diagnose or recommend treatment."
EXPERIENCE_COLUMNS = ("person", "who", "conditions", "causes", "durations", "treatments → outcome")
QUESTION_COLUMNS = ("post", "asker", "to", "question", "answered by")
HINT = "Hover, click or Tab to a highlight to see what was found, by which rule, and why."
PUBMED_URL = "https://pubmed.ncbi.nlm.nih.gov/{pmid}/"
"""Where a PMID links to; the page never fetches it, a reader may follow it."""
_PMID = re.compile(r"[0-9]{1,10}")
"""What a PubMed id looks like: only these become links (a JSONL file's own ids stay plain text)."""
CLAIM_CHARS = 90
"""Claims are whole sentences the reader has just seen highlighted, so the evidence list shortens them."""
UNLOADED = "no_corpus"
"""The evidence status said once per thread, under its heading: under each claim it would say the same a dozen
times."""


BIDI_ISOLATE_CSS = (
    "\n/* Forum text may carry bidirectional controls (U+202E and kin) that reorder what follows them: every element"
    "\n   that shows forum text is a bidi isolate, so a control inside it cannot reorder the page around it. */"
    "\n:is(p, li, td, th, dd, dt, blockquote, span, mark, a, h1, h2, h3, h4, button, .text, .post, .ev-sentence)"
    " { unicode-bidi: isolate; }\n"
)
"""The rule the web stylesheet has (``web/static/web.css``), added to the static page's inline style."""


def render_html(threads: Sequence[Thread], redaction: str) -> str:
    """One HTML5 document showing the threads, with inline CSS and JS and nothing fetched from a network.

    Forum text is HTML-escaped wherever it lands; the annotation data travels as JSON in a
    ``<script type="application/json">`` element with every ``<``, ``>`` and ``&`` written as a ``\\u``
    escape, so no post can close that element. A Content-Security-Policy allows only this page's own
    style and script (by hash), so even a mistake in escaping could not run a forum author's script.

    Args:
        threads: Analysed threads (annotations, experiences and questions filled in).
        redaction: The redaction the text already went through ("none", "mask", "pseudonymise"), shown
            at the top so a reader knows whether names in it are real.
    """
    css, js = _asset("view.css") + BIDI_ISOLATE_CSS, _asset("view.js")
    csp = f"default-src 'none'; style-src '{_sha256(css)}'; script-src '{_sha256(js)}'"
    return "".join(
        [
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
            f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n',
            '<meta name="referrer" content="no-referrer">\n',
            f"<title>{escape(_page_title(threads))}</title>\n<style>{css}</style>\n</head>\n<body>\n",
            _page_header(threads, redaction),
            '<div class="layout">\n<main>\n',
            legend(),
            *(thread_section(t, n) for n, t in enumerate(threads, start=1)),
            "</main>\n",
            '<aside id="detail" aria-label="Annotation details" aria-live="polite">\n<h2>Details</h2>\n',
            f'<div id="detail-body"><p class="hint">{escape(HINT)}</p></div>\n</aside>\n</div>\n',
            f'<footer class="page-foot"><p>{escape(FOOTER)}</p></footer>\n',
            f'<script type="application/json" id="{DATA_ELEMENT_ID}">{json_for_script(annotation_data(threads))}',
            "</script>\n",
            f"<script>{js}</script>\n</body>\n</html>\n",
        ]
    )


def _asset(name: str) -> str:
    """A stylesheet or script shipped in ``view/templates``, kept as files so they can be edited as such."""
    return resources.files("anecdata.view").joinpath("templates", name).read_text("utf-8")


def _sha256(source: str) -> str:
    """The CSP source expression that allows exactly this inline style or script."""
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")


def json_for_script(value: Any) -> str:
    """JSON that is safe inside a script element: no ``</script>``, ``<!--`` or entity can appear in it."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _page_title(threads: Sequence[Thread]) -> str:
    """The browser tab's title: the thread's own title for one thread, a count otherwise."""
    if len(threads) == 1:
        return f"anecdata · {thread_heading(threads[0])}"
    return f"anecdata · {len(threads)} threads"


def _page_header(threads: Sequence[Thread], redaction: str) -> str:
    """The top bar: name, the redaction state (prominent, since it says whether names are real), counts."""
    redacted = redaction != "none"
    note = f"PII redacted: {redaction}" if redacted else "not redacted"
    posts = sum(len(t.posts) for t in threads)
    return (
        '<header class="page-head">\n<h1>anecdata</h1>\n'
        f'<p class="redaction {"on" if redacted else "off"}">{escape(note)}</p>\n'
        f'<p class="counts">{counted(len(threads), "thread")} · {counted(posts, "post")}</p>\n</header>\n'
    )


def legend() -> str:
    """Chips styled exactly like the highlights they explain."""
    rows = []
    for layer, labels in LEGEND.items():
        chips = "".join(_chip(layer, label, words) for label, words in labels.items())
        rows.append(f"<dt>{escape(layer)}s</dt><dd>{chips}</dd>")
    chips = "".join(_chip(layer, label, words) for layer, (label, words) in OTHER_LEGEND.items())
    rows.append(f"<dt>other</dt><dd>{chips}</dd>")
    return f'<section class="legend" aria-label="Legend">\n<dl>{"".join(rows)}</dl>\n</section>\n'


def _chip(layer: str, label: str, words: str) -> str:
    """One legend entry."""
    return f'<span class="chip a {escape(layer)} {escape(layer)}-{escape(label)}">{escape(words)}</span>'


def thread_section(thread: Thread, number: int) -> str:
    """A thread: title, source and size, its posts, then who tried what and the questions asked."""
    anchor = f"t{number}"
    numbers = post_numbers(thread)
    meta = [escape(thread.source), escape(counted(len(thread.posts), "post"))]
    if thread.url:
        meta.append(f'<span class="url">{escape(thread.url)}</span>')
    posts = "".join(_post(p, numbers[p.id], anchor, _listed(thread, p.id)) for p in thread.posts)
    return (
        f'<section class="thread" aria-labelledby="{anchor}-title">\n'
        f'<h2 id="{anchor}-title">{escape(thread_heading(thread))}</h2>\n'
        f'<p class="meta">{" · ".join(meta)}</p>\n{_unloaded(thread)}{posts}'
        f"{_experiences(thread.experiences)}{_questions(thread, anchor)}</section>\n"
    )


def _listed(thread: Thread, post_id: str) -> list[ClaimEvidence]:
    """A post's evidence entries worth listing under it: all but those saying no corpus was loaded."""
    return [e for e in evidence_of_post(thread, post_id) if e.status != UNLOADED]


def _unloaded(thread: Thread) -> str:
    """One line under the thread's heading when its claims were not looked up because no corpus was loaded."""
    if not any(e.status == UNLOADED for e in thread.evidence):
        return ""
    return f'<p class="evidence-status">Published evidence: {escape(EVIDENCE_STATUSES[UNLOADED])}.</p>\n'


def _post(post: Post, number: int, anchor: str, evidence: Sequence[ClaimEvidence] = ()) -> str:
    """A post card: number, author → addressee, the text with its annotations marked in place, its red flags,
    and the published evidence for its claims."""
    return (
        f'<article class="post" id="{anchor}-p{number}">\n<header><span class="num">#{number}</span> '
        f'<span class="author">{escape(person(post.author))}</span> '
        '<span class="arrow" aria-label="to">→</span> '
        f'<span class="addressee">{escape(person(post.addressee))}</span></header>\n'
        f'<p class="text">{marked_text(post.text, post.annotations)}</p>\n{_red_flags(post)}'
        f"{_evidence(post, evidence)}</article>\n"
    )


def _evidence(post: Post, evidence: Sequence[ClaimEvidence]) -> str:
    """Under a post, each block of claims that found the same abstracts (buttons to their highlights) with the
    abstracts once, then one line for the claims that found none.

    Abstract titles and sentences come from files a user loaded, so they are escaped like forum text.
    """
    if not evidence:
        return ""
    claims = {a.id: a for a in post.annotations}
    blocks, unmatched = evidence_blocks(evidence)
    items = []
    for block in blocks:
        heads = "".join(_jump(i, one_line(claims[i].text, CLAIM_CHARS) if i in claims else i) for i in block.claim_ids)
        links = "".join(f"<li>{evidence_link(link)}</li>" for link in block.links)
        items.append(f'<li>{heads}<ol class="ev-links">{links}</ol></li>')
    if unmatched:
        status = f"{counted(unmatched, 'claim')}: {EVIDENCE_STATUSES['no_match']}"
        items.append(f'<li><p class="evidence-status">{escape(status)}</p></li>')
    note = f'<p class="evidence-note">{escape(EVIDENCE_STATUSES["found"])}.</p>' if blocks else ""
    return (
        f'<section class="evidence" aria-label="{escape(EVIDENCE_HEADING)}"><h4>{escape(EVIDENCE_HEADING)}</h4>'
        f'<ul class="ev-claims">{"".join(items)}</ul>{note}</section>\n'
    )


def evidence_link(link: EvidenceLink) -> str:
    """One abstract: title (and year), design, CEBM level, PMID (a PubMed link when it is one), the grading cue,
    and the abstract sentence that matched best, with its offsets into the abstract."""
    year = f' <span class="ev-year">({link.year})</span>' if link.year else ""
    meta = " · ".join(
        [
            f'<span class="ev-design design-{escape(link.design)}">{escape(design_words(link.design))}</span>',
            escape(level_words(link.level)),
            _pmid(link.pmid),
            f'<span class="ev-cue">{escape(cue_words(link.cue))}</span>',
        ]
    )
    sentence = ""
    if link.sentence is not None:
        s = link.sentence
        sentence = (
            f'<blockquote class="ev-sentence" data-start="{s.start}" data-end="{s.end}">{escape(s.text)}</blockquote>'
        )
    title = f'<span class="ev-title">{escape(one_line(link.title))}</span>{year}'
    return f'{title}<br><span class="ev-meta">{meta}</span>{sentence}'


def _pmid(pmid: str) -> str:
    """``PMID n`` as a link to PubMed when ``pmid`` is a PubMed id, else as plain text."""
    words = f"PMID {escape(pmid)}"
    if not _PMID.fullmatch(pmid):
        return words
    href = escape(PUBMED_URL.format(pmid=pmid))
    return f'<a href="{href}" rel="noopener noreferrer" target="_blank">{words}</a>'


def _red_flags(post: Post) -> str:
    """Under a post, each red flag with its fixed note in full, so no one has to hover to read it."""
    flags = post.layer("safety")
    if not flags:
        return ""
    items = "".join(
        f'<li><span class="chip a safety safety-{escape(a.label)}">{escape(RED_FLAG_WORDS)}</span> '
        f"{_jump(a.id, a.text)} "
        f'<span class="flag-note">{escape(str(a.attrs.get(RED_FLAG_NOTE_ATTR, "")))}</span></li>'
        for a in flags
    )
    return f'<ul class="flags" aria-label="Red flags">{items}</ul>\n'


def marked_text(text: str, annotations: Iterable[Annotation]) -> str:
    """Escaped text with one ``<mark>`` per annotation, properly nested however the annotations overlap.

    The text is cut at every annotation boundary. For each piece, the annotations covering it are ordered
    outermost first (earlier start, then later end, then :data:`NESTING`); the marks already open are
    kept as long as they agree with that order, the rest are closed and reopened. An annotation that
    crosses another's boundary thus becomes several marks with the same ``data-id``; only its first piece
    is a tab stop. Empty annotations cover no character and get no mark (their data is still in the page).

    Args:
        text: The post text, exactly as the offsets index it.
        annotations: The post's annotations.
    """
    spans = sorted((a for a in annotations if a.start < a.end), key=_outer_first)
    bounds = sorted({0, len(text), *(a.start for a in spans), *(a.end for a in spans)})
    out: list[str] = []
    stack: list[Annotation] = []
    started: set[str] = set()
    # The spans covering a piece, in outermost-first order, kept by one sweep over the sorted spans: scanning all
    # spans for each piece made a one-paragraph post of 400,000 characters take half a minute (issue 17).
    wanted: list[Annotation] = []
    following = 0
    for lo, hi in pairwise(bounds):
        while following < len(spans) and spans[following].start <= lo:
            wanted.append(spans[following])
            following += 1
        wanted = [a for a in wanted if hi <= a.end]
        keep = _common_prefix(stack, wanted)
        out.extend("</mark>" for _ in stack[keep:])
        del stack[keep:]
        for a in wanted[keep:]:
            out.append(_open_mark(a, first=a.id not in started))
            started.add(a.id)
            stack.append(a)
        out.append(escape(text[lo:hi]))
    out.extend("</mark>" for _ in stack)
    return "".join(out)


def _outer_first(a: Annotation) -> tuple[int, int, int, str]:
    """Sort key that puts the annotation that should enclose the other first."""
    return (a.start, -a.end, NESTING.get(a.layer, len(NESTING)), a.id)


def _common_prefix(open_marks: Sequence[Annotation], wanted: Sequence[Annotation]) -> int:
    """How many of the open marks (from the outside in) the next piece of text still wants, in order."""
    n = 0
    while n < min(len(open_marks), len(wanted)) and open_marks[n].id == wanted[n].id:
        n += 1
    return n


def _open_mark(a: Annotation, first: bool) -> str:
    """The opening tag of one piece of an annotation's mark."""
    classes = f"a {a.layer} {a.layer}-{a.label}" + ("" if first else " cont")
    focus = ' tabindex="0"' if first else ""
    return f'<mark class="{escape(classes)}" data-id="{escape(a.id)}"{focus}>'


def _experiences(experiences: Sequence[Experience]) -> str:
    """The "What each person tried" table; each treatment links to the sentence it came from."""
    heading = "<h3>What each person tried</h3>\n"
    if not experiences:
        return heading + '<p class="empty">No personal experiences found in this thread.</p>\n'
    rows = "".join(
        "<tr>"
        f"<td>{escape(person(e.person))}</td><td>{escape(e.experiencer)}</td>"
        f"<td>{_reported(e.conditions)}</td><td>{_reported(e.causes)}</td><td>{_reported(e.durations)}</td>"
        f"<td>{_treatments(e)}</td></tr>\n"
        for e in experiences
    )
    return heading + _table(EXPERIENCE_COLUMNS, rows)


def _treatments(e: Experience) -> str:
    """Treatment names (buttons to their first supporting annotation) with outcome pills, "unknown" too."""
    items = []
    for t in e.treatments:
        outcome = t.outcome if t.outcome in LEGEND["outcome"] else "unknown"
        words = t.outcome if t.outcome == "unknown" else label_words(t.outcome, "outcome")
        pill = f'<span class="pill pill-{outcome}">{escape(words)}</span>'
        ongoing = ' <span class="pill pill-ongoing">ongoing</span>' if t.ongoing else ""
        items.append(f"{_named(t.name, t.annotation_ids)} {pill}{ongoing}")
    return _list(items)


def _reported(items: Sequence[Reported]) -> str:
    """Conditions, causes or durations, each a button to the first mention that says it."""
    return _list([_named(r.name, r.annotation_ids) for r in items])


def _named(name: str, annotation_ids: Sequence[str]) -> str:
    return _jump(annotation_ids[0], name) if annotation_ids else escape(name)


def _questions(thread: Thread, anchor: str) -> str:
    """The "Questions" table: where asked, by whom, to whom, what, and the post that answers (or none)."""
    heading = "<h3>Questions</h3>\n"
    if not thread.questions:
        return heading + '<p class="empty">No questions found in this thread.</p>\n'
    numbers = post_numbers(thread)
    rows = []
    for q in thread.questions:
        answer = escape(answered_by(thread, q))
        if q.answered_by in numbers:
            answer = f'<a href="#{anchor}-p{numbers[q.answered_by]}">{answer}</a>'
        else:
            answer = f'<span class="none">{answer}</span>'
        rows.append(
            f"<tr><td>{_post_link(numbers, q.post_id, anchor)}</td><td>{escape(person(q.asker))}</td>"
            f"<td>{escape(person(q.addressee))}</td><td>{_jump(q.annotation_id, q.text)}</td>"
            f"<td>{answer}</td></tr>\n"
        )
    return heading + _table(QUESTION_COLUMNS, "".join(rows))


def _post_link(numbers: Mapping[str, int], post_id: str, anchor: str) -> str:
    """A link to a post by its number in the thread, or the bare id when the post is not in it."""
    if post_id not in numbers:
        return escape(post_id)
    return f'<a href="#{anchor}-p{numbers[post_id]}">{numbers[post_id]}</a>'


def _jump(annotation_id: str, label: str) -> str:
    """A button that scrolls to an annotation's highlight and shows its details."""
    return f'<button type="button" class="jump" data-jump="{escape(annotation_id)}">{escape(label)}</button>'


def _table(headers: Sequence[str], rows: str) -> str:
    """A data table with a header row, wrapped so it scrolls sideways on narrow screens."""
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    return f'<div class="table-wrap"><table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}</tbody>\n</table></div>\n'


def _list(items: Sequence[str]) -> str:
    """Items of HTML (escaped by the caller) as a bare list, or a dash when there are none."""
    if not items:
        return '<span class="none">—</span>'
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def annotation_data(threads: Sequence[Thread]) -> dict[str, dict[str, Any]]:
    """Every annotation's full record by id, plus its post number and the text of each cue."""
    data = {}
    for thread in threads:
        numbers = post_numbers(thread)
        for post in thread.posts:
            for a in post.annotations:
                record = annotation_to_record(a)
                record["post"] = numbers[post.id]
                record["words"] = label_words(a.label, a.layer)
                for cue in record["explanation"]["cues"]:
                    cue["text"] = post.text[cue["start"] : cue["end"]]
                data[a.id] = record
    return data
