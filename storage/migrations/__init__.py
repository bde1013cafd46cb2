"""Alembic migrations of the local database, applied on open.

The scripts live in ``versions/``; :func:`upgrade_to_head` runs them on a connection that is
already inside the caller's transaction, so a failed migration leaves the file as it was.

Every start opens an up-to-date database: that path reads the stored revision with one SELECT and
compares it with :data:`HEAD_REVISION`, without importing Alembic (about 0.3 s on a slow laptop).
A test keeps the constant equal to the newest script's revision.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Connection

MIGRATIONS_DIR = Path(__file__).parent
#: Revision of the newest script in versions/ (tests/test_migrations.py checks it).
HEAD_REVISION = "0012"


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest revision, as Alembic reads it from the scripts."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at (None for a new, empty file)."""
    has_table = connection.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).first()
    if has_table is None:
        return None
    return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def upgrade_to_head(connection: Connection, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (default: the newest), doing nothing when it is there."""
    target = HEAD_REVISION if revision == "head" else revision
    if current_revision(connection) == target:
        return
    from alembic import command

    command.upgrade(alembic_config(connection), target)
