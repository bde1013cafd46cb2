"""The device's side of sync, in the database: outbox states, shadow + overlay, cursor, log.

docs/SYNC.md, "On the device". Three things live side by side:

- the **outbox** (``outbox_op``): every local edit, in local order (``seq``), moving
  pending -> inflight -> acked / conflict / rejected, only ever on an explicit server result or
  the user's explicit choice;
- the **shadow** (``sync_shadow``): the last state the server sent for each record with an op of
  this device on it, written by :func:`apply_pull_page` with the pull **cursor** (``local_setting``
  ``sync_cursor``) in the same transaction; a record without an op shows the pulled state itself,
  copied into the shadow by the edit that gives it its first op
  (:mod:`storage.records.server_state`);
- the **visible** record tables (what the screens read), always recomputed as
  *shadow + the device's ops not yet superseded*, in local op order. An op is superseded once
  it is acked and the shadow holds a server state at least as new as the op's ``server_seq``
  (checked per record, which is stricter than comparing with the cursor: a record changed again
  further on the server keeps the op until its newer state arrives). Conflicted and rejected ops
  leave the overlay: the record shows the server's state, and the ops wait in the Conflits /
  À corriger lists.

Ops that follow a conflicted or rejected op on the same record are *held* (not sent) until the
user deals with it, as the server itself would answer ``blocked``.

Nothing here imports an HTTP library: the client (``ars_tui.sync``) hands wire dicts in and out.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Connection,
    DateTime,
    Engine,
    Table,
    insert,
)
from sqlalchemy import column as sql_column
from sqlalchemy import table as sql_table

from storage.db import write_transaction

if TYPE_CHECKING:
    pass


#: local_setting key of the pull cursor (the server seq of the last row pulled).
CURSOR_SETTING = "sync_cursor"


#: local_setting key of the end of the last successful round (ISO text, UTC).
LAST_SYNC_SETTING = "sync_last_success"


PENDING, INFLIGHT, ACKED = "pending", "inflight", "acked"


CONFLICT, REJECTED = "conflict", "rejected"


#: States of ops that still have to reach the server.
TO_SEND = (PENDING, INFLIGHT)


#: States that take the op out of the overlay and hold the record's later ops.
OPEN_PROBLEMS = (CONFLICT, REJECTED)


#: Key (not a field name) under which _drop_superseded lists the versions of the own ops.
_OWN_VERSIONS = " own versions"


#: Largest number of SQL parameters per IN (...) list.
_CHUNK = 500


class _ModelTable:
    """The table of a ``storage.models`` class, imported on first use.

    storage.models (SQLModel and every table, about 0.2 s) is not imported with this module: an
    ``ars-tui sync`` with nothing to do reads and writes only the few rows below through plain
    SQL. SQLAlchemy takes this stand-in wherever a table goes (``__clause_element__``), and
    ``.c`` and the rest come from the real table.
    """

    #: Read by SQLAlchemy's coercion before it calls ``__clause_element__`` (not forwarded).
    is_clause_element = False

    def __init__(self, model: str) -> None:
        self._model = model

    @property
    def table(self) -> Table:
        return _model_tables()[self._model]

    def __clause_element__(self) -> Table:
        return self.table

    def __getattr__(self, name: str) -> Any:
        return getattr(self.table, name)


@cache
def _model_tables() -> dict[str, Table]:
    from storage import models

    names = (
        "OutboxOp",
        "SyncShadow",
        "SyncResyncPending",
        "SyncLogEntry",
        "HistoryEntry",
        "SyncQuarantine",
    )
    return {name: getattr(models, name).__table__ for name in names}


@cache
def _synced_types() -> Mapping[str, Any]:
    """storage.models.SYNCED_TYPES (imported on first use, see :class:`_ModelTable`)."""
    from storage.models import SYNCED_TYPES

    return SYNCED_TYPES


#: storage.models.HISTORY_ENTITY, spelled here so that a no-op round need not import the models
#: (a test checks that both agree).
HISTORY_ENTITY = "record_change"


_OUTBOX: Table = _ModelTable("OutboxOp")  # type: ignore[assignment]


_SHADOW: Table = _ModelTable("SyncShadow")  # type: ignore[assignment]


_RESYNC: Table = _ModelTable("SyncResyncPending")  # type: ignore[assignment]


_LOG: Table = _ModelTable("SyncLogEntry")  # type: ignore[assignment]


_HISTORY: Table = _ModelTable("HistoryEntry")  # type: ignore[assignment]


_QUARANTINE: Table = _ModelTable("SyncQuarantine")  # type: ignore[assignment]


def utc_now() -> datetime:
    return datetime.now(UTC)


# --- Values: wire form <-> column values -------------------------------------------------------


def _table(entity: str) -> Table:
    try:
        return _synced_types()[entity].__table__  # type: ignore[attr-defined,no-any-return]
    except KeyError:
        raise ValueError(f"unknown record type: {entity!r}") from None


@cache
def _defaults(entity: str) -> dict[str, Any]:
    """Each user column's scalar default (None when it has none): fills a field the wire lacks."""
    defaults: dict[str, Any] = {}
    for column in _table(entity).columns:
        default = column.default
        defaults[column.name] = default.arg if default is not None and default.is_scalar else None
    return defaults


# --- Pull: shadow rows, then the overlay --------------------------------------------------------


def _json_or_none(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


# --- Cursor, status, log --------------------------------------------------------------------------


#: The columns of ``sync_log`` a line is written with (every round writes one: see _ModelTable);
#: ``at`` as DateTime, the type of SyncLogEntry.at, so that it is stored the same way.
_LOG_LINE = sql_table(
    "sync_log", sql_column("at", DateTime()), sql_column("kind"), sql_column("summary")
)


def write_log(connection: Connection, kind: str, summary: str) -> None:
    """One line of the sync log (French, never personal data), inside the caller's transaction."""
    connection.execute(insert(_LOG_LINE).values(at=utc_now(), kind=kind, summary=summary))


def log(engine: Engine, kind: str, summary: str) -> None:
    with write_transaction(engine) as connection:
        write_log(connection, kind, summary)


# --- Conflicts and ops to fix --------------------------------------------------------------------


MINE, THEIRS = "mine", "theirs"
