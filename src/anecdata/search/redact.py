"""Search hits as shown to people: authors and the names, places and contacts in sentences masked or replaced.

The PII the reading pipeline found (the ``pii`` layer) inside each hit's sentence is replaced with the stand-ins
of ``anecdata.redact`` (``[PERSON]`` / ``Person-3``), one table across all the hits of a search, so one person
reads the same everywhere; the matched words' offsets are moved into the redacted text. Offsets of the hit
itself (``start``/``end``) still point into the stored post, for links.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from anecdata.errors import ConfigError
from anecdata.redact import MODES, Pseudonyms, redact_title, replace_spans
from anecdata.search.engine import SentenceHit
from anecdata.store.browse import Browse
from anecdata.store.pii import StoredPii
from anecdata.store.sql import SqlStore


@dataclass(frozen=True, slots=True)
class ShownHit:
    """A hit with its author and sentence as they may be shown; ``matches`` are offsets into ``text``."""

    hit: SentenceHit
    author: str | None
    text: str
    matches: tuple[tuple[int, int], ...]
    thread_title: str | None

    def to_dict(self) -> dict[str, object]:
        """The hit's record (``SentenceHit.to_dict``) with the shown author, text, match offsets and title."""
        return self.hit.to_dict() | {
            "author": self.author,
            "text": self.text,
            "thread_title": self.thread_title,
            "matches": [list(m) for m in self.matches],
        }


def thread_pii(store: SqlStore, thread_ids: Sequence[str]) -> dict[str, list[tuple[str, str]]]:
    """``(label, value)`` of the PII the reader found in each thread's read posts, with its authors and addressees
    as people: what a title is redacted by (``anecdata.redact.redact_title``, as ``thread_pii_values`` for a
    thread in memory)."""
    return StoredPii(store).in_threads(thread_ids)


def store_people(store: SqlStore) -> list[str]:
    """Every person of a store in store order (post by post: author, addressee, then the people and handles the
    reader found in its current text): what ``Pseudonyms.seeded`` numbers, so a person's number is the store's,
    not one output's."""
    return StoredPii(store).people()


def store_pseudonyms(store: SqlStore, mode: str) -> Pseudonyms:
    """The stand-ins of every output of ``store`` under ``mode`` (``store_people`` numbered in store order)."""
    return Pseudonyms.seeded(mode, store_people(store)) if mode != "none" else Pseudonyms(mode)


def redact_hits(store: SqlStore, hits: Sequence[SentenceHit], mode: str) -> list[ShownHit]:
    """The hits as shown under redaction ``mode`` (``none``, ``mask`` or ``pseudonymise``).

    Raises:
        ConfigError: an unknown mode.
    """
    if mode not in MODES:
        raise ConfigError(f"redaction mode {mode!r} is not one of {', '.join(MODES)}")
    if mode == "none":
        return [
            ShownHit(h, h.author, h.text, tuple((s - h.start, e - h.start) for s, e in h.matches), h.thread_title)
            for h in hits
        ]
    names = store_pseudonyms(store, mode)
    pii = StoredPii(store).spans([h.post_id for h in hits])
    in_threads = thread_pii(store, [h.thread_id for h in hits])
    shown = []
    for h in hits:
        # each span clipped to the sentence (one outside it comes out empty and is left)
        spans = ((max(s, h.start) - h.start, min(e, h.end) - h.start, label) for s, e, label in pii.get(h.post_id, ()))
        text, moved = replace_spans(h.text, spans, names)
        matches = tuple((moved(s - h.start), moved(e - h.start, is_end=True)) for s, e in h.matches)
        title = redact_title(h.thread_title, in_threads.get(h.thread_id, ()), names)
        shown.append(ShownHit(h, names.for_name(h.author), text, matches, title))
    return shown


def thread_headings(store: SqlStore, shown: Sequence[ShownHit], mode: str) -> dict[str, str]:
    """Thread id → what to call each hit's thread: its (redacted) title, else the first words of its first read
    post, redacted of every PII value its posts carry (as the thread list names it: ``redacted_opening``), since
    a hash like "t8f15af3550" tells a reader nothing."""
    headings = {item.hit.thread_id: item.thread_title for item in shown if item.thread_title}
    untitled = sorted({item.hit.thread_id for item in shown} - set(headings))
    if untitled:
        pii = thread_pii(store, untitled) if mode != "none" else {}
        names = store_pseudonyms(store, mode)
        for thread_id, text in Browse(store).openings(untitled).items():
            headings[thread_id] = redacted_opening(text, pii.get(thread_id, []), names, mode)
    return headings


def redacted_opening(text: str, values: Sequence[tuple[str, str]], names: Pseudonyms, mode: str) -> str:
    """A post's opening words as an untitled thread's name, with every PII value of its thread replaced."""
    from anecdata.model import LAYERS
    from anecdata.view import opening_words

    shown = text if mode == "none" else redact_title(text, values, names, labels=LAYERS["pii"]) or ""
    return opening_words(shown)
