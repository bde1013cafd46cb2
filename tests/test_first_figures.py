"""The dashboard's first figures read without SQLAlchemy (storage.queries.first_figures).

They are shown while the app opens the database, then replaced by the full figures: they must be
the same counts, and the peek must give up rather than guess.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text
from textual.widgets import Static

from ars_tui.app import make_app
from screens.home import HomeScreen
from storage import vocabulary as voc
from storage.db import Database, open_database, write_transaction
from storage.demo.generator import generate_demo
from storage.queries.dashboard import dashboard_figures
from storage.queries.first_figures import peek_project_statuses, status_counts_query
from storage.settings import ARS_SETTING, DEMO_ARS_SETTING
from tests.support.render import plain

DAY = date(2026, 3, 2)


def _demo_file(tmp_path: Path, fresh_database_file: Path, ars: str = "REU") -> Path:
    path = tmp_path / "demo.db"
    shutil.copyfile(fresh_database_file, path)
    database = open_database(path)
    generate_demo(database.engine, records=300, ars_code=ars, today=DAY)
    database.dispose()
    return path


def test_the_peek_counts_what_the_dashboard_counts(
    tmp_path: Path, fresh_database_file: Path
) -> None:
    path = _demo_file(tmp_path, fresh_database_file)
    peeked = peek_project_statuses(path)
    assert peeked is not None
    database = open_database(path)
    try:
        full = dashboard_figures(database.engine, peeked.territory, DAY)
    finally:
        database.dispose()
    assert peeked.territory.code == "REU"
    assert peeked.territory.name == full.territory.name
    assert sum(peeked.projects_by_status.values()) > 0
    assert peeked.projects_by_status == full.projects_by_status


def test_the_device_ars_comes_before_the_demo_one(
    tmp_path: Path, fresh_database_file: Path
) -> None:
    path = _demo_file(tmp_path, fresh_database_file)
    database = open_database(path)
    with write_transaction(database.engine) as connection:
        connection.execute(
            text("INSERT INTO local_setting (key, value) VALUES (:key, 'MAY')"),
            {"key": ARS_SETTING},
        )
    database.dispose()
    peeked = peek_project_statuses(path)
    assert peeked is not None
    assert peeked.territory.code == "MAY"
    assert peeked.projects_by_status == {}  # the demo records are of La Réunion


def test_the_peek_gives_up_rather_than_guess(
    tmp_path: Path, fresh_database_file: Path, database: Database
) -> None:
    # No file: nothing is created.
    missing = tmp_path / "absent.db"
    assert peek_project_statuses(missing) is None
    assert not missing.exists()
    # Not a database.
    garbage = tmp_path / "notes.db"
    garbage.write_text("pas une base\n" * 50)
    assert peek_project_statuses(garbage) is None
    # A device with no ARS yet (a new, migrated database): the full figures will tell.
    assert peek_project_statuses(database.path) is None
    # A schema older than the code's: the app migrates it before anything is read.
    path = _demo_file(tmp_path, fresh_database_file)
    database = open_database(path)
    with write_transaction(database.engine) as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0001'"))
        assert connection.execute(
            text("SELECT value FROM local_setting WHERE key = :key"), {"key": DEMO_ARS_SETTING}
        ).scalar()
    database.dispose()
    assert peek_project_statuses(path) is None


def test_the_peek_imports_no_sqlalchemy(tmp_path: Path, fresh_database_file: Path) -> None:
    path = _demo_file(tmp_path, fresh_database_file)
    code = (
        "import sys; from pathlib import Path;"
        "from storage.queries.first_figures import peek_project_statuses;"
        f"assert peek_project_statuses(Path({str(path)!r})) is not None;"
        "print('sqlalchemy' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


async def test_the_dashboard_shows_the_peeked_statuses_before_the_database_is_open(
    tmp_path: Path, fresh_database_file: Path
) -> None:
    path = _demo_file(tmp_path, fresh_database_file)
    peeked = peek_project_statuses(path)
    assert peeked is not None
    app = make_app(path, user="test")
    async with app.run_test(size=(110, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        assert app.database is None
        await screen.statuses_peeked(peeked)
        await pilot.pause()
        lines = plain(screen.query_one("#panel-installations", Static)).splitlines()
        total = sum(peeked.projects_by_status.values())
        assert any(line.split() == ["Total", voc.format_int(total)] for line in lines), lines
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.database is not None
        assert screen.figures is not None
        assert screen.figures.projects_by_status == peeked.projects_by_status
    app.database.dispose()


@pytest.mark.parametrize("ars", ["REU", "OCC"])
def test_the_figures_are_counted_from_the_covering_index(
    tmp_path: Path, fresh_database_file: Path, ars: str
) -> None:
    """The count reads the index of migration 0012, not the project rows (a full scan of 100,000
    projects was most of the wait between the first frame and the figures)."""
    path = _demo_file(tmp_path, fresh_database_file, ars=ars)
    peeked = peek_project_statuses(path)
    assert peeked is not None
    sql, params = status_counts_query(peeked.territory)
    connection = sqlite3.connect(path)
    try:
        plan = " ".join(row[-1] for row in connection.execute(f"EXPLAIN QUERY PLAN {sql}", params))
    finally:
        connection.close()
    assert "COVERING INDEX ix_installation_project_status_figures" in plan, plan
