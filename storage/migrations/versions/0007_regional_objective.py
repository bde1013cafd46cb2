"""Regional objectives: the targets an ARS sets itself (projet régional de santé).

National figures are dated references, never a territory's target; the dashboard compares a
territory with the objectives its ARS entered here. A new synced record type, one new table:
existing databases and their waiting outbox ops are untouched.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel.sql.sqltypes import AutoString

from storage.migrations.ddl import create_record_table, drop_record_table

revision = "0007"
down_revision = "0006"


def upgrade() -> None:
    create_record_table(
        "regional_objective",
        sa.Column("indicator", AutoString(length=40), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("source", AutoString(length=300), nullable=False),
        indexes=("indicator",),
    )


def downgrade() -> None:
    drop_record_table("regional_objective", "indicator")
