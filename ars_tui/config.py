"""The configuration file: who uses this device, which central endpoint it syncs with, its token.

``paths.config_dir() / "config.toml"``::

    nom = "Marie Payet"              # the correspondent: the author of every edit
    courriel = "marie.payet@ars.sante.fr"
    server = "https://ars-sync.example.fr"
    token = "…"

The token opens the region's records: the file is created readable by its owner only (mode
0600, set when the file is made, never a moment wider), and rewritten the same way.

Where a value comes from, first found wins: the command-line flag (``--server``, ``--token``),
then the environment (``ARS_TUI_SERVER``, ``ARS_TUI_TOKEN``), then the file.
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ars_tui import cli_text as cli_tx
from ars_tui import paths
from storage import vocabulary as voc

CONFIG_FILE = "config.toml"
SERVER_ENV = "ARS_TUI_SERVER"
TOKEN_ENV = "ARS_TUI_TOKEN"
#: The correspondent's name, replacing the file's ``nom`` (tests, shared kiosks).
NAME_ENV = "ARS_TUI_NOM"
NAME_KEY, EMAIL_KEY = "nom", "courriel"
#: Keys ``ars-tui config set`` accepts.
KEYS: tuple[str, ...] = ("server", "token", NAME_KEY, EMAIL_KEY)
#: Longest name: it is the author of edits (120 characters on the server, with the device's name).
MAX_NAME_LENGTH = 80
#: Name recorded as the author of edits when the login name cannot be read.
UNKNOWN_USER = "inconnu"
FILE_MODE = 0o600


class ConfigError(Exception):
    """The file cannot be read or the value is refused (French message)."""


def config_path() -> Path:
    return paths.config_dir() / CONFIG_FILE


def read_config(path: Path | None = None) -> dict[str, str]:
    """The file's string values (an absent file is an empty configuration)."""
    path = path or config_path()
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(cli_tx.CONFIG_UNREADABLE.format(path=path, reason=error)) from None
    return {key: value for key, value in data.items() if isinstance(value, str)}


def write_setting(key: str, value: str, path: Path | None = None) -> Path:
    """Set ``key`` to ``value`` in the file (other keys kept); returns the file's path."""
    if key not in KEYS:
        raise ConfigError(cli_tx.CONFIG_UNKNOWN_KEY.format(key=key, keys=", ".join(KEYS)))
    value = value.strip()
    if not value:
        raise ConfigError(cli_tx.CONFIG_EMPTY_VALUE.format(key=key))
    if key == "server" and not value.startswith(("http://", "https://")):
        raise ConfigError(cli_tx.CONFIG_BAD_SERVER.format(value=value))
    if key == NAME_KEY:
        value = " ".join(value.split())
        if len(value) > MAX_NAME_LENGTH:
            raise ConfigError(cli_tx.CONFIG_NAME_TOO_LONG.format(max_length=MAX_NAME_LENGTH))
    if key == EMAIL_KEY:
        from storage.records.validation import is_valid_email

        if not is_valid_email(value):
            raise ConfigError(voc.CONFIG_BAD_EMAIL)
    path = path or config_path()
    values = read_config(path)
    values[key] = value.rstrip("/") if key == "server" else value
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written beside, with 0600 from the start, then moved over: a crash never leaves half a file.
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.unlink(missing_ok=True)
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        # A JSON string (ASCII, \uXXXX escapes) is a valid TOML basic string.
        handle.writelines(f"{name} = {json.dumps(values[name])}\n" for name in sorted(values))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    os.chmod(path, FILE_MODE)
    return path


@dataclass(frozen=True)
class SyncConfig:
    server: str | None
    token: str | None

    @property
    def complete(self) -> bool:
        return bool(self.server and self.token)


def resolve(server: str | None = None, token: str | None = None) -> SyncConfig:
    """Server and token: flags, else environment, else the file."""
    file: dict[str, str] = {}
    if not (server and token):
        file = read_config()
    return SyncConfig(
        server=(server or os.environ.get(SERVER_ENV) or file.get("server") or None),
        token=(token or os.environ.get(TOKEN_ENV) or file.get("token") or None),
    )


def correspondent_name() -> str | None:
    """The name set with ``ars-tui config set nom`` or ``ARS_TUI_NOM`` (None before the set-up)."""
    if name := " ".join(os.environ.get(NAME_ENV, "").split()):
        return name
    try:
        return read_config().get(NAME_KEY) or None
    except ConfigError:
        return None


def current_user() -> str:
    """The correspondent's configured name, else the login name of the person at the terminal:
    the author of edits made without the TUI (``ars-tui import``)."""
    import getpass

    if name := correspondent_name():
        return name
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no USER variable and no passwd entry (some containers)
        return UNKNOWN_USER


def mask_token(token: str | None) -> str:
    """A token as ``config show`` prints it: its first 4 characters, the rest hidden."""
    if not token:
        return cli_tx.CONFIG_NOT_SET
    return cli_tx.CONFIG_TOKEN_MASKED.format(start=token[:4], length=len(token))
