"""Accent-free search keys on professionals, installation projects, MSP projects and communes.

Filtering "reunion" must find "La Réunion", and SQLite's LIKE only folds ASCII case: each
searchable table gets a normalised ``search_key`` column, filled here for the rows already there.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.text import search_key

revision = "0002"
down_revision = "0001"

#: table -> the columns whose text makes up its search key (same order as the store uses).
SEARCHABLE = {
    "professional": ("last_name", "first_name", "rpps"),
    "installation_project": ("localite", "referent"),
    "msp_project": ("name", "sponsor_name"),
    "commune": ("name", "code"),
}


def upgrade() -> None:
    bind = op.get_bind()
    for table, columns in SEARCHABLE.items():
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(
                sa.Column("search_key", sa.String(), nullable=False, server_default="")
            )
            batch_op.create_index(f"ix_{table}_search_key", ["search_key"], unique=False)
        key_column = "code" if table == "commune" else "id"
        rows = bind.execute(
            sa.text(f"SELECT {key_column}, {', '.join(columns)} FROM {table}")
        ).all()
        if rows:
            bind.execute(
                sa.text(f"UPDATE {table} SET search_key = :key WHERE {key_column} = :id"),
                [{"id": row[0], "key": search_key(*row[1:])} for row in rows],
            )


def downgrade() -> None:
    for table in SEARCHABLE:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_index(f"ix_{table}_search_key")
            batch_op.drop_column("search_key")
