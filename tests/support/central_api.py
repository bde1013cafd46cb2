"""What the tests of the central endpoint over HTTP share (tests/test_central_api*.py,
tests/test_central_server.py, tests/test_data_faults.py): ops as a device's outbox sends them,
push and pull helpers, and the fixtures (loaded for every test by tests/conftest.py) ``central``,
one per backend through ``central_db_url``, and two devices of La Réunion, ``reu`` and ``reu2``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from ars_tui.protocol import PULL_PATH, PUSH_PATH, PullResponse, PushResponse
from storage.uuids import new_id
from tests.support.central_server import TestCentral, make_test_central


@pytest.fixture
def central(central_db_url: str) -> TestCentral:
    return make_test_central(central_db_url)


def op(
    kind: str,
    entity_id: str,
    fields: dict[str, Any] | None = None,
    *,
    base: dict[str, Any] | None = None,
    base_version: int = 0,
    entity: str = "professional",
    ars: str = "REU",
    user: str = "c.payet",
    op_id: str | None = None,
) -> dict[str, Any]:
    """An op as a device's outbox sends it."""
    if fields is None:
        fields = {"last_name": "Payet", "first_name": "Léa"} if kind == "create" else {}
    if kind == "delete":
        fields, base = {"deleted": True}, {"deleted": False}
    if kind == "restore":
        fields, base = {"deleted": False}, {"deleted": True}
    return {
        "op_id": op_id or new_id(),
        "entity": entity,
        "entity_id": entity_id,
        "kind": kind,
        "fields": fields,
        "base": base or {},
        "base_version": base_version,
        "ars_code": ars,
        "client_time": "2026-03-01T10:00:00+00:00",
        "user": user,
    }


async def push(client: httpx.AsyncClient, *ops: dict[str, Any]) -> PushResponse:
    response = await client.post(PUSH_PATH, json={"ops": list(ops)})
    assert response.status_code == 200, response.text
    return PushResponse.model_validate(response.json())


async def pull_page(client: httpx.AsyncClient, since: int = 0) -> PullResponse:
    """Everything changed after ``since``, as sent: records and their edits' history records."""
    response = await client.get(PULL_PATH, params={"since": since, "limit": 2000})
    assert response.status_code == 200, response.text
    return PullResponse.model_validate(response.json())


async def pull_all(client: httpx.AsyncClient, since: int = 0) -> PullResponse:
    """The page of :func:`pull_page` without the history records the server derives from each
    applied edit (tests/test_central_api.py tests those on their own)."""
    page = await pull_page(client, since)
    rows = [row for row in page.rows if row.entity != "record_change"]
    return page.model_copy(update={"rows": rows})


async def changed_by_another(
    first: httpx.AsyncClient, second: httpx.AsyncClient, phone: str = "0692000001"
) -> str:
    """A professional created through ``first`` (version 1) whose phone the person ``b`` then
    set through ``second`` (version 2): its id."""
    record = new_id()
    await push(first, op("create", record))
    await push(second, op("update", record, {"phone": phone}, base={"phone": None}, user="b"))
    return record


@pytest.fixture
async def reu(central: TestCentral) -> AsyncIterator[httpx.AsyncClient]:
    """A device of ARS La Réunion."""
    async with central.client(central.token("REU", "tablette-reu")) as client:
        yield client


@pytest.fixture
async def reu2(central: TestCentral) -> AsyncIterator[httpx.AsyncClient]:
    """A second device of La Réunion (another person)."""
    async with central.client(central.token("REU", "portable-reu")) as client:
        yield client
