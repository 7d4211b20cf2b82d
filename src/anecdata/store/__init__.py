"""The store: threads, posts (with their earlier versions) and annotations in SQLite or PostgreSQL.

The evidence corpus (graded abstracts) lives in the same database, behind :class:`EvidenceStore`.
"""

from anecdata.store.connect import open_store
from anecdata.store.evidence import EvidenceStore
from anecdata.store.sql import ClaimedPage, IngestCounts, PendingPost, Reading, SkippedPost, SqlStore

__all__ = [
    "ClaimedPage",
    "EvidenceStore",
    "IngestCounts",
    "PendingPost",
    "Reading",
    "SkippedPost",
    "SqlStore",
    "open_store",
]
