"""What a device pulls: pages of the records of its ARS after its cursor, and the purge of old
tombstones.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Engine

from ars_tui.central.db import (
    applied_op,
    as_utc,
    central_record,
    is_sqlite,
    read_connection,
    seq_counter,
    seq_group,
    write_transaction,
)
from ars_tui.central.service import ResyncRequired, log
from ars_tui.central.tokens import Device
from ars_tui.protocol import MAX_PULL_BYTES
from storage.models import HISTORY_ENTITY

#: Rows read from the database at a time while a pull page is built.
_PULL_FETCH = 50


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
            _pull_query(group, since, device.scope, limit + 1, sides_limited=not is_sqlite(engine)),
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
            cursor = row.seq
        result.close()
    more = "true" if has_more else "false"
    body = f'{{"rows":[{",".join(parts)}],"cursor":{cursor},"has_more":{more}}}'
    return PullPage(body=body.encode("utf-8"), rows=len(parts), cursor=cursor, has_more=has_more)


#: JSON text of a string, as json.dumps(..., ensure_ascii=False) writes it (the C function,
#: without json.dumps' checks and encoder made per call: five texts per row).
_text = json.encoder.encode_basestring


def _pull_query(
    group: str, since: int, scope: list[str], limit: int, *, sides_limited: bool
) -> sa.CompoundSelect:
    """The group's first ``limit`` records after ``since`` in seq order: the rows of
    ``central_record`` and the history records kept with their ops in ``applied_op``
    (:mod:`ars_tui.central.history_rows`), each read in order through its (group, seq) index
    and merged, in the same columns (a row of the wire either way).

    ``sides_limited`` (PostgreSQL): each side has its own ORDER BY and LIMIT, without which the
    planner sorts the whole group's rows of both tables to give the first few; SQLite merges
    the plain UNION ALL itself, and would sort each side's rows again if they were subqueries.
    """
    records = sa.select(
        central_record.c.entity,
        central_record.c.id,
        central_record.c.ars_code,
        central_record.c.version,
        central_record.c.server_seq.label("seq"),
        central_record.c.deleted,
        central_record.c.data,
        central_record.c.updated_at,
        central_record.c.updated_by,
    ).where(
        central_record.c.seq_group == group,
        central_record.c.server_seq > since,
        central_record.c.ars_code.in_(scope),
    )
    history = sa.select(
        sa.cast(sa.literal(HISTORY_ENTITY), central_record.c.entity.type).label("entity"),
        applied_op.c.op_id.label("id"),  # a history record's id is its edit's op id
        applied_op.c.ars_code,
        sa.literal_column("1").label("version"),  # never changed while kept there
        applied_op.c.change_seq.label("seq"),
        sa.false().label("deleted"),
        applied_op.c.change.label("data"),
        applied_op.c.applied_at.label("updated_at"),
        applied_op.c.change_by.label("updated_by"),
    ).where(
        applied_op.c.change_group == group,
        applied_op.c.change_seq > since,
        applied_op.c.ars_code.in_(scope),
    )
    if sides_limited:
        records_side = records.order_by(central_record.c.server_seq).limit(limit).subquery()
        history_side = history.order_by(applied_op.c.change_seq).limit(limit).subquery()
        merged = sa.union_all(sa.select(records_side), sa.select(history_side))
    else:
        merged = sa.union_all(records, history)
    return merged.order_by(sa.column("seq")).limit(limit)


def _row_json(row: sa.Row[Any]) -> str:
    """One Row of the wire as JSON, the stored fields text spliced in without parsing it."""
    deleted = "true" if row.deleted else "false"
    by = "null" if row.updated_by is None else _text(row.updated_by)
    return (
        f'{{"entity":{_text(row.entity)},"id":{_text(row.id)},'
        f'"ars_code":{_text(row.ars_code)},"version":{row.version},'
        f'"server_seq":{row.seq},"deleted":{deleted},"fields":{row.data},'
        f'"updated_at":{_stamp(row.updated_at)},"updated_by":{by}}}'
    )


@lru_cache(maxsize=256)
def _stamp(moment: datetime) -> str:
    """A stored datetime as wire text (ISO, UTC). The rows of one push share their stamp."""
    return f'"{as_utc(moment).isoformat()}"'


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
