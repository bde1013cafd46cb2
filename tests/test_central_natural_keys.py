"""The natural keys a push batch takes, moves and frees are written together (issue 15: two
statements through the driver, not two SQLAlchemy statements per key). SQLite and, when
``ARS_TUI_TEST_PG_URL`` is set, PostgreSQL.
"""

from __future__ import annotations

import httpx
import sqlalchemy as sa

from storage.uuids import new_id
from tests.support.central_api import op as api_op
from tests.support.central_api import push
from tests.support.central_server import TestCentral

ZONING_ORDER = {"entity": "zoning_order"}
ZONING_ENTRY = {"entity": "zoning_entry"}


async def test_natural_keys_taken_moved_and_freed_in_one_batch(
    central: TestCentral, reu: httpx.AsyncClient
) -> None:
    """The batch's natural keys are written together: a moved key is freed for the next push,
    the one it moved to is taken."""
    order = new_id()
    await push(
        reu,
        api_op("create", order, {"number": "A-1", "effective_date": "2026-01-01"}, **ZONING_ORDER),
    )
    first, moved = new_id(), new_id()
    entry = {"order_id": order, "zone_class": "ZIP"}
    response = await push(
        reu,
        api_op("create", first, {**entry, "commune_code": "97401"}, **ZONING_ENTRY),
        api_op("create", moved, {**entry, "commune_code": "97402"}, **ZONING_ENTRY),
        api_op(
            "update",
            moved,
            {"commune_code": "97403"},
            base={"commune_code": "97402"},
            base_version=1,
            **ZONING_ENTRY,
        ),
    )
    assert [r.status for r in response.results] == ["applied"] * 3
    with central.engine.connect() as connection:
        keys = connection.execute(
            sa.text("SELECT key_a, key_b, id FROM central_natural_key ORDER BY key_b")
        ).all()
    assert [tuple(row) for row in keys] == [(order, "97401", first), (order, "97403", moved)]
    again = await push(
        reu,
        api_op("create", new_id(), {**entry, "commune_code": "97402"}, **ZONING_ENTRY),
        api_op("create", new_id(), {**entry, "commune_code": "97403"}, **ZONING_ENTRY),
    )
    assert [r.status for r in again.results] == ["applied", "rejected"]
