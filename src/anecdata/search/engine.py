"""Sentence search over a store: candidate posts from the full-text index, cut into sentences, filtered, ranked.

1. **Candidates.** With query words, the best :data:`CANDIDATE_POSTS` posts by the database's full-text rank
   (FTS5 bm25 / PostgreSQL ``ts_rank``) for any of the words (``search/query.py``), among the threads that mention
   the condition and the treatment when those filters are given (``thread_concepts``). With no query words, the
   first :data:`CANDIDATE_POSTS` posts (in store order) that hold the outcome or statement label asked for, in
   those threads: a search by filters alone.
2. **Sentences.** Each candidate post is cut into sentences by its statement annotations (``sentences.py``);
   annotations count only when they were read from the post's current text (``readings.text_hash``).
3. **Filters** on each sentence: a statement ``label``; an ``outcome`` judged in it; a ``treatment`` it names,
   or whose mention an outcome in it judges ("it helped"); a mention in it about the ``experiencer``.
4. **Ranking** (``rank.py``): lexical, then dense with an injected encoder, fused by reciprocal rank. Under
   redaction (every mode but ``none``, the default ``mask`` included) the PII the reader found ranks nothing: a
   query word inside a masked span is no match and is not highlighted, a post matched only there is no candidate,
   and the dense stage embeds the sentence as masked, so searching a person's name does not return the posts that
   name them.

The search reads only: it never writes the store. User text reaches the database only as a bound parameter.
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
from anecdata.search.sentences import Sentence, Statement, split_post
from anecdata.store.sql import SqlStore, in_chunks, marks
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


_POST_COLUMNS = "p.id, p.thread_id, p.position, p.author, p.text, t.title"
_READ = "JOIN readings r ON r.post_id = p.id AND r.text_hash = p.text_hash JOIN threads t ON t.id = p.thread_id"
"""Posts whose current text was read, with their thread: a post not read yet has no PII annotations, so it could
not be redacted, and is never a result."""
_SQLITE_FTS = (
    f"SELECT {_POST_COLUMNS}, f.score FROM (SELECT rowid, -bm25(posts_fts) AS score FROM posts_fts "
    f"WHERE posts_fts MATCH ? ORDER BY score DESC, rowid LIMIT ?) f JOIN posts p ON p.seq = f.rowid {_READ} "
    "ORDER BY f.score DESC, p.seq"
)
_SQLITE_FTS_IN_THREADS = (
    "WITH f AS MATERIALIZED (SELECT rowid, -bm25(posts_fts) AS score FROM posts_fts WHERE posts_fts MATCH ?), "
    "best AS MATERIALIZED (SELECT rowid, score FROM f WHERE rowid IN (SELECT p.seq FROM posts p WHERE 1 = 1{where}) "
    "ORDER BY score DESC, rowid LIMIT ?) "
    f"SELECT {_POST_COLUMNS}, best.score FROM best JOIN posts p ON p.seq = best.rowid {_READ} "
    "ORDER BY best.score DESC, p.seq"
)
"""With a thread filter: every match is scored, kept if its post is in the threads (the posts' ``seq`` looked up
in the ``posts_thread`` index, not in the table), and only the best are joined with their posts. FTS5 answers a
constraint on its rowid (``rowid IN (…)``) by running the MATCH once per value, so the filter must never reach
it: the matches are materialised first."""
_POSTGRES_FTS = (
    f"SELECT {_POST_COLUMNS}, ts_rank(to_tsvector('english', p.text), q) AS score "
    f"FROM posts p {_READ}, to_tsquery('english', ?) q "
    "WHERE to_tsvector('english', p.text) @@ q{where} ORDER BY score DESC, p.seq LIMIT ?"
)
_BY_FILTERS = f"SELECT {_POST_COLUMNS}, p.seq FROM posts p {_READ} WHERE p.seq > ?{{where}} ORDER BY p.seq LIMIT ?"
FILTER_BATCH = 50
"""Posts read at a time by a search with filters only, until enough sentences pass."""
_THREADS_WITH = "SELECT thread_id FROM thread_concepts WHERE concept IN ({marks})"
_POST_HAS = (
    " AND EXISTS (SELECT 1 FROM annotations a WHERE a.post_id = p.id AND a.layer || '' = ? AND a.label || '' = ?)"
)
"""A post holds an annotation of a layer and label: found through the post's own annotations (the ``|| ''``
keeps the planner off the (layer, label) index, which would scan every claim of the store for each post)."""


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
    answered: dict[str, str] = {}
    for chunk in in_chunks(asked):
        answered.update(
            store.query(
                "SELECT annotation_id, MIN(answered_by) FROM thread_statements WHERE label = 'question' "
                f"AND answered_by IS NOT NULL AND annotation_id IN ({marks(len(chunk))}) GROUP BY annotation_id",
                chunk,
            )
        )
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


def _posts_by_id(store: SqlStore, ids: Sequence[str]) -> list[_Post]:
    rows = []
    for chunk in in_chunks(ids):
        rows += store.query(
            f"SELECT {_POST_COLUMNS} FROM posts p {_READ} WHERE p.id IN ({marks(len(chunk))})",
            chunk,
        )
    return [_Post(*row[:6], score=0.0) for row in rows]


def _thread_filter(resolved: Resolved, per_post: bool = False) -> tuple[str, list[Any]]:
    """SQL (``AND …``, on posts ``p``) keeping posts of threads that mention the condition and the treatment.

    ``per_post``: as a check per post (``EXISTS``, a few index probes), for a scan in store order that stops
    early; otherwise as a set of threads built once, for a filter over many posts.
    """
    where, params = "", []
    for concepts in (resolved.conditions, resolved.treatments):
        if concepts is not None:
            ids = sorted(concepts)
            if per_post:
                where += (
                    " AND EXISTS (SELECT 1 FROM thread_concepts c WHERE c.thread_id = p.thread_id "
                    f"AND c.concept IN ({marks(len(ids))}))"
                )
            else:
                where += f" AND p.thread_id IN ({_THREADS_WITH.format(marks=marks(len(ids)))})"
            params += ids
    return where, params


def _posts_by_text(store: SqlStore, parsed: ParsedQuery, resolved: Resolved, limit: int) -> list[_Post]:
    where, params = _thread_filter(resolved)
    if store.dialect.name == "sqlite":
        statement, text = (_SQLITE_FTS_IN_THREADS.format(where=where) if where else _SQLITE_FTS), parsed.fts5()
    else:
        statement, text = _POSTGRES_FTS.format(where=where), parsed.tsquery()
    return [_Post(*row[:6], score=float(row[6])) for row in store.query(statement, (text, *params, limit))]


def _posts_by_filters(store: SqlStore, resolved: Resolved, after: int, limit: int) -> list[_Post]:
    """Up to ``limit`` posts after ``seq`` ``after``, in store order, in the threads and holding the labels asked."""
    where, params = _thread_filter(resolved, per_post=True)
    for layer, label in (("outcome", resolved.outcome), ("statement", resolved.label)):
        if label is not None:
            where += _POST_HAS
            params += [layer, label]
    rows = store.query(_BY_FILTERS.format(where=where), (after, *params, limit))
    return [_Post(*row[:6], score=0.0, seq=row[6]) for row in rows]


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
    """Statements of each post (current readings only), its mentions and outcomes when a filter needs them, and
    its PII spans when ``masked``."""
    by_id = {p.id: p for p in posts}
    records = resolved.treatments is not None or resolved.experiencer is not None
    layers = ["statement"]
    if resolved.outcome is not None or records:
        layers.append("outcome")
    if records:
        layers.append("mention")
    if masked:
        layers.append("pii")
    record = "a.record" if records else "NULL"
    for chunk in in_chunks(list(by_id)):
        rows = store.query(
            f"SELECT a.post_id, a.id, a.layer, a.label, a.start_offset, a.end_offset, {record} FROM annotations a "
            "JOIN readings r ON r.post_id = a.post_id JOIN posts p ON p.id = a.post_id AND p.text_hash = r.text_hash "
            f"WHERE a.post_id IN ({marks(len(chunk))}) AND a.layer IN ({marks(len(layers))})",
            (*chunk, *layers),
        )
        for post_id, ann_id, layer, label, start, end, rec in rows:
            post = by_id[post_id]
            if layer == "statement":
                post.statements.append(Statement(ann_id, label, start, end))
                continue
            if layer == "pii":
                post.pii.append((start, end, label))
                continue
            item = json.loads(rec) if rec else {"id": ann_id, "label": label, "start": start, "end": end}
            (post.mentions if layer == "mention" else post.outcomes).append(item)


def _sentences(posts: Sequence[_Post], parsed: ParsedQuery) -> list[_Candidate]:
    found = []
    for post in posts:
        matches = [m for m in parsed.matches(post.text) if not _overlaps(m[0], m[1], post.pii)]
        starts = [s for s, _, _ in matches]
        for sentence in split_post(post.text, post.statements):
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
