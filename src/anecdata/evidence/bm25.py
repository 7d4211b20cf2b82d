"""BM25F over the fields of a document collection: weighted query terms in, one score per document out.

Okapi BM25 extended to fields as in Robertson & Zaragoza, "The Probabilistic Relevance Framework: BM25 and
Beyond" (2009), §3.6: a term's frequency is normalised by each field's length, weighted by the field, summed,
and only then saturated, so a word in the title and the abstract is not counted as two independent pieces of
evidence::

    tf'(t, d) = Σ_f  w_f · tf_f(t, d) / (1 − b + b · len_f(d) / avglen_f)
    score(q, d) = Σ_t  q(t) · idf(t) · tf'(t, d) / (k1 + tf'(t, d))
    idf(t) = ln(1 + (N − n_t + 0.5) / (n_t + 0.5))

``n_t`` counts the documents holding ``t`` in any field; this idf never goes negative (Lucene's form), so a
term in every document adds a little rather than subtracting. ``q(t)`` is the query's weight for the term (how
the claim, the post and the PIO elements weigh it is the ranker's business, not the index's).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

K1 = 1.2
B = 0.75
"""The usual defaults (Robertson & Zaragoza 2009; Lucene, Anserini): not tuned here."""


@dataclass(frozen=True, slots=True)
class Bm25Params:
    """BM25F's constants: saturation ``k1``, length normalisation ``b``, and a weight per field (default 1)."""

    k1: float = K1
    b: float = B
    field_weights: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.k1 < 0 or not 0 <= self.b <= 1:
            raise ValueError(f"BM25 needs k1 >= 0 and 0 <= b <= 1, got k1={self.k1!r}, b={self.b!r}")
        bad = {f: w for f, w in self.field_weights.items() if w < 0}
        if bad:
            raise ValueError(f"field weights must not be negative: {bad}")

    def weight(self, name: str) -> float:
        """The weight of field ``name``."""
        return self.field_weights.get(name, 1.0)


class Bm25Index:
    """An in-memory inverted index of documents given as ``{field: [term, ...]}``, scored with BM25F.

    Documents are numbered in the order given. Building is explicit (the constructor only counts), and the
    index is read-only afterwards.
    """

    def __init__(self, documents: Sequence[Mapping[str, Sequence[str]]], params: Bm25Params | None = None) -> None:
        self.params = params or Bm25Params()
        self.size = len(documents)
        self._postings: dict[str, dict[str, dict[int, int]]] = {}
        self._lengths: dict[str, list[int]] = {}
        document_frequency: Counter[str] = Counter()
        names = sorted({name for d in documents for name in d})
        for name in names:
            self._postings[name] = {}
            self._lengths[name] = [0] * self.size
        for number, document in enumerate(documents):
            seen: set[str] = set()
            for name, field_terms in document.items():
                self._lengths[name][number] = len(field_terms)
                postings = self._postings[name]
                for term, count in Counter(field_terms).items():
                    postings.setdefault(term, {})[number] = count
                    seen.add(term)
            document_frequency.update(seen)
        self._document_frequency = dict(document_frequency)
        self._average = {
            name: (sum(lengths) / self.size if self.size else 0.0) for name, lengths in self._lengths.items()
        }

    def idf(self, term: str) -> float:
        """Inverse document frequency of ``term`` (0 for a term no document holds)."""
        n = self._document_frequency.get(term, 0)
        if n == 0:
            return 0.0
        return math.log(1 + (self.size - n + 0.5) / (n + 0.5))

    def document_frequency(self, term: str) -> int:
        """How many documents hold ``term`` in any field."""
        return self._document_frequency.get(term, 0)

    def scores(self, query: Mapping[str, float], documents: Iterable[int] | None = None) -> dict[int, float]:
        """BM25F score of every document that holds a query term (or of ``documents`` only, when given).

        Documents without any query term are absent from the result (their score is 0).
        """
        allowed = None if documents is None else set(documents)
        frequencies: dict[str, dict[int, float]] = {}
        for name, postings in self._postings.items():
            weight = self.params.weight(name)
            if weight == 0:
                continue
            lengths, average = self._lengths[name], self._average[name] or 1.0
            for term in query:
                for number, count in postings.get(term, {}).items():
                    if allowed is not None and number not in allowed:
                        continue
                    norm = 1 - self.params.b + self.params.b * lengths[number] / average
                    per_doc = frequencies.setdefault(term, {})
                    per_doc[number] = per_doc.get(number, 0.0) + weight * count / norm
        totals: dict[int, float] = {}
        k1 = self.params.k1
        for term, per_doc in frequencies.items():
            factor = query[term] * self.idf(term)
            for number, tf in per_doc.items():
                totals[number] = totals.get(number, 0.0) + factor * tf / (k1 + tf)
        return totals
