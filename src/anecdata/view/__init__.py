"""Human views of analysed threads (terminal and HTML), and the wording both views share."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any

from anecdata.model import Annotation, ClaimEvidence, EvidenceLink, GradeCue, Question, Thread

if TYPE_CHECKING:
    from anecdata.view.html import render_html
    from anecdata.view.text import render_text

__all__ = [
    "EVIDENCE_HEADING",
    "HIGHLIGHTED",
    "LEGEND",
    "RED_FLAG_NOTE_ATTR",
    "RED_FLAG_WORDS",
    "UNKNOWN",
    "annotation_summary",
    "answered_by",
    "attr_flags",
    "cue_words",
    "design_words",
    "evidence_of_post",
    "level_words",
    "link_summary",
    "one_line",
    "person",
    "post_numbers",
    "render_html",
    "render_text",
]

UNKNOWN = "unknown"
"""What a view prints where the text does not say who wrote or was addressed."""

LEGEND: Mapping[str, Mapping[str, str]] = {
    "statement": {
        "claim": "a general claim",
        "per_exp": "a personal experience",
        "claim_per_exp": "a claim from experience",
        "question": "a question",
    },
    "mention": {
        "condition": "condition",
        "symptom": "symptom",
        "treatment": "treatment",
        "drug": "drug",
        "body_part": "body part",
        "cause": "cause",
        "duration": "duration",
    },
    "outcome": {
        "improved": "improved",
        "no_change": "no change",
        "worse": "worse",
        "mixed": "mixed",
        "unknown": "outcome unknown",
    },
}
"""Label → the words a reader sees in a legend, per highlighted layer, in the order legends list them."""

HIGHLIGHTED = tuple(LEGEND)
"""Layers the views colour by label; pii and safety have one label each and are marked in a view's own way."""

RED_FLAG_NOTE_ATTR = "note"
"""The ``safety`` attribute holding a red flag's fixed note, which views print in full beside the flag."""
RED_FLAG_WORDS = "red flag"
"""What legends call the ``safety`` layer's one label."""

_MATCH_ATTR = "match"

EVIDENCE_HEADING = "evidence"
"""What views call the published evidence listed under a post's claims."""
DESIGN_WORDS: Mapping[str, str] = {
    "systematic_review": "systematic review",
    "rct": "randomised controlled trial",
    "cohort": "cohort study",
    "case_control": "case-control study",
    "case_series": "case series or report",
    "narrative_review": "narrative review",
    "mechanistic": "animal or laboratory study",
    "other": "other design",
}
"""Study designs (``anecdata.evidence.model.DESIGNS``) in the words a reader sees."""
CUE_SOURCE_WORDS: Mapping[str, str] = {
    "publication_type": "publication type",
    "mesh": "MeSH heading",
    "title": "title says",
    "abstract": "abstract says",
}


def person(name: str | None) -> str:
    """A name to print, so a missing author or addressee reads as "unknown" rather than "None"."""
    return name if name else UNKNOWN


def post_numbers(thread: Thread) -> dict[str, int]:
    """Post id → its 1-based place in the thread: what people call it ("post 3"), whatever the source uses."""
    return {p.id: n for n, p in enumerate(thread.posts, start=1)}


def answered_by(thread: Thread, question: Question) -> str:
    """Where a question was answered, in words, so "no answer" is shown rather than left blank."""
    if question.answered_by is None:
        return "no answer in thread"
    number = post_numbers(thread).get(question.answered_by)
    return f"post {number}" if number is not None else f"post {question.answered_by}"


def attr_flags(attrs: Mapping[str, Any], leave_out: Collection[str] = ()) -> list[str]:
    """Attributes as short flags: ``negated`` for a true flag, ``experiencer=family`` for a value.

    False and empty values are left out, because "not negated" is the default a reader assumes; the
    vocabulary ``match`` kind is left out too, since summaries print it beside the concept, and so are the
    keys in ``leave_out`` (a view that prints them on their own, like a red flag's note).
    """
    flags = []
    for key, value in attrs.items():
        if key == _MATCH_ATTR or key in leave_out or value is False or value is None or value == "":
            continue
        flags.append(key if value is True else f"{key}={value}")
    return flags


def annotation_summary(
    a: Annotation, linked: Mapping[str, Annotation], max_chars: int = 0, leave_out: Collection[str] = ()
) -> str:
    """One line that says what an annotation found: ``label: text → concept name (match) · flags``.

    Args:
        a: The annotation to summarise.
        linked: Annotations by id, so an outcome can name the treatment it judges.
        max_chars: Shorten the quoted text to this many characters (0: never), for sentence-long spans
            that the reader has just seen highlighted.
        leave_out: Attribute keys the caller shows elsewhere.
    """
    line = f"{a.label}: {_shorten(_one_line(a.text), max_chars)}"
    if a.concept is not None:
        match = a.attrs.get(_MATCH_ATTR)
        line += f" → {a.concept.name}" + (f" ({match})" if match else "")
    targets = [_one_line(linked[i].text) for i in a.links if i in linked]
    if targets:
        line += " → " + ", ".join(targets)
    return " · ".join([line, *attr_flags(a.attrs, leave_out)])


def design_words(design: str) -> str:
    """A study design in words; an unknown code is shown as written rather than hidden."""
    return DESIGN_WORDS.get(design, design.replace("_", " "))


def level_words(level: int | None) -> str:
    """The Oxford CEBM 2011 level, or that the table does not rank this design (so a blank is never read as 5)."""
    return f"CEBM level {level}" if level is not None else "CEBM level: not ranked"


def cue_words(cue: GradeCue) -> str:
    """What decided the design, in words: ``publication type "Randomized Controlled Trial"``."""
    if cue.source not in CUE_SOURCE_WORDS:
        return "no design cue"
    return f'{CUE_SOURCE_WORDS[cue.source]} "{one_line(cue.text)}"'


def link_summary(link: EvidenceLink) -> str:
    """One line under a claim: design, level, PMID and the grading cue (the title goes on its own line)."""
    return " · ".join([design_words(link.design), level_words(link.level), f"PMID {link.pmid}", cue_words(link.cue)])


def evidence_of_post(thread: Thread, post_id: str) -> list[ClaimEvidence]:
    """The evidence entries of one post's claims, in text order."""
    return [e for e in thread.evidence if e.post_id == post_id]


def one_line(text: str, max_chars: int = 0) -> str:
    """Text with its line breaks folded, cut to ``max_chars`` with an ellipsis (0: never)."""
    return _shorten(_one_line(text), max_chars)


def _shorten(text: str, max_chars: int) -> str:
    """Text cut to ``max_chars`` with an ellipsis, or whole when it fits or no limit is set."""
    return text if not max_chars or len(text) <= max_chars else text[: max_chars - 1].rstrip() + "…"


def _one_line(text: str) -> str:
    """Text with its line breaks folded, so a summary stays on one line."""
    return " ".join(text.split())


def __getattr__(name: str) -> Any:
    """Import a renderer on first use, so using one view never loads the other's dependencies."""
    if name == "render_text":
        from anecdata.view.text import render_text

        return render_text
    if name == "render_html":
        from anecdata.view.html import render_html

        return render_html
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
