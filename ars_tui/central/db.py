"""The central endpoint's tables and engine: one code for a SQLite file and for PostgreSQL.

The server keeps its own metadata (:data:`METADATA`), apart from the device's SQLModel tables:
it stores every record generically (entity, id, region, version, server seq, tombstone, the
fields as JSON text) instead of one table per record type, so a new field on the device needs no
server migration, and the server never runs the device's validation against reference tables it
does not have.

Tables:

- ``central_record``: the latest state of each record (tombstones included);
- ``applied_op``: one row per applied op, ``op_id`` as primary key, written in the same
  transaction as the change: the idempotency key (a constraint, not a pre-check); with it, the
  ``record_change`` (history) the op brings, which a pull merges with ``central_record``'s
  rows (:mod:`ars_tui.central.history_rows`);
- ``seq_counter``: one row per sequence group, ``last_seq`` the last server seq handed out, and
  ``purged_seq`` the newest seq of a purged tombstone (a pull from before it gets 410);
- ``device_token``: device tokens, stored as SHA-256 hashes.

Server seq: each write transaction locks its group's counter row first (``SELECT ... FOR UPDATE``
on PostgreSQL; SQLite takes the database write lock with ``BEGIN IMMEDIATE``), so seqs are
handed out and committed in the same order and a pull never skips a seq that commits later (a
plain sequence would: two transactions can commit out of order).

Sequence groups: a token of La Réunion or Mayotte also reads the records of the former ARS Océan
Indien (``OI``), and a pull has one cursor, so REU, MAY and OI share one counter (group ``OI``);
every other ARS has its own. Mayotte's pulls then see gaps in the seqs (REU's changes), which a
cursor does not mind.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, Engine, create_engine
from sqlalchemy.engine import make_url

from ars_tui.protocol import scope_for
from storage.db import IMMEDIATE, make_sqlite_engine, prepare_private_file

METADATA = sa.MetaData()

central_record = sa.Table(
    "central_record",
    METADATA,
    sa.Column("entity", sa.String(40), primary_key=True),
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("ars_code", sa.String(3), nullable=False),
    sa.Column("seq_group", sa.String(3), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("server_seq", sa.BigInteger, nullable=False),
    sa.Column("deleted", sa.Boolean, nullable=False, default=False),
    #: The record's fields (every column but the sync metadata), JSON text.
    sa.Column("data", sa.Text, nullable=False),
    #: Server time of the last applied change (also the tombstone's age).
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_by", sa.String(120), nullable=False),
    sa.UniqueConstraint("seq_group", "server_seq", name="uq_central_record_seq"),
)

applied_op = sa.Table(
    "applied_op",
    METADATA,
    sa.Column("op_id", sa.String(36), primary_key=True),
    sa.Column("entity", sa.String(40), nullable=False),
    sa.Column("entity_id", sa.String(36), nullable=False),
    sa.Column("ars_code", sa.String(3), nullable=False),
    sa.Column("device_id", sa.Integer, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("server_seq", sa.BigInteger, nullable=False),
    sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
    #: The ``record_change`` this edit brings, kept with its op (see
    #: :mod:`ars_tui.central.history_rows`): its sequence group and seq (NULL when the op brings
    #: none), its fields (JSON text, as ``central_record.data``) and its author.
    sa.Column("change_group", sa.String(3), nullable=True),
    sa.Column("change_seq", sa.BigInteger, nullable=True),
    sa.Column("change", sa.Text, nullable=True),
    sa.Column("change_by", sa.String(120), nullable=True),
    #: A pull reads a group's history records in seq order, as central_record's rows.
    sa.Index("ix_applied_op_change", "change_group", "change_seq"),
)
_CHANGE_INDEX = next(index for index in applied_op.indexes if index.name == "ix_applied_op_change")

#: The columns init_schema adds to an applied_op made before they existed (all NULL there: the
#: history records of those ops are rows of central_record).
_APPLIED_CHANGE_COLUMNS = ("change_group", "change_seq", "change", "change_by")

#: One row per natural key (storage.records.record_rules.NATURAL_KEYS): which record holds it. The
#: primary key makes two records with one key impossible, as the device's unique constraints do.
central_natural_key = sa.Table(
    "central_natural_key",
    METADATA,
    sa.Column("entity", sa.String(40), primary_key=True),
    sa.Column("key_a", sa.String(60), primary_key=True),
    sa.Column("key_b", sa.String(60), primary_key=True),
    sa.Column("id", sa.String(36), nullable=False),
)

seq_counter = sa.Table(
    "seq_counter",
    METADATA,
    sa.Column("seq_group", sa.String(3), primary_key=True),
    sa.Column("last_seq", sa.BigInteger, nullable=False, default=0),
    sa.Column("purged_seq", sa.BigInteger, nullable=False, default=0),
)

device_token = sa.Table(
    "device_token",
    METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(120), nullable=False, index=True),
    sa.Column("ars_code", sa.String(3), nullable=False),
    #: SHA-256 of the token, hex: the token itself is never stored.
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True),
)


def seq_group(ars_code: str) -> str:
    """The counter a region's records take their server seq from (see the module docstring)."""
    if ars_code == "OI" or "OI" in scope_for(ars_code):
        return "OI"
    return ars_code


def as_utc(moment: datetime) -> datetime:
    """A stored datetime as aware UTC (SQLite gives them back naive)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def normalize_url(url: str) -> str:
    """``postgres://`` and ``postgresql://`` use psycopg 3 (the driver installed); a plain file
    path (no ``://``), as people type it after ``--db`` everywhere else, is a SQLite file."""
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().absolute()}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def make_central_engine(url: str) -> Engine:
    """An engine on ``url``: ``sqlite:///FILE`` (folder made if missing) or PostgreSQL."""
    url = normalize_url(url)
    parsed = make_url(url)
    # hide_parameters: an error's text (tracebacks, logs) never shows the values of a record.
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, hide_parameters=True)
    if parsed.database and parsed.database != ":memory:":
        # Device tokens' hashes and every region's records: 0600 in a 0700 folder if we make them.
        prepare_private_file(Path(parsed.database).expanduser())
    return make_sqlite_engine(url, device=False)


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A write transaction: committed on success, rolled back on any error."""
    with engine.connect() as connection:
        if is_sqlite(engine):
            connection.execution_options(**{IMMEDIATE: True})
        with connection.begin():
            yield connection


@contextmanager
def read_connection(engine: Engine) -> Iterator[Connection]:
    """A connection for reading, in one transaction."""
    with engine.connect() as connection, connection.begin():
        yield connection


def init_schema(engine: Engine) -> None:
    """Create the tables that are missing and one counter row per sequence group.

    The counter rows exist before any push so that a push only ever locks and updates a row,
    never races another push to insert it.
    """
    from storage.reference.load import packaged_ars

    new_keys = not sa.inspect(engine).has_table("central_natural_key")
    _add_change_columns(engine)
    METADATA.create_all(engine)
    if new_keys:
        _fill_natural_keys(engine)
    groups = sorted({seq_group(info.code) for info in packaged_ars()})
    with write_transaction(engine) as connection:
        present = set(connection.execute(sa.select(seq_counter.c.seq_group)).scalars())
        missing = [
            {"seq_group": group, "last_seq": 0, "purged_seq": 0}
            for group in groups
            if group not in present
        ]
        if missing:
            # Another server process starting at once may insert them first: theirs stand.
            insert = _insert_new(connection)(seq_counter).on_conflict_do_nothing()
            connection.execute(insert, missing)


def _insert_new(connection: Connection) -> Any:
    """The dialect's INSERT that can skip a row whose key is taken (ON CONFLICT DO NOTHING)."""
    if connection.dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:
        from sqlalchemy.dialects.postgresql import insert
    return insert


def _add_change_columns(engine: Engine) -> None:
    """Give an applied_op of an older server its history columns and their index (create_all
    makes missing tables, never missing columns).

    Looked at again inside the write transaction, and IF NOT EXISTS where the database has it:
    several server processes may start at once on the same older base."""
    if not sa.inspect(engine).has_table(applied_op.name):
        return
    with write_transaction(engine) as connection:
        present = {column["name"] for column in sa.inspect(connection).get_columns("applied_op")}
        missing = [name for name in _APPLIED_CHANGE_COLUMNS if name not in present]
        if not missing:
            return
        maybe = "" if is_sqlite(engine) else "IF NOT EXISTS "  # SQLite: under its write lock
        for name in missing:
            kind = applied_op.c[name].type.compile(dialect=connection.dialect)
            connection.exec_driver_sql(f"ALTER TABLE applied_op ADD COLUMN {maybe}{name} {kind}")
        names = ", ".join(column.name for column in _CHANGE_INDEX.columns)
        connection.exec_driver_sql(
            f"CREATE INDEX IF NOT EXISTS {_CHANGE_INDEX.name} ON applied_op ({names})"
        )


def _fill_natural_keys(engine: Engine) -> None:
    """The natural keys of records stored before the table existed (the oldest record wins)."""
    import json

    from storage.records.record_rules import NATURAL_KEYS, natural_key

    with write_transaction(engine) as connection:
        rows = connection.execute(
            sa.select(central_record.c.entity, central_record.c.id, central_record.c.data)
            .where(central_record.c.entity.in_(sorted(NATURAL_KEYS)))
            .order_by(central_record.c.server_seq)
        )
        keys: dict[tuple[str, str, str], str] = {}
        for row in rows:
            key = natural_key(row.entity, json.loads(row.data))
            if key is not None:
                keys.setdefault((row.entity, *key), row.id)
        if keys:
            connection.execute(
                sa.insert(central_natural_key),
                [
                    {"entity": e, "key_a": a, "key_b": b, "id": record_id}
                    for (e, a, b), record_id in keys.items()
                ],
            )
