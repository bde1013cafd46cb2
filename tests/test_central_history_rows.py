"""The history record of an applied edit is kept with its op, and pulled from there (issue 15).

The server no longer writes each edit's ``record_change`` as a row of ``central_record`` during
the push: it keeps it on the edit's ``applied_op`` row (its fields composed directly), and a pull
merges those with central_record's rows. Devices must not see the difference: the same fields
text, seq, author and time;
history stored by an older server, or pushed by an older device, still pulled once; an op on a
derived history record still applied.
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from ars_tui.central import history_rows
from ars_tui.central.batch_writes import _JSON
from ars_tui.central.db import applied_op, central_record, init_schema, make_central_engine
from ars_tui.central.op_checks import _user_columns
from ars_tui.protocol import PULL_PATH, PullResponse
from storage.models import HISTORY_ENTITY
from storage.records.history import change_fields
from storage.uuids import new_id
from tests.support.central_api import op, pull_page, push
from tests.support.central_server import make_test_central

EDITS: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    ("create", {"last_name": "Hoarau", "first_name": "Élodie « É »", "phone": None}, {}),
    ("create", {"count": 2**70, "ratio": 1e300, "small": -0.0, "flag": True}, {}),
    ("create", {"places": [{"commune": "97411", "days": [1, 2]}], "note": 'a "b" \\ \u2028'}, {}),
    ("update", {"phone": "0692123456", "email": None}, {"phone": None, "email": "x@y.fr"}),
    ("update", {"notes": "sans base"}, {}),
    ("delete", {"deleted": True}, {"deleted": False}),
    ("restore", {"deleted": False}, {"deleted": True}),
]


@pytest.mark.parametrize(("kind", "fields", "base"), EDITS)
def test_the_composed_history_is_the_text_a_stored_row_held(
    kind: str, fields: dict[str, Any], base: dict[str, Any]
) -> None:
    at, author = "2026-03-01T10:00:00+04:00", 'Marie "Payet" (tablette « 1 »)'
    made = change_fields("professional", "pro-1", kind, fields, base, at=at, author=author)
    text = history_rows.fields_text(made)
    # What the server wrote in central_record.data before (and still does for older pushes).
    assert text == _JSON({**_user_columns(HISTORY_ENTITY), **made})


async def test_a_pulled_history_record_is_the_derived_one(
    reu: httpx.AsyncClient, reu2: httpx.AsyncClient
) -> None:
    record = new_id()
    create = op("create", record, {"last_name": "Payet", "first_name": "Léa", "phone": None})
    update = op("update", record, {"phone": "0692123456"}, base={"phone": None})
    assert [r.server_seq for r in (await push(reu, create, update)).results] == [1, 3]
    rows = (await pull_page(reu2)).rows
    # In seq order: the record at its last version (3), its history records at 2 and 4.
    assert [(row.entity, row.server_seq) for row in rows] == [
        (HISTORY_ENTITY, 2),
        ("professional", 3),
        (HISTORY_ENTITY, 4),
    ]
    history = [row for row in rows if row.entity == HISTORY_ENTITY]
    assert [row.id for row in history] == [create["op_id"], update["op_id"]]
    assert json.loads(history[1].fields["changes"]) == [["phone", None, '"0692123456"']]


async def test_an_op_on_a_derived_history_record_applies_to_it(
    reu: httpx.AsyncClient, reu2: httpx.AsyncClient
) -> None:
    """In the batch that derived it and in a later one: it then moves to central_record, at a
    later seq, and a device pulling from the start ends at its last state."""
    for same_batch in (True, False):
        edit = op("create", new_id())
        gone = op("delete", edit["op_id"], entity=HISTORY_ENTITY, base_version=1)
        if same_batch:
            results = (await push(reu, edit, gone)).results
        else:
            results = [*(await push(reu, edit)).results, *(await push(reu, gone)).results]
        assert [r.status for r in results] == ["applied", "applied"], results
        assert results[1].version == 2
        states = [
            row
            for row in (await pull_page(reu2)).rows
            if row.entity == HISTORY_ENTITY and row.id == edit["op_id"]
        ]
        assert [(row.version, row.deleted) for row in states][-1] == (2, True)
        assert states[-1].server_seq == results[1].server_seq


async def test_an_older_servers_base_gets_the_history_columns(central_db_url: str) -> None:
    """A base made before the history columns: the server adds them and their index when it
    starts; the history stored as rows of central_record is pulled as before, in seq order
    with the history of the edits pushed since."""
    engine = make_central_engine(central_db_url)
    old = _older_base(engine)
    now = datetime(2026, 3, 1, tzinfo=UTC)
    record, edit = new_id(), new_id()
    stored = {"entity": "professional", "id": record, "ars_code": "REU", "seq_group": "OI"}
    history = {
        "entity": "professional",
        "entity_id": record,
        "at": "2026-02-28T10:00:00+00:00",
        "author": "c.payet (tablette-reu)",
        "changes": json.dumps([["last_name", None, '"Payet"']]),
    }
    with engine.begin() as connection:
        connection.execute(
            sa.insert(old.tables["central_record"]),
            [
                {
                    **stored,
                    "version": 1,
                    "server_seq": 1,
                    "deleted": False,
                    "data": _JSON({"first_name": "Léa", "last_name": "Payet"}),
                    "updated_at": now,
                    "updated_by": "c.payet (tablette-reu)",
                },
                {
                    **stored,
                    "entity": HISTORY_ENTITY,
                    "id": edit,
                    "version": 1,
                    "server_seq": 2,
                    "deleted": False,
                    "data": _JSON(history),
                    "updated_at": now,
                    "updated_by": "c.payet (tablette-reu)",
                },
            ],
        )
        connection.execute(
            sa.insert(old.tables["applied_op"]).values(
                op_id=edit,
                entity="professional",
                entity_id=record,
                ars_code="REU",
                device_id=1,
                version=1,
                server_seq=1,
                applied_at=now,
            )
        )
        connection.execute(
            sa.insert(old.tables["seq_counter"]).values(seq_group="OI", last_seq=2, purged_seq=0)
        )
    engine.dispose()

    central = make_test_central(central_db_url)  # the server starts on the older base
    inspector = sa.inspect(central.engine)
    names = {column["name"] for column in inspector.get_columns("applied_op")}
    assert {"change_group", "change_seq", "change", "change_by"} <= names
    indexes = {index["name"] for index in inspector.get_indexes("applied_op")}
    assert "ix_applied_op_change" in indexes
    async with central.client(central.token("REU", "tablette-reu")) as reu:
        update = op("update", record, {"phone": "0692123456"}, base={"phone": None})
        [result] = (await push(reu, update)).results
        assert (result.status, result.version, result.server_seq) == ("applied", 2, 3)
        rows = (await pull_page(reu)).rows
    assert [(row.entity, row.id, row.server_seq) for row in rows] == [
        (HISTORY_ENTITY, edit, 2),  # stored by the older server, as it was
        ("professional", record, 3),
        (HISTORY_ENTITY, update["op_id"], 4),  # kept with its op
    ]
    assert rows[0].fields == history
    make_test_central(central_db_url).engine.dispose()  # started again: nothing to add
    central.engine.dispose()


@pytest.mark.parametrize("limit", [1, 2, 3, 5])
async def test_pages_cut_anywhere_give_each_row_once_in_seq_order(
    reu: httpx.AsyncClient, reu2: httpx.AsyncClient, limit: int
) -> None:
    """A page may end on either table's row: the next one starts after it, on both."""
    records = [new_id() for _ in range(3)]
    await push(reu, *[op("create", record) for record in records])
    await push(reu, op("update", records[0], {"phone": "0692123456"}, base={"phone": None}))
    everything = [(row.entity, row.id, row.server_seq) for row in (await pull_page(reu2)).rows]
    # Seq 1 (the first create) was superseded by its update's (7); history at 2, 4, 6 and 8.
    assert [seq for _entity, _id, seq in everything] == list(range(2, 9))
    paged: list[tuple[str, str, int]] = []
    cursor, more = 0, True
    while more:
        response = await reu2.get(PULL_PATH, params={"since": cursor, "limit": limit})
        page = PullResponse.model_validate(response.json())
        assert len(page.rows) <= limit
        paged += [(row.entity, row.id, row.server_seq) for row in page.rows]
        cursor, more = page.cursor, page.has_more
    assert paged == everything


def test_two_servers_starting_at_once_on_an_older_base_both_start(central_db_url: str) -> None:
    """uvicorn's workers each make the app: both may find the columns missing; one adds them,
    the other then finds them (its look is taken again under the write lock) or skips them."""
    engine = make_central_engine(central_db_url)
    _older_base(engine)
    engines = [make_central_engine(central_db_url) for _ in range(2)]
    start = threading.Barrier(2)
    failures: list[BaseException] = []

    def start_server(server: sa.Engine) -> None:
        start.wait()
        try:
            init_schema(server)
        except BaseException as error:  # reported by the assertion below
            failures.append(error)

    threads = [threading.Thread(target=start_server, args=(server,)) for server in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    names = {column["name"] for column in sa.inspect(engine).get_columns("applied_op")}
    assert {"change_group", "change_seq", "change", "change_by"} <= names
    for server in (engine, *engines):
        server.dispose()


def _older_base(engine: sa.Engine) -> sa.MetaData:
    """The tables as a server made them before applied_op had the history columns."""
    old = sa.MetaData()
    for table in central_record.metadata.sorted_tables:
        columns = [
            column._copy()
            for column in table.columns
            if table is not applied_op or not column.name.startswith("change")
        ]
        sa.Table(table.name, old, *columns)
    old.create_all(engine)
    return old
