"""The central endpoint over HTTP (httpx against the ASGI app), on SQLite and PostgreSQL:
health, hello, push and pull, idempotency, merge and conflicts. Tombstones, scope,
authentication, sizes and operations: tests/test_central_api_guards.py.

Every test runs once per backend (fixture ``central_db_url``): the same code serves both.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from ars_tui import protocol
from ars_tui.central import service
from ars_tui.central.tokens import list_tokens
from ars_tui.protocol import PULL_PATH, PUSH_PATH, PullResponse
from storage.uuids import new_id
from tests.support.central_api import changed_by_another, op, pull_all, pull_page, push
from tests.support.central_server import TestCentral

# --- health, hello, openapi ----------------------------------------------------------------------


async def test_health_needs_no_token(central: TestCentral) -> None:
    async with central.client() as client:
        response = await client.get("/v1/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_hello_tells_versions_scope_device_and_limits(
    central: TestCentral, reu: httpx.AsyncClient
) -> None:
    body = (await reu.get("/v1/sync/hello")).json()
    assert body["protocol"] == protocol.PROTOCOL_VERSION
    assert body["schema"] == protocol.SCHEMA_VERSION
    assert body["ars_code"] == "REU"
    assert body["scope"] == ["REU", "OI"]
    assert body["device"] == "tablette-reu"
    assert body["limits"] == {
        "max_ops_per_push": 1000,
        "max_body_bytes": 4 * 1024 * 1024,
        "max_pull_limit": 2000,
    }
    assert body["server_time"].startswith(central.clock.now.date().isoformat())
    [device] = [d for d in list_tokens(central.engine) if d.name == "tablette-reu"]
    assert device.last_seen_at == central.clock.now  # operators see when a device last synced


async def test_openapi_declares_the_request_and_response_models(reu: httpx.AsyncClient) -> None:
    spec = (await reu.get("/openapi.json")).json()
    schemas = spec["components"]["schemas"]
    for name in ("PushRequest", "Op", "PushResponse", "Result", "PullResponse", "Row", "Hello"):
        assert name in schemas, name
    push_spec = spec["paths"][PUSH_PATH]["post"]
    assert push_spec["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/PushRequest"
    )
    ok = push_spec["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert ok.endswith("/PushResponse")
    for status in ("401", "403", "413", "426"):
        assert status in push_spec["responses"]
    assert "410" in spec["paths"][PULL_PATH]["get"]["responses"]


# --- push and pull -------------------------------------------------------------------------------


async def test_create_then_pull_gives_every_field_with_version_and_seq(
    reu: httpx.AsyncClient,
) -> None:
    record = new_id()
    result = (await push(reu, op("create", record))).results[0]
    assert (result.status, result.version, result.server_seq) == ("applied", 1, 1)
    page = await pull_all(reu)
    assert page.cursor == 2 and not page.has_more  # seq 2: the edit's history record
    [row] = page.rows
    assert (row.entity, row.id, row.ars_code, row.version, row.deleted) == (
        "professional",
        record,
        "REU",
        1,
        False,
    )
    assert row.fields["last_name"] == "Payet"
    assert row.fields["profession"] == "medecin"  # the column's default, filled by the server
    assert "search_key" not in row.fields and "version" not in row.fields
    # Who: the declared person and the device the token names (not free client text alone).
    assert row.updated_by == "c.payet (tablette-reu)"


async def test_pull_pages_follow_the_cursor(reu: httpx.AsyncClient) -> None:
    ids = [new_id() for _ in range(5)]
    await push(reu, *(op("create", record) for record in ids))
    seen: list[str] = []
    since, pages = 0, 0
    while True:
        response = await reu.get(PULL_PATH, params={"since": since, "limit": 2})
        page = PullResponse.model_validate(response.json())
        seen += [row.id for row in page.rows if row.entity == "professional"]
        since, pages = page.cursor, pages + 1
        if not page.has_more:
            break
    # Each create is followed by its history record: 10 rows, 2 a page.
    assert seen == ids and pages == 5 and since == 10
    empty = PullResponse.model_validate((await reu.get(PULL_PATH, params={"since": 10})).json())
    assert empty.rows == [] and empty.cursor == 10 and not empty.has_more


async def test_pull_only_returns_the_latest_state_once(reu: httpx.AsyncClient) -> None:
    record = new_id()
    await push(
        reu,
        op("create", record),
        op("update", record, {"phone": "0692123456"}, base={"phone": None}),
    )
    page = await pull_all(reu)
    [row] = page.rows
    # Seq 3: create 1, its history 2, update 3 (its history 4).
    assert (row.version, row.server_seq, row.fields["phone"]) == (2, 3, "0692123456")


# --- the synced history, derived by the server --------------------------------------------------


async def test_each_applied_edit_brings_its_history_record(
    reu: httpx.AsyncClient, reu2: httpx.AsyncClient
) -> None:
    """The device pushes only its edit; the server writes the history the others pull."""
    record = new_id()
    create = op("create", record, {"last_name": "Payet", "first_name": "Léa", "phone": None})
    update = op("update", record, {"phone": "0692123456"}, base={"phone": None})
    delete = op("delete", record, base_version=2)
    results = (await push(reu, create, update, delete)).results
    assert [r.status for r in results] == ["applied"] * 3
    assert [r.server_seq for r in results] == [1, 3, 5]  # each followed by its history record
    rows = (await pull_page(reu2)).rows
    history = {row.id: row for row in rows if row.entity == "record_change"}
    assert list(history) == [create["op_id"], update["op_id"], delete["op_id"]]
    assert [row.server_seq for row in history.values()] == [2, 4, 6]
    for row in history.values():
        assert (row.ars_code, row.version, row.deleted) == ("REU", 1, False)
        assert row.updated_by == "c.payet (tablette-reu)"  # the author the server attests
        assert row.fields["entity"] == "professional" and row.fields["entity_id"] == record
        assert row.fields["at"] == "2026-03-01T10:00:00+00:00"  # the device's time of the edit
        assert row.fields["author"] == "c.payet (tablette-reu)"
    changes = [json.loads(row.fields["changes"]) for row in history.values()]
    # A create lists the fields it fills; an update and a delete their before and after.
    assert sorted(changes[0]) == [
        ["first_name", None, '"Léa"'],
        ["last_name", None, '"Payet"'],
    ]
    assert changes[1] == [["phone", None, '"0692123456"']]
    assert changes[2] == [["deleted", "false", "true"]]


async def test_a_refused_or_conflicting_edit_has_no_history_record(
    reu: httpx.AsyncClient, reu2: httpx.AsyncClient
) -> None:
    record = await changed_by_another(reu, reu2)
    conflicting = op("update", record, {"phone": "0692000002"}, base={"phone": None})
    refused = op("create", new_id(), ars="ARA")
    results = (await push(reu, conflicting, refused)).results
    assert [r.status for r in results] == ["conflict", "rejected"]
    history = [row.id for row in (await pull_page(reu)).rows if row.entity == "record_change"]
    assert conflicting["op_id"] not in history and refused["op_id"] not in history
    assert len(history) == 2  # the create's and the other person's update's


async def test_an_older_device_pushing_the_history_record_itself_gets_it_once(
    reu: httpx.AsyncClient,
) -> None:
    """Older versions pushed each edit's record_change (same id as the edit's op) themselves."""
    record = new_id()
    edit = op("create", record)
    own = {
        "entity": "professional",
        "entity_id": record,
        "at": edit["client_time"],
        "author": "c.payet",
        "changes": json.dumps([["last_name", None, '"Payet"']]),
    }
    pushed = op("create", edit["op_id"], own, entity="record_change", op_id=new_id())
    results = (await push(reu, edit, pushed)).results
    assert [(r.status, r.server_seq) for r in results] == [("applied", 1), ("applied", 2)]
    # In a later batch too (the old device's next sync), and a replay: still the one record.
    late = op("create", edit["op_id"], own, entity="record_change", op_id=new_id())
    assert [(r.status, r.server_seq) for r in (await push(reu, late)).results] == [("applied", 2)]
    assert (await push(reu, late)).results[0].status == "duplicate"
    history = [row for row in (await pull_page(reu)).rows if row.entity == "record_change"]
    assert [row.id for row in history] == [edit["op_id"]]
    # Under an existing id, a history record of another record stays refused.
    other = op("create", edit["op_id"], {**own, "entity_id": new_id()}, entity="record_change")
    assert (await push(reu, other)).results[0].status == "rejected"


# --- idempotency ---------------------------------------------------------------------------------


async def test_a_replayed_push_returns_the_stored_results_and_applies_nothing(
    reu: httpx.AsyncClient,
) -> None:
    record = new_id()
    ops = [
        op("create", record),
        op("update", record, {"phone": "0692123456"}, base={"phone": None}),
    ]
    first = await push(reu, *ops)
    again = await push(reu, *ops)
    assert [r.status for r in again.results] == ["duplicate", "duplicate"]
    assert [(r.version, r.server_seq) for r in again.results] == [
        (r.version, r.server_seq) for r in first.results
    ]
    [row] = (await pull_all(reu)).rows
    assert row.version == 2 and row.server_seq == 3  # seqs 2 and 4: the edits' history
    history = [row for row in (await pull_page(reu)).rows if row.entity == "record_change"]
    assert sorted(row.id for row in history) == sorted(o["op_id"] for o in ops)  # once each


async def test_the_same_op_twice_in_one_batch_is_applied_once(reu: httpx.AsyncClient) -> None:
    create = op("create", new_id())
    results = (await push(reu, create, create)).results
    assert [r.status for r in results] == ["applied", "duplicate"]
    assert results[1].server_seq == results[0].server_seq


async def test_a_concurrent_duplicate_caught_by_the_constraint_gets_the_stored_result(
    reu: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The primary key of applied_op, not the lookup, is what stops a second application."""
    record = new_id()
    update = op("update", record, {"phone": "0692123456"}, base={"phone": None})
    first = await push(reu, op("create", record), update)
    real = service._stored_results
    calls: list[int] = []

    def blind_once(connection: Any, op_ids: Any) -> dict[str, tuple[int, int]]:
        calls.append(1)
        return {} if len(calls) == 1 else real(connection, op_ids)

    monkeypatch.setattr(service, "_stored_results", blind_once)
    [result] = (await push(reu, update)).results
    assert len(calls) == 2  # the first run hit the constraint and was rolled back
    assert result.status == "duplicate"
    assert (result.version, result.server_seq) == (
        first.results[1].version,
        first.results[1].server_seq,
    )


# --- merge, conflicts, blocked, rejected ---------------------------------------------------------


async def test_two_people_editing_different_fields_both_apply(
    reu: httpx.AsyncClient, reu2: httpx.AsyncClient
) -> None:
    record = new_id()
    await push(reu, op("create", record))
    a = await push(
        reu, op("update", record, {"phone": "0692123456"}, base={"phone": None}, base_version=1)
    )
    b = await push(
        reu2,
        op("update", record, {"email": "x@y.fr"}, base={"email": None}, base_version=1, user="b"),
    )
    assert a.results[0].status == b.results[0].status == "applied"
    [row] = (await pull_all(reu2)).rows
    assert (row.fields["phone"], row.fields["email"], row.version) == ("0692123456", "x@y.fr", 3)


async def test_the_same_field_changed_by_two_people_is_a_conflict_with_nothing_applied(
    central: TestCentral, reu: httpx.AsyncClient, reu2: httpx.AsyncClient
) -> None:
    record = new_id()
    await push(reu, op("create", record))
    await push(
        reu2,
        op(
            "update",
            record,
            {"phone": "0262123456"},
            base={"phone": None},
            base_version=1,
            user="b.h",
        ),
    )
    [result] = (
        await push(
            reu,
            op(
                "update",
                record,
                {"phone": "0692123456", "email": "lea@x.fr"},
                base={"phone": None, "email": None},
                base_version=1,
            ),
        )
    ).results
    assert result.status == "conflict"
    assert result.version == 2 and result.server_seq is None
    [conflict] = result.conflicts or []
    assert (conflict.field, conflict.base, conflict.mine, conflict.theirs) == (
        "phone",
        None,
        "0692123456",
        "0262123456",
    )
    assert conflict.by == "b.h (portable-reu)" and conflict.at == central.clock.now
    assert "b.h" in (result.reason or "")
    [row] = (await pull_all(reu)).rows
    assert row.fields["email"] is None  # the non-conflicting field was not applied either
    assert row.version == 2


async def test_an_op_after_a_conflict_on_the_same_record_is_blocked_others_go_on(
    reu: httpx.AsyncClient, reu2: httpx.AsyncClient
) -> None:
    record, other = await changed_by_another(reu, reu2), new_id()
    results = (
        await push(
            reu,
            op("update", record, {"phone": "0692000002"}, base={"phone": None}),
            op("update", record, {"email": "a@b.fr"}, base={"email": None}),
            op("create", other),
        )
    ).results
    assert [r.status for r in results] == ["conflict", "blocked", "applied"]
    assert results[1].reason


async def test_bad_ops_are_rejected_one_by_one_with_french_reasons_never_quoting_values(
    reu: httpx.AsyncClient,
) -> None:
    good, bad = new_id(), new_id()
    results = (
        await push(
            reu,
            op("create", bad, {"last_name": "X", "first_name": "Y", "consent_date": "zzqq"}),
            op("update", bad, {"phone": "0692000001"}, base={"phone": None}),
            op("create", new_id(), entity="no_such_thing"),
            op("create", new_id(), {"last_name": "X", "first_name": "Y", "shoe_size": 42}),
            op("merge", new_id()),
            op("update", new_id(), {"phone": "0692000001"}, base={"phone": None}),
            op("create", good),
        )
    ).results
    assert [r.status for r in results] == [
        "rejected",
        "blocked",
        "rejected",
        "rejected",
        "rejected",
        "rejected",
        "applied",
    ]
    assert "zzqq" not in (results[0].reason or "")
    assert "consentement" in (results[0].reason or "").lower() or results[0].reason
    assert "no_such_thing" in (results[2].reason or "")
    assert "shoe_size" in (results[3].reason or "")
    assert [row.id for row in (await pull_all(reu)).rows] == [good]


async def test_a_second_create_of_an_existing_id_is_rejected(reu: httpx.AsyncClient) -> None:
    record = new_id()
    await push(reu, op("create", record))
    [result] = (await push(reu, op("create", record))).results
    assert result.status == "rejected"


async def test_an_update_the_server_already_has_applies_without_a_new_version(
    reu: httpx.AsyncClient, reu2: httpx.AsyncClient
) -> None:
    record = await changed_by_another(reu, reu2, phone="0692123456")
    [result] = (
        await push(reu, op("update", record, {"phone": "0692123456"}, base={"phone": None}))
    ).results
    # Seq 3: the record as the other person's update left it (seq 2: the create's history).
    assert (result.status, result.version, result.server_seq) == ("applied", 2, 3)
