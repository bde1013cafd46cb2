"""Alembic migrations of the local database, applied on open.

The scripts live in ``versions/``; :func:`upgrade_to_head` runs them on a connection that is
already inside the caller's transaction, so a failed migration leaves the file as it was.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

MIGRATIONS_DIR = Path(__file__).parent


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade_to_head(connection: Connection, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (default: the newest), doing nothing when it is there."""
    target = head_revision() if revision == "head" else revision
    if current_revision(connection) == target:
        return
    command.upgrade(alembic_config(connection), target)
