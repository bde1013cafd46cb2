"""The device's side of sync, in the database: outbox states, shadow + overlay, cursor, log.

SYNC.md, "On the device". Three things live side by side:

- the **outbox** (``outbox_op``): every local edit, in local order (``seq``), moving
  pending -> inflight -> acked / conflict / rejected, only ever on an explicit server result or
  the user's explicit choice;
- the **shadow** (``sync_shadow``): the last state the server sent for each record, written only
  by :func:`apply_pull_page`, with the pull **cursor** (``local_setting`` ``sync_cursor``) in the
  same transaction;
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
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Connection,
    DateTime,
    Engine,
    Table,
    bindparam,
    delete,
    insert,
    select,
    text,
    update,
)
from sqlalchemy import column as sql_column
from sqlalchemy import table as sql_table
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError, OperationalError, StatementError

from storage import vocabulary as voc
from storage.db import read_connection, write_transaction
from storage.ids import new_id
from storage.settings import get_setting, set_setting
from storage.text import SEARCH_KEY_SOURCES, search_key
from storage.wire import dumps_fields

if TYPE_CHECKING:
    from storage.store import Store

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
def _decoders(entity: str) -> dict[str, Callable[[Any], Any]]:
    """Per column of ``entity``: turn a wire value (JSON, dates as ISO text) into a column value."""
    decoders: dict[str, Callable[[Any], Any]] = {}
    for column in _table(entity).columns:
        try:
            python_type = column.type.python_type
        except NotImplementedError:
            python_type = object
        if python_type is object and hasattr(column.type, "impl_instance"):
            python_type = column.type.impl_instance.python_type  # UTCDateTime says object
        if python_type is datetime:
            decoders[column.name] = _to_datetime
        elif python_type is date:
            decoders[column.name] = _to_date
        elif python_type is bool:
            decoders[column.name] = _to_bool
        else:
            decoders[column.name] = _same
    return decoders


def _same(value: Any) -> Any:
    return value


def _to_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _to_datetime(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    moment = datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _to_bool(value: Any) -> bool | None:
    return None if value is None else bool(value)


def decode_fields(entity: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """Wire values of ``entity`` as column values (unknown names are dropped)."""
    decoders = _decoders(entity)
    return {name: decoders[name](value) for name, value in values.items() if name in decoders}


@cache
def _defaults(entity: str) -> dict[str, Any]:
    """Each user column's scalar default (None when it has none): fills a field the wire lacks."""
    defaults: dict[str, Any] = {}
    for column in _table(entity).columns:
        default = column.default
        defaults[column.name] = default.arg if default is not None and default.is_scalar else None
    return defaults


# --- The outbox, as the client sends it ----------------------------------------------------------


@dataclass(frozen=True)
class PendingOp:
    """One outbox op to push, with ``fields``/``base`` already as wire objects."""

    op_id: str
    seq: int
    entity: str
    entity_id: str
    kind: str
    fields: dict[str, Any]
    base: dict[str, Any]
    base_version: int
    ars_code: str
    client_time: datetime
    user: str

    def to_wire(self) -> dict[str, Any]:
        """The op as protocol.md's ``Op`` object."""
        moment = self.client_time
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return {
            "op_id": self.op_id,
            "entity": self.entity,
            "entity_id": self.entity_id,
            "kind": self.kind,
            "fields": self.fields,
            "base": self.base,
            "base_version": self.base_version,
            "ars_code": self.ars_code,
            "client_time": moment.isoformat(),
            "user": self.user,
        }


def pending_ops(engine: Engine, limit: int, *, after_seq: int = 0) -> list[PendingOp]:
    """The next ``limit`` ops to send, in local order, from ``seq`` > ``after_seq``.

    ``inflight`` ops are included: the lock lets one round run at a time, so an op still
    inflight when a round starts belongs to a round that died (lost response, crash) and is sent
    again with its same ``op_id``; the server answers ``duplicate`` if it had it. Ops behind a
    conflicted or rejected op of the same record are held back.
    """
    query = text(
        "SELECT op_id, seq, entity, entity_id, kind, fields, base, base_version, ars_code,"
        " client_time, user FROM outbox_op AS o"
        " WHERE o.state IN ('pending', 'inflight') AND o.seq > :after"
        " AND NOT EXISTS (SELECT 1 FROM outbox_op AS c WHERE c.entity_id = o.entity_id"
        " AND c.entity = o.entity AND c.state IN ('conflict', 'rejected') AND c.seq < o.seq)"
        " ORDER BY o.seq LIMIT :limit"
    )
    with read_connection(engine) as connection:
        rows = connection.execute(query, {"after": after_seq, "limit": limit}).all()
    return [
        PendingOp(
            op_id=row.op_id,
            seq=row.seq,
            entity=row.entity,
            entity_id=row.entity_id,
            kind=row.kind,
            fields=json.loads(row.fields),
            base=json.loads(row.base),
            base_version=row.base_version,
            ars_code=row.ars_code,
            client_time=_to_datetime(row.client_time) or utc_now(),
            user=row.user,
        )
        for row in rows
    ]


def mark_inflight(engine: Engine, op_ids: Sequence[str]) -> None:
    """The ops are about to be sent (a later edit of the same record writes a new op anyway)."""
    if not op_ids:
        return
    with write_transaction(engine) as connection:
        connection.execute(
            update(_OUTBOX)
            .where(_OUTBOX.c.op_id == bindparam("b_op_id"), _OUTBOX.c.state == PENDING)
            .values(state=INFLIGHT),
            [{"b_op_id": op_id} for op_id in op_ids],
        )


@dataclass
class PushOutcome:
    """What the server said about one batch."""

    applied: int = 0
    conflicts: int = 0
    rejected: int = 0
    blocked: int = 0


def apply_push_results(
    engine: Engine, results: Sequence[Mapping[str, Any]], *, now: datetime | None = None
) -> PushOutcome:
    """Record the server's answer for each op of a batch, in one transaction.

    ``results`` are protocol.md ``Result`` dicts. applied/duplicate -> acked with the server seq
    (and the visible row learns its new version, so the next edit's ``base_version`` is right);
    conflict/rejected -> the op leaves the overlay and its record is recomputed; blocked -> the
    op goes back to pending (it is held until the op before it is dealt with). Only ops still
    pending or inflight move: a result never resurrects an op the user has since discarded.
    """
    outcome = PushOutcome()
    now = now or utc_now()
    acked: list[dict[str, Any]] = []
    versions: dict[str, list[dict[str, Any]]] = defaultdict(list)
    problems: list[dict[str, Any]] = []
    blocked: list[dict[str, Any]] = []
    with write_transaction(engine) as connection:
        op_rows = _ops_by_id(connection, [result["op_id"] for result in results])
        for result in results:
            op = op_rows.get(result["op_id"])
            if op is None or op.state not in TO_SEND:
                continue
            status = result["status"]
            if status in ("applied", "duplicate"):
                outcome.applied += 1
                version = result.get("version")
                acked.append(
                    {
                        "b_op_id": op.op_id,
                        "b_seq": result.get("server_seq"),
                        "b_result": json.dumps({"status": status, "version": version}),
                    }
                )
                if version is not None:
                    versions[op.entity].append({"b_id": op.entity_id, "b_version": version})
            elif status in (CONFLICT, REJECTED):
                if status == CONFLICT:
                    outcome.conflicts += 1
                else:
                    outcome.rejected += 1
                problems.append(
                    {
                        "b_op_id": op.op_id,
                        "b_state": status,
                        "b_result": json.dumps(
                            {
                                "status": status,
                                "conflicts": result.get("conflicts"),
                                "reason": result.get("reason"),
                                "at": now.isoformat(),
                            },
                            ensure_ascii=False,
                        ),
                        "entity": op.entity,
                        "entity_id": op.entity_id,
                    }
                )
            else:  # blocked: back in the queue, held behind the op that failed
                outcome.blocked += 1
                blocked.append({"b_op_id": op.op_id})
        if acked:
            connection.execute(
                update(_OUTBOX)
                .where(_OUTBOX.c.op_id == bindparam("b_op_id"))
                .values(state=ACKED, server_seq=bindparam("b_seq"), result=bindparam("b_result")),
                acked,
            )
        for entity, rows in versions.items():
            table = _table(entity)
            connection.execute(
                update(table)
                .where(table.c.id == bindparam("b_id"), table.c.version < bindparam("b_version"))
                .values(version=bindparam("b_version")),
                rows,
            )
        if problems:
            connection.execute(
                update(_OUTBOX)
                .where(_OUTBOX.c.op_id == bindparam("b_op_id"))
                .values(state=bindparam("b_state"), result=bindparam("b_result")),
                [{key: row[key] for key in ("b_op_id", "b_state", "b_result")} for row in problems],
            )
        if blocked:
            connection.execute(
                update(_OUTBOX)
                .where(_OUTBOX.c.op_id == bindparam("b_op_id"))
                .values(state=PENDING),
                blocked,
            )
        # A duplicate of an op whose record was already pulled further is superseded at once.
        connection.execute(
            text(
                "DELETE FROM outbox_op WHERE state = 'acked' AND EXISTS (SELECT 1 FROM sync_shadow"
                " AS s WHERE s.entity = outbox_op.entity AND s.entity_id = outbox_op.entity_id"
                " AND s.server_seq >= outbox_op.server_seq)"
            )
        )
        touched: dict[str, set[str]] = defaultdict(set)
        for row in problems:
            touched[row["entity"]].add(row["entity_id"])
        for entity, ids in touched.items():
            _recompute(connection, entity, ids)
        if outcome.conflicts:
            write_log(
                connection, "conflict", voc.SYNC_LOG_CONFLICTS.format(count=outcome.conflicts)
            )
        if outcome.rejected:
            write_log(connection, "rejected", voc.SYNC_LOG_REJECTED.format(count=outcome.rejected))
    return outcome


def _ops_by_id(connection: Connection, op_ids: Sequence[str]) -> dict[str, Any]:
    rows: dict[str, Any] = {}
    for chunk in _chunks(op_ids):
        for row in connection.execute(
            select(_OUTBOX.c.op_id, _OUTBOX.c.entity, _OUTBOX.c.entity_id, _OUTBOX.c.state).where(
                _OUTBOX.c.op_id.in_(chunk)
            )
        ):
            rows[row.op_id] = row
    return rows


# --- Pull: shadow rows, then the overlay --------------------------------------------------------


@contextmanager
def _pull_transaction(engine: Engine) -> Iterator[Connection]:
    """A write transaction with foreign keys not enforced.

    The server sends each record's latest state in server-seq order, so a child can arrive before
    the newer state of its parent (even in a later page). The server's state is the reference:
    its rows are written as they come, and the parent arrives in the same round.
    ``PRAGMA foreign_keys`` only takes effect outside a transaction, hence the raw connection.
    """
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            connection.execution_options(ars_tui_begin_immediate=True)
            with connection.begin():
                yield connection
        finally:
            raw.execute("PRAGMA foreign_keys=ON")


@dataclass
class PullOutcome:
    rows: int = 0
    #: Rows this device could not store, set aside in the quarantine (:func:`quarantined`).
    quarantined: int = 0


def apply_pull_page(
    engine: Engine, rows: Sequence[Mapping[str, Any]], cursor: int, *, user: str | None = None
) -> PullOutcome:
    """Apply one page of pulled rows and move the cursor, all in ONE transaction.

    1. each row's server state replaces its shadow row;
    2. acked ops that this state includes (``server_seq`` <= the row's) are dropped;
    3. each touched visible row is recomputed: shadow + the ops not yet superseded (the history
       of other devices' edits arrives as ``record_change`` rows, handled like any record);
    4. the cursor is written.
    A crash anywhere leaves the page as not applied, and the next round pulls it again.

    One record never stops the device: the rows of a type are applied in a savepoint; if one
    of them breaks a local rule (a NOT NULL, UNIQUE or CHECK constraint, a value that does not
    decode), they are applied again one by one and each failing row goes to the quarantine
    with its reason (:func:`quarantined`), its previous state left as it was. The rest of the
    page is applied and the cursor moves on. A database that fails (locked, disk full) is not
    a row's fault: that error ends the round, and nothing of the page is kept.
    """
    outcome = PullOutcome(rows=len(rows))
    if not rows:  # the last page of a round, or a sync with nothing new: the cursor only
        with write_transaction(engine) as connection:
            set_setting(connection, CURSOR_SETTING, str(cursor))
        return outcome
    started = utc_now()
    synced_types = _synced_types()
    by_entity: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for row in rows:
        if row.get("entity") in synced_types:  # a type this version does not know waits in vain
            by_entity[row["entity"]].append(row)
    with _pull_transaction(engine) as connection:
        # Only during a full re-download after purged tombstones (nearly never): no per-row
        # delete on the ordinary pull path.
        resyncing = connection.execute(select(_RESYNC.c.entity).limit(1)).first() is not None
        waiting = connection.execute(select(_QUARANTINE.c.entity).limit(1)).first() is not None
        for entity, entity_rows in by_entity.items():
            if waiting:  # a newer state replaces one set aside (set aside again if still bad)
                _release_quarantine(connection, entity, entity_rows)
            try:
                with connection.begin_nested():
                    _apply_rows(connection, entity, entity_rows, resyncing, outcome)
            except Exception as error:
                if not _is_row_fault(error):
                    raise
                for row in entity_rows:
                    try:
                        with connection.begin_nested():
                            _apply_rows(connection, entity, [row], resyncing, outcome)
                    except Exception as row_error:
                        if not _is_row_fault(row_error):
                            raise
                        _quarantine(connection, entity, row, row_error)
        # Set aside here or by _recompute (a state stored in the shadow that the visible table
        # refuses): counted once, from the table.
        outcome.quarantined = int(
            connection.execute(
                select(text("count(*)")).select_from(_QUARANTINE).where(_QUARANTINE.c.at >= started)
            ).scalar()
            or 0
        )
        if outcome.quarantined:
            write_log(
                connection,
                "quarantine",
                voc.SYNC_LOG_QUARANTINED.format(count=voc.format_int(outcome.quarantined)),
            )
        set_setting(connection, CURSOR_SETTING, str(cursor))
    return outcome


def _apply_rows(
    connection: Connection,
    entity: str,
    entity_rows: Sequence[Mapping[str, Any]],
    resyncing: bool,
    outcome: PullOutcome,
) -> None:
    """Steps 1 to 4 of :func:`apply_pull_page` for some rows of one type."""
    ids = [row["id"] for row in entity_rows]
    _write_shadows(connection, entity, entity_rows)
    if resyncing:
        connection.execute(
            delete(_RESYNC).where(
                _RESYNC.c.entity == bindparam("b_entity"),
                _RESYNC.c.entity_id == bindparam("b_id"),
            ),
            [{"b_entity": entity, "b_id": entity_id} for entity_id in ids],
        )
    # Who changed what arrives as record_change records (the history every device reads).
    _drop_superseded(connection, entity, entity_rows)
    _recompute(connection, entity, set(ids))


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
        "at": utc_now(),
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


def _json_or_none(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


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
        "updated_at": (_to_datetime(shadow.updated_at) or utc_now()).isoformat(),
        "updated_by": shadow.updated_by,
    }


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


# --- Cursor, status, log --------------------------------------------------------------------------


def get_cursor(engine: Engine) -> int:
    with read_connection(engine) as connection:
        return int(get_setting(connection, CURSOR_SETTING) or 0)


def reset_cursor(engine: Engine, *, purged: bool = False) -> None:
    """410: pull everything again from 0; the outbox is left as it is.

    ``purged``: the server purged tombstones the device never got. Every record the device has
    from the server is then noted as not sent again yet; :func:`apply_pull_page` crosses off
    those it receives, and :func:`finish_resync` tombstones the rest once the download ends
    (they were deleted on the server). Without ``purged`` (the server is behind the device: its
    data was replaced or restored) nothing is crossed off: the device keeps what it has.
    """
    with write_transaction(engine) as connection:
        set_setting(connection, CURSOR_SETTING, "0")
        if purged:
            connection.execute(delete(_RESYNC))
            connection.execute(
                insert(_RESYNC).from_select(
                    ["entity", "entity_id"],
                    select(_SHADOW.c.entity, _SHADOW.c.entity_id).where(
                        _SHADOW.c.deleted.is_(False)
                    ),
                )
            )
        write_log(connection, "resync", voc.SYNC_LOG_RESYNC)


def finish_resync(engine: Engine) -> int:
    """The full download is over: tombstone what it did not send again; returns how many.

    Their shadow becomes a tombstone (the server's state: deleted, its tombstone purged) and
    the visible rows are recomputed, so a pending edit of such a record still shows and meets
    the deletion on the server as a conflict; nothing of the outbox is touched.
    """
    with write_transaction(engine) as connection:
        # Plain SQL: at the end of every pull, and nearly always empty (see _ModelTable).
        left = connection.execute(text("SELECT entity, entity_id FROM sync_resync_pending")).all()
        if not left:
            return 0
        by_entity: dict[str, set[str]] = defaultdict(set)
        for entity, entity_id in left:
            by_entity[entity].add(entity_id)
        for entity, ids in by_entity.items():
            for chunk in _chunks(sorted(ids)):
                connection.execute(
                    update(_SHADOW)
                    .where(_SHADOW.c.entity == entity, _SHADOW.c.entity_id.in_(chunk))
                    .values(deleted=True)
                )
            if entity in _synced_types():
                _recompute(connection, entity, ids)
        connection.execute(delete(_RESYNC))
        write_log(
            connection,
            "resync",
            voc.SYNC_LOG_RESYNC_DELETED.format(count=voc.format_int(len(left))),
        )
    return len(left)


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


def record_success(engine: Engine, summary: str, *, now: datetime | None = None) -> None:
    """A round ended well: remember when, and log its summary."""
    now = now or utc_now()
    with write_transaction(engine) as connection:
        set_setting(connection, LAST_SYNC_SETTING, now.isoformat())
        write_log(connection, "ok", summary)


def set_device_ars(engine: Engine, ars_code: str) -> None:
    """The ARS the server says this device's token belongs to."""
    from storage.settings import ARS_SETTING

    with write_transaction(engine) as connection:
        if get_setting(connection, ARS_SETTING) != ars_code:
            set_setting(connection, ARS_SETTING, ars_code)


@dataclass(frozen=True)
class LogLine:
    at: datetime
    kind: str
    summary: str


def recent_log(engine: Engine, limit: int = 50) -> list[LogLine]:
    """The newest log lines first."""
    with read_connection(engine) as connection:
        rows = connection.execute(select(_LOG).order_by(_LOG.c.id.desc()).limit(limit)).all()
    return [
        LogLine(at=_to_datetime(row.at) or utc_now(), kind=row.kind, summary=row.summary)
        for row in rows
    ]


@dataclass(frozen=True)
class SyncStatus:
    """The figures the status bar and the Synchronisation screen show."""

    pending: int
    conflicts: int
    rejected: int
    last_sync: datetime | None
    cursor: int
    #: Pulled records waiting in the quarantine ("à examiner").
    quarantined: int = 0


def sync_status(engine: Engine) -> SyncStatus:
    with read_connection(engine) as connection:
        # Plain SQL: read at the end of every round (see _ModelTable).
        counts = dict(
            connection.execute(
                # The edits the user made: each one's history record is not counted apart.
                text(
                    "SELECT state, count(*) FROM outbox_op WHERE entity != :history GROUP BY state"
                ),
                {"history": HISTORY_ENTITY},
            ).all()
        )
        last = get_setting(connection, LAST_SYNC_SETTING)
        cursor = int(get_setting(connection, CURSOR_SETTING) or 0)
        quarantined = connection.execute(text("SELECT count(*) FROM sync_quarantine")).scalar()
    return SyncStatus(
        pending=counts.get(PENDING, 0) + counts.get(INFLIGHT, 0),
        conflicts=counts.get(CONFLICT, 0),
        rejected=counts.get(REJECTED, 0),
        last_sync=_to_datetime(last) if last else None,
        cursor=cursor,
        quarantined=int(quarantined or 0),
    )


# --- Conflicts and ops to fix --------------------------------------------------------------------


@dataclass(frozen=True)
class FieldConflict:
    """One field of a conflicted op: what the user saw, what they typed, what the server has."""

    field: str
    base: Any
    mine: Any
    theirs: Any
    by: str | None
    at: str | None
    #: False for a field of the op that the server did not object to (sent again as it is).
    conflicting: bool


@dataclass(frozen=True)
class ProblemOp:
    """A conflicted or rejected op, as the Conflits / À corriger screens list it."""

    op_id: str
    state: str
    entity: str
    entity_id: str
    kind: str
    fields: dict[str, Any]
    base: dict[str, Any]
    reason: str | None
    client_time: datetime
    #: Per field, for conflicts (empty for rejected ops).
    conflicts: list[FieldConflict] = field(default_factory=list)
    #: The server's state of the record (wire values), if the device has it.
    server: dict[str, Any] | None = None
    server_deleted: bool = False


def problem_ops(engine: Engine, state: str) -> list[ProblemOp]:
    """The ops in ``state`` (``conflict`` or ``rejected``), oldest first."""
    with read_connection(engine) as connection:
        ops = connection.execute(
            select(_OUTBOX).where(_OUTBOX.c.state == state).order_by(_OUTBOX.c.seq)
        ).all()
        shadows = {
            (op.entity, op.entity_id): connection.execute(
                select(_SHADOW).where(
                    _SHADOW.c.entity == op.entity, _SHADOW.c.entity_id == op.entity_id
                )
            ).first()
            for op in ops
        }
    return [_problem(op, shadows.get((op.entity, op.entity_id))) for op in ops]


def _problem(op: Any, shadow: Any) -> ProblemOp:
    result = json.loads(op.result) if op.result else {}
    fields = json.loads(op.fields)
    base = json.loads(op.base)
    server = json.loads(shadow.data) if shadow is not None else None
    server_deleted = bool(shadow.deleted) if shadow is not None else False
    reported = {entry["field"]: entry for entry in (result.get("conflicts") or [])}
    conflicts: list[FieldConflict] = []
    if op.state == CONFLICT:
        names = list(fields) if op.kind in ("create", "update") else ["deleted"]
        if op.kind in ("delete", "restore"):
            fields = {"deleted": op.kind == "delete"}
        names += [name for name in reported if name not in names]
        for name in names:
            entry = reported.get(name)
            if server is not None and name != "deleted":
                theirs = server.get(name)
            elif name == "deleted" and shadow is not None:
                theirs = server_deleted
            else:
                theirs = entry.get("theirs") if entry else None
            conflicts.append(
                FieldConflict(
                    field=name,
                    base=base.get(name, entry.get("base") if entry else None),
                    mine=fields.get(name, entry.get("mine") if entry else None),
                    theirs=theirs,
                    by=(shadow.updated_by if shadow is not None else None)
                    or (entry.get("by") if entry else None),
                    at=(shadow.updated_at.isoformat() if shadow is not None else None)
                    or (entry.get("at") if entry else None),
                    conflicting=entry is not None,
                )
            )
    return ProblemOp(
        op_id=op.op_id,
        state=op.state,
        entity=op.entity,
        entity_id=op.entity_id,
        kind=op.kind,
        fields=fields,
        base=base,
        reason=result.get("reason"),
        client_time=_to_datetime(op.client_time) or utc_now(),
        conflicts=conflicts,
        server=server,
        server_deleted=server_deleted,
    )


MINE, THEIRS = "mine", "theirs"


def resolve_conflict(store: Store, op_id: str, choices: Mapping[str, str]) -> str | None:
    """Close a conflict with the user's choice per field (``mine`` or ``theirs``; default mine).

    The fields kept as "mine" are written as a NEW op through the store, on top of the server's
    state the record now shows (so ``base`` = the server's values and ``base_version`` = its
    version), and the conflicted op is closed, in one transaction (:meth:`Store.batch`).
    Returns the new op's id, or None when the server's values were taken everywhere. A choice
    the rules refuse (a workflow step no longer allowed from the server's status) raises
    :class:`ValidationError` and changes nothing.
    """
    from storage.validation import FieldError, ValidationError

    with store.batch() as connection:
        op = connection.execute(select(_OUTBOX).where(_OUTBOX.c.op_id == op_id)).first()
        if op is None or op.state != CONFLICT:
            raise ValidationError([FieldError(None, voc.SYNC_CONFLICT_GONE)])
        problem = _problem(op, _shadows(connection, op.entity, [op.entity_id]).get(op.entity_id))
        kept = {c.field: c.mine for c in problem.conflicts if choices.get(c.field, MINE) == MINE}
        held = _set_aside_held(connection, op)
        new_op: str | None = None
        if kept:
            new_op = _write_resolution(store, connection, problem, kept)
        _put_back_held(connection, held)
        _close_in(connection, op, "resolved", voc.SYNC_LOG_RESOLVED)
    return new_op


def _set_aside_held(connection: Connection, op: Any) -> list[dict[str, Any]]:
    """Take out the record's ops held behind ``op``: the resolution is built on the server's state.

    Those ops were made on top of the user's own value of the conflicted fields. Left in place,
    they would colour the record the resolution reads (its ``base`` would be the user's value,
    not the server's, and the resolution would conflict again, forever), and, sent before it,
    each would conflict in turn. They go back after the resolution (:func:`_put_back_held`), in
    their order. Only when all are pending: an inflight one may already be applied.
    """
    held = [
        dict(row)
        for row in connection.execute(
            select(_OUTBOX)
            .where(
                _OUTBOX.c.entity == op.entity,
                _OUTBOX.c.entity_id == op.entity_id,
                _OUTBOX.c.seq > op.seq,
            )
            .order_by(_OUTBOX.c.seq)
        ).mappings()
    ]
    if not held or any(row["state"] != PENDING for row in held):
        return []
    connection.execute(delete(_OUTBOX).where(_OUTBOX.c.op_id.in_([row["op_id"] for row in held])))
    _recompute(connection, op.entity, {op.entity_id})
    return held


def _put_back_held(connection: Connection, held: list[dict[str, Any]]) -> None:
    """The ops :func:`_set_aside_held` took out, back at the end of the outbox, in order."""
    if not held:
        return
    next_seq = (
        int(connection.execute(select(_OUTBOX.c.seq).order_by(_OUTBOX.c.seq.desc())).scalar() or 0)
        + 1
    )
    for offset, row in enumerate(held):
        connection.execute(insert(_OUTBOX).values(**{**row, "seq": next_seq + offset}))


def _write_resolution(
    store: Store, connection: Connection, problem: ProblemOp, kept: Mapping[str, Any]
) -> str | None:
    """Write the kept values as new ops through the store; the last new op id, or None.

    An edit of a record deleted meanwhile has a ``deleted`` line: keeping mine restores the
    record and applies the kept fields; taking the server's leaves it deleted (the other fields
    cannot apply to a deleted record).
    """
    entity, record_id, kind = problem.entity, problem.entity_id, problem.kind
    kept = dict(kept)
    if kind not in ("delete", "restore"):
        deleted_line = any(c.field == "deleted" for c in problem.conflicts)
        if deleted_line and kept.pop("deleted", None) is None:
            return None  # the deletion wins
    table = _table(entity)
    row = connection.execute(select(table).where(table.c.id == record_id)).mappings().first()
    if row is None:
        return None
    current = dict(row)
    wrote = False
    if kind in ("delete", "restore"):
        want_deleted = bool(kept.get("deleted", kind == "delete"))
        if bool(current["deleted"]) == want_deleted:
            return None
        (store.delete if want_deleted else store.restore)(entity, record_id)
        wrote = True
    else:
        if current["deleted"]:
            current = store.restore(entity, record_id)  # keeping my edit of a deleted record
            wrote = True
        values = decode_fields(entity, kept)
        changes = {name: value for name, value in values.items() if current.get(name) != value}
        status = changes.pop("status", None)
        if status is not None:
            store.transition(entity, record_id, status, changes)
            wrote = True
        elif changes:
            store.update(entity, record_id, changes)
            wrote = True
    if not wrote:
        return None
    return connection.execute(
        select(_OUTBOX.c.op_id)
        .where(_OUTBOX.c.entity == entity)
        .order_by(_OUTBOX.c.seq.desc())
        .limit(1)
    ).scalar()


def discard_rejected(engine: Engine, op_id: str) -> None:
    """The user gives up a rejected op: it goes, and the record shows the server's state.

    A refused update returns to the server's version. A refused create leaves nothing on the
    server: the record is removed here (tombstoned, see :func:`_recompute`), and the later
    edits of it that waited behind the create go with it (the server could only refuse them).
    """
    from storage.validation import FieldError, ValidationError

    with write_transaction(engine) as connection:
        op = connection.execute(select(_OUTBOX).where(_OUTBOX.c.op_id == op_id)).first()
        if op is None or op.state != REJECTED:
            raise ValidationError([FieldError(None, voc.SYNC_CONFLICT_GONE)])
        if op.kind == "create" and not _shadows(connection, op.entity, [op.entity_id]):
            connection.execute(
                delete(_OUTBOX).where(
                    _OUTBOX.c.entity == op.entity,
                    _OUTBOX.c.entity_id == op.entity_id,
                    _OUTBOX.c.seq > op.seq,
                    _OUTBOX.c.state.in_((PENDING, REJECTED, CONFLICT)),
                )
            )
        _close_in(connection, op, "discarded", voc.SYNC_LOG_DISCARDED)


def resend_rejected(engine: Engine, op_id: str, changes: Mapping[str, Any] | None = None) -> str:
    """Send a rejected op again, with ``changes`` (user values) replacing some of its fields.

    It keeps its place in the local order but gets a new ``op_id``: the server remembers its
    answer to the old one. Values are checked as the store checks them (French errors, nothing
    written). Returns the new op id.
    """
    from storage.coercion import coerce
    from storage.validation import FieldError, ValidationError

    errors: list[FieldError] = []
    with write_transaction(engine) as connection:
        op = connection.execute(select(_OUTBOX).where(_OUTBOX.c.op_id == op_id)).first()
        if op is None or op.state != REJECTED:
            raise ValidationError([FieldError(None, voc.SYNC_CONFLICT_GONE)])
        fields = json.loads(op.fields)
        coerced: dict[str, Any] = {}
        for name, raw in (changes or {}).items():
            try:
                coerced[name] = coerce(op.entity, name, raw)
            except ValidationError as error:
                errors.extend(error.errors)
        if errors:
            raise ValidationError(errors)
        fields.update(json.loads(dumps_fields(coerced)))
        new_op_id = new_id()
        connection.execute(
            update(_OUTBOX)
            .where(_OUTBOX.c.op_id == op_id)
            .values(
                op_id=new_op_id,
                fields=dumps_fields(fields),
                state=PENDING,
                result=None,
                server_seq=None,
            )
        )
        _recompute(connection, op.entity, {op.entity_id})
        write_log(connection, "resent", voc.SYNC_LOG_RESENT)
    return new_op_id


def _close(engine: Engine, op_id: str, kind: str, summary: str) -> None:
    with write_transaction(engine) as connection:
        op = connection.execute(select(_OUTBOX).where(_OUTBOX.c.op_id == op_id)).first()
        if op is not None:
            _close_in(connection, op, kind, summary)


def _close_in(connection: Connection, op: Any, kind: str, summary: str) -> None:
    """Remove a conflicted or rejected op on the user's choice; its record shows the rest."""
    connection.execute(delete(_OUTBOX).where(_OUTBOX.c.op_id == op.op_id))
    _recompute(connection, op.entity, {op.entity_id})
    write_log(connection, kind, summary)


# --- Quarantined pulled records ------------------------------------------------------------------


@dataclass(frozen=True)
class QuarantinedRecord:
    """A pulled server state this device could not store, as À corriger lists it."""

    entity: str
    entity_id: str
    server_seq: int
    reason: str
    at: datetime
    #: The server's fields (wire values).
    fields: dict[str, Any]


def quarantined(engine: Engine) -> list[QuarantinedRecord]:
    """The records waiting in the quarantine, oldest first."""
    with read_connection(engine) as connection:
        rows = connection.execute(select(_QUARANTINE).order_by(_QUARANTINE.c.at)).all()
    return [_quarantined(row) for row in rows]


def _quarantined(row: Any) -> QuarantinedRecord:
    pulled = json.loads(row.row)
    fields = pulled.get("fields") if isinstance(pulled, dict) else None
    return QuarantinedRecord(
        entity=row.entity,
        entity_id=row.entity_id,
        server_seq=row.server_seq,
        reason=row.reason,
        at=_to_datetime(row.at) or utc_now(),
        fields=dict(fields) if isinstance(fields, dict) else {},
    )


#: State and op-id prefix of a quarantined record listed with the refused ops (À corriger).
QUARANTINED = "quarantined"
_QUARANTINE_PREFIX = "quarantine:"


def quarantined_problems(engine: Engine) -> list[ProblemOp]:
    """The quarantined records as :class:`ProblemOp` rows, for À corriger's one list.

    ``op_id`` is :func:`quarantine_key` (no op exists), ``kind`` is ``quarantined`` and
    ``fields`` the server's values: any of them can be corrected.
    """
    return [
        ProblemOp(
            op_id=quarantine_key(item.entity, item.entity_id),
            state=QUARANTINED,
            entity=item.entity,
            entity_id=item.entity_id,
            kind=QUARANTINED,
            fields=item.fields,
            base={},
            reason=item.reason,
            client_time=item.at,
        )
        for item in quarantined(engine)
    ]


def quarantine_key(entity: str, entity_id: str) -> str:
    return f"{_QUARANTINE_PREFIX}{entity}:{entity_id}"


def discard_quarantined(engine: Engine, entity: str, entity_id: str) -> None:
    """The user sets a quarantined state aside: the record keeps what the device had."""
    from storage.validation import FieldError, ValidationError

    with write_transaction(engine) as connection:
        gone = connection.execute(
            delete(_QUARANTINE).where(
                _QUARANTINE.c.entity == entity, _QUARANTINE.c.entity_id == entity_id
            )
        ).rowcount
        if not gone:
            raise ValidationError([FieldError(None, voc.SYNC_CONFLICT_GONE)])
        write_log(connection, "discarded", voc.SYNC_LOG_QUARANTINE_DISCARDED)


def resend_quarantined(
    store: Store, entity: str, entity_id: str, changes: Mapping[str, Any]
) -> str:
    """Correct a quarantined record and send the correction: returns the new op's id.

    In one transaction: the server's state becomes the record's shadow, the corrected fields
    become an update op on top of it (``base`` = the server's values, ``base_version`` its
    version), and the record is recomputed. The result is checked by the same rules as a save
    (French errors, nothing written); a record still not storable raises too.
    """
    from storage import coercion, validation
    from storage.validation import FieldError, ValidationError

    with store.batch() as connection:
        row = connection.execute(
            select(_QUARANTINE).where(
                _QUARANTINE.c.entity == entity, _QUARANTINE.c.entity_id == entity_id
            )
        ).first()
        if row is None:
            raise ValidationError([FieldError(None, voc.SYNC_CONFLICT_GONE)])
        pulled = json.loads(row.row)
        errors: list[FieldError] = []
        coerced: dict[str, Any] = {}
        for name, raw in changes.items():
            try:
                coerced[name] = coercion.coerce(entity, name, raw)
            except ValidationError as error:
                errors.extend(error.errors)
        if errors:
            raise ValidationError(errors)
        server_fields = dict(pulled.get("fields") or {})
        wire_changes = json.loads(dumps_fields(coerced))
        merged = {**server_fields, **wire_changes, "ars_code": pulled["ars_code"]}
        if not pulled.get("deleted"):
            validation.validate_record(entity, decode_fields(entity, merged), connection)
        try:
            with connection.begin_nested():
                _write_shadows(connection, entity, [pulled])
                if wire_changes:
                    _write_correction(store, connection, entity, pulled, wire_changes)
                _drop_superseded(connection, entity, [pulled])
                _recompute(connection, entity, {entity_id})
        except Exception as error:
            if not _is_row_fault(error):
                raise
            raise ValidationError([FieldError(None, quarantine_reason(error))]) from None
        connection.execute(
            delete(_QUARANTINE).where(
                _QUARANTINE.c.entity == entity, _QUARANTINE.c.entity_id == entity_id
            )
        )
        write_log(connection, "resent", voc.SYNC_LOG_QUARANTINE_RESENT)
        return str(
            connection.execute(select(_OUTBOX.c.op_id).order_by(_OUTBOX.c.seq.desc())).scalar()
            or ""
        )


def _write_shadows(connection: Connection, entity: str, rows: Sequence[Mapping[str, Any]]) -> None:
    """Each row's server state replaces its shadow row."""
    shadow_rows = [
        {
            "entity": entity,
            "entity_id": row["id"],
            "ars_code": row["ars_code"],
            "version": row["version"],
            "server_seq": row["server_seq"],
            "deleted": bool(row["deleted"]),
            "data": dumps_fields(row.get("fields") or {}),
            "updated_at": _to_datetime(row["updated_at"]),
            "updated_by": row.get("updated_by") or "",
        }
        for row in rows
    ]
    connection.execute(_shadow_upsert(), shadow_rows)


@cache
def _shadow_upsert() -> Any:
    """The upsert of shadow rows, built once (see :func:`_visible_upsert`)."""
    statement = sqlite_insert(_SHADOW)
    excluded = statement.excluded
    return statement.on_conflict_do_update(
        index_elements=["entity", "entity_id"],
        set_={
            name: excluded[name]
            for name in (
                "ars_code",
                "version",
                "server_seq",
                "deleted",
                "data",
                "updated_at",
                "updated_by",
            )
        },
    )


def _write_correction(
    store: Store,
    connection: Connection,
    entity: str,
    row: Mapping[str, Any],
    changes: Mapping[str, Any],
) -> None:
    """An update op with the corrected fields, on top of the server's state of the record."""
    server_fields = row.get("fields") or {}
    next_seq = (
        int(connection.execute(select(_OUTBOX.c.seq).order_by(_OUTBOX.c.seq.desc())).scalar() or 0)
        + 1
    )
    now = store.clock()
    connection.execute(
        insert(_OUTBOX).values(
            op_id=new_id(),
            seq=next_seq,
            entity=entity,
            entity_id=row["id"],
            kind="update",
            fields=dumps_fields(changes),
            base=dumps_fields({name: server_fields.get(name) for name in changes}),
            base_version=row["version"],
            ars_code=row["ars_code"],
            client_time=now,
            user=store.user,
            state=PENDING,
        )
    )
