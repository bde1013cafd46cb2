"""The Professionnels section: list, filter, create (RPPS checked), record page."""

from __future__ import annotations

from ars_tui.app import ArsTuiApp
from screens.professionals.form import ProfessionalForm
from screens.professionals.list import ProfessionalsScreen
from screens.professionals.record import ProfessionalRecordScreen
from screens.widgets.paged_list import PagedList
from storage.db import Database
from storage.records.identifiers import make_rpps
from tests import tui_core_support
from tests.tui_core_support import count, counts, settle, wait_until

#: The fixtures demo_database and frozen_today.
pytest_plugins = ("tests.tui_core_fixtures",)

SIZE = (100, 32)
GOOD_RPPS = make_rpps("1012345678")
#: The same number with its key digit changed.
BAD_RPPS = GOOD_RPPS[:-1] + str((int(GOOD_RPPS[-1]) + 1) % 10)


async def _open_section(pilot) -> ProfessionalsScreen:  # type: ignore[no-untyped-def]
    return await tui_core_support.open_section(pilot, "3", ProfessionalsScreen)


async def _fill(pilot, rpps: str) -> ProfessionalForm:  # type: ignore[no-untyped-def]
    await _open_section(pilot)
    await pilot.press("n")
    form = pilot.app.screen
    assert isinstance(form, ProfessionalForm)
    await pilot.press(*"Grondin", "tab", *"Émilie", "tab", *rpps)
    return form


async def test_a_bad_rpps_is_refused_at_its_field_and_nothing_is_written(
    demo_database: Database, app: ArsTuiApp
) -> None:
    before = counts(demo_database, "professional")
    async with app.run_test(size=SIZE) as pilot:
        form = await _fill(pilot, BAD_RPPS)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: form.field_error("rpps"))
        assert form.field_error("rpps") == (
            "RPPS : la clé de contrôle (dernier chiffre) ne correspond pas ; vérifiez la saisie."
        )
        assert BAD_RPPS not in form.field_error("rpps")  # personal data never in a message
        assert form.field_error("last_name") == ""
        assert app.screen is form
        # Too short: its own message.
        rpps = form.query_one("#field-rpps")
        rpps.value = "12345"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "11 chiffres" in form.field_error("rpps"))
        assert form.field_error("rpps") == "RPPS : 11 chiffres attendus, 5 saisis."
    assert counts(demo_database, "professional") == before


async def test_create_a_professional(demo_database: Database, app: ArsTuiApp) -> None:
    before = counts(demo_database, "professional")
    async with app.run_test(size=SIZE) as pilot:
        await _fill(pilot, GOOD_RPPS)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfessionalRecordScreen))
        page = app.screen
        await wait_until(pilot, lambda: page.data is not None)
        assert page.value_text("last_name") == "Grondin"
        assert page.value_text("rpps") == GOOD_RPPS
        assert page.value_text("profession") == "Médecin"  # the model's default, pre-selected
        assert page.value_text("situation") == "Installé(e) en libéral"
        # No workflow for a professional: no status key.
        assert page.check_action("status", ()) is False
        await pilot.press("escape")
        section = app.screen
        assert isinstance(section, ProfessionalsScreen)
        # Back on the list, which was read again: the new professional is found.
        section.query_one(PagedList).set_search("grondin emilie")
        await settle(pilot)
        assert [row["rpps"] for row in section.query_one(PagedList).rows] == [GOOD_RPPS]
    rows, ops, _ = counts(demo_database, "professional")
    assert (rows, ops) == (before[0] + 1, before[1] + 1)


async def test_the_situation_filter_narrows_the_list(
    demo_database: Database, app: ArsTuiApp
) -> None:
    interns = count(
        demo_database,
        "SELECT count(*) FROM professional WHERE deleted = 0 AND situation = 'interne'",
    )
    everyone = count(demo_database, "SELECT count(*) FROM professional WHERE deleted = 0")
    assert 0 < interns < everyone
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_section(pilot)
        paged = screen.query_one(PagedList)
        assert paged.total == everyone
        assert await tui_core_support.set_filter(pilot, "#filter-situation", "interne") == interns
        shown = {str(paged.table.get_cell(row_key, "situation")) for row_key in paged.table.rows}
        assert shown == {"Interne"}


async def test_edit_a_professional_records_the_history(
    demo_database: Database, app: ArsTuiApp
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_section(pilot)
        first = screen.query_one(PagedList).rows[0]
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, ProfessionalRecordScreen) and app.screen.data,
        )
        page = app.screen
        assert page.record_id == first["id"]
        await pilot.press("e")
        form = app.screen
        phone = form.query_one("#field-phone")
        phone.value = "0692 12 34 5"  # one digit short
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: form.field_error("phone"))
        assert form.field_error("phone").startswith("Téléphone : numéro invalide")
        phone.value = "0692 12 34 56"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is page)
        await wait_until(pilot, lambda: page.value_text("phone") == "0692 12 34 56")
        history = page.query_one("#record-history")
        assert [str(cell) for cell in history.get_row_at(0)][1:3] == ["c.payet", "Téléphone"]
