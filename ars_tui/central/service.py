"""What the endpoints do, without HTTP: apply a push. The checks of an op and the rules are in
:mod:`ars_tui.central.op_checks`, a pull page and the purge of old tombstones in
:mod:`ars_tui.central.pull_pages`.

A push is one write transaction (docs/SYNC.md, "The server"):

1. lock the sequence group's counter row (``FOR UPDATE``; SQLite: the write lock of
   ``BEGIN IMMEDIATE``), so concurrent pushes of one region run one after the other;
2. read in two queries the ops already applied (by ``op_id``) and the records the batch touches;
3. decide each op in order, in memory (applied / duplicate / conflict / rejected / blocked);
   an op outside the token's scope, or whose record would break a rule a device applies on a
   save (:func:`storage.records.record_rules.check_synced_record`, run on the whole record: a create
   as sent, an update merged onto the stored record), is ``rejected`` alone, with a French reason
   that quotes no value, and the rest of the batch goes on: no single op fails a batch;
4. write the records, their natural keys, one ``applied_op`` row per applied op (with the
   ``record_change``, the history each applied edit brings: :func:`_derived_change`,
   :mod:`ars_tui.central.history_rows`), and the counter (:mod:`ars_tui.central.batch_writes`),
   then commit.

Idempotency rests on the ``applied_op`` primary key, not on step 2: if two deliveries of one op
ever both get past the read (another path to the same rows), the second insert fails, the whole
transaction is rolled back and run again, and the replay then finds the stored result.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import IntegrityError

from ars_tui.central import batch_writes, history_rows, op_checks
from ars_tui.central import messages as srv_tx
from ars_tui.central.db import (
    applied_op,
    as_utc,
    seq_counter,
    seq_group,
    write_transaction,
)
from ars_tui.central.merge import merge_fields
from ars_tui.central.op_checks import (
    MAX_USER_LENGTH,
    _BatchReferences,
    _Checked,
    _load_records,
    _record_rules_reason,
    _RecordState,
    _rows_in,
    _typed_changes,
    _typed_defaults,
    _typed_record,
    _user_columns,
)
from ars_tui.central.tokens import Device
from ars_tui.protocol import Conflict, Op, Result
from storage import vocabulary as voc
from storage.models import HISTORY_ENTITY, SYNCED_TYPES
from storage.records import record_rules
from storage.records.history import change_fields

log = logging.getLogger("ars_tui.central")


#: How many times a push is run again after a constraint stopped a concurrent duplicate.
_ATTEMPTS = 3


class Forbidden(Exception):
    """Kept for the HTTP layer's 403; a push no longer raises it (out of scope: per-op refusal)."""


class ResyncRequired(Exception):
    """The cursor is older than the purged tombstones (or newer than the server): HTTP 410.

    ``purged`` tells the two apart: after purged tombstones, what the full download lacks was
    deleted; a cursor ahead of the server means the server lost data, and the device keeps it.
    """

    def __init__(self, *, purged: bool) -> None:
        super().__init__()
        self.purged = purged


#: "Apply it": what :func:`_decide` and :func:`_check_rules` answer for an op that changes the
#: record, which then gets its own Result with its version and seq (one made per op, not three).
_APPLY = Result(op_id="", status="applied")


# --- push ----------------------------------------------------------------------------------------


def attested_authors(ops: Sequence[Op], device: Device) -> dict[str, str]:
    """Each person the ops declare, as the server records them: with the device its token
    names ("Marie Payet (tablette-st-denis)"), never the client's text alone. One entry per
    person, not a copy of each op."""
    authors: dict[str, str] = {}
    for op in ops:
        if op.user not in authors:
            author = srv_tx.CENTRAL_AUTHOR.format(person=op.user, device=device.name)
            authors[op.user] = author[:MAX_USER_LENGTH]
    return authors


def _stored_results(connection: Connection, op_ids: Sequence[str]) -> dict[str, tuple[int, int]]:
    """(version, server_seq) of the ops of ``op_ids`` already applied."""
    sql = "SELECT op_id, version, server_seq FROM applied_op WHERE op_id IN ({marks})"
    rows = _rows_in(connection, sql, sorted(set(op_ids)))
    return {op_id: (version, seq) for op_id, version, seq in rows}


def push(engine: Engine, device: Device, ops: Sequence[Op], now: datetime) -> list[Result]:
    """Apply a batch of ops for ``device`` in one transaction; one Result per op, same order.

    Never refuses the batch for one op: an op outside the scope or breaking a rule is rejected
    alone (see the module docstring).
    """
    checked = [op_checks.check_op(op) for op in ops]
    authors = attested_authors(ops, device)
    for attempt in range(_ATTEMPTS):
        try:
            with write_transaction(engine) as connection:
                return _push_in_transaction(connection, device, ops, checked, authors, as_utc(now))
        except IntegrityError:
            # A concurrent delivery of the same op won the constraint: run again, the stored
            # results now answer it as a duplicate.
            log.info("push retried after a constraint (attempt %d)", attempt + 1)
    with write_transaction(engine) as connection:
        return _push_in_transaction(connection, device, ops, checked, authors, as_utc(now))


def _push_in_transaction(
    connection: Connection,
    device: Device,
    ops: Sequence[Op],
    checked: Sequence[_Checked],
    authors: dict[str, str],
    now: datetime,
) -> list[Result]:
    """:func:`push` in its transaction; ``authors``: each op's person as the server records it
    (:func:`attested_authors`), its ``updated_by`` and history author."""
    group = seq_group(device.ars_code)
    scope = set(device.scope)
    last_seq = connection.execute(
        sa.select(seq_counter.c.last_seq).where(seq_counter.c.seq_group == group).with_for_update()
    ).scalar_one()
    next_seq = last_seq
    # Ids with a NUL never reach a query (PostgreSQL refuses them): op_checks.check_op rejects those
    # ops.
    stored = _stored_results(connection, [op.op_id for op in ops if "\x00" not in op.op_id])
    keys = {
        (op.entity, op.entity_id)
        for op in ops
        if op.entity in SYNCED_TYPES and "\x00" not in op.entity_id
    }
    records = _load_records(connection, keys | _change_keys(ops))
    records.update(_load_derived(connection, keys, records))
    references = _BatchReferences(connection, records, scope)
    references.prefetch([op for op, check in zip(ops, checked, strict=True) if not check.reason])
    natural = batch_writes.load_natural_keys(connection, ops, checked)
    #: Natural keys taken or moved by this batch: (entity, a, b) -> record id, None when freed.
    natural_changes: dict[tuple[str, str, str], str | None] = {}

    results: list[Result] = []
    failed: set[tuple[str, str]] = set()
    applied_rows: list[tuple[Any, ...]] = []
    applied_now: dict[str, tuple[int, int]] = {}
    #: The history records this batch derived: op id -> its applied_op row (read back only by
    #: the rare later op of the batch that names one).
    derived: dict[str, tuple[Any, ...]] = {}

    for op, check in zip(ops, checked, strict=True):
        key = (op.entity, op.entity_id)
        author = authors[op.user]
        if op.entity == HISTORY_ENTITY and op.entity_id in derived and key not in records:
            records[key] = _derived_now(derived[op.entity_id])
        previous = stored.get(op.op_id) or applied_now.get(op.op_id)
        if previous is not None:
            results.append(
                Result(
                    op_id=op.op_id,
                    status="duplicate",
                    version=previous[0],
                    server_seq=previous[1],
                )
            )
            continue
        if key in failed:
            results.append(
                Result(op_id=op.op_id, status="blocked", reason=srv_tx.CENTRAL_REASON_BLOCKED)
            )
            continue
        record = records.get(key)
        if op.ars_code not in scope or (record is not None and record.ars_code not in scope):
            failed.add(key)
            results.append(
                Result(op_id=op.op_id, status="rejected", reason=srv_tx.CENTRAL_REASON_OUT_OF_SCOPE)
            )
            continue
        outcome = _pushed_change(op, record) or _decide(op, check, record, author)
        after: dict[str, Any] | None = None  # the record's values once a create/update applies
        if outcome.version is None and outcome.status == "applied":
            outcome, after = _check_rules(op, check, record, references, device, natural, now)
        if outcome.status != "applied":
            failed.add(key)
            results.append(outcome)
            continue
        if outcome.version is None:  # an op that changes the record
            record = records.get(key)
            if record is None:
                record = _RecordState(
                    entity=op.entity,
                    id=op.entity_id,
                    ars_code=op.ars_code,
                    version=0,
                    server_seq=0,
                    deleted=False,
                    data={},
                    updated_at=now,
                    updated_by=author,
                    new=True,
                )
                records[key] = record
            before = record_rules.natural_key(op.entity, record.data)
            _change(record, op, after)
            after = record_rules.natural_key(op.entity, record.data)
            if before != after:
                if before is not None:
                    natural[(op.entity, *before)] = ""
                    natural_changes[(op.entity, *before)] = None
                if after is not None:
                    natural[(op.entity, *after)] = record.id
                    natural_changes[(op.entity, *after)] = record.id
            next_seq += 1
            record.version += 1
            record.server_seq = next_seq
            record.updated_at = now
            record.updated_by = author
            record.dirty = True
            outcome = Result(
                op_id=op.op_id, status="applied", version=record.version, server_seq=next_seq
            )
        assert outcome.version is not None and outcome.server_seq is not None
        applied_now[op.op_id] = (outcome.version, outcome.server_seq)
        change = _derived_change(op, check, records, author)
        if change is not None:
            next_seq += 1
        row = (
            op.op_id,
            op.entity,
            op.entity_id,
            op.ars_code,
            device.id,
            outcome.version,
            outcome.server_seq,
            now,
            None if change is None else group,
            None if change is None else next_seq,
            change,
            None if change is None else author,
        )
        applied_rows.append(row)
        if change is not None:
            derived[op.op_id] = row
        results.append(outcome)

    batch_writes.write_batch(connection, group, records.values(), applied_rows, next_seq, last_seq)
    batch_writes.write_natural_keys(connection, natural_changes)
    return results


# --- the synced history, derived from each applied op ---------------------------------------------


def _change_keys(ops: Sequence[Op]) -> set[tuple[str, str]]:
    """The ``record_change`` records the batch's ops would derive (one may already be stored:
    pushed by an older device, which wrote it itself)."""
    return {
        (HISTORY_ENTITY, op.op_id)
        for op in ops
        if op.entity != HISTORY_ENTITY and "\x00" not in op.op_id
    }


def _pushed_change(op: Op, record: _RecordState | None) -> Result | None:
    """An older device's ``record_change`` of an edit whose op the server already derived it
    from (same id, same record): the same record, applied once."""
    if op.entity != HISTORY_ENTITY or op.kind != "create" or record is None:
        return None
    if record.ars_code != op.ars_code or record.data.get("entity_id") != op.fields.get("entity_id"):
        return None  # another record under that id: _decide refuses it
    return _agreed(op.op_id, record)


def _derived_change(
    op: Op, check: _Checked, records: dict[tuple[str, str], _RecordState], author: str
) -> str | None:
    """The fields text of the ``record_change`` of an applied edit, kept on its applied_op row
    (:mod:`ars_tui.central.history_rows`): the history the other devices pull, as the edit's
    device declares it (its fields, and its base as the values before), author as the server
    attests it. None for a history record itself, or one already stored (an older device
    pushed it first)."""
    if op.entity == HISTORY_ENTITY or (HISTORY_ENTITY, op.op_id) in records:
        return None
    if op.kind in ("delete", "restore"):
        # {"deleted": ...}: op_checks.check_op keeps nothing of them
        fields, base = op.fields, op.base
    else:
        fields, base = check.fields, check.base
    at = op.client_time.isoformat()
    made = change_fields(op.entity, op.entity_id, op.kind, fields, base, at=at, author=author)
    return history_rows.fields_text(made)


def _derived_now(row: tuple[Any, ...]) -> _RecordState:
    """The history record of an edit this batch applied, for a later op of the batch naming
    it (an applied_op row as :func:`_push_in_transaction` builds it)."""
    op_id, _entity, _id, ars_code, _device, _version, _seq, at, _group, seq, change, by = row
    return history_rows.derived_state(op_id, ars_code, seq, change, by, at)


def _load_derived(
    connection: Connection,
    keys: Iterable[tuple[str, str]],
    records: dict[tuple[str, str], _RecordState],
) -> dict[tuple[str, str], _RecordState]:
    """The history records the batch names that an earlier push derived (kept in applied_op,
    not central_record): their ids are the ops' ids."""
    wanted = sorted(
        record_id
        for entity, record_id in keys
        if entity == HISTORY_ENTITY and (entity, record_id) not in records
    )
    if not wanted:
        return {}
    sql = (
        "SELECT op_id, ars_code, change_seq, change, change_by, applied_at"
        " FROM applied_op WHERE change_seq IS NOT NULL AND op_id IN ({marks})"
    )
    moment = applied_op.c.applied_at.type._cached_result_processor(connection.dialect, None)
    found: dict[tuple[str, str], _RecordState] = {}
    for op_id, ars_code, seq, change, by, applied_at in _rows_in(connection, sql, wanted):
        at = as_utc(applied_at if moment is None else moment(applied_at))
        state = history_rows.derived_state(op_id, ars_code, seq, change, by, at)
        found[(HISTORY_ENTITY, op_id)] = state
    return found


def _check_rules(
    op: Op,
    check: _Checked,
    record: _RecordState | None,
    references: _BatchReferences,
    device: Device,
    natural: dict[tuple[str, str, str], str],
    now: datetime,
) -> tuple[Result, dict[str, Any] | None]:
    """An op :func:`_decide` would apply, against the record rules and the natural keys; with
    the record's values once a create or update applies (what :func:`_change` then stores:
    the update's merge made once more, not twice)."""
    if op.kind == "create":
        data = {**_user_columns(op.entity), **check.fields}
        typed = {**_typed_defaults(op.entity), **check.typed}
    elif op.kind == "update":
        assert record is not None
        merged = merge_fields(check.base, check.fields, record.data)
        data = {**record.data, **merged.changes}
        stored = _typed_record(record)
        typed = None if stored is None else {**stored, **_typed_changes(check, merged.changes)}
    else:
        return _APPLY, None  # delete / restore: no field changes
    reason = _record_rules_reason(op, data, typed, references, device, now)
    if reason is not None:
        return Result(op_id=op.op_id, status="rejected", reason=reason), None
    key = record_rules.natural_key(op.entity, data)
    if key is not None:
        holder = natural.get((op.entity, *key))
        if holder and holder != op.entity_id:
            names = record_rules.NATURAL_KEYS[op.entity]
            rejected = Result(
                op_id=op.op_id,
                status="rejected",
                reason=srv_tx.CENTRAL_REASON_NATURAL_KEY.format(
                    entity=voc.ENTITY_LABELS.get(op.entity, op.entity),
                    fields=", ".join(voc.field_label(name) for name in names),
                ),
            )
            return rejected, None
    return _APPLY, data


def _decide(op: Op, check: _Checked, record: _RecordState | None, author: str) -> Result:
    """The result of one op against the record as the batch left it (``author``: the op's
    person as the server records it).

    ``applied`` with ``version`` None means "apply it" (the caller changes the record and gives
    the version and seq); ``applied`` with a version is an op the server already agrees with.
    """
    op_id = op.op_id
    if check.reason is not None:
        return Result(op_id=op_id, status="rejected", reason=check.reason)
    if record is not None and record.ars_code != op.ars_code:
        return Result(op_id=op_id, status="rejected", reason=srv_tx.CENTRAL_REASON_OTHER_ARS)
    if op.kind == "create":
        if record is not None and op.entity in record_rules.NATURAL_KEYS:
            return _same_natural_record(op, check, record)
        if record is not None:
            return Result(op_id=op_id, status="rejected", reason=srv_tx.CENTRAL_REASON_EXISTS)
        return _APPLY
    if record is None:
        return Result(op_id=op_id, status="rejected", reason=srv_tx.CENTRAL_REASON_UNKNOWN_RECORD)
    changed_by = srv_tx.CENTRAL_REASON_CHANGED_BY
    if op.kind == "update":
        if record.deleted:
            deleted = [("deleted", False, False, True)]
            return _conflict(op_id, record, deleted, srv_tx.CENTRAL_REASON_DELETED_BY)
        merged = merge_fields(check.base, check.fields, record.data)
        if not merged.ok:
            fields = [(item.field, item.base, item.mine, item.theirs) for item in merged.conflicts]
            return _conflict(op_id, record, fields, changed_by)
        return _APPLY if merged.changes else _agreed(op_id, record)
    if op.kind == "delete":
        if record.deleted:
            return _agreed(op_id, record)
        if record.version != op.base_version and record.updated_by != author:
            return _conflict(op_id, record, [("deleted", False, True, False)], changed_by)
        return _APPLY
    # restore
    return _APPLY if record.deleted else _agreed(op_id, record)


def _agreed(op_id: str, record: _RecordState) -> Result:
    """An op the stored record already agrees with: applied, at the record's version and seq."""
    return Result(
        op_id=op_id, status="applied", version=record.version, server_seq=record.server_seq
    )


def _conflict(
    op_id: str,
    record: _RecordState,
    fields: Iterable[tuple[str, Any, Any, Any]],
    reason: str,
) -> Result:
    """A conflict with the stored record: each (field, base, mine, theirs), with who changed the
    record last and when; ``reason`` a French text with ``{by}`` and ``{date}``."""
    by, at = record.updated_by, record.updated_at
    return Result(
        op_id=op_id,
        status="conflict",
        version=record.version,
        conflicts=[
            Conflict(field=name, base=base, mine=mine, theirs=theirs, by=by, at=at)
            for name, base, mine, theirs in fields
        ],
        reason=reason.format(by=by, date=voc.format_date(at)),
    )


def _same_natural_record(op: Op, check: _Checked, record: _RecordState) -> Result:
    """A create of a record another device created first with the same natural key (same id).

    A tombstone is brought back with the new values; a live record with the same values is the
    same record (nothing to do); different values are a conflict, shown to the user.
    """
    if record.deleted:
        return _APPLY
    differing = sorted(
        name for name, value in check.fields.items() if record.data.get(name) != value
    )
    if not differing:
        return _agreed(op.op_id, record)
    fields = [(name, None, check.fields[name], record.data.get(name)) for name in differing]
    return _conflict(op.op_id, record, fields, srv_tx.CENTRAL_REASON_CHANGED_BY)


def _change(record: _RecordState, op: Op, after: dict[str, Any] | None) -> None:
    """Apply an accepted op to the record in memory: a create or update sets the values
    :func:`_check_rules` checked (``after``)."""
    record.typed = None  # coerced again if the batch changes the record once more
    if op.kind in ("create", "update"):
        assert after is not None
        record.data = after
        if op.kind == "create":
            record.deleted = False  # a create may bring a tombstone back
    elif op.kind == "delete":
        record.deleted = True
    else:
        record.deleted = False
