"""Official files in: MSP kinds, CPTS FINESS, places of practice, annuaire imports.

- ``msp_project.kind``: "msp" or "centre_sante" (a FINESS import brings centres de santé, which
  are followed like MSP); every existing project is an MSP.
- ``cpts.finess``: what a FINESS import matches a CPTS by.
- ``professional.practice_places``: the places of practice read from the Annuaire Santé.
- ``annuaire_import`` / ``annuaire_presence`` / ``annuaire_change``: the device's memory of its
  annuaire imports, from which "Installations détectées" are listed (device-only, not synced).

Nothing existing changes: outbox ops waiting in an older file are sent as they are.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0009"
down_revision = "0005"


def upgrade() -> None:
    with op.batch_alter_table("msp_project", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "kind",
                sqlmodel.sql.sqltypes.AutoString(length=20),
                nullable=False,
                server_default="msp",
            )
        )
    with op.batch_alter_table("cpts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("finess", sqlmodel.sql.sqltypes.AutoString(length=9), nullable=True)
        )
    with op.batch_alter_table("professional", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("practice_places", sqlmodel.sql.sqltypes.AutoString(), nullable=True)
        )
    op.create_table(
        "annuaire_import",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ars_code", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("imported_on", sa.Date(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("lines", sa.Integer(), nullable=False),
        sa.Column("professionals", sa.Integer(), nullable=False),
        sa.Column("baseline", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "annuaire_presence",
        sa.Column("ars_code", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("rpps", sqlmodel.sql.sqltypes.AutoString(length=11), nullable=False),
        sa.Column("professional_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("communes", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("ars_code", "rpps"),
    )
    op.create_table(
        "annuaire_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("professional_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("commune_code", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=True),
        sa.Column("previous_commune", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=True),
        sa.Column("project_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
        sa.ForeignKeyConstraint(["import_id"], ["annuaire_import.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("annuaire_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_annuaire_change_import_id"), ["import_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("annuaire_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_annuaire_change_import_id"))
    op.drop_table("annuaire_change")
    op.drop_table("annuaire_presence")
    op.drop_table("annuaire_import")
    with op.batch_alter_table("professional", schema=None) as batch_op:
        batch_op.drop_column("practice_places")
    with op.batch_alter_table("cpts", schema=None) as batch_op:
        batch_op.drop_column("finess")
    with op.batch_alter_table("msp_project", schema=None) as batch_op:
        batch_op.drop_column("kind")
