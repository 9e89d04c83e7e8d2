"""The shared store: feedback, conversation history and rate-limit counters, in one database.

One factory, :func:`open_store`, picks the database from ``settings.store_url`` (``BOLIG_STORE_URL``):

- unset: a SQLite file, ``store.sqlite3`` in ``settings.data_dir``. Enough for one machine, any
  number of Streamlit sessions (threads) and processes on it.
- ``postgresql+psycopg://user:password@host/db``: PostgreSQL, for several replicas behind a load
  balancer, so that every replica sees the same feedback, history and limits.

Both run through one code path (SQLAlchemy Core). What each needs to be safe with many writers:

- SQLite: WAL (readers never block the writer), a busy timeout (a writer waits for the lock
  instead of failing), and every write transaction starts with BEGIN IMMEDIATE, which takes the
  write lock up front, so two writers never deadlock upgrading a read lock and a read-then-write
  (a rate-limit check) is atomic across processes.
- PostgreSQL: read-then-write sequences lock their row first (see web.ratelimit), and the
  schema is created under an advisory lock, because CREATE TABLE IF NOT EXISTS races there.

Use ``with store.write() as connection:`` for one transaction that writes, and
``with store.read() as connection:`` for reads. The domain functions live in web.feedback,
web.history and web.ratelimit.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock
from sqlalchemy import (
    Column, Connection, Engine, Float, Index, Integer, MetaData, String, Table, Text, create_engine, event, text,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from settings import Settings

log = logging.getLogger(__name__)

STORE_FILE = "store.sqlite3"
LEGACY_FEEDBACK_FILE = "feedback.sqlite3"  # the feedback database before the shared store
BUSY_TIMEOUT_S = 30.0
# Any constant works; it only has to be the same for every process that creates the schema.
SCHEMA_LOCK_ID = 7_302_114
PURGE_EVERY_S = 3600.0
# What callers catch when the store fails (a full disk, a lost connection, a folder that is a file).
StoreError = (SQLAlchemyError, OSError)

metadata = MetaData()

feedback_table = Table(
    "feedback", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("turn_id", String(64), nullable=False, unique=True),
    Column("session_id", String(64), nullable=False),
    Column("created_at", String(40), nullable=False),  # ISO 8601, UTC: what the staff table and CSV show
    Column("updated_at", String(40), nullable=False),
    Column("rating", String(8), nullable=False),
    Column("comment", Text, nullable=False, server_default=""),
    Column("question", Text, nullable=False),
    Column("answer", Text, nullable=False),
    Column("refused", Integer, nullable=False),
    Column("language", String(8), nullable=False),
    Column("citations", Text, nullable=False),
    Column("backend", Text, nullable=False),
    Column("retrieval_query", Text),
)

conversations_table = Table(
    "conversations", metadata,
    Column("id", String(64), primary_key=True),
    Column("title", Text, nullable=False),  # the first question
    Column("started_at", Float, nullable=False),  # Unix seconds: compared, never shown raw
    Column("updated_at", Float, nullable=False),
    Index("conversations_updated", "updated_at"),
)

turns_table = Table(
    "turns", metadata,
    Column("id", String(64), primary_key=True),
    Column("conversation_id", String(64), nullable=False),
    Column("asked_at", Float, nullable=False),
    Column("question", Text, nullable=False),
    Column("answer", Text),  # null when the turn ended in a message instead (error_kind)
    Column("refused", Integer, nullable=False, server_default="0"),
    Column("language", String(8)),
    Column("citations", Text, nullable=False, server_default="[]"),  # JSON list of qa.types.Citation fields
    Column("backend", Text, nullable=False, server_default="{}"),
    Column("notice", Text),
    Column("retrieval_query", Text),
    Column("error", Text),
    Column("error_kind", String(16)),
    Index("turns_conversation", "conversation_id", "asked_at"),
)

# One row per (kind, key): the row a rate-limit transaction locks first, and the login back-off state.
limit_keys_table = Table(
    "limit_keys", metadata,
    Column("kind", String(32), primary_key=True),
    Column("key", String(128), primary_key=True),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_at", Float, nullable=False, server_default="0"),
    Column("touched_at", Float, nullable=False),
)

# One row per counted event, for sliding windows.
limit_events_table = Table(
    "limit_events", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(32), nullable=False),
    Column("key", String(128), nullable=False),
    Column("at", Float, nullable=False),
    Index("limit_events_key", "kind", "key", "at"),
)


def store_url(settings: Settings) -> str:
    """The SQLAlchemy URL the settings name; a bare postgresql:// means the psycopg 3 driver we ship."""
    if settings.store_url is None or not settings.store_url.get_secret_value().strip():
        return f"sqlite:///{Path(settings.data_dir).resolve() / STORE_FILE}"
    url = settings.store_url.get_secret_value().strip()
    for bare in ("postgresql://", "postgres://"):
        if url.startswith(bare):
            return "postgresql+psycopg://" + url[len(bare):]
    return url


class Store:
    """One database. Cheap to create: the engine (a connection pool) is shared per URL in the process,
    and the schema is created on first use, so a broken location fails when used, not when named."""

    def __init__(self, url: str, *, history_retention_days: int = 30) -> None:
        self.url = url
        self.history_retention_days = history_retention_days
        parsed = make_url(url)
        self.dialect = parsed.get_backend_name()
        if self.dialect not in ("sqlite", "postgresql"):
            raise ValueError(f"unsupported store database: {self.dialect} (use sqlite or postgresql)")
        self.path = Path(parsed.database) if self.dialect == "sqlite" and parsed.database else None

    @classmethod
    def sqlite(cls, data_dir: Path, **options: int) -> "Store":
        """The default store: a SQLite file in ``data_dir``."""
        return cls(f"sqlite:///{Path(data_dir).resolve() / STORE_FILE}", **options)

    @property
    def engine(self) -> Engine:
        return _engine(self.url)

    def insert(self, table: Table) -> postgresql.Insert | sqlite.Insert:
        """An INSERT that supports ON CONFLICT (on_conflict_do_update / _do_nothing) on either database."""
        return (postgresql.insert if self.dialect == "postgresql" else sqlite.insert)(table)

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One transaction that writes: committed when the block ends, rolled back on an exception."""
        _ensure_schema(self)
        with self.engine.begin() as connection:
            yield connection

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A transaction for reading (on SQLite a deferred one, so it does not wait for writers)."""
        _ensure_schema(self)
        with self.engine.connect().execution_options(store_read_only=True) as connection, connection.begin():
            yield connection


def open_store(settings: Settings) -> Store:
    """The one factory: the store the settings name. At most once an hour per process, expired
    history and stale rate-limit rows are deleted (so retention holds without a separate cron job)."""
    store = Store(store_url(settings), history_retention_days=settings.history_retention_days)
    now = time.time()
    with _LOCK:
        due = now - _PURGED.get(store.url, float("-inf")) >= PURGE_EVERY_S
        if due:
            _PURGED[store.url] = now
    if due:
        # Imported here, not at the top: both modules import this one.
        from web.history import purge_expired
        from web.ratelimit import purge_stale

        try:
            purge_expired(store, now)
            purge_stale(store, now)
        except StoreError as error:  # the page still works; the next purge is due in an hour
            log.error("could not purge the store: %s: %s", type(error).__name__, error)
    return store


# --- engines and schema (once per process and URL) ---------------------------------------------

_ENGINES: dict[str, Engine] = {}
_READY: set[str] = set()
_PURGED: dict[str, float] = {}  # URL -> when this process last purged it
_LOCK = threading.Lock()


def _engine(url: str) -> Engine:
    with _LOCK:
        if url not in _ENGINES:
            _ENGINES[url] = _create_engine(url)
        return _ENGINES[url]


def _create_engine(url: str) -> Engine:
    if make_url(url).get_backend_name() != "sqlite":
        # pre_ping: a replica whose connection the database dropped reconnects instead of failing once.
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        # isolation_level=None stops pysqlite from issuing its own BEGIN, so ours below is the one used.
        dbapi_connection.isolation_level = None
        dbapi_connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        read_only = connection.get_execution_options().get("store_read_only", False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


def _import_legacy_feedback(path: Path) -> None:
    """Copy the feedback of the SQLite file used before the shared store (feedback.sqlite3 beside it),
    so that moving to the store loses no rating. Runs once: when the store file is created."""
    legacy = path.with_name(LEGACY_FEEDBACK_FILE)
    if not legacy.exists():
        return
    columns = ", ".join(column.name for column in feedback_table.columns if column.name != "id")
    raw = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)  # ATTACH needs no open transaction
    try:
        raw.execute("ATTACH DATABASE ? AS legacy", (str(legacy),))
        copied = raw.execute(f"INSERT OR IGNORE INTO feedback ({columns}) SELECT {columns} FROM legacy.feedback").rowcount
        log.info("copied %d feedback rows from %s into the store", copied, legacy)
    except sqlite3.Error as error:  # an unreadable old file must not stop the store from opening
        log.error("old feedback in %s not copied: %s", legacy, error)
    finally:
        raw.close()


def _ensure_schema(store: Store) -> None:
    if store.url in _READY and (store.path is None or store.path.exists()):
        return
    if store.path is not None:
        store.path.parent.mkdir(parents=True, exist_ok=True)
        # Switching a new database to WAL needs it to itself, and SQLite answers "database is locked"
        # at once (no busy wait) when another process opened it meanwhile: set up one at a time.
        with FileLock(f"{store.path}.lock", timeout=BUSY_TIMEOUT_S):
            fresh = not store.path.exists()
            raw = sqlite3.connect(store.path, timeout=BUSY_TIMEOUT_S)  # outside any transaction, as WAL needs
            try:
                raw.execute("PRAGMA journal_mode = WAL")  # persistent: stored in the database file
            finally:
                raw.close()
            with store.engine.begin() as connection:
                metadata.create_all(connection)
            if fresh:
                _import_legacy_feedback(store.path)
    else:
        with store.engine.begin() as connection:
            if store.dialect == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": SCHEMA_LOCK_ID})
            metadata.create_all(connection)
    _READY.add(store.url)
