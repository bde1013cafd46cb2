"""Data faults (issue 10): no record, accepted by one side and refused by the other, stops sync.

The central endpoint runs the device's rules on every op and refuses per op; devices converge
on natural keys; a device sets aside a pulled row it cannot store. Server tests run on SQLite
and, when ``ARS_TUI_TEST_PG_URL`` is set, on PostgreSQL.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from ars_tui.central import pull_pages
from ars_tui.central.tokens import Device as TokenDevice
from ars_tui.protocol import PULL_PATH, PUSH_PATH, PushResponse
from storage.exchange.imports import import_file
from storage.records import record_rules
from storage.records.store import Store
from storage.records.validation import ValidationError
from storage.sync import progress as sync_progress
from storage.uuids import new_id
from tests.support.central_api import op, pull_all, push
from tests.support.central_server import TestCentral
from tests.support.convergence import World
from tests.support.records import PRO

# --- one set of rules, per-op refusals -----------------------------------------------------------


async def test_an_empty_create_and_a_negative_amount_are_rejected_alone(
    reu: httpx.AsyncClient,
) -> None:
    pro, contract, good = new_id(), new_id(), new_id()
    await push(reu, op("create", pro, {**PRO, "last_name": "Grondin"}))
    negative = {
        "professional_id": pro,
        "kind": "ptmg",
        "status": "en_instruction",
        "amount_cents": -100,
    }
    response = await push(
        reu,
        op("create", new_id(), {}),
        op("create", contract, negative, entity="aid_contract"),
        op("create", good),
    )
    assert [r.status for r in response.results] == ["rejected", "rejected", "applied"]
    empty, amount = (r.reason or "" for r in response.results[:2])
    assert "Nom" in empty and "Prénom" in empty
    assert "Montant" in amount and "-100" not in amount and "1,00" not in amount
    rows = (await pull_all(reu)).rows
    assert sorted(row.id for row in rows) == sorted([pro, good])


async def test_an_update_is_checked_merged_onto_the_stored_record(reu: httpx.AsyncClient) -> None:
    pro = new_id()
    await push(reu, op("create", pro))
    response = await push(
        reu,
        op("update", pro, {"last_name": None}, base={"last_name": "Payet"}),
        op("update", pro, {"email": "pas-un-courriel"}, base={"email": None}),
        op("update", new_id(), {"phone": "0692123456"}),
    )
    assert [r.status for r in response.results] == ["rejected", "blocked", "rejected"]
    [row] = (await pull_all(reu)).rows
    assert row.fields["last_name"] == "Payet"


async def test_twelve_megabyte_notes_are_rejected(reu: httpx.AsyncClient) -> None:
    order = {"number": "ARS-REU-2026-1", "effective_date": "2026-01-01"}
    big = op("create", new_id(), {**order, "notes": "x" * 12_000_000}, entity="zoning_order")
    fine = op("create", new_id(), {**order, "notes": "x" * 10_000}, entity="zoning_order")
    body = json.dumps({"ops": [big, fine]}).encode()
    import gzip

    response = await reu.post(
        PUSH_PATH,
        content=gzip.compress(body),
        headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
    )
    assert response.status_code == 200, response.text
    results = PushResponse.model_validate(response.json()).results
    assert [r.status for r in results] == ["rejected", "applied"]
    assert "Notes" in (results[0].reason or "")


@pytest.mark.parametrize("where", ["entity_id", "op_id", "user", "field"])
async def test_a_nul_character_is_rejected_per_op_never_a_500(
    reu: httpx.AsyncClient, where: str
) -> None:
    bad = op("create", new_id())
    if where == "field":
        bad["fields"]["last_name"] = "Pa\x00yet"
    else:
        bad[where] = bad[where][:10] + "\x00"
    response = await push(reu, bad, op("create", new_id()))
    assert [r.status for r in response.results] == ["rejected", "applied"]
    assert len((await pull_all(reu)).rows) == 1


async def test_a_nul_character_in_a_pull_query_is_a_400_not_a_500(
    reu: httpx.AsyncClient,
) -> None:
    response = await reu.get(PULL_PATH, params={"since": "1\x00", "limit": 10})
    assert 400 <= response.status_code < 500


async def test_a_pull_page_is_capped_by_bytes_as_well_as_rows(
    central: TestCentral, reu: httpx.AsyncClient
) -> None:
    order = {"number": "ARS-REU-2026-1", "effective_date": "2026-01-01", "notes": "x" * 9_000}
    await push(*[reu], *[op("create", new_id(), order, entity="zoning_order") for _ in range(6)])
    device = TokenDevice(id=1, name="t", ars_code="REU", created_at=datetime.now(UTC))
    page = pull_pages.pull(central.engine, device, 0, 100, max_bytes=20_000)
    assert page.has_more and 1 < page.rows < 6
    assert len(page.body) < 20_000 + 10_000
    rest = pull_pages.pull(central.engine, device, page.cursor, 100, max_bytes=20_000)
    seen = page.rows + rest.rows
    while rest.has_more:
        rest = pull_pages.pull(central.engine, device, rest.cursor, 100, max_bytes=20_000)
        seen += rest.rows
    assert seen == 12  # the 6 records and their history records (which carry the notes too)


# --- territory ------------------------------------------------------------------------------------


async def test_ocean_indien_records_belong_to_reunion_for_974_and_mayotte_for_976(
    central: TestCentral, reu: httpx.AsyncClient
) -> None:
    pro = new_id()
    await push(reu, op("create", pro))
    old_project = {
        "professional_id": pro,
        "commune_code": "97411",
        "first_contact_date": "2018-05-02",
    }
    late_oi = {**old_project, "first_contact_date": "2021-05-02"}
    project = new_id()
    response = await push(
        reu,
        op("create", project, old_project, entity="installation_project", ars="OI"),
        # Dated after 2019: the commune's ARS is REU, not OI.
        op("create", new_id(), late_oi, entity="installation_project", ars="OI"),
        # An OI record that is no OI record at all (no date before 2020).
        op(
            "create",
            new_id(),
            {"number": "X", "effective_date": "2021-01-01"},
            entity="zoning_order",
            ars="OI",
        ),
    )
    assert [r.status for r in response.results] == ["applied", "rejected", "rejected"]
    async with central.client(central.token("MAY", "mamoudzou")) as may:
        edit = op(
            "update",
            project,
            {"localite": "Bellepierre"},
            base={"localite": None},
            entity="installation_project",
            ars="OI",
        )
        [result] = (await push(may, edit)).results
        assert result.status == "rejected"
        assert "territoire" in (result.reason or "")


def test_a_device_refuses_at_entry_a_record_outside_its_ars(database: Any) -> None:
    store = Store(database.engine, user="c.payet", ars_code="REU")
    pro = store.create("professional", PRO)
    with pytest.raises(ValidationError, match="ARS Mayotte") as refused:
        store.create(
            "installation_project",
            {"professional_id": pro, "commune_code": "97611", "first_contact_date": "2026-01-05"},
        )
    assert "ARS La Réunion" in str(refused.value)
    with pytest.raises(ValidationError, match="31/12/2019"):
        store.create("zoning_order", {"number": "X", "effective_date": "2021-01-01"}, ars_code="OI")
    may = Store(database.engine, user="a.said", ars_code="MAY")
    with pytest.raises(ValidationError, match="ARS La Réunion"):
        may.create(
            "installation_project",
            {"professional_id": pro, "commune_code": "97411", "first_contact_date": "2018-01-05"},
        )
    with database.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM installation_project")).scalar() == 0


# --- natural keys --------------------------------------------------------------------------------


async def test_two_devices_creating_the_same_natural_key_end_with_one_record(
    central: TestCentral, reu: httpx.AsyncClient
) -> None:
    order = new_id()
    await push(
        reu,
        op(
            "create",
            order,
            {"number": "A-1", "effective_date": "2026-01-01"},
            entity="zoning_order",
        ),
    )
    entry = {"order_id": order, "commune_code": "97401", "zone_class": "ZIP"}
    entry_id = record_rules.natural_id("zoning_entry", entry)
    assert entry_id is not None
    async with central.client(central.token("REU", "second")) as other:
        first = await push(reu, op("create", entry_id, entry, entity="zoning_entry"))
        second = await push(other, op("create", entry_id, entry, entity="zoning_entry"))
        differing = await push(
            other,
            op("create", entry_id, {**entry, "zone_class": "ZAC"}, entity="zoning_entry"),
        )
        # A record with the same key under another id (made before ids came from the key).
        legacy = await push(other, op("create", new_id(), entry, entity="zoning_entry"))
    assert first.results[0].status == "applied"
    assert second.results[0].status == "applied"
    assert second.results[0].version == first.results[0].version  # nothing new stored
    assert differing.results[0].status == "conflict"
    assert legacy.results[0].status == "rejected"
    entries = [row for row in (await pull_all(reu)).rows if row.entity == "zoning_entry"]
    assert [row.id for row in entries] == [entry_id]


ZONAGE_V1 = """\
N° d'arrêté;Date d'effet;Date de fin;Code commune;Code TVS;Nom du TVS;Classe
ARS-MAY-2024-3;01/01/2024;;97601;;;ZIP
ARS-MAY-2024-3;01/01/2024;;97602;;;ZAC
"""
ZONAGE_V2 = ZONAGE_V1 + "ARS-MAY-2024-3;01/01/2024;;97603;;;ZIP\n"


@pytest.fixture
def world(tmp_path: Path, fresh_database_file: Path) -> Iterator[World]:
    built = World(tmp_path, fresh_database_file, devices=3, rates={}, ars="MAY")
    yield built
    built.close()


def _import(world: World, index: int, content: str, tmp_path: Path) -> None:
    path = tmp_path / f"zonage-{index}.csv"
    path.write_text(content, encoding="utf-8")
    device = world.devices[index]
    import_file(
        device.database.engine,
        "zonage",
        path,
        user=device.user,
        ars_code="MAY",
        today=date(2026, 3, 2),
    )


def _entries(world: World, index: int) -> list[tuple[str, str]]:
    with world.devices[index].database.engine.connect() as connection:
        return [
            (row.commune_code, row.zone_class)
            for row in connection.execute(
                text(
                    "SELECT commune_code, zone_class FROM zoning_entry WHERE deleted = 0"
                    " ORDER BY commune_code"
                )
            )
        ]


def test_zonage_v1_then_v2_imported_offline_on_three_devices_converges(
    world: World, tmp_path: Path
) -> None:
    a, b, c = world.devices
    _import(world, 0, ZONAGE_V1, tmp_path)
    for device in (a, b, c):
        device.client.run_round()
    _import(world, 1, ZONAGE_V2, tmp_path)
    _import(world, 2, ZONAGE_V2, tmp_path)
    for device in (b, c, a, b, c, a):
        result = device.client.run_round()
        assert result.to_fix == 0 and result.conflicts == 0
    expected = [("97601", "ZIP"), ("97602", "ZAC"), ("97603", "ZIP")]
    assert _entries(world, 0) == _entries(world, 1) == _entries(world, 2) == expected
    with world.server_engine.connect() as connection:
        stored = connection.execute(
            text("SELECT count(*) FROM central_record WHERE entity = 'zoning_entry'")
        ).scalar()
    assert stored == 3
    for device in (a, b, c):
        assert sync_progress.sync_status(device.database.engine).pending == 0


def test_a_database_error_on_the_device_never_shows_the_values(database: Any) -> None:
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError) as caught, database.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO professional (id, ars_code, version, updated_at, updated_by,"
                " deleted, last_name, first_name, profession, situation, search_key)"
                " VALUES (:id, 'REU', 0, '2026-01-01', 'u', 0, NULL, :name, 'medecin',"
                " 'installe_liberal', '')"
            ),
            {"id": "q", "name": "Secretname"},
        )
    assert "Secretname" not in str(caught.value)


def test_a_natural_key_record_removed_then_added_again_comes_back(database: Any) -> None:
    store = Store(database.engine, user="c.payet", ars_code="REU")
    msp = store.create("msp_project", {"name": "MSP de Cilaos"})
    first = store.create("msp_staffing", {"msp_id": msp, "profession": "mg", "planned": 2})
    with pytest.raises(ValidationError, match="déjà"):
        store.create("msp_staffing", {"msp_id": msp, "profession": "mg", "planned": 3})
    store.delete("msp_staffing", first)
    again = store.create("msp_staffing", {"msp_id": msp, "profession": "mg", "planned": 3})
    assert again == first
    record = store.get("msp_staffing", first)
    assert (record["deleted"], record["planned"]) == (False, 3)
