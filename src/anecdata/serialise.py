"""Versioned JSON records for the model (``anecdata/2``): the contract between stages, outputs and tools.

``anecdata/2`` differs from ``anecdata/1`` in the people: an experience's ``person`` and a question's ``asker``
and ``addressee`` are objects (``name``, ``kind``, ``relation``, ``writer``, ``named``: a
:class:`~anecdata.model.Person`), where ``anecdata/1`` wrote only a name ("Mara's client", "lumbar_lena").
Documents of both versions are read; an ``anecdata/1`` person is rebuilt from its name the one way thread logic
built such names (:func:`_person_v1`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict
from functools import cache
from importlib import resources
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from anecdata.errors import DataError, GroundingError
from anecdata.model import (
    EMPTY_CONTEXT,
    SCHEMA_VERSION,
    AbstractSentence,
    Annotation,
    ClaimEvidence,
    Concept,
    Cue,
    EvidenceLink,
    Experience,
    Explanation,
    GradeCue,
    Origin,
    Person,
    Post,
    PostContext,
    Question,
    Quote,
    Reported,
    TextExtent,
    Thread,
    TriedTreatment,
    is_unsigned_writer,
)

READABLE_SCHEMAS = ("anecdata/1", SCHEMA_VERSION)
"""The document versions :func:`document_from_record` reads: the current one, and ``anecdata/1`` (people as names)."""


def annotation_to_record(a: Annotation) -> dict[str, Any]:
    """An annotation as a plain dict, every field present."""
    return {
        "id": a.id,
        "post_id": a.post_id,
        "start": a.start,
        "end": a.end,
        "text": a.text,
        "layer": a.layer,
        "label": a.label,
        "attrs": dict(a.attrs),
        "concept": asdict(a.concept) if a.concept else None,
        "score": a.score,
        "origin": asdict(a.origin),
        "explanation": {
            "cues": [{"start": c.start, "end": c.end, "kind": c.label} for c in a.explanation.cues],
            "alignment": a.explanation.alignment,
            "note": a.explanation.note,
        },
        "links": list(a.links),
    }


def annotation_from_record(r: Mapping[str, Any]) -> Annotation:
    """The inverse of :func:`annotation_to_record`; validation happens in the constructors."""
    exp = r.get("explanation") or {}
    return Annotation(
        id=r["id"],
        post_id=r["post_id"],
        start=r["start"],
        end=r["end"],
        text=r["text"],
        layer=r["layer"],
        label=r["label"],
        attrs=dict(r.get("attrs") or {}),
        concept=Concept(**r["concept"]) if r.get("concept") else None,
        score=r.get("score", 1.0),
        origin=Origin(**r["origin"]),
        explanation=Explanation(
            cues=tuple(Cue.from_label(c["start"], c["end"], c["kind"]) for c in exp.get("cues", ())),
            alignment=exp.get("alignment", "exact"),
            note=exp.get("note", ""),
        ),
        links=tuple(r.get("links", ())),
    )


def post_context_to_record(c: PostContext) -> dict[str, Any]:
    """A post's context as JSON: ``title`` and ``closing`` extents (or null), ``quotes`` with their quoted
    writer and post, and ``status``."""
    return {
        "title": _extent_record(c.title),
        "quotes": [{"start": q.start, "end": q.end, "author": q.author, "post_id": q.post_id} for q in c.quotes],
        "closing": _extent_record(c.closing),
        "status": c.status,
    }


def _extent_record(e: TextExtent | None) -> dict[str, int] | None:
    return None if e is None else {"start": e.start, "end": e.end}


def post_context_from_record(r: Any) -> PostContext:
    """The inverse of :func:`post_context_to_record`; None (a document written before contexts) is empty.

    Raises:
        DataError: the record is not such an object (a wrong type, a missing or unknown key, a bad extent).
    """
    if r is None:
        return EMPTY_CONTEXT
    try:
        _only_keys(r, CONTEXT_KEYS, "post context")
        quotes = r.get("quotes") or []
        if not isinstance(quotes, list):
            raise DataError(f"post context quotes must be a list, not {quotes!r}")
        return PostContext(
            title=_extent(r.get("title"), "title"),
            quotes=tuple(_quote(q) for q in quotes),
            closing=_extent(r.get("closing"), "closing"),
            status=r.get("status", "present"),
        )
    except GroundingError as e:
        raise DataError(f"post context: {e}") from e


def _only_keys(r: Any, allowed: tuple[str, ...], what: str) -> None:
    if not isinstance(r, Mapping):
        raise DataError(f"{what} must be an object, not {r!r}")
    unknown = sorted(set(r) - set(allowed))
    if unknown:
        raise DataError(f"{what} has unknown key(s) {unknown}; keys are {list(allowed)}")


def _offsets(r: Any, what: str, allowed: tuple[str, ...]) -> tuple[int, int]:
    _only_keys(r, allowed, what)
    start, end = r.get("start"), r.get("end")
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
        raise DataError(f"{what} needs integer start and end, got {start!r} and {end!r}")
    return start, end


def _extent(r: Any, what: str) -> TextExtent | None:
    return None if r is None else TextExtent(*_offsets(r, f"post context {what}", ("start", "end")))


def _quote(r: Any) -> Quote:
    start, end = _offsets(r, "post context quote", ("start", "end", "author", "post_id"))
    author, post = r.get("author"), r.get("post_id")
    if not all(v is None or isinstance(v, str) for v in (author, post)):
        raise DataError(f"post context quote author and post_id must be strings or null, got {author!r}, {post!r}")
    return Quote(start, end, author=author, post_id=post)


CONTEXT_KEYS = ("title", "quotes", "closing", "status")


def post_to_record(p: Post) -> dict[str, Any]:
    return {
        "id": p.id,
        "thread_id": p.thread_id,
        "position": p.position,
        "author": p.author,
        "addressee": p.addressee,
        "parent_id": p.parent_id,
        "created": p.created,
        "attrs": dict(p.attrs),
        "context": post_context_to_record(p.context),
        "text": p.text,
        "annotations": [annotation_to_record(a) for a in p.annotations],
    }


def post_from_record(r: Mapping[str, Any]) -> Post:
    return Post(
        id=r["id"],
        thread_id=r["thread_id"],
        position=r["position"],
        text=r["text"],
        author=r.get("author"),
        addressee=r.get("addressee"),
        parent_id=r.get("parent_id"),
        created=r.get("created"),
        attrs=dict(r.get("attrs") or {}),
        annotations=tuple(annotation_from_record(a) for a in r.get("annotations", ())),
        context=post_context_from_record(r.get("context")),
    )


def _lists(value: Any) -> Any:
    """Tuples as lists, recursively: records hold only JSON-native types, so they compare equal after a trip."""
    if isinstance(value, (list, tuple)):
        return [_lists(v) for v in value]
    if isinstance(value, dict):
        return {k: _lists(v) for k, v in value.items()}
    return value


def person_to_record(p: Person) -> dict[str, Any]:
    """A person as JSON, every field present: ``name`` (what views show), ``kind``, ``relation``, ``writer`` (the
    writer's own record, or null) and ``named``."""
    return {
        "name": p.name,
        "kind": p.kind,
        "relation": p.relation,
        "writer": None if p.writer is None else person_to_record(p.writer),
        "named": p.named,
    }


PERSON_KEYS = ("name", "kind", "relation", "writer", "named")


def person_from_record(r: Any) -> Person:
    """The inverse of :func:`person_to_record` (a missing ``kind`` is a writer's, a missing ``named`` true);
    validation of the fields together happens in ``Person``.

    Raises:
        DataError: the record is not such an object (not an object, an unknown key, no name, a wrong type).
    """
    _only_keys(r, PERSON_KEYS, "person")
    name, relation, writer, named = r.get("name"), r.get("relation"), r.get("writer"), r.get("named", True)
    if not isinstance(name, str) or not name:
        raise DataError(f"person needs a name, got {name!r}")
    if not (relation is None or isinstance(relation, str)) or not isinstance(named, bool):
        raise DataError(f"person {name!r} needs a string or null relation and a boolean named")
    return Person(
        name, r.get("kind", "writer"), relation, None if writer is None else person_from_record(writer), named
    )


def _person_v1(name: str, experiencer: str) -> Person:
    """An ``anecdata/1`` experience's person, written as its name only, as thread logic built it: the writer's
    name (or "writer of post N") for the writer's own record, else "WRITER's RELATION" for someone they speak of.
    A name that fits neither is kept as a writer's name."""
    if experiencer != "self":
        writer, sep, relation = name.partition("'s ")
        if sep and writer and relation:
            return Person.spoken_of(_person_v1(writer, "self"), relation)
    return Person(name, named=not is_unsigned_writer(name))


def _person_or_none(r: Any, experiencer: str = "self") -> Person | None:
    """A person field that may be null; a string is an ``anecdata/1`` record's name."""
    if r is None:
        return None
    return _person_v1(r, experiencer) if isinstance(r, str) else person_from_record(r)


def question_to_record(q: Question) -> dict[str, Any]:
    """A question, its asker and addressee as person objects (or null)."""
    people = {
        k: None if p is None else person_to_record(p) for k, p in (("asker", q.asker), ("addressee", q.addressee))
    }
    return _lists(asdict(q)) | people


def question_from_record(r: Mapping[str, Any]) -> Question:
    """The inverse of :func:`question_to_record`; an asker or addressee given as a string is an ``anecdata/1``
    record's."""
    return Question(
        annotation_id=r["annotation_id"],
        post_id=r["post_id"],
        text=r["text"],
        asker=_person_or_none(r.get("asker")),
        addressee=_person_or_none(r.get("addressee")),
        answered_by=r.get("answered_by"),
    )


def experience_to_record(e: Experience) -> dict[str, Any]:
    return _lists(asdict(e)) | {"person": person_to_record(e.person)}


def experience_from_record(r: Mapping[str, Any]) -> Experience:
    """The inverse of :func:`experience_to_record`; a ``person`` given as a string is an ``anecdata/1`` record's."""

    def reported(key: str) -> tuple[Reported, ...]:
        return tuple(Reported(i["name"], tuple(i["annotation_ids"])) for i in r.get(key, ()))

    person = _person_or_none(r["person"], r["experiencer"])
    if person is None:
        raise DataError("an experience needs a person")
    return Experience(
        person=person,
        experiencer=r["experiencer"],
        post_ids=tuple(r["post_ids"]),
        conditions=reported("conditions"),
        durations=reported("durations"),
        causes=reported("causes"),
        treatments=tuple(
            TriedTreatment(t["name"], t["outcome"], tuple(t["annotation_ids"]), t.get("ongoing", False))
            for t in r.get("treatments", ())
        ),
        annotation_ids=tuple(r.get("annotation_ids", ())),
    )


RECORDS_DERIVED_BY = ("thread", "people", "model", "serialise")
"""The modules of ``anecdata`` whose code decides a thread's records: thread logic, who a person is, the types and
this JSON."""


@cache
def records_version() -> str:
    """What a thread's stored records (its experiences and questions, ``store/carried.ThreadRecords``) were derived
    by: this schema and a digest of the source of :data:`RECORDS_DERIVED_BY`, so records derived by other code (an
    edit of thread logic too, released or not) read as none and are derived again. Where that source cannot be
    read, anecdata's version stands in for it."""
    from anecdata import __version__

    digest = hashlib.sha1()
    for name in RECORDS_DERIVED_BY:
        spec = find_spec(f"anecdata.{name}")
        try:
            digest.update(Path(spec.origin).read_bytes())  # type: ignore[arg-type, union-attr]
        except (OSError, TypeError, AttributeError):
            return f"{SCHEMA_VERSION}; anecdata {__version__}"
    return f"{SCHEMA_VERSION}; code {digest.hexdigest()[:16]}"


def claim_evidence_to_record(e: ClaimEvidence) -> dict[str, Any]:
    """A claim's evidence with its status in words (``note``), so a reader of the JSON needs no lookup table."""
    return _lists(asdict(e)) | {"note": e.note}


def claim_evidence_from_record(r: Mapping[str, Any]) -> ClaimEvidence:
    """The inverse of :func:`claim_evidence_to_record`; ``note`` is derived from the status, so it is not read."""
    return ClaimEvidence(
        annotation_id=r["annotation_id"],
        post_id=r["post_id"],
        status=r["status"],
        links=tuple(
            EvidenceLink(
                pmid=link["pmid"],
                title=link["title"],
                design=link["design"],
                level=link["level"],
                cue=GradeCue(**link["cue"]),
                sentence=AbstractSentence(**link["sentence"]) if link.get("sentence") else None,
                year=link.get("year"),
                journal=link.get("journal"),
                score=link.get("score", 0.0),
                matched=tuple(link.get("matched", ())),
            )
            for link in r.get("links", ())
        ),
    )


def thread_to_record(t: Thread) -> dict[str, Any]:
    return {
        "id": t.id,
        "source": t.source,
        "title": t.title,
        "url": t.url,
        "posts": [post_to_record(p) for p in t.posts],
        "experiences": [experience_to_record(e) for e in t.experiences],
        "questions": [question_to_record(q) for q in t.questions],
        "evidence": [claim_evidence_to_record(e) for e in t.evidence],
    }


def thread_from_record(r: Mapping[str, Any]) -> Thread:
    return Thread(
        id=r["id"],
        source=r["source"],
        title=r.get("title"),
        url=r.get("url"),
        posts=tuple(post_from_record(p) for p in r["posts"]),
        experiences=tuple(experience_from_record(e) for e in r.get("experiences", ())),
        questions=tuple(question_from_record(q) for q in r.get("questions", ())),
        evidence=tuple(claim_evidence_from_record(e) for e in r.get("evidence", ())),
    )


def document_to_record(threads: Iterable[Thread], redaction: str = "none") -> dict[str, Any]:
    """The output document: ``{"schema": "anecdata/2", "redaction": ..., "threads": [...]}``."""
    return {
        "schema": SCHEMA_VERSION,
        "redaction": redaction,
        "threads": [thread_to_record(t) for t in threads],
    }


def document_from_record(r: Mapping[str, Any]) -> list[Thread]:
    """Threads from an output document of a version it reads (:data:`READABLE_SCHEMAS`); refuses others by name."""
    if r.get("schema") not in READABLE_SCHEMAS:
        raise DataError(f"document schema {r.get('schema')!r} is not one of {READABLE_SCHEMAS}")
    return [thread_from_record(t) for t in r["threads"]]


def dumps(threads: Iterable[Thread], redaction: str = "none") -> str:
    """The output document as indented JSON text."""
    return json.dumps(document_to_record(threads, redaction), ensure_ascii=False, indent=2)


def json_schema(version: str = SCHEMA_VERSION) -> dict[str, Any]:
    """The JSON Schema of the output document (of an earlier version it reads, when given), shipped in the package."""
    if version not in READABLE_SCHEMAS:
        raise DataError(f"document schema {version!r} is not one of {READABLE_SCHEMAS}")
    name = version.replace("/", "-")
    text = resources.files("anecdata").joinpath(f"schema/{name}.schema.json").read_text("utf-8")
    return json.loads(text)
