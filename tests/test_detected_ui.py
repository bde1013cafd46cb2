"""The TUI side of issue 13: "Installations détectées", the import's progress and its stop."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import text
from textual.widgets import DataTable, ProgressBar

from ars_tui.app import make_app
from screens.context import ScreenContext
from screens.detected import DetectedScreen
from screens.exchange import run_exchange
from storage.db import Database
from storage.exchange.imports import ImportInterrupted, import_file
from tests.support.exchange_modal import SIZE, bind_to_reunion, open_import, run_and_wait
from tests.support.official_files import ANNUAIRE, second_annuaire

PROJECTS = "SELECT status, commune_code, notes FROM installation_project"


def two_imports(database: Database, tmp_path: Path) -> None:
    for path, day in (
        (ANNUAIRE, date(2026, 6, 1)),
        (second_annuaire(tmp_path)[0], date(2026, 7, 1)),
    ):
        import_file(database.engine, "annuaire", path, user="t", ars_code="REU", today=day)


async def test_detected_screen_lists_and_makes_a_project_with_one_key(
    database: Database, tmp_path: Path
) -> None:
    bind_to_reunion(database)
    two_imports(database, tmp_path)
    app = make_app(database, user="test")
    async with app.run_test(size=SIZE) as pilot:
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Installations détectées" in titles
        app.action_detected()
        await pilot.pause()
        assert isinstance(app.screen, DetectedScreen)
        table = app.screen.query_one(DataTable)
        kinds = [table.get_row_at(row)[0] for row in range(table.row_count)]
        assert sorted(kinds) == ["Arrivée", "Départ"]
        table.move_cursor(row=kinds.index("Arrivée"))
        await pilot.press("i")
        await pilot.pause()
        assert table.get_row_at(kinds.index("Arrivée"))[-1] == "projet créé"
    with database.engine.connect() as connection:
        rows = connection.execute(text(PROJECTS)).all()
    assert [(status, commune) for status, commune, _ in rows] == [("installe", "97424")]
    assert "détectée par l'annuaire" in rows[0][2]


async def test_annuaire_from_the_modal_shows_detections_and_a_full_bar(
    database: Database, tmp_path: Path
) -> None:
    bind_to_reunion(database)
    import_file(database.engine, "annuaire", ANNUAIRE, user="t", ars_code="REU")
    second, _ = second_annuaire(tmp_path)
    app = make_app(database, user="test")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_import(app, pilot, "annuaire", second)
        message = await run_and_wait(app, pilot)
        assert "Installations détectées (2)" in message
        assert screen.query_one("#exchange-progress", ProgressBar).percentage == 1.0


def test_stop_from_the_tui_writes_nothing(database: Database) -> None:
    bind_to_reunion(database)
    context = ScreenContext(database=database, user="test", ars_code="REU")

    def stop(done: int, total: int) -> None:
        raise ImportInterrupted

    ok, message = run_exchange(
        "import", context, "annuaire", ANNUAIRE, False, date(2026, 6, 1), progress=stop
    )
    assert (ok, message) == (False, "Import interrompu : rien n'a été écrit.")
    with database.engine.connect() as connection:
        assert connection.execute(text("SELECT COUNT(*) FROM professional")).scalar_one() == 0


async def test_the_record_page_shows_the_places_of_practice(database: Database) -> None:
    from screens.professionals.record import ProfessionalRecordScreen
    from tests.tui_core_support import wait_until

    bind_to_reunion(database)
    import_file(database.engine, "annuaire", ANNUAIRE, user="t", ars_code="REU")
    with database.engine.connect() as connection:
        record_id = connection.execute(
            text("SELECT id FROM professional WHERE rpps = '10009900027'")
        ).scalar_one()
    app = make_app(database, user="test")
    async with app.run_test(size=SIZE) as pilot:
        context = ScreenContext(database=database, user="test", ars_code="REU")
        app.push_screen(ProfessionalRecordScreen(context, record_id))
        await wait_until(pilot, lambda: getattr(app.screen, "data", None) is not None)
        text_ = app.screen.value_text("practice_places")
        assert "97408 La Possession" in text_ and "97415 Saint-Paul" in text_
