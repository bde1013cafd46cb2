"""The palette's "Importer…", "Exporter…", "Rapport…": a modal, a worker, a French result."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text
from textual.widgets import Button, Checkbox, Input, Select, Static

from ars_tui.app import make_app
from screens.exchange import ExchangeScreen
from storage.db import Database
from tests.support.exchange_modal import (
    SIZE,
    bind_to_reunion,
    open_import,
    result_text,
    run_and_wait,
)


def _csv(path: Path, content: str) -> Path:
    """``content`` written to ``path`` in UTF-8: a file to import."""
    path.write_text(content, encoding="utf-8")
    return path


async def test_palette_lists_the_three_commands(database: Database) -> None:
    app = make_app(database, user="test")
    async with app.run_test(size=SIZE):
        titles = [command.title for command in app.get_system_commands(app.screen)]
    assert {"Importer…", "Exporter…", "Rapport…"} <= set(titles)


async def test_import_from_the_modal(database: Database, tmp_path: Path) -> None:
    bind_to_reunion(database)
    source = _csv(tmp_path / "pros.csv", "Nom;Prénom\nHoarau;Élodie\n")
    app = make_app(database, user="test")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_import(app, pilot, "professionnels", source)
        screen.query_one("#exchange-dry-run", Checkbox).value = True
        await run_and_wait(app, pilot)
        assert "Simulation" in result_text(app) and "1 créée(s)" in result_text(app)
        screen.query_one("#exchange-dry-run", Checkbox).value = False
        await run_and_wait(app, pilot)
        assert "1 créée(s)" in result_text(app) and "Simulation" not in result_text(app)
        assert not screen.query_one("#exchange-run", Button).disabled
        await pilot.press("escape")
        assert not isinstance(app.screen, ExchangeScreen)
    with database.engine.connect() as connection:
        assert connection.execute(text("SELECT COUNT(*) FROM professional")).scalar_one() == 1


async def test_refused_import_shows_the_bad_lines(database: Database, tmp_path: Path) -> None:
    bind_to_reunion(database)
    source = _csv(tmp_path / "bad.csv", "Nom;Prénom;RPPS\nHoarau;Élodie;123\n")
    app = make_app(database, user="test")
    async with app.run_test(size=SIZE) as pilot:
        await open_import(app, pilot, "professionnels", source)
        await run_and_wait(app, pilot)
        shown = result_text(app)
        assert "rien n'a été écrit" in shown and "ligne 2 : RPPS" in shown
        assert app.screen.query_one("#exchange-result", Static).has_class("-error")


async def test_export_and_report_from_the_modal(database: Database, tmp_path: Path) -> None:
    bind_to_reunion(database)
    app = make_app(database, user="test")
    async with app.run_test(size=SIZE) as pilot:
        app.action_exchange("export")
        await pilot.pause()
        app.screen.query_one("#exchange-kind", Select).value = "couverture"
        await pilot.pause()
        path = app.screen.query_one("#exchange-path", Input)
        assert path.value.startswith("couverture-")  # the default name follows the kind
        path.value = str(tmp_path / "c.csv")
        await run_and_wait(app, pilot)
        assert "0 fiche(s) de l'ARS REU" in result_text(app)
        await pilot.press("escape")
        app.action_exchange("report")
        await pilot.pause()
        assert app.screen.query_one("#exchange-territory", Input).value == "REU"
        app.screen.query_one("#exchange-path", Input).value = str(tmp_path / "r.html")
        await run_and_wait(app, pilot)
        assert "Rapport écrit" in result_text(app)
    assert (tmp_path / "c.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
