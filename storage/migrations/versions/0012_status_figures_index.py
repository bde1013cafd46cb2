"""A covering index for the dashboard's first figures (projects by status of a territory).

The count of projects by status of an ARS read every row of ``installation_project`` (about
0.15 s on 100,000 projects); with an index holding the four columns it reads (ARS, tombstone,
status, commune), SQLite answers from the index alone. No data changes.

Revision ID: 0012
Revises: 0007
Create Date: 2026-12-05
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0007"
branch_labels = None
depends_on = None

INDEX = "ix_installation_project_status_figures"


def upgrade() -> None:
    op.create_index(
        INDEX,
        "installation_project",
        ["ars_code", "deleted", "status", "commune_code"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(INDEX, table_name="installation_project")
