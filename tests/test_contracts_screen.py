"""Section "Aides et contrats": the list, its filters, an aid's page with its computed end."""

from __future__ import annotations

import sqlalchemy as sa

from ars_tui.app import make_app
from screens.contracts.list import ContractsScreen
from screens.contracts.record import ContractRecordScreen
from screens.widgets.paged_list import PagedList
from storage.db import Database, read_connection
from storage.queries.contracts import contract_counts
from tests import section_support
from tests.section_support import SIZE, TODAY, demo, sections_template, settle, wait_until

__all__ = ["demo", "sections_template"]


async def _open_section(app, pilot) -> ContractsScreen:  # type: ignore[no-untyped-def]
    return await section_support.open_section(pilot, "4", ContractsScreen)


async def test_the_list_shows_the_demo_aids_and_the_running_counts(demo: Database) -> None:
    with read_connection(demo.engine) as connection:
        total = connection.execute(sa.text("SELECT COUNT(*) FROM aid_contract")).scalar_one()
        counts = contract_counts(connection, TODAY)
    app = make_app(demo, user="test")
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_section(app, pilot)
        paged = screen.query_one(PagedList)
        assert paged.total == total and len(paged.rows) == 50
        assert screen.counts == counts
        summary = str(screen.query_one("#contracts-summary").render())
        assert f"{counts.running['cesp']} CESP" in summary
        assert f"{counts.running['cde']} CDE" in summary
        # Sorted on the computed end, the earliest first (contracts without one last).
        ends = [row["commitment_end"] for row in paged.rows if row["commitment_end"]]
        assert ends == sorted(ends)


def _add_cesp_ending_soon(database: Database) -> tuple[str, str]:
    """A CESP for a demo doctor practising since 20/06/2024: + max(24, 12) months = 20/06/2026,
    within six months of TODAY. Returns (contract id, the professional's last name)."""
    from storage.records.store import Store

    with read_connection(database.engine) as connection:
        pro_id, last_name = connection.execute(
            sa.text(
                "SELECT id, last_name FROM professional WHERE profession = 'medecin'"
                " ORDER BY last_name, id LIMIT 1"
            )
        ).one()
    store = Store(database.engine, user="test", ars_code="REU")
    contract = store.create(
        "aid_contract",
        {
            "professional_id": pro_id,
            "kind": "cesp",
            "status": "engagement_en_cours",
            "start_date": "01/09/2018",
            "allowance_end_date": "31/08/2020",
            "practice_start_date": "20/06/2024",
            "months_paid": "12",
            "monthly_amount_cents": "1 200",
        },
    )
    return contract, last_name


async def test_filters_narrow_the_list(demo: Database) -> None:
    from textual.widgets import Checkbox, Select

    contract, last_name = _add_cesp_ending_soon(demo)
    with read_connection(demo.engine) as connection:
        cesp = connection.execute(
            sa.text("SELECT COUNT(*) FROM aid_contract WHERE kind = 'cesp'")
        ).scalar_one()
        ending = contract_counts(connection, TODAY).total_ending_soon
    app = make_app(demo, user="test")
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_section(app, pilot)
        paged = screen.query_one(PagedList)
        everything = paged.total
        screen.query_one("#filter-kind", Select).value = "cesp"
        await settle(pilot)
        assert paged.total == cesp < everything
        assert {row["kind"] for row in paged.rows} == {"cesp"}
        screen.query_one("#filter-ending", Checkbox).value = True
        await settle(pilot)
        assert paged.total == ending >= 1
        assert contract in {row["id"] for row in paged.rows}
        paged.focus_table()
        await pilot.press("x")  # clear the filters
        await settle(pilot)
        assert paged.total == everything
        paged.filter_input.value = last_name
        await settle(pilot)
        assert 1 <= paged.total < everything
        assert all(row["professional_name"].startswith(last_name) for row in paged.rows)


async def test_the_page_of_a_cesp_shows_its_computed_end(demo: Database) -> None:
    from screens.widgets.status_actions import StatusActions

    contract, _ = _add_cesp_ending_soon(demo)
    app = make_app(demo, user="test")
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_section(app, pilot)
        paged = screen.query_one(PagedList)
        screen.query_one("#filter-ending").value = True
        await settle(pilot)
        row = next(index for index, row in enumerate(paged.rows) if row["id"] == contract)
        paged.focus_table()
        paged.table.move_cursor(row=row)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ContractRecordScreen))
        await settle(pilot)
        page = app.screen
        assert page.value_text("commitment_end") == (
            "20/06/2026 — dans 97 jours : fin dans les 6 mois"
        )
        assert page.value_text("commitment_rule") == (
            "début d'exercice + max(24, 12 mois d'allocation versés) = 24 mois"
        )
        assert page.value_text("monthly_amount_cents") == "1\u00a0200,00\u00a0€"
        assert page.query_one("#value-months_paid").display
        assert not page.query_one("#value-half_days_per_week").display  # a CDE's field
        # Only the moves of the CESP workflow are offered.
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, StatusActions))
        assert app.screen.offered == ["engagement_accompli", "suspendu", "resilie"]


def test_contracts_snapshot(demo: Database, snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def open_section(pilot) -> None:  # type: ignore[no-untyped-def]
        await _open_section(pilot.app, pilot)

    assert snap_compare(make_app(demo, user="test"), terminal_size=SIZE, run_before=open_section)


async def test_new_without_a_type_asks_for_it(demo: Database) -> None:
    """Issue 11: ``n`` with no type chosen in the "Type" filter asks for the type (a list, the
    filter's order), then opens the form of that type; Échap in the question opens nothing."""
    from screens.contracts.form import ContractForm
    from screens.contracts.list import KindChoiceDialog

    app = make_app(demo, user="test")
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_section(app, pilot)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, KindChoiceDialog))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, KindChoiceDialog))
        await pilot.press("down", "enter")  # CESP is highlighted first, then PTMG
        await wait_until(pilot, lambda: isinstance(app.screen, ContractForm))
        assert app.screen.fixed == {"kind": "ptmg"}
