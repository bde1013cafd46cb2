"""The outbox as the client sends it: pending ops in local order, in flight, and what the
server answered (acked, conflict, rejected).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Connection,
    Engine,
)

from storage import vocabulary as voc
from storage.db import read_connection, write_transaction
from storage.sync import overlay as sync_overlay
from storage.sync import state as sync_state
from storage.sync.state import (
    ACKED,
    CONFLICT,
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
    """One outbox op to push, its ``fields``/``base`` as the outbox stores them (JSON text)."""

    op_id: str
    seq: int
    entity: str
    entity_id: str
    kind: str
    fields_json: str
    base_json: str
    base_version: int
    ars_code: str
    client_time: datetime
    user: str

    @cached_property
    def fields(self) -> dict[str, Any]:
        return json.loads(self.fields_json)  # type: ignore[no-any-return]

    @cached_property
    def base(self) -> dict[str, Any]:
        return json.loads(self.base_json)  # type: ignore[no-any-return]

    def _moment(self) -> str:
        moment = self.client_time
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.isoformat()

    def to_wire(self) -> dict[str, Any]:
        """The op as ``ars_tui.protocol.Op`` object."""
        return {
            "op_id": self.op_id,
            "entity": self.entity,
            "entity_id": self.entity_id,
            "kind": self.kind,
            "fields": self.fields,
            "base": self.base,
            "base_version": self.base_version,
            "ars_code": self.ars_code,
            "client_time": self._moment(),
            "user": self.user,
        }

    def wire_json(self) -> str:
        """:meth:`to_wire` as JSON text, ``fields`` and ``base`` spliced in as stored: the
        outbox already holds them as JSON, decoding and encoding them again cost a third of
        the device's push."""
        text = _json_text
        return (
            f'{{"op_id":{text(self.op_id)},"entity":{text(self.entity)},'
            f'"entity_id":{text(self.entity_id)},"kind":{text(self.kind)},'
            f'"fields":{self.fields_json},"base":{self.base_json},'
            f'"base_version":{_json_int(self.base_version)},"ars_code":{text(self.ars_code)},'
            f'"client_time":{text(self._moment())},"user":{text(self.user)}}}'
        )


#: A str as a JSON string literal, as ``json.dumps(value, ensure_ascii=False)`` writes it.
_json_text = json.encoder.encode_basestring  # type: ignore[attr-defined]


def _json_int(value: Any) -> str:
    return str(value) if type(value) is int else json.dumps(value)


def wire_body(ops: Sequence[PendingOp]) -> str:
    """The push request body of ``ops`` (``ars_tui.protocol.PushRequest``), as JSON text."""
    return '{"ops":[' + ",".join(op.wire_json() for op in ops) + "]}"


#: The next ops to send, by ``seq`` (``+o.state``: walk the seq index rather than sort every op
#: still to send); the hold (NOT EXISTS per op) is only looked at when some op is held at all.
_PENDING_QUERY = (
    "SELECT op_id, seq, entity, entity_id, kind, fields, base, base_version, ars_code,"
    " client_time, user FROM outbox_op AS o"
    " WHERE +o.state IN ('pending', 'inflight') AND o.seq > ?"
    " AND (NOT EXISTS (SELECT 1 FROM outbox_op WHERE state IN ('conflict', 'rejected'))"
    " OR NOT EXISTS (SELECT 1 FROM outbox_op AS c WHERE c.entity_id = o.entity_id"
    " AND c.entity = o.entity AND c.state IN ('conflict', 'rejected') AND c.seq < o.seq))"
    " ORDER BY o.seq LIMIT ?"
)


def pending_ops(engine: Engine, limit: int, *, after_seq: int = 0) -> list[PendingOp]:
    """The next ``limit`` ops to send, in local order, from ``seq`` > ``after_seq``.

    ``inflight`` ops are included: the lock lets one round run at a time, so an op still
    inflight when a round starts belongs to a round that died (lost response, crash) and is sent
    again with its same ``op_id``; the server answers ``duplicate`` if it had it. Ops behind a
    conflicted or rejected op of the same record are held back.
    """
    with read_connection(engine) as connection:
        rows = connection.exec_driver_sql(_PENDING_QUERY, (after_seq, limit)).all()
    # Positional: the columns above in PendingOp's order, client_time as a datetime.
    return [
        PendingOp(*row[:9], _to_datetime(row[9]) or sync_state.utc_now(), row[10]) for row in rows
    ]


def mark_inflight(engine: Engine, op_ids: Sequence[str]) -> None:
    """The ops are about to be sent (a later edit of the same record writes a new op anyway)."""
    if not op_ids:
        return
    with write_transaction(engine) as connection:
        connection.exec_driver_sql(
            "UPDATE outbox_op SET state = 'inflight' WHERE op_id = ? AND state = 'pending'",
            [(op_id,) for op_id in op_ids],
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
    # Plain tuples through the driver (a batch is up to 1,000 rows per statement).
    acked: list[tuple[Any, ...]] = []
    versions: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    problems: list[dict[str, Any]] = []
    blocked: list[tuple[str]] = []
    with write_transaction(engine) as connection:
        op_rows = _ops_by_id(connection, [result["op_id"] for result in results])
        for result in results:
            op = op_rows.get(result["op_id"])
            if op is None or op[3] not in TO_SEND:
                continue
            op_id, entity, entity_id, _state = op
            status = result["status"]
            if status in ("applied", "duplicate"):
                outcome.applied += 1
                version = result.get("version")
                answer = _acked_result(status, version)
                acked.append((ACKED, result.get("server_seq"), answer, op_id))
                if version is not None:
                    versions[entity].append((version, entity_id, version))
            elif status in (CONFLICT, REJECTED):
                if status == CONFLICT:
                    outcome.conflicts += 1
                else:
                    outcome.rejected += 1
                problems.append(
                    {
                        "b_op_id": op_id,
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
                        "entity": entity,
                        "entity_id": entity_id,
                    }
                )
            else:  # blocked: back in the queue, held behind the op that failed
                outcome.blocked += 1
                blocked.append((op_id,))
        set_state = "UPDATE outbox_op SET state = ?, server_seq = ?, result = ? WHERE op_id = ?"
        if acked:
            connection.exec_driver_sql(set_state, acked)
        for entity, rows in versions.items():
            connection.exec_driver_sql(
                f"UPDATE {_table(entity).name} SET version = ? WHERE id = ? AND version < ?", rows
            )
        if problems:
            connection.exec_driver_sql(
                "UPDATE outbox_op SET state = ?, result = ? WHERE op_id = ?",
                [(row["b_state"], row["b_result"], row["b_op_id"]) for row in problems],
            )
        if blocked:
            connection.exec_driver_sql(
                "UPDATE outbox_op SET state = 'pending' WHERE op_id = ?", blocked
            )
        if acked:
            # A duplicate of an op whose record was already pulled further is superseded at once.
            # Only this batch's acked ops can be: a pull drops every acked op its rows include
            # (storage.sync.overlay), so older ones were never left behind a newer shadow.
            connection.exec_driver_sql(
                "DELETE FROM outbox_op WHERE op_id = ? AND state = 'acked' AND EXISTS"
                " (SELECT 1 FROM sync_shadow AS s WHERE s.entity = outbox_op.entity"
                " AND s.entity_id = outbox_op.entity_id AND s.server_seq >= outbox_op.server_seq)",
                [(row[3],) for row in acked],
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


def _acked_result(status: str, version: Any) -> str:
    """``json.dumps({"status": status, "version": version})``, the text written for each acked
    op, without an encoder call for the usual whole-number version."""
    if status in ("applied", "duplicate") and (version is None or type(version) is int):
        return f'{{"status": "{status}", "version": {"null" if version is None else version}}}'
    return json.dumps({"status": status, "version": version})


def _ops_by_id(connection: Connection, op_ids: Sequence[str]) -> dict[str, tuple[Any, ...]]:
    """(op_id, entity, entity_id, state) of each op of ``op_ids`` still in the outbox."""
    rows: dict[str, tuple[Any, ...]] = {}
    for chunk in _chunks(op_ids):
        marks = ", ".join("?" * len(chunk))
        for row in connection.exec_driver_sql(
            f"SELECT op_id, entity, entity_id, state FROM outbox_op WHERE op_id IN ({marks})",
            tuple(chunk),
        ):
            rows[row[0]] = tuple(row)
    return rows
