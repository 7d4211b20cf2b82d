"""Sentence search over a store: full text and, with an encoder, embeddings, fused; filters by the read layers.

``search_sentences(store, "how did people find the cause", SearchFilters(condition="back pain"))`` returns the
best sentences with their post and thread; see ``engine.py`` for the stages and ``rank.py`` for the ranking.
"""

from anecdata.search.engine import CANDIDATE_POSTS, Encoder, SentenceHit, search_sentences
from anecdata.search.filters import SearchFilters
from anecdata.search.query import ParsedQuery, parse_query

__all__ = [
    "CANDIDATE_POSTS",
    "Encoder",
    "ParsedQuery",
    "SearchFilters",
    "SentenceHit",
    "parse_query",
    "search_sentences",
]
