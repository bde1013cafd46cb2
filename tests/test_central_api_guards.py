"""The central endpoint over HTTP, on SQLite and PostgreSQL: tombstones and their purge, scope
(403), authentication and protocol version (401, 426), sizes (413) and gzip, outages and logs.

Every test runs once per backend (fixture ``central_db_url``): the same code serves both.
"""

from __future__ import annotations

import gzip
import json
import logging
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy.exc import DataError, OperationalError

from ars_tui import protocol
from ars_tui.central import pull_pages
from ars_tui.central.tokens import revoke_token
from ars_tui.protocol import PULL_PATH, PUSH_PATH, client_headers
from storage.uuids import new_id
from tests.support.central_api import changed_by_another, op, pull_all, push
from tests.support.central_server import TestCentral, make_test_central

# --- tombstones ----------------------------------------------------------------------------------


async def test_delete_travels_as_a_tombstone_edit_conflicts_and_restore_brings_it_back(
    reu: httpx.AsyncClient, reu2: httpx.AsyncClient
) -> None:
    record = new_id()
    await push(reu, op("create", record))
    [deleted] = (await push(reu, op("delete", record, base_version=1))).results
    assert (deleted.status, deleted.version) == ("applied", 2)
    [row] = (await pull_all(reu2)).rows
    assert row.deleted and row.version == 2
    assert row.fields["last_name"] == "Payet"  # a tombstone keeps its fields (restore)
    [edit] = (
        await push(
            reu2,
            op("update", record, {"phone": "0692000001"}, base={"phone": None}, user="b.hoarau"),
        )
    ).results
    assert edit.status == "conflict"
    assert "c.payet" in (edit.reason or "") and "supprimée" in (edit.reason or "")
    assert edit.conflicts and edit.conflicts[0].field == "deleted"
    [restored] = (await push(reu2, op("restore", record, base_version=2, user="b"))).results
    assert (restored.status, restored.version) == ("applied", 3)
    [row] = (await pull_all(reu)).rows
    assert not row.deleted


async def test_deleting_a_record_someone_else_changed_since_is_a_conflict(
    reu: httpx.AsyncClient, reu2: httpx.AsyncClient
) -> None:
    record = await changed_by_another(reu, reu2)
    [result] = (await push(reu, op("delete", record, base_version=1))).results
    assert result.status == "conflict"
    [row] = (await pull_all(reu)).rows
    assert not row.deleted
    # Deleting after one's own edit is fine (the version moved, but by the same person).
    mine = new_id()
    await push(
        reu, op("create", mine), op("update", mine, {"phone": "0692000002"}, base={"phone": None})
    )
    [ok] = (await push(reu, op("delete", mine, base_version=1))).results
    assert ok.status == "applied"


async def test_old_tombstones_are_purged_and_an_older_cursor_gets_410(
    central: TestCentral, reu: httpx.AsyncClient
) -> None:
    kept, gone = new_id(), new_id()
    await push(reu, op("create", kept), op("create", gone))  # seqs 1, 3 (their history: 2, 4)
    await push(reu, op("delete", gone, base_version=1))  # seq 5 (its history: 6)
    central.clock.advance(days=protocol.TOMBSTONE_HORIZON_DAYS + 1)
    response = await reu.get(PULL_PATH, params={"since": 4})  # this pull runs the daily purge
    assert response.status_code == 410
    assert response.json()["error"] == "resync_required"
    assert "téléchargez" in response.json()["message"]
    assert (await reu.get(PULL_PATH, params={"since": 5})).status_code == 200
    assert [row.id for row in (await pull_all(reu)).rows] == [kept]
    # A cursor beyond the server's newest seq (server data replaced) also means: start again.
    ahead = await reu.get(PULL_PATH, params={"since": 99})
    assert ahead.status_code == 410
    # ...told apart: the device keeps what the server lost rather than deleting it.
    assert ahead.json()["error"] == "cursor_ahead"


async def test_purge_spares_recent_tombstones(central_db_url: str) -> None:
    central = make_test_central(central_db_url)
    async with central.client(central.token()) as client:
        record = new_id()
        await push(client, op("create", record), op("delete", record, base_version=1))
        assert (
            pull_pages.purge_tombstones(central.engine, now=central.clock(), horizon_days=30) == 0
        )
        central.clock.advance(days=31)
        assert (
            pull_pages.purge_tombstones(central.engine, now=central.clock(), horizon_days=30) == 1
        )
        assert (await client.get(PULL_PATH, params={"since": 1})).status_code == 410


# --- scope (403) ---------------------------------------------------------------------------------


async def test_an_op_outside_the_scope_is_rejected_alone_and_the_rest_applied(
    central: TestCentral, reu: httpx.AsyncClient
) -> None:
    mine = new_id()
    response = await push(reu, op("create", mine), op("create", new_id(), ars="ARA"))
    assert [r.status for r in response.results] == ["applied", "rejected"]
    assert "hors du territoire" in (response.results[1].reason or "")
    assert [row.id for row in (await pull_all(reu)).rows] == [mine]


async def test_a_record_of_another_region_cannot_be_touched_or_read(
    central: TestCentral, reu: httpx.AsyncClient
) -> None:
    record, mine = new_id(), new_id()
    async with central.client(central.token("ARA", "lyon-1")) as ara:
        await push(ara, op("create", record, ars="ARA"))
        # REU claims the record is its own: the stored record's ARS decides, for that op alone.
        response = await push(
            reu,
            op("update", record, {"phone": "0692000001"}),
            op("create", mine),
        )
        assert [r.status for r in response.results] == ["rejected", "applied"]
        assert [row.id for row in (await pull_all(reu)).rows] == [mine]
        [row] = (await pull_all(ara)).rows
        assert row.fields["phone"] is None


async def test_reunion_and_mayotte_both_see_ocean_indien_records_but_not_each_other(
    central: TestCentral, reu: httpx.AsyncClient
) -> None:
    historic, mine = new_id(), new_id()
    await push(reu, op("create", historic, ars="OI"), op("create", mine))
    async with central.client(central.token("MAY", "mamoudzou-1")) as may:
        ids = [row.id for row in (await pull_all(may)).rows]
        assert ids == [historic]
        [result] = (await push(may, op("create", new_id(), ars="MAY"))).results
        assert result.status == "applied"
        # REU, MAY and OI share one counter (one cursor for OI): 1-4 the two creates and
        # their history records.
        assert result.server_seq == 5
    assert [row.id for row in (await pull_all(reu)).rows] == [historic, mine]


# --- authentication, protocol version (401, 426) -------------------------------------------------


@pytest.mark.parametrize("authorization", [None, "Bearer ", "Bearer not-a-token", "Basic abc"])
async def test_a_missing_or_unknown_token_is_401(
    central: TestCentral, authorization: str | None
) -> None:
    headers = {protocol.PROTOCOL_HEADER: "1"}
    if authorization is not None:
        headers["Authorization"] = authorization
    async with central.client(headers=headers) as client:
        for response in (
            await client.get("/v1/sync/hello"),
            await client.get(PULL_PATH),
            await client.post(PUSH_PATH, json={"ops": []}),
        ):
            assert response.status_code == 401
            assert response.json()["error"] == "unauthorized"
            assert "jeton" in response.json()["message"].lower()
            assert response.headers["www-authenticate"] == "Bearer"


async def test_a_revoked_token_is_401_with_its_own_message(central: TestCentral) -> None:
    token = central.token("REU", "perdu")
    revoke_token(central.engine, "perdu")
    async with central.client(token) as client:
        response = await client.get("/v1/sync/hello")
    assert response.status_code == 401
    assert "révoqué" in response.json()["message"]
    assert "conservées" in response.json()["message"]


@pytest.mark.parametrize("version", [None, "0", "abc", ""])
async def test_a_missing_or_old_protocol_version_is_426(
    central: TestCentral, version: str | None
) -> None:
    headers = client_headers(central.token())
    headers.pop(protocol.PROTOCOL_HEADER)
    if version is not None:
        headers[protocol.PROTOCOL_HEADER] = version
    async with central.client(headers=headers) as client:
        response = await client.post(PUSH_PATH, json={"ops": [op("create", new_id())]})
    assert response.status_code == 426
    assert response.json()["error"] == "upgrade_required"
    assert "mettez l'application à jour" in response.json()["message"]


# --- sizes (413), gzip ---------------------------------------------------------------------------


async def test_too_many_ops_is_413_and_nothing_applied(reu: httpx.AsyncClient) -> None:
    ops = [op("create", new_id()) for _ in range(protocol.MAX_OPS_PER_PUSH + 1)]
    response = await reu.post(PUSH_PATH, json={"ops": ops})
    assert response.status_code == 413
    assert response.json()["error"] == "too_large"
    assert "1\u00a0000 au plus" in response.json()["message"]
    assert (await pull_all(reu)).rows == []


async def test_a_body_over_the_limit_is_413_from_its_length_or_while_streaming(
    reu: httpx.AsyncClient,
) -> None:
    big = b'{"ops": [' + b" " * protocol.MAX_BODY_BYTES + b"]}"
    response = await reu.post(PUSH_PATH, content=big, headers={"Content-Type": "application/json"})
    assert response.status_code == 413

    sent: list[int] = []

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: counted as it comes
        for _ in range(100):
            sent.append(1)
            yield b" " * (256 * 1024)

    response = await reu.post(PUSH_PATH, content=chunks())
    assert response.status_code == 413
    assert response.json()["error"] == "too_large"


async def test_a_gzip_bomb_is_413(reu: httpx.AsyncClient) -> None:
    bomb = gzip.compress(b'{"ops": [' + b" " * (protocol.MAX_DECOMPRESSED_BYTES + 10) + b"]}")
    assert len(bomb) < protocol.MAX_BODY_BYTES
    response = await reu.post(PUSH_PATH, content=bomb, headers={"Content-Encoding": "gzip"})
    assert response.status_code == 413


async def test_gzip_request_and_response(reu: httpx.AsyncClient) -> None:
    ops = [op("create", new_id()) for _ in range(20)]
    body = gzip.compress(json.dumps({"ops": ops}).encode())
    response = await reu.post(
        PUSH_PATH,
        content=body,
        headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
    )
    assert response.status_code == 200, response.text
    assert [r["status"] for r in response.json()["results"]] == ["applied"] * 20
    pulled = await reu.get(PULL_PATH, headers={"Accept-Encoding": "gzip"})
    assert pulled.headers["content-encoding"] == "gzip"
    assert len(pulled.json()["rows"]) == 40  # httpx decoded it (20 records, their history)


async def test_a_corrupt_gzip_or_json_body_is_a_french_400(reu: httpx.AsyncClient) -> None:
    response = await reu.post(PUSH_PATH, content=b"nope", headers={"Content-Encoding": "gzip"})
    assert response.status_code == 400
    assert "gzip" in response.json()["message"]
    response = await reu.post(PUSH_PATH, content=b"{not json")
    assert (response.status_code, response.json()["error"]) == (400, "invalid_request")
    response = await reu.post(PUSH_PATH, json={"ops": [{"op_id": "x"}]})
    assert response.status_code == 422
    assert response.json()["message"].startswith("Requête mal formée")
    response = await reu.get(PULL_PATH, params={"since": -1})
    assert response.status_code == 422


# --- operations ----------------------------------------------------------------------------------


async def test_a_database_outage_is_503_with_retry_after(
    reu: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def down(*_args: object) -> None:
        raise OperationalError("SELECT 1", {}, Exception("database is locked"))

    monkeypatch.setattr(pull_pages, "pull", down)
    response = await reu.get(PULL_PATH)
    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"
    assert response.json()["error"] == "unavailable"


async def test_a_value_the_database_cannot_hold_is_a_french_400_logged_without_it(
    reu: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A DataError (PostgreSQL: a NUL character) past the per-op checks: the request is wrong,
    sending it again would fail again; the log names the error's type, never the statement."""

    class NulInValue(Exception):
        pass

    def unstorable(*_args: object) -> None:
        raise DataError("SELECT 'Grondin\x00'", {}, NulInValue("Grondin"))

    monkeypatch.setattr(pull_pages, "pull", unstorable)
    caplog.set_level(logging.WARNING, logger="ars_tui.central")
    response = await reu.get(PULL_PATH)
    assert response.status_code == 400
    assert "retry-after" not in response.headers
    body = response.json()
    assert body["error"] == "invalid_request"
    assert body["message"].startswith("Requête mal formée")
    assert "ne peut pas enregistrer" in body["message"]
    assert "NulInValue" in caplog.text
    assert "Grondin" not in caplog.text and "Grondin" not in response.text


async def test_logs_count_ops_and_name_the_device_but_hold_no_personal_data(
    reu: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="ars_tui.central")
    record = new_id()
    await push(
        reu,
        op("create", record, {"last_name": "Grondin", "first_name": "Mézélie"}, user="m.grondin"),
        op("update", record, {"phone": "0692998877"}, base={"phone": None}, user="m.grondin"),
    )
    await pull_all(reu)
    text = caplog.text
    assert "tablette-reu" in text and "ops=2" in text and "applied=2" in text
    for secret in ("Grondin", "Mézélie", "0692998877", "m.grondin", record):
        assert secret not in text
