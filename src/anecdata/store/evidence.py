"""The evidence corpus in the store: graded abstracts keyed by PMID, added idempotently, found by full text
(every word of a query, or any of a list of words when candidates for a re-ranker are wanted).

Adding a batch is one transaction. Each row carries a hash over every stored field, grade included: adding the
same file again finds every abstract unchanged and writes nothing; a record that changed upstream (a corrected
abstract, new MeSH headings) or a grade that changed with the grading rules is updated in place. The lexical
index is FTS5 with bm25 ranking on SQLite and a weighted ``tsvector`` under GIN on PostgreSQL (migration 3).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from anecdata.evidence.model import Abstract, AddCounts, DesignCue, Grade, GradedAbstract
from anecdata.store.sql import SqlStore, in_chunks, marks

_FIELDS = "title, abstract, year, journal, publication_types, mesh, design, level, design_cue"
_INSERT = f"INSERT INTO abstracts (pmid, {_FIELDS}, row_hash) VALUES ({','.join('?' * 11)})"
_UPDATE = f"UPDATE abstracts SET {', '.join(f'{n} = ?' for n in _FIELDS.split(', '))}, row_hash = ? WHERE pmid = ?"
_TERM = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class _Sql:
    """The statements that differ between databases."""

    search: str
    """PMIDs and scores (higher is better) for a query; parameters: the query, then the limit."""
    index_after: str | None = None
    """Adds rows stored after a given ``seq`` to the full-text index, where the index is built in bulk."""


_SQL = {
    "sqlite": _Sql(
        # bm25() is lower for better matches; a title hit weighs twice an abstract hit, as 'A' over 'B' below.
        search="SELECT a.pmid, -bm25(abstracts_fts, 2.0, 1.0) AS score FROM abstracts_fts "
        "JOIN abstracts a ON a.seq = abstracts_fts.rowid WHERE abstracts_fts MATCH ? ORDER BY score DESC LIMIT ?",
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
    return " ".join(f'"{term}"' for term in _TERM.findall(query))


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
        return AddCounts(len(inserts), len(updates), len(rows) - len(inserts) - len(updates))

    def _stored_hashes(self, cursor: Any, pmids: list[str]) -> dict[str, str]:
        hashes: dict[str, str] = {}
        for chunk in in_chunks(pmids):
            query = f"SELECT pmid, row_hash FROM abstracts WHERE pmid IN ({marks(len(chunk))})"
            hashes.update(self.store.execute(cursor, query, chunk).fetchall())
        return hashes

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
        claim: candidates for a re-ranker are found by any of them. Scores are as :meth:`search`'s.
        """
        terms = list(dict.fromkeys(t.lower() for word in words for t in _TERM.findall(word)))
        if self.store.dialect.name == "sqlite":
            query = " OR ".join(f'"{term}"' for term in terms)
        else:  # websearch_to_tsquery reads a bare "or" as the operator, and nothing else in \w+ as syntax
            query = " or ".join(term for term in terms if term != "or")
        return self._search(query, limit)

    def _search(self, query: str, limit: int) -> list[tuple[str, float]]:
        if not query.strip():
            return []
        return [(pmid, float(score)) for pmid, score in self.store.query(self._sql.search, (query, limit))]


def _graded(row: Sequence[Any]) -> GradedAbstract:
    """A stored row (PMID first, then :data:`_FIELDS`) as the graded abstract it was made from."""
    pmid, title, text, year, journal, types, mesh, design, level, cue = row
    abstract = Abstract(pmid, title, text, year, journal, tuple(json.loads(types)), tuple(json.loads(mesh)))
    return GradedAbstract(abstract, Grade(design, level, DesignCue(**json.loads(cue))))
