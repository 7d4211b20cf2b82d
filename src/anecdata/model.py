"""The data model: threads and posts hold text as received; everything found points into it (stand-off).

Offsets are half-open character offsets into ``Post.text``: ``start`` inclusive, ``end`` exclusive. Every
annotation satisfies ``post.text[a.start:a.end] == a.text``; a ``Post`` refuses annotations that do not.
This module imports nothing else of the project.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from anecdata.errors import DataError, GroundingError

SCHEMA_VERSION = "anecdata/2"
"""The output document's version (``serialise.py`` says what changed since ``anecdata/1``, which it still reads)."""

LAYERS: Mapping[str, tuple[str, ...]] = {
    "statement": ("claim", "per_exp", "claim_per_exp", "question"),
    "mention": ("condition", "symptom", "treatment", "drug", "body_part", "cause", "duration"),
    "outcome": ("improved", "no_change", "worse", "mixed", "unknown"),
    "pii": ("person", "location", "contact", "handle", "url", "credential", "date"),
    "safety": ("red_flag",),
}
"""One label list per layer (DESIGN.md, "Label sets"): change them here first."""

ALIGNMENTS = ("exact", "fuzzy", "expanded")

EVIDENCE_STATUSES: Mapping[str, str] = {
    "found": "abstracts from the loaded corpus about the claim's concepts; whether they support it is not judged",
    "no_corpus": "no evidence corpus loaded",
    "no_match": "no matching abstract in the loaded corpus",
}
"""What a claim's evidence search came to, and the words a reader is told (DESIGN.md: a citation is never
generated, so a claim without a loaded corpus says so instead of showing nothing)."""
EVIDENCE_LABELS = ("claim", "claim_per_exp")
"""The statement labels that get published evidence: general claims and claims from experience."""

SOURCE_ID = "source_id"
"""The ``Post.attrs`` key holding the post's id in its source (a Reddit ``t1_…``, a Message-ID, a row id)."""


def short_hash(*parts: object, length: int = 12) -> str:
    """A deterministic short id from its parts, so a re-run gives every item the same id."""
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return digest[:length]


@dataclass(frozen=True, slots=True)
class Concept:
    """A vocabulary entry a mention was normalised to."""

    system: str
    code: str
    name: str

    @property
    def id(self) -> str:
        """The concept id reports, search and the vocabulary key concepts by (see ``concept_id``)."""
        return concept_id(self.system, self.code)


def concept_id(system: str, code: str) -> str:
    """The one spelling of a concept id: ``system:code`` ("MeSH:D010146"). SQL that must build it inside the
    database (``store/browse.py``) is checked against this by ``tests/store/test_concept_sql.py``."""
    return f"{system}:{code}"


@dataclass(frozen=True, slots=True)
class Origin:
    """Who produced an annotation: the pipeline component, its part (recogniser, rule file), the rule id."""

    component: str
    part: str = ""
    rule: str = ""
    version: str = "1"


@dataclass(frozen=True, slots=True)
class Cue:
    """A stretch of the post text (post offsets, half-open) that decided something, e.g. a question's "?".

    ``kind`` says what the cue is ("negated", "client", "improved"), ``rule`` which rule found it ("neg_dont_have";
    empty when the kind says it all), so code asks ``cue.kind == "client"`` instead of parsing a string. The
    project's JSON writes both as one ``kind`` field, ``"client (carry_over_pronoun)"`` (:attr:`label`).
    """

    start: int
    end: int
    kind: str
    rule: str = ""

    @property
    def label(self) -> str:
        """The cue as the JSON and the views write it: ``kind (rule)``, or the kind alone."""
        return f"{self.kind} ({self.rule})" if self.rule else self.kind

    @classmethod
    def from_label(cls, start: int, end: int, label: str) -> Cue:
        """The cue a :attr:`label` was written from."""
        found = _CUE_LABEL.fullmatch(label)
        return cls(start, end, found["kind"], found["rule"]) if found else cls(start, end, label)


_CUE_LABEL = re.compile(r"(?P<kind>[^()]+) \((?P<rule>[^()\s]+)\)")
"""``kind (rule)``: a rule id has no spaces or brackets."""


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why an annotation exists: its cues, how its offsets were obtained, and a note for people."""

    cues: tuple[Cue, ...] = ()
    alignment: str = "exact"
    note: str = ""

    def __post_init__(self) -> None:
        if self.alignment not in ALIGNMENTS:
            raise GroundingError(f"alignment {self.alignment!r} is not one of {ALIGNMENTS}")


@dataclass(frozen=True, slots=True)
class Annotation:
    """One finding in one post, by character offsets (half-open) into that post's text.

    ``id`` is derived from post id, layer, start, end and label, so it is stable across runs.
    ``attrs`` holds layer-specific attributes (DESIGN.md's label table); ``links`` the ids of related
    annotations (an outcome's treatment).
    """

    post_id: str
    start: int
    end: int
    text: str
    layer: str
    label: str
    attrs: Mapping[str, Any] = field(default_factory=dict)
    concept: Concept | None = None
    score: float = 1.0
    origin: Origin = Origin("unknown")
    explanation: Explanation = Explanation()
    links: tuple[str, ...] = ()
    id: str = ""

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise GroundingError(f"bad interval [{self.start}, {self.end}) for {self.label!r}")
        if len(self.text) != self.end - self.start:
            raise GroundingError(
                f"annotation text {self.text!r} has length {len(self.text)}, interval has {self.end - self.start}"
            )
        if self.layer not in LAYERS or self.label not in LAYERS[self.layer]:
            raise GroundingError(f"label {self.label!r} is not in layer {self.layer!r}: see model.LAYERS")
        if not 0.0 <= self.score <= 1.0:
            raise GroundingError(f"score {self.score!r} is outside [0, 1]")
        if not self.id:
            object.__setattr__(self, "id", short_hash(self.post_id, self.layer, self.start, self.end, self.label))

    @classmethod
    def over(cls, post_id: str, text: str, start: int, end: int, layer: str, label: str, **kw: Any) -> Annotation:
        """Build an annotation whose ``text`` is cut from the full text it points into."""
        return cls(post_id=post_id, start=start, end=end, text=text[start:end], layer=layer, label=label, **kw)


@dataclass(frozen=True, slots=True)
class TextExtent:
    """A stretch of a post's text by half-open character offsets (the title line, a signature)."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise GroundingError(f"bad extent [{self.start}, {self.end})")

    def holds(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` lies inside this extent (an empty span at its edge counts)."""
        return self.start <= start and end <= self.end

    def has(self, offset: int) -> bool:
        """Whether the character at ``offset`` is inside this extent (an annotation starting there is)."""
        return self.start <= offset < self.end


@dataclass(frozen=True, slots=True)
class Quote(TextExtent):
    """Text a post quotes from someone else: marked, not cut; never the quoter's own words.

    ``author`` is the quoted writer when the attribution names one ("Mara wrote:"), ``post_id`` the quoted post
    when the reader knows it.
    """

    author: str | None = None
    post_id: str | None = None


POST_STATUSES = ("present", "deleted", "removed")
"""A post as written, or deleted by its writer, or removed by a moderator (its text is then a placeholder)."""


@dataclass(frozen=True, slots=True)
class PostContext:
    """What the reader knows of a post's layout: the title line, quoted extents, the closing, its status.

    ``title`` is set when the thread's title is part of the post text (a Reddit submission read as "title\\n
    body", a Discourse topic's first post, a mail thread's root message, a pasted thread's title line);
    ``closing`` starts at the sign-off or signature and runs to the end of the post.
    """

    title: TextExtent | None = None
    quotes: tuple[Quote, ...] = ()
    closing: TextExtent | None = None
    status: str = "present"

    def __post_init__(self) -> None:
        if self.status not in POST_STATUSES:
            raise DataError(f"post status {self.status!r} is not one of {POST_STATUSES}")

    def extents(self) -> tuple[TextExtent, ...]:
        """Every extent this context marks, for checking that they fit the text."""
        return tuple(e for e in (self.title, self.closing, *self.quotes) if e is not None)

    def quote_at(self, start: int, end: int) -> Quote | None:
        """The quote holding ``[start, end)``, if that span is quoted text."""
        return next((q for q in self.quotes if q.holds(start, end)), None)

    def quote_of(self, offset: int) -> Quote | None:
        """The quote in which the character at ``offset`` stands (where an annotation starting there is quoted)."""
        return next((q for q in self.quotes if q.has(offset)), None)

    @property
    def empty(self) -> bool:
        """Whether the reader marked nothing: no title, quote or closing, and the post is present."""
        return self == EMPTY_CONTEXT


EMPTY_CONTEXT = PostContext()
"""The context of a post whose reader marked nothing (plain text, or a reader that knows no layout)."""


@dataclass(frozen=True, slots=True)
class Post:
    """One post, its text exactly as received, and the annotations that point into it.

    ``attrs`` records how the reader decided structure, e.g. ``{"author_from": "signature"}``.
    """

    id: str
    thread_id: str
    position: int
    text: str
    author: str | None = None
    addressee: str | None = None
    parent_id: str | None = None
    created: str | None = None
    attrs: Mapping[str, Any] = field(default_factory=dict)
    annotations: tuple[Annotation, ...] = ()
    context: PostContext = EMPTY_CONTEXT

    def __post_init__(self) -> None:
        for extent in self.context.extents():
            if extent.end > len(self.text):
                raise GroundingError(f"post {self.id}: extent [{extent.start}, {extent.end}) is past its text")
        for a in self.annotations:
            if a.post_id != self.id:
                raise GroundingError(f"annotation {a.id} belongs to post {a.post_id!r}, not {self.id!r}")
            if self.text[a.start : a.end] != a.text:
                raise GroundingError(
                    f"annotation {a.id} ({a.layer}/{a.label}) says {a.text!r} but post {self.id} has "
                    f"{self.text[a.start : a.end]!r} at [{a.start}, {a.end})"
                )

    def layer(self, name: str) -> list[Annotation]:
        """This post's annotations of one layer, in text order."""
        return sorted((a for a in self.annotations if a.layer == name), key=lambda a: (a.start, a.end))


PERSON_KINDS = ("writer", "other")
"""A person is a writer of posts, or someone a writer speaks of (a client, a daughter)."""
UNSIGNED_WRITER = "writer of post {}"
"""How a writer whose post carries no name is shown: by the post's position, counted from 1."""
_UNSIGNED_WRITER = re.compile(re.escape(UNSIGNED_WRITER).replace(r"\{\}", r"\d+"))


def is_unsigned_writer(name: str | None) -> bool:
    """Whether ``name`` is the stand-in of an unsigned post's writer ("writer of post 3"), not a name."""
    return name is not None and _UNSIGNED_WRITER.fullmatch(name) is not None


@dataclass(frozen=True, slots=True)
class Person:
    """Who a record is about: one notion of a person for counting people and for redacting them.

    A ``writer`` wrote posts: ``name`` is the author as the post shows it, or ``"writer of post N"`` for an
    unsigned post, which is a person of its own unless a name, signature or ``From:`` line ties it to others.
    An ``other`` is someone a writer speaks of: ``relation`` says who they are to the writer (``"client"``,
    ``"daughter"``; None when unsaid) and ``writer`` is that writer, so a professional's clients are counted
    apart from the professional. ``named`` is False when ``name`` is made up (an unsigned writer, "Mara's
    client") rather than a name the text gives, so a redacted view knows what to replace.

    Build them with :meth:`writer_of` and :meth:`spoken_of`.
    """

    name: str
    kind: str = "writer"
    relation: str | None = None
    writer: Person | None = None
    named: bool = True

    def __post_init__(self) -> None:
        if not self.name:
            raise DataError("a person needs a name")
        if self.kind not in PERSON_KINDS:
            raise DataError(f"person kind {self.kind!r} is not one of {PERSON_KINDS}")
        if self.kind == "writer" and (self.relation is not None or self.writer is not None):
            raise DataError(f"writer {self.name!r} has a relation or a writer; only others a writer speaks of do")
        if self.kind == "other" and (self.writer is None or self.writer.kind != "writer"):
            raise DataError(f"person {self.name!r} is spoken of, so needs the writer who speaks of them")

    @classmethod
    def writer_of(cls, post: Post) -> Person:
        """The writer of ``post``: its author, else ``"writer of post N"`` (N its position counted from 1)."""
        if post.author:
            return cls(post.author)
        return cls(UNSIGNED_WRITER.format(post.position + 1), named=False)

    @classmethod
    def spoken_of(cls, writer: Person, relation: str | None, name: str | None = None) -> Person:
        """Someone ``writer`` speaks of: by ``name`` when the text gives one, else as "WRITER's RELATION"
        ("someone WRITER speaks of" without a relation)."""
        if name:
            return cls(name, "other", relation, writer)
        return cls(_spoken_of_name(writer.name, relation), "other", relation, writer, named=False)

    def shown(self, rename: Callable[[str], str] | None = None) -> str:
        """The name to show, with every name the text gave passed through ``rename`` (a redaction's stand-ins).

        Made-up names are rebuilt around the renamed writer: "Mara's client" becomes "Person 1's client".
        """
        return self.name if rename is None else self.renamed(rename).name

    def renamed(self, rename: Callable[[str], str]) -> Person:
        """This person as a redacted view holds them: every name the text gave passed through ``rename``, made-up
        names rebuilt around the renamed writer, the relation and kind kept. An unsigned writer stays as is."""
        writer = self.writer.renamed(rename) if self.writer is not None else None
        if self.named:
            return replace(self, name=rename(self.name), writer=writer)
        if writer is not None:
            return replace(self, name=_spoken_of_name(writer.name, self.relation), writer=writer)
        return self


def _spoken_of_name(writer: str, relation: str | None) -> str:
    return f"{writer}'s {relation}" if relation else f"someone {writer} speaks of"


@dataclass(frozen=True, slots=True)
class Reported:
    """One thing a person's record lists (a condition, a cause, a duration) and the annotations that say it."""

    name: str
    annotation_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TriedTreatment:
    """A treatment one person reports trying, with the outcome they report ("unknown" when unsaid).

    ``annotation_ids`` are the mentions of the treatment and the outcomes that judge it; ``ongoing`` is true
    when the writer says they are still in it ("I am having PT").
    """

    name: str
    outcome: str
    annotation_ids: tuple[str, ...]
    ongoing: bool = False


@dataclass(frozen=True, slots=True)
class Experience:
    """One person's story in a thread: an author, or someone an author speaks of (a client, a relative).

    ``person`` says who, as a :class:`Person` (reports count by it, redaction renames it, views show
    :meth:`Person.shown`); ``experiencer`` is the mention context's word for them (self, family, client, other).
    Every field's items carry the annotation ids behind them; ``annotation_ids`` is all of them together.
    """

    person: Person
    experiencer: str
    post_ids: tuple[str, ...]
    conditions: tuple[Reported, ...] = ()
    durations: tuple[Reported, ...] = ()
    causes: tuple[Reported, ...] = ()
    treatments: tuple[TriedTreatment, ...] = ()
    annotation_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Question:
    """A question someone asked in a thread, whom it was put to, and the later post that answers it.

    ``asker`` is the writer of the asking post and ``addressee`` the person it is put to, each a :class:`Person`
    (shown and redacted as an experience's person is), or None when the post names no one.
    """

    annotation_id: str
    post_id: str
    text: str
    asker: Person | None
    addressee: Person | None
    answered_by: str | None = None


@dataclass(frozen=True, slots=True)
class GradeCue:
    """What decided an abstract's study design: the grading rule, where it looked, what it found there.

    ``source`` is ``publication_type``, ``mesh``, ``title``, ``abstract`` or ``none``; for ``title`` and
    ``abstract`` cues ``start``/``end`` are half-open offsets of ``text`` in that field, otherwise None.
    """

    rule: str
    source: str
    text: str
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class AbstractSentence:
    """A sentence of an abstract, by half-open character offsets into the abstract's text."""

    start: int
    end: int
    text: str

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end or len(self.text) != self.end - self.start:
            raise GroundingError(f"sentence {self.text!r} does not fit the interval [{self.start}, {self.end})")


@dataclass(frozen=True, slots=True)
class EvidenceLink:
    """One abstract of the user's loaded corpus, ranked for a claim: what it is, how strong its design is, why.

    Everything comes from the stored record and its grade; nothing is generated. ``score`` is the ranker's
    (comparable within one claim only), ``matched`` the query terms the abstract holds, heaviest first, and
    ``sentence`` the abstract sentence that holds most of them (None when only the title matched). There is no
    support / refute label: no measured model says which an abstract does.
    """

    pmid: str
    title: str
    design: str
    level: int | None
    cue: GradeCue
    sentence: AbstractSentence | None = None
    year: int | None = None
    journal: str | None = None
    score: float = 0.0
    matched: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ClaimEvidence:
    """The published evidence for one claim annotation: a status from :data:`EVIDENCE_STATUSES` and its links.

    ``links`` is best first and is empty unless the status is ``found``. The claim's text is not copied here: a
    view takes it from the (possibly redacted) post by ``annotation_id``.
    """

    annotation_id: str
    post_id: str
    status: str
    links: tuple[EvidenceLink, ...] = ()

    def __post_init__(self) -> None:
        if self.status not in EVIDENCE_STATUSES:
            raise DataError(f"evidence status {self.status!r} is not one of {tuple(EVIDENCE_STATUSES)}")
        if (self.status == "found") != bool(self.links):
            raise DataError(f"evidence status {self.status!r} with {len(self.links)} link(s) for {self.annotation_id}")

    @property
    def note(self) -> str:
        """The status in words, as views and the JSON show it."""
        return EVIDENCE_STATUSES[self.status]


@dataclass(frozen=True, slots=True)
class Thread:
    """A thread as read from one source, with what thread-level logic derived from its posts.

    ``evidence`` holds one entry per claim annotation when evidence linking ran (``anecdata analyze``), in text
    order; it stays empty for threads nobody linked.
    """

    id: str
    source: str
    posts: tuple[Post, ...]
    title: str | None = None
    url: str | None = None
    experiences: tuple[Experience, ...] = ()
    questions: tuple[Question, ...] = ()
    evidence: tuple[ClaimEvidence, ...] = ()
