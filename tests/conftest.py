"""Fixtures shared by every test (others may add theirs below, in a section of their own).

- Every test runs with ``ARS_TUI_HOME`` set to an empty folder of its own: whatever the code
  under test reads or writes (default database, config, cache), the user's real files stay out
  of reach, and a test that forgets ``--db`` cannot touch them.
- ``database``: a new, migrated database with the reference data, at ``tmp_path / "test.db"``.
- ``terrain``: the path of such a database, closed, at ``tmp_path / "terrain.db"`` (for code
  that opens its database itself).
- ``fresh_copies``: a function ``name -> Database`` opening more such databases (one a device),
  at ``tmp_path / "<name>.db"``, all closed after the test.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ars_tui import paths
from storage.db import Database, open_database
from tests.support.databases import open_copies, open_copy

#: Fixtures for every test module: the central endpoint's ``postgresql_base_url`` (session-wide),
#: ``central_db_url``, and ``central``, ``reu``, ``reu2`` (tests/support/central_api.py); the
#: dashboard's hand-counted ``filled`` database (tests/support/dashboard_fixture.py); the query
#: tests' module-wide ``demo_db`` (tests/support/query_demo.py).
pytest_plugins = [
    "tests.support.central_server",
    "tests.support.central_api",
    "tests.support.dashboard_fixture",
    "tests.support.query_demo",
]


@pytest.fixture(autouse=True)
def ars_tui_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty ``ARS_TUI_HOME`` for this test (returned so a test can look inside)."""
    home = tmp_path_factory.mktemp("ars_tui_home")
    monkeypatch.setenv(paths.HOME_ENV, str(home))
    # Who edits: set, so that the app opens without its first-run set-up (tests of the set-up
    # remove it).
    monkeypatch.setenv("ARS_TUI_NOM", "Correspondant de test")
    return home


@pytest.fixture(scope="session")
def fresh_database_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database made by ``open_database`` for the whole session, closed (WAL merged).

    Loading the reference data (35,000 communes) takes about a second; each test gets a copy of
    this file instead, which ``open_database`` then finds up to date.
    """
    path = tmp_path_factory.mktemp("template") / "fresh.db"
    open_database(path).dispose()
    return path


@pytest.fixture
def database(tmp_path: Path, fresh_database_file: Path) -> Iterator[Database]:
    """A new database at ``tmp_path / "test.db"``, as ``open_database`` makes it."""
    yield from open_copy(fresh_database_file, tmp_path / "test.db")


@pytest.fixture
def terrain(tmp_path: Path, fresh_database_file: Path) -> Path:
    """A new database file at ``tmp_path / "terrain.db"``, closed (see module doc)."""
    target = tmp_path / "terrain.db"
    shutil.copyfile(fresh_database_file, target)
    return target


@pytest.fixture
def fresh_copies(tmp_path: Path, fresh_database_file: Path) -> Iterator[Callable[[str], Database]]:
    """Opens a new database named for a device: ``fresh_copies("alice")`` (see module doc)."""
    yield from open_copies(fresh_database_file, tmp_path)


@pytest.fixture(autouse=True)
def steady_input_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    """A focused Input's cursor stays shown instead of blinking every 0.5 s.

    Snapshots (and anything that reads the screen) would otherwise depend on the moment they
    are taken: on a loaded machine the Territoires snapshot caught its search box's cursor off.
    """
    from textual.widgets import Input

    def keep_cursor_shown(self: Input) -> None:
        self._cursor_visible = True

    monkeypatch.setattr(Input, "_toggle_cursor", keep_cursor_shown)
