"""Sentence search over a store: candidate posts from the full-text index, cut into sentences, filtered, ranked.

1. **Candidates.** With query words, the best :data:`CANDIDATE_POSTS` posts by the database's full-text rank
   (FTS5 bm25 / PostgreSQL ``ts_rank``) for any of the words (``search/query.py``), among the threads that mention
   the condition and the treatment when those filters are given (``thread_concepts``). With no query words, the
   first :data:`CANDIDATE_POSTS` posts (in store order) that hold the outcome or statement label asked for, in
   those threads: a search by filters alone.
2. **Sentences.** Each candidate post's sentences, as reading cut them around its statements and the store
   carries them (``store/carried.py``, ``sentences.py``), of the post's current text (``readings.text_hash``); a
   post read before sentences were carried is cut here from its statement annotations.
3. **Filters** on each sentence: a statement ``label``; an ``outcome`` judged in it; a ``treatment`` it names,
   or whose mention an outcome in it judges ("it helped"); a mention in it about the ``experiencer``.
4. **Ranking** (``rank.py``): lexical, then dense with an injected encoder, fused by reciprocal rank. Under
   redaction (every mode but ``none``, the default ``mask`` included) the PII the reader found ranks nothing: a
   query word inside a masked span is no match and is not highlighted, a post matched only there is no candidate,
   and the dense stage embeds the sentence as masked, so searching a person's name does not return the posts that
   name them.

The search reads only, through the store's typed reads (``store/search.py``, which holds the SQL of each
database): it never writes the store. User text reaches the database only as a bound parameter.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

import numpy as np

from anecdata.redact import DEFAULT_MODE, MASKS
from anecdata.search.filters import Resolved, SearchFilters, resolve_filters
from anecdata.search.query import ParsedQuery, parse_query
from anecdata.search.rank import DENSE_POOL, Scored, cosine, fuse, lexical_scores
from anecdata.search.sentences import Sentence, Statement, searched, split_post
from anecdata.store.carried import CarriedReadings
from anecdata.store.search import AnnotationRow, PostRow, PostSearch
from anecdata.store.sql import SqlStore
from anecdata.vocab.compiled import CompiledLexicon

CANDIDATE_POSTS = 200
"""Posts a search reads at most: the best by full-text rank, or the first that pass the filters."""
MAX_LIMIT = 500


class Encoder(Protocol):
    """What the dense stage needs of an embedding model (``anecdata.embed.static.StaticEmbedder`` conforms)."""

    @property
    def name(self) -> str: ...

    def encode(self, texts: list[str]) -> np.ndarray:
        """One L2-normalised row per text."""
        ...


@dataclass(frozen=True, slots=True)
class SentenceHit:
    """One sentence found, with its post and thread, and the scores that ranked it.

    ``start``/``end`` are offsets into the stored post's text (``text == post.text[start:end]``); ``matches``
    are the extents of the words that matched the query, also in post offsets. ``annotation_id`` is the
    sentence's statement annotation (None for a sentence no statement covers), so a link can highlight it:
    ``/threads/{thread_id}?highlight={annotation_id}#a-{annotation_id}``. ``author`` and ``thread_title`` are as
    stored: redact them (and ``text``) before showing them (``search/redact.py``). ``answer_to`` is set on a
    sentence of a post that answers a question found: the question's annotation id (the sentence follows the
    question in the results).
    """

    thread_id: str
    thread_title: str | None
    post_id: str
    post_position: int
    author: str | None
    start: int
    end: int
    text: str
    label: str | None
    labels: tuple[str, ...]
    annotation_id: str | None
    matches: tuple[tuple[int, int], ...]
    lexical: float
    dense: float | None
    fused: float
    answer_to: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "thread_id": self.thread_id,
            "thread_title": self.thread_title,
            "post_id": self.post_id,
            "post_position": self.post_position,
            "author": self.author,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "label": self.label,
            "labels": list(self.labels),
            "annotation_id": self.annotation_id,
            "matches": [list(m) for m in self.matches],
            "scores": {"lexical": round(self.lexical, 6), "dense": _round(self.dense), "fused": round(self.fused, 6)},
            "answer_to": self.answer_to,
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


@dataclass(slots=True)
class _Post:
    id: str
    thread_id: str
    position: int
    author: str | None
    text: str
    title: str | None
    score: float
    seq: int = 0
    sentences: tuple[Sentence, ...] | None = None
    """The sentences reading carried (None for a post read before they were: cut from ``statements``)."""
    statements: list[Statement] = field(default_factory=list)
    mentions: list[dict[str, Any]] = field(default_factory=list)
    outcomes: list[dict[str, Any]] = field(default_factory=list)
    pii: list[tuple[int, int, str]] = field(default_factory=list)
    """PII spans (start, end, label), loaded only under redaction: what must not match."""


@dataclass(slots=True)
class _Candidate:
    post: _Post
    sentence: Sentence
    matches: list[tuple[int, int, int]]
    scored: Scored
    order: int


FILTER_BATCH = 50
"""Posts read at a time by a search with filters only, until enough sentences pass."""


def search_sentences(
    store: SqlStore,
    query: str,
    filters: SearchFilters | None = None,
    limit: int = 20,
    encoder: Encoder | None = None,
    lexicon: CompiledLexicon | None = None,
    candidates: int = CANDIDATE_POSTS,
    redaction: str = DEFAULT_MODE,
) -> list[SentenceHit]:
    """The ``limit`` best sentences for ``query`` that pass ``filters``; see the module docstring.

    ``redaction`` is the mode the hits will be shown in (``search/redact.py``): unless it is ``none``, the PII
    spans of the posts neither match nor embed, since a reader of the masked hits could not see why they rank.

    An empty query (or one of stop words only) with filters lists sentences that pass the filters, in store
    order; with no filters either, nothing is found.

    Raises:
        ConfigError: an unknown statement label, outcome or experiencer.
        DataError: a condition or treatment the vocabulary does not know.
        StoreError: the database failed.
    """
    filters = filters or SearchFilters()
    limit = max(0, min(limit, MAX_LIMIT))
    parsed = parse_query(query)
    resolved = resolve_filters(filters, lexicon)
    if limit == 0 or (parsed.empty and filters.empty):
        return []
    if parsed.empty:
        return _with_answers(store, [_hit(c) for c in _by_filters(store, resolved, limit, candidates)], parsed)[:limit]
    masked = redaction != "none"
    posts = _posts_by_text(store, parsed, resolved, candidates)
    _load_annotations(store, posts, resolved, masked)
    found = [c for c in _sentences(posts, parsed) if _passes(c, resolved)]
    if masked:  # a post the full-text index found only by words inside its PII is no candidate
        matched = {c.post.id for c in found if c.scored.terms}
        found = [c for c in found if c.post.id in matched]
    lexical_scores([c.scored for c in found], len(parsed.terms))
    if encoder is not None:
        _dense(found, query, encoder)
    else:
        found = [c for c in found if c.scored.terms]
    fuse([c.scored for c in found])
    found = [c for c in found if c.scored.fused > 0]
    found.sort(key=lambda c: (-c.scored.fused, -c.scored.lexical, c.order))
    return _with_answers(store, [_hit(c) for c in found[:limit]], parsed, masked)[:limit]


def _with_answers(
    store: SqlStore, hits: list[SentenceHit], parsed: ParsedQuery, masked: bool = False
) -> list[SentenceHit]:
    """The hits, each question a later post answered followed by that post's sentence that holds the most query
    words (its first sentence when none does): who asked, and what they were told."""
    asked = [h.annotation_id for h in hits if h.label == "question" and h.annotation_id]
    answered = PostSearch(store).answers(asked)
    if not answered:
        return hits
    posts = _posts_by_id(store, sorted(set(answered.values())))
    _load_annotations(store, posts, Resolved(None, None, None, None, None), masked)
    best: dict[str, _Candidate] = {}
    for c in _sentences(posts, parsed):
        if c.post.id not in best or len(c.scored.terms) > len(best[c.post.id].scored.terms):
            best[c.post.id] = c
    out = []
    for hit in hits:
        out.append(hit)
        answer = best.get(answered.get(hit.annotation_id or "", ""))
        if answer is not None:
            out.append(replace(_hit(answer), answer_to=hit.annotation_id))
    as_answer = {(h.post_id, h.start) for h in out if h.answer_to}
    shown: set[tuple[str, int]] = set()
    kept = []
    for hit in out:  # a sentence shown as an answer under its question is not shown again on its own
        key = (hit.post_id, hit.start)
        if key not in shown and (hit.answer_to or key not in as_answer):
            shown.add(key)
            kept.append(hit)
    return kept


def _posts(rows: Sequence[PostRow]) -> list[_Post]:
    return [_Post(r.id, r.thread_id, r.position, r.author, r.text, r.title, r.score, r.seq) for r in rows]


def _posts_by_id(store: SqlStore, ids: Sequence[str]) -> list[_Post]:
    return _posts(PostSearch(store).by_ids(ids))


def _concepts(resolved: Resolved) -> list[frozenset[str]]:
    """The concept sets a post's thread must each mention one of: the condition's and the treatment's."""
    return [c for c in (resolved.conditions, resolved.treatments) if c is not None]


def _posts_by_text(store: SqlStore, parsed: ParsedQuery, resolved: Resolved, limit: int) -> list[_Post]:
    return _posts(PostSearch(store).matching(parsed, _concepts(resolved), limit))


def _posts_by_filters(store: SqlStore, resolved: Resolved, after: int, limit: int) -> list[_Post]:
    """Up to ``limit`` posts after ``seq`` ``after``, in store order, in the threads and holding the labels asked."""
    asked = (("outcome", resolved.outcome), ("statement", resolved.label))
    labels = [(layer, label) for layer, label in asked if label is not None]
    return _posts(PostSearch(store).in_order(after, limit, _concepts(resolved), labels))


def _by_filters(store: SqlStore, resolved: Resolved, limit: int, candidates: int) -> list[_Candidate]:
    """Sentences passing the filters, in store order, reading posts in batches until ``limit`` are found."""
    found: list[_Candidate] = []
    after, read = 0, 0
    empty = parse_query("")
    while len(found) < limit and read < candidates:
        posts = _posts_by_filters(store, resolved, after, min(FILTER_BATCH, candidates - read))
        if not posts:
            break
        _load_annotations(store, posts, resolved)
        found += [c for c in _sentences(posts, empty) if _passes(c, resolved)]
        after, read = posts[-1].seq, read + len(posts)
    return found[:limit]


def _load_annotations(store: SqlStore, posts: Sequence[_Post], resolved: Resolved, masked: bool = False) -> None:
    """The carried sentences of each post (current readings only), its statements where it has none, its
    mentions and outcomes when a filter needs them, and its PII spans when ``masked``."""
    by_id = {p.id: p for p in posts}
    for post_id, sentences in CarriedReadings(store).sentences(list(by_id)).items():
        by_id[post_id].sentences = sentences
    records = resolved.treatments is not None or resolved.experiencer is not None
    layers = [] if all(p.sentences is not None for p in posts) else ["statement"]
    if resolved.outcome is not None or records:
        layers.append("outcome")
    if records:
        layers.append("mention")
    if masked:
        layers.append("pii")
    for row in PostSearch(store).annotations(list(by_id), layers, records):
        _add_annotation(by_id[row.post_id], row)


def _add_annotation(post: _Post, row: AnnotationRow) -> None:
    if row.layer == "statement":
        post.statements.append(Statement(row.id, row.label, row.start, row.end))
    elif row.layer == "pii":
        post.pii.append((row.start, row.end, row.label))
    else:
        plain = {"id": row.id, "label": row.label, "start": row.start, "end": row.end}
        item = json.loads(row.record) if row.record else plain
        (post.mentions if row.layer == "mention" else post.outcomes).append(item)


def _sentences(posts: Sequence[_Post], parsed: ParsedQuery) -> list[_Candidate]:
    found = []
    for post in posts:
        matches = [m for m in parsed.matches(post.text) if not _overlaps(m[0], m[1], post.pii)]
        starts = [s for s, _, _ in matches]
        cut = searched(post.sentences) if post.sentences is not None else split_post(post.text, post.statements)
        for sentence in cut:
            first = bisect.bisect_left(starts, sentence.start)
            last = bisect.bisect_left(starts, sentence.end, first)
            inside = [m for m in matches[first:last] if m[1] <= sentence.end]
            scored = Scored(frozenset(i for _, _, i in inside), post.score)
            found.append(_Candidate(post, sentence, inside, scored, len(found)))
    return found


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int, str]]) -> bool:
    return any(s < end and start < e for s, e, _ in spans)


def _shown_text(post: _Post, sentence: Sentence) -> str:
    """The sentence as a masked hit shows it: each PII span of the post written as its kind ("[PERSON]")."""
    text, pos, out = post.text, sentence.start, []
    for start, end, label in sorted(post.pii):
        if end <= pos or start >= sentence.end:
            continue
        out += [text[pos : max(start, pos)], MASKS.get(label, "[PII]")]
        pos = min(end, sentence.end)
    out.append(text[pos : sentence.end])
    return "".join(out)


def _inside(item: dict[str, Any], sentence: Sentence) -> bool:
    return item["start"] < sentence.end and item["end"] > sentence.start


def _concept(mention: dict[str, Any]) -> str | None:
    concept = mention.get("concept")
    return f"{concept['system']}:{concept['code']}" if concept else None


def _passes(candidate: _Candidate, resolved: Resolved) -> bool:
    sentence, post = candidate.sentence, candidate.post
    if resolved.label is not None and resolved.label not in sentence.labels:
        return False
    outcomes = [o for o in post.outcomes if _inside(o, sentence)]
    if resolved.outcome is not None:
        outcomes = [o for o in outcomes if o["label"] == resolved.outcome]
        if not outcomes:
            return False
    mentions = [m for m in post.mentions if _inside(m, sentence)]
    if resolved.experiencer is not None and not any(
        m.get("attrs", {}).get("experiencer") == resolved.experiencer for m in mentions
    ):
        return False
    if resolved.treatments is not None:
        wanted = resolved.treatments
        named = {m["id"] for m in post.mentions if _concept(m) in wanted}
        in_sentence = any(m["id"] in named for m in mentions)
        judged = any(named.intersection(o.get("links", ())) for o in outcomes)
        if not (in_sentence or judged):
            return False
    return True


def _dense(found: list[_Candidate], query: str, encoder: Encoder) -> None:
    """Cosines for the :data:`DENSE_POOL` best candidates by lexical score (then post rank)."""
    pool = sorted(found, key=lambda c: (-c.scored.lexical, -c.scored.post_score, c.order))[:DENSE_POOL]
    if not pool:
        return
    vectors = encoder.encode([query] + [_shown_text(c.post, c.sentence) for c in pool])
    for c, value in zip(pool, cosine(vectors[0], vectors[1:]), strict=True):
        c.scored.dense = float(value)


def _hit(c: _Candidate) -> SentenceHit:
    post, sentence, scored = c.post, c.sentence, c.scored
    return SentenceHit(
        thread_id=post.thread_id,
        thread_title=post.title,
        post_id=post.id,
        post_position=post.position,
        author=post.author,
        start=sentence.start,
        end=sentence.end,
        text=post.text[sentence.start : sentence.end],
        label=sentence.label,
        labels=sentence.labels,
        annotation_id=sentence.annotation_id,
        matches=tuple((s, e) for s, e, _ in c.matches),
        lexical=scored.lexical,
        dense=scored.dense,
        fused=scored.fused,
    )
