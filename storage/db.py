"""Opening the local SQLite database: engine, pragmas, migrations, reference data.

One engine per process. Every connection gets WAL, foreign keys, a busy timeout and
``synchronous=FULL``: every edit writes the outbox in the same transaction as the record, so each
commit touches the sync tables, which SYNC.md wants durable (FULL costs one fsync per commit,
nothing a person typing can notice).

pysqlite's own transaction handling is switched off (SQLAlchemy's documented recipe) so that
SQLAlchemy emits BEGIN itself: reads use a deferred BEGIN, writes ``BEGIN IMMEDIATE`` (take the
write lock up front, so two writers wait on ``busy_timeout`` instead of failing with
"database is locked" half way through).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event

BUSY_TIMEOUT_MS = 10_000
_IMMEDIATE = "ars_tui_begin_immediate"


def make_engine(path: Path) -> Engine:
    """An engine on the SQLite file ``path`` (the file need not exist yet)."""
    engine = create_engine(
        f"sqlite:///{path}",
        # Workers use connections from other threads; each connection is used by one at a time.
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get(_IMMEDIATE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A connection in a write transaction: committed on success, rolled back on any error."""
    with engine.connect() as connection:
        connection.execution_options(**{_IMMEDIATE: True})
        with connection.begin():
            yield connection


@contextmanager
def read_connection(engine: Engine) -> Iterator[Connection]:
    """A connection for reading (one consistent snapshot until the block ends)."""
    with engine.connect() as connection, connection.begin():
        yield connection


@dataclass(frozen=True)
class Database:
    """An opened, migrated local database with its reference data."""

    path: Path
    engine: Engine

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(path: Path | str) -> Database:
    """Open (creating and migrating if needed) the database at ``path``.

    A new file gets the whole schema and the packaged reference data in one transaction, so an
    interrupted first open leaves nothing half made.
    """
    from storage.migrations import upgrade_to_head
    from storage.reference import ensure_reference_data

    path = Path(path).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(path)
    with write_transaction(engine) as connection:
        upgrade_to_head(connection)
        ensure_reference_data(connection)
    return Database(path=path, engine=engine)
