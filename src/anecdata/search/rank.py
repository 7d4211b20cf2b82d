"""Scoring sentences: a lexical score, an optional dense (embedding) score, and their fusion by rank.

- **Lexical.** The database ranks whole posts (bm25 on SQLite, ``ts_rank`` on PostgreSQL); a sentence is scored
  by the query terms it holds, each weighted by its inverse frequency among the candidate sentences (a rare word
  of the query counts more than "pain" in a pain forum), as the share of the query's total weight, plus a small
  part of its post's database score scaled to 0..1 within the candidates (:data:`POST_WEIGHT`), which breaks
  ties in favour of posts that match as a whole. A sentence holding no term scores 0.
- **Dense.** The cosine between the query's and the sentence's embeddings (unit vectors from the injected
  encoder), computed for the :data:`DENSE_POOL` best sentences by lexical score only: encoding is the costly
  part, and the pool keeps the search within its time budget.
- **Fusion.** Reciprocal rank fusion (Cormack et al., 2009): ``fused = Σ 1 / (RRF_K + rank)`` over the lexical
  ranking (sentences with a term) and the dense ranking (the pool). Ranks, not raw scores, are fused, so bm25's
  and cosine's different scales need no calibration; with no encoder the fused order is the lexical order.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

RRF_K = 60
"""The constant of reciprocal rank fusion: larger flattens the difference between neighbouring ranks."""
POST_WEIGHT = 0.2
"""The share of a sentence's lexical score that comes from its post's database score."""
DENSE_POOL = 256
"""Sentences (best by lexical score) whose embeddings are computed and compared with the query's."""


@dataclass(slots=True)
class Scored:
    """A candidate sentence's scores; ``terms`` are the indices of the query terms it holds."""

    terms: frozenset[int]
    post_score: float = 0.0
    lexical: float = 0.0
    dense: float | None = None
    fused: float = 0.0


def lexical_scores(candidates: Sequence[Scored], n_terms: int) -> None:
    """Set each candidate's lexical score (see the module docstring) from its terms and post score."""
    if not candidates or n_terms == 0:
        return
    n = len(candidates)
    df = [0] * n_terms
    for c in candidates:
        for t in c.terms:
            df[t] += 1
    idf = [math.log(1 + (n + 1) / (d + 0.5)) for d in df]
    total = sum(idf)
    top = max(c.post_score for c in candidates)
    low = min(c.post_score for c in candidates)
    spread = top - low
    for c in candidates:
        if not c.terms:
            c.lexical = 0.0
            continue
        post = (c.post_score - low) / spread if spread > 0 else 1.0
        c.lexical = (1 - POST_WEIGHT) * sum(idf[t] for t in c.terms) / total + POST_WEIGHT * post


def cosine(query: np.ndarray, sentences: np.ndarray) -> np.ndarray:
    """Cosines of unit vectors: one per row of ``sentences`` (zero rows give 0)."""
    return sentences @ query


def fuse(candidates: Sequence[Scored]) -> None:
    """Set each candidate's fused score by reciprocal rank fusion of its lexical and dense ranks."""
    for c in candidates:
        c.fused = 0.0
    lexical = sorted((c for c in candidates if c.lexical > 0), key=lambda c: -c.lexical)
    for rank, c in enumerate(lexical, 1):
        c.fused += 1 / (RRF_K + rank)
    dense = sorted((c for c in candidates if c.dense is not None), key=lambda c: -(c.dense or 0.0))
    for rank, c in enumerate(dense, 1):
        c.fused += 1 / (RRF_K + rank)
