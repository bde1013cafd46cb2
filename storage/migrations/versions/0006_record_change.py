"""The history that syncs: one ``record_change`` record per edit, carried like any record.

Existing databases gain an empty table; their local history (``history_entry``) stays as it is
and keeps showing on the device that wrote it.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

from storage.migrations.ddl import create_record_table, drop_record_table

revision = "0006"
down_revision = "0004"


def upgrade() -> None:
    create_record_table(
        "record_change",
        sa.Column("entity", AutoString(length=40), nullable=False),
        sa.Column("entity_id", AutoString(length=36), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("author", AutoString(length=120), nullable=False),
        sa.Column("changes", AutoString(), nullable=False),
        indexes=("entity_id",),
    )


def downgrade() -> None:
    drop_record_table("record_change", "entity_id")
