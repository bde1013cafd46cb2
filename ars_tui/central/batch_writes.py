"""The writing half of a push (:mod:`ars_tui.central.service`): which record holds each natural
key the batch names, then the batch's records, natural keys and applied ops written as plain
tuples through the driver (one SQLAlchemy statement or parameter dict per row cost a tenth of a
push), on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from ars_tui.central.db import applied_op, central_natural_key, central_record, seq_counter
from ars_tui.central.op_checks import _Checked, _RecordState, _rows_in
from ars_tui.protocol import Op
from storage.records import record_rules
from storage.wire import reusable_encoder

#: The encoder json.dumps would build on every call (one per stored record), made once.
_JSON = reusable_encoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def load_natural_keys(
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
    sql = (
        "SELECT key_a, key_b, id FROM central_natural_key"
        " WHERE entity = {mark} AND key_a IN ({marks})"
    )
    for entity, keys in wanted.items():
        rows = _rows_in(connection, sql, sorted({a for a, _ in keys}), entity)
        found.update({(entity, key_a, key_b): record_id for key_a, key_b, record_id in rows})
    return found


def write_natural_keys(
    connection: Connection, changes: Mapping[tuple[str, str, str], str | None]
) -> None:
    """Free the natural keys the batch moved away from, then take the new ones: each key
    appears once in ``changes``, so all the deletes then all the inserts, two statements run
    through the driver (one SQLAlchemy statement per key cost more than the rest of its op)."""
    if not changes:
        return
    table = central_natural_key
    key_columns = ("entity", "key_a", "key_b")
    _executemany(
        connection,
        table,
        key_columns,
        "DELETE FROM central_natural_key"
        " WHERE entity = {mark} AND key_a = {mark} AND key_b = {mark}",
        list(changes),
    )
    taken = [(*key, record_id) for key, record_id in changes.items() if record_id is not None]
    if taken:
        _insert_many(connection, table, (*key_columns, "id"), taken)


def write_batch(
    connection: Connection,
    group: str,
    records: Iterable[_RecordState],
    applied_rows: list[tuple[Any, ...]],
    next_seq: int,
    last_seq: int,
) -> None:
    """Write the batch: new records, changed records, applied ops, the counter."""
    inserts: list[tuple[Any, ...]] = []
    updates: list[tuple[Any, ...]] = []
    for record in records:
        if not record.dirty:
            continue
        values = (
            record.ars_code,
            group,
            record.version,
            record.server_seq,
            record.deleted,
            _JSON(record.data),
            record.updated_at,
            record.updated_by,
        )
        if record.new:
            inserts.append((*values, record.entity, record.id))
        else:
            updates.append((*values, record.entity, record.id))
    if inserts:
        _insert_many(connection, central_record, (*_RECORD_VALUES, "entity", "id"), inserts)
    if updates:
        _executemany(
            connection,
            central_record,
            (*_RECORD_VALUES, "entity", "id"),
            "UPDATE central_record SET "
            + ", ".join(f"{name} = {{mark}}" for name in _RECORD_VALUES)
            + " WHERE entity = {mark} AND id = {mark}",
            updates,
        )
    if applied_rows:
        _insert_many(connection, applied_op, _APPLIED_COLUMNS, applied_rows)
    if next_seq != last_seq:
        connection.execute(
            sa.update(seq_counter).where(seq_counter.c.seq_group == group).values(last_seq=next_seq)
        )


#: The columns of central_record a push writes, in the order of :func:`write_batch`'s tuples; then
#: applied_op's, in the order of the rows :func:`_push_in_transaction` builds.
_RECORD_NAMES = "ars_code seq_group version server_seq deleted data updated_at updated_by"


_APPLIED_NAMES = (
    "op_id entity entity_id ars_code device_id version server_seq applied_at"
    " change_group change_seq change change_by"
)


_RECORD_VALUES = tuple(_RECORD_NAMES.split())


_APPLIED_COLUMNS = tuple(_APPLIED_NAMES.split())


def _insert_many(
    connection: Connection, table: sa.Table, columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    names = ", ".join(columns)
    marks = ", ".join("{mark}" for _ in columns)
    sql = f"INSERT INTO {table.name} ({names}) VALUES ({marks})"
    _executemany(connection, table, columns, sql, rows)


def _executemany(
    connection: Connection,
    table: sa.Table,
    columns: Sequence[str],
    sql: str,
    rows: list[tuple[Any, ...]],
) -> None:
    """Run ``sql`` (``{mark}`` for each parameter) once per row of plain tuples, through the
    driver: SQLAlchemy's executemany builds a parameter dict per row, which cost a tenth of a
    push. Values go through their column types' bind processors (SQLite: datetimes as text,
    booleans as 0/1), as SQLAlchemy would store them: once per distinct object (a batch's rows
    share their ``now``), remembered by ``id`` while ``rows`` keeps every object alive."""
    dialect = connection.dialect
    bound = [
        (index, process, {})
        for index, name in enumerate(columns)
        if (process := table.c[name].type._cached_bind_processor(dialect)) is not None
    ]
    if bound:
        processed = []
        for row in rows:
            values = list(row)
            for index, process, memo in bound:
                value = values[index]
                key = id(value)
                if key not in memo:
                    memo[key] = process(value)
                values[index] = memo[key]
            processed.append(tuple(values))
        rows = processed
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    connection.exec_driver_sql(sql.format(mark=mark), rows)
