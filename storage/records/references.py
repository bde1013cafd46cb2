"""Where a record's rules look up what it points at: :class:`References`.

:func:`storage.records.validation.validate_record` and the rules of
:mod:`storage.records.record_rules` read other records and the reference data only through this
protocol, so the device (its tables, :class:`SqlReferences`) and the central server (its stored
records and the packaged reference data, ``ars_tui.central.op_checks``) run the very same rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy import Connection
from sqlmodel import SQLModel


class References(Protocol):
    """Where :func:`validate_record` looks up what a record points at.

    The device answers from its tables (:class:`SqlReferences`); the central server, which has
    no reference tables and stores records generically, answers from the packaged reference
    data and its own records (``ars_tui.central.service``). One set of rules, two lookups.
    """

    def record_deleted(self, entity: str, record_id: Any) -> bool | None:
        """None when the synced record is unknown, else whether it is a tombstone."""
        ...

    def reference_exists(self, table: str, key: Any) -> bool:
        """Whether reference data (commune, epci, ars...) has this key."""
        ...

    def reference_keys(self, table: str) -> list[str]:
        """Every key of a small reference table (the ARS codes, for a message)."""
        ...

    def reference_row(self, table: str, key: Any) -> Mapping[str, Any] | None:
        """A row of reference data (a commune's EPCI and population, an EPCI's name), or None."""
        ...

    def record_fields(self, entity: str, record_id: Any) -> Mapping[str, Any] | None:
        """A synced record's fields with its ``ars_code`` and ``deleted``, None when unknown."""
        ...

    def records_where(self, entity: str, field: str, value: Any) -> list[Mapping[str, Any]]:
        """The live records of ``entity`` whose ``field`` is ``value``, each with its ``id``."""
        ...


class SqlReferences:
    """:class:`References` read from the device's tables through ``connection``."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def _key(self, table: str) -> sa.Column[Any]:
        target = SQLModel.metadata.tables[table]
        return next(iter(target.primary_key.columns))

    def record_deleted(self, entity: str, record_id: Any) -> bool | None:
        target = SQLModel.metadata.tables[entity]
        deleted = self.connection.execute(
            sa.select(target.c.deleted).where(self._key(entity) == record_id)
        ).scalar_one_or_none()
        return None if deleted is None else bool(deleted)

    def reference_exists(self, table: str, key: Any) -> bool:
        key_column = self._key(table)
        return (
            self.connection.execute(sa.select(key_column).where(key_column == key)).first()
            is not None
        )

    def reference_keys(self, table: str) -> list[str]:
        key_column = self._key(table)
        return list(self.connection.execute(sa.select(key_column).order_by(key_column)).scalars())

    def reference_row(self, table: str, key: Any) -> Mapping[str, Any] | None:
        target = SQLModel.metadata.tables[table]
        row = self.connection.execute(sa.select(target).where(self._key(table) == key)).first()
        return None if row is None else row._mapping

    def record_fields(self, entity: str, record_id: Any) -> Mapping[str, Any] | None:
        return self.reference_row(entity, record_id)

    def records_where(self, entity: str, field: str, value: Any) -> list[Mapping[str, Any]]:
        target = SQLModel.metadata.tables[entity]
        rows = self.connection.execute(
            sa.select(target).where(target.c[field] == value, target.c.deleted.is_(False))
        )
        return [row._mapping for row in rows]


def as_references(source: Connection | References) -> References:
    return SqlReferences(source) if isinstance(source, Connection) else source
