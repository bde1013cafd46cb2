"""The outbox as the client sends it: pending ops in local order, in flight, and what the
server answered (acked, conflict, rejected).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Connection,
    Engine,
    bindparam,
    select,
    text,
    update,
)

from storage import vocabulary as voc
from storage.db import read_connection, write_transaction
from storage.sync import overlay as sync_overlay
from storage.sync import state as sync_state
from storage.sync.state import (
    _OUTBOX,
    ACKED,
    CONFLICT,
    INFLIGHT,
    PENDING,
    REJECTED,
    TO_SEND,
    _chunks,
    _table,
    write_log,
)
from storage.wire import _to_datetime

if TYPE_CHECKING:
    pass


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
        """The op as ``ars_tui.protocol.Op`` object."""
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
            client_time=_to_datetime(row.client_time) or sync_state.utc_now(),
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

    ``results`` are ``ars_tui.protocol.Result`` dicts. applied/duplicate -> acked with the server
    seq (and the visible row learns its new version, so the next edit's ``base_version`` is right);
    conflict/rejected -> the op leaves the overlay and its record is recomputed; blocked -> the
    op goes back to pending (it is held until the op before it is dealt with). Only ops still
    pending or inflight move: a result never resurrects an op the user has since discarded.
    """
    outcome = PushOutcome()
    now = now or sync_state.utc_now()
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
            sync_overlay._recompute(connection, entity, ids)
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
