"""The history that syncs: one ``record_change`` record per edit, carried like any record.

Existing databases gain an empty table; their local history (``history_entry``) stays as it is
and keeps showing on the device that wrote it.

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0006"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "record_change",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("ars_code", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("entity", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("entity_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("author", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("changes", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(["ars_code"], ["ars.code"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("record_change", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_record_change_ars_code"), ["ars_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_record_change_entity_id"), ["entity_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("record_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_record_change_entity_id"))
        batch_op.drop_index(batch_op.f("ix_record_change_ars_code"))
    op.drop_table("record_change")
