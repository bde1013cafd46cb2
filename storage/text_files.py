"""The French texts of every layer, read from the TOML file beside the module that offers them.

Each text module (``screens.text.*``, ``storage.vocabulary.*``, ``ars_tui.cli_text``,
``ars_tui.central.messages``) keeps its names: it loads its TOML once, at import, and puts every
key in its globals, so readers still write ``tx.NAME`` or ``voc.NAME``. TOML arrays become tuples
(the texts are constants, and code unpacks and compares them as tuples); tables stay dicts, in
the file's order.
"""

from __future__ import annotations

import os
import sys
import tomllib

#: What a text file may hold, recursively: str, tuple, dict (and bool/int inside them, e.g. a
#: column's width).
TextValue = str | int | bool | tuple["TextValue", ...] | dict[str, "TextValue"]


def _frozen(value: object) -> TextValue:
    if isinstance(value, list):
        return tuple(_frozen(item) for item in value)
    if isinstance(value, dict):
        return {key: _frozen(item) for key, item in value.items()}
    if isinstance(value, str | int | bool):
        return value
    raise TypeError(f"unexpected value in a text file: {type(value).__name__}")


def load_texts(package: str | None, file_name: str) -> dict[str, TextValue]:
    """The names and values of ``file_name``, a TOML file shipped in ``package``.

    Read through the package's loader, as ``pkgutil.get_data`` does (from a folder or a zip
    alike): ``importlib.resources`` would add its own imports to every start of the program.
    """
    assert package, "a text module loads its texts from its own package"
    module = sys.modules[package]  # importing a text module imports its package first
    assert module.__spec__ is not None and module.__spec__.loader is not None
    assert module.__file__ is not None
    path = os.path.join(os.path.dirname(module.__file__), file_name)
    source = module.__spec__.loader.get_data(path).decode("utf-8")
    return {name: _frozen(value) for name, value in tomllib.loads(source).items()}
