"""The user's own keys: ``keys.toml`` in the configuration folder remaps bindings by their id.

Every binding of the app carries an id (``section.installations``, ``list.next_page``,
``record.edit``...; F1 lists them all). A file ``<config>/keys.toml`` such as::

    [keys]
    "section.installations" = "f2"
    "record.edit" = "ctrl+e,e"

is read once when the app starts and handed to Textual's keymap (``App.set_keymap``): each
listed binding answers to the given key(s) instead of its own. A missing file changes nothing;
a malformed one is reported (in French) and ignored, never fatal.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from ars_tui import paths
from screens import text as tx

KEYS_FILE = "keys.toml"


class KeymapError(ValueError):
    """The keys file cannot be used; ``str()`` says why (French)."""


def keys_file() -> Path:
    return paths.config_dir() / KEYS_FILE


def read_keymap(path: Path) -> dict[str, str]:
    """binding id -> key(s) from ``path``; empty when the file does not exist."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as error:
        raise KeymapError(tx.KEYS_UNREADABLE.format(reason=type(error).__name__)) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        raise KeymapError(tx.KEYS_BAD_TOML) from None
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        raise KeymapError(tx.KEYS_BAD_TABLE)
    keymap = {}
    for binding_id, key in keys.items():
        if not isinstance(key, str) or not key.strip():
            raise KeymapError(tx.KEYS_BAD_VALUE.format(binding=binding_id))
        keymap[binding_id] = key.strip()
    return keymap
