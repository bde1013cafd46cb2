"""The central endpoint over HTTP (httpx against the ASGI app), on SQLite and PostgreSQL:
health, hello, push and pull, idempotency, merge and conflicts. Tombstones, scope,
authentication, sizes and operations: tests/test_central_api_guards.py.

Every test runs once per backend (fixture ``central_db_url``): the same code serves both.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from ars_tui import protocol
from ars_tui.central import service
from ars_tui.central.tokens import list_tokens
from ars_tui.protocol import PULL_PATH, PUSH_PATH, PullResponse
from storage.ids import new_id
from tests.support.central_api import op, pull_all, push
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
    assert page.cursor == 1 and not page.has_more
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
        seen += [row.id for row in page.rows]
        since, pages = page.cursor, pages + 1
        if not page.has_more:
            break
    assert seen == ids and pages == 3 and since == 5
    empty = PullResponse.model_validate((await reu.get(PULL_PATH, params={"since": 5})).json())
    assert empty.rows == [] and empty.cursor == 5 and not empty.has_more


async def test_pull_only_returns_the_latest_state_once(reu: httpx.AsyncClient) -> None:
    record = new_id()
    await push(
        reu,
        op("create", record),
        op("update", record, {"phone": "0692123456"}, base={"phone": None}),
    )
    page = await pull_all(reu)
    [row] = page.rows
    assert (row.version, row.server_seq, row.fields["phone"]) == (2, 2, "0692123456")


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
    assert row.version == 2 and row.server_seq == 2


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
    record, other = new_id(), new_id()
    await push(reu, op("create", record))
    await push(reu2, op("update", record, {"phone": "0692000001"}, base={"phone": None}, user="b"))
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
    record = new_id()
    await push(reu, op("create", record))
    await push(reu2, op("update", record, {"phone": "0692123456"}, base={"phone": None}, user="b"))
    [result] = (
        await push(reu, op("update", record, {"phone": "0692123456"}, base={"phone": None}))
    ).results
    assert (result.status, result.version, result.server_seq) == ("applied", 2, 2)
