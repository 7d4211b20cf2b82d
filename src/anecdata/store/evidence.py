"""The evidence corpus in the store: graded abstracts keyed by PMID, added idempotently, found by full text
(every word of a query, or any of a list of words when candidates for a re-ranker are wanted).

Adding a batch is one transaction. Each row carries a hash over every stored field, grade included: adding the
same file again finds every abstract unchanged and writes nothing; a record that changed upstream (a corrected
abstract, new MeSH headings) or a grade that changed with the grading rules is updated in place. The lexical
index is FTS5 with bm25 ranking on SQLite and a weighted ``tsvector`` under GIN on PostgreSQL (migration 3).

FTS5 scores every abstract a query matches before it keeps the best (about 1 µs each), so on SQLite a search for
candidates never matches more than :data:`CANDIDATE_POSTINGS` abstracts: at a million abstracts, "pain" alone
would cost most of a second (see :meth:`EvidenceStore.search_any` and ``bench/evidence_search.py``).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import orjson

from anecdata.evidence.model import Abstract, AddCounts, DesignCue, Grade, GradedAbstract
from anecdata.store.carried import StoredMention, mentions_from_json, mentions_json
from anecdata.store.sql import SqlStore, in_chunks, marks

_FIELDS = "title, abstract, year, journal, publication_types, mesh, design, level, design_cue"
_INSERT = f"INSERT INTO abstracts (pmid, {_FIELDS}, row_hash) VALUES ({','.join('?' * 11)})"
_UPDATE = f"UPDATE abstracts SET {', '.join(f'{n} = ?' for n in _FIELDS.split(', '))}, row_hash = ? WHERE pmid = ?"
_TERM = re.compile(r"\w+")
CANDIDATE_POSTINGS = 50_000
"""The most abstracts one SQLite candidate query may match, and so bm25 score: about 50 ms of FTS5's time."""
NARROW_ENOUGH = 5_000
"""Abstracts holding every required common word below which no further word is required (see search_any)."""
NARROWING = 0.8
"""A common word is required only if it leaves at most this share of the abstracts that hold the others."""


@dataclass(frozen=True, slots=True)
class _Sql:
    """The statements that differ between databases."""

    search: str
    """PMIDs and scores (higher is better) for a query; parameters: the query, then the limit."""
    index_after: str | None = None
    """Adds rows stored after a given ``seq`` to the full-text index, where the index is built in bulk."""


_SQLITE_BEST = (
    "SELECT a.pmid, f.score FROM (SELECT rowid, -bm25(abstracts_fts, 2.0, 1.0) AS score FROM abstracts_fts "
    "WHERE abstracts_fts MATCH ?{below} ORDER BY score DESC, rowid LIMIT ?) f"
)
_SQLITE_SEARCH_BELOW = (
    f"{_SQLITE_BEST.format(below=' AND rowid <= ?')} JOIN abstracts a ON a.seq = f.rowid ORDER BY f.score DESC, f.rowid"
)
"""As the SQLite search, among the abstracts up to a given index rowid; parameters: query, rowid, limit."""
_SQLITE_MATCHES = "SELECT COUNT(*) FROM (SELECT 1 FROM abstracts_fts WHERE abstracts_fts MATCH ? LIMIT ?)"
_SQLITE_NTH_MATCH = "SELECT rowid FROM abstracts_fts WHERE abstracts_fts MATCH ? LIMIT 1 OFFSET ?"

_SQL = {
    "sqlite": _Sql(
        # bm25() is lower for better matches; a title hit weighs twice an abstract hit, as 'A' over 'B' below.
        # The best are chosen in the index before the join, so only they are looked up in the table.
        search=f"{_SQLITE_BEST.format(below='')} JOIN abstracts a ON a.seq = f.rowid ORDER BY f.score DESC, f.rowid",
        index_after="INSERT INTO abstracts_fts (rowid, title, abstract) SELECT seq, title, abstract FROM abstracts "
        "WHERE seq > ?",
    ),
    "postgresql": _Sql(
        search="SELECT pmid, ts_rank(fts, q) AS score FROM abstracts, websearch_to_tsquery('english', ?) q "
        "WHERE fts @@ q ORDER BY score DESC, pmid LIMIT ?",
    ),
}


def _json(value: Any) -> str:
    return orjson.dumps(value).decode("utf-8")


@dataclass(frozen=True, slots=True)
class AbstractMentions:
    """The mentions the reading's matcher found in one abstract's title and text, with the title and text they
    were found in (mentions of an abstract that changed since are not stored)."""

    pmid: str
    title_text: str
    abstract_text: str
    title: tuple[StoredMention, ...] = ()
    abstract: tuple[StoredMention, ...] = ()


def _row(item: GradedAbstract) -> tuple[Any, ...]:
    """The stored fields of ``item`` after its PMID, ending with the hash of them all."""
    a, g = item.abstract, item.grade
    cue = {"rule": g.cue.rule, "source": g.cue.source, "text": g.cue.text, "start": g.cue.start, "end": g.cue.end}
    values = (
        a.title,
        a.text,
        a.year,
        a.journal,
        _json(list(a.publication_types)),
        _json(list(a.mesh_headings)),
        g.design,
        g.level,
        _json(cue),
    )
    return (*values, hashlib.sha1(repr(values).encode("utf-8")).hexdigest())


def _match_query(query: str) -> str:
    """A free-text query as an FTS5 query: every word, each quoted, so punctuation is never FTS5 syntax."""
    return " ".join(_phrase(term) for term in _TERM.findall(query))


def _phrase(term: str) -> str:
    """One word (``\\w+``, so it holds no quote) as an FTS5 phrase."""
    return f'"{term}"'


def _any(queries: Sequence[str]) -> str:
    """FTS5: any of ``queries``."""
    return " OR ".join(queries)


def _all(queries: Sequence[str]) -> str:
    """FTS5: every one of ``queries`` (each parenthesised, so an OR inside one stays inside it)."""
    return " AND ".join(f"({q})" for q in queries)


class EvidenceStore:
    """The ``abstracts`` table of one store; see the module docstring for the guarantees."""

    def __init__(self, store: SqlStore) -> None:
        self.store = store
        self._sql = _SQL[store.dialect.name]

    def add(self, items: Sequence[GradedAbstract]) -> AddCounts:
        """Store a batch of graded abstracts in one transaction; a PMID seen twice keeps its last record."""
        rows = [(item.abstract.pmid, *_row(item)) for item in items]
        with self.store.transaction() as cursor:
            stored = self._stored_hashes(cursor, list(dict.fromkeys(r[0] for r in rows)))
            inserts: list[tuple[Any, ...]] = []
            updates: list[tuple[Any, ...]] = []
            for row in rows:
                pmid, row_hash = row[0], row[-1]
                known = stored.get(pmid)
                if known == row_hash:
                    continue
                if known is None:
                    inserts.append(row)
                else:
                    updates.append((*row[1:], pmid))
                stored[pmid] = row_hash
            # Inserts first, then updates: an update of a row inserted in this batch finds it (and its index entry).
            self.store.insert_indexed(cursor, "abstracts", _INSERT, inserts, self._sql.index_after)
            if updates:
                cursor.executemany(self.store.dialect.sql(_UPDATE), updates)
                for chunk in in_chunks([u[-1] for u in updates]):  # their vectors and mentions are of the old text
                    for table in ("abstract_vectors", "abstract_mentions"):
                        drop = f"DELETE FROM {table} WHERE pmid IN ({marks(len(chunk))})"
                        self.store.execute(cursor, drop, chunk)
        return AddCounts(len(inserts), len(updates), len(rows) - len(inserts) - len(updates))

    def _stored_hashes(self, cursor: Any, pmids: list[str]) -> dict[str, str]:
        hashes: dict[str, str] = {}
        for chunk in in_chunks(pmids):
            query = f"SELECT pmid, row_hash FROM abstracts WHERE pmid IN ({marks(len(chunk))})"
            hashes.update(self.store.execute(cursor, query, chunk).fetchall())
        return hashes

    def without_vectors(self, model: str, limit: int, after: str = "") -> list[Abstract]:
        """Up to ``limit`` abstracts after PMID ``after`` (PMID order) that have no vector of ``model`` yet: what
        embedding resumes. Pass the last PMID of a batch as ``after`` for the next, so no batch rereads the last."""
        rows = self.store.query(
            f"SELECT a.pmid, {_FIELDS} FROM abstracts a LEFT JOIN abstract_vectors v ON v.pmid = a.pmid "
            "AND v.model = ? WHERE a.pmid > ? AND v.pmid IS NULL ORDER BY a.pmid LIMIT ?",
            (model, after, limit),
        )
        return [_graded(row).abstract for row in rows]

    def add_vectors(self, model: str, vectors: Sequence[tuple[str, np.ndarray]]) -> None:
        """Store each PMID's vector of ``model`` (float32) in one transaction, replacing any it had."""
        rows = [(pmid, model, np.asarray(v, dtype="<f4").tobytes()) for pmid, v in vectors]
        self.store.execute_rows(
            "INSERT INTO abstract_vectors (pmid, model, vector) VALUES (?, ?, ?) "
            "ON CONFLICT (model, pmid) DO UPDATE SET vector = excluded.vector",
            rows,
        )

    def vectors(self, model: str, pmids: Sequence[str]) -> dict[str, np.ndarray]:
        """The stored vectors of ``model`` among ``pmids``, by PMID."""
        found: dict[str, np.ndarray] = {}
        for chunk in in_chunks(list(dict.fromkeys(pmids))):
            rows = self.store.query(
                f"SELECT pmid, vector FROM abstract_vectors WHERE model = ? AND pmid IN ({marks(len(chunk))})",
                (model, *chunk),
            )
            found.update((pmid, np.frombuffer(bytes(blob), dtype="<f4")) for pmid, blob in rows)
        return found

    def count_vectors(self, model: str) -> int:
        """How many abstracts have a vector of ``model``."""
        return self.store.query("SELECT COUNT(*) FROM abstract_vectors WHERE model = ?", (model,))[0][0]

    def without_mentions(self, version: str, limit: int, after: str = "") -> list[Abstract]:
        """Up to ``limit`` abstracts after PMID ``after`` (PMID order) with no mentions found by matcher ``version``
        stored: what finding them resumes from (see :meth:`without_vectors`)."""
        rows = self.store.query(
            f"SELECT a.pmid, {_FIELDS} FROM abstracts a LEFT JOIN abstract_mentions m ON m.pmid = a.pmid "
            "AND m.version = ? WHERE a.pmid > ? AND m.pmid IS NULL ORDER BY a.pmid LIMIT ?",
            (version, after, limit),
        )
        return [_graded(row).abstract for row in rows]

    def count_without_mentions(self, version: str) -> int:
        """How many abstracts :meth:`without_mentions` lists in all."""
        return self.store.query(
            "SELECT COUNT(*) FROM abstracts a LEFT JOIN abstract_mentions m ON m.pmid = a.pmid AND m.version = ? "
            "WHERE m.pmid IS NULL",
            (version,),
        )[0][0]

    def add_mentions(self, version: str, found: Sequence[AbstractMentions]) -> None:
        """Keep the mentions matcher ``version`` found in each abstract's title and text, replacing any stored;
        one transaction. Mentions of an abstract not stored (or changed since it was read) are dropped.

        Raises:
            StoreError: a mention lies outside its title or text (nothing is stored).
        """
        stored = self.get_many([m.pmid for m in found])
        rows = []
        for m in found:
            graded = stored.get(m.pmid)
            if graded is None or (graded.abstract.title, graded.abstract.text) != (m.title_text, m.abstract_text):
                continue
            fields = {
                "title": mentions_json(m.title, len(m.title_text)),
                "abstract": mentions_json(m.abstract, len(m.abstract_text)),
            }
            rows.append((m.pmid, version, _json(fields)))
        if not rows:
            return
        self.store.execute_rows(
            "INSERT INTO abstract_mentions (pmid, version, mentions) VALUES (?, ?, ?) ON CONFLICT (pmid) "
            "DO UPDATE SET version = excluded.version, mentions = excluded.mentions",
            rows,
        )

    def mentions(self, pmids: Sequence[str]) -> dict[str, tuple[tuple[StoredMention, ...], tuple[StoredMention, ...]]]:
        """The stored mentions of each abstract among ``pmids`` that has them: (in its title, in its text), offsets
        into each, of whichever matcher version found them (``anecdata read`` finds them again for a newer one).
        Abstracts without (or whose stored value does not parse) are left out: find them again."""
        found: dict[str, tuple[tuple[StoredMention, ...], tuple[StoredMention, ...]]] = {}
        for chunk in in_chunks(list(dict.fromkeys(pmids))):
            rows = self.store.query(
                f"SELECT pmid, mentions FROM abstract_mentions WHERE pmid IN ({marks(len(chunk))})", chunk
            )
            for pmid, stored in rows:
                try:
                    fields = json.loads(stored)
                    found[pmid] = (mentions_from_json(fields["title"]), mentions_from_json(fields["abstract"]))
                except (ValueError, TypeError, KeyError):
                    continue
        return found

    def count(self) -> int:
        """The number of abstracts in the corpus."""
        return self.store.query("SELECT COUNT(*) FROM abstracts")[0][0]

    def get(self, pmid: str) -> GradedAbstract | None:
        """The abstract stored under ``pmid`` with its grade, or None."""
        return self.get_many([pmid]).get(pmid)

    def get_many(self, pmids: Sequence[str]) -> dict[str, GradedAbstract]:
        """The stored abstracts among ``pmids`` with their grades, by PMID; PMIDs not stored are left out."""
        found: dict[str, GradedAbstract] = {}
        for chunk in in_chunks(list(dict.fromkeys(pmids))):
            rows = self.store.query(f"SELECT pmid, {_FIELDS} FROM abstracts WHERE pmid IN ({marks(len(chunk))})", chunk)
            found.update((row[0], _graded(row)) for row in rows)
        return found

    def search(self, query: str, limit: int = 20) -> list[tuple[str, float]]:
        """PMIDs whose title or abstract match every word of ``query``, best first, with their scores.

        Scores are the database's own (bm25 on SQLite, ``ts_rank`` on PostgreSQL): compare them within one
        result list only.
        """
        if self.store.dialect.name == "sqlite":
            query = _match_query(query)
        return self._search(query, limit)

    def search_any(self, words: Sequence[str], limit: int = 20) -> list[tuple[str, float]]:
        """PMIDs whose title or abstract hold any of ``words``, best first (more and rarer words score higher).

        A claim is worded by a patient and an abstract by researchers, so few abstracts hold every word of a
        claim: candidates for a re-ranker are found by any of them. Scores are as :meth:`search`'s. On SQLite a
        corpus so large that the words match more than :data:`CANDIDATE_POSTINGS` abstracts is searched within
        that budget, and the words given first are preferred (see :meth:`_search_any_sqlite`).
        """
        terms = list(dict.fromkeys(t.lower() for word in words for t in _TERM.findall(word)))
        if self.store.dialect.name == "sqlite":
            return self._search_any_sqlite(terms, limit)
        # websearch_to_tsquery reads a bare "or" as the operator, and nothing else in \w+ as syntax
        return self._search(" or ".join(term for term in terms if term != "or"), limit)

    def _search_any_sqlite(self, terms: list[str], limit: int) -> list[tuple[str, float]]:
        """:meth:`search_any` on FTS5, whose queries never match more than :data:`CANDIDATE_POSTINGS` abstracts.

        Each word's abstracts are counted (up to the budget); words no abstract holds are dropped, which changes
        nothing. When the rest together match within the budget (always, in a corpus that small), the search is
        what it says: any of them, by bm25. Otherwise half the budget goes to the rarest words, any of which an
        abstract may hold, and half to the commoner ones, which are required together, in the caller's order,
        until fewer than :data:`NARROW_ENOUGH` abstracts hold them all: a word is skipped when it would leave
        fewer than ``limit`` (as one of two synonyms would) or narrow the set by less than :data:`NARROWING`
        (a word in nearly every abstract, or another form of a word already required). An abstract that holds
        most of a claim's words is what bm25 over all of them puts first. When the common words cannot be
        narrowed to half the budget (a claim made of words most abstracts hold), they are left out if there are
        rare words; otherwise, or to fill the list, only the first abstracts in index (load) order are scored.
        """
        counts = {term: self._matches(_phrase(term), CANDIDATE_POSTINGS + 1) for term in terms}
        present = [t for t in terms if counts[t]]
        if sum(counts[t] for t in present) <= CANDIDATE_POSTINGS:
            return self._search(_any([_phrase(t) for t in present]), limit)
        half = CANDIDATE_POSTINGS // 2
        rare: list[str] = []
        for term in sorted(present, key=counts.__getitem__):
            if sum(counts[t] for t in rare) + counts[term] > half:
                break
            rare.append(term)
        common = [t for t in present if t not in rare]
        required, matched = [_phrase(common[0])], counts[common[0]]
        for term in common[1:]:
            if matched <= NARROW_ENOUGH:
                break
            found = self._matches(_all([*required, _phrase(term)]), half + 1)
            if limit <= found < matched * NARROWING:
                required.append(_phrase(term))
                matched = found
        rare_any = _any([_phrase(t) for t in rare])
        if matched <= half:
            return self._search(_any([f"({_all(required)})", *([f"({rare_any})"] if rare else [])]), limit)
        found = self.store.query(self._sql.search, (rare_any, limit)) if rare else []
        if len(found) < limit:
            seen = {pmid for pmid, _ in found}
            last = self.store.query(_SQLITE_NTH_MATCH, (_all(required), half - 1))[0][0]
            more = self.store.query(_SQLITE_SEARCH_BELOW, (_all(required), last, limit))
            found += [row for row in more if row[0] not in seen][: limit - len(found)]
        return [(pmid, float(score)) for pmid, score in found]

    def _matches(self, query: str, most: int) -> int:
        """How many abstracts an FTS5 query matches, counted up to ``most``."""
        return self.store.query(_SQLITE_MATCHES, (query, most))[0][0]

    def _search(self, query: str, limit: int) -> list[tuple[str, float]]:
        if not query.strip():
            return []
        return [(pmid, float(score)) for pmid, score in self.store.query(self._sql.search, (query, limit))]


def _graded(row: Sequence[Any]) -> GradedAbstract:
    """A stored row (PMID first, then :data:`_FIELDS`) as the graded abstract it was made from."""
    pmid, title, text, year, journal, types, mesh, design, level, cue = row
    abstract = Abstract(pmid, title, text, year, journal, tuple(json.loads(types)), tuple(json.loads(mesh)))
    return GradedAbstract(abstract, Grade(design, level, DesignCue(**json.loads(cue))))
