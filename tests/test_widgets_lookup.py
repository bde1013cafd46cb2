"""Type-ahead pickers: communes by accent-free words or INSEE code, professionals by name."""

from __future__ import annotations

import re
from collections.abc import Callable

from textual.app import App, ComposeResult

from screens.widgets.lookup import CommunePicker, search_communes, search_professionals
from storage.db import Database, read_connection
from tests.tui_core_support import settle, wait_until

#: The fixtures demo_database and frozen_today.
pytest_plugins = ("tests.tui_core_fixtures",)


def test_communes_found_without_accents_case_or_hyphens(database: Database) -> None:
    with read_connection(database.engine) as connection:
        found = search_communes(connection, "etang sale")
        assert found[0] == ("97404", "L'Étang-Salé (97404) — La Réunion")
        assert search_communes(connection, "MAMOUDZOU")[0][0] == "97611"
        assert search_communes(connection, "97611")[0][0] == "97611"
        # Names starting with the typed word come first: "saint-denis" before "...-saint-denis".
        assert search_communes(connection, "saint-denis")[0][1].startswith("Saint-Denis")
        assert len(search_communes(connection, "saint")) == 8
        assert search_communes(connection, "zzzz") == []
        assert search_communes(connection, "   ") == []
        assert search_communes(connection, "100%") == []  # LIKE wildcards are escaped


def test_professionals_found_by_name(demo_database: Database) -> None:
    with read_connection(demo_database.engine) as connection:
        found = search_professionals(connection, "payet")
        assert found and all("Payet" in label for _, label in found)
        # Never a whole RPPS (11 digits): at most its last four, to tell homonyms apart.
        assert not any(re.search(r"\d{5}", label) for _, label in found)


class PickerApp(App[None]):
    def __init__(self, database: Database) -> None:
        super().__init__()
        self.database = database

    def compose(self) -> ComposeResult:
        yield CommunePicker(self.database.engine, id="picker")


async def _typed(pilot, words: str, expected: Callable[[list], bool]) -> CommunePicker:  # type: ignore[no-untyped-def,type-arg]
    """The app's picker once ``words`` are typed in it and its proposals are ``expected``."""
    picker = pilot.app.query_one(CommunePicker)
    picker.focus()
    await pilot.press(*words)
    await wait_until(pilot, lambda: expected(picker.lookup.proposals))
    await settle(pilot)
    return picker


async def test_picker_finds_etang_sale_and_keeps_the_localite(database: Database) -> None:
    app = PickerApp(database)
    async with app.run_test(size=(100, 30)) as pilot:
        picker = await _typed(pilot, "etang sale", lambda proposals: bool(proposals))
        assert picker.lookup.proposals[0][0] == "97404"
        assert picker.commune_code is None  # proposed, not chosen yet
        await pilot.press("enter")
        assert picker.commune_code == "97404"
        assert picker.lookup.input.value == "L'Étang-Salé (97404) — La Réunion"
        await pilot.press("tab", *"Les Avirons")
        assert picker.localite == "Les Avirons"
        # Typing again in the commune forgets the choice until a new one is made.
        picker.lookup.input.focus()
        await pilot.press("backspace")
        assert picker.commune_code is None


async def test_picker_arrows_and_mouse(database: Database) -> None:
    app = PickerApp(database)
    async with app.run_test(size=(100, 30)) as pilot:
        picker = await _typed(pilot, "saint", lambda proposals: len(proposals) == 8)
        await pilot.press("down", "down", "enter")
        assert picker.commune_code == picker.lookup.proposals[2][0]
        # A click on a proposal chooses it too.
        picker.lookup.input.value = "mamoudzou"
        await wait_until(
            pilot, lambda: picker.lookup.proposals and picker.lookup.proposals[0][0] == "97611"
        )
        await settle(pilot)
        await pilot.click("#lookup-options", offset=(3, 1))
        assert picker.commune_code == "97611"


async def test_picker_shows_a_chosen_commune_by_its_name(database: Database) -> None:
    class Prefilled(App[None]):
        def compose(self) -> ComposeResult:
            yield CommunePicker(database.engine, commune_code="97611", localite="Cavani")

    app = Prefilled()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        picker = app.query_one(CommunePicker)
        assert picker.commune_code == "97611" and picker.localite == "Cavani"
        assert picker.lookup.input.value.startswith("Mamoudzou (97611)")


def test_the_mcs_picker_proposes_physicians_only(demo_database: Database) -> None:
    """An MCS is a physician (docs/DOMAIN.md: médecin correspondant du SAMU): the MCS form's picker
    does not propose a psychologue that the store would then refuse."""
    from screens.mcs.form import FIELDS
    from storage.db import write_transaction

    [picker_field] = [field for field in FIELDS if field.name == "professional_id"]
    with write_transaction(demo_database.engine) as connection:
        connection.exec_driver_sql(
            "UPDATE professional SET profession = 'psychologue'"
            " WHERE id = (SELECT id FROM professional WHERE search_key LIKE '%payet%' LIMIT 1)"
        )
    with read_connection(demo_database.engine) as connection:
        everyone = search_professionals(connection, "payet", limit=500)
        physicians = search_professionals(
            connection, "payet", limit=500, professions=picker_field.professions
        )
    assert any("Psychologue" in label for _, label in everyone)
    assert physicians and not any("Psychologue" in label for _, label in physicians)
    assert all("Médecin" in label for _, label in physicians)
