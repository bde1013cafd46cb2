"""Bulk saves (imports): many creates and updates, each checked as a save is, written together.

:class:`BulkSave` runs a save's steps (:class:`storage.records.store.Store`'s helpers: coercion,
derived values, workflow, ARS, :func:`~storage.records.validation.validate_record`, territory) on
each record and writes what they give (the rows, one outbox op and one history entry per record)
with one ``executemany`` per table, on the connection of one :meth:`Store.batch` transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from functools import lru_cache
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Float, Integer, String, Table, func, select, update

from storage import vocabulary as voc
from storage.db import sqlite_datetime
from storage.models import SYNC_COLUMNS, OutboxOp
from storage.records import record_rules, references, rules, save_steps, validation, workflows
from storage.records.save_steps import table_of
from storage.records.server_state import keep_server_state
from storage.records.store import CREATED_FIELDS, Store
from storage.records.validation import FieldError, ValidationError
from storage.text import SEARCH_KEY_SOURCES, search_key
from storage.uuids import IdFactory  # fast UUIDv7 ids, in creation order
from storage.wire import encode_value


class BulkSave:
    """Many creates and updates, each checked as a save is, written together (imports).

    :meth:`create` and :meth:`update` run the same steps as :meth:`Store.create`,
    :meth:`Store.update` and :meth:`Store.transition` (coercion, derived values, workflow, ARS,
    :func:`~storage.records.validation.validate_record`) and raise the same
    :class:`~storage.records.validation.ValidationError`; what they would write (the row, its outbox
    op, its history) waits in memory until :meth:`flush` writes each table with one ``executemany``.
    Reference checks (commune, ARS, professional) are answered once per value for the batch.

    Use on the connection of :meth:`Store.batch`: the batch's one transaction makes the whole
    import land or not at all. A queued record is not visible to reads until flushed; don't mix
    with the store's own edits between two flushes (the outbox ``seq`` is given at flush time).
    """

    def __init__(self, store: Store, connection: Connection) -> None:
        self.store = store
        self.connection = connection
        self.references: dict[tuple[str, Any], list[FieldError]] = {}
        self._zoning: dict[tuple[str, date], str | None] = {}
        # Ids made a thousand at a time (the same ids, in the same order, as one by one).
        self._ids = _ids_of(IdFactory())
        self._inserts: dict[str, list[dict[str, Any]]] = {}
        self._updates: dict[tuple[str, tuple[str, ...]], list[dict[str, Any]]] = {}
        self._before: dict[str, dict[str, Mapping[str, Any]]] = {}
        self._ops: list[list[Any]] = []
        self._history: list[tuple[Any, ...]] = []
        self._default_values: dict[str, dict[str, Any]] = {}
        self._stamps: dict[datetime, str] = {}
        # Stateless reads of the connection: made once, not once per record checked.
        self._lookup = references.as_references(connection)

    def _defaults(self, entity: str) -> dict[str, Any]:
        """A new record's values before the user's: the columns' defaults (as Store.create)."""
        found = self._default_values.get(entity)
        if found is None:
            found = {
                column.name: column.default.arg if save_steps.has_scalar_default(column) else None
                for column in table_of(entity).columns
                if column.name not in SYNC_COLUMNS and column.name != "search_key"
            }
            self._default_values[entity] = found
        return found

    @property
    def pending(self) -> int:
        """Records queued and not yet written."""
        return len(self._ops)

    def create(
        self,
        entity: str,
        values: Mapping[str, Any],
        *,
        ars_code: str | None = None,
        record_id: str | None = None,
        coerced: bool = False,
    ) -> str:
        """Check a new record and queue it; its id (``record_id`` if given: an exported one).

        ``coerced``: ``values`` are already their columns' types (read by
        :func:`storage.records.coercion.coerce`): they are not coerced again.
        """
        record = dict(self._defaults(entity))
        record.update(values if coerced else save_steps.coerce_all(entity, values))
        connection = self.connection
        if workflows.has_workflow(entity) and not record.get("status"):
            record["status"] = save_steps.workflow_of(entity, record).initial
        self._zoning_class(entity, record)
        save_steps.derive_on_create(connection, entity, record)
        save_steps.check_status_is_known(entity, record)
        record["ars_code"] = self.store._ars_for(connection, entity, record, explicit=ars_code)
        validation.validate_record(
            entity, record, self._lookup, references=self.references, coerced=True
        )
        territory = record_rules.territory_errors(
            entity, record, self.store.ars_code, creating=True
        )
        if territory:
            raise ValidationError(territory)
        now = self.store.clock()
        # Each row's clock reading differs: made once here, not remembered (see _stamp).
        stamp, user = sqlite_datetime(now), self.store.user
        row = {
            **record,
            "id": record_id or record_rules.natural_id(entity, record) or next(self._ids),
            "version": 0,
            # As SQLite stores them (what _insert_rows would make of a datetime and False):
            # the row's one stamp is written three times (row, op, history), made once.
            "updated_at": stamp,
            "updated_by": user,
            "deleted": 0,
        }
        _derive_key(entity, row)
        self._inserts.setdefault(entity, []).append(row)
        fields = _bulk_dumps_fields(record, leave_out="ars_code")  # the user's fields
        op_id = self._op(entity, row, "create", {}, {}, stamp, fields_text=fields)
        self._history.append((entity, row["id"], op_id, stamp, user, CREATED_FIELDS, None, fields))
        return str(row["id"])

    def update(
        self,
        entity: str,
        current: Mapping[str, Any],
        changes: Mapping[str, Any],
        *,
        coerced: bool = False,
    ) -> dict[str, Any] | None:
        """Check changes of a record (``status`` through its workflow) and queue them.

        Returns the changed fields, or None when nothing would change.
        """
        changes = changes if coerced else save_steps.coerce_all(entity, changes)
        label = voc.ENTITY_LABELS.get(entity, entity)
        if current["deleted"]:
            raise ValidationError([FieldError(None, voc.MSG_RECORD_DELETED.format(entity=label))])
        changed = {key: value for key, value in changes.items() if current.get(key) != value}
        if not changed:
            return None
        if "status" in changed and workflows.has_workflow(entity):
            save_steps.check_transition(entity, current, changed)
        record = {key: value for key, value in current.items() if key not in SYNC_COLUMNS}
        record.pop("search_key", None)
        record.update(changed)
        save_steps.derive_on_update(entity, record, changed)
        changed = {key: record[key] for key in record if record[key] != current.get(key)}
        save_steps.check_status_is_known(entity, record)
        expected_ars = self.store._ars_for(
            self.connection, entity, record, explicit=current["ars_code"]
        )
        if expected_ars != current["ars_code"]:
            message = voc.MSG_OTHER_ARS.format(ars=expected_ars, record_ars=current["ars_code"])
            raise ValidationError([FieldError("commune_code", message)])
        validation.validate_record(
            entity,
            {**record, "ars_code": expected_ars},
            self._lookup,
            record_id=current["id"],
            references=self.references,
            coerced=True,
        )
        now = self.store.clock()
        row_changes = {**changed, "updated_at": now, "updated_by": self.store.user}
        save_steps.derive(entity, {**current, **row_changes}, into=row_changes)
        columns = tuple(sorted(row_changes))
        bound = {f"v_{key}": value for key, value in row_changes.items()}
        self._updates.setdefault((entity, columns), []).append({"b_id": current["id"], **bound})
        # The state before the batch's first edit of the record: kept by flush (see there).
        self._before.setdefault(entity, {}).setdefault(current["id"], current)
        base = {key: current.get(key) for key in changed}
        op_id = self._op(
            entity, {**current, **row_changes}, "update", changed, base, self._stamp(now)
        )
        self._add_history(
            entity,
            current,
            op_id,
            now,
            {key: (current.get(key), value) for key, value in changed.items()},
        )
        return changed

    def flush(self) -> None:
        """Write what is queued: rows, then outbox ops (numbered now), then history."""
        from sqlalchemy import bindparam

        connection = self.connection
        for entity, rows in self._inserts.items():
            _insert_rows(connection, table_of(entity), rows)
        # A record's first op: the server's state it starts from goes to the shadow first.
        for entity, before in self._before.items():
            keep_server_state(connection, entity, before.values())
        for (entity, columns), rows in self._updates.items():
            table = table_of(entity)
            statement = (
                update(table)
                .where(table.c.id == bindparam("b_id"))
                .values({column: bindparam(f"v_{column}") for column in columns})
            )
            connection.execute(statement, rows)
        # The outbox and the history take most rows (one history row per field): plain
        # executemany of tuples, the text SQLAlchemy would have stored, without its per-row work.
        if self._ops:
            outbox = OutboxOp.__table__
            last = connection.execute(select(func.coalesce(func.max(outbox.c.seq), 0))).scalar()
            for offset, op in enumerate(self._ops, start=1):
                op[1] = last + offset
            connection.exec_driver_sql(_OUTBOX_INSERT, [tuple(op) for op in self._ops])
        if self._history:
            connection.exec_driver_sql(_HISTORY_INSERT, self._history)
        self._inserts, self._updates, self._ops, self._history = {}, {}, [], []
        self._before = {}

    def _zoning_class(self, entity: str, record: dict[str, Any]) -> None:
        """The installation's zonage class at first contact, looked up once per commune and day."""
        if entity != "installation_project" or record.get("zoning_class"):
            return
        commune, first_contact = record.get("commune_code"), record.get("first_contact_date")
        if not commune or not isinstance(first_contact, date):
            return
        key = (commune, first_contact)
        if key not in self._zoning:
            self._zoning[key] = rules.zoning_class_on(self.connection, commune, first_contact)
        record["zoning_class"] = self._zoning[key]

    def _op(
        self,
        entity: str,
        row: Mapping[str, Any],
        kind: str,
        fields: Mapping[str, Any],
        base: Mapping[str, Any],
        stamp: str,
        *,
        fields_text: str | None = None,
    ) -> str:
        """Queue the outbox op of an edit; its id. ``stamp``: the edit's time as stored."""
        op_id = next(self._ids)
        self._ops.append(
            [
                op_id,
                0,  # seq: given by flush
                entity,
                row["id"],
                kind,
                _bulk_dumps_fields(fields) if fields_text is None else fields_text,
                _bulk_dumps_fields(base),
                row["version"],
                row["ars_code"],
                stamp,
                self.store.user,
                "pending",
            ]
        )
        return op_id

    def _stamp(self, now: datetime) -> str:
        """``now`` as SQLite stores a UTC datetime (what the model's column type writes)."""
        stamp = self._stamps.get(now)
        if stamp is None:
            if len(self._stamps) > 10_000:
                self._stamps.clear()
            stamp = self._stamps[now] = sqlite_datetime(now)
        return stamp

    def _add_history(
        self,
        entity: str,
        row: Mapping[str, Any],
        op_id: str,
        now: datetime,
        changes: Mapping[str, tuple[Any, Any]],
    ) -> None:
        """The history lines of an edit, as Store writes (the server derives the synced one)."""
        if not changes:
            return
        record_id = row["id"]
        user, stamp = self.store.user, self._stamp(now)
        self._history.extend(
            (entity, record_id, op_id, stamp, user, field, _bulk_dumps(old), _bulk_dumps(new))
            for field, (old, new) in changes.items()
        )


def _ids_of(factory: IdFactory) -> Iterator[str]:
    """The factory's ids, endless, made by :meth:`IdFactory.take` a thousand at a time."""
    while True:
        yield from factory.take(1_024)


#: The encoders ``json.dumps`` builds on every call of storage.wire's functions, made once: the
#: same text (a test compares), without a new encoder for each of an import's history rows.
_VALUE_ENCODER = json.JSONEncoder(ensure_ascii=False)
_FIELDS_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True)


_encode_text = json.encoder.encode_basestring  # what JSONEncoder(ensure_ascii=False) does
#: The C encoder ``_FIELDS_ENCODER.encode`` builds on each call (with a dict for its cycle check),
#: made once and without the check (the values, plain or encode_value's, hold no cycle): the
#: same text in half the time, for an op of each imported record. None without the C module.
_C_FIELDS = (
    None
    if json.encoder.c_make_encoder is None
    else json.encoder.c_make_encoder(
        None, _FIELDS_ENCODER.default, _encode_text, None, ":", ",", True, False, True
    )
)
#: Column values written as they are (the other types go through encode_value / the models).
_PLAIN = frozenset({str, int, float, type(None)})


def _bulk_dumps(value: Any) -> str | None:
    """:func:`storage.wire.dumps_value`, faster."""
    if value is None:
        return None
    if type(value) is str:
        return _encode_text(value)
    return _VALUE_ENCODER.encode(encode_value(value))


def _bulk_dumps_fields(values: Mapping[str, Any], *, leave_out: str | None = None) -> str:
    """:func:`storage.wire.dumps_fields`, faster; without the field ``leave_out`` if given."""
    if not values:
        return "{}"
    fields = dict(values)
    if leave_out is not None:
        fields.pop(leave_out, None)
    if not _PLAIN.issuperset(map(type, fields.values())):  # rare: a date, a boolean
        fields = {
            key: value if type(value) in _PLAIN else encode_value(value)
            for key, value in fields.items()
        }
    if _C_FIELDS is None:
        return _FIELDS_ENCODER.encode(fields)
    return "".join(_C_FIELDS(fields, 0))


def _derive_key(entity: str, row: dict[str, Any]) -> None:
    """:func:`~storage.records.save_steps.derive` (the search key) of a new row, faster: the key
    of accented parts (first names, mostly: "Hélène" on many rows) is remembered part by part
    (the key of the parts joined is the parts' keys joined: folding works word by word)."""
    sources = SEARCH_KEY_SOURCES.get(entity)
    if sources is None:
        return
    parts = tuple(map(row.get, sources))
    text = " ".join(filter(None, parts))
    if text.isascii():  # nothing to fold: search_key's quick case, inline
        row["search_key"] = " ".join(text.lower().split())
    else:
        row["search_key"] = " ".join(filter(None, map(_part_key, parts)))


def _part_key(part: str | None) -> str:
    if not part:
        return ""
    if part.isascii():  # search_key's quick case, inline
        return " ".join(part.lower().split())
    return _accented_key(part)


@lru_cache(maxsize=4_096)
def _accented_key(part: str) -> str:
    return search_key(part)


def _sqlite_value(value: Any) -> Any:
    """A column value as SQLite stores it through the models' types (Date, UTCDateTime, Boolean:
    the only non-plain types of the record tables; a test compares with SQLAlchemy's rows)."""
    if type(value) in _PLAIN:
        return value
    if isinstance(value, datetime):
        return sqlite_datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def _insert_rows(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """``INSERT`` of many rows by plain executemany (SQLAlchemy's per-row work is half the cost)."""
    names = [column.name for column in table.columns]
    statement = (
        f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})"
    )
    plain = _PLAIN
    # Only the columns of another type than text and numbers (dates, datetimes, booleans) may
    # hold a value to convert: the others are taken as they are (SQLite binds a bool as 1 or 0).
    convert = [
        index
        for index, column in enumerate(table.columns)
        # (a decorated type, as sqlmodel's AutoString, by the type it decorates)
        if not isinstance(
            getattr(column.type, "impl_instance", column.type), String | Integer | Float
        )
    ]
    # A row with every column (a create's: defaults, the sync columns, the search key) is read
    # by one itemgetter; another by get (an absent column is NULL).
    whole = itemgetter(*names)
    values = []
    for row in rows:
        try:
            value = whole(row)
        except KeyError:
            value = tuple(map(row.get, names))
        for index in convert:
            if type(value[index]) not in plain:  # rare: a date (dates and stamps are text)
                value = tuple([v if type(v) in plain else _sqlite_value(v) for v in value])
                break
        values.append(value)
    connection.exec_driver_sql(statement, values)


_OUTBOX_INSERT = (
    "INSERT INTO outbox_op (op_id, seq, entity, entity_id, kind, fields, base, base_version,"
    " ars_code, client_time, user, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_HISTORY_INSERT = (
    "INSERT INTO history_entry (entity, entity_id, op_id, at, user, field, old_value, new_value)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
