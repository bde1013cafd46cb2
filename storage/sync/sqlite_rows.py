"""Pulled rows written as SQLite stores them, by plain ``executemany`` of tuples.

A pull page is thousands of rows: SQLAlchemy's per-row work (each row's parameters built
again, each type's bind processor called) cost more than SQLite's own writing. Here each
column's conversion is chosen once per record type, and a row becomes the tuple of what the
models' types would have stored (text for dates and datetimes, 0/1 for booleans: a test
compares both). The rules of the overlay stay in :mod:`storage.sync.overlay`; this module only
takes the common case of a page, a record with no op of this device left on it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import Boolean, Connection, Date, DateTime

from storage.db import sqlite_datetime
from storage.records.server_state import SHADOW_UPSERT, fields_text
from storage.sync.state import ACKED, INFLIGHT, PENDING, _defaults, _table
from storage.text import SEARCH_KEY_SOURCES, search_key
from storage.wire import _to_date, _to_datetime

# --- values as SQLite stores them through the models' types -------------------------------------


def _sqlite_datetime(value: Any) -> str | None:
    """A wire datetime as a UTC datetime column stores it in SQLite (naive ISO text, µs)."""
    if type(value) is str:
        return _sqlite_stamp(value)
    return _utc_text(value)


@lru_cache(maxsize=1024)
def _sqlite_stamp(value: str) -> str | None:
    # The rows of a page share few stamps (a push stamps all its changes at once), and each
    # is converted twice (shadow and visible row).
    return _utc_text(value)


def _utc_text(value: Any) -> str | None:
    moment = _to_datetime(value)
    return None if moment is None else sqlite_datetime(moment)


def _sqlite_naive_datetime(value: Any) -> str | None:
    """A wire datetime as a plain DateTime column stores it (its clock time, zone dropped)."""
    moment = _to_datetime(value)
    return None if moment is None else moment.isoformat(" ", "microseconds")[:26]


def _sqlite_date(value: Any) -> str | None:
    day = _to_date(value)
    return None if day is None else date.isoformat(day)


def _sqlite_bool(value: Any) -> int | None:
    return None if value is None else int(bool(value))


def _converter(column: Any) -> Callable[[Any], Any] | None:
    """How a wire value of ``column`` becomes what SQLite holds; None: as it is."""
    kind = getattr(column.type, "impl_instance", column.type)
    if isinstance(kind, DateTime):
        return _sqlite_datetime if kind is not column.type else _sqlite_naive_datetime
    if isinstance(kind, Date):
        return _sqlite_date
    if isinstance(kind, Boolean):
        return _sqlite_bool
    return None  # text and numbers: the models' types bind them unchanged


# --- shadow rows ----------------------------------------------------------------------------------


def _fields(row: Mapping[str, Any]) -> dict[str, Any]:
    fields = row.get("fields") or {}
    # Not a JSON object: fails here as dumps_fields did (the row is a row fault).
    return fields if type(fields) is dict else dict(fields.items())


def write_shadows(connection: Connection, entity: str, rows: Sequence[Mapping[str, Any]]) -> None:
    """Each row's server state replaces its shadow row."""
    connection.exec_driver_sql(
        SHADOW_UPSERT,
        [
            (
                entity,
                row["id"],
                row["ars_code"],
                row["version"],
                row["server_seq"],
                int(bool(row["deleted"])),
                fields_text(_fields(row)),
                _sqlite_datetime(row["updated_at"]),
                row.get("updated_by") or "",
            )
            for row in rows
        ],
    )


# --- ops of this device on the pulled records ---------------------------------------------------

_OPS_ON = (
    "SELECT op_id, entity_id, state, server_seq FROM outbox_op"
    " WHERE entity = ? AND entity_id IN (SELECT value FROM json_each(?))"
)


def drop_superseded(
    connection: Connection, entity: str, rows: Sequence[Mapping[str, Any]]
) -> tuple[set[str], set[str]]:
    """Delete the acked ops each pulled state includes (as overlay._drop_superseded); return the
    ids of the records that still have an op of this device laid on their server state, and of
    those that still have one in any state (a conflicted or rejected one too: the Conflits /
    À corriger lists read their shadow)."""
    seq_of = {row["id"]: row["server_seq"] for row in rows}
    found = connection.exec_driver_sql(_OPS_ON, (entity, json.dumps(list(seq_of)))).all()
    doomed: list[tuple[str]] = []
    overlaid: set[str] = set()
    with_ops: set[str] = set()
    for op_id, entity_id, state, server_seq in found:
        if state == ACKED and server_seq is not None and server_seq <= seq_of[entity_id]:
            doomed.append((op_id,))
            continue
        with_ops.add(entity_id)
        if state in _LAID_ON:
            overlaid.add(entity_id)
    if doomed:
        connection.exec_driver_sql("DELETE FROM outbox_op WHERE op_id = ?", doomed)
    return overlaid, with_ops


#: The states of the ops laid on a record's server state (conflicted and rejected ones wait).
_LAID_ON = frozenset({PENDING, INFLIGHT, ACKED})


# --- visible rows of records without ops --------------------------------------------------------


@dataclass(frozen=True)
class _Visible:
    """What writing the visible rows of one record type needs, worked out once."""

    upsert: str
    names: tuple[str, ...]
    defaults: dict[str, Any]
    #: (index, conversion) of the columns whose values SQLite stores in another form.
    converted: tuple[tuple[int, Callable[[Any], Any]], ...]
    #: Indexes of the search key's source columns (text columns: not converted), and of the
    #: key; None: the type has no search key.
    search_sources: tuple[int, ...] | None
    search_at: int


@cache
def _visible(entity: str) -> _Visible:
    columns = list(_table(entity).columns)
    names = tuple(column.name for column in columns)
    quoted = [f'"{name}"' for name in names]
    updates = ", ".join(f"{name} = excluded.{name}" for name in quoted if name != '"id"')
    upsert = (
        f'INSERT INTO "{_table(entity).name}" ({", ".join(quoted)})'
        f" VALUES ({', '.join('?' for _ in names)}) ON CONFLICT (id) DO UPDATE SET {updates}"
    )
    converted = tuple(
        (index, convert)
        for index, column in enumerate(columns)
        if (convert := _converter(column)) is not None
    )
    sources = SEARCH_KEY_SOURCES.get(entity)
    return _Visible(
        upsert=upsert,
        names=names,
        defaults=_defaults(entity),
        converted=converted,
        search_sources=None if sources is None else tuple(map(names.index, sources)),
        search_at=names.index("search_key") if sources is not None else -1,
    )


def visible_rows(entity: str, rows: Sequence[Mapping[str, Any]]) -> list[tuple[Any, ...]]:
    """The visible rows of records whose state is the pulled one (no op of the device on them):
    the values overlay._recompute makes of the shadow alone, in SQLite's form."""
    spec = _visible(entity)
    names, defaults, converted = spec.names, spec.defaults, spec.converted
    sources, search_at = spec.search_sources, spec.search_at
    values: list[tuple[Any, ...]] = []
    for row in rows:
        record = {**defaults, **_fields(row)}
        # The sync metadata is the server's, whatever the fields say.
        record.update(
            id=row["id"],
            ars_code=row["ars_code"],
            version=row["version"],
            updated_at=row["updated_at"],
            updated_by=row.get("updated_by") or "",
            deleted=bool(row["deleted"]),
        )
        value = [*map(record.__getitem__, names)]
        for index, convert in converted:
            if value[index] is not None:
                value[index] = convert(value[index])
        if sources is not None:
            value[search_at] = search_key(*(value[index] for index in sources))
        values.append(tuple(value))
    return values


def write_visible(connection: Connection, entity: str, rows: Sequence[Mapping[str, Any]]) -> None:
    """Upsert the visible rows of ``rows`` (records with no op of this device left on them)."""
    connection.exec_driver_sql(_visible(entity).upsert, visible_rows(entity, rows))
