"""Pulled records set aside because this device could not store them (« à examiner »):
listing, discarding, or correcting and resending them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Connection,
    Engine,
    delete,
    insert,
    select,
)

from storage import vocabulary as voc
from storage.db import read_connection, write_transaction
from storage.sync import overlay as sync_overlay
from storage.sync import state as sync_state
from storage.sync.conflicts import ProblemOp
from storage.sync.overlay import _drop_superseded, _write_shadows, quarantine_reason
from storage.sync.state import _OUTBOX, _QUARANTINE, PENDING, write_log
from storage.uuids import new_id
from storage.wire import _to_datetime, decode_fields, dumps_fields

if TYPE_CHECKING:
    from storage.records.store import Store


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
        at=_to_datetime(row.at) or sync_state.utc_now(),
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
    from storage.records.validation import FieldError, ValidationError

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
    from storage.records import coercion, validation
    from storage.records.validation import FieldError, ValidationError

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
                sync_overlay._recompute(connection, entity, {entity_id})
        except Exception as error:
            if not sync_overlay._is_row_fault(error):
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
