"""Sync state on the device: the shadow of the server's records, the sync log, and the records
a full re-download (after purged tombstones) has not sent again yet.

The pull cursor lives in ``local_setting`` (key ``sync_cursor``), written in the same transaction
as the shadow rows it covers. Existing databases gain two empty tables; nothing else changes, so
the outbox ops waiting in an older file are sent as they are.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

from storage.migrations.ddl import create_indexes, drop_indexes

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.create_table(
        "sync_shadow",
        sa.Column("entity", AutoString(length=40), nullable=False),
        sa.Column("entity_id", AutoString(length=36), nullable=False),
        sa.Column("ars_code", AutoString(length=3), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("server_seq", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("data", AutoString(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("updated_by", AutoString(length=120), nullable=False),
        sa.PrimaryKeyConstraint("entity", "entity_id"),
    )
    create_indexes("sync_shadow", "server_seq")
    op.create_table(
        "sync_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("kind", AutoString(length=20), nullable=False),
        sa.Column("summary", AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "sync_resync_pending",
        sa.Column("entity", AutoString(length=40), nullable=False),
        sa.Column("entity_id", AutoString(length=36), nullable=False),
        sa.PrimaryKeyConstraint("entity", "entity_id"),
    )


def downgrade() -> None:
    op.drop_table("sync_resync_pending")
    op.drop_table("sync_log")
    drop_indexes("sync_shadow", "server_seq")
    op.drop_table("sync_shadow")
