"""The Installations section, used as a correspondent would: keyboard first, mouse too.

Every test runs the whole app (``make_app``) on a small demo database of La Réunion and checks
what the user sees and what the database holds (rows, change-log ops, history).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import text
from textual.widgets import Checkbox, DataTable, Input

from ars_tui.app import ArsTuiApp, make_app
from screens.installations.form import FIELDS, InstallationForm
from screens.installations.list import InstallationsScreen
from screens.installations.record import InstallationRecordScreen
from screens.widgets.paged_list import PagedList
from screens.widgets.record_form import RecordForm
from screens.widgets.status_actions import StatusActions
from storage.db import Database, read_connection
from storage.records.store import Store
from tests import tui_core_support
from tests.tui_core_support import DEMO_RECORDS, TODAY, count, counts, settle, wait_until

#: The fixtures demo_database and frozen_today.
pytest_plugins = ("tests.tui_core_fixtures",)

SIZE = (100, 32)
#: See the ``written`` fixture.
Written = Callable[[], tuple[int, int, int]]


def _project(database: Database, where: str) -> dict[str, Any]:
    """The first live project (in list order) matching ``where``."""
    with read_connection(database.engine) as connection:
        row = (
            connection.execute(
                text(
                    "SELECT * FROM installation_project WHERE deleted = 0 AND "
                    + where
                    + " ORDER BY first_contact_date, id LIMIT 1"
                )
            )
            .mappings()
            .one()
        )
    return dict(row)


@pytest.fixture
def written(demo_database: Database) -> Written:
    """(rows, change-log ops, history lines) the test has added to installation projects so far
    (counted from before the test)."""
    before = counts(demo_database, "installation_project")
    return lambda: tuple(  # type: ignore[return-value]
        now - then
        for now, then in zip(counts(demo_database, "installation_project"), before, strict=True)
    )


async def _open_section(pilot) -> InstallationsScreen:  # type: ignore[no-untyped-def]
    return await tui_core_support.open_section(pilot, "2", InstallationsScreen)


async def _open_record(pilot, record_id: str) -> InstallationRecordScreen:  # type: ignore[no-untyped-def]
    await _open_section(pilot)
    pilot.app.push_screen(InstallationRecordScreen(pilot.app.context, record_id))
    await wait_until(
        pilot,
        lambda: (
            isinstance(pilot.app.screen, InstallationRecordScreen)
            and pilot.app.screen.data is not None
        ),
    )
    return pilot.app.screen


async def _status_actions(pilot, where: str) -> tuple[InstallationRecordScreen, Any]:  # type: ignore[no-untyped-def]
    """The record page of the first project matching ``where``, and what its status key (t)
    opened on top of it."""
    page = await _open_record(pilot, _project(pilot.app.database, where)["id"])
    await pilot.press("t")
    return page, pilot.app.screen


async def _save_new_project(pilot, date_typed: str) -> InstallationForm:  # type: ignore[no-untyped-def]
    """Key by key: n, a professional, a commune, a localité, the date of first contact; then
    Ctrl+S."""
    await _open_section(pilot)
    await pilot.press("n")
    form = pilot.app.screen
    assert isinstance(form, InstallationForm)
    await pilot.press(*"payet")
    picker = form.query_one("#field-professional_id")
    await wait_until(pilot, lambda: picker.proposals)
    await pilot.press("enter", "tab")
    await pilot.press(*"etang sale")
    commune = form.query_one("#field-commune_code")
    await wait_until(pilot, lambda: commune.lookup.proposals)
    await pilot.press("enter", "tab", *"Les Canots", "tab", "tab")  # localité, mode d'exercice
    await pilot.press(*date_typed)
    await pilot.press("ctrl+s")
    return form


async def test_create_a_project_with_the_keyboard(
    demo_database: Database, app: ArsTuiApp, written: Written
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        form = await _save_new_project(pilot, "12/05/2025")
        await wait_until(pilot, lambda: isinstance(app.screen, InstallationRecordScreen))
        await wait_until(pilot, lambda: app.screen.data is not None)
        page = app.screen
        assert page.value_text("commune_code") == "L'Étang-Salé (97404) — La Réunion"
        assert page.value_text("localite") == "Les Canots"
        assert page.value_text("first_contact_date") == "12/05/2025"
        assert page.value_text("status") == "Premier contact"
        assert page.value_text("practice_mode") == "Libéral seul"
        assert page.value_text("professional_id").startswith("Payet ")
        # The history shows the creation, field by field, by this user.
        history = page.query_one("#record-history", DataTable)
        assert history.row_count >= 5
        assert {str(history.get_row_at(i)[1]) for i in range(history.row_count)} == {"c.payet"}
        assert form.saving is False
    rows, ops, history_lines = written()
    assert (rows, ops) == (1, 1)
    assert history_lines > 0
    saved = _project(demo_database, "localite = 'Les Canots'")
    assert (saved["commune_code"], str(saved["first_contact_date"])) == ("97404", "2025-05-12")
    assert saved["zoning_class"] is not None  # recorded by the store on the first contact's date


async def test_a_bad_date_is_refused_at_its_field_and_nothing_is_written(
    app: ArsTuiApp, written: Written
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        form = await _save_new_project(pilot, "31/02/2025")
        await settle(pilot)
        assert app.screen is form
        assert form.field_error("first_contact_date") == (
            "Date du premier contact : « 31/02/2025 » n'est pas une date (JJ/MM/AAAA)."
        )
        assert form.message.startswith("La fiche n'est pas enregistrée")
        assert form.field_error("commune_code") == ""
    assert written() == (0, 0, 0)


async def test_missing_fields_get_the_store_messages_beside_them(
    demo_database: Database, app: ArsTuiApp, written: Written
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await _open_section(pilot)
        await pilot.press("n")
        form = app.screen
        await pilot.press("ctrl+s")  # nothing typed
        await wait_until(pilot, lambda: form.field_error("commune_code"))
        assert form.field_error("professional_id") == "Professionnel : ce champ est obligatoire."
        assert form.field_error("commune_code") == "Commune : ce champ est obligatoire."
        # The date of first contact starts at today: nothing to say about it.
        assert form.field_error("first_contact_date") == ""
        assert form.field_error("localite") == ""
        await pilot.press("escape")
        assert isinstance(app.screen, InstallationsScreen)
    assert written() == (0, 0, 0)


async def test_a_legal_transition_works_and_illegal_ones_are_not_offered(
    app: ArsTuiApp, written: Written
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        page, modal = await _status_actions(pilot, "status = 'premier_contact'")
        assert page.value_text("status") == "Premier contact"
        assert isinstance(modal, StatusActions)
        assert modal.offered == ["en_accompagnement", "abandonne"]
        assert "installe" not in modal.offered
        await pilot.press("enter")  # the first move: "En accompagnement"
        await wait_until(pilot, lambda: app.screen is page)
        await wait_until(pilot, lambda: page.value_text("status") == "En accompagnement")
        history = page.query_one("#record-history", DataTable)
        latest = [str(cell) for cell in history.get_row_at(0)]
        assert latest[2:] == ["Statut", "Premier contact", "En accompagnement"]
    assert written() == (0, 1, 1)


async def test_a_transition_needing_a_missing_field_is_refused_in_french(
    app: ArsTuiApp, written: Written
) -> None:
    where = "status = 'en_accompagnement' AND installation_date IS NULL"
    async with app.run_test(size=SIZE) as pilot:
        _page, modal = await _status_actions(pilot, where)
        assert modal.offered == [
            "recherche_lieu",
            "aides_en_instruction",
            "installe",
            "abandonne",
            "installe_hors_region",
        ]
        await pilot.press("down", "down", "enter")  # "Installé(e)": asks for its date
        await wait_until(pilot, lambda: modal.query("#status-field-installation_date"))
        await pilot.press("enter")  # nothing typed
        await wait_until(pilot, lambda: modal.refusal)
        assert modal.refusal == (
            "Date d'installation effective : obligatoire pour passer au statut « Installé(e) »."
        )
        assert app.screen is modal
        await pilot.press("escape")
    assert written() == (0, 0, 0)


async def test_edit_and_journal_from_the_record_page(
    demo_database: Database, frozen_today: object, app: ArsTuiApp
) -> None:
    project = _project(demo_database, "status = 'premier_contact'")
    journal_before = count(demo_database, "SELECT count(*) FROM follow_up")
    async with app.run_test(size=SIZE) as pilot:
        page = await _open_record(pilot, project["id"])
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, RecordForm) and form.record_id == project["id"]
        referent = form.query_one("#field-referent")
        referent.value = ""
        referent.focus()
        await pilot.press(*"Mme Hoarau", "ctrl+s")
        await wait_until(pilot, lambda: app.screen is page)
        await wait_until(pilot, lambda: page.value_text("referent") == "Mme Hoarau")

        await pilot.press("j")
        journal_form = app.screen
        assert journal_form.query_one("#field-event_date").value == "02/06/2025"
        journal_form.query_one("#field-summary").focus()
        await pilot.press(*"Appel : visite du local prévue", "ctrl+s")
        await wait_until(pilot, lambda: app.screen is page)
        journal = page.query_one("#record-journal", DataTable)
        await wait_until(
            pilot,
            lambda: (
                journal.row_count
                and str(journal.get_row_at(0)[2]) == "Appel : visite du local prévue"
            ),
        )
        assert str(journal.get_row_at(0)[0]) == "02/06/2025"
        assert str(journal.get_row_at(0)[1]) == "Appel"
    assert count(demo_database, "SELECT count(*) FROM follow_up") == journal_before + 1
    assert _project(demo_database, f"id = '{project['id']}'")["referent"] == "Mme Hoarau"


async def test_filters_narrow_the_list(
    demo_database: Database, frozen_today: object, app: ArsTuiApp
) -> None:
    installed = count(
        demo_database,
        "SELECT count(*) FROM installation_project WHERE deleted = 0 AND status = 'installe'",
    )
    overdue = count(
        demo_database,
        "SELECT count(*) FROM installation_project WHERE deleted = 0 AND next_action_due < :today",
        today=TODAY.isoformat(),
    )
    saint_paul = count(
        demo_database,
        "SELECT count(*) FROM installation_project WHERE deleted = 0 AND commune_code = '97415'",
    )
    assert 0 < installed < DEMO_RECORDS and 0 < overdue < DEMO_RECORDS and saint_paul > 0
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_section(pilot)
        paged = screen.query_one(PagedList)
        assert paged.total == DEMO_RECORDS

        assert await tui_core_support.set_filter(pilot, "#filter-status", "installe") == installed
        assert {row["status"] for row in paged.rows} == {"installe"}

        await pilot.click("#filter-overdue")  # the mouse works too
        await settle(pilot)
        assert screen.query_one("#filter-overdue", Checkbox).value
        both = count(
            demo_database,
            "SELECT count(*) FROM installation_project WHERE deleted = 0 AND status = 'installe'"
            " AND next_action_due < :today",
            today=TODAY.isoformat(),
        )
        assert paged.total == both

        await pilot.press("x")  # clear every filter
        await settle(pilot)
        assert paged.total == DEMO_RECORDS
        assert await tui_core_support.set_filter(pilot, "#filter-overdue", True) == overdue
        await pilot.press("x")
        await settle(pilot)

        screen.query_one("#filter-commune #lookup-input").focus()
        await pilot.press(*"saint-paul")
        lookup = screen.query_one("#filter-commune")
        await wait_until(pilot, lambda: lookup.proposals)
        await pilot.press("enter")
        await settle(pilot)
        assert paged.total == saint_paul
        assert {row["commune_name"] for row in paged.rows} == {"Saint-Paul"}

        paged.filter_input.focus()
        await pilot.press(*"zzzz")
        await settle(pilot)
        assert paged.total == 0
        assert "Aucune fiche ne correspond." in str(paged.query_one("#list-count").render())


async def test_enter_opens_the_record_page_and_escape_comes_back(
    demo_database: Database, app: ArsTuiApp
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_section(pilot)
        paged = screen.query_one(PagedList)
        first = paged.rows[0]
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, InstallationRecordScreen))
        assert app.screen.record_id == first["id"]
        await pilot.press("escape")
        assert app.screen is screen


async def test_the_store_rejects_what_the_form_would(demo_database: Database) -> None:
    """The status never changes by an edit: the form leaves it out, the store refuses it."""
    project = _project(demo_database, "status = 'premier_contact'")
    store = Store(demo_database.engine, user="t", ars_code="REU")
    assert "status" not in {field.name for field in FIELDS}
    try:
        store.update("installation_project", project["id"], {"status": "installe"})
    except ValueError as error:
        assert "transition" in str(error)
    else:  # pragma: no cover
        raise AssertionError("the store let the status change by an edit")


# --- Snapshots (100x32, fixed demo data, fixed dates) ---------------------------------------------

SNAPSHOT_SIZE = (100, 32)


async def _still(pilot) -> None:  # type: ignore[no-untyped-def]
    """Everything loaded, and no blinking cursor to catch half-way."""
    await settle(pilot)
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    await pilot.pause()


def test_installations_list_snapshot(demo_database: Database, snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def open_list(pilot) -> None:  # type: ignore[no-untyped-def]
        await _open_section(pilot)
        await _still(pilot)

    app = make_app(demo_database, user="c.payet")
    assert snap_compare(app, terminal_size=SNAPSHOT_SIZE, run_before=open_list)


def test_installation_record_snapshot(demo_database: Database, snap_compare) -> None:  # type: ignore[no-untyped-def]
    project = _project(
        demo_database,
        "status = 'premier_contact' AND id IN (SELECT entity_id FROM follow_up)",
    )
    # One edit at a fixed moment, so the history has lines that do not move.
    moment = datetime(2025, 6, 2, 9, 30, tzinfo=UTC)
    store = Store(demo_database.engine, user="c.payet", ars_code="REU", clock=lambda: moment)
    store.update(
        "installation_project",
        project["id"],
        {"referent": "Mme Hoarau", "next_action": "Rappeler", "next_action_due": "16/06/2025"},
    )

    async def open_record(pilot) -> None:  # type: ignore[no-untyped-def]
        await _open_record(pilot, project["id"])
        await _still(pilot)

    app = make_app(demo_database, user="c.payet")
    assert snap_compare(app, terminal_size=SNAPSHOT_SIZE, run_before=open_record)


def test_installation_form_snapshot(
    demo_database: Database, frozen_today: object, snap_compare
) -> None:  # type: ignore[no-untyped-def]
    """A new project: the date of first contact is today's (fixed), the pickers' hint."""

    async def open_form(pilot) -> None:  # type: ignore[no-untyped-def]
        await _open_section(pilot)
        await pilot.press("n")
        await _still(pilot)

    app = make_app(demo_database, user="c.payet")
    assert snap_compare(app, terminal_size=SNAPSHOT_SIZE, run_before=open_form)
