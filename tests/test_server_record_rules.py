"""The rules that read other records run on the server too (issue 10): a device and the central
server refuse the same records, per op, with the same French reasons; and a child record belongs
to its parent's ARS on both ends. Server tests run on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from storage import vocabulary as voc
from storage.records.store import Store
from storage.records.validation import ValidationError
from storage.uuids import new_id
from tests.support.central_api import op, pull_all, push
from tests.support.records import PRO

#: An EPCI of La Réunion and a commune in it, and a commune of another EPCI.
EPCI = "249740077"
IN_ZONE, OUT_OF_ZONE = "97401", "97402"


def label(field: str) -> str:
    return voc.field_label(field)


def mission(zone: str, pro: str, start: str, days: int, **more: Any) -> dict[str, Any]:
    """A mission of ``days`` consecutive days from ``start`` (a day of month under 28)."""
    end = f"{start[:8]}{int(start[8:]) + days - 1:02d}"
    return {
        "priority_zone_id": zone,
        "professional_id": pro,
        "commune_code": IN_ZONE,
        "start_date": start,
        "end_date": end,
        "days": days,
        **more,
    }


async def test_rules_reading_other_records_reject_alone_on_the_server(
    reu: httpx.AsyncClient,
) -> None:
    doctor, psy, msp, zone, order = (new_id() for _ in range(5))
    setup = await push(
        reu,
        op("create", doctor, PRO),
        op("create", psy, {**PRO, "first_name": "Noé", "profession": "psychologue"}),
        op("create", msp, {"name": "MSP des Avirons"}, entity="msp_project"),
        op("create", zone, {"epci_siren": EPCI}, entity="priority_zone"),
        op(
            "create",
            order,
            {"number": "ARS-REU-2026-1", "effective_date": "2026-01-01"},
            entity="zoning_order",
        ),
    )
    assert {r.status for r in setup.results} == {"applied"}
    site = {"msp_id": msp, "commune_code": IN_ZONE, "is_main_site": True}
    cesp = {"professional_id": psy, "kind": "cesp", "status": "engagement_en_cours"}
    away = mission(zone, doctor, "2026-05-02", 1, commune_code=OUT_OF_ZONE)
    mayotte_entry = {"order_id": order, "commune_code": "97611", "zone_class": "ZIP"}
    crowd = {"commune_code": "97403", "as_of": "2026-01-01", "population_beyond_30min": 900_000}
    cases = [
        ("mcs", {"professional_id": psy, "samu_attachment": "SAMU 974"}, "professional_id"),
        ("mcs", {"professional_id": doctor, "samu_attachment": "SAMU 974"}, None),
        ("msp_site", site, None),
        ("msp_site", site, "is_main_site"),  # a second main site of the same MSP
        ("solidarity_mission", mission(zone, doctor, "2026-03-02", 2), None),
        ("solidarity_mission", mission(zone, doctor, "2026-03-20", 1), "days"),  # 3 in March
        ("solidarity_mission", mission(zone, psy, "2026-04-02", 1), "professional_id"),
        ("solidarity_mission", away, "commune_code"),
        ("aid_contract", {**cesp, "start_date": "2025-09-01"}, "professional_id"),
        ("zoning_entry", mayotte_entry, "commune_code"),
        ("urgent_care_coverage", crowd, "population_beyond_30min"),
    ]  # fmt: skip
    ids = [new_id() for _ in cases]
    response = await push(
        reu,
        *(op("create", i, fields, entity=e) for i, (e, fields, _) in zip(ids, cases, strict=True)),
    )
    for (entity, _fields, refused), result in zip(cases, response.results, strict=True):
        if refused is None:
            assert result.status == "applied", (entity, result.reason)
            continue
        assert result.status == "rejected", (entity, refused)
        assert label(refused) in (result.reason or ""), (entity, result.reason)
        assert "Payet" not in (result.reason or "") and "900" not in (result.reason or "")
    stored = {row.id for row in (await pull_all(reu)).rows}
    for record_id, (_, _, refused) in zip(ids, cases, strict=True):
        assert (record_id in stored) == (refused is None)


async def test_an_update_breaking_a_rule_between_records_is_rejected_alone(
    reu: httpx.AsyncClient,
) -> None:
    doctor, zone, msp, first, second, march, april = (new_id() for _ in range(7))
    await push(
        reu,
        op("create", doctor, PRO),
        op("create", zone, {"epci_siren": EPCI}, entity="priority_zone"),
        op("create", msp, {"name": "MSP des Avirons"}, entity="msp_project"),
    )
    await push(
        reu,
        op("create", first, {"msp_id": msp, "commune_code": IN_ZONE, "is_main_site": True},
           entity="msp_site"),
        op("create", second, {"msp_id": msp, "commune_code": IN_ZONE}, entity="msp_site"),
        op("create", march, mission(zone, doctor, "2026-03-02", 1), entity="solidarity_mission"),
        op("create", april, mission(zone, doctor, "2026-04-02", 2), entity="solidarity_mission"),
    )  # fmt: skip
    response = await push(
        reu,
        op("update", second, {"is_main_site": True}, base={"is_main_site": False},
           entity="msp_site"),
        # Moved to April, where the doctor already gives 2 days.
        op("update", march, {"start_date": "2026-04-20", "end_date": "2026-04-20"},
           base={"start_date": "2026-03-02", "end_date": "2026-03-02"},
           entity="solidarity_mission"),
        # Its own days are not counted twice: 2 days in March is within the limit.
        op("update", march, {"days": 2, "end_date": "2026-03-03"},
           base={"days": 1, "end_date": "2026-03-02"},
           entity="solidarity_mission", op_id=new_id()),
    )  # fmt: skip
    statuses = [r.status for r in response.results]
    assert statuses == ["rejected", "rejected", "blocked"]
    assert label("is_main_site") in (response.results[0].reason or "")
    assert label("days") in (response.results[1].reason or "")
    rows = {row.id: row.fields for row in (await pull_all(reu)).rows}
    assert rows[second]["is_main_site"] is False
    assert rows[march]["start_date"] == "2026-03-02"
    again = await push(
        reu,
        op("update", march, {"days": 2, "end_date": "2026-03-03"},
           base={"days": 1, "end_date": "2026-03-02"},
           entity="solidarity_mission"),
    )  # fmt: skip
    assert again.results[0].status == "applied", again.results[0].reason


# --- a child belongs to its parent's ARS ---------------------------------------------------------


async def test_a_child_of_a_parent_of_another_ars_is_rejected_on_the_server(
    reu: httpx.AsyncClient,
) -> None:
    msp, site, staffing, good = new_id(), new_id(), new_id(), new_id()
    await push(reu, op("create", msp, {"name": "MSP des Avirons"}, entity="msp_project"))
    response = await push(
        reu,
        # The MSP is of La Réunion; its site and staffing are sent as records of ARS OI.
        op("create", site, {"msp_id": msp, "commune_code": IN_ZONE}, entity="msp_site",
           ars="OI"),
        op("create", staffing, {"msp_id": msp, "profession": "mg"}, entity="msp_staffing",
           ars="OI"),
        op("create", good, {"msp_id": msp, "commune_code": IN_ZONE}, entity="msp_site"),
    )  # fmt: skip
    assert [r.status for r in response.results] == ["rejected", "rejected", "applied"]
    for result in response.results[:2]:
        assert label("msp_id") in (result.reason or "")
        assert msp not in (result.reason or "")
    stored = {row.id for row in (await pull_all(reu)).rows}
    assert stored == {msp, good}


def test_a_child_of_a_parent_of_another_ars_is_refused_on_the_device(database: Any) -> None:
    store = Store(database.engine, user="c.payet")  # no ARS of its own: imports, tests
    pro = store.create("professional", PRO, ars_code="MAY")
    with pytest.raises(ValidationError) as refused:
        store.create(  # a project in Saint-Pierre (La Réunion) for a professional of Mayotte
            "installation_project",
            {"professional_id": pro, "commune_code": "97416", "first_contact_date": "2026-01-05"},
        )
    assert refused.value.fields == {"professional_id"}
    assert label("professional_id") in str(refused.value)
    assert pro not in str(refused.value) and "Payet" not in str(refused.value)
    # An OI project (2018) of a professional of La Réunion is the same territory.
    store.create(
        "installation_project",
        {"professional_id": store.create("professional", PRO, ars_code="REU"),
         "commune_code": "97416", "first_contact_date": "2018-01-05"},
    )  # fmt: skip
