"""House rules of the tree outside the packages: what bench/ may import, how long a module may be.

- ``bench/`` measures the package and imports nothing from ``tests/`` (a benchmark must not
  depend on test fixtures, nor break when a test helper changes): not at module level, not
  inside a function, not through ``importlib``.
- No module of ``tests/``, ``bench/`` or ``storage/migrations/`` is over 600 lines: a newcomer
  reads one module at a time.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 600
#: Modules allowed over the limit for a while, each with its reason (none today).
TOO_LONG_FOR_NOW: set[str] = set()


def imported_modules(source: str) -> set[str]:
    """Every module an import statement names, plus every ``import_module("...")`` string."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.add(node.args[0].value)
    return names


def test_imported_modules_sees_every_way_in() -> None:
    source = (
        "import tests.support\n"
        "def f():\n    from tests.support.convergence import World\n"
        "importlib.import_module('tests.test_x')\n"
    )
    assert imported_modules(source) == {
        "tests.support",
        "tests.support.convergence",
        "tests.test_x",
    }


@pytest.mark.parametrize("path", sorted(ROOT.glob("bench/**/*.py")), ids=lambda p: p.name)
def test_bench_imports_nothing_from_tests(path: Path) -> None:
    names = imported_modules(path.read_text(encoding="utf-8"))
    assert not {name for name in names if name.split(".")[0] == "tests"}


def _modules_to_keep_short() -> list[Path]:
    folders = ("tests", "bench", "storage/migrations")
    return sorted(path for folder in folders for path in (ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("path", _modules_to_keep_short(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_is_over_600_lines(path: Path) -> None:
    name = path.relative_to(ROOT).as_posix()
    lines = len(path.read_text(encoding="utf-8").splitlines())
    if name in TOO_LONG_FOR_NOW:
        assert lines > MAX_LINES, f"{name} is short now: take it off TOO_LONG_FOR_NOW"
    else:
        assert lines <= MAX_LINES, f"{name}: {lines} lines"
