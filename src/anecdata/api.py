"""The Python API: read texts, threads and files, and open a store for reading, as the commands do.

``import anecdata`` stays cheap: this module is imported when one of its names is first used, and the reading
pipeline (spaCy and its models) only when a function reads.

    >>> import anecdata
    >>> for doc in anecdata.read_texts(["Has anyone tried a night splint?"]):  # doctest: +SKIP
    ...     print([a.label for a in doc.annotations("statement")])
    ['question']

Every result is a :class:`Document`: the threads the JSON schema ``anecdata/2`` describes (``doc.to_dict()`` is
that JSON) and the redaction they are shown under. Redaction is a view, as on the command line: ``redact=True``
(the default, as every command's ``--redact mask``) masks names, places and contacts, ``"pseudonymise"`` gives
stable stand-ins (``Person-1``), and ``False`` keeps the text as written. Offsets always point into the text the
document carries.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal

from anecdata.errors import ConfigError
from anecdata.model import SOURCE_ID, Annotation, Experience, Post, Question, Thread, short_hash
from anecdata.redact import DEFAULT_MODE, MODES, Pseudonyms

if TYPE_CHECKING:
    from anecdata.report.condition import ConditionReport
    from anecdata.store import SqlStore

__all__ = ["Condition", "Document", "Redact", "Store", "analyze", "open_store", "read_texts", "read_thread"]

Redact = bool | Literal["none", "mask", "pseudonymise"]
"""How results show names, places and contacts: True (``mask``, the commands' default), False (``none``: as
written), or a mode by name."""
BATCH_SIZE = 64
"""Texts :func:`read_texts` reads through the pipeline at a time."""
TEXTS_SOURCE = "texts"
"""The source of the threads :func:`read_texts` makes of plain texts."""


def redaction_mode(redact: Redact) -> str:
    """The redaction mode ``redact`` names: ``mask`` for True, ``none`` for False.

    Raises:
        ConfigError: an unknown mode.
    """
    if redact is True:
        return DEFAULT_MODE
    if redact is False:
        return "none"
    if redact not in MODES:
        raise ConfigError(f"redact={redact!r} is not True, False or one of {', '.join(MODES)}")
    return redact


@dataclass(frozen=True, slots=True)
class Document:
    """Read threads as the JSON schema ``anecdata/2`` describes them, under one redaction.

    ``threads`` carry their posts (each with its annotations: half-open character offsets into the post's text),
    the experiences each person reports and the questions asked; ``warnings`` are what reading the input found
    wrong with it (a file's unreadable parts).
    """

    threads: tuple[Thread, ...]
    redaction: str = "none"
    warnings: tuple[str, ...] = ()

    @property
    def thread(self) -> Thread:
        """The first thread: the one of a text, a pasted thread or a one-thread page."""
        return self.threads[0]

    @property
    def posts(self) -> tuple[Post, ...]:
        """Every post, thread by thread, in order."""
        return tuple(p for t in self.threads for p in t.posts)

    @property
    def experiences(self) -> tuple[Experience, ...]:
        """What each person reports: conditions, treatments tried and their outcomes, with the annotations."""
        return tuple(e for t in self.threads for e in t.experiences)

    @property
    def questions(self) -> tuple[Question, ...]:
        """The questions asked, and the posts that answered them."""
        return tuple(q for t in self.threads for q in t.questions)

    def annotations(self, layer: str | None = None) -> list[Annotation]:
        """The annotations of every post, in post and text order; of one layer (``statement``, ``mention``,
        ``outcome``, ``pii``, ``safety``) when given."""
        return [
            a
            for p in self.posts
            for a in sorted(p.annotations, key=lambda a: (a.start, -a.end, a.layer))
            if layer is None or a.layer == layer
        ]

    def to_dict(self) -> dict[str, Any]:
        """The JSON document ``anecdata analyze --format json`` writes: ``{"schema": "anecdata/2", "redaction",
        "threads"}``."""
        from anecdata.serialise import document_to_record

        return document_to_record(self.threads, self.redaction)

    def to_json(self, indent: int | None = None) -> str:
        """:meth:`to_dict` as JSON text."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


def read_texts(
    texts: Iterable[str],
    *,
    batch_size: int = BATCH_SIZE,
    redact: Redact = True,
    pasted: bool = False,
    source: str = TEXTS_SOURCE,
) -> Iterator[Document]:
    """Read each text and yield its document, in the order given, lazily: ``texts`` may be a generator over more
    texts than fit in memory, and ``batch_size`` of them are read through the pipeline at a time.

    Args:
        texts: posts or comments, one text each.
        batch_size: texts read through the pipeline together (more is faster per text, and holds more).
        redact: True (mask), False (as written), ``"pseudonymise"``: see :data:`Redact`. One table of stand-ins
            spans every text, so a person is the same ``Person-n`` throughout.
        pasted: read each text as a pasted thread (posts told apart by greetings, sign-offs, ``---`` lines or
            ``From:`` headers, as ``anecdata analyze`` reads a text file) instead of as one post.
        source: the source recorded in every thread (its ids are hashes of it and the text).

    Claims are not linked to published evidence (``thread.evidence`` is empty): :func:`analyze` links them.

    Raises:
        ConfigError: ``batch_size`` is not positive, or ``redact`` names no mode.
        TypeError: an item of ``texts`` is not a string.
    """
    if batch_size <= 0:
        raise ConfigError(f"batch_size must be positive, got {batch_size}")
    mode = redaction_mode(redact)
    return _read_texts(iter(texts), batch_size, mode, pasted, source)


def _read_texts(texts: Iterator[str], batch_size: int, mode: str, pasted: bool, source: str) -> Iterator[Document]:
    from anecdata.read.pipeline import annotate_posts, annotate_thread, default_pipeline
    from anecdata.redact import redact_threads
    from anecdata.thread import add_thread_logic

    nlp = default_pipeline()
    names = Pseudonyms(mode)
    number = 0
    while batch := list(islice(texts, batch_size)):
        for i, text in enumerate(batch, number):
            if not isinstance(text, str):
                raise TypeError(f"read_texts reads strings; item {i} is {type(text).__name__}")
        if pasted:
            threads = [annotate_thread(_pasted(text, source), nlp) for text in batch]
        else:
            unread = [_one_post(text, source, number + i) for i, text in enumerate(batch)]
            posts = annotate_posts([t.posts[0] for t in unread], nlp)
            threads = [Thread(t.id, t.source, (p,)) for t, p in zip(unread, posts, strict=True)]
        number += len(batch)
        for thread in redact_threads([add_thread_logic(t) for t in threads], mode, names):
            yield Document((thread,), mode)


def _one_post(text: str, source: str, number: int) -> Thread:
    """A thread of one post holding ``text`` (its position among the texts read is the post's ``source_id``)."""
    from anecdata.ingest.layout import plain_context

    thread_id = "t" + short_hash(source, text, length=10)
    post = Post(
        id=f"{thread_id}.p0",
        thread_id=thread_id,
        position=0,
        text=text,
        attrs={SOURCE_ID: str(number)},
        context=plain_context(text),
    )
    return Thread(id=thread_id, source=source, posts=(post,))


def _pasted(text: str, source: str) -> Thread:
    from anecdata.ingest.pasted import read_pasted_thread

    return read_pasted_thread(text, source=source)


def read_thread(text: str, *, redact: Redact = True, source: str = "pasted") -> Document:
    """Read one thread given as text, as ``anecdata analyze`` reads a pasted thread (a text file or standard
    input): posts told apart by the cues they carry, then read, with each person's experiences and the questions.
    Claims are not linked to published evidence (``thread.evidence`` is empty): :func:`analyze` links them.

    Raises:
        ConfigError: ``redact`` names no mode.
    """
    (document,) = read_texts([text], batch_size=1, redact=redact, pasted=True, source=source)
    return document


def analyze(
    path: str | os.PathLike[str],
    *,
    redact: Redact = True,
    input_format: str | None = None,
    thread: int | None = None,
    source: str | None = None,
    evidence_db: str | None = None,
) -> Document:
    """Read a file as ``anecdata analyze PATH --format json`` does: a saved forum page, a Reddit or Discourse
    thread's JSON, an mbox, or a pasted thread as a text file; each of its threads (up to 20), or the ``thread``-th.

    Args:
        path: the file.
        redact: True (mask), False (as written), ``"pseudonymise"``: see :data:`Redact`.
        input_format: the ingest format to read it as (``pasted``, ``reddit``, ``html``...); None tells it by content.
        thread: read only this thread of the file (from 1).
        source: the forum's host, for a file that does not name it (``--source``).
        evidence_db: a store holding abstracts (``anecdata evidence add``): each claim lists the best matches.

    Raises:
        ReaderError: the file cannot be read or holds no post.
        StoreError: ``evidence_db`` cannot be opened.
    """
    from anecdata.jobs import analyze_path
    from anecdata.redact import redact_threads

    mode = redaction_mode(redact)
    analysis = analyze_path(os.fspath(path), evidence_db=evidence_db, fmt=input_format, pick=thread, source=source)
    return Document(tuple(redact_threads(list(analysis.threads), mode)), mode, analysis.warnings)


@dataclass(frozen=True, slots=True)
class Condition:
    """A condition people report, with the distinct people and the threads its report counts."""

    condition: str
    """The concept id (``anecdata:plantar_fasciitis``): what :meth:`Store.report` takes."""
    name: str
    people: int
    threads: int


class Store:
    """Read access to a store that ``anecdata ingest --read`` filled: its threads, the conditions people report,
    condition reports and sentence search, shown with the stand-ins ``search``, ``serve`` and ``export`` of the
    same store give. Nothing is written. Close it (or use it in a ``with`` block) when done."""

    def __init__(self, store: SqlStore) -> None:
        self._store = store
        self._names: dict[str, Pseudonyms] = {}

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the database connection."""
        self._store.close()

    def _pseudonyms(self, mode: str) -> Pseudonyms:
        if mode not in self._names:
            from anecdata.search.redact import store_pseudonyms

            self._names[mode] = store_pseudonyms(self._store, mode)
        return self._names[mode]

    def thread_ids(self) -> list[str]:
        """Every thread's id, in store order."""
        return self._store.thread_ids()

    def thread(self, thread_id: str, *, redact: Redact = True) -> Document:
        """One stored thread with its annotations, experiences and questions.

        Raises:
            KeyError: no thread has this id.
        """
        from anecdata.records import with_records
        from anecdata.redact import redact_threads

        mode = redaction_mode(redact)
        read = with_records(self._store, self._store.thread(thread_id))
        return Document(tuple(redact_threads([read], mode, self._pseudonyms(mode))), mode)

    def threads(self, *, redact: Redact = True) -> Iterator[Document]:
        """Every stored thread, one document each, in store order; read one at a time (as ``anecdata export``)."""
        mode = redaction_mode(redact)
        for thread_id in self.thread_ids():
            yield self.thread(thread_id, redact=mode)

    def conditions(self, limit: int | None = 50) -> list[Condition]:
        """The ``limit`` conditions people's records name most (all when None), each with the people and threads
        its report counts, most people first: the counts of ``/conditions`` and ``/api/conditions`` in ``anecdata
        serve`` (a report counts those naming the condition or a narrower one, and those of its threads)."""
        from anecdata.report.condition import ConditionCounts, condition_report, listed_conditions

        listed = listed_conditions(
            self._store, lambda concept: ConditionCounts.of(condition_report(self._store, concept)), limit
        )
        return [Condition(c.condition, c.name, c.people, c.threads) for c in listed]

    def report(self, condition: str) -> ConditionReport:
        """What people with ``condition`` (a name, synonym or concept id) tried and what they report, counted in
        distinct people (``anecdata report``); ``.to_dict()`` is the JSON of ``report --json``.

        Raises:
            DataError: the condition is not in the vocabulary (the message suggests near names).
        """
        from anecdata.report.condition import condition_report

        return condition_report(self._store, condition)

    def search(
        self,
        query: str = "",
        *,
        condition: str | None = None,
        treatment: str | None = None,
        label: str | None = None,
        outcome: str | None = None,
        experiencer: str | None = None,
        limit: int = 20,
        redact: Redact = True,
        dense: bool = True,
    ) -> list[dict[str, object]]:
        """The sentences that best answer ``query`` and pass the filters, as ``anecdata search --json`` prints
        them (one dict a hit: thread, post, author, text, label, matched words, scores).

        Raises:
            ConfigError: a bad limit, label, outcome or experiencer, or neither a query nor a filter.
            DataError: a condition or treatment the vocabulary does not know.
        """
        from anecdata.search import SearchFilters, search_sentences
        from anecdata.search.engine import MAX_LIMIT
        from anecdata.search.redact import redact_hits
        from anecdata.view import says_nothing

        if not 1 <= limit <= MAX_LIMIT:
            raise ConfigError(f"limit must be between 1 and {MAX_LIMIT}, got {limit}")
        mode = redaction_mode(redact)
        filters = SearchFilters(condition, treatment, label, outcome, experiencer)
        filters.check()
        if not query.strip() and filters.empty:
            raise ConfigError("give a query, a filter (condition, treatment, label, outcome, experiencer), or both")
        encoder = None
        if dense:
            from anecdata.embed.static import StaticEmbedder

            encoder = StaticEmbedder.load()
        asked = min(limit * 2, MAX_LIMIT)
        while True:  # a signature or a bare "[URL]" is no answer: ask for more until ``limit`` say something
            hits = search_sentences(self._store, query, filters, limit=asked, encoder=encoder, redaction=mode)
            shown = [h for h in redact_hits(self._store, hits, mode) if not says_nothing(h.text)]
            if len(shown) >= limit or len(hits) < asked or asked >= MAX_LIMIT:
                return [h.to_dict() for h in shown[:limit]]
            asked = min(asked * 2, MAX_LIMIT)


def open_store(url: str) -> Store:
    """The store at ``url`` (``sqlite:///path.db`` or ``postgresql://...``), open for reading.

    Raises:
        StoreError: it cannot be opened (a missing SQLite file is an error, never a new store).
    """
    from anecdata.store import open_store as open_sql_store

    return Store(open_sql_store(url, create=False, option="url"))
