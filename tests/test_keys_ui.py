"""Keys: remapped from keys.toml, listed by F1 with their ids; palette commands for new records."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import DataTable

from ars_tui.app import ArsTuiApp, make_app
from ars_tui.keymap import KeymapError, keys_file, read_keymap
from screens.help import HelpScreen
from screens.home import HomeScreen
from screens.installations.form import InstallationForm
from screens.installations.list import InstallationsScreen
from screens.mcs.form import McsForm
from screens.msp.form import MspForm
from screens.professionals.form import ProfessionalForm
from storage.db import Database
from tests import tui_core_support
from tests.tui_core_support import settle, wait_until

#: The fixtures demo_database and frozen_today.
pytest_plugins = ("tests.tui_core_fixtures",)

SIZE = (100, 32)


def _write_keys(content: str) -> Path:
    path = keys_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return path


def test_keys_file_is_read_from_the_config_folder(ars_tui_home: Path) -> None:
    assert keys_file() == ars_tui_home / "config" / "keys.toml"
    assert read_keymap(keys_file()) == {}  # no file: nothing changes
    _write_keys('[keys]\n"section.installations" = "f2"\n"record.edit" = " ctrl+e "\n')
    assert read_keymap(keys_file()) == {"section.installations": "f2", "record.edit": "ctrl+e"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[keys\n", "ce n'est pas un fichier TOML valide"),
        ('keys = "f2"\n', "« [keys] » doit être une table"),
        ('[keys]\n"app.help" = 3\n', "la touche de « app.help » doit être un texte"),
    ],
)
def test_a_bad_keys_file_says_why_in_french(content: str, message: str) -> None:
    _write_keys(content)
    with pytest.raises(KeymapError, match=re.escape(message)):
        read_keymap(keys_file())


async def test_a_binding_is_remapped_by_its_id(demo_database: Database) -> None:
    _write_keys('[keys]\n"section.installations" = "f2"\n')
    app = make_app(demo_database, user="c.payet")  # after the keys file: it reads it
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")  # its own key no longer opens the section
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(app.screen, InstallationsScreen))
        # F1 shows the key as remapped, with the binding's id.
        await settle(pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        rows = _help_rows(app.screen)
        assert ("f2", "Installations", "section.installations") in rows


async def test_a_bad_keys_file_is_reported_not_fatal(demo_database: Database) -> None:
    _write_keys("[keys\n")
    app = make_app(demo_database, user="c.payet")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.is_running
        messages = [notification.message for notification in app._notifications]
        assert any("ignoré : ce n'est pas un fichier TOML valide" in m for m in messages)
        await pilot.press("2")  # the default keys still work
        await wait_until(pilot, lambda: isinstance(app.screen, InstallationsScreen))


def _help_rows(screen: HelpScreen) -> set[tuple[str, str, str]]:
    table = screen.query_one("#help-keys", DataTable)
    return {tuple(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count)}  # type: ignore[misc]


async def test_f1_lists_every_key_of_the_screen_with_its_id(
    demo_database: Database, app: ArsTuiApp
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await tui_core_support.open_section(pilot, "2", InstallationsScreen)
        await pilot.press("f1")
        rows = _help_rows(app.screen)
        ids = {binding_id for _, _, binding_id in rows}
        assert {
            "app.quit",
            "app.help",
            "section.home",
            "section.installations",
            "section.professionals",
            "installations.new",
            "installations.clear",
            "list.next_page",
            "list.previous_page",
            "list.sort",
            "list.filter",
        } <= ids
        assert ("n", "Nouveau", "installations.new") in rows
        assert ("2", "Installations", "section.installations") in rows
        # The French help text is still there.
        assert "Touches" in str(app.screen.query_one("#help-text").render())
        await pilot.press("escape")
        assert isinstance(app.screen, InstallationsScreen)


@pytest.mark.parametrize(
    ("command", "form_class"),
    [
        ("Nouveau projet d'installation", InstallationForm),
        ("Nouveau professionnel", ProfessionalForm),
        ("Nouveau projet de MSP", MspForm),
        ("Nouveau médecin correspondant", McsForm),
    ],
)
async def test_palette_commands_open_a_new_record_form(
    demo_database: Database, command: str, form_class: type, app: ArsTuiApp
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*command)
        await wait_until(pilot, lambda: app.screen.query("CommandList Option") or True)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, form_class))
        await pilot.press("escape")  # back to the section, not to the dashboard
        await settle(pilot)
        assert not isinstance(app.screen, HomeScreen)


async def test_every_section_key_opens_its_section_and_1_comes_back(
    demo_database: Database, app: ArsTuiApp
) -> None:
    """From each section, the next section's key works (no filter box swallows it), and "1"
    brings the dashboard back (Textual's default mode, not a declared one)."""
    from screens.sections import SECTIONS

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for entry in SECTIONS[1:]:
            if type(app.screen).__name__ == "TerritoriesScreen":
                # Its search box has the focus on arrival (digits type an INSEE code there):
                # Échap goes to the results, where the section keys work again.
                await pilot.press("escape")
            await pilot.press(entry.key)
            await wait_until(pilot, lambda entry=entry: type(app.screen).__name__ in entry.screen)
            await settle(pilot)
        await pilot.press("1")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("5")
        await wait_until(pilot, lambda: "MspScreen" in type(app.screen).__name__)
        assert app.return_code is None  # still running


async def test_palette_lists_sync_and_a_new_record_per_section(
    demo_database: Database, app: ArsTuiApp
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = {command.title for command in app.get_system_commands(app.screen)}
    assert "Synchroniser maintenant" in titles
    assert {"Nouvelle aide ou nouveau contrat", "Nouvelle mission de solidarité"} <= titles
