"""Opening the local SQLite database: engine, pragmas, migrations, reference data.

One engine per process. Every connection gets WAL, foreign keys, a busy timeout and
``synchronous=FULL``: every edit writes the outbox in the same transaction as the record, so each
commit touches the sync tables, which docs/SYNC.md wants durable (FULL costs one fsync per commit,
nothing a person typing can notice).

pysqlite's own transaction handling is switched off (SQLAlchemy's documented recipe) so that
SQLAlchemy emits BEGIN itself: reads use a deferred BEGIN, writes ``BEGIN IMMEDIATE`` (take the
write lock up front, so two writers wait on ``busy_timeout`` instead of failing with
"database is locked" half way through).
"""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from storage import vocabulary as voc
from storage.text import FRENCH_COLLATION, french_compare

BUSY_TIMEOUT_MS = 10_000
#: Execution option of a connection whose transaction takes the write lock up front.
IMMEDIATE = "ars_tui_begin_immediate"

#: SQLite primary result codes that mean the storage itself failed: the file, the disk, the
#: permissions; not a bug of ours nor a refused value (constraints keep their own exceptions).
STORAGE_FAILURES: dict[int, str] = {
    3: "SQLITE_PERM",
    8: "SQLITE_READONLY",
    10: "SQLITE_IOERR",
    11: "SQLITE_CORRUPT",
    13: "SQLITE_FULL",
    14: "SQLITE_CANTOPEN",
    26: "SQLITE_NOTADB",
}
#: SQLite's own words for the same failures, for an error that carries no result code (one
#: raised by a driver that does not set it, or by hand): the same French reason as the code.
SQLITE_MESSAGES: dict[str, str] = {
    "database or disk is full": "SQLITE_FULL",
    "disk I/O error": "SQLITE_IOERR",
    "attempt to write a readonly database": "SQLITE_READONLY",
    "database disk image is malformed": "SQLITE_CORRUPT",
    "file is not a database": "SQLITE_NOTADB",
    "unable to open database file": "SQLITE_CANTOPEN",
    "database is locked": "SQLITE_BUSY",
}


class StorageError(SQLAlchemyError):
    """The database could not be read or written: disk full, read-only, damaged or not a database.

    ``str(error)`` is French text for the user (the reason only, never the SQL or its values: a
    record's name must not reach a log); ``kind`` is SQLite's or the system's name for it
    (``SQLITE_FULL``, ``ENOSPC``...). It is an :class:`~sqlalchemy.exc.SQLAlchemyError`, so code
    that already catches those (the CLI, the app's opening worker) reports it as it is.
    The transaction it interrupted was rolled back: nothing of it was written.
    """

    def __init__(self, reason: str, kind: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.kind = kind


def describe_error(error: BaseException) -> tuple[str, str]:
    """``(French reason, code name)`` for a SQLite or system error (or one SQLAlchemy wraps)."""
    if isinstance(error, StorageError):
        return error.reason, error.kind
    if isinstance(error, OSError) and error.errno is not None:
        name = errno.errorcode.get(error.errno, str(error.errno))
        return voc.OS_REASONS.get(name, voc.OS_REASON_OTHER.format(code=name)), name
    orig = getattr(error, "orig", None) or error
    code = getattr(orig, "sqlite_errorcode", None)
    known = SQLITE_MESSAGES.get(str(orig).strip()) if isinstance(orig, sqlite3.Error) else None
    if code is None and known is not None:
        return voc.DB_REASONS[known], known
    if code is None:
        return voc.DB_REASON_OTHER.format(code=type(orig).__name__), type(orig).__name__
    name = STORAGE_FAILURES.get(code & 0xFF) or getattr(orig, "sqlite_errorname", str(code))
    return voc.DB_REASONS.get(name, voc.DB_REASON_OTHER.format(code=name)), name


def is_storage_failure(error: BaseException) -> bool:
    """True for SQLite errors that :func:`storage_errors` turns into :class:`StorageError`."""
    code = getattr(getattr(error, "orig", None), "sqlite_errorcode", None)
    return isinstance(error, DBAPIError) and code is not None and code & 0xFF in STORAGE_FAILURES


@contextmanager
def storage_errors() -> Iterator[None]:
    """Turn the storage's own failures raised in the block into a French :class:`StorageError`.

    ``from None``: SQLAlchemy's message quotes the statement and its parameters (personal data);
    the chain would print them in a traceback.
    """
    try:
        yield
    except DBAPIError as error:
        if not is_storage_failure(error):
            raise
        reason, code = describe_error(error)
        raise StorageError(reason, code) from None


#: A database holds people's names, RPPS and phones: readable by its owner only. SQLite gives its
#: -wal and -shm files the mode of the database file, so they are 0600 too.
FILE_MODE = 0o600
FOLDER_MODE = 0o700


def prepare_private_file(path: Path) -> None:
    """Make the folders missing on the way to ``path`` (0700) and the empty file itself (0600).

    Only what we create: an existing folder or file keeps its mode (the person chose it). An
    empty file is a valid empty SQLite database; creating it here, with its mode from the start,
    leaves no moment in which it is readable by others (SQLite would make it 0644 by the umask).
    """
    missing = [folder for folder in path.parents if not folder.exists()]
    for folder in reversed(missing):  # outermost first
        try:
            folder.mkdir(mode=FOLDER_MODE)
        except FileExistsError:  # made meanwhile by another process
            continue
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return
    os.close(descriptor)


def make_engine(path: Path) -> Engine:
    """An engine on the SQLite file ``path`` (the file need not exist yet)."""
    return make_sqlite_engine(f"sqlite:///{path}", device=True)


def make_sqlite_engine(url: str, *, device: bool) -> Engine:
    """An engine on the SQLite ``url``, set up as every SQLite file of the project is.

    WAL, a busy timeout, ``synchronous=FULL``, and SQLAlchemy emitting ``BEGIN`` itself so that
    :func:`write_transaction` takes the write lock up front (``BEGIN IMMEDIATE``). A ``device``
    database also checks its foreign keys and sorts in French order; the central endpoint's
    generic tables have neither foreign keys nor French lists.
    """
    engine = create_engine(
        url,
        # Workers use connections from other threads; each connection is used by one at a time.
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        # An error's text (a traceback, a log) never shows the values of a record: names,
        # RPPS, phones are personal data.
        hide_parameters=True,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        if device:
            cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()
        if device:
            # ORDER BY ... COLLATE FR: French order, accents and case aside (lists, pickers).
            dbapi_connection.create_collation(FRENCH_COLLATION, french_compare)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get(IMMEDIATE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A connection in a write transaction: committed on success, rolled back on any error.

    A full disk, a read-only or damaged file raises :class:`StorageError` (after the rollback).
    """
    with storage_errors(), engine.connect() as connection:
        connection.execution_options(**{IMMEDIATE: True})
        with connection.begin():
            yield connection


@contextmanager
def read_connection(engine: Engine) -> Iterator[Connection]:
    """A connection for reading (one consistent snapshot until the block ends)."""
    with storage_errors(), engine.connect() as connection, connection.begin():
        yield connection


@dataclass(frozen=True)
class Database:
    """An opened, migrated local database with its reference data."""

    path: Path
    engine: Engine

    def dispose(self) -> None:
        self.engine.dispose()


#: local_setting key of the reference data's version (storage.reference.load.VERSION_SETTING).
REFERENCE_VERSION_SETTING = "reference_version"


def _reference_data_current(connection: Connection) -> bool:
    """Whether the database holds the packaged reference data's version.

    The same check as :func:`storage.reference.load.ensure_reference_data` makes first, done here
    so that opening an up-to-date database does not import storage.reference.load, which imports
    SQLModel and every table (about 0.2 s of a no-op ``ars-tui sync``).
    """
    from importlib.resources import files

    version_file = files("storage.reference").joinpath("data", "VERSION")
    packaged = version_file.read_text(encoding="ascii").strip()
    stored = connection.exec_driver_sql(
        "SELECT value FROM local_setting WHERE key = ?", (REFERENCE_VERSION_SETTING,)
    ).scalar()
    return bool(stored == packaged)


def open_database(path: Path | str) -> Database:
    """Open (creating and migrating if needed) the database at ``path``.

    A new file gets the whole schema and the packaged reference data in one transaction, so an
    interrupted first open leaves nothing half made.
    """
    from storage.migrations import upgrade_to_head

    path = Path(path).expanduser()
    try:
        prepare_private_file(path)
    except OSError as error:  # a read-only disk, a file where a folder should be...
        raise StorageError(*describe_error(error)) from None
    engine = make_engine(path)
    try:
        with write_transaction(engine) as connection:
            upgrade_to_head(connection)
            if not _reference_data_current(connection):
                from storage.reference.load import ensure_reference_data

                ensure_reference_data(connection)
            # A write that changes no row, to learn now that the file is read-only (SQLite opens
            # such a file for reading without a word) rather than at the first save.
            connection.exec_driver_sql("DELETE FROM alembic_version WHERE 0")
    except BaseException:
        engine.dispose()  # no connection left open on a file the caller may now remove
        raise
    return Database(path=path, engine=engine)


def sqlite_datetime(moment: datetime) -> str:
    """A timezone-aware datetime as the models' UTC datetime columns store it in SQLite."""
    if moment.tzinfo is not UTC:
        moment = moment.astimezone(UTC)
    # isoformat is strftime's text, several times faster (an import stamps every row); the
    # "+00:00" it ends with is cut rather than made by a copy without the timezone.
    return moment.isoformat(" ", "microseconds")[:-6]
