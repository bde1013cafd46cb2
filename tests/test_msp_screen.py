"""Section "MSP": the list with unfilled posts, the empty MSP tab, an MSP's staffing page."""

from __future__ import annotations

import sqlalchemy as sa
from textual.widgets import Checkbox, DataTable, Input, Select, Static, TabbedContent

from ars_tui.app import make_app
from screens.msp.list import MspScreen
from screens.msp.record import MspRecordScreen
from screens.widgets.paged_list import PagedList
from screens.widgets.record_form import RecordForm
from storage.db import Database, read_connection
from storage.queries.msp import funding_totals, opened_msp_with_vacancies
from storage.records.store import Store
from tests import section_support
from tests.section_support import SIZE, demo, sections_template, settle, wait_until
from tests.support.query_demo import opened_msp_with_empty_posts

__all__ = ["demo", "sections_template"]


async def _open_section(app, pilot) -> MspScreen:  # type: ignore[no-untyped-def]
    return await section_support.open_section(pilot, "5", MspScreen)


def _cells(table: DataTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]


def _empty_msp(database: Database) -> tuple[str, dict[str, str]]:
    """An MSP opened with 3 planned posts and nobody there yet."""
    store = Store(database.engine, user="test", ars_code="REU")
    msp, lines = opened_msp_with_empty_posts(store)
    store.create("msp_funding", {"msp_id": msp, "funder": "fir", "amount_cents": "50 000"})
    store.create("msp_site", {"msp_id": msp, "commune_code": "97415", "localite": "Marla"})
    return msp, lines


async def test_the_list_and_the_empty_msp_tab_show_the_demo_msp(demo: Database) -> None:
    with read_connection(demo.engine) as connection:
        total = connection.execute(sa.text("SELECT COUNT(*) FROM msp_project")).scalar_one()
        vacancies = opened_msp_with_vacancies(connection)
        fundings = funding_totals(connection)
    assert vacancies  # the demo has opened MSP with empty offices
    app = make_app(demo, user="test")
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_section(app, pilot)
        paged = screen.query_one(PagedList)
        assert paged.total == total == len(paged.rows)
        cells = {row[0]: row[3] for row in _cells(paged.table)}
        for vacancy in vacancies:
            assert cells[vacancy.name] == f"⚠ {vacancy.unfilled}"
        assert screen.vacancies == vacancies and screen.fundings == fundings
        table = screen.query_one("#msp-vacancies", DataTable)
        assert [row[0] for row in _cells(table)] == [v.name for v in vacancies]
        posts = sum(v.unfilled for v in vacancies)
        note = str(screen.query_one("#vacancies-note", Static).render())
        assert note == f"{len(vacancies)} MSP ouvertes ont des postes vacants ({posts} postes)."
        funding_rows = _cells(screen.query_one("#msp-fundings", DataTable))
        assert funding_rows[-1][0] == "Total"
        total_cents = sum(f.amount_cents for f in fundings)
        assert funding_rows[-1][2].replace("\u00a0", " ") == (
            f"{total_cents // 100:,},00 €".replace(",", " ", 1)
            if total_cents < 100_000_000_00
            else funding_rows[-1][2]
        )


async def test_filters_narrow_the_list(demo: Database) -> None:
    with read_connection(demo.engine) as connection:
        vacancies = opened_msp_with_vacancies(connection)
        working = connection.execute(
            sa.text("SELECT COUNT(*) FROM msp_project WHERE status = 'en_fonctionnement'")
        ).scalar_one()
    app = make_app(demo, user="test")
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_section(app, pilot)
        paged = screen.query_one(PagedList)
        everything = paged.total
        screen.query_one("#filter-vacancies", Checkbox).value = True
        await settle(pilot)
        assert paged.total == len(vacancies) < everything
        assert {row["id"] for row in paged.rows} == {v.id for v in vacancies}
        screen.query_one("#filter-vacancies", Checkbox).value = False
        screen.query_one("#filter-status", Select).value = "en_fonctionnement"
        await settle(pilot)
        assert paged.total == working and {r["status"] for r in paged.rows} == {"en_fonctionnement"}


async def test_an_msp_opened_with_empty_offices_shows_it_until_the_posts_are_filled(
    demo: Database,
) -> None:
    msp, lines = _empty_msp(demo)
    app = make_app(demo, user="test")
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_section(app, pilot)
        paged = screen.query_one(PagedList)
        paged.filter_input.value = "mafate"
        await settle(pilot)
        assert [row["id"] for row in paged.rows] == [msp]
        assert _cells(paged.table)[0][3] == "⚠ 3"
        paged.focus_table()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, MspRecordScreen))
        await settle(pilot)
        page = app.screen
        note = page.query_one("#msp-staffing-note", Static)
        assert str(note.render()) == "MSP ouverte avec 3 poste(s) prévu(s) non pourvu(s)."
        staffing = _cells(page.query_one("#msp-staffing", DataTable))
        assert staffing == [
            ["Médecin généraliste", "2", "0", "2"],
            ["Infirmier(ère) (IDE)", "1", "0", "1"],
            ["Total", "3", "0", "3"],
        ]
        sites = _cells(page.query_one("#msp-sites", DataTable))
        assert sites == [["Saint-Paul (97415)", "Marla", "Non", "", "Oui"]] or sites[0][1] == (
            "Marla"
        )
        fundings = _cells(page.query_one("#msp-fundings", DataTable))
        assert fundings[-1][:2] == ["Total", "50\u00a0000,00\u00a0€"]

        # Entrée on the doctors' line edits it: 2 doctors are there now.
        table = page.query_one("#msp-staffing", DataTable)
        table.focus()
        table.move_cursor(row=0)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RecordForm))
        form = app.screen
        form.query_one("#field-present", Input).value = "2"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, MspRecordScreen))
        await settle(pilot)
        assert str(note.render()) == "MSP ouverte avec 1 poste(s) prévu(s) non pourvu(s)."
        assert Store(demo.engine, user="t").get("msp_staffing", lines["mg"])["present"] == 2


async def test_the_vacancy_tab_opens_the_msp(demo: Database) -> None:
    msp, _ = _empty_msp(demo)
    app = make_app(demo, user="test")
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_section(app, pilot)
        screen.set_focus(None)
        screen.query_one(TabbedContent).active = "tab-vacancies"
        await settle(pilot)
        table = screen.query_one("#msp-vacancies", DataTable)
        row = [str(c) for c in table.get_row_at(0)]
        assert row[0] == "MSP de Mafate" and row[5] == "3"  # the emptiest first
        table.focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, MspRecordScreen))
        assert app.screen.record_id == msp


def test_msp_snapshot(demo: Database, snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def open_section(pilot) -> None:  # type: ignore[no-untyped-def]
        await _open_section(pilot.app, pilot)

    assert snap_compare(make_app(demo, user="test"), terminal_size=SIZE, run_before=open_section)
