"""The first migration builds the schema it always built: a released migration never changes.

``tests/data/schema_0001.txt`` is what revision 0001 left in ``sqlite_master`` when it was
released (every table and index, in creation order, as SQLite stores their ``CREATE``
statements). Refactoring the script (storage/migrations/ddl.py helpers) must leave it equal.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, text

from storage.migrations import alembic_config

FROZEN = Path(__file__).parent / "data" / "schema_0001.txt"


def schema_at(revision: str, path: Path) -> str:
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), revision)
            rows = connection.execute(
                text(
                    "SELECT type, name, tbl_name, sql FROM sqlite_master"
                    " WHERE tbl_name != 'alembic_version' ORDER BY rowid"
                )
            ).all()
    finally:
        engine.dispose()
    return "".join(f"-- {kind} {name} on {table}\n{sql};\n" for kind, name, table, sql in rows)


def test_revision_0001_builds_the_released_schema(tmp_path: Path) -> None:
    assert schema_at("0001", tmp_path / "first.db") == FROZEN.read_text(encoding="utf-8")
