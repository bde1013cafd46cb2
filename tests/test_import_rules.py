"""The import rules between the rooms of the tree, checked on the real packages.

- ``storage`` runs without the UI and network layers: importing all of it pulls in neither
  textual, httpx, fastapi, ``screens`` nor ``ars_tui`` (checked in a fresh interpreter, so that
  nothing imported by pytest or another test hides a violation), and no ``storage`` source
  mentions them, not even in an import inside a function.
- Inside ``storage``, no room imports a room above it (:data:`STORAGE_LEVELS`).
- Each layer's forbidden imports are one row of :data:`FORBIDDEN`: ``screens`` never imports
  ``ars_tui`` (the app hands screens what they need), the sync engine imports no screen, the
  server no UI.
- Importing the app shell creates no file and opens no database.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN_IN_STORAGE = ("textual", "httpx", "fastapi", "screens", "ars_tui")

#: The rooms of ``storage``, lowest first: a module may import its own room and the rooms of its
#: level or below, never one above. Level 0 is the ground every room stands on: the root modules
#: (db, settings, text, wire, uuids...), the models, the migrations, the packaged reference data
#: (opening a database loads it) and the vocabulary.
STORAGE_LEVELS: dict[str, int] = {
    "storage": 0,
    "storage.models": 0,
    "storage.migrations": 0,
    "storage.reference": 0,
    "storage.vocabulary": 0,
    "storage.records": 1,  # what a save checks and writes
    "storage.queries": 2,  # what the sections read
    "storage.sync": 2,  # the device's side of sync
    "storage.exchange": 3,  # imports, exports, reports: read and write through the rooms below
    "storage.demo": 3,  # the demo generator
}

#: (the modules a rule is about, the packages they must never import, why)
FORBIDDEN: list[tuple[str, tuple[str, ...], str]] = [
    (
        "storage",
        (*FORBIDDEN_IN_STORAGE, "uvicorn"),
        "storage is the domain: no UI, network, server",
    ),
    ("screens", ("ars_tui",), "the app hands screens what they need"),
    ("ars_tui.sync", ("screens", "textual", "ars_tui.central"), "the sync client runs headless"),
    ("ars_tui.sync_controller", ("screens",), "the sync engine imports no screen"),
    (
        "ars_tui.central",
        ("screens", "textual", "ars_tui.sync"),
        "the server knows no UI nor client",
    ),
]
#: Alembic's environment script: it runs inside a migration only and refuses a plain import.
NOT_IMPORTABLE_ALONE = {"storage.migrations.env"}


def _run_python(code: str, *, env: dict[str, str] | None = None, cwd: Path | None = None) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd or ROOT,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _imported_names(source_file: Path) -> set[str]:
    """Every module name an ``import`` or ``from ... import`` statement of the file names."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source_file.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _top_level(name: str) -> str:
    return name.split(".", 1)[0]


def test_storage_imports_no_ui_nor_network_layer() -> None:
    code = f"""
import importlib, json, pkgutil, sys
import storage
skipped = {sorted(NOT_IMPORTABLE_ALONE)!r}
imported = []
for module in pkgutil.walk_packages(storage.__path__, "storage."):
    if module.name not in skipped:
        importlib.import_module(module.name)
        imported.append(module.name)
loaded = sorted({{name.split(".")[0] for name in sys.modules}})
print(json.dumps({{"imported": imported, "loaded": loaded}}))
"""
    report = json.loads(_run_python(code))
    # The walk really went through the package (models, migrations...), not an empty list.
    assert {"storage.db", "storage.models.people", "storage.queries.database_summary"} <= set(
        report["imported"]
    )
    leaked = set(FORBIDDEN_IN_STORAGE) & set(report["loaded"])
    assert not leaked, f"storage pulls in {sorted(leaked)}"


def _sources(package: str) -> list[Path]:
    """The files of a package (a folder) or of a single module."""
    base = ROOT / package.replace(".", "/")
    return sorted(base.rglob("*.py")) if base.is_dir() else [base.with_suffix(".py")]


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def _room(module: str) -> str:
    """The deepest room of :data:`STORAGE_LEVELS` holding ``module``."""
    return max((room for room in STORAGE_LEVELS if _within(module, room)), key=len)


@pytest.mark.parametrize(("package", "forbidden", "why"), FORBIDDEN, ids=[r[0] for r in FORBIDDEN])
def test_layer_never_imports_what_is_above_it(
    package: str, forbidden: tuple[str, ...], why: str
) -> None:
    sources = _sources(package)
    assert sources and all(path.exists() for path in sources), f"no source for {package}"
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            name
            for name in _imported_names(path)
            if any(_within(name, other) for other in forbidden)
        )
        for path in sources
    }
    assert {path: names for path, names in offenders.items() if names} == {}, why


def test_no_storage_room_imports_a_room_above_it() -> None:
    upward = {
        f"{_module_name(path)} -> {name}"
        for path in _sources("storage")
        for name in _imported_names(path)
        if _within(name, "storage")
        and STORAGE_LEVELS[_room(name)] > STORAGE_LEVELS[_room(_module_name(path))]
    }
    assert sorted(upward) == []


def test_every_storage_room_has_a_level() -> None:
    """A new room must be placed in :data:`STORAGE_LEVELS`, or its imports go unchecked."""
    rooms = {
        f"storage.{folder.name}"
        for folder in (ROOT / "storage").iterdir()
        if (folder / "__init__.py").exists()
    }
    assert {"storage.records", "storage.queries", "storage.sync"} <= rooms
    assert rooms - set(STORAGE_LEVELS) == set()


@pytest.mark.parametrize(
    ("module", "room"),
    [
        ("storage.db", "storage"),
        ("storage.records.store", "storage.records"),
        ("storage.queries.territories", "storage.queries"),
        ("storage.exchange.imports", "storage.exchange"),
    ],
)
def test_a_module_belongs_to_its_deepest_room(module: str, room: str) -> None:
    assert _room(module) == room


@pytest.mark.parametrize("module", ["ars_tui.app", "ars_tui.cli", "ars_tui.paths", "screens.home"])
def test_importing_creates_no_file_and_opens_no_database(module: str, tmp_path: Path) -> None:
    home, user_home, cwd = tmp_path / "ars_tui_home", tmp_path / "home", tmp_path / "cwd"
    for folder in (home, user_home, cwd):
        folder.mkdir()
    env = {
        **os.environ,
        "ARS_TUI_HOME": str(home),
        "HOME": str(user_home),
        "XDG_DATA_HOME": str(user_home / "data"),
        "XDG_CONFIG_HOME": str(user_home / "config"),
        "XDG_CACHE_HOME": str(user_home / "cache"),
        "XDG_STATE_HOME": str(user_home / "state"),
        "PYTHONPATH": str(ROOT),
    }
    # Any sqlite connection made while importing is recorded (an engine alone opens none).
    code = f"""
import sqlite3
opened = []
_connect = sqlite3.connect
def _spy(*args, **kwargs):
    opened.append(args[0] if args else kwargs.get("database"))
    return _connect(*args, **kwargs)
sqlite3.connect = _spy
import {module}
print(len(opened))
"""
    assert _run_python(code, env=env, cwd=cwd).strip() == "0"
    for folder in (home, user_home, cwd):
        assert list(folder.iterdir()) == [], f"{module} wrote into {folder.name}"


def test_the_first_frame_needs_no_database_library() -> None:
    """The app draws its first frame before it opens the database (see ars_tui.app).

    SQLAlchemy, Alembic and SQLModel take longer to import than Textual itself; the start-up bar
    (1.5x a bare Textual app) holds only if the modules of the first frame import them inside
    functions. A screen that needs them at module level breaks this test on purpose.
    """
    code = """
import json, sys
import ars_tui.cli, ars_tui.app, screens.home, screens.help
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""
    loaded = set(json.loads(_run_python(code)))
    assert "textual" in loaded
    assert not {"sqlalchemy", "alembic", "sqlmodel", "pydantic"} & loaded
