"""A pulled page written by plain executemany (storage.sync.sqlite_rows) stores exactly what
the models' types stored through SQLAlchemy: same text, same SQLite types, every column of every
synced record type; and the records with an op of this device still go through the overlay.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import OperationalError

from storage.db import Database
from storage.models import HISTORY_ENTITY, SYNCED_TYPES
from storage.records.store import Store
from storage.sync import conflicts as sync_conflicts
from storage.sync import outbox as sync_outbox
from storage.sync import overlay as sync_overlay
from storage.sync import progress as sync_progress
from storage.sync import pull as sync_pull
from storage.sync import quarantine as sync_quarantine
from storage.sync import sqlite_rows
from storage.sync.state import _SHADOW, _table
from storage.wire import _to_datetime, dumps_fields
from tests.support.databases import open_copy
from tests.support.records import pulled_pro

META = ("id", "ars_code", "version", "updated_at", "updated_by", "deleted")
#: A value of each column type as the wire carries it ("set"), or the least it may be ("empty":
#: None where the column allows it, False, zero).
WIRE_VALUES: dict[str, dict[type, Any]] = {
    "set": {
        str: "Dos d'Âne n°2",
        int: 7,
        float: 2.5,
        bool: True,
        date: "2026-01-05",
        datetime: "2026-01-05T10:00:00.123456+02:00",
    },
    "empty": {
        str: "",
        int: 0,
        float: 0.0,
        bool: False,
        date: "0999-12-31",
        datetime: "2026-01-05T10:00:00",
    },
}


@pytest.fixture
def other(tmp_path: Path, fresh_database_file: Path) -> Iterator[Database]:
    """A second new database, written the SQLAlchemy way to compare with."""
    yield from open_copy(fresh_database_file, tmp_path / "other.db")


def wire_row(entity: str, fill: str) -> dict[str, Any]:
    """A pulled row with a value in every column of ``entity`` (None where "empty" allows)."""
    values = WIRE_VALUES[fill]
    fields: dict[str, Any] = {}
    for column in _table(entity).columns:
        if column.name in META or column.name == "search_key":
            continue
        python_type = getattr(column.type, "impl_instance", column.type).python_type
        fields[column.name] = None if fill == "empty" and column.nullable else values[python_type]
    return {
        "entity": entity,
        "id": f"{entity[:20]}-{fill}",
        "ars_code": "REU",
        "version": 3,
        "server_seq": 11,
        "deleted": fill == "set",
        "fields": fields,
        "updated_at": values[datetime],
        "updated_by": "Élodie Payet" if fill == "set" else None,
    }


def write_as_sqlalchemy(database: Database, entity: str, row: dict[str, Any]) -> None:
    """The shadow row through the SyncShadow model, then the visible row recomputed from it."""
    with sync_pull._pull_transaction(database.engine) as connection:
        connection.execute(
            insert(_SHADOW).values(
                entity=entity,
                entity_id=row["id"],
                ars_code=row["ars_code"],
                version=row["version"],
                server_seq=row["server_seq"],
                deleted=bool(row["deleted"]),
                data=dumps_fields(row["fields"]),
                updated_at=_to_datetime(row["updated_at"]),
                updated_by=row["updated_by"] or "",
            )
        )
        sync_overlay._recompute(connection, entity, {row["id"]})


def stored(database: Database, table: str, record_id: str) -> list[tuple[Any, Any]]:
    """Every column of the row as SQLite holds it: (value, SQLite type)."""
    key = "entity_id" if table == "sync_shadow" else "id"
    with database.engine.connect() as connection:
        names = [row[1] for row in connection.exec_driver_sql(f'PRAGMA table_info("{table}")')]
        typed = ", ".join(f'"{name}", typeof("{name}")' for name in names)
        found = connection.exec_driver_sql(
            f'SELECT {typed} FROM "{table}" WHERE "{key}" = ?', (record_id,)
        ).one()
    return [(found[index], found[index + 1]) for index in range(0, len(found), 2)]


@pytest.mark.parametrize("under_an_op", [False, True], ids=["alone", "under-an-op"])
@pytest.mark.parametrize("fill", ["set", "empty"])
@pytest.mark.parametrize("entity", sorted(SYNCED_TYPES))
def test_a_pulled_row_is_stored_as_the_models_store_it(
    database: Database, other: Database, entity: str, fill: str, under_an_op: bool
) -> None:
    """The visible row always; the shadow only under an op of this device (a refused one here,
    which leaves the record showing the server's state)."""
    row = wire_row(entity, fill)
    if under_an_op:
        queued_op(database, entity, row["id"], "rejected", kind="update", fields={})
    outcome = sync_pull.apply_pull_page(database.engine, [row], 11)
    assert outcome.quarantined == 0
    write_as_sqlalchemy(other, entity, row)
    assert shadowed(database, entity) == ({row["id"]} if under_an_op else set())
    tables = ("sync_shadow",) * under_an_op + (_table(entity).name,)
    for table in tables:
        assert stored(database, table, row["id"]) == stored(other, table, row["id"]), table


def test_a_page_mixing_records_with_and_without_ops_of_the_device(database: Database) -> None:
    store = Store(database.engine, user="c.payet", ars_code="REU")
    names = {"first_name": "Léa", "situation": "remplacant"}
    included, later, pending = (
        store.create("professional", {"last_name": name, **names})
        for name in ("Inclus", "Plus tard", "En attente")
    )
    ops = sync_outbox.pending_ops(database.engine, 100)
    sync_outbox.mark_inflight(database.engine, [op.op_id for op in ops])
    seq_of = {included: 5, later: 50, pending: 6}  # what the server answered for each create
    sync_outbox.apply_push_results(
        database.engine,
        [
            {
                "op_id": op.op_id,
                "status": "applied",
                "version": 1,
                "server_seq": seq_of[op.entity_id],
            }
            if op.entity_id in seq_of
            else {"op_id": op.op_id, "status": "applied", "version": 1, "server_seq": 1}
            for op in ops
        ],
    )
    store.update("professional", pending, {"phone": "0692123456"})  # not sent yet
    fresh = "0197d2f0-0000-7000-8000-000000000001"
    page = [
        pulled_pro(included, 7, last_name="Inclus"),  # includes the acked create (seq 5)
        pulled_pro(later, 8, last_name="Ancien"),  # older than the acked create (seq 50)
        pulled_pro(pending, 9, last_name="En attente", specialty="Pédiatrie"),
        pulled_pro(fresh, 10),  # never seen here
    ]
    assert sync_pull.apply_pull_page(database.engine, page, 10).quarantined == 0
    with database.engine.connect() as connection:
        kept = connection.exec_driver_sql(
            "SELECT entity_id, kind, state FROM outbox_op WHERE entity = 'professional'"
        ).all()
    assert sorted(kept) == sorted([(later, "create", "acked"), (pending, "update", "pending")])
    assert store.get("professional", included)["last_name"] == "Inclus"
    assert store.get("professional", included)["updated_by"] == "autre"
    assert store.get("professional", later)["last_name"] == "Plus tard"  # its op still on top
    mine = store.get("professional", pending)
    assert (mine["phone"], mine["specialty"]) == ("0692123456", "Pédiatrie")
    assert store.get("professional", fresh)["search_key"] == "serveur paul"
    assert sync_quarantine.quarantined(database.engine) == []


@pytest.mark.parametrize("step", ["write_shadows", "write_visible", "drop_superseded"])
def test_a_database_failure_in_a_plain_write_keeps_nothing_of_the_page(
    database: Database, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    def disk_full(*_args: Any, **_kwargs: Any) -> None:
        raise OperationalError("INSERT", {}, Exception("database or disk is full"))

    monkeypatch.setattr(sqlite_rows, step, disk_full)
    record_id = "0197d2f0-0000-7000-8000-000000000002"
    # A refused op of the device on the record: its pulled state goes to the shadow too.
    queued_op(database, "professional", record_id, "rejected", kind="update", fields={})
    page = [pulled_pro(record_id, 3)]
    with pytest.raises(OperationalError):
        sync_pull.apply_pull_page(database.engine, page, 3)
    assert sync_progress.get_cursor(database.engine) == 0
    assert sync_quarantine.quarantined(database.engine) == []
    with database.engine.connect() as connection:
        for table in ("sync_shadow", "professional"):
            assert connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar() == 0


def history_row(record_id: str, seq: int, **fields: Any) -> dict[str, Any]:
    """A history record as the server sends it."""
    return {
        **pulled_pro(record_id, seq),
        "entity": HISTORY_ENTITY,
        "version": 1,
        "fields": {
            "entity": "professional",
            "entity_id": "0197d2f0-0000-7000-8000-00000000000a",
            "at": "2026-03-03T09:00:00+00:00",
            "author": "autre",
            "changes": '[["last_name", null, "\\"Serveur\\""]]',
            **fields,
        },
    }


def shadowed(database: Database, entity: str) -> set[str]:
    with database.engine.connect() as connection:
        found = connection.exec_driver_sql(
            "SELECT entity_id FROM sync_shadow WHERE entity = ?", (entity,)
        ).all()
    return {entity_id for (entity_id,) in found}


def author_of(database: Database, history_id: str) -> str:
    """The author the history record shows (the history display reads the visible table)."""
    with database.engine.connect() as connection:
        return str(
            connection.exec_driver_sql(
                "SELECT author FROM record_change WHERE id = ?", (history_id,)
            ).scalar_one()
        )


def queued_op(
    database: Database,
    entity: str,
    record_id: str,
    state: str,
    *,
    kind: str,
    fields: dict[str, Any],
) -> None:
    """The op ``op-old`` of this device on ``record_id``, in ``state``."""
    with database.engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO outbox_op (op_id, seq, entity, entity_id, kind, fields, base,"
            " base_version, ars_code, client_time, user, state, result)"
            " VALUES ('op-old', 1, ?, ?, ?, ?, '{}', 0, 'REU', '2026-03-03 09:00:00',"
            " 'c.payet', ?, ?)",
            (entity, record_id, kind, dumps_fields(fields), state, '{"reason": "refus"}'),
        )


def older_history_op(database: Database, record_id: str, state: str) -> None:
    """The op ``op-old`` an older version queued for its own history record ``record_id``."""
    fields = {**history_row(record_id, 1)["fields"], "author": "c.payet"}
    queued_op(database, HISTORY_ENTITY, record_id, state, kind="create", fields=fields)


def test_a_history_record_keeps_a_shadow_only_under_an_op_of_the_device(
    database: Database,
) -> None:
    """History records are append-only: their shadow is only read under an op of this device,
    which only an older version made (it queued each edit's history record itself)."""
    mine, theirs = "0197d2f0-0000-7000-8000-00000000000b", "0197d2f0-0000-7000-8000-00000000000c"
    older_history_op(database, mine, "inflight")
    page = [history_row(mine, 5), history_row(theirs, 6)]
    assert sync_pull.apply_pull_page(database.engine, page, 6).quarantined == 0
    assert shadowed(database, HISTORY_ENTITY) == {mine}
    assert author_of(database, theirs) == "autre"
    assert author_of(database, mine) == "c.payet"  # its op still on top
    # The server answers the older version's op with the record it had already derived: the
    # state pulled is at least as new, so the op is superseded at once.
    sync_outbox.apply_push_results(
        database.engine, [{"op_id": "op-old", "status": "applied", "version": 1, "server_seq": 5}]
    )
    with database.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM outbox_op").scalar() == 0


def test_a_history_record_the_device_refuses_is_quarantined_the_rest_applied(
    database: Database,
) -> None:
    good, bad = "0197d2f0-0000-7000-8000-00000000000d", "0197d2f0-0000-7000-8000-00000000000e"
    page = [history_row(good, 3), history_row(bad, 4, changes=None), pulled_pro(good, 5)]
    assert sync_pull.apply_pull_page(database.engine, page, 5).quarantined == 1
    [waiting] = sync_quarantine.quarantined(database.engine)
    assert (waiting.entity, waiting.entity_id) == (HISTORY_ENTITY, bad)
    store = Store(database.engine, user="c.payet", ars_code="REU")
    assert author_of(database, good) == "autre"
    assert store.get("professional", good)["last_name"] == "Serveur"
    assert sync_progress.get_cursor(database.engine) == 5


def test_a_refused_history_op_of_an_older_version_shows_and_leaves_the_servers_record(
    database: Database,
) -> None:
    """The server refused the older version's history record (another one has that id): the
    pulled one is what À corriger compares with, and what stays once the op is given up."""
    record_id = "0197d2f0-0000-7000-8000-00000000000f"
    older_history_op(database, record_id, "rejected")
    pulled = history_row(record_id, 7, entity_id="0197d2f0-0000-7000-8000-000000000010")
    assert sync_pull.apply_pull_page(database.engine, [pulled], 7).quarantined == 0
    assert shadowed(database, HISTORY_ENTITY) == {record_id}
    [problem] = sync_conflicts.problem_ops(database.engine, "rejected")
    assert problem.server == pulled["fields"]
    sync_conflicts.discard_rejected(database.engine, "op-old")
    assert author_of(database, record_id) == "autre"
    with database.engine.connect() as connection:
        assert not connection.exec_driver_sql(
            "SELECT deleted FROM record_change WHERE id = ?", (record_id,)
        ).scalar_one()
