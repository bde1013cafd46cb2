"""Issue 11, "nothing typed is ever lost": leaving a changed form asks first, a draft survives a
crash, the localité of an aid is saved, a refused save shows its first faulty field.

Each test drives the whole app (``make_app``) on the small demo database of La Réunion.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from sqlalchemy import text
from textual.widgets import Button, Input, Select

from ars_tui.app import ArsTuiApp, make_app
from screens.contracts.form import ContractForm
from screens.installations.form import InstallationForm
from screens.widgets.form_dialogs import DraftOfferDialog, LeaveFormDialog
from screens.widgets.record_form import RecordForm
from storage.db import Database, read_connection
from tests.tui_core_support import counts, settle, wait_until

#: The fixtures demo_database and frozen_today.
pytest_plugins = ("tests.tui_core_fixtures",)

SIZE = (100, 32)


def _row(database: Database, sql: str) -> dict[str, Any]:
    with read_connection(database.engine) as connection:
        return dict(connection.execute(text(sql)).mappings().first())


def _aid(database: Database) -> dict[str, Any]:
    return _row(
        database,
        "SELECT * FROM aid_contract WHERE deleted = 0 AND kind = 'cesp' "
        "AND amount_cents IS NOT NULL ORDER BY id LIMIT 1",
    )


@pytest.fixture
def aid(demo_database: Database) -> dict[str, Any]:
    """The first CESP with an amount, as stored before the test."""
    return _aid(demo_database)


async def _open_form(pilot, form: RecordForm) -> RecordForm:  # type: ignore[no-untyped-def]
    await settle(pilot)
    pilot.app.push_screen(form)
    await wait_until(pilot, lambda: pilot.app.screen is form)
    await settle(pilot)
    return form


async def _edit_aid(pilot, aid: dict[str, Any], amount: str = "") -> ContractForm:  # type: ignore[no-untyped-def]
    """The aid's form, opened; with ``amount`` typed into its amount when one is given."""
    values = pilot.app.context.store().get("aid_contract", aid["id"])  # typed values
    form = ContractForm(pilot.app.context, "cesp", record_id=aid["id"], values=values)
    await _open_form(pilot, form)
    if amount:
        await _type_amount(pilot, form, amount)
    return form


async def _type_amount(pilot, form: RecordForm, typed: str) -> None:  # type: ignore[no-untyped-def]
    amount = form.query_one("#field-amount_cents", Input)
    amount.value = ""
    amount.focus()
    await pilot.press(*typed)


async def _ask_to_leave(pilot, key: str) -> None:  # type: ignore[no-untyped-def]
    """Press ``key`` on a changed form and wait for the question it asks."""
    await pilot.press(key)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, LeaveFormDialog))


async def test_escape_on_a_changed_form_asks_and_continue_keeps_the_typing(
    demo_database: Database, aid: dict[str, Any], app: ArsTuiApp
) -> None:
    before = counts(demo_database, "aid_contract")
    async with app.run_test(size=SIZE) as pilot:
        form = await _edit_aid(pilot, aid, "9999")
        await _ask_to_leave(pilot, "escape")
        labels = [str(button.label) for button in app.screen.query(Button)]
        assert labels == ["Enregistrer", "Abandonner les modifications", "Continuer la saisie"]
        await pilot.press("escape")  # Échap in the question: go on typing
        await wait_until(pilot, lambda: app.screen is form)
        assert form.query_one("#field-amount_cents", Input).value == "9999"
        await _ask_to_leave(pilot, "escape")
        await pilot.click("#save")
        await settle(pilot)
        await wait_until(pilot, lambda: form not in app.screen_stack)
    assert _aid(demo_database)["amount_cents"] == 999_900
    assert counts(demo_database, "aid_contract")[1] == before[1] + 1


async def test_abandon_leaves_without_writing_and_an_unchanged_form_just_closes(
    demo_database: Database, aid: dict[str, Any], app: ArsTuiApp
) -> None:
    before = counts(demo_database, "aid_contract")
    async with app.run_test(size=SIZE) as pilot:
        form = await _edit_aid(pilot, aid)
        await pilot.press("escape")  # nothing changed: no question
        await wait_until(pilot, lambda: form not in app.screen_stack)
        form = await _edit_aid(pilot, aid, "9999")
        await _ask_to_leave(pilot, "escape")
        await pilot.click("#discard")
        await wait_until(pilot, lambda: form not in app.screen_stack)
    assert counts(demo_database, "aid_contract") == before
    assert _aid(demo_database)["amount_cents"] == aid["amount_cents"]


async def test_ctrl_q_with_a_changed_form_asks_before_quitting(
    demo_database: Database, aid: dict[str, Any], app: ArsTuiApp
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        form = await _edit_aid(pilot, aid, "9999")
        await _ask_to_leave(pilot, "ctrl+q")
        await pilot.click("#continue")
        await wait_until(pilot, lambda: app.screen is form)
        assert app.is_running
        await _ask_to_leave(pilot, "ctrl+q")
        await pilot.click("#save")
        await wait_until(pilot, lambda: not app.is_running)
    assert _aid(demo_database)["amount_cents"] == 999_900


async def test_a_draft_survives_a_crash_and_is_offered_back(
    demo_database: Database, aid: dict[str, Any], app: ArsTuiApp
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        form = await _edit_aid(pilot, aid, "9999")
        form.query_one("#picker-localite", Input).value = "Dos d'Âne"
        form.keep_draft()  # what the timer does a second after typing
        with read_connection(demo_database.engine) as connection:
            kept = connection.execute(text("SELECT fields FROM form_draft")).scalar_one()
        # Only what was changed: what another device changes meanwhile is not overwritten.
        assert json.loads(kept) == {"amount_cents": "9999", "localite": "Dos d'Âne"}
        # The app then dies: nothing saved, no question asked.
    assert _aid(demo_database)["amount_cents"] == aid["amount_cents"]
    app = make_app(demo_database, user="c.payet")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        values = app.context.store().get("aid_contract", aid["id"])
        form = ContractForm(app.context, "cesp", record_id=aid["id"], values=values)
        app.push_screen(form)
        await wait_until(pilot, lambda: isinstance(app.screen, DraftOfferDialog))
        assert re.fullmatch(r"Reprendre la saisie du \d\d/\d\d à \d\d:\d\d \?", app.screen.question)
        await pilot.click("#resume")
        await wait_until(pilot, lambda: app.screen is form)
        assert form.query_one("#field-amount_cents", Input).value == "9999"
        assert form.query_one("#picker-localite", Input).value == "Dos d'Âne"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: form not in app.screen_stack)
    saved = _aid(demo_database)
    assert (saved["amount_cents"], saved["localite"]) == (999_900, "Dos d'Âne")
    with read_connection(demo_database.engine) as connection:  # saved: the draft is gone
        assert connection.execute(text("SELECT count(*) FROM form_draft")).scalar_one() == 0


async def test_the_localite_of_an_aid_is_saved_and_a_second_save_says_one_thing(
    demo_database: Database, aid: dict[str, Any], app: ArsTuiApp
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        form = await _edit_aid(pilot, aid)
        localite = form.query_one("#picker-localite", Input)
        localite.focus()
        await pilot.press(*"Mafate")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: form not in app.screen_stack)
        saved = _aid(demo_database)
        assert saved["localite"] == "Mafate"
        form = await _edit_aid(pilot, saved)
        assert form.query_one("#picker-localite", Input).value == "Mafate"
        await pilot.press("ctrl+s")  # nothing changed
        await wait_until(pilot, lambda: form.message)
        assert form.message == "Aucune modification à enregistrer."


async def test_a_refused_save_focuses_the_first_faulty_field(
    demo_database: Database, frozen_today: object, app: ArsTuiApp
) -> None:
    async with app.run_test(size=(100, 24)) as pilot:
        form = await _open_form(pilot, InstallationForm(app.context))
        body = form.query_one("#form-body")
        form.query_one("#field-notes", Input).focus()
        body.scroll_end(animate=False)
        await pilot.pause()
        await pilot.press("ctrl+s")  # nothing chosen: the professional comes first
        await wait_until(pilot, lambda: form.field_error("professional_id"))
        await settle(pilot)
        assert form.query_one("#field-professional_id").input.has_focus
        assert body.scroll_y == 0


async def test_an_unknown_commune_is_said_so(demo_database: Database, app: ArsTuiApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        form = await _open_form(pilot, InstallationForm(app.context))
        form.query_one("#field-commune_code").lookup.input.focus()
        await pilot.press(*"Saint-Trucmuche")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: form.field_error("commune_code"))
        assert form.field_error("commune_code") == (
            "Commune : commune inconnue « Saint-Trucmuche » ; choisissez-la dans la liste."
        )


async def test_digits_on_a_select_of_a_form_do_not_switch_sections(
    demo_database: Database, app: ArsTuiApp
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        form = await _open_form(pilot, InstallationForm(app.context))
        form.query_one("#field-practice_mode", Select).focus()
        await pilot.press("3")
        await pilot.pause()
        assert app.screen is form
        await pilot.press("enter")  # the Select's popup
        await pilot.pause()
        await pilot.press("5")
        await pilot.pause()
        assert form in app.screen_stack and app.current_mode == "_default"


def test_leave_question_snapshot(
    demo_database: Database, frozen_today: object, snap_compare
) -> None:  # type: ignore[no-untyped-def]
    """A new project with a referent typed, then Échap: the three answers over the form."""

    async def leave(pilot) -> None:  # type: ignore[no-untyped-def]
        form = await _open_form(pilot, InstallationForm(pilot.app.context))
        form.query_one("#field-referent", Input).focus()
        await pilot.press(*"Mme Hoarau", "escape")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, LeaveFormDialog))
        await settle(pilot)
        for widget in form.query(Input):
            widget.cursor_blink = False
        await pilot.pause()

    app = make_app(demo_database, user="c.payet")
    assert snap_compare(app, terminal_size=SIZE, run_before=leave)
