"""The localité of an aid or contract, and the drafts of unsaved forms.

- ``aid_contract.localite``: the aid form always showed a Localité beside the commune and
  silently dropped what was typed (the column was missing). Existing rows get none.
- ``form_draft``: what is typed in a form is kept as the user types, so that a crash or a
  closed terminal loses nothing; device-only, never synced.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0005"
down_revision = "0003"


def upgrade() -> None:
    with op.batch_alter_table("aid_contract") as batch_op:
        batch_op.add_column(
            sa.Column("localite", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True)
        )
    op.create_table(
        "form_draft",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("saved_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("fields", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )


def downgrade() -> None:
    op.drop_table("form_draft")
    with op.batch_alter_table("aid_contract") as batch_op:
        batch_op.drop_column("localite")
