"""Conflicts and ops to fix (À corriger): listing them, resolving a conflict field by field,
discarding or resending a rejected op.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Connection,
    Engine,
    delete,
    insert,
    select,
    update,
)

from storage import vocabulary as voc
from storage.db import read_connection, write_transaction
from storage.sync import overlay as sync_overlay
from storage.sync import state as sync_state
from storage.sync.overlay import _shadows
from storage.sync.state import (
    _OUTBOX,
    _SHADOW,
    CONFLICT,
    MINE,
    PENDING,
    REJECTED,
    _table,
    write_log,
)
from storage.uuids import new_id
from storage.wire import _to_datetime, decode_fields, dumps_fields

if TYPE_CHECKING:
    from storage.records.store import Store


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
        client_time=_to_datetime(op.client_time) or sync_state.utc_now(),
        conflicts=conflicts,
        server=server,
        server_deleted=server_deleted,
    )


def resolve_conflict(store: Store, op_id: str, choices: Mapping[str, str]) -> str | None:
    """Close a conflict with the user's choice per field (``mine`` or ``theirs``; default mine).

    The fields kept as "mine" are written as a NEW op through the store, on top of the server's
    state the record now shows (so ``base`` = the server's values and ``base_version`` = its
    version), and the conflicted op is closed, in one transaction (:meth:`Store.batch`).
    Returns the new op's id, or None when the server's values were taken everywhere. A choice
    the rules refuse (a workflow step no longer allowed from the server's status) raises
    :class:`ValidationError` and changes nothing.
    """
    from storage.records.validation import FieldError, ValidationError

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
    sync_overlay._recompute(connection, op.entity, {op.entity_id})
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
    from storage.records.validation import FieldError, ValidationError

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
    from storage.records.coercion import coerce
    from storage.records.validation import FieldError, ValidationError

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
        sync_overlay._recompute(connection, op.entity, {op.entity_id})
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
    sync_overlay._recompute(connection, op.entity, {op.entity_id})
    write_log(connection, kind, summary)
