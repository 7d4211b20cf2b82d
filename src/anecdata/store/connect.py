"""Opening a store from a ``--db`` URL: ``sqlite:///path.db`` (the default kind) or ``postgresql://…``.

Every failure to open is a :class:`StoreError` of one line that names the URL (its password hidden).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from anecdata.errors import StoreError
from anecdata.store.dialect import POSTGRES, SQLITE
from anecdata.store.sql import SqlStore

SQLITE_PREFIX = "sqlite:///"
POSTGRES_SCHEMES = ("postgresql", "postgres")
URL_HELP = "use sqlite:///path/to/file.db or postgresql://user@host:port/dbname"
SQLITE_CACHE_KIB = 128 * 1024
"""Page cache per connection: post ids are hashes, so index inserts land anywhere in the index; a cache that
holds the hot pages keeps ingest fast as the store grows (SQLite's default is 2 MiB), within the memory budget."""
SQLITE_WAL_CHECKPOINT_PAGES = 20000
"""Pages the write-ahead log may hold before SQLite copies them into the database (about 80 MB; the default is
1,000). Index pages that change in one batch change again in the next, so fewer, larger checkpoints write each
page fewer times: ingest of 300k comments went from 15.6k to 18.5k comments/s. The log is a file, not memory."""


def redacted(url: str) -> str:
    """``url`` with any password replaced by ``***``, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))


def _open_sqlite(url: str, option: str, create: bool) -> SqlStore:
    path = url[len(SQLITE_PREFIX) :]
    if not path:
        raise StoreError(f"{option} {url!r} names no file; {URL_HELP}")
    if path != ":memory:":
        folder = Path(path).parent
        if not folder.is_dir():
            raise StoreError(f"{option} {url!r}: folder {str(folder)!r} does not exist")
        if not create and not Path(path).is_file():
            raise StoreError(f"{option} {url!r}: no such database file")
    try:
        connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        connection.execute("PRAGMA busy_timeout = 10000")
        connection.execute("PRAGMA journal_mode = WAL")
        # WAL with synchronous=NORMAL survives a killed process; only a power cut may lose the last commits.
        connection.execute("PRAGMA synchronous = NORMAL")
        connection.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        connection.execute(f"PRAGMA wal_autocheckpoint = {SQLITE_WAL_CHECKPOINT_PAGES}")
    except sqlite3.Error as e:
        raise StoreError(f"cannot open {option} {url!r}: {e}") from e
    return SqlStore.open(connection, SQLITE, url, sqlite3.Error)


def _open_postgres(url: str, option: str) -> SqlStore:
    try:
        import psycopg
    except ImportError as e:
        raise StoreError("PostgreSQL needs the psycopg package: pip install 'psycopg[binary]'") from e
    try:
        connection = psycopg.connect(url, autocommit=True, connect_timeout=10)
    except psycopg.Error as e:
        reason = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise StoreError(f"cannot connect to {option} {redacted(url)!r}: {reason}") from e
    return SqlStore.open(connection, POSTGRES, redacted(url), psycopg.Error)


def open_store(url: str, create: bool = True, option: str = "--db") -> SqlStore:
    """The store at ``url``, its schema migrated to this version of anecdata.

    Args:
        url: ``sqlite:///path.db`` or ``postgresql://...``.
        create: whether a missing SQLite file is created; a command that only reads a store (``analyze
            --evidence-db``) passes False, so a mistyped path is an error instead of a new, empty store.
        option: the command-line option that gave the URL, for messages.

    Raises:
        StoreError: an unsupported or malformed URL, a missing folder, an unreachable server, a file that is
            not a database, or a database written by a newer anecdata.
    """
    if url.startswith(SQLITE_PREFIX):
        return _open_sqlite(url, option, create)
    if urlsplit(url).scheme in POSTGRES_SCHEMES:
        return _open_postgres(url, option)
    raise StoreError(f"unsupported {option} {redacted(url)!r}: {URL_HELP}")
