"""The server's state of a record kept aside (``sync_shadow``) when an edit gives it its first op.

A pull writes a record's server state into the shadow only while an op of this device is on
the record (docs/SYNC.md, "On the device"): a record without one shows the pulled state itself,
as its visible row. So an edit that gives a record its first op first copies that visible row,
as read before the edit, into the shadow; the overlay (shadow + ops) and the Conflits /
À corriger lists then find the state the edit started from, as if the pull had written it.

Here (storage.records) rather than in storage.sync, which sits above: the store and the bulk
save call it in the transaction of the edit, and the sync's full re-download calls it too.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection

from storage.db import sqlite_datetime
from storage.wire import reusable_encoder

SHADOW_UPSERT = (
    "INSERT INTO sync_shadow (entity, entity_id, ars_code, version, server_seq, deleted, data,"
    " updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (entity, entity_id) DO UPDATE SET ars_code = excluded.ars_code,"
    " version = excluded.version, server_seq = excluded.server_seq, deleted = excluded.deleted,"
    " data = excluded.data, updated_at = excluded.updated_at, updated_by = excluded.updated_by"
)


def _encode_default(value: Any) -> Any:
    if isinstance(value, date):  # a datetime too: what storage.wire.encode_value makes of it
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


#: storage.wire.dumps_fields' text (compact, keys sorted, not ASCII-escaped), its encoder made once.
fields_text = reusable_encoder(
    ensure_ascii=False, separators=(",", ":"), sort_keys=True, default=_encode_default
)

#: The records among some ids that have an op of this device on them, in any state (a conflicted
#: or rejected one too: the Conflits / À corriger lists read their shadow), or a newer pulled
#: state waiting in the quarantine (their shadow is that state).
_BUSY = (
    "SELECT entity_id FROM outbox_op"
    " WHERE entity = ?1 AND entity_id IN (SELECT value FROM json_each(?2))"
    " UNION SELECT entity_id FROM sync_quarantine"
    " WHERE entity = ?1 AND entity_id IN (SELECT value FROM json_each(?2))"
)


@cache
def _field_names(entity: str) -> tuple[str, ...] | None:
    """The fields the server keeps of a record: every column but the sync metadata and what the
    device derives (the server's ``data``, what a pulled row's ``fields`` hold); None for a
    type that is not synced, and for the synced history (append-only, never edited on a
    device: it never needs a kept state)."""
    # Imported here: the pull imports this module, and a sync with nothing to do reads no table.
    from storage.models import HISTORY_ENTITY, SYNC_COLUMNS, SYNCED_TYPES
    from storage.records.save_steps import DERIVED_COLUMNS

    if entity not in SYNCED_TYPES or entity == HISTORY_ENTITY:
        return None
    table = SYNCED_TYPES[entity].__table__  # type: ignore[attr-defined]
    return tuple(
        column.name
        for column in table.columns
        if column.name not in SYNC_COLUMNS and column.name not in DERIVED_COLUMNS
    )


def _stamp(value: Any) -> Any:
    """A visible row's ``updated_at`` as the shadow stores it (UTC text)."""
    if isinstance(value, datetime):
        return sqlite_datetime(value if value.tzinfo is not None else value.replace(tzinfo=UTC))
    return value  # already the stored text


def keep_server_state(
    connection: Connection, entity: str, rows: Iterable[Mapping[str, Any]]
) -> None:
    """Copy into the shadow the visible ``rows`` (read before an edit) of the records that are
    the server's state: known to the server (version 1 or more), no op of this device on them
    in any state, no newer pulled state waiting in the quarantine (its shadow is that state).

    ``server_seq`` is left at 0 (a visible row does not keep it): an acked op on top is then
    laid again by the overlay until the pull brings its state, which changes nothing shown.
    """
    names = _field_names(entity)
    if names is None:
        return
    known = {row["id"]: row for row in rows if (row.get("version") or 0) >= 1}
    if not known:
        return
    found = connection.exec_driver_sql(_BUSY, (entity, json.dumps(list(known))))
    busy = {entity_id for (entity_id,) in found}
    values = [
        (
            entity,
            record_id,
            row["ars_code"],
            row["version"],
            0,
            int(bool(row["deleted"])),
            fields_text({name: row.get(name) for name in names}),
            _stamp(row["updated_at"]),
            row.get("updated_by") or "",
        )
        for record_id, row in known.items()
        if record_id not in busy
    ]
    if values:
        connection.exec_driver_sql(SHADOW_UPSERT, values)
