"""Files and secrets: the databases (device and ``central.db``) are made readable by their owner
only, in a folder of their own; the token can be given on standard input, so that it appears
neither in ``ps`` nor in the shell's history."""

from __future__ import annotations

import io
import os
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest

from ars_tui import cli, config
from ars_tui.central.db import init_schema, make_central_engine
from storage.db import open_database
from tests.support.central_server import ars_tui_command

TOKEN = "tok-0123456789-abcdefghijklmnopqrstuvwxyz"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def wide_umask() -> Any:
    """The usual umask (022): what SQLite alone would turn into a 0644 file."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_a_new_device_database_is_0600_in_a_0700_folder(tmp_path: Path, wide_umask: Any) -> None:
    path = tmp_path / "donnees" / "ars" / "appareil.db"
    database = open_database(path)
    try:
        with database.engine.begin() as connection:  # a write: the -wal and -shm are there
            connection.exec_driver_sql("CREATE TABLE probe (x)")
        files = [path, *(Path(f"{path}{s}") for s in ("-wal", "-shm"))]
        assert {p.name: _mode(p) for p in files if p.exists()} == {
            p.name: 0o600 for p in files if p.exists()
        }
        assert Path(f"{path}-wal").exists()
        assert _mode(path.parent) == 0o700
        assert _mode(path.parent.parent) == 0o700
    finally:
        database.dispose()


def test_an_existing_folder_keeps_its_mode(tmp_path: Path, wide_umask: Any) -> None:
    tmp_path.chmod(0o755)
    database = open_database(tmp_path / "base.db")
    database.dispose()
    assert _mode(tmp_path) == 0o755
    assert _mode(tmp_path / "base.db") == 0o600


def test_the_central_database_is_0600_in_a_0700_folder(tmp_path: Path, wide_umask: Any) -> None:
    path = tmp_path / "serveur" / "central.db"
    engine = make_central_engine(f"sqlite:///{path}")
    try:
        init_schema(engine)
    finally:
        engine.dispose()
    assert _mode(path) == 0o600
    assert _mode(path.parent) == 0o700
    for suffix in ("-wal", "-shm"):
        if Path(f"{path}{suffix}").exists():
            assert _mode(Path(f"{path}{suffix}")) == 0o600


def test_the_default_databases_are_private(ars_tui_home: Path, wide_umask: Any) -> None:
    """``ars-tui token list`` makes central.db in the default data folder: both private."""
    done = subprocess.run(
        ars_tui_command("token", "list"),
        capture_output=True,
        text=True,
        env={**os.environ, "ARS_TUI_HOME": str(ars_tui_home)},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    [central] = list(ars_tui_home.rglob("central.db"))
    assert _mode(central) == 0o600 and _mode(central.parent) == 0o700


def test_config_set_token_dash_reads_standard_input(
    monkeypatch: Any, capsys: Any, ars_tui_home: Path
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{TOKEN}\n"))
    assert cli.main(["config", "set", "token", "-"]) == 0
    assert config.read_config()["token"] == TOKEN
    out, _err = capsys.readouterr()
    assert TOKEN not in out and TOKEN[:4] in out  # masked, as ever


def test_config_set_token_dash_at_a_terminal_asks_without_echo(
    monkeypatch: Any, ars_tui_home: Path
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    asked: list[str] = []
    monkeypatch.setattr("sys.stdin", Terminal(""))
    monkeypatch.setattr("getpass.getpass", lambda prompt: asked.append(prompt) or TOKEN)
    assert cli.main(["config", "set", "token", "-"]) == 0
    assert config.read_config()["token"] == TOKEN
    assert asked and "ne s'affiche pas" in asked[0]


def test_config_set_token_dash_refuses_an_empty_input(
    monkeypatch: Any, capsys: Any, ars_tui_home: Path
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert cli.main(["config", "set", "token", "-"]) == 2
    assert "ne peut pas être vide" in capsys.readouterr().err
    assert "token" not in config.read_config()


def test_the_token_piped_in_never_shows_in_the_command_line(
    ars_tui_home: Path, tmp_path: Path
) -> None:
    """The real command, as a person runs it: the token is not among its arguments."""
    command = ars_tui_command("config", "set", "token", "-")
    done = subprocess.run(
        command,
        input=f"{TOKEN}\n",
        capture_output=True,
        text=True,
        env={**os.environ, "ARS_TUI_HOME": str(ars_tui_home)},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert TOKEN not in " ".join(command) and TOKEN not in done.stdout
    assert config.read_config()["token"] == TOKEN
    assert _mode(config.config_path()) == 0o600


def test_sync_token_option_is_documented_as_the_less_safe_way() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert "config set token -" in readme
    assert "`sync --token JETON` sont la manière la moins sûre" in readme
