"""Sections SAMU / MCS, Missions, Synchronisation and Professionnels as a user sees them.

Pilot tests on the seeded demo of tests/section_support.py (today frozen): the figures on screen
are those the queries give, the filters narrow the lists, and an SVG snapshot of each screen at
a fixed size keeps its layout from drifting.
"""

from __future__ import annotations

import sqlalchemy as sa
from textual.widgets import Checkbox, DataTable, Static, TabbedContent

from ars_tui.app import make_app
from screens.mcs.list import McsScreen
from screens.missions.list import MissionsScreen
from screens.sync.screen import SyncScreen
from screens.widgets.paged_list import PagedList
from storage import vocabulary as voc
from storage.db import Database, read_connection
from storage.queries.missions import zone_totals
from storage.queries.samu import coverage_by_territory, mcs_due_for_refresher
from storage.records.store import Store
from tests import section_support
from tests.section_support import SIZE, TODAY, demo, sections_template, settle, wait_until

__all__ = ["demo", "sections_template"]


async def _open(app, pilot, key: str, screen_class: type):  # type: ignore[no-untyped-def]
    return await section_support.open_section(pilot, key, screen_class)


def _count(database: Database, sql: str) -> int:
    with read_connection(database.engine) as connection:
        return int(connection.execute(sa.text(sql)).scalar_one())


async def test_samu_lists_every_mcs_and_the_due_filter_narrows_it(demo: Database) -> None:
    total = _count(demo, "SELECT COUNT(*) FROM mcs WHERE deleted = 0")
    # Test data: two active MCS whose last training dates back to 2024 (the demo's are recent).
    with demo.engine.begin() as connection:
        connection.execute(
            sa.text(
                "UPDATE mcs_training SET training_date = '2024-01-10' WHERE mcs_id IN"
                " (SELECT id FROM mcs WHERE status = 'actif' ORDER BY id LIMIT 2)"
            )
        )
    with read_connection(demo.engine) as connection:
        due = mcs_due_for_refresher(connection, TODAY)
    assert 0 < len(due) < total  # the demo has both
    app = make_app(demo, user="test")
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot, "6", McsScreen)
        paged = screen.query_one(PagedList)
        assert paged.total == total
        screen.query_one("#filter-due", Checkbox).value = True
        await wait_until(pilot, lambda: paged.total == len(due))
        await settle(pilot)
        assert {row["id"] for row in paged.rows} == {m.id for m in due}
        # The "Recyclage dû" tab lists the same MCS.
        assert screen.query_one("#samu-due", DataTable).row_count == len(due)


async def test_samu_coverage_tab_shows_the_population_beyond_30_minutes(demo: Database) -> None:
    with read_connection(demo.engine) as connection:
        rows = coverage_by_territory(connection, "commune", today=TODAY)
    assert rows
    app = make_app(demo, user="test")
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot, "6", McsScreen)
        screen.query_one(TabbedContent).active = "tab-coverage"
        await settle(pilot)
        note = str(screen.query_one("#coverage-note", Static).render())
        beyond = sum(row.population_beyond_30min for row in rows)
        assert voc.format_int(beyond).replace("\u202f", " ") in note.replace("\u202f", " ")
        table = screen.query_one("#samu-coverage", DataTable)
        assert table.row_count == len(rows)


def _seed_missions(database: Database) -> None:
    """A zone prioritaire and its missions, as test data: the demo makes none overseas (the
    151 zones of 2025 are metropolitan), but the screen must show them when there are some."""
    row = {"ars": "REU", "at": "2026-01-05 09:00:00.000000", "by": "test"}
    with database.engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO priority_zone (id, ars_code, version, updated_at, updated_by,"
                " deleted, epci_siren, year, population) VALUES"
                " ('zone-civis', :ars, 0, :at, :by, 0, '249740077', 2025, 184086)"
            ),
            row,
        )
        doctors = connection.execute(
            sa.text("SELECT id FROM professional WHERE profession = 'medecin' ORDER BY id LIMIT 6")
        ).scalars()
        for number, doctor in enumerate(doctors):
            status = ("realisee", "indemnisee", "planifiee")[number % 3]
            day = f"2025-{10 + number % 3:02d}-{3 + number:02d}"
            connection.execute(
                sa.text(
                    "INSERT INTO solidarity_mission (id, ars_code, version, updated_at,"
                    " updated_by, deleted, priority_zone_id, professional_id, host_kind,"
                    " host_name, commune_code, start_date, end_date, days, consultations,"
                    " status) VALUES (:id, :ars, 0, :at, :by, 0, 'zone-civis', :doctor, 'msp',"
                    " 'Maison de santé de Cilaos', '97424', :day, :day, 1, 14, :status)"
                ),
                {**row, "id": f"mission-{number}", "doctor": doctor, "day": day,
                 "status": status},
            )  # fmt: skip


async def test_missions_show_days_and_indemnities_per_zone(demo: Database) -> None:
    _seed_missions(demo)
    with read_connection(demo.engine) as connection:
        zones = zone_totals(connection)
    assert zones and sum(zone.done_days for zone in zones) > 0
    app = make_app(demo, user="test")
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot, "7", MissionsScreen)
        note = str(screen.query_one("#zones-note", Static).render())
        done = sum(zone.done_days for zone in zones)
        assert f"{voc.format_int(done)} × 200 €" in note
        # Choosing a zone opens its missions, filtered in SQL.
        missions = _count(
            demo,
            "SELECT COUNT(*) FROM solidarity_mission WHERE deleted = 0"
            f" AND priority_zone_id = '{zones[0].id}' AND status != 'annulee'",
        )
        table = screen.query_one("#missions-zones", DataTable)
        table.focus()
        table.move_cursor(row=0)
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.query_one(TabbedContent).active == "tab-missions")
        await settle(pilot)
        assert screen.query_one(PagedList).total >= missions


async def test_sync_screen_counts_the_changes_waiting(demo: Database) -> None:
    store = Store(demo.engine, user="test", ars_code="REU")
    store.create("professional", {"last_name": "Payet", "first_name": "Léa"})
    app = make_app(demo, user="test")
    app.sync_auto = False
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot, "9", SyncScreen)
        pending = _count(
            demo,
            "SELECT COUNT(*) FROM outbox_op WHERE state = 'pending' AND entity != 'record_change'",
        )
        assert pending > 0

        def shown() -> str:
            return str(screen.query_one("#sync-status", Static).render())

        await wait_until(
            pilot, lambda: f"en attente d'envoi : {voc.format_int(pending)}" in shown()
        )
        assert "non configurée" in shown()


def _snapshot(key: str, screen_class: type, demo: Database, snap_compare, tab: str | None = None):  # type: ignore[no-untyped-def]
    async def open_section(pilot) -> None:  # type: ignore[no-untyped-def]
        screen = await _open(pilot.app, pilot, key, screen_class)
        if tab is not None:
            await pilot.click(f"#--content-tab-{tab}")  # the tab's label, as a user would
            await wait_until(pilot, lambda: screen.query_one(TabbedContent).active == tab)
            await settle(pilot)

    app = make_app(demo, user="test")
    app.sync_auto = False
    return snap_compare(app, terminal_size=SIZE, run_before=open_section)


def test_professionals_snapshot(demo: Database, snap_compare) -> None:  # type: ignore[no-untyped-def]
    from screens.professionals.list import ProfessionalsScreen

    assert _snapshot("3", ProfessionalsScreen, demo, snap_compare)


def test_samu_coverage_snapshot(demo: Database, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert _snapshot("6", McsScreen, demo, snap_compare, tab="tab-coverage")


def test_missions_snapshot(demo: Database, snap_compare) -> None:  # type: ignore[no-untyped-def]
    _seed_missions(demo)
    assert _snapshot("7", MissionsScreen, demo, snap_compare)


def test_sync_snapshot(demo: Database, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert _snapshot("9", SyncScreen, demo, snap_compare)


async def test_adding_a_commune_to_an_active_mcs_shows_its_effect(demo: Database) -> None:
    """Issue 12: "Adding an active MCS for a commune shows its effect or says why not"."""
    from screens.mcs.record import McsRecordScreen

    with read_connection(demo.engine) as connection:
        mcs_id = connection.execute(
            sa.text("SELECT id FROM mcs WHERE status = 'actif' AND deleted = 0 ORDER BY id LIMIT 1")
        ).scalar_one()
    app = make_app(demo, user="test")
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot, "6", McsScreen)
        screen.show_record(mcs_id)
        await wait_until(pilot, lambda: isinstance(app.screen, McsRecordScreen))
        await settle(pilot)
        page = app.screen
        # As the commune form would: a commune with no coverage measure yet.
        line = Store(demo.engine, user="test").create(
            "mcs_commune", {"mcs_id": mcs_id, "commune_code": "97401"}
        )
        page._after_line("mcs_commune", line)
        await wait_until(
            pilot,
            lambda: any(
                "Aucune mesure de couverture pour Les Avirons" in str(n.message)
                for n in app._notifications
            ),
        )
