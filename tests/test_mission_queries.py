"""Missions de solidarité: days and indemnities (days x 200 €) per zone prioritaire."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from storage import vocabulary as voc
from storage.db import Database, read_connection
from storage.mission_queries import record_indemnity_cents, zone_name, zone_totals
from storage.models import SolidarityMission
from storage.store import Store
from tests.support.query_demo import demo_database


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    # A metropolitan ARS: the demo makes no zones prioritaires overseas (issue 12).
    yield from demo_database(tmp_path_factory, "missions", ars_code="BRE")


def test_zone_totals_add_up_the_missions_by_status(demo_db: Database) -> None:
    with read_connection(demo_db.engine) as connection:
        missions = [
            dict(r) for r in connection.execute(sa.select(SolidarityMission.__table__)).mappings()
        ]
        zones = zone_totals(connection)
    assert zones and missions
    for zone in zones:
        mine = [m for m in missions if m["priority_zone_id"] == zone.id and not m["deleted"]]
        done = [m for m in mine if m["status"] in ("realisee", "indemnisee")]
        paid = [m for m in mine if m["status"] == "indemnisee"]
        assert zone.missions == sum(m["status"] != "annulee" for m in mine)
        assert zone.done_days == sum(m["days"] for m in done)
        assert zone.indemnity_cents == zone.done_days * 20_000
        assert zone.paid_cents == sum(m["days"] for m in paid) * 20_000
        assert zone.due_cents == zone.indemnity_cents - zone.paid_cents
        assert zone.consultations == sum(m["consultations"] for m in done)
    assert sum(z.done_days for z in zones) > 0


def test_a_zone_is_named_for_its_epci_and_an_unknown_zone_has_no_name(demo_db: Database) -> None:
    """What a mission's page shows for its zone (the SQL moved out of the screen)."""
    with read_connection(demo_db.engine) as connection:
        zones = zone_totals(connection)
        names = {zone.id: zone_name(connection, zone.id) for zone in zones}
        assert zone_name(connection, "no-such-zone") is None
        assert zone_name(connection, None) is None
    assert len(zones) > 1
    assert names == {zone.id: zone.name for zone in zones}


def test_a_mission_through_its_workflow_moves_its_days_from_planned_to_paid(
    database: Database,
) -> None:
    store = Store(database.engine, user="test", ars_code="REU")
    with read_connection(database.engine) as connection:
        siren = connection.execute(
            sa.text("SELECT epci_siren FROM commune WHERE code = '97415'")
        ).scalar_one()
    zone = store.create("priority_zone", {"epci_siren": siren, "year": 2025})
    pro = store.create("professional", {"last_name": "Hoarau", "first_name": "Paul"})
    mission = store.create(
        "solidarity_mission",
        {"priority_zone_id": zone, "professional_id": pro, "days": "2", "status": "planifiee"},
    )
    cancelled = store.create(
        "solidarity_mission",
        {"priority_zone_id": zone, "professional_id": pro, "days": "1", "status": "annulee"},
    )
    del cancelled

    def totals():  # type: ignore[no-untyped-def]
        with read_connection(database.engine) as connection:
            [only] = zone_totals(connection)
        return only

    planned = totals()
    assert (planned.missions, planned.planned_days, planned.done_days) == (1, 2, 0)
    assert planned.indemnity_cents == 0
    store.transition("solidarity_mission", mission, "realisee")
    done = totals()
    assert (done.done_days, done.indemnity_cents, done.due_cents, done.paid_cents) == (
        2,
        40_000,
        40_000,
        0,
    )
    store.transition("solidarity_mission", mission, "indemnisee")
    paid = totals()
    assert (paid.due_cents, paid.paid_cents) == (0, 40_000)
    assert record_indemnity_cents(store.get("solidarity_mission", mission)) == 40_000
    assert voc.format_int(paid.indemnity_cents // 100) == "400"


def test_the_mission_list_shows_zone_and_indemnity_and_filters_on_the_zone(
    demo_db: Database,
) -> None:
    from storage.queries import ListRequest, list_page

    with read_connection(demo_db.engine) as connection:
        zone = zone_totals(connection)[0]  # Bretagne has several zones: the first one
        page = list_page(
            connection,
            ListRequest("solidarity_mission", filters={"priority_zone_id": zone.id}, limit=500),
        )
        other = list_page(
            connection,
            ListRequest("solidarity_mission", filters={"priority_zone_id": "autre"}),
        )
    assert other.total == 0
    assert page.total == len(page.rows) >= zone.missions
    assert {row["zone_name"] for row in page.rows} == {zone.name}
    assert all(row["indemnity_cents"] == row["days"] * 20_000 for row in page.rows)
    done = sum(r["indemnity_cents"] for r in page.rows if r["status"] in ("realisee", "indemnisee"))
    assert done == zone.indemnity_cents
