"""The French text, split by the layer that reads it (issue 14), stays text.

- The texts are data: a TOML file beside each text module of ``storage.vocabulary`` (what
  storage says), ``screens.text`` (the TUI), ``ars_tui.cli_text`` (the command line) and
  ``ars_tui.central.messages`` (the server). Every file loads, holds only text (str, tuples and
  tables of str, a column's width), ships in the wheel, and its module offers every key.
- The modules import nothing but the standard ``datetime``, the loader and one another: no rule,
  no UI, no database.
- The two packages re-export their modules' names (``voc.NAME``, ``tx.NAME``): a name defined
  in two files of one layer would silently hide one of them, so none is.
- Now that names are data, a typo in ``tx.NAME`` would only fail when that line runs: every
  ``tx.``, ``voc.``, ``cli_tx.`` and ``srv_tx.`` name the code reads exists in its layer.
- Each file stays under 600 lines.
"""

from __future__ import annotations

import ast
import fnmatch
import importlib
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

from storage.text_files import load_texts

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("storage/vocabulary", "screens/text")
MODULES = ("ars_tui/cli_text.py", "ars_tui/central/messages.py")
TEXT_MODULES = (
    "storage.vocabulary",
    "screens.text",
    "ars_tui.cli_text",
    "ars_tui.central.messages",
)
#: The alias each layer is read through (``from screens import text as tx``...) -> the layer.
ALIASES = {
    "voc": ("from storage import vocabulary as voc", "storage.vocabulary"),
    "tx": ("from screens import text as tx", "screens.text"),
    "cli_tx": ("from ars_tui import cli_text as cli_tx", "ars_tui.cli_text"),
    "srv_tx": ("from ars_tui.central import messages as srv_tx", "ars_tui.central.messages"),
}
#: Where code reading the texts lives.
CODE_FOLDERS = ("ars_tui", "screens", "storage", "tests", "bench")


def _text_files() -> list[Path]:
    files = [path for package in PACKAGES for path in sorted((ROOT / package).glob("*.py"))]
    return files + [ROOT / module for module in MODULES]


def _toml_files() -> list[Path]:
    files = [path for package in PACKAGES for path in sorted((ROOT / package).glob("*.toml"))]
    return files + [(ROOT / module).with_suffix(".toml") for module in MODULES]


def _module_of(path: Path) -> ModuleType:
    """The module a text file belongs to (``screens/text/keys.toml`` -> ``screens.text.keys``)."""
    return importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _top_level_names(path: Path) -> set[str]:
    """The public names a text module defines: its TOML's keys and its own code's."""
    names: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names |= {target.id for target in node.targets if isinstance(target, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    toml = path.with_suffix(".toml")
    if toml.exists():
        names |= set(tomllib.loads(toml.read_text(encoding="utf-8")))
    return {name for name in names if not name.startswith("_")}


def _is_text(value: object) -> bool:
    if isinstance(value, str):
        return True
    if isinstance(value, tuple):
        return all(_is_text(item) or isinstance(item, int) for item in value)
    if isinstance(value, dict):
        return all(isinstance(key, str) and _is_text(item) for key, item in value.items())
    return False


def test_every_text_module_has_its_toml_and_every_toml_its_module() -> None:
    modules = {path.with_suffix("") for path in _text_files() if path.name != "__init__.py"}
    tomls = {path.with_suffix("") for path in _toml_files() if path.exists()}
    assert len(tomls) > 10  # the files were found, not an empty list
    assert tomls == modules


@pytest.mark.parametrize("path", _toml_files(), ids=lambda path: str(path.relative_to(ROOT)))
def test_every_toml_loads_text_that_its_module_offers(path: Path) -> None:
    module = _module_of(path)
    texts = load_texts(module.__package__, path.name)
    assert texts, path
    wrong = sorted(name for name, value in texts.items() if not _is_text(value))
    assert wrong == []
    assert sorted(name for name in texts if not name.isupper()) == []
    for name, value in texts.items():
        offered = getattr(module, name)
        if isinstance(value, dict):
            # A table the module completes in code (CHOICES, OS_REASONS...) keeps every entry.
            assert {key: offered[key] for key in value} == value, name
        else:
            assert offered == value, name


def test_text_modules_import_only_text() -> None:
    files = _text_files()
    assert len(files) > 4  # the packages' modules were found, not an empty list
    allowed = {"__future__", "datetime", "storage.text_files"}
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            name
            for name in _imports(path)
            if name not in allowed and not name.startswith(TEXT_MODULES)
        )
        for path in files
    }
    assert {path: names for path, names in offenders.items() if names} == {}


@pytest.mark.parametrize("package", PACKAGES)
def test_no_name_is_defined_twice_in_a_package(package: str) -> None:
    seen: dict[str, str] = {}
    twice = []
    for path in sorted((ROOT / package).glob("*.py")):
        for name in _top_level_names(path):
            if name in seen:
                twice.append((name, seen[name], path.name))
            seen[name] = path.name
    assert seen, package
    assert twice == []
    # And the package really offers every name of its modules.
    facade = importlib.import_module(package.replace("/", "."))
    assert set(seen) <= set(vars(facade))


def test_every_text_name_the_code_reads_exists() -> None:
    """``tx.NAME`` and the like (in the code, f-strings included, not in docstrings), wherever a
    file imports the layer under that alias."""
    missing = []
    read = 0
    for folder in CODE_FOLDERS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            source = path.read_text(encoding="utf-8")
            attributes = [
                (node.value.id, node.attr)
                for node in ast.walk(ast.parse(source))
                if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
            ]
            for alias, (import_line, layer) in ALIASES.items():
                if import_line not in source:
                    continue
                module = importlib.import_module(layer)
                for name in {attr for owner, attr in attributes if owner == alias}:
                    read += 1
                    if not hasattr(module, name):
                        missing.append(f"{path.relative_to(ROOT)}: {alias}.{name}")
    assert read > 500  # the readers were found
    assert missing == []


def _glob_matches(path: str, pattern: str) -> bool:
    """setuptools' glob: ``*`` stays within one folder (fnmatch alone would cross ``/``)."""
    parts, wanted = path.split("/"), pattern.split("/")
    return len(parts) == len(wanted) and all(map(fnmatch.fnmatch, parts, wanted))


def test_the_text_files_ship_in_the_package() -> None:
    """``pyproject.toml``'s package-data takes every TOML of the texts into the wheel."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    package_data: dict[str, list[str]] = pyproject["tool"]["setuptools"]["package-data"]
    left_out = []
    for path in _toml_files():
        relative = path.relative_to(ROOT)
        inside = str(relative.relative_to(relative.parts[0]))
        patterns = package_data.get(relative.parts[0], [])
        if not any(_glob_matches(inside, pattern) for pattern in patterns):
            left_out.append(str(relative))
    assert left_out == []


def test_text_modules_stay_small() -> None:
    sizes = {
        str(path.relative_to(ROOT)): len(path.read_text(encoding="utf-8").splitlines())
        for path in [*_text_files(), *_toml_files()]
    }
    assert {path: size for path, size in sizes.items() if size >= 600} == {}
