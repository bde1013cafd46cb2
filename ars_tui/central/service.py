"""What the endpoints do, without HTTP: apply a push, read a pull page, purge old tombstones.

A push is one write transaction (SYNC.md, "The server"):

1. lock the sequence group's counter row (``FOR UPDATE``; SQLite: the write lock of
   ``BEGIN IMMEDIATE``), so concurrent pushes of one region run one after the other;
2. read in two queries the ops already applied (by ``op_id``) and the records the batch touches;
3. decide each op in order, in memory (applied / duplicate / conflict / rejected / blocked);
   an op outside the token's scope, or whose record would break a rule a device applies on a
   save (:func:`storage.record_rules.check_synced_record`, run on the whole record: a create as
   sent, an update merged onto the stored record), is ``rejected`` alone, with a French reason
   that quotes no value, and the rest of the batch goes on: no single op fails a batch;
4. write the records, their natural keys, one ``applied_op`` row per applied op, the
   ``record_change`` (history) each applied op brings (:func:`_derive_change`), and the
   counter, then commit.

Idempotency rests on the ``applied_op`` primary key, not on step 2: if two deliveries of one op
ever both get past the read (another path to the same rows), the second insert fails, the whole
transaction is rolled back and run again, and the replay then finds the stored result.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import IntegrityError

from ars_tui.central import messages as srv_tx
from ars_tui.central.db import (
    applied_op,
    as_utc,
    central_natural_key,
    central_record,
    read_connection,
    seq_counter,
    seq_group,
    write_transaction,
)
from ars_tui.central.merge import merge_fields
from ars_tui.central.tokens import Device
from ars_tui.protocol import MAX_PULL_BYTES, OP_KINDS, Conflict, Op, Result
from storage import record_rules, rules
from storage import vocabulary as voc
from storage.coercion import coerce, coerce_often
from storage.field_specs import field_specs
from storage.history import change_fields
from storage.models import HISTORY_ENTITY, SYNC_COLUMNS, SYNCED_TYPES
from storage.reference import packaged_keys, packaged_rows
from storage.validation import POLYMORPHIC_REFERENCES as POLYMORPHIC
from storage.validation import ValidationError
from storage.wire import encode_value

log = logging.getLogger("ars_tui.central")

#: Columns the device derives itself (storage.store.DERIVED_COLUMNS): never sent, never stored.
DERIVED_COLUMNS: frozenset[str] = frozenset({"search_key"})
#: Sizes of the identifier columns (an op over them is rejected, not cut).
MAX_ID_LENGTH = 36
MAX_USER_LENGTH = 120
#: Parameters per IN (...) query. Small on purpose: SQLAlchemy 2.1 names the expanded
#: parameters in a loop that grows with the square of their number (500 cost 60 ms, 100: 2 ms).
_CHUNK = 100
#: How many times a push is run again after a constraint stopped a concurrent duplicate.
_ATTEMPTS = 3
#: Rows read from the database at a time while a pull page is built.
_PULL_FETCH = 50
#: The range of a SQLite INTEGER (and of a PostgreSQL bigint).
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


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


#: The encoder json.dumps would build on every call (one per stored record), made once.
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode


def _json(value: Any) -> str:
    return _JSON(value)


# --- per-op checks that need no database ---------------------------------------------------------


def user_columns(entity: str) -> dict[str, Any]:
    """Columns a device sends for ``entity``, with their default (None when there is none)."""
    return dict(_user_columns(entity))


@cache
def _user_columns(entity: str) -> dict[str, Any]:
    table = SYNCED_TYPES[entity].__table__  # type: ignore[attr-defined]
    columns: dict[str, Any] = {}
    for column in table.columns:
        if column.name in SYNC_COLUMNS or column.name in DERIVED_COLUMNS:
            continue
        default = column.default
        columns[column.name] = (
            encode_value(default.arg) if default is not None and default.is_scalar else None
        )
    return columns


@dataclass
class _Checked:
    """An op after the checks that need no database: normalised values, or why it is refused."""

    fields: dict[str, Any] = field(default_factory=dict)
    base: dict[str, Any] = field(default_factory=dict)
    reason: str | None = None
    #: ``fields`` as their columns' types (coerced once here, not again by the record rules).
    typed: dict[str, Any] = field(default_factory=dict)


def _normalise(
    entity: str, values: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
    """Values as the device's store would keep them (JSON form), the same as their columns'
    types (for the record rules), and the fields that do not fit.

    A whole number must fit a SQLite INTEGER (64 bits): a device could not store a bigger one,
    and every later pull of that record would fail on every device.
    """
    result: dict[str, Any] = {}
    typed: dict[str, Any] = {}
    bad: list[str] = []
    for name, value in values.items():
        try:
            typed_value = coerce_often(entity, name, value)
            coerced = encode_value(typed_value)
        except (ValidationError, ValueError, TypeError, ArithmeticError):
            # ArithmeticError: a number too big for a float (OverflowError) or a Decimal.
            bad.append(name)
            continue
        if isinstance(coerced, int) and not _INT64_MIN <= coerced <= _INT64_MAX:
            bad.append(name)
            continue
        result[name] = coerced
        typed[name] = typed_value
    return result, typed, bad


def _has_nul(value: Any) -> bool:
    """A NUL character anywhere in a value (PostgreSQL text cannot hold one)."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


def check_op(op: Op) -> _Checked:
    """Refuse what the server cannot store; reasons in French, never quoting a value."""
    if not (0 < len(op.op_id) <= MAX_ID_LENGTH and 0 < len(op.entity_id) <= MAX_ID_LENGTH):
        return _Checked(reason=srv_tx.CENTRAL_REASON_BAD_ID)
    if "\x00" in op.op_id or "\x00" in op.entity_id:
        return _Checked(reason=srv_tx.CENTRAL_REASON_BAD_ID)
    if not 0 < len(op.user) <= MAX_USER_LENGTH or "\x00" in op.user:
        return _Checked(reason=srv_tx.CENTRAL_REASON_BAD_USER)
    if op.kind not in OP_KINDS:
        return _Checked(reason=srv_tx.CENTRAL_REASON_UNKNOWN_KIND.format(kind=op.kind[:20]))
    if op.entity not in SYNCED_TYPES:
        return _Checked(reason=srv_tx.CENTRAL_REASON_UNKNOWN_ENTITY.format(entity=op.entity[:40]))
    if op.kind in ("delete", "restore"):
        return _Checked()  # their fields are just {"deleted": ...}; the kind says it all
    columns = user_columns(op.entity)
    unknown = sorted(name for name in op.fields if name not in columns)
    if unknown:
        names = ", ".join(name[:60] for name in unknown[:10])
        return _Checked(reason=srv_tx.CENTRAL_REASON_UNKNOWN_FIELDS.format(fields=names))
    if op.kind == "update" and not op.fields:
        return _Checked(reason=srv_tx.CENTRAL_REASON_EMPTY_UPDATE)
    unstorable = sorted(name for name, value in op.fields.items() if _has_nul(value))
    if unstorable:
        labels = ", ".join(voc.field_label(name) for name in unstorable[:10])
        return _Checked(reason=srv_tx.CENTRAL_REASON_UNSTORABLE.format(fields=labels))
    fields, typed, bad = _normalise(op.entity, op.fields)
    if bad:
        labels = ", ".join(voc.field_label(name) for name in sorted(bad))
        return _Checked(reason=srv_tx.CENTRAL_REASON_BAD_VALUES.format(fields=labels))
    # The base is what the user saw: normalised the same way when possible, as sent otherwise.
    seen = {
        name: value for name, value in op.base.items() if name in columns and not _has_nul(value)
    }
    normalised = _normalise(op.entity, seen)[0] if seen else {}
    base = {name: normalised.get(name, value) for name, value in seen.items()}
    return _Checked(fields=fields, base=base, typed=typed)


# --- push ----------------------------------------------------------------------------------------


def attested(op: Op, device: Device) -> Op:
    """The op with its author as the server records it: the person the device declares and the
    device its token names ("Marie Payet (tablette-st-denis)"), never the client's text alone."""
    author = srv_tx.CENTRAL_AUTHOR.format(person=op.user, device=device.name)
    return op.model_copy(update={"user": author[:MAX_USER_LENGTH]})


@dataclass
class _RecordState:
    """A record as the batch sees it, changed in memory and written once at the end."""

    entity: str
    id: str
    ars_code: str
    version: int
    server_seq: int
    deleted: bool
    data: dict[str, Any]
    updated_at: datetime
    updated_by: str
    new: bool = False
    dirty: bool = False
    #: ``data`` as its columns' types, for the record rules (None: not coerced yet, or stale).
    typed: dict[str, Any] | None = None


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _stored_results(connection: Connection, op_ids: Sequence[str]) -> dict[str, tuple[int, int]]:
    """(version, server_seq) of the ops of ``op_ids`` already applied."""
    stored: dict[str, tuple[int, int]] = {}
    for chunk in _chunks(sorted(set(op_ids))):
        rows = connection.execute(
            sa.select(applied_op.c.op_id, applied_op.c.version, applied_op.c.server_seq).where(
                applied_op.c.op_id.in_(chunk)
            )
        )
        stored.update({row.op_id: (row.version, row.server_seq) for row in rows})
    return stored


def _load_records(
    connection: Connection, keys: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], _RecordState]:
    by_entity: dict[str, list[str]] = {}
    for entity, record_id in keys:
        by_entity.setdefault(entity, []).append(record_id)
    records: dict[tuple[str, str], _RecordState] = {}
    for entity, ids in by_entity.items():
        for chunk in _chunks(sorted(set(ids))):
            rows = connection.execute(
                sa.select(central_record).where(
                    central_record.c.entity == entity, central_record.c.id.in_(chunk)
                )
            ).mappings()
            for row in rows:
                records[(entity, row["id"])] = _RecordState(
                    entity=entity,
                    id=row["id"],
                    ars_code=row["ars_code"],
                    version=row["version"],
                    server_seq=row["server_seq"],
                    deleted=row["deleted"],
                    data=json.loads(row["data"]),
                    updated_at=as_utc(row["updated_at"]),
                    updated_by=row["updated_by"],
                )
    return records


class _BatchReferences:
    """:class:`storage.validation.References` for one push: the batch's records as they stand in
    memory, then the stored records of the token's scope, then the packaged reference data."""

    def __init__(
        self,
        connection: Connection,
        records: dict[tuple[str, str], _RecordState],
        scope: set[str],
    ) -> None:
        self.connection = connection
        self.records = records
        self.scope = scope
        #: (entity, field, value) already looked up in the database by records_where.
        self.searched: set[tuple[str, str, Any]] = set()

    def prefetch(self, ops: Sequence[Op]) -> None:
        """Load in a few queries the records the ops' reference fields point at."""
        wanted: set[tuple[str, str]] = set()
        for op in ops:
            if op.entity not in SYNCED_TYPES or op.kind not in ("create", "update"):
                continue
            specs = field_specs(op.entity)
            for name, value in op.fields.items():
                spec = specs.get(name)
                target = spec.foreign_table if spec is not None else None
                if target in SYNCED_TYPES and isinstance(value, str):
                    wanted.add((target, value))
            if op.entity in POLYMORPHIC:
                entity_field, id_field = POLYMORPHIC[op.entity]
                target, value = op.fields.get(entity_field), op.fields.get(id_field)
                # Any JSON may come here (a forged op): only text can name a record type.
                if isinstance(target, str) and target in SYNCED_TYPES and isinstance(value, str):
                    wanted.add((target, value))
        missing = [key for key in wanted if key not in self.records]
        if missing:
            self.records.update(_load_records(self.connection, missing))

    def record_deleted(self, entity: str, record_id: Any) -> bool | None:
        if not isinstance(record_id, str):
            return None
        key = (entity, record_id)
        if key not in self.records:
            self.records.update(_load_records(self.connection, [key]))
        record = self.records.get(key)
        if record is None or record.ars_code not in self.scope:
            return None  # a device of this scope could not see it either
        return record.deleted

    def reference_exists(self, table: str, key: Any) -> bool:
        return str(key) in packaged_keys(table)

    def reference_keys(self, table: str) -> list[str]:
        return sorted(packaged_keys(table))

    # The rules that read other records (storage.validation.RECORD_RULES, the rules of the
    # field): the same code as on a device, answered from this server's records.

    def reference_row(self, table: str, key: Any) -> Mapping[str, Any] | None:
        return packaged_rows(table).get(str(key))

    def record_fields(self, entity: str, record_id: Any) -> Mapping[str, Any] | None:
        if self.record_deleted(entity, record_id) is None:
            return None  # unknown, or outside the scope: a device would not have it either
        return _record_fields(self.records[(entity, record_id)])

    def records_where(self, entity: str, field: str, value: Any) -> list[Mapping[str, Any]]:
        """Stored records found by one query (once per batch), then the batch's records as
        they stand in memory: a record the batch moved away no longer counts."""
        if (entity, field, value) not in self.searched:
            self.searched.add((entity, field, value))
            ids = _record_ids_where(self.connection, entity, field, value, self.scope)
            missing = [
                (entity, record_id) for record_id in ids if (entity, record_id) not in self.records
            ]
            if missing:
                self.records.update(_load_records(self.connection, missing))
        return [
            _record_fields(record)
            for record in self.records.values()
            if record.entity == entity
            and not record.deleted
            and record.ars_code in self.scope
            and record.data.get(field) == value
        ]


def _record_fields(record: _RecordState) -> dict[str, Any]:
    return {**record.data, "id": record.id, "ars_code": record.ars_code, "deleted": record.deleted}


def _record_ids_where(
    connection: Connection, entity: str, field: str, value: Any, scope: set[str]
) -> list[str]:
    """Ids of the live stored records of ``entity`` in ``scope`` whose JSON ``field`` is the
    text ``value`` (SQLite's json_extract, PostgreSQL's json_extract_path_text)."""
    data = central_record.c.data
    if connection.dialect.name == "postgresql":
        extracted = sa.func.json_extract_path_text(sa.cast(data, sa.JSON), field)
    else:
        extracted = sa.func.json_extract(data, f"$.{field}")
    query = sa.select(central_record.c.id).where(
        central_record.c.entity == entity,
        central_record.c.ars_code.in_(sorted(scope)),
        central_record.c.deleted.is_(False),
        extracted == str(value),
    )
    return list(connection.execute(query).scalars())


def rule_reason(
    op: Op,
    data: Mapping[str, Any],
    references: Any,
    device: Device,
    *,
    today: Any,
    coerced: bool = False,
) -> str | None:
    """Why the record ``data`` (whole, wire values; or typed values with ``coerced``) may not
    be stored, in French, or None.

    The same rules as a device's save; the reason names the fields, never their values.
    """
    record = {**data, "ars_code": op.ars_code}
    creating = op.kind == "create"
    if op.entity not in record_rules.PARENT_REFERENCES:
        expected = _commune_ars(op.entity, record, today)
        if expected is not None and expected != op.ars_code:
            return srv_tx.CENTRAL_REASON_TERRITORY
    territory, errors = record_rules.synced_record_errors(
        op.entity,
        record,
        references,
        device_ars=device.ars_code,
        creating=creating,
        record_id=op.entity_id,
        coerced=coerced,
    )
    if territory:
        return srv_tx.CENTRAL_REASON_TERRITORY
    if errors:
        names = sorted({item.field for item in errors if item.field is not None})
        if not names:
            return srv_tx.CENTRAL_REASON_RULES_RECORD
        labels = ", ".join(voc.field_label(name) for name in names[:10])
        return srv_tx.CENTRAL_REASON_RULES.format(fields=labels)
    return None


def _commune_ars(entity: str, record: Mapping[str, Any], today: date) -> str | None:
    """The ARS a record's commune gives it on its date (today without one), as the device does."""
    commune = record.get("commune_code")
    if not isinstance(commune, str) or not commune:
        return None
    raw = record.get(record_rules.REFERENCE_DATE_FIELDS.get(entity, ""))
    on = today
    if isinstance(raw, date):  # typed values (datetime is a date too)
        on = raw if type(raw) is date else raw.date()  # type: ignore[attr-defined]
    elif isinstance(raw, str):
        with contextlib.suppress(ValueError):  # a bad date: the field rules say so
            on = date.fromisoformat(raw[:10])
    return _ars_of_commune(commune, on)


@lru_cache(maxsize=4096)
def _ars_of_commune(commune: str, on: date) -> str | None:
    try:
        return rules.ars_of_commune(commune, on)
    except (ValidationError, ValueError):
        return None  # an unknown commune: the field rules say so


def warm_rules() -> None:
    """Read the packaged reference data the record rules check against (about 0.2 s), once,
    at start: not during the first push."""
    for table in ("commune", "epci", "ars"):
        packaged_keys(table)


def push(engine: Engine, device: Device, ops: Sequence[Op], now: datetime) -> list[Result]:
    """Apply a batch of ops for ``device`` in one transaction; one Result per op, same order.

    Never refuses the batch for one op: an op outside the scope or breaking a rule is rejected
    alone (see the module docstring).
    """
    checked = [check_op(op) for op in ops]
    ops = [attested(op, device) for op in ops]
    for attempt in range(_ATTEMPTS):
        try:
            with write_transaction(engine) as connection:
                return _push_in_transaction(connection, device, ops, checked, as_utc(now))
        except IntegrityError:
            # A concurrent delivery of the same op won the constraint: run again, the stored
            # results now answer it as a duplicate.
            log.info("push retried after a constraint (attempt %d)", attempt + 1)
    with write_transaction(engine) as connection:
        return _push_in_transaction(connection, device, ops, checked, as_utc(now))


def _load_natural_keys(
    connection: Connection, ops: Sequence[Op], checked: Sequence[_Checked]
) -> dict[tuple[str, str, str], str]:
    """Which record holds each natural key the batch's creates and updates name."""
    wanted: dict[str, set[tuple[str, str]]] = {}
    for op, check in zip(ops, checked, strict=True):
        names = record_rules.NATURAL_KEYS.get(op.entity)
        if names is None or check.reason is not None:
            continue
        key = record_rules.natural_key(op.entity, check.fields)
        if key is not None:
            wanted.setdefault(op.entity, set()).add(key)
    found: dict[tuple[str, str, str], str] = {}
    table = central_natural_key
    for entity, keys in wanted.items():
        for chunk in _chunks(sorted({a for a, _ in keys})):
            rows = connection.execute(
                sa.select(table.c.key_a, table.c.key_b, table.c.id).where(
                    table.c.entity == entity, table.c.key_a.in_(chunk)
                )
            )
            found.update({(entity, row.key_a, row.key_b): row.id for row in rows})
    return found


def _push_in_transaction(
    connection: Connection,
    device: Device,
    ops: Sequence[Op],
    checked: Sequence[_Checked],
    now: datetime,
) -> list[Result]:
    group = seq_group(device.ars_code)
    scope = set(device.scope)
    last_seq = connection.execute(
        sa.select(seq_counter.c.last_seq).where(seq_counter.c.seq_group == group).with_for_update()
    ).scalar_one()
    next_seq = last_seq
    # Ids with a NUL never reach a query (PostgreSQL refuses them): check_op rejects those ops.
    stored = _stored_results(connection, [op.op_id for op in ops if "\x00" not in op.op_id])
    keys = {
        (op.entity, op.entity_id)
        for op in ops
        if op.entity in SYNCED_TYPES and "\x00" not in op.entity_id
    }
    keys |= _change_keys(ops)
    records = _load_records(connection, keys)
    references = _BatchReferences(connection, records, scope)
    references.prefetch([op for op, check in zip(ops, checked, strict=True) if not check.reason])
    natural = _load_natural_keys(connection, ops, checked)
    #: Natural keys taken or moved by this batch: (entity, a, b) -> record id, None when freed.
    natural_changes: dict[tuple[str, str, str], str | None] = {}

    results: list[Result] = []
    failed: set[tuple[str, str]] = set()
    applied_rows: list[dict[str, Any]] = []
    applied_now: dict[str, tuple[int, int]] = {}

    for op, check in zip(ops, checked, strict=True):
        key = (op.entity, op.entity_id)
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
        outcome = _pushed_change(op, record) or _decide(op, check, record, now)
        if outcome.version is None and outcome.status == "applied":
            outcome = _check_rules(op, check, record, references, device, natural, now)
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
                    updated_by=op.user,
                    new=True,
                )
                records[key] = record
            before = record_rules.natural_key(op.entity, record.data)
            _change(record, op, check)
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
            record.updated_by = op.user
            record.dirty = True
            outcome = Result(
                op_id=op.op_id, status="applied", version=record.version, server_seq=next_seq
            )
        assert outcome.version is not None and outcome.server_seq is not None
        applied_now[op.op_id] = (outcome.version, outcome.server_seq)
        applied_rows.append(
            {
                "op_id": op.op_id,
                "entity": op.entity,
                "entity_id": op.entity_id,
                "ars_code": op.ars_code,
                "device_id": device.id,
                "version": outcome.version,
                "server_seq": outcome.server_seq,
                "applied_at": now,
            }
        )
        results.append(outcome)
        next_seq = _derive_change(op, check, records, now, next_seq)

    _write(connection, group, records.values(), applied_rows, next_seq, last_seq)
    _write_natural_keys(connection, natural_changes)
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
    return Result(
        op_id=op.op_id, status="applied", version=record.version, server_seq=record.server_seq
    )


def _derive_change(
    op: Op,
    check: _Checked,
    records: dict[tuple[str, str], _RecordState],
    now: datetime,
    next_seq: int,
) -> int:
    """Write (in memory, with the batch) the ``record_change`` of an applied edit: the history
    the other devices pull, as the edit's device declares it (its fields, and its base as the
    values before), author as the server attests it. Returns the batch's last seq."""
    key = (HISTORY_ENTITY, op.op_id)
    if op.entity == HISTORY_ENTITY or key in records:
        return next_seq
    if op.kind in ("delete", "restore"):
        fields, base = op.fields, op.base  # {"deleted": ...}: check_op keeps nothing of them
    else:
        fields, base = check.fields, check.base
    at = op.client_time.isoformat()
    data = change_fields(op.entity, op.entity_id, op.kind, fields, base, at=at, author=op.user)
    next_seq += 1
    records[key] = _RecordState(
        entity=HISTORY_ENTITY,
        id=op.op_id,
        ars_code=op.ars_code,
        version=1,
        server_seq=next_seq,
        deleted=False,
        data={**user_columns(HISTORY_ENTITY), **data},
        updated_at=now,
        updated_by=op.user,
        new=True,
        dirty=True,
    )
    return next_seq


def _check_rules(
    op: Op,
    check: _Checked,
    record: _RecordState | None,
    references: _BatchReferences,
    device: Device,
    natural: dict[tuple[str, str, str], str],
    now: datetime,
) -> Result:
    """An op :func:`_decide` would apply, against the record rules and the natural keys."""
    if op.kind == "create":
        data = {**user_columns(op.entity), **check.fields}
        typed = {**_typed_defaults(op.entity), **check.typed}
    elif op.kind == "update":
        assert record is not None
        merged = merge_fields(check.base, check.fields, record.data)
        data = {**record.data, **merged.changes}
        stored = _typed_record(record)
        typed = None if stored is None else {**stored, **_typed_changes(check, merged.changes)}
    else:
        return Result(op_id=op.op_id, status="applied")  # delete / restore: no field changes
    reason = _record_rules_reason(op, data, typed, references, device, now)
    if reason is not None:
        return Result(op_id=op.op_id, status="rejected", reason=reason)
    key = record_rules.natural_key(op.entity, data)
    if key is not None:
        holder = natural.get((op.entity, *key))
        if holder and holder != op.entity_id:
            names = record_rules.NATURAL_KEYS[op.entity]
            return Result(
                op_id=op.op_id,
                status="rejected",
                reason=srv_tx.CENTRAL_REASON_NATURAL_KEY.format(
                    entity=voc.ENTITY_LABELS.get(op.entity, op.entity),
                    fields=", ".join(voc.field_label(name) for name in names),
                ),
            )
    return Result(op_id=op.op_id, status="applied")


# --- the record rules on values coerced once ----------------------------------------------------


def _record_rules_reason(
    op: Op,
    data: dict[str, Any],
    typed: dict[str, Any] | None,
    references: _BatchReferences,
    device: Device,
    now: datetime,
) -> str | None:
    """:func:`rule_reason` on the op's values as check_op coerced them (``typed``), or on the
    wire values when a stored value does not coerce (a record stored before the checks)."""
    if typed is None:
        return rule_reason(op, data, references, device, today=now.date())
    return rule_reason(op, typed, references, device, today=now.date(), coerced=True)


@cache
def _typed_defaults(entity: str) -> dict[str, Any]:
    """The defaults of :func:`user_columns` as their columns' types."""
    return {name: coerce(entity, name, value) for name, value in _user_columns(entity).items()}


def _typed_changes(check: _Checked, changes: Mapping[str, Any]) -> dict[str, Any]:
    return {name: check.typed[name] for name in changes}


def _typed_record(record: _RecordState) -> dict[str, Any] | None:
    """The stored record's values as their columns' types, once per batch; None when one of
    them does not coerce (the rules then see the wire values and say what is wrong)."""
    if record.typed is None:
        try:
            record.typed = {
                name: coerce_often(record.entity, name, value)
                for name, value in record.data.items()
            }
        except (ValidationError, ValueError, TypeError, ArithmeticError):
            return None
    return record.typed


def _write_natural_keys(
    connection: Connection, changes: Mapping[tuple[str, str, str], str | None]
) -> None:
    """Free the natural keys the batch moved away from, then take the new ones."""
    table = central_natural_key
    for (entity, key_a, key_b), record_id in changes.items():
        connection.execute(
            sa.delete(table).where(
                table.c.entity == entity, table.c.key_a == key_a, table.c.key_b == key_b
            )
        )
        if record_id is not None:
            connection.execute(
                sa.insert(table).values(entity=entity, key_a=key_a, key_b=key_b, id=record_id)
            )


def _decide(op: Op, check: _Checked, record: _RecordState | None, now: datetime) -> Result:
    """The result of one op against the record as the batch left it.

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
        return Result(op_id=op_id, status="applied")
    if record is None:
        return Result(op_id=op_id, status="rejected", reason=srv_tx.CENTRAL_REASON_UNKNOWN_RECORD)
    unchanged = Result(
        op_id=op_id, status="applied", version=record.version, server_seq=record.server_seq
    )
    at = record.updated_at
    when = voc.format_date(at)
    if op.kind == "update":
        if record.deleted:
            return Result(
                op_id=op_id,
                status="conflict",
                version=record.version,
                conflicts=[
                    Conflict(
                        field="deleted",
                        base=False,
                        mine=False,
                        theirs=True,
                        by=record.updated_by,
                        at=at,
                    )
                ],
                reason=srv_tx.CENTRAL_REASON_DELETED_BY.format(by=record.updated_by, date=when),
            )
        merged = merge_fields(check.base, check.fields, record.data)
        if not merged.ok:
            return Result(
                op_id=op_id,
                status="conflict",
                version=record.version,
                conflicts=[
                    Conflict(
                        field=item.field,
                        base=item.base,
                        mine=item.mine,
                        theirs=item.theirs,
                        by=record.updated_by,
                        at=at,
                    )
                    for item in merged.conflicts
                ],
                reason=srv_tx.CENTRAL_REASON_CHANGED_BY.format(by=record.updated_by, date=when),
            )
        return Result(op_id=op_id, status="applied") if merged.changes else unchanged
    if op.kind == "delete":
        if record.deleted:
            return unchanged
        if record.version != op.base_version and record.updated_by != op.user:
            return Result(
                op_id=op_id,
                status="conflict",
                version=record.version,
                conflicts=[
                    Conflict(
                        field="deleted",
                        base=False,
                        mine=True,
                        theirs=False,
                        by=record.updated_by,
                        at=at,
                    )
                ],
                reason=srv_tx.CENTRAL_REASON_CHANGED_BY.format(by=record.updated_by, date=when),
            )
        return Result(op_id=op_id, status="applied")
    # restore
    return Result(op_id=op_id, status="applied") if record.deleted else unchanged


def _same_natural_record(op: Op, check: _Checked, record: _RecordState) -> Result:
    """A create of a record another device created first with the same natural key (same id).

    A tombstone is brought back with the new values; a live record with the same values is the
    same record (nothing to do); different values are a conflict, shown to the user.
    """
    if record.deleted:
        return Result(op_id=op.op_id, status="applied")
    differing = sorted(
        name for name, value in check.fields.items() if record.data.get(name) != value
    )
    if not differing:
        return Result(
            op_id=op.op_id, status="applied", version=record.version, server_seq=record.server_seq
        )
    return Result(
        op_id=op.op_id,
        status="conflict",
        version=record.version,
        conflicts=[
            Conflict(
                field=name,
                base=None,
                mine=check.fields[name],
                theirs=record.data.get(name),
                by=record.updated_by,
                at=record.updated_at,
            )
            for name in differing
        ],
        reason=srv_tx.CENTRAL_REASON_CHANGED_BY.format(
            by=record.updated_by, date=voc.format_date(record.updated_at)
        ),
    )


def _change(record: _RecordState, op: Op, check: _Checked) -> None:
    """Apply an accepted op to the record in memory."""
    record.typed = None  # coerced again if the batch changes the record once more
    if op.kind == "create":
        record.data = {**user_columns(op.entity), **check.fields}
        record.deleted = False
    elif op.kind == "update":
        merged = merge_fields(check.base, check.fields, record.data)
        record.data = {**record.data, **merged.changes}
    elif op.kind == "delete":
        record.deleted = True
    else:
        record.deleted = False


def _write(
    connection: Connection,
    group: str,
    records: Iterable[_RecordState],
    applied_rows: list[dict[str, Any]],
    next_seq: int,
    last_seq: int,
) -> None:
    """Write the batch: new records, changed records, applied ops, the counter."""
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for record in records:
        if not record.dirty:
            continue
        values = {
            "ars_code": record.ars_code,
            "seq_group": group,
            "version": record.version,
            "server_seq": record.server_seq,
            "deleted": record.deleted,
            "data": _json(record.data),
            "updated_at": record.updated_at,
            "updated_by": record.updated_by,
        }
        if record.new:
            inserts.append({"entity": record.entity, "id": record.id, **values})
        else:
            updates.append({"k_entity": record.entity, "k_id": record.id, **values})
    if inserts:
        connection.execute(sa.insert(central_record), inserts)
    if updates:
        connection.execute(
            sa.update(central_record)
            .where(
                central_record.c.entity == sa.bindparam("k_entity"),
                central_record.c.id == sa.bindparam("k_id"),
            )
            .values({name: sa.bindparam(name) for name in updates[0] if not name.startswith("k_")}),
            updates,
        )
    if applied_rows:
        connection.execute(sa.insert(applied_op), applied_rows)
    if next_seq != last_seq:
        connection.execute(
            sa.update(seq_counter).where(seq_counter.c.seq_group == group).values(last_seq=next_seq)
        )


# --- pull ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PullPage:
    """A pull answer already serialised (the stored JSON of the fields is spliced in as is)."""

    body: bytes
    rows: int
    cursor: int
    has_more: bool


def pull(
    engine: Engine, device: Device, since: int, limit: int, *, max_bytes: int = MAX_PULL_BYTES
) -> PullPage:
    """The records of the device's scope changed after ``since``, at most ``limit`` of them,
    and no more than about ``max_bytes`` of JSON (at least one row): a page is bounded in
    memory on both sides whatever the size of the records. Rows are read from the database a
    few at a time, so the server never holds more than the page either.

    Raises :class:`ResyncRequired` when tombstones newer than ``since`` were purged (or
    ``since`` is beyond the newest seq: the server's data was replaced).
    """
    group = seq_group(device.ars_code)
    with read_connection(engine) as connection:
        counter = connection.execute(
            sa.select(seq_counter.c.last_seq, seq_counter.c.purged_seq).where(
                seq_counter.c.seq_group == group
            )
        ).one()
        if since > 0 and since < counter.purged_seq:
            raise ResyncRequired(purged=True)
        if since > counter.last_seq:
            raise ResyncRequired(purged=False)
        result = connection.execute(
            sa.select(
                central_record.c.entity,
                central_record.c.id,
                central_record.c.ars_code,
                central_record.c.version,
                central_record.c.server_seq,
                central_record.c.deleted,
                central_record.c.data,
                central_record.c.updated_at,
                central_record.c.updated_by,
            )
            .where(
                central_record.c.seq_group == group,
                central_record.c.server_seq > since,
                central_record.c.ars_code.in_(device.scope),
            )
            .order_by(central_record.c.server_seq)
            .limit(limit + 1),
            execution_options={"yield_per": _PULL_FETCH},
        )
        parts: list[str] = []
        size = 0
        cursor = since
        has_more = False
        for row in result:
            if len(parts) >= limit or (parts and size >= max_bytes):
                has_more = True
                break
            part = _row_json(row)
            parts.append(part)
            size += len(part)
            cursor = row.server_seq
        result.close()
    more = "true" if has_more else "false"
    body = f'{{"rows":[{",".join(parts)}],"cursor":{cursor},"has_more":{more}}}'
    return PullPage(body=body.encode("utf-8"), rows=len(parts), cursor=cursor, has_more=has_more)


def _row_json(row: sa.Row[Any]) -> str:
    """One Row of the wire as JSON, the stored fields text spliced in without parsing it."""
    dumps = json.dumps
    deleted = "true" if row.deleted else "false"
    updated_at = dumps(as_utc(row.updated_at).isoformat())
    return (
        f'{{"entity":{dumps(row.entity)},"id":{dumps(row.id)},'
        f'"ars_code":{dumps(row.ars_code)},"version":{row.version},'
        f'"server_seq":{row.server_seq},"deleted":{deleted},"fields":{row.data},'
        f'"updated_at":{updated_at},"updated_by":{dumps(row.updated_by, ensure_ascii=False)}}}'
    )


# --- tombstones ----------------------------------------------------------------------------------


def purge_tombstones(engine: Engine, *, now: datetime, horizon_days: int) -> int:
    """Delete the tombstones older than ``horizon_days``; returns how many went.

    Each group's ``purged_seq`` keeps the newest purged seq: a device whose cursor is older
    never saw those deletions, so its next pull gets 410 and it downloads everything again.
    """
    cutoff = as_utc(now) - timedelta(days=horizon_days)
    old = sa.and_(central_record.c.deleted.is_(True), central_record.c.updated_at < cutoff)
    with write_transaction(engine) as connection:
        # Lock every counter (in one order: no deadlock with a push, which locks one).
        connection.execute(
            sa.select(seq_counter.c.seq_group).order_by(seq_counter.c.seq_group).with_for_update()
        ).all()
        newest = connection.execute(
            sa.select(central_record.c.seq_group, sa.func.max(central_record.c.server_seq))
            .where(old)
            .group_by(central_record.c.seq_group)
        ).all()
        if not newest:
            return 0
        removed = connection.execute(sa.delete(central_record).where(old)).rowcount
        for group, seq in newest:
            connection.execute(
                sa.update(seq_counter)
                .where(seq_counter.c.seq_group == group, seq_counter.c.purged_seq < seq)
                .values(purged_seq=seq)
            )
    log.info("purged %d tombstones older than %d days", removed, horizon_days)
    return removed
