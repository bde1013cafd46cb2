"""A field install (``pip install ars-tui``, no extra) runs the field commands, and a command that
needs ``[serveur]`` or ``[web]`` says in one French line what to install, never a traceback.

Each command runs in a subprocess where the packages of the extras cannot be imported (a
``sys.meta_path`` finder refuses them), as on a machine where they were never installed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ars_tui.cli import EXIT_MISSING_EXTRA, EXIT_OK

REPO = Path(__file__).resolve().parents[1]
#: What ``[serveur]`` and ``[web]`` install (and what Faker was before the demo names shipped).
EXTRA_PACKAGES = ("fastapi", "starlette", "uvicorn", "psycopg", "textual_serve", "aiohttp", "faker")
#: The only modules of the package that need an extra to be imported at all.
SERVER_ONLY_MODULES = {"ars_tui.central.app"}

#: Prepended to every subprocess: refuse the extras' packages, then run the given code.
BLOCKER = textwrap.dedent(
    f"""
    import sys

    BLOCKED = {EXTRA_PACKAGES!r}

    class Blocker:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in BLOCKED:
                raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
            return None

    sys.meta_path.insert(0, Blocker())
    """
)


def run_without_extras(code: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ARS_TUI_HOME": str(home), "ARS_TUI_NOM": "Correspondant de test"}
    return subprocess.run(
        [sys.executable, "-c", BLOCKER + textwrap.dedent(code)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def cli_without_extras(home: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return run_without_extras(
        f"from ars_tui.cli import main\nsys.exit(main({list(argv)!r}))\n", home
    )


def test_the_blocker_does_block(tmp_path: Path) -> None:
    done = run_without_extras("import fastapi\n", tmp_path)
    assert done.returncode != 0
    assert "ModuleNotFoundError" in done.stderr


def test_field_commands_work_without_the_extras(tmp_path: Path) -> None:
    db = tmp_path / "terrain.db"
    demo = cli_without_extras(tmp_path, "demo", "--db", str(db), "--records", "40", "--ars", "REU")
    assert demo.returncode == EXIT_OK, demo.stderr
    out = tmp_path / "installations.csv"
    export = cli_without_extras(tmp_path, "export", "installations", str(out), "--db", str(db))
    assert export.returncode == EXIT_OK, export.stderr
    assert out.read_text("utf-8-sig").count("\n") > 1
    zonage = cli_without_extras(tmp_path, "zonage", "97411", "--db", str(db))
    assert zonage.returncode == EXIT_OK, zonage.stderr
    helped = cli_without_extras(tmp_path, "--help")
    assert helped.returncode == EXIT_OK and "serve" in helped.stdout
    for done in (demo, export, zonage, helped):
        assert "Traceback" not in done.stderr


def test_the_sync_client_and_the_tui_load_without_the_extras(tmp_path: Path) -> None:
    """Every module of the device side imports; the TUI draws its dashboard on a demo base."""
    code = f"""
    import asyncio, importlib, pkgutil

    import ars_tui, screens, storage

    for package in (ars_tui, screens, storage):
        prefix = package.__name__ + "."
        for info in pkgutil.walk_packages(package.__path__, prefix):
            if info.name in {sorted(SERVER_ONLY_MODULES)!r} or info.name.endswith("__main__"):
                continue
            if not info.name.startswith("storage.migrations."):  # Alembic runs those
                importlib.import_module(info.name)

    from ars_tui.app import make_app
    from storage.db import open_database
    from storage.demo import generate_demo

    database = open_database({str(tmp_path / "tui.db")!r})
    generate_demo(database.engine, records=20, ars_code="REU")

    async def main():
        app = make_app(database, user="test")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            print(app.export_screenshot())

    asyncio.run(main())
    """
    done = run_without_extras(code, tmp_path)
    assert done.returncode == 0, done.stderr
    screen = done.stdout.replace("&#160;", " ")
    assert "Tableau de bord" in screen
    assert "ARS La Réunion (REU)" in screen  # the figures, read from the demo base, are drawn


def test_the_server_only_modules_do_need_the_extras(tmp_path: Path) -> None:
    """SERVER_ONLY_MODULES lists no module that would import without them (no dead exemption)."""
    for name in sorted(SERVER_ONLY_MODULES):
        done = run_without_extras(f"import {name}\n", tmp_path)
        assert done.returncode != 0, name
        assert "ModuleNotFoundError" in done.stderr


@pytest.mark.parametrize(
    ("argv", "extra"),
    [
        (("serve", "--db", "{tmp}/central.db"), "serveur"),
        (("token", "list", "--db", "postgresql://ars@127.0.0.1:1/ars"), "serveur"),
        (("web", "--db", "{tmp}/web.db"), "web"),
    ],
)
def test_a_command_whose_extra_is_missing_says_what_to_install(
    tmp_path: Path, argv: tuple[str, ...], extra: str
) -> None:
    done = cli_without_extras(tmp_path, *(arg.format(tmp=tmp_path) for arg in argv))
    assert done.returncode == EXIT_MISSING_EXTRA
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert f"pip install 'ars-tui[{extra}]'" in lines[0]
    assert lines[0].startswith(f"ars-tui {argv[0]} : erreur : ")
    assert not (tmp_path / "web.db").exists()  # refused before anything is created


def test_the_token_commands_on_a_sqlite_server_base_need_no_extra(tmp_path: Path) -> None:
    done = cli_without_extras(tmp_path, "token", "list", "--db", str(tmp_path / "central.db"))
    assert done.returncode == EXIT_OK, done.stderr
