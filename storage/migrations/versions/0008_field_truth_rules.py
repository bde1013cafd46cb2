"""Field truth: the dates of a CESP (signature, end of the allowance, start of practice) and the
ARS's own additions to a zonage.

``aid_contract`` gains ``signed_date`` (every contract: a PTMG signed after the CDE replaced it is
refused), ``allowance_end_date`` and ``practice_start_date`` (CESP: the commitment runs from the
start of practice); ``zoning_entry`` gains ``retained_by_ars`` (a territory the ARS retained
itself). New nullable columns (and a false flag): existing rows and the outbox stay as they are.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0009"


def upgrade() -> None:
    with op.batch_alter_table("aid_contract", schema=None) as batch_op:
        batch_op.add_column(sa.Column("signed_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("allowance_end_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("practice_start_date", sa.Date(), nullable=True))
    with op.batch_alter_table("zoning_entry", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("retained_by_ars", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("zoning_entry", schema=None) as batch_op:
        batch_op.drop_column("retained_by_ars")
    with op.batch_alter_table("aid_contract", schema=None) as batch_op:
        batch_op.drop_column("practice_start_date")
        batch_op.drop_column("allowance_end_date")
        batch_op.drop_column("signed_date")
