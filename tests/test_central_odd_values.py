"""Any JSON value in any field of an op gets an answer for that op alone, never a 500 (issue 10).

A list where the server expects text once raised ``TypeError: unhashable type`` while the server
looked up the records an op points at (found by schemathesis): the whole batch failed and the
device sent it again forever. Every synced entity, every field, three shapes a device never
sends: the op is rejected alone and the valid op of the same batch is applied.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from ars_tui.protocol import PULL_PATH, PUSH_PATH, PushResponse
from storage.models import SYNCED_TYPES
from storage.records.field_specs import field_specs
from storage.records.validation import POLYMORPHIC_REFERENCES
from storage.uuids import new_id
from tests.support.central_server import (  # noqa: F401 (fixture)
    TestCentral,
    central_db_url,
    make_test_central,
)

ODD_VALUES: list[Any] = [["97411"], {"id": "x"}, [[1, 2], {"a": None}]]


@pytest.fixture
def central(central_db_url: str) -> TestCentral:  # noqa: F811
    return make_test_central(central_db_url)


@pytest.fixture
async def reu(central: TestCentral) -> AsyncIterator[httpx.AsyncClient]:
    async with central.client(central.token("REU", "tablette-reu")) as client:
        yield client


def _op(entity: str, fields: dict[str, Any]) -> dict[str, Any]:
    return {
        "op_id": new_id(),
        "entity": entity,
        "entity_id": new_id(),
        "kind": "create",
        "fields": fields,
        "base": {},
        "base_version": 0,
        "ars_code": "REU",
        "client_time": datetime.now(UTC).isoformat(),
        "user": "c.payet",
    }


def _field_names(entity: str) -> list[str]:
    names = set(field_specs(entity))
    if entity in POLYMORPHIC_REFERENCES:
        names.update(POLYMORPHIC_REFERENCES[entity])
    return sorted(names)


@pytest.mark.parametrize("odd", ODD_VALUES, ids=["list", "dict", "nested"])
async def test_an_odd_value_in_any_field_is_rejected_alone(
    reu: httpx.AsyncClient, odd: Any
) -> None:
    valid = _op("professional", {"last_name": "Payet", "first_name": "Léa"})
    for entity in sorted(SYNCED_TYPES):
        odd_ops = [_op(entity, {name: odd}) for name in _field_names(entity)]
        if entity in POLYMORPHIC_REFERENCES:  # the record it points at, named by an odd value
            entity_field, id_field = POLYMORPHIC_REFERENCES[entity]
            odd_ops.append(_op(entity, {entity_field: odd, id_field: new_id()}))
        response = await reu.post(PUSH_PATH, json={"ops": [*odd_ops, valid]})
        assert response.status_code == 200, (entity, response.text)
        results = PushResponse.model_validate(response.json()).results
        assert [result.status for result in results[:-1]] == ["rejected"] * len(odd_ops), entity
        assert all(result.reason for result in results[:-1]), entity
        assert results[-1].status in ("applied", "duplicate"), entity


async def test_a_boolean_version_is_a_malformed_request(reu: httpx.AsyncClient) -> None:
    """``base_version: true`` was read as 1 (pydantic's lax int) and applied; the schema says
    integer, so the request is refused as malformed and nothing of it is stored."""
    forged = {
        **_op("professional", {"last_name": "Payet", "first_name": "Léa"}),
        "base_version": True,
    }
    response = await reu.post(PUSH_PATH, json={"ops": [forged]})
    assert response.status_code in (400, 422), response.text
    pulled = await reu.get(PULL_PATH, params={"since": 0, "limit": 100})
    assert pulled.status_code == 200
    assert pulled.json()["rows"] == []
