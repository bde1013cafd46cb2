"""Regional objectives: the targets an ARS sets itself (projet régional de santé).

National figures are dated references, never a territory's target; the dashboard compares a
territory with the objectives its ARS entered here. A new synced record type, one new table:
existing databases and their waiting outbox ops are untouched.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "regional_objective",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("ars_code", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("indicator", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.ForeignKeyConstraint(["ars_code"], ["ars.code"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("regional_objective", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_regional_objective_ars_code"), ["ars_code"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_regional_objective_indicator"), ["indicator"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("regional_objective", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_regional_objective_indicator"))
        batch_op.drop_index(batch_op.f("ix_regional_objective_ars_code"))
    op.drop_table("regional_objective")
