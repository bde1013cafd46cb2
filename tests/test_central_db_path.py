"""``--db`` of the server commands takes a plain file path as well as a URL."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ars_tui.central.db import normalize_url


def test_a_plain_path_is_a_sqlite_file(tmp_path: Path) -> None:
    assert normalize_url(str(tmp_path / "central.db")) == f"sqlite:///{tmp_path / 'central.db'}"
    assert normalize_url("sqlite:///x.db") == "sqlite:///x.db"
    assert normalize_url("postgresql://a:b@h/d") == "postgresql+psycopg://a:b@h/d"


def test_token_create_on_a_plain_path_creates_the_server_database(tmp_path: Path) -> None:
    path = tmp_path / "central.db"
    command = [sys.executable, "-m", "ars_tui", "token", "create", "--ars", "REU"]
    command += ["--name", "t1", "--db", str(path)]
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.strip()) >= 40
    assert path.exists()
