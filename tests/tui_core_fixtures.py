"""Fixtures of the TUI-core tests; a test module loads them with
``pytest_plugins = ("tests.tui_core_fixtures",)``.

- ``demo_database``: a copy of a small demo database (300 projects of La Réunion, seed 7,
  "today" 02/06/2025): the same records on every run, in the same order (demo ids are ordered
  UUIDv7 made in generation order), so snapshots do not move;
- ``frozen_today``: the screens' "today" fixed at ``TODAY``;
- ``app``: the app on ``demo_database`` for c.payet, built, not started.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from ars_tui.app import ArsTuiApp, make_app
from storage.db import Database, open_database
from storage.demo.generator import generate_demo
from tests.support.databases import open_copy
from tests.tui_core_support import DEMO_RECORDS, TODAY


@pytest.fixture(scope="session")
def demo_database_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tui-demo") / "demo.db"
    database = open_database(path)
    try:
        generate_demo(database.engine, records=DEMO_RECORDS, ars_code="REU", seed=7, today=TODAY)
    finally:
        database.dispose()
    return path


@pytest.fixture
def demo_database(tmp_path: Path, demo_database_file: Path) -> Iterator[Database]:
    yield from open_copy(demo_database_file, tmp_path / "demo.db")


@pytest.fixture
def app(demo_database: Database) -> ArsTuiApp:
    return make_app(demo_database, user="c.payet")


@pytest.fixture
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> date:
    import screens.installations.list
    import screens.widgets.record_page

    monkeypatch.setattr(screens.widgets.record_page, "today", lambda: TODAY)
    monkeypatch.setattr(screens.installations.list, "today", lambda: TODAY)
    return TODAY
