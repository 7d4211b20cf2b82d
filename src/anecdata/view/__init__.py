"""Human views of analysed threads (terminal and HTML), and the wording both views share."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from anecdata.model import Annotation, ClaimEvidence, EvidenceLink, GradeCue, Person, Question, Thread

if TYPE_CHECKING:
    from anecdata.view.html import render_html
    from anecdata.view.text import render_text

__all__ = [
    "EVIDENCE_HEADING",
    "HIGHLIGHTED",
    "JINJA_FILTERS",
    "LEGEND",
    "RED_FLAG_NOTE_ATTR",
    "RED_FLAG_WORDS",
    "UNKNOWN",
    "annotation_summary",
    "answered_by",
    "attr_flags",
    "counted",
    "cue_words",
    "design_words",
    "evidence_of_post",
    "label_words",
    "labels_words",
    "level_words",
    "link_summary",
    "one_line",
    "person",
    "post_numbers",
    "render_html",
    "render_text",
    "said",
    "says_nothing",
    "thread_heading",
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


def person(who: Person | str | None) -> str:
    """A person (by :meth:`Person.shown`) or a post's author or addressee to print, so a missing one reads as
    "unknown" rather than "None"."""
    if isinstance(who, Person):
        return who.shown()
    return who if who else UNKNOWN


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
    """Attributes as short flags: ``negated`` for a true flag, ``experiencer=family`` for a value, a list's items
    joined by commas (``codes=MeSH:D013315, ICD-10-CM:G57.0``).

    False and empty values (an empty string or list too) are left out, because "not negated" is the default a
    reader assumes and ``codes=[]`` says nothing; the vocabulary ``match`` kind is left out too, since summaries
    print it beside the concept, and so are the keys in ``leave_out`` (a view that prints them on their own, like
    a red flag's note).
    """
    flags = []
    for key, value in attrs.items():
        if key == _MATCH_ATTR or key in leave_out or _empty(value):
            continue
        if isinstance(value, list | tuple):
            value = ", ".join(str(v) for v in value)
        flags.append(key if value is True else f"{key}={value}")
    return flags


def _empty(value: Any) -> bool:
    """Whether an attribute says nothing a reader needs: false, missing, or an empty string or collection."""
    return value is False or value is None or (isinstance(value, str | list | tuple | dict) and not value)


def label_words(label: str, layer: str | None = None) -> str:
    """A label in the words a reader sees ("no_change" → "no change"): the legend's, so every view, terminal and
    web alike, says the same. An unknown label is shown with spaces for underscores rather than hidden."""
    for name in (layer,) if layer in LEGEND else LEGEND:
        words = LEGEND[name].get(label)  # type: ignore[index]
        if words:
            return words
    if label == "red_flag":
        return RED_FLAG_WORDS
    return label.replace("_", " ")


def labels_words(labels: Iterable[str], layer: str | None = None) -> str:
    """Several labels of one span in words, in the legend's order, joined as a sentence says them: "a general claim
    and a question"."""
    order = list(LEGEND.get(layer or "", {}))
    ranked = sorted(dict.fromkeys(labels), key=lambda label: order.index(label) if label in order else len(order))
    words = list(dict.fromkeys(label_words(label, layer) for label in ranked))
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def counted(n: int, noun: str, plural: str = "") -> str:
    """A count with its noun in the right number: "1 person", "3 people", "1 post", "0 posts"."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


HEADING_CHARS = 60
"""A thread without a title is headed by the start of its first post, cut to this many characters."""


def thread_heading(thread: Thread, max_chars: int = HEADING_CHARS) -> str:
    """What to call a thread: its title, else the first words of its first post with text, else its id (a hash
    like "t8f15af3550" says nothing to a reader, so it is the last resort)."""
    if thread.title and thread.title.strip():
        return one_line(thread.title)
    for post in thread.posts:
        if post.text.strip():
            return opening_words(post.text, max_chars)
    return thread.id


def opening_words(text: str, max_chars: int = HEADING_CHARS) -> str:
    """The first words of a post, on one line, cut at a word boundary: what names an untitled thread."""
    return _cut_at_word(_one_line(text), max_chars)


def _cut_at_word(text: str, max_chars: int) -> str:
    """Text cut at the last word boundary within ``max_chars``, with an ellipsis when anything was cut."""
    if len(text) <= max_chars:
        return text
    cut = text[: max_chars - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-") + "…"


def annotation_summary(
    a: Annotation,
    linked: Mapping[str, Annotation],
    max_chars: int = 0,
    leave_out: Collection[str] = (),
    label: str | None = None,
) -> str:
    """One line that says what an annotation found: ``label: text → concept name (match) · flags``.

    Args:
        a: The annotation to summarise.
        linked: Annotations by id, so an outcome can name the treatment it judges.
        max_chars: Shorten the quoted text to this many characters (0: never), for sentence-long spans
            that the reader has just seen highlighted.
        leave_out: Attribute keys the caller shows elsewhere.
        label: What to call the label (default: the label as stored), e.g. its words for a reader.
    """
    line = f"{a.label if label is None else label}: {_shorten(_one_line(a.text), max_chars)}"
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


@dataclass(frozen=True, slots=True)
class EvidenceBlock:
    """Claims of one post that found the same abstracts, and those abstracts, shown once for all of them."""

    claim_ids: tuple[str, ...]
    links: tuple[EvidenceLink, ...]


def evidence_blocks(evidence: Iterable[ClaimEvidence]) -> tuple[list[EvidenceBlock], int]:
    """A post's claims that found abstracts, claims that found the same ones in one block (they say the same
    thing), in text order; and how many found none, said in one line rather than once per claim, so a post's
    evidence is never longer than the post when nothing loaded is about it."""
    grouped: dict[frozenset[str], tuple[list[str], tuple[EvidenceLink, ...]]] = {}
    unmatched = 0
    for entry in evidence:
        if not entry.links:
            unmatched += entry.status == "no_match"
            continue
        claims, _ = grouped.setdefault(frozenset(link.pmid for link in entry.links), ([], entry.links))
        claims.append(entry.annotation_id)
    return [EvidenceBlock(tuple(claims), links) for claims, links in grouped.values()], unmatched


def one_line(text: str, max_chars: int = 0) -> str:
    """Text with its line breaks folded, cut to ``max_chars`` with an ellipsis (0: never)."""
    return _shorten(_one_line(text), max_chars)


def _shorten(text: str, max_chars: int) -> str:
    """Text cut to ``max_chars`` with an ellipsis, or whole when it fits or no limit is set."""
    return text if not max_chars or len(text) <= max_chars else text[: max_chars - 1].rstrip() + "…"


def _one_line(text: str) -> str:
    """Text with its line breaks folded, so a summary stays on one line."""
    return " ".join(text.split())


_PLACEHOLDER = re.compile(r"\[[A-Z][A-Z_]*(?:-[0-9]+)?\]|\bPerson-[0-9]+\b")
"""What redaction puts in place of a name, place or contact: ``[PERSON]``, ``[URL]``, ``[PERSON-2]``, ``Person-2``."""
_ADDRESS = re.compile(r"\b(?:https?://|www\.)\S+|\S+@\S+\.\w+", re.IGNORECASE)
_QUOTE_HEADER = re.compile(
    r"(?:on\b.{0,120}?|\S+(?:\s+\S+){0,3})\s+wrote\s*:?"
    r"|.{0,80}?\b(?:wrote|said|says|writes)\s*:"
    r"|(?:quote from|quoting|originally posted by|in reply to)\s+\S+(?:\s+\S+){0,5}\s*:?",
    re.IGNORECASE | re.DOTALL,
)
"""A line that only introduces a quote: "[PERSON] wrote:", "On 3 May, Ann wrote:", "Originally Posted by Ann"."""
_SIGNATURE = re.compile(r"(?:--|—|–|~)\s*\S+(?:\s+\S+){0,3}")
"""A signature line: a dash, then a name of up to four words ("-- Tom", "— Ann B.")."""
_WORD = re.compile(r"[^\W\d_]{2,}")


def says_nothing(text: str) -> bool:
    """Whether a sentence is a forum's furniture, not something a person said: a signature ("-- [PERSON]"), a bare
    address ("[URL]"), a quote header ("[PERSON] wrote:"), or placeholders and punctuation only. Search lists
    such sentences because they match a name or fill a filter, but a reader learns nothing from them."""
    line = _one_line(text)
    if _QUOTE_HEADER.fullmatch(line) or _SIGNATURE.fullmatch(line):
        return True
    return _WORD.search(_ADDRESS.sub(" ", _PLACEHOLDER.sub(" ", line))) is None


class _Said(Protocol):
    text: str


def said(hits: Iterable[_Said]) -> list[Any]:
    """The hits (anything with a ``text``) whose sentence says something, for a page that lists search hits."""
    return [hit for hit in hits if not says_nothing(hit.text)]


JINJA_FILTERS: Mapping[str, Callable[..., Any]] = {
    "label_words": label_words,
    "counted": counted,
    "said": said,
    "thread_heading": thread_heading,
}
"""The wording above as Jinja filters, so the web pages say labels and counts as the terminal does:
``{{ a.label|label_words(a.layer) }}``, ``{{ n|counted("person", "people") }}``, ``{{ thread|thread_heading }}``."""


def __getattr__(name: str) -> Any:
    """Import a renderer on first use, so using one view never loads the other's dependencies."""
    if name == "render_text":
        from anecdata.view.text import render_text

        return render_text
    if name == "render_html":
        from anecdata.view.html import render_html

        return render_html
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
