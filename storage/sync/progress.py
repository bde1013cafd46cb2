"""How far the sync is: the pull cursor, the last success, the log, and the status
figures (the one place that counts the changes waiting to be sent).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Connection,
    Engine,
    delete,
    insert,
    literal,
    select,
    text,
    update,
)

from storage import vocabulary as voc
from storage.db import read_connection, write_transaction
from storage.records.server_state import keep_server_state
from storage.settings import get_setting, set_setting
from storage.sync import overlay as sync_overlay
from storage.sync import state as sync_state
from storage.sync.state import (
    _LOG,
    _RESYNC,
    _SHADOW,
    CONFLICT,
    CURSOR_SETTING,
    HISTORY_ENTITY,
    INFLIGHT,
    LAST_SYNC_SETTING,
    PENDING,
    REJECTED,
    _chunks,
    _synced_types,
    write_log,
)
from storage.wire import _to_datetime

if TYPE_CHECKING:
    pass


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
            # A record without an op shows the server's state and has no shadow: its visible
            # row says the server has it (a version given by the server). The history is
            # append-only: the server never deletes a history record.
            for entity in _synced_types():
                if entity == HISTORY_ENTITY:
                    continue
                table = sync_state._table(entity)
                connection.execute(
                    insert(_RESYNC)
                    .prefix_with("OR IGNORE")
                    .from_select(
                        ["entity", "entity_id"],
                        select(literal(entity), table.c.id).where(
                            table.c.version >= 1, table.c.deleted.is_(False)
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
                if entity in _synced_types():
                    # The server's state of a record without an op is its visible row.
                    table = sync_state._table(entity)
                    visible = connection.execute(select(table).where(table.c.id.in_(chunk)))
                    keep_server_state(connection, entity, visible.mappings().all())
                connection.execute(
                    update(_SHADOW)
                    .where(_SHADOW.c.entity == entity, _SHADOW.c.entity_id.in_(chunk))
                    .values(deleted=True)
                )
            if entity in _synced_types():
                sync_overlay._recompute(connection, entity, ids)
        connection.execute(delete(_RESYNC))
        write_log(
            connection,
            "resync",
            voc.SYNC_LOG_RESYNC_DELETED.format(count=voc.format_int(len(left))),
        )
    return len(left)


def record_success(engine: Engine, summary: str, *, now: datetime | None = None) -> None:
    """A round ended well: remember when, and log its summary."""
    now = now or sync_state.utc_now()
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
        LogLine(at=_to_datetime(row.at) or sync_state.utc_now(), kind=row.kind, summary=row.summary)
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


def count_pending(connection: Connection) -> int:
    """The edits waiting to reach the server (« en attente »): ops pending or in flight, each
    edit once (its history record is not counted apart). The one count of them: the status bar,
    the sync screen, the dashboard and ``ars-tui`` summaries all read it here."""
    return int(
        connection.execute(
            text(
                "SELECT count(*) FROM outbox_op WHERE state IN (:pending, :inflight)"
                " AND entity != :history"
            ),
            {"pending": PENDING, "inflight": INFLIGHT, "history": HISTORY_ENTITY},
        ).scalar_one()
    )


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
        pending = count_pending(connection)
    return SyncStatus(
        pending=pending,
        conflicts=counts.get(CONFLICT, 0),
        rejected=counts.get(REJECTED, 0),
        last_sync=_to_datetime(last) if last else None,
        cursor=cursor,
        quarantined=int(quarantined or 0),
    )
