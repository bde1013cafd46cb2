"""Who I am (issue 11): the first-run set-up records the correspondent's name and the ARS."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import text
from textual.widgets import Button, Input

from ars_tui import config
from ars_tui.app import make_app
from screens.home import HomeScreen
from screens.setup import SetupScreen
from storage.db import open_database
from storage.settings import ARS_SETTING, device_ars_code
from tests.tui_core_support import settle, wait_until

SIZE = (120, 36)


def test_config_keeps_the_name_and_checks_the_email(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(config.NAME_ENV, raising=False)
    assert config.correspondent_name() is None
    config.write_setting("nom", "  Marie   Payet ")
    assert config.correspondent_name() == "Marie Payet"
    with pytest.raises(config.ConfigError, match="courriel invalide"):
        config.write_setting("courriel", "marie.payet")
    config.write_setting("courriel", "marie.payet@ars.sante.fr")
    assert config.read_config()["courriel"] == "marie.payet@ars.sante.fr"


def test_the_app_edits_under_the_configured_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(config.NAME_ENV, raising=False)
    config.write_setting("nom", "Marie Payet")
    assert make_app(Path("x.db")).user == "Marie Payet"  # not the login name


async def test_a_fresh_device_asks_who_and_which_ars_then_opens_on_it(
    tmp_path: Path, fresh_database_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(config.NAME_ENV, raising=False)
    path = tmp_path / "fresh.db"
    shutil.copyfile(fresh_database_file, path)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, SetupScreen))
        setup = app.screen
        await pilot.click("#setup-save")  # nothing typed: refused, in French
        await settle(pilot)
        assert "nom" in str(setup.query_one("#setup-error").render()).lower()
        setup.query_one("#setup-name", Input).value = "Marie Payet"
        setup.query_one("#setup-email", Input).value = "marie.payet@ars.sante.fr"
        setup.choose_ars("REU")
        setup.query_one("#setup-save", Button).press()
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        home = app.screen
        await wait_until(pilot, lambda: home.territory is not None and home.territory.code)
        assert home.territory.code == "REU"
        assert app.user == "Marie Payet" and app.context.user == "Marie Payet"
        assert app.context.ars_code == "REU"
    assert config.correspondent_name() == "Marie Payet"
    database = open_database(path)
    try:
        assert device_ars_code(database.engine) == "REU"
        with database.engine.connect() as connection:
            assert (
                connection.execute(
                    text("SELECT value FROM local_setting WHERE key = :k"), {"k": ARS_SETTING}
                ).scalar()
                == "REU"
            )
    finally:
        database.dispose()


async def test_a_configured_device_opens_directly(terrain: Path) -> None:
    """The tests' own name (ARS_TUI_NOM, set by the conftest) and a demo's ARS: no set-up."""
    path = terrain
    database = open_database(path)
    with database.engine.begin() as connection:
        connection.execute(text("INSERT INTO local_setting VALUES ('demo_ars', 'REU')"))
    database.dispose()
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.context is not None)
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.user == config.correspondent_name()
