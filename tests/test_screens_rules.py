"""How screens/ is built (issue 14): workers report with messages, no SQL in a screen, and a
section imports no other section (they share through ``screens.section`` and ``widgets``)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCREENS = ROOT / "screens"
SECTIONS = ("installations", "professionals", "contracts", "msp", "mcs", "missions")
SECTIONS += ("territories", "sync")


def _modules() -> list[tuple[str, ast.Module]]:
    found = [
        (path.relative_to(ROOT).as_posix(), ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted(SCREENS.rglob("*.py"))
    ]
    assert len(found) > 40  # the walk found the screens
    return found


def _type_checking_nodes(tree: ast.Module) -> set[int]:
    """ids of the nodes inside ``if TYPE_CHECKING:`` blocks (imports for annotations only)."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            inside.update(id(child) for statement in node.body for child in ast.walk(statement))
    return inside


def _imported(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.module:
        return [node.module]
    return []


def test_no_screen_reports_from_a_thread_with_call_from_thread() -> None:
    offenders = [
        f"{name}:{node.lineno}"
        for name, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "call_from_thread"
    ]
    assert offenders == [], "workers report with post_message (screens/workers.py)"


def test_no_screen_holds_sql() -> None:
    """SQLAlchemy only for annotations (Connection, Engine) and error types (sqlalchemy.exc);
    no ``execute`` in a screen: the queries are storage's."""
    offenders = []
    for name, tree in _modules():
        annotations_only = _type_checking_nodes(tree)
        for node in ast.walk(tree):
            modules = _imported(node)
            sql = any(m.split(".")[0] == "sqlalchemy" and m != "sqlalchemy.exc" for m in modules)
            if sql and id(node) not in annotations_only:
                offenders.append(f"{name}:{node.lineno} imports sqlalchemy")
            if isinstance(node, ast.Attribute) and node.attr == "execute":
                offenders.append(f"{name}:{node.lineno} executes SQL")
    assert offenders == []


def test_a_section_imports_no_other_section() -> None:
    offenders = []
    for name, tree in _modules():
        parts = name.split("/")
        if len(parts) < 3 or parts[1] not in SECTIONS:
            continue
        own = parts[1]
        for node in ast.walk(tree):
            for module in _imported(node):
                words = module.split(".")
                other = len(words) > 1 and words[0] == "screens" and words[1] in SECTIONS
                if other and words[1] != own:
                    offenders.append(f"{name}:{node.lineno} imports {module}")
    assert offenders == []
