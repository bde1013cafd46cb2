"""Where ars-tui keeps its files: the platform's usual places, or one folder for everything.

By default the locations are those of platformdirs for the app name ``ars-tui`` (on Linux
``~/.local/share/ars-tui``, ``~/.config/ars-tui``, ``~/.cache/ars-tui``,
``~/.local/state/ars-tui/log``).
Setting ``ARS_TUI_HOME`` moves every one of them under that folder at once (``HOME/data``,
``HOME/config``, ``HOME/cache``, ``HOME/log``): tests use it to keep the user's real files out
of reach, and a user can use it to carry a whole installation on a USB stick.

Every function reads the environment when called and creates nothing: the folders are made by
whoever writes in them (``storage.db.open_database`` makes the database's folder).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import platformdirs

APP_NAME = "ars-tui"
#: Environment variable that moves every location under one folder.
HOME_ENV = "ARS_TUI_HOME"
#: File name of the local database inside the data folder.
DATABASE_FILE = "ars-tui.db"


def _home() -> Path | None:
    value = os.environ.get(HOME_ENV, "").strip()
    return Path(value).expanduser() if value else None


def _place(folder: str, platform_path: Callable[..., Path]) -> Path:
    """``ARS_TUI_HOME/folder`` when it is set, else the platform's place for the app."""
    home = _home()
    return home / folder if home else platform_path(APP_NAME, appauthor=False)


def data_dir() -> Path:
    """The folder of the local database (the user's records)."""
    return _place("data", platformdirs.user_data_path)


def config_dir() -> Path:
    """The folder of the configuration file (server address, token...)."""
    return _place("config", platformdirs.user_config_path)


def cache_dir() -> Path:
    """The folder of files that can be rebuilt at will (benchmark databases, caches)."""
    return _place("cache", platformdirs.user_cache_path)


def log_dir() -> Path:
    """The folder of log files."""
    return _place("log", platformdirs.user_log_path)


def default_database_path() -> Path:
    """The database the app opens when no ``--db`` is given."""
    return data_dir() / DATABASE_FILE
