"""The sentences behind a count: each reference resolved to the (redacted) sentence that holds its annotation."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from anecdata.model import Annotation, Post, Thread
from anecdata.redact import redact_threads
from anecdata.store.experiences import split_ref
from anecdata.store.sql import SqlStore
from anecdata.thread import person_of

_SENTENCE_END = re.compile(r"[.!?]+(?=\s)|\n\s*\n|\n")
MOST_SENTENCES = 50
"""Sentences shown per count; the rest are counted, not shown."""


@dataclass(frozen=True, slots=True)
class EvidenceSentence:
    """One sentence behind a count, as the chosen redaction shows it.

    ``start``/``end`` are offsets of the sentence in the redacted post text; ``mark_start``/``mark_end`` those of
    the referenced annotation inside ``text`` (relative to the sentence).
    """

    ref: str
    thread_id: str
    thread_title: str | None
    post_id: str
    author: str
    annotation_id: str
    text: str
    start: int
    end: int
    mark_start: int
    mark_end: int


def evidence_sentences(
    store: SqlStore, refs: Sequence[str], redaction: str, most: int = MOST_SENTENCES
) -> list[EvidenceSentence]:
    """The sentences of up to ``most`` references, one per sentence, in the order given; unknown ones are skipped."""
    wanted = [split_ref(r) for r in dict.fromkeys(refs)]
    threads_of = (
        dict(
            store.query(
                f"SELECT id, thread_id FROM posts WHERE id IN ({','.join('?' * len(wanted))})",
                [p for p, _ in wanted],
            )
        )
        if wanted
        else {}
    )
    loaded: dict[str, Thread] = {}
    found: list[EvidenceSentence] = []
    seen: set[tuple[str, int]] = set()
    for post_id, annotation_id in wanted:
        if len(found) >= most:
            break
        thread_id = threads_of.get(post_id)
        if thread_id is None:
            continue
        if thread_id not in loaded:
            loaded[thread_id] = redact_threads([store.thread(thread_id)], redaction)[0]
        thread = loaded[thread_id]
        post = next((p for p in thread.posts if p.id == post_id), None)
        annotation = next((a for a in post.annotations if a.id == annotation_id), None) if post else None
        if post is None or annotation is None:
            continue
        start, end = sentence_around(post, annotation)
        if (post_id, start) in seen:
            continue
        seen.add((post_id, start))
        found.append(
            EvidenceSentence(
                ref=f"{post_id}:{annotation_id}",
                thread_id=thread_id,
                thread_title=thread.title,
                post_id=post_id,
                author=person_of(post),
                annotation_id=annotation_id,
                text=post.text[start:end],
                start=start,
                end=end,
                mark_start=max(annotation.start, start) - start,
                mark_end=min(annotation.end, end) - start,
            )
        )
    return found


def sentence_around(post: Post, annotation: Annotation) -> tuple[int, int]:
    """The statement (sentence) holding the annotation's start; else the text between sentence ends around it."""
    holding: Iterable[Annotation] = (s for s in post.layer("statement") if s.start <= annotation.start < s.end)
    best = min(holding, key=lambda s: s.end - s.start, default=None)
    if best is not None:
        return best.start, best.end
    text = post.text
    before = [m.end() for m in _SENTENCE_END.finditer(text, 0, annotation.start)]
    after = _SENTENCE_END.search(text, annotation.end)
    start = before[-1] if before else 0
    end = after.end() if after else len(text)
    chunk = text[start:end]
    start += len(chunk) - len(chunk.lstrip())
    return start, max(start, end - (len(chunk) - len(chunk.rstrip())))
