"""The French text, split by the layer that reads it (issue 14), stays text.

- ``storage.vocabulary`` (what storage says), ``screens.text`` (the TUI), ``ars_tui.cli_text``
  (the command line) and ``ars_tui.central.messages`` (the server) import nothing but the
  standard ``datetime`` and one another: no rule, no UI, no database.
- The two packages re-export their modules' names (``voc.NAME``, ``tx.NAME``): a name defined
  in two modules of one package would silently hide one of them, so none is.
- Each module stays under 600 lines.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("storage/vocabulary", "screens/text")
MODULES = ("ars_tui/cli_text.py", "ars_tui/central/messages.py")
TEXT_MODULES = (
    "storage.vocabulary",
    "screens.text",
    "ars_tui.cli_text",
    "ars_tui.central.messages",
)


def _text_files() -> list[Path]:
    files = [path for package in PACKAGES for path in sorted((ROOT / package).glob("*.py"))]
    return files + [ROOT / module for module in MODULES]


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _top_level_names(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names |= {target.id for target in node.targets if isinstance(target, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def test_text_modules_import_only_text() -> None:
    files = _text_files()
    assert len(files) > 4  # the packages' modules were found, not an empty list
    allowed = {"__future__", "datetime"}
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
    assert {name for name in seen if not name.startswith("_")} <= set(vars(facade))


def test_text_modules_stay_small() -> None:
    sizes = {
        str(path.relative_to(ROOT)): len(path.read_text(encoding="utf-8").splitlines())
        for path in _text_files()
    }
    assert {path: size for path, size in sizes.items() if size >= 600} == {}
