"""The store's schema as numbered migrations, one list of statements per SQL dialect.

A database records the migrations applied to it (``schema_migrations``); opening it applies the newer ones in
order, each in its own transaction, and refuses a database migrated by a newer anecdata. Never edit a released
migration: add the next one.

Tables: ``threads``; ``posts`` keyed by (source, source id) with ``row_hash`` over every stored field and
``text_hash`` over what reading reads (the text, and the reader's context when it marked any), the context being
the reader's marks as JSON; ``post_versions``, the earlier rows of posts that changed upstream; ``readings``,
which pipeline version read which text of a post (or why it skipped it); ``annotations``, one row per annotation
with its full ``anecdata/1`` record; ``read_claims``, which reader is reading which post since when (migration 10,
so several ``anecdata read`` runs on one store read distinct posts); ``abstracts``, the evidence corpus a user
loads (PMID, study design, level). Full-text search is FTS5 on SQLite and a GIN ``tsvector`` index on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

_COMMON = (
    "CREATE TABLE threads (id TEXT PRIMARY KEY, source TEXT NOT NULL, title TEXT, url TEXT)",
    """CREATE TABLE posts (
        seq {serial},
        id TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        source_id TEXT NOT NULL,
        thread_id TEXT NOT NULL,
        parent_id TEXT,
        position BIGINT NOT NULL,
        author TEXT,
        addressee TEXT,
        created TEXT,
        attrs TEXT NOT NULL,
        text TEXT NOT NULL,
        row_hash TEXT NOT NULL,
        text_hash TEXT NOT NULL,
        version INTEGER NOT NULL,
        UNIQUE (source, source_id)
    )""",
    "CREATE INDEX posts_thread ON posts (thread_id, position)",
    """CREATE TABLE post_versions (
        post_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        thread_id TEXT NOT NULL,
        parent_id TEXT,
        position BIGINT NOT NULL,
        author TEXT,
        addressee TEXT,
        created TEXT,
        attrs TEXT NOT NULL,
        text TEXT NOT NULL,
        row_hash TEXT NOT NULL,
        replaced_at TEXT NOT NULL,
        PRIMARY KEY (post_id, version)
    )""",
    "CREATE TABLE readings (post_id TEXT PRIMARY KEY, pipeline_version TEXT NOT NULL, text_hash TEXT NOT NULL)",
    """CREATE TABLE annotations (
        post_id TEXT NOT NULL,
        id TEXT NOT NULL,
        layer TEXT NOT NULL,
        label TEXT NOT NULL,
        start_offset INTEGER NOT NULL,
        end_offset INTEGER NOT NULL,
        record TEXT NOT NULL,
        PRIMARY KEY (post_id, id)
    )""",
    "CREATE INDEX annotations_label ON annotations (layer, label)",
)

_SQLITE_FTS = (
    "CREATE VIRTUAL TABLE posts_fts USING fts5(text, content='posts', content_rowid='seq')",
    "CREATE TRIGGER posts_fts_insert AFTER INSERT ON posts BEGIN "
    "INSERT INTO posts_fts (rowid, text) VALUES (new.seq, new.text); END",
    "CREATE TRIGGER posts_fts_delete AFTER DELETE ON posts BEGIN "
    "INSERT INTO posts_fts (posts_fts, rowid, text) VALUES ('delete', old.seq, old.text); END",
    "CREATE TRIGGER posts_fts_update AFTER UPDATE OF text ON posts BEGIN "
    "INSERT INTO posts_fts (posts_fts, rowid, text) VALUES ('delete', old.seq, old.text); "
    "INSERT INTO posts_fts (rowid, text) VALUES (new.seq, new.text); END",
)
_POSTGRES_FTS = ("CREATE INDEX posts_fts ON posts USING GIN (to_tsvector('english', text))",)


@dataclass(frozen=True, slots=True)
class Migration:
    """One step of the schema: its number, a name for people, and its statements per dialect."""

    version: int
    name: str
    statements: Mapping[str, tuple[str, ...]]


_ABSTRACT_COLUMNS = """
        title TEXT NOT NULL,
        abstract TEXT NOT NULL,
        year INTEGER,
        journal TEXT,
        publication_types TEXT NOT NULL,
        mesh TEXT NOT NULL,
        design TEXT NOT NULL,
        level INTEGER,
        design_cue TEXT NOT NULL,
        row_hash TEXT NOT NULL"""
# SQLite: FTS5's external content needs a stable integer rowid, which only an INTEGER PRIMARY KEY guarantees
# (VACUUM may renumber others), so the PMID is a unique key beside it. New rows enter the index in bulk, once
# per batch (as posts do since migration 2); changed and deleted rows by trigger.
_ABSTRACTS_SQLITE = (
    f"CREATE TABLE abstracts (seq INTEGER PRIMARY KEY, pmid TEXT NOT NULL UNIQUE,{_ABSTRACT_COLUMNS})",
    "CREATE INDEX abstracts_design ON abstracts (design, level)",
    "CREATE VIRTUAL TABLE abstracts_fts USING fts5(title, abstract, content='abstracts', content_rowid='seq', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER abstracts_fts_delete AFTER DELETE ON abstracts BEGIN "
    "INSERT INTO abstracts_fts (abstracts_fts, rowid, title, abstract) "
    "VALUES ('delete', old.seq, old.title, old.abstract); END",
    "CREATE TRIGGER abstracts_fts_update AFTER UPDATE OF title, abstract ON abstracts BEGIN "
    "INSERT INTO abstracts_fts (abstracts_fts, rowid, title, abstract) "
    "VALUES ('delete', old.seq, old.title, old.abstract); "
    "INSERT INTO abstracts_fts (rowid, title, abstract) VALUES (new.seq, new.title, new.abstract); END",
)
# PostgreSQL: a stored tsvector (title weighted above abstract) kept by the database, under a GIN index.
_ABSTRACTS_POSTGRES = (
    f"CREATE TABLE abstracts (pmid TEXT PRIMARY KEY,{_ABSTRACT_COLUMNS},"
    "\n        fts tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english', title), 'A') || "
    "setweight(to_tsvector('english', abstract), 'B')) STORED)",
    "CREATE INDEX abstracts_design ON abstracts (design, level)",
    "CREATE INDEX abstracts_fts ON abstracts USING GIN (fts)",
)

# The experience index: what thread logic derives from a thread's read posts, flattened so that corpus reports
# are aggregated by the database instead of rebuilt from every thread. A fact's ``item`` is what reports group
# it by (its concept id, else its lower-cased name); ``refs`` are its ``post_id:annotation_id`` references,
# space-separated. A statement has one row per concept it names ('' for none). It is derived data: a thread is
# listed in stale_threads in the same transaction that saves readings of its posts or changes one of its posts
# (since migration 9's records; before, only a changed text listed it), and its rows are replaced in
# one transaction when it is indexed again, which also counts up the index's version: a condition report stored
# for an older version is not used.
_EXPERIENCE_INDEX = (
    """CREATE TABLE experience_facts (
        thread_id TEXT NOT NULL,
        person_key TEXT NOT NULL,
        person TEXT NOT NULL,
        experiencer TEXT NOT NULL,
        kind TEXT NOT NULL,
        item TEXT NOT NULL,
        concept TEXT,
        name TEXT NOT NULL,
        outcome TEXT,
        ongoing INTEGER NOT NULL,
        days {real},
        refs TEXT NOT NULL
    )""",
    "CREATE INDEX experience_facts_thread ON experience_facts (thread_id)",
    "CREATE INDEX experience_facts_concept ON experience_facts (kind, concept)",
    """CREATE TABLE thread_statements (
        thread_id TEXT NOT NULL,
        post_id TEXT NOT NULL,
        annotation_id TEXT NOT NULL,
        label TEXT NOT NULL,
        person_key TEXT NOT NULL,
        concept TEXT NOT NULL,
        answered_by TEXT,
        PRIMARY KEY (thread_id, annotation_id, concept)
    )""",
    """CREATE TABLE thread_concepts (
        thread_id TEXT NOT NULL,
        concept TEXT NOT NULL,
        label TEXT NOT NULL,
        name TEXT NOT NULL,
        PRIMARY KEY (concept, thread_id)
    )""",
    "CREATE TABLE stale_threads (thread_id TEXT PRIMARY KEY)",
    "INSERT INTO stale_threads (thread_id) "
    "SELECT DISTINCT p.thread_id FROM posts p JOIN readings r ON r.post_id = p.id",
    "CREATE TABLE experience_index_version (version INTEGER NOT NULL)",
    "INSERT INTO experience_index_version (version) VALUES (0)",
    """CREATE TABLE condition_reports (
        condition TEXT PRIMARY KEY,
        index_version INTEGER NOT NULL,
        built_with TEXT NOT NULL,
        report TEXT NOT NULL
    )""",
)

_VECTORS = (
    "CREATE TABLE abstract_vectors (pmid TEXT NOT NULL, model TEXT NOT NULL, vector {blob} NOT NULL, "
    "PRIMARY KEY (model, pmid))"
)
"""An abstract's vector under one embedding model (float32, little-endian), from ``anecdata evidence embed``."""

# A post's context (``anecdata/1`` JSON of its ``PostContext``), NULL when the reader marked nothing: rows
# stored before this migration read back as they were.
_POST_CONTEXT = (
    "ALTER TABLE posts ADD COLUMN context TEXT",
    "ALTER TABLE post_versions ADD COLUMN context TEXT",
)

# Why a post was not read (too long for the pipeline, or the pipeline failed on it), NULL for a post that was
# read: a skipped post is not pending again until its text or the pipeline version changes.
_READING_SKIPPED = ("ALTER TABLE readings ADD COLUMN skipped TEXT",)

# What reading knows, carried so pages neither read nor cut sentences again (``store/carried.py``): a reading's
# sentences (JSON, NULL for a reading saved before this migration: ``anecdata read`` fills them in once); a thread
# title's mentions, for the title they were found in; an abstract's mentions, dropped when the abstract changes.
_CARRIED = (
    "ALTER TABLE readings ADD COLUMN sentences TEXT",
    "CREATE TABLE title_mentions (thread_id TEXT PRIMARY KEY, title TEXT NOT NULL, version TEXT NOT NULL, "
    "mentions TEXT NOT NULL)",
    "CREATE TABLE abstract_mentions (pmid TEXT PRIMARY KEY, version TEXT NOT NULL, mentions TEXT NOT NULL)",
)

# A thread's records as thread logic derived them (``store/carried.py``): its experiences and questions as
# ``anecdata/2`` JSON, with the version of the code that derived them and the basis they were derived from (a
# digest of the thread's posts and readings); another version or basis, or a thread on the stale list, reads as
# none. A store written before this migration has none: ``anecdata read`` derives them once.
_THREAD_RECORDS = (
    "CREATE TABLE thread_records (thread_id TEXT PRIMARY KEY, version TEXT NOT NULL, basis TEXT NOT NULL, "
    "records TEXT NOT NULL)",
)

# Which reader claimed which pending post, and when (seconds since 1970 by the database's clock, so readers on
# several machines compare one clock): a post claimed by another reader less than ``CLAIM_EXPIRY_SECONDS``
# (``store/sql.py``) ago is not pending for this one. A reader deletes its claims in the transaction that saves
# the readings. Only running readers hold claims: a store without the table had none.
_READ_CLAIMS = (
    "CREATE TABLE read_claims (post_id TEXT PRIMARY KEY, reader TEXT NOT NULL, claimed_at {real} NOT NULL)",
    "CREATE INDEX read_claims_reader ON read_claims (reader)",
)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "threads, posts with versions, readings, annotations, full-text search",
        {
            "sqlite": tuple(s.format(serial="INTEGER PRIMARY KEY") for s in _COMMON) + _SQLITE_FTS,
            "postgresql": tuple(s.format(serial="BIGSERIAL PRIMARY KEY") for s in _COMMON) + _POSTGRES_FTS,
        },
    ),
    Migration(
        2,
        "new posts enter the SQLite full-text index in bulk, once per batch, not by a trigger per row",
        {"sqlite": ("DROP TRIGGER posts_fts_insert",), "postgresql": ()},
    ),
    Migration(
        3,
        "the evidence corpus: abstracts keyed by PMID with their study design and CEBM level, full-text search",
        {"sqlite": _ABSTRACTS_SQLITE, "postgresql": _ABSTRACTS_POSTGRES},
    ),
    Migration(
        4,
        "the experience index: people's conditions, treatments with outcomes, causes, durations; claims, questions",
        {
            "sqlite": tuple(s.format(real="REAL") for s in _EXPERIENCE_INDEX),
            "postgresql": tuple(s.format(real="DOUBLE PRECISION") for s in _EXPERIENCE_INDEX),
        },
    ),
    Migration(
        5,
        "abstract vectors: one row per abstract and embedding model, dropped when the abstract changes",
        {
            "sqlite": (_VECTORS.format(blob="BLOB"),),
            "postgresql": (_VECTORS.format(blob="BYTEA"),),
        },
    ),
    Migration(
        6,
        "post contexts: the reader's title, quote and closing extents and the post's status, as JSON",
        {"sqlite": _POST_CONTEXT, "postgresql": _POST_CONTEXT},
    ),
    Migration(
        7,
        "skipped readings: why a post was not read (longer than the pipeline reads, or the pipeline failed on it)",
        {"sqlite": _READING_SKIPPED, "postgresql": _READING_SKIPPED},
    ),
    Migration(
        8,
        "carried readings: a reading's sentences with their statement labels, thread titles' and abstracts' mentions",
        {"sqlite": _CARRIED, "postgresql": _CARRIED},
    ),
    Migration(
        9,
        "thread records: a thread's experiences and questions as thread logic derived them, with what from",
        {"sqlite": _THREAD_RECORDS, "postgresql": _THREAD_RECORDS},
    ),
    Migration(
        10,
        "read claims: which reader is reading which post since when, so several readers read distinct posts",
        {
            "sqlite": tuple(s.format(real="REAL") for s in _READ_CLAIMS),
            "postgresql": tuple(s.format(real="DOUBLE PRECISION") for s in _READ_CLAIMS),
        },
    ),
)
SCHEMA_VERSION = MIGRATIONS[-1].version
MIGRATIONS_TABLE = "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)"
