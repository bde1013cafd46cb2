"""The visible records as *shadow + the device's ops not yet superseded*: recomputing them,
writing shadows, and setting aside a pulled record this device cannot store (quarantine).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Connection,
    bindparam,
    delete,
    select,
    update,
)
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError, OperationalError, StatementError

from storage import vocabulary as voc
from storage.sync import sqlite_rows
from storage.sync import state as sync_state
from storage.sync.state import (
    _OUTBOX,
    _OWN_VERSIONS,
    _QUARANTINE,
    _SHADOW,
    ACKED,
    INFLIGHT,
    PENDING,
    _chunks,
    _defaults,
    _table,
)
from storage.text import SEARCH_KEY_SOURCES, search_key
from storage.wire import _decoders, _to_datetime

if TYPE_CHECKING:
    pass


# --- Pull: shadow rows, then the overlay --------------------------------------------------------


def _is_row_fault(error: BaseException) -> bool:
    """Whether applying a row failed because of the row (quarantine it) or of the database."""
    if isinstance(error, IntegrityError):
        return True
    if isinstance(error, OperationalError):
        return False  # locked, disk full, read-only: the round fails and is retried
    if isinstance(error, StatementError):
        return not hasattr(error, "orig") or not isinstance(error.orig, OSError)
    return isinstance(error, ValueError | TypeError | KeyError | AttributeError | OverflowError)


def quarantine_reason(error: BaseException) -> str:
    """Why a row could not be stored, in French, naming fields, never a value."""
    if isinstance(error, IntegrityError):
        message = str(error.orig) if error.orig is not None else ""
        kind, _, columns = message.partition(" constraint failed: ")
        names = [part.strip().rpartition(".")[2] for part in columns.split(",") if part.strip()]
        labels = ", ".join(voc.field_label(name) for name in names) or "?"
        if kind == "NOT NULL":
            return voc.SYNC_QUARANTINE_REQUIRED.format(fields=labels)
        if kind == "UNIQUE":
            return voc.SYNC_QUARANTINE_UNIQUE.format(fields=labels)
        return voc.SYNC_QUARANTINE_CONSTRAINT
    return voc.SYNC_QUARANTINE_UNREADABLE


def _quarantine(
    connection: Connection, entity: str, row: Mapping[str, Any], error: BaseException
) -> None:
    record_id = row.get("id")
    if not isinstance(record_id, str):
        return  # nothing to name it by: the server never sends such a row
    values = {
        "entity": entity,
        "entity_id": record_id[:36],
        "server_seq": int(row.get("server_seq") or 0),
        "row": json.dumps(dict(row), ensure_ascii=False, default=str),
        "reason": quarantine_reason(error),
        "at": sync_state.utc_now(),
    }
    statement = sqlite_insert(_QUARANTINE)
    connection.execute(
        statement.on_conflict_do_update(
            index_elements=["entity", "entity_id"],
            set_={name: statement.excluded[name] for name in ("server_seq", "row", "reason", "at")},
        ),
        [values],
    )


def _release_quarantine(
    connection: Connection, entity: str, rows: Sequence[Mapping[str, Any]]
) -> None:
    """A newer state of a quarantined record was stored: its old one is no longer waiting."""
    connection.execute(
        delete(_QUARANTINE).where(
            _QUARANTINE.c.entity == entity,
            _QUARANTINE.c.entity_id == bindparam("b_id"),
            _QUARANTINE.c.server_seq < bindparam("b_seq"),
        ),
        [{"b_id": row["id"], "b_seq": row["server_seq"]} for row in rows],
    )


def _drop_superseded(
    connection: Connection, entity: str, rows: Sequence[Mapping[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Delete the acked ops each pulled state includes; return, per record, the fields they set."""
    seq_of = {row["id"]: row["server_seq"] for row in rows}
    own: dict[str, dict[str, Any]] = defaultdict(dict)
    doomed: list[str] = []
    for chunk in _chunks(list(seq_of)):
        for op in connection.execute(
            select(
                _OUTBOX.c.op_id,
                _OUTBOX.c.entity_id,
                _OUTBOX.c.server_seq,
                _OUTBOX.c.fields,
                _OUTBOX.c.result,
            )
            .where(
                _OUTBOX.c.entity == entity,
                _OUTBOX.c.entity_id.in_(chunk),
                _OUTBOX.c.state == ACKED,
            )
            .order_by(_OUTBOX.c.seq)
        ):
            if op.server_seq is not None and op.server_seq <= seq_of[op.entity_id]:
                doomed.append(op.op_id)
                own[op.entity_id].update(json.loads(op.fields))
                if op.result:
                    own[op.entity_id][_OWN_VERSIONS] = {
                        *own[op.entity_id].get(_OWN_VERSIONS, ()),
                        json.loads(op.result).get("version"),
                    }
    for chunk in _chunks(doomed):
        connection.execute(delete(_OUTBOX).where(_OUTBOX.c.op_id.in_(chunk)))
    return own


def _shadows(connection: Connection, entity: str, ids: Iterable[str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for chunk in _chunks(list(ids)):
        for row in connection.execute(
            select(_SHADOW).where(_SHADOW.c.entity == entity, _SHADOW.c.entity_id.in_(chunk))
        ):
            found[row.entity_id] = row
    return found


def _recompute(connection: Connection, entity: str, ids: set[str]) -> None:
    """Rewrite the visible rows ``ids`` of ``entity`` as shadow + overlay ops, in local order.

    A record with neither a server state nor an op left (a create the server rejected) is
    tombstoned rather than removed: other records may point at it, and its op waits in
    À corriger with the values.
    """
    if not ids:
        return
    table = _table(entity)
    decoders = _decoders(entity)
    defaults = _defaults(entity)
    shadows = _shadows(connection, entity, ids)
    ops: dict[str, list[Any]] = defaultdict(list)
    for chunk in _chunks(list(ids)):
        for op in connection.execute(
            select(_OUTBOX)
            .where(
                _OUTBOX.c.entity == entity,
                _OUTBOX.c.entity_id.in_(chunk),
                _OUTBOX.c.state.in_((PENDING, INFLIGHT, ACKED)),
            )
            .order_by(_OUTBOX.c.seq)
        ):
            ops[op.entity_id].append(op)
    rows: list[dict[str, Any]] = []
    orphans: list[str] = []
    sources = SEARCH_KEY_SOURCES.get(entity)
    for record_id in ids:
        shadow = shadows.get(record_id)
        record: dict[str, Any] | None = None
        if shadow is not None:
            record = dict(defaults)
            record.update(json.loads(shadow.data))
            record.update(
                id=record_id,
                ars_code=shadow.ars_code,
                version=shadow.version,
                updated_at=shadow.updated_at,
                updated_by=shadow.updated_by,
                deleted=bool(shadow.deleted),
            )
        for op in ops.get(record_id, ()):
            if op.state == ACKED and shadow is not None and op.server_seq <= shadow.server_seq:
                continue  # the server state already includes it
            if record is None:
                if op.kind != "create":
                    continue  # an edit of a record whose state has not arrived: nothing to show
                record = dict(defaults)
                record.update(id=record_id, ars_code=op.ars_code, version=0, deleted=False)
            record.update(json.loads(op.fields))
            if op.kind == "delete":
                record["deleted"] = True
            elif op.kind == "restore":
                record["deleted"] = False
            record["updated_at"] = op.client_time
            record["updated_by"] = op.user
            if op.state == ACKED and op.result:
                version = json.loads(op.result).get("version")
                if version is not None and version > record["version"]:
                    record["version"] = version
        if record is None:
            orphans.append(record_id)
            continue
        values = {name: decoders[name](record.get(name)) for name in decoders}
        if sources is not None:
            values["search_key"] = search_key(*(values.get(name) for name in sources))
        rows.append(values)
    if rows:
        statement = _visible_upsert(entity)
        try:
            with connection.begin_nested():
                connection.execute(statement, rows)
        except Exception as error:
            if not _is_row_fault(error):
                raise
            _upsert_one_by_one(connection, entity, statement, rows, shadows)
    for chunk in _chunks(orphans):
        connection.execute(update(table).where(table.c.id.in_(chunk)).values(deleted=True))


@cache
def _visible_upsert(entity: str) -> Any:
    """The upsert of ``entity``'s visible rows, built once: a new statement per page cost more
    than the rows it wrote (a new ``excluded`` alias per column, and no compiled-cache hit)."""
    table = _table(entity)
    statement = sqlite_insert(table)
    excluded = statement.excluded
    return statement.on_conflict_do_update(
        index_elements=["id"],
        set_={name: excluded[name] for name in _decoders(entity) if name != "id"},
    )


def _upsert_one_by_one(
    connection: Connection,
    entity: str,
    statement: Any,
    rows: Sequence[Mapping[str, Any]],
    shadows: Mapping[str, Any],
) -> None:
    """The rows again, each in its own savepoint: one that breaks a local rule is left as the
    device had it and its server state goes to the quarantine (the others are written)."""
    for values in rows:
        try:
            with connection.begin_nested():
                connection.execute(statement, [values])
        except Exception as error:
            if not _is_row_fault(error):
                raise
            shadow = shadows.get(values["id"])
            if shadow is not None:
                _quarantine(connection, entity, _shadow_as_row(entity, shadow), error)


def _shadow_as_row(entity: str, shadow: Any) -> dict[str, Any]:
    """A shadow row in the wire form of a pulled Row (what the quarantine keeps)."""
    return {
        "entity": entity,
        "id": shadow.entity_id,
        "ars_code": shadow.ars_code,
        "version": shadow.version,
        "server_seq": shadow.server_seq,
        "deleted": bool(shadow.deleted),
        "fields": json.loads(shadow.data),
        "updated_at": (_to_datetime(shadow.updated_at) or sync_state.utc_now()).isoformat(),
        "updated_by": shadow.updated_by,
    }


# --- Quarantined pulled records ------------------------------------------------------------------


def _write_shadows(connection: Connection, entity: str, rows: Sequence[Mapping[str, Any]]) -> None:
    """Each row's server state replaces its shadow row."""
    sqlite_rows.write_shadows(connection, entity, rows)
