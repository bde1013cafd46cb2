"""The checks of a pushed op: those that need no database (columns, values, sizes), and the
rules a record obeys wherever it is saved, checked against the batch and the stored records
(loaded here).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache, lru_cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from ars_tui.central import messages as srv_tx
from ars_tui.central.db import (
    as_utc,
    central_record,
)
from ars_tui.central.tokens import Device
from ars_tui.protocol import OP_KINDS, Op
from storage import vocabulary as voc
from storage.models import SYNC_COLUMNS, SYNCED_TYPES
from storage.records import record_rules, rules
from storage.records.coercion import coerce, coerce_often, coercer
from storage.records.field_specs import ValidationError, field_specs
from storage.records.validation import POLYMORPHIC_REFERENCES as POLYMORPHIC
from storage.reference.load import packaged_keys, packaged_rows
from storage.wire import encode_value

#: Columns the device derives itself (storage.records.save_steps.DERIVED_COLUMNS): never sent, never
#: stored.
DERIVED_COLUMNS: frozenset[str] = frozenset({"search_key"})


#: Sizes of the identifier columns (an op over them is rejected, not cut).
MAX_ID_LENGTH = 36


MAX_USER_LENGTH = 120


#: Parameters per IN (...) query, written as driver SQL by :func:`_rows_in` (SQLAlchemy 2.1 names
#: expanded parameters in a loop that grows with the square of their number: 500 cost 60 ms).
_CHUNK = 500


#: The range of a SQLite INTEGER (and of a PostgreSQL bigint).
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


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
    coercers = _coercers(entity)
    for name, value in values.items():
        convert = coercers.get(name)
        if convert is None:  # not a field (check_op lets none through): coerce says why
            convert = coercer(entity, name)
        elif value is None:
            result[name] = typed[name] = None  # what coerce gives a field's None (half of them)
            continue
        try:
            typed_value = convert(value)
        except (ValidationError, ValueError, TypeError, ArithmeticError):
            # ArithmeticError: a number too big for a float (OverflowError) or a Decimal.
            bad.append(name)
            continue
        if type(typed_value) is str or typed_value is None:
            result[name] = typed[name] = typed_value  # text (most values) is kept as it is
            continue
        coerced = encode_value(typed_value)  # dates as text, the rest as it is
        if isinstance(coerced, int) and not _INT64_MIN <= coerced <= _INT64_MAX:
            bad.append(name)
            continue
        result[name] = coerced
        typed[name] = typed_value
    return result, typed, bad


@cache
def _coercers(entity: str) -> dict[str, Any]:
    """Each field's :func:`coercer`, looked up once per record type, not per field per op."""
    return {name: coercer(entity, name) for name in field_specs(entity)}


def _has_nul(value: Any) -> bool:
    """A NUL character anywhere in a value (PostgreSQL text cannot hold one)."""
    if value is None:
        return False  # half the values of a create: answered first
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
    columns = _user_columns(op.entity)  # read only here: not the copy user_columns makes
    unknown = [] if op.fields.keys() <= columns.keys() else sorted(set(op.fields) - set(columns))
    if unknown:
        names = ", ".join(name[:60] for name in unknown[:10])
        return _Checked(reason=srv_tx.CENTRAL_REASON_UNKNOWN_FIELDS.format(fields=names))
    if op.kind == "update" and not op.fields:
        return _Checked(reason=srv_tx.CENTRAL_REASON_EMPTY_UPDATE)
    unstorable = sorted(
        name
        for name, value in op.fields.items()
        if value is not None and ("\x00" in value if type(value) is str else _has_nul(value))
    )
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


def _rows_in(
    connection: Connection, sql: str, values: Sequence[Any], *before: Any
) -> Iterator[Sequence[Any]]:
    """The rows of ``sql`` for ``values``, a chunk at a time, as driver SQL: ``{mark}`` is one
    parameter, ``{marks}`` the IN list; ``before`` the parameters that come ahead of it."""
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    for chunk in _chunks(values):
        query = sql.format(mark=mark, marks=", ".join([mark] * len(chunk)))
        yield from connection.exec_driver_sql(query, (*before, *chunk))


_RECORDS_SQL = (
    "SELECT id, ars_code, version, server_seq, deleted, data, updated_at, updated_by"
    " FROM central_record WHERE entity = {mark} AND id IN ({marks})"
)


def _load_records(
    connection: Connection, keys: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], _RecordState]:
    by_entity: dict[str, list[str]] = {}
    for entity, record_id in keys:
        by_entity.setdefault(entity, []).append(record_id)
    # Driver SQL returns what the driver gives: SQLite's datetimes are text, parsed as
    # SQLAlchemy would (its column type's result processor); booleans may be 0/1.
    moment = central_record.c.updated_at.type._cached_result_processor(connection.dialect, None)
    records: dict[tuple[str, str], _RecordState] = {}
    for entity, ids in by_entity.items():
        rows = _rows_in(connection, _RECORDS_SQL, sorted(set(ids)), entity)
        for record_id, ars_code, version, seq, deleted, data, updated_at, updated_by in rows:
            at = as_utc(updated_at if moment is None else moment(updated_at))
            state = (entity, record_id, ars_code, version, seq, bool(deleted), json.loads(data))
            records[(entity, record_id)] = _RecordState(*state, at, updated_by)  # field order
    return records


class _BatchReferences:
    """:class:`storage.records.references.References` for one push: the batch's records as they
    stand in memory, then the stored records of the token's scope, then the packaged reference
    data."""

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
            # The record types its fields point at, looked up once per type, not per field.
            for name, target in record_rules._parent_fields(op.entity):
                value = op.fields.get(name)
                if target is not None and isinstance(value, str):
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

    # str(table): a field spec names its table with SQLAlchemy's quoted_name, a str subclass
    # that the cache of packaged_keys files apart from the plain str warm_rules loaded.
    def reference_exists(self, table: str, key: Any) -> bool:
        return str(key) in packaged_keys(str(table))

    def reference_keys(self, table: str) -> list[str]:
        return sorted(packaged_keys(str(table)))

    # The rules that read other records (storage.records.validation.RECORD_RULES, the rules of the
    # field): the same code as on a device, answered from this server's records.

    def reference_row(self, table: str, key: Any) -> Mapping[str, Any] | None:
        return packaged_rows(str(table)).get(str(key))

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
