"""Pieces the migration scripts build their DDL from: the columns every synced record starts
with, one-column foreign keys, the ``ix_<table>_<column>`` indexes Alembic names, and a synced
record's whole table (made and dropped with its indexes).

It lives beside ``versions/``, not in it: Alembic loads every ``.py`` there as a revision.
A released migration must produce the same DDL forever, so these are frozen: a new need gets a
new helper, never a change to one of these (tests/test_migrations.py compares the schema the
migrations build with the models).
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime


def record_columns() -> list[sa.Column]:
    """``id``, ``ars_code``, ``version``, ``updated_at``, ``updated_by``, ``deleted``: the sync
    columns every record table starts with (``storage.models``' record base)."""
    return [
        sa.Column("id", AutoString(length=36), nullable=False),
        sa.Column("ars_code", AutoString(length=3), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("updated_by", AutoString(length=120), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
    ]


def foreign_key(column: str, target: str) -> sa.ForeignKeyConstraint:
    """``column`` references ``target`` (``"table.column"``)."""
    return sa.ForeignKeyConstraint([column], [target])


def create_indexes(table: str, *columns: str, unique: Iterable[str] = ()) -> None:
    """One index ``ix_<table>_<column>`` per column, in this order (unique for ``unique``)."""
    unique = set(unique)
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.create_index(
                batch_op.f(f"ix_{table}_{column}"), [column], unique=column in unique
            )


def drop_indexes(table: str, *columns: str) -> None:
    """Drop the indexes ``ix_<table>_<column>``, in this order."""
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.drop_index(batch_op.f(f"ix_{table}_{column}"))


def create_record_table(
    table: str,
    *columns: sa.Column,
    references: Iterable[tuple[str, str]] = (),
    unique: Iterable[tuple[str, ...]] = (),
    indexes: Iterable[str] = (),
) -> None:
    """A synced record's table: :func:`record_columns` then ``columns``; its foreign keys, the
    ARS's first, then ``references`` (column, ``"table.column"``); ``id`` as primary key, then
    ``unique`` constraints; then its indexes, the ARS's first, then ``indexes`` in this order."""
    op.create_table(
        table,
        *record_columns(),
        *columns,
        foreign_key("ars_code", "ars.code"),
        *(foreign_key(column, target) for column, target in references),
        sa.PrimaryKeyConstraint("id"),
        *(sa.UniqueConstraint(*names) for names in unique),
    )
    create_indexes(table, "ars_code", *indexes)


def drop_record_table(table: str, *indexes: str) -> None:
    """Undo :func:`create_record_table` (``indexes`` as given there): its indexes, the last made
    first, then the table."""
    drop_indexes(table, *reversed(indexes), "ars_code")
    op.drop_table(table)
