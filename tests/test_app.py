"""The app built by ``make_app``: dashboard figures, status bar, keys, help, one snapshot.

The records are written with plain SQL so that these tests depend on the schema only, and the
snapshot on nothing that changes by itself (no clock on screen, the database shown as ``~/...``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from textual.widgets import Static

from ars_tui import cli_text as cli_tx
from ars_tui.app import ArsTuiApp, make_app
from screens import text as tx
from screens.help import HelpScreen
from screens.home import HomeScreen, display_path
from screens.sections import SECTIONS
from screens.widgets.status_bar import StatusBar, status_text
from storage.db import Database, make_engine, write_transaction
from storage.queries.database_summary import database_summary
from tests.support.render import plain

NOW = "2025-06-02 09:30:00.000000"
SIZE = (110, 40)

#: (id, status, deleted) of the installation projects of the test database.
PROJECTS = [
    ("i1", "premier_contact", 0),
    ("i2", "premier_contact", 0),
    ("i3", "en_accompagnement", 0),
    ("i4", "installe", 0),
    ("i5", "abandonne", 1),  # deleted: counted nowhere
]


def _fill(database: Database, *, demo_ars: str | None = "REU") -> None:
    """Two professionals, five projects (one deleted), two pending changes and one sent."""
    with write_transaction(database.engine) as connection:
        for pro_id, name in (("p1", "Hoarau"), ("p2", "Payet")):
            connection.execute(
                text(
                    "INSERT INTO professional (id, ars_code, version, updated_at, updated_by,"
                    " deleted, last_name, first_name, profession, situation, search_key)"
                    " VALUES (:id, 'REU', 0, :now, 'test', 0, :name, 'Léa', 'medecin',"
                    " 'remplacant', '')"
                ),
                {"id": pro_id, "name": name, "now": NOW},
            )
        for project_id, status, deleted in PROJECTS:
            connection.execute(
                text(
                    "INSERT INTO installation_project (id, ars_code, version, updated_at,"
                    " updated_by, deleted, professional_id, commune_code, practice_mode, status,"
                    " first_contact_date) VALUES (:id, 'REU', 0, :now, 'test', :deleted, 'p1',"
                    " '97408', 'msp', :status, '2025-05-12')"
                ),
                {"id": project_id, "status": status, "deleted": deleted, "now": NOW},
            )
        for seq, state in ((1, "acked"), (2, "pending"), (3, "pending")):
            connection.execute(
                text(
                    "INSERT INTO outbox_op (op_id, seq, entity, entity_id, kind, fields, base,"
                    " base_version, ars_code, client_time, user, state) VALUES (:op, :seq,"
                    " 'installation_project', 'i1', 'update', '{}', '{}', 0, 'REU', :now,"
                    " 'test', :state)"
                ),
                {"op": f"op{seq}", "seq": seq, "state": state, "now": NOW},
            )
        if demo_ars:
            connection.execute(
                text("INSERT INTO local_setting (key, value) VALUES ('demo_ars', :ars)"),
                {"ars": demo_ars},
            )


async def _settled(app: ArsTuiApp, pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait for the dashboard's worker and for its message to be handled."""
    await app.workers.wait_for_complete()
    await pilot.pause()


@asynccontextmanager
async def _dashboard(database: Database) -> AsyncIterator[tuple[ArsTuiApp, Any]]:
    """(app, pilot): the app on ``database``, run headless, once its dashboard has its figures."""
    app = make_app(database, user="test")
    async with app.run_test(size=SIZE) as pilot:
        await _settled(app, pilot)
        yield app, pilot


async def _wait_until(pilot, condition, seconds: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    """Let the app run until ``condition()`` holds (fail after ``seconds``)."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("the app never got there")


# --- The figures (storage.queries.database_summary)
# ----------------------------------------------------------------


def test_summary_counts_live_records_and_pending_changes(database: Database) -> None:
    empty = database_summary(database.engine)
    assert empty.total_records == 0 and empty.pending_changes == 0 and empty.demo_ars is None

    _fill(database)
    summary = database_summary(database.engine)
    assert summary.record_counts["professional"] == 2
    assert summary.record_counts["installation_project"] == 4  # the deleted one is left out
    assert summary.record_counts["msp_project"] == 0
    assert summary.total_records == 6
    assert summary.projects_by_status == {
        "en_accompagnement": 1,
        "installe": 1,
        "premier_contact": 2,
    }
    assert summary.pending_changes == 2  # the acked op is not waiting any more
    assert summary.demo_ars == "REU"
    assert summary.demo_ars_name == "ARS La Réunion"
    assert "reference_version" in summary.settings


# --- The dashboard --------------------------------------------------------------------------------


async def test_dashboard_shows_the_counts_once_loaded(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(database)
    monkeypatch.setenv("HOME", str(database.path.parent))
    async with _dashboard(database) as (app, _pilot):
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        assert app.title == cli_tx.APP_TITLE and screen.sub_title == tx.HOME_TITLE

        assert screen.figures is not None
        assert screen.figures.projects_by_status == {
            "premier_contact": 2,
            "en_accompagnement": 1,
            "installe": 1,
        }
        projects = plain(screen.query_one("#panel-installations", Static)).splitlines()
        assert any(line.split() == ["Premier", "contact", "2"] for line in projects)
        assert any(line.split() == ["Abandonné", "0"] for line in projects)
        assert any(line.split() == ["Total", "4"] for line in projects)

        info = str(screen.query_one("#home-info", Static).render())
        assert "ARS : ARS La Réunion (REU)" in info
        assert "Base locale : ~/test.db" in info


def test_database_path_is_shown_from_home_when_under_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "moi"))
    assert display_path(tmp_path / "moi" / "ars" / "base.db") == "~/ars/base.db"
    assert display_path(tmp_path / "autre.db") == str(tmp_path / "autre.db")


async def test_without_a_device_ars_the_first_ars_with_records_is_shown(
    database: Database,
) -> None:
    _fill(database, demo_ars=None)
    async with _dashboard(database) as (app, _pilot):
        info = str(app.screen.query_one("#home-info", Static).render())
        assert "ARS : ARS La Réunion (REU)" in info


async def test_status_bar_shows_offline_and_the_changes_waiting(database: Database) -> None:
    _fill(database)
    async with _dashboard(database) as (app, _pilot):
        status = str(app.screen.query_one(StatusBar).render())
        assert "hors ligne" in status
        assert "synchronisation non configurée" in status
        assert "2 modifications en attente" in status
        assert "dernière synchronisation : jamais" in status


def test_status_line_once_synced_and_online() -> None:
    line = status_text(
        online=True, sync_configured=True, pending=1234, last_sync=datetime(2026, 3, 5, 14, 7)
    )
    assert line == (
        "en ligne │ 1\u00a0234 modifications en attente │ "
        "dernière synchronisation : 05/03/2026 14:07"
    )


def test_status_line_counts_records_to_examine() -> None:
    line = status_text(
        online=True,
        sync_configured=True,
        pending=0,
        last_sync=None,
        to_fix=1,
        to_examine=2,
    )
    assert "1 à corriger │ 2 à examiner" in line


async def test_refresh_key_counts_again(database: Database) -> None:
    _fill(database)
    async with _dashboard(database) as (app, pilot):
        with write_transaction(database.engine) as connection:
            connection.execute(
                text("UPDATE installation_project SET status = 'installe' WHERE id = 'i3'")
            )
            connection.execute(text("UPDATE outbox_op SET state = 'acked' WHERE seq = 2"))
        await pilot.press("r")
        await _settled(app, pilot)
        assert app.screen.figures.projects_by_status["installe"] == 2
        assert "en_accompagnement" not in app.screen.figures.projects_by_status
        assert "1 modification en attente" in str(app.screen.query_one(StatusBar).render())


async def test_an_unreadable_database_is_reported_not_fatal(tmp_path: Path) -> None:
    # A SQLite file without the schema: every count fails.
    path = tmp_path / "vide.db"
    broken = Database(path=path, engine=make_engine(path))
    app = make_app(broken, user="test")
    try:
        async with app.run_test(size=SIZE) as pilot:
            await _settled(app, pilot)
            assert app.is_running
            error = str(app.screen.query_one("#home-error", Static).render())
            assert error.startswith("Lecture de la base impossible")
            # Nothing still says "Chargement…": the panels, which come with figures, never came.
            assert plain(app.screen.query_one("#home-loading", Static)).strip() == ""
            assert not app.screen.query(".home-panel")
            assert "en attente : …" in str(app.screen.query_one(StatusBar).render())
    finally:
        broken.dispose()


async def test_built_from_a_path_the_app_opens_the_database_after_its_first_frame(
    terrain: Path,
) -> None:
    path = terrain
    app = make_app(path, user="test")
    assert app.database is None
    async with app.run_test(size=SIZE) as pilot:
        # The dashboard is there before any database work is done.
        assert isinstance(app.screen, HomeScreen)
        await _wait_until(pilot, lambda: app.database is not None)
        await _settled(app, pilot)
        assert app.database.path == path
        assert app.screen.figures.project_total == 0
        assert "│ 0 modification en attente │" in str(app.screen.query_one(StatusBar).render())
    app.database.dispose()


async def test_a_path_that_is_not_a_database_quits_with_a_french_reason(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("pas une base\n" * 100)
    app = make_app(path, user="test")
    async with app.run_test(size=SIZE) as pilot:
        await _wait_until(pilot, lambda: app.open_error is not None)
    assert app.return_code == 1
    assert app.open_error.startswith(f"impossible d'ouvrir la base {path} (")
    assert app.database is None


# --- Keys -----------------------------------------------------------------------------------------


async def test_ctrl_q_quits(database: Database) -> None:
    async with _dashboard(database) as (app, pilot):
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.return_code == 0
        assert not app.is_running


async def test_f1_opens_the_french_help_and_escape_closes_it(database: Database) -> None:
    async with _dashboard(database) as (app, pilot):
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        help_text = str(app.screen.query_one("#help-text", Static).render())
        assert "Touches" in help_text and "quitter l'application" in help_text
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_bindings_carry_ids_and_french_descriptions(database: Database) -> None:
    async with _dashboard(database) as (app, _pilot):
        # The app's and the screen's own keys (widgets such as DataTable bring theirs).
        described = {
            active.binding.id: active.binding.description
            for active in app.active_bindings.values()
            if active.node in (app, app.screen) and active.binding.description
        }
        assert described == {
            "app.quit": "Quitter",
            "app.help": "Aide",
            "app.sync": "Synchroniser",
            "app.commands": "Commandes",
            "home.refresh": "Actualiser",
            "home.objectives": "Objectifs de l'ARS",
            "screen.copy": "Copier le texte sélectionné",
            "screen.next": "Zone suivante",
            "screen.previous": "Zone précédente",
            # One key per section, whatever sections there are.
            **{f"section.{entry.id}": entry.label for entry in SECTIONS},
        }


async def test_ctrl_c_tells_in_french_how_to_quit(database: Database) -> None:
    async with _dashboard(database) as (app, pilot):
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.is_running
        assert [n.title for n in app._notifications] == [tx.QUIT_HINT_TITLE]


def test_make_app_defaults_to_the_login_name(database: Database) -> None:
    from ars_tui.config import current_user

    assert make_app(database).user == current_user() != ""
    assert make_app(database, user="c.payet").user == "c.payet"


# --- Snapshot -------------------------------------------------------------------------------------


def _dashboard_snapshot(
    database: Database, monkeypatch: pytest.MonkeyPatch, snap_compare, size: tuple[int, int]
) -> bool:  # type: ignore[no-untyped-def]
    from tests.support.dashboard_fixture import TODAY, fill

    fill(database)
    with write_transaction(database.engine) as connection:  # a device of ARS La Réunion
        connection.execute(text("INSERT INTO local_setting VALUES ('ars_code', 'REU')"))
    # The database is shown as "~/test.db" whatever the temporary folder is; a fixed day.
    monkeypatch.setenv("HOME", str(database.path.parent))
    monkeypatch.setattr("screens.home.today", lambda: TODAY)

    async def wait_for_figures(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    return snap_compare(
        make_app(database, user="test"), terminal_size=size, run_before=wait_for_figures
    )


def test_dashboard_snapshot(
    database: Database, monkeypatch: pytest.MonkeyPatch, snap_compare
) -> None:  # type: ignore[no-untyped-def]
    """The dashboard of La Réunion on a small fixed database, 120 x 40: the territory picker,
    every panel, the drawn trend, the status bar and the French footer."""
    assert _dashboard_snapshot(database, monkeypatch, snap_compare, (120, 40))


def test_dashboard_snapshot_80x24(
    database: Database, monkeypatch: pytest.MonkeyPatch, snap_compare
) -> None:  # type: ignore[no-untyped-def]
    """The same at 80 x 24: one column of panels, the picker and the status line still fit."""
    assert _dashboard_snapshot(database, monkeypatch, snap_compare, (80, 24))
