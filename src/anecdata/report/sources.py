"""The sentences behind a count: each ``post_id:annotation_id`` reference resolved to its redacted sentence.

Used by ``anecdata report --html`` (the sentences under each count) and the web app's sources pages ("evidence"
names published abstracts only). Threads are redacted
together, so one person reads as the same stand-in across one list. A sentence is the one reading cut and the
store carries (``store/carried.py``), its offsets moved into the redacted text as the annotations' are: nothing
is cut again per request, except the posts of a store read before sentences were carried (``anecdata read``
carries them once).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from anecdata.errors import DataError
from anecdata.model import Annotation, Post, Thread
from anecdata.redact import OffsetMap, Pseudonyms, redact_threads, replace_spans
from anecdata.search.redact import store_pseudonyms
from anecdata.search.sentences import Sentence, Statement, cut_post
from anecdata.store.browse import Browse
from anecdata.store.carried import CarriedReadings
from anecdata.store.experiences import SourceRef
from anecdata.store.sql import SqlStore

SOURCES_CAP = 500
"""Most sentences one list shows; a page says how many more were asked for."""
REFS_PER_SENTENCE = 3
"""References read per sentence shown: a treatment, the outcome judging it and its duration often share one."""
SENTENCES_PER_COUNT = 50
"""Sentences the standalone report lists under each count."""
_SOURCE_ID = re.compile(r"[^\s:,]{1,200}:[^\s:,]{1,200}")
"""``POSTID:ANNID``: neither part holds a colon, comma or space."""


@dataclass(frozen=True, slots=True)
class SourceSentence:
    """One sentence behind a count: its (redacted) post and the annotation, in the redacted text's offsets."""

    thread: Thread
    post: Post
    post_number: int
    annotation: Annotation
    sentence_start: int
    sentence_end: int

    @property
    def sentence(self) -> tuple[str, str, str]:
        """The sentence in three parts: before the annotation, the annotation's text, after it."""
        text, a = self.post.text, self.annotation
        return text[self.sentence_start : a.start], text[a.start : a.end], text[a.end : self.sentence_end]


def parse_source_ids(ids: str) -> list[SourceRef]:
    """``POSTID:ANNID,...`` as references, duplicates dropped, order kept.

    Raises:
        DataError: an empty list or an item that is not ``POSTID:ANNID``.
    """
    items = [item.strip() for item in ids.split(",") if item.strip()]
    if not items:
        raise DataError("no source ids given: use ?ids=POSTID:ANNID,POSTID:ANNID")
    for item in items:
        if not _SOURCE_ID.fullmatch(item):
            raise DataError(f"source id {item[:80]!r} is not POSTID:ANNID")
    return list(dict.fromkeys(SourceRef.parse(item) for item in items))


def source_sentences(
    store: SqlStore, refs: Sequence[SourceRef], redaction: str, skip_missing: bool = False
) -> list[SourceSentence]:
    """The sentence behind each reference, from the redacted threads, in the order asked.

    Threads are redacted together, so one person reads as the same stand-in across the list. With
    ``skip_missing``, references to nothing stored (a post re-read since the index was built) are left out.

    Raises:
        KeyError: without ``skip_missing``, a reference names no stored annotation of a post's current text (its
            message is the reference).
    """
    post_ids = list(dict.fromkeys(r.post_id for r in refs))
    thread_of = Browse(store).threads_of(post_ids)
    for ref in refs:
        if ref.post_id not in thread_of and not skip_missing:
            raise KeyError(str(ref))
    stored = [store.thread(t) for t in dict.fromkeys(thread_of.values())]
    names = store_pseudonyms(store, redaction)  # the store's numbers
    threads = redact_threads(stored, redaction, names)
    originals = {post.id: post for thread in stored for post in thread.posts}
    posts: dict[str, tuple[Thread, Post, int]] = {}
    for thread in threads:
        for number, post in enumerate(thread.posts, start=1):
            posts[post.id] = (thread, post, number)
    sentences = post_sentences(store, [originals[p] for p in post_ids if p in originals])
    maps: dict[str, OffsetMap] = {}
    items = []
    for ref in refs:
        post_id, annotation_id = ref.post_id, ref.annotation_id
        if post_id not in posts:
            continue  # only with skip_missing: checked above
        thread, post, number = posts[post_id]
        annotation = next((a for a in post.annotations if a.id == annotation_id), None)
        if annotation is None:
            if skip_missing:
                continue
            raise KeyError(str(ref))
        original = originals[post_id]
        written = next(a for a in original.annotations if a.id == annotation_id)
        start, end = sentence_around(sentences[post_id], written.start, written.end)
        if post_id not in maps:  # one map per post, however many of its annotations are asked for
            maps[post_id] = _offsets(original, redaction, names)
        moved = maps[post_id]
        items.append(SourceSentence(thread, post, number, annotation, moved(start), moved(end, is_end=True)))
    return items


def post_sentences(store: SqlStore, posts: Sequence[Post]) -> dict[str, tuple[Sentence, ...]]:
    """The sentences of each stored post (its current text's, as reading cut them), by post id: those the store
    carries, and for a post read before sentences were carried, cut now from its statements."""
    carried = CarriedReadings(store).sentences([p.id for p in posts])
    for post in posts:
        if post.id not in carried:
            spans = [Statement(a.id, a.label, a.start, a.end) for a in post.layer("statement")]
            carried[post.id] = tuple(cut_post(post.text, spans))
    return carried


def _offsets(post: Post, redaction: str, names: Pseudonyms) -> OffsetMap:
    """The map from offsets of the stored post's text to those of its redacted copy (which replaced its PII
    with the same stand-ins, so the map is the one its annotations moved by)."""
    if redaction == "none":
        return OffsetMap([])
    return replace_spans(post.text, ((a.start, a.end, a.label) for a in post.layer("pii")), names)[1]


def count_sentences(
    store: SqlStore, refs: Sequence[SourceRef], redaction: str, most: int = SENTENCES_PER_COUNT
) -> list[SourceSentence]:
    """The distinct sentences behind one count of a report (its references), at most
    ``most``: a treatment and the outcome judging it are often one sentence, shown once."""
    items, seen = [], set()
    wanted = refs[: most * REFS_PER_SENTENCE]  # enough for ``most`` sentences; the rest are not loaded
    for item in source_sentences(store, wanted, redaction, skip_missing=True):
        key = (item.post.id, item.sentence_start)
        if key not in seen:
            seen.add(key)
            items.append(item)
    return items[:most]


def sentence_around(sentences: Sequence[Sentence], start: int, end: int) -> tuple[int, int]:
    """The extent of the sentence(s) among a post's ``sentences`` that hold the characters ``start``–``end``.

    An annotation that crosses a sentence boundary gets every sentence it touches; one outside every sentence
    (only whitespace around it) gets just its own characters.
    """
    touched = [s for s in sentences if s.start < max(end, start + 1) and start < s.end]
    if not touched:
        return start, end
    return min(touched[0].start, start), max(touched[-1].end, end)
