"""The store: threads, posts (with their earlier versions) and annotations in SQLite or PostgreSQL."""

from anecdata.store.background import BackgroundWriter
from anecdata.store.connect import open_store
from anecdata.store.sql import IngestCounts, PendingPost, Reading, SqlStore

__all__ = ["BackgroundWriter", "IngestCounts", "PendingPost", "Reading", "SqlStore", "open_store"]
