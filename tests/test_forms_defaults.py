"""Issue 11, forms that do not mislead: a status asks for what it needs in the same dialog,
the date of first contact is today, dates show JJ/MM/AAAA, Territoires opens on its search."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import text
from textual.widgets import Input

import storage.records.validation
from ars_tui.app import ArsTuiApp, make_app
from screens.installations.form import InstallationForm
from screens.installations.record import InstallationRecordScreen
from screens.territories.screen import TerritoriesScreen
from screens.widgets.status_actions import StatusActions
from storage.db import Database, read_connection
from tests import tui_core_support
from tests.tui_core_support import TODAY, counts, settle, wait_until

#: The fixtures demo_database and frozen_today.
pytest_plugins = ("tests.tui_core_fixtures",)

SIZE = (100, 32)


def _project(database: Database, where: str) -> dict[str, Any]:
    with read_connection(database.engine) as connection:
        row = connection.execute(
            text(f"SELECT * FROM installation_project WHERE deleted = 0 AND {where} LIMIT 1")
        )
        return dict(row.mappings().one())


async def _status_dialog(pilot, project_id: str) -> StatusActions:  # type: ignore[no-untyped-def]
    await settle(pilot)
    page = InstallationRecordScreen(pilot.app.context, project_id)
    pilot.app.push_screen(page)
    await wait_until(pilot, lambda: pilot.app.screen is page and page.data is not None)
    await pilot.press("t")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, StatusActions))
    return pilot.app.screen


async def test_a_status_asks_in_the_same_dialog_for_the_date_it_needs(
    demo_database: Database, monkeypatch: Any, app: ArsTuiApp
) -> None:
    monkeypatch.setattr(storage.records.validation, "today", lambda: TODAY)
    project = _project(demo_database, "status = 'en_accompagnement' AND installation_date IS NULL")
    before = counts(demo_database, "installation_project")
    async with app.run_test(size=SIZE) as pilot:
        modal = await _status_dialog(pilot, project["id"])
        await pilot.press("down", "down", "enter")  # "Installé(e)"
        field = "#status-field-installation_date"
        await wait_until(pilot, lambda: modal.query(field))
        assert app.screen is modal
        date_input = modal.query_one(field, Input)
        assert date_input.has_focus
        assert modal.query_one("#status-fields").has_class("-shown")
        # Nothing typed: the store's French refusal, nothing written.
        await pilot.press("enter")
        await wait_until(pilot, lambda: modal.refusal)
        assert modal.refusal == (
            "Date d'installation effective : obligatoire pour passer au statut « Installé(e) »."
        )
        # A date in the future: refused too.
        await pilot.press(*"03/06/2025", "enter")
        await wait_until(pilot, lambda: "futur" in modal.refusal)
        assert counts(demo_database, "installation_project") == before
        date_input.value = ""
        await pilot.press(*"1/6/2025", "enter")
        await wait_until(pilot, lambda: app.screen is not modal)
    saved = _project(demo_database, f"id = '{project['id']}'")
    assert (saved["status"], saved["installation_date"]) == ("installe", "2025-06-01")
    after = counts(demo_database, "installation_project")
    assert after[1] == before[1] + 1  # status and date in one op


async def test_a_new_project_starts_today_and_dates_show_two_digit_days(
    demo_database: Database, frozen_today: date, app: ArsTuiApp
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = InstallationForm(app.context)
        app.push_screen(form)
        await wait_until(pilot, lambda: app.screen is form)
        assert form.query_one("#field-first_contact_date", Input).value == "02/06/2025"
        planned = form.query_one("#field-planned_installation_date", Input)
        planned.focus()
        await pilot.press(*"5/12/2026", "tab")
        await pilot.pause()
        assert planned.value == "05/12/2026"
        assert form.field_error("planned_installation_date") == ""


async def test_territories_opens_with_the_search_box_focused(
    demo_database: Database, app: ArsTuiApp
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await tui_core_support.open_section(pilot, "8", TerritoriesScreen)
        assert app.focused is app.screen.query_one("#territories-search", Input)
        await pilot.press(*"97415")
        assert app.screen.query_one("#territories-search", Input).value == "97415"
        await pilot.press("escape", "1")  # Échap: to the results, then the section keys work
        await wait_until(pilot, lambda: not isinstance(app.screen, TerritoriesScreen))


async def _still(pilot) -> None:  # type: ignore[no-untyped-def]
    """Everything loaded, and no blinking cursor to catch half-way."""
    await settle(pilot)
    for screen in pilot.app.screen_stack:
        for widget in screen.query(Input):
            widget.cursor_blink = False
    await pilot.pause()


def test_status_dialog_asking_for_the_installation_date_snapshot(  # type: ignore[no-untyped-def]
    demo_database: Database, frozen_today: date, snap_compare
) -> None:
    """Installé(e) chosen: the dialog asks for the "Date d'installation effective" below."""
    project = _project(
        demo_database,
        "status = 'en_accompagnement' AND installation_date IS NULL ORDER BY id",
    )

    async def choose_installed(pilot) -> None:  # type: ignore[no-untyped-def]
        modal = await _status_dialog(pilot, project["id"])
        await pilot.press("down", "down", "enter")
        await wait_until(pilot, lambda: modal.query("#status-field-installation_date"))
        await _still(pilot)

    app = make_app(demo_database, user="c.payet")
    assert snap_compare(app, terminal_size=SIZE, run_before=choose_installed)
