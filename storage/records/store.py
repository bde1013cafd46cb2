"""Editing records: every save writes the row, its change-log op and its history, atomically.

The one way the application changes a synced record. Each call of :meth:`Store.create`,
:meth:`Store.update`, :meth:`Store.transition`, :meth:`Store.delete` or :meth:`Store.restore`

1. reads the record as it is, in a write transaction (``BEGIN IMMEDIATE``);
2. turns what the user typed into column values and checks the whole record
   (:mod:`storage.records.validation`), the workflow (:mod:`storage.records.workflows`) and the
   territory rules (:mod:`storage.records.rules`); any problem raises
   :class:`~storage.records.validation.ValidationError` with French messages and nothing is written;
3. writes the row, one outbox op in the form docs/SYNC.md describes, and one history entry per
   changed field, then commits. Any failure before the commit rolls all three back.

::

    store = Store(database.engine, user="c.payet", ars_code="REU")
    pro = store.create("professional", {"last_name": "Payet", "first_name": "Léa"})
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, Table, func, insert, select, update

from storage import vocabulary as voc
from storage.db import read_connection, write_transaction
from storage.models import SYNC_COLUMNS, HistoryEntry, OutboxOp, RecordChange
from storage.records import record_rules, rules, validation, workflows
from storage.records import save_steps as steps
from storage.records.record_rules import PARENT_REFERENCES, REFERENCE_DATE_FIELDS
from storage.records.server_state import keep_server_state
from storage.records.validation import FieldError, ValidationError
from storage.uuids import new_id
from storage.wire import dumps_fields, dumps_value

#: ``history_entry.field`` of a create's one line: its ``new_value`` holds every field the create
#: gave (the op's fields text, JSON object), shown as one line per filled field. One row instead
#: of one per field: an import of 100,000 records writes 100,000 history rows, not 800,000.
CREATED_FIELDS = "*"


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Change:
    """One line of a record's history, as the record's page shows it."""

    at: datetime
    user: str
    field: str
    old_value: str | None
    new_value: str | None
    op_id: str


class Store:
    """Reads and edits records for one user of this device.

    ``ars_code`` is the correspondent's own ARS: the scope of records that have no commune to tell
    it (a professional, an MSP project). ``clock`` is injectable for tests.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        user: str,
        ars_code: str | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.engine = engine
        self.user = user
        self.ars_code = ars_code
        self.clock = clock
        #: The connection of the open :meth:`batch`, if any (every edit then joins it).
        self._batch: Connection | None = None

    # --- reading -------------------------------------------------------------------------------

    def get(self, entity: str, record_id: str) -> dict[str, Any]:
        """The record's current values (tombstoned records included)."""
        with read_connection(self.engine) as connection:
            return steps.load_record(connection, steps.table_of(entity), entity, record_id)

    def history(self, entity: str, record_id: str) -> list[Change]:
        """Every change of the record, oldest first, whichever device made it.

        This device's own lines come from ``history_entry``; the edits made elsewhere arrive as
        synced ``record_change`` records (their author as the server recorded it).
        """
        table = HistoryEntry.__table__
        with read_connection(self.engine) as connection:
            rows = connection.execute(
                select(table)
                .where(table.c.entity == entity, table.c.entity_id == record_id)
                .order_by(table.c.id)
            ).mappings()
            changes = [change for row in rows for change in _local_changes(row)]
            others = _synced_changes(connection, entity, record_id, {c.op_id for c in changes})
        # This device's lines stay in saving order (a clock may jump); the others' edits are
        # merged in by time.
        others.sort(key=lambda change: _aware(change.at))
        return list(heapq.merge(changes, others, key=lambda change: _aware(change.at)))

    # --- editing -------------------------------------------------------------------------------

    def create(self, entity: str, values: Mapping[str, Any], *, ars_code: str | None = None) -> str:
        """Create a record from user values; returns its new id.

        A record with a workflow starts in the workflow's initial state unless ``status`` is given
        (recording a situation that already exists, e.g. a doctor installed last year).
        """
        table = steps.table_of(entity)
        record = {
            column.name: column.default.arg if steps.has_scalar_default(column) else None
            for column in table.columns
            if column.name not in SYNC_COLUMNS
        }
        record.pop("search_key", None)
        record.update(steps.coerce_all(entity, values))
        revived = self._revive_natural(entity, record, values)
        if revived is not None:
            return revived
        with self._write() as connection:
            if workflows.has_workflow(entity) and not record.get("status"):
                record["status"] = steps.workflow_of(entity, record).initial
            steps.derive_on_create(connection, entity, record)
            steps.check_status_is_known(entity, record)
            record["ars_code"] = self._ars_for(connection, entity, record, explicit=ars_code)
            self._check(connection, entity, record, creating=True)
            record_id = record_rules.natural_id(entity, record) or new_id()
            steps.check_natural_key(connection, entity, record, record_id, table, creating=True)
            now = self.clock()
            row = {
                **record,
                "id": record_id,
                "version": 0,
                "updated_at": now,
                "updated_by": self.user,
                "deleted": False,
            }
            steps.derive(entity, row)
            connection.execute(insert(table).values(**row))
            user_fields = {key: value for key, value in record.items() if key != "ars_code"}
            op_id = self._write_op(
                connection, entity, row, "create", fields=user_fields, base={}, now=now
            )
            created = [(CREATED_FIELDS, None, dumps_fields(user_fields))]
            self._write_history(connection, entity, row, op_id, now, created)
            return row["id"]

    def _revive_natural(
        self, entity: str, record: Mapping[str, Any], values: Mapping[str, Any]
    ) -> str | None:
        """Creating again a deleted record with a natural key (a staffing row removed, then
        added back) restores that record with the new values: its id is the key's."""
        record_id = record_rules.natural_id(entity, record)
        if record_id is None or self._batch is not None:
            return None
        with read_connection(self.engine) as connection:
            table = steps.table_of(entity)
            deleted = connection.execute(
                select(table.c.deleted).where(table.c.id == record_id)
            ).scalar()
        if not deleted:
            return None  # new, or alive: create says so in French
        self.restore(entity, record_id)
        current = self.get(entity, record_id)
        changes = {
            name: value
            for name, value in steps.coerce_all(entity, values).items()
            if current.get(name) != value and name != "status"
        }
        if changes:
            self.update(entity, record_id, changes)
        return record_id

    def update(self, entity: str, record_id: str, changes: Mapping[str, Any]) -> dict[str, Any]:
        """Change some fields of a record; returns the record as saved.

        ``status`` cannot be changed here: use :meth:`transition`, which checks the workflow.
        Raises :class:`ValidationError` when nothing would change.
        """
        if "status" in changes and workflows.has_workflow(entity):
            raise ValidationError(
                [
                    FieldError(
                        "status",
                        voc.MSG_STATUS_BY_TRANSITION.format(label=voc.field_label("status")),
                    )
                ]
            )
        return self._save(entity, record_id, steps.coerce_all(entity, changes), kind="update")

    def transition(
        self,
        entity: str,
        record_id: str,
        target: str,
        changes: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Move a record along its workflow, with the fields that step needs, in one op."""
        coerced = steps.coerce_all(entity, changes or {})
        coerced["status"] = target
        return self._save(entity, record_id, coerced, kind="update", transition=True)

    def delete(self, entity: str, record_id: str) -> dict[str, Any]:
        """Tombstone a record (it stays in the file and can be restored)."""
        return self._save(entity, record_id, {"deleted": True}, kind="delete")

    def restore(self, entity: str, record_id: str) -> dict[str, Any]:
        return self._save(entity, record_id, {"deleted": False}, kind="restore")

    # --- batches (imports) ---------------------------------------------------------------------

    @contextmanager
    def batch(self) -> Iterator[Connection]:
        """One write transaction for many edits: an imported file lands whole or not at all.

        Inside the block every edit of this store runs in a SAVEPOINT of the one transaction, so
        an edit refused by validation leaves nothing behind and the next ones still run (an import
        lists every bad line). The block's connection sees the edits made so far; use it for
        reads. Leaving the block by an exception rolls everything back (a dry run raises on
        purpose); leaving it normally commits. Not reentrant, one thread.
        """
        if self._batch is not None:
            raise RuntimeError("a batch is already open on this store")
        with write_transaction(self.engine) as connection:
            self._batch = connection
            try:
                yield connection
            finally:
                self._batch = None

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """The connection of one edit: its own write transaction, or a savepoint of the batch."""
        if self._batch is None:
            with write_transaction(self.engine) as connection:
                yield connection
        else:
            with self._batch.begin_nested():
                yield self._batch

    # --- internals -----------------------------------------------------------------------------

    def _save(
        self,
        entity: str,
        record_id: str,
        changes: dict[str, Any],
        *,
        kind: str,
        transition: bool = False,
    ) -> dict[str, Any]:
        table = steps.table_of(entity)
        label = voc.ENTITY_LABELS.get(entity, entity)
        with self._write() as connection:
            current = steps.load_record(connection, table, entity, record_id)
            if kind == "update" and current["deleted"]:
                raise ValidationError(
                    [FieldError(None, voc.MSG_RECORD_DELETED.format(entity=label))]
                )
            if kind == "restore" and not current["deleted"]:
                raise ValidationError(
                    [FieldError(None, voc.MSG_RECORD_NOT_DELETED.format(entity=label))]
                )
            if transition:
                steps.check_transition(entity, current, changes)
            changed = {key: value for key, value in changes.items() if current.get(key) != value}
            if not changed:
                raise ValidationError([FieldError(None, voc.MSG_NOTHING_TO_SAVE)])
            record = {key: value for key, value in current.items() if key not in SYNC_COLUMNS}
            record.pop("search_key", None)
            record.update(changed)
            if kind == "update":
                steps.derive_on_update(entity, record, changed)
                changed = {key: record[key] for key in record if record[key] != current.get(key)}
                steps.check_status_is_known(entity, record)
                expected_ars = self._ars_for(
                    connection, entity, record, explicit=current["ars_code"]
                )
                if expected_ars != current["ars_code"]:
                    raise ValidationError(
                        [
                            FieldError(
                                "commune_code",
                                voc.MSG_OTHER_ARS.format(
                                    ars=expected_ars, record_ars=current["ars_code"]
                                ),
                            )
                        ]
                    )
                self._check(
                    connection,
                    entity,
                    {**record, "ars_code": expected_ars},
                    creating=False,
                    record_id=record_id,
                )
                if any(name in changed for name in record_rules.NATURAL_KEYS.get(entity, ())):
                    steps.check_natural_key(
                        connection, entity, record, record_id, table, creating=False
                    )
            now = self.clock()
            row_changes = {**changed, "updated_at": now, "updated_by": self.user}
            steps.derive(entity, {**current, **row_changes}, into=row_changes)
            # Before the row changes: the server's state this first op starts from.
            keep_server_state(connection, entity, [current])
            connection.execute(update(table).where(table.c.id == record_id).values(**row_changes))
            base = {key: current.get(key) for key in changed}
            op_id = self._write_op(
                connection,
                entity,
                {**current, **row_changes},
                kind,
                fields=changed,
                base=base,
                now=now,
            )
            self._write_history(
                connection,
                entity,
                current,
                op_id,
                now,
                [
                    (key, dumps_value(current.get(key)), dumps_value(value))
                    for key, value in changed.items()
                ],
            )
            return {**current, **row_changes}

    def _check(
        self,
        connection: Connection,
        entity: str,
        record: Mapping[str, Any],
        *,
        creating: bool,
        record_id: str | None = None,
    ) -> None:
        """The rules both ends apply (:func:`storage.records.record_rules.check_synced_record`).

        The status is left to :func:`~storage.records.save_steps.check_status_is_known` (already
        run): its message names the workflow. A store without an ARS (imports, tests) skips the
        territory check.
        """
        # Outside the device's territory first: then nothing else matters (nor its parent's ARS).
        errors = record_rules.territory_errors(entity, record, self.ars_code, creating=creating)
        if errors:
            raise ValidationError(errors)
        validation.validate_record(entity, record, connection, record_id=record_id)

    def _ars_for(
        self,
        connection: Connection,
        entity: str,
        record: Mapping[str, Any],
        *,
        explicit: str | None,
    ) -> str:
        """The ARS a record belongs to: its parent's, its commune's on its date, or the store's."""
        if entity in PARENT_REFERENCES:
            field, parent_entity = PARENT_REFERENCES[entity]
            parent_table = steps.table_of(parent_entity)
            parent_ars = connection.execute(
                select(parent_table.c.ars_code).where(parent_table.c.id == record.get(field))
            ).scalar()
            if parent_ars is not None:
                return parent_ars
        commune = record.get("commune_code")
        if commune:
            on = record.get(REFERENCE_DATE_FIELDS.get(entity, "")) or self.clock().date()
            try:
                return rules.ars_of_commune(commune, on)
            except (ValidationError, KeyError, ValueError):
                pass  # an unknown commune: validate_record says so in French
        ars = explicit or self.ars_code
        if ars is None:
            raise ValidationError([FieldError("ars_code", voc.MSG_ARS_REQUIRED)])
        return ars

    def _write_op(
        self,
        connection: Connection,
        entity: str,
        row: Mapping[str, Any],
        kind: str,
        *,
        fields: Mapping[str, Any],
        base: Mapping[str, Any],
        now: datetime,
    ) -> str:
        table = OutboxOp.__table__
        next_seq = connection.execute(select(func.coalesce(func.max(table.c.seq), 0) + 1)).scalar()
        op_id = new_id()
        connection.execute(
            insert(table).values(
                op_id=op_id,
                seq=next_seq,
                entity=entity,
                entity_id=row["id"],
                kind=kind,
                fields=dumps_fields(fields),
                base=dumps_fields(base),
                base_version=row["version"],
                ars_code=row["ars_code"],
                client_time=now,
                user=self.user,
                state="pending",
            )
        )
        return op_id

    def _write_history(
        self,
        connection: Connection,
        entity: str,
        row: Mapping[str, Any],
        op_id: str,
        now: datetime,
        lines: list[tuple[str, str | None, str | None]],
    ) -> None:
        """The local history lines of an edit: (field, old, new), values JSON-encoded (the
        server derives, from the edit's op, the synced ``record_change`` the others read)."""
        if not lines:
            return
        record_id = row["id"]
        connection.execute(
            insert(HistoryEntry.__table__),
            [
                {
                    "entity": entity,
                    "entity_id": record_id,
                    "op_id": op_id,
                    "at": now,
                    "user": self.user,
                    "field": field,
                    "old_value": old,
                    "new_value": new,
                }
                for field, old, new in lines
            ],
        )


# --- helpers ------------------------------------------------------------------------------------


_RECORD_CHANGE: Table = RecordChange.__table__  # type: ignore[attr-defined]
#: A ``history_entry`` row's columns named as :class:`Change`'s fields, in their order.
_CHANGE_FIELDS = ("at", "user", "field", "old_value", "new_value", "op_id")


def _local_changes(row: Mapping[str, Any]) -> Iterator[Change]:
    """The history lines of one ``history_entry`` row: a field's change, or (a create's one
    row, :data:`CREATED_FIELDS`) every field the create filled, as lines of their own."""
    if row["field"] != CREATED_FIELDS:
        yield Change(*(row[name] for name in _CHANGE_FIELDS))
        return
    for name, value in json.loads(row["new_value"]).items():
        if value is not None:
            new_value = json.dumps(value, ensure_ascii=False)  # dumps_value of the column value
            yield Change(row["at"], row["user"], name, None, new_value, row["op_id"])


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _synced_changes(
    connection: Connection, entity: str, record_id: str, known_ops: set[str]
) -> list[Change]:
    """The history lines of the record's edits made on other devices (synced records)."""
    rows = connection.execute(
        select(_RECORD_CHANGE).where(
            _RECORD_CHANGE.c.entity == entity,
            _RECORD_CHANGE.c.entity_id == record_id,
            _RECORD_CHANGE.c.deleted.is_(False),
        )
    ).mappings()
    changes: list[Change] = []
    for row in rows:
        if row["id"] in known_ops:
            continue  # this device's own edit, already in its local lines
        for name, old, new in json.loads(row["changes"]):
            changes.append(
                Change(
                    at=row["at"],
                    user=row["updated_by"] or row["author"],
                    field=name,
                    old_value=old,
                    new_value=new,
                    op_id=row["id"],
                )
            )
    return changes
