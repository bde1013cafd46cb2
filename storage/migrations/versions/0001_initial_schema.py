"""Initial schema: reference territories, every record type, outbox, history, settings.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ars",
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("region_code", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=True),
        sa.Column("active_from", sa.Date(), nullable=False),
        sa.Column("active_to", sa.Date(), nullable=True),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "epci",
        sa.Column("siren", sqlmodel.sql.sqltypes.AutoString(length=9), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("nature", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.PrimaryKeyConstraint("siren"),
    )
    op.create_table(
        "history_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("entity_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("op_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("user", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("field", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("old_value", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("new_value", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("history_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_history_entry_entity_id"), ["entity_id"], unique=False)

    op.create_table(
        "local_setting",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "national_indicator",
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("label", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("code", "year", "kind"),
    )
    op.create_table(
        "outbox_op",
        sa.Column("op_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("entity", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("entity_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("fields", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("base", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("ars_code", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("client_time", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("user", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("server_seq", sa.Integer(), nullable=True),
        sa.Column("result", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.PrimaryKeyConstraint("op_id"),
    )
    with op.batch_alter_table("outbox_op", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_op_entity_id"), ["entity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_outbox_op_seq"), ["seq"], unique=True)
        batch_op.create_index(batch_op.f("ix_outbox_op_state"), ["state"], unique=False)

    op.create_table(
        "region",
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "departement",
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("region_code", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["region.code"],
        ),
        sa.PrimaryKeyConstraint("code"),
    )
    with op.batch_alter_table("departement", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_departement_region_code"), ["region_code"], unique=False
        )

    op.create_table(
        "follow_up",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("ars_code", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("entity", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("entity_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("summary", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("next_action", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("next_action_due", sa.Date(), nullable=True),
        sa.Column("author", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.ForeignKeyConstraint(
            ["ars_code"],
            ["ars.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_follow_up_ars_code"), ["ars_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_follow_up_entity_id"), ["entity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_follow_up_event_date"), ["event_date"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_follow_up_next_action_due"), ["next_action_due"], unique=False
        )

    op.create_table(
        "msp_project",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("ars_code", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
        sa.Column("sponsor_kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("sponsor_name", sqlmodel.sql.sqltypes.AutoString(length=160), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("health_themes", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("opening_date", sa.Date(), nullable=True),
        sa.Column("aci_signed_date", sa.Date(), nullable=True),
        sa.Column("referent", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(
            ["ars_code"],
            ["ars.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("msp_project", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_msp_project_ars_code"), ["ars_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_msp_project_status"), ["status"], unique=False)

    op.create_table(
        "priority_zone",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("ars_code", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("epci_siren", sqlmodel.sql.sqltypes.AutoString(length=9), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("population", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["ars_code"],
            ["ars.code"],
        ),
        sa.ForeignKeyConstraint(
            ["epci_siren"],
            ["epci.siren"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("priority_zone", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_priority_zone_ars_code"), ["ars_code"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_priority_zone_epci_siren"), ["epci_siren"], unique=False
        )

    op.create_table(
        "professional",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("ars_code", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("last_name", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("first_name", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("rpps", sqlmodel.sql.sqltypes.AutoString(length=11), nullable=True),
        sa.Column("profession", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("specialty", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.Column("situation", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("consent_date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["ars_code"],
            ["ars.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("professional", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_professional_ars_code"), ["ars_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_professional_rpps"), ["rpps"], unique=False)

    op.create_table(
        "zoning_order",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("ars_code", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("number", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("signed_date", sa.Date(), nullable=True),
        sa.Column("effective_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("profession", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("method", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(
            ["ars_code"],
            ["ars.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("zoning_order", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_zoning_order_ars_code"), ["ars_code"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_zoning_order_effective_date"), ["effective_date"], unique=False
        )

    op.create_table(
        "ars_departement",
        sa.Column("ars_code", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("departement_code", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.ForeignKeyConstraint(
            ["ars_code"],
            ["ars.code"],
        ),
        sa.ForeignKeyConstraint(
            ["departement_code"],
            ["departement.code"],
        ),
        sa.PrimaryKeyConstraint("ars_code", "departement_code"),
    )
    op.create_table(
        "commune",
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("departement_code", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("region_code", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column("epci_siren", sqlmodel.sql.sqltypes.AutoString(length=9), nullable=True),
        sa.Column("population", sa.Integer(), nullable=True),
        sa.Column("population_total", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["departement_code"],
            ["departement.code"],
        ),
        sa.ForeignKeyConstraint(
            ["epci_siren"],
            ["epci.siren"],
        ),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["region.code"],
        ),
        sa.PrimaryKeyConstraint("code"),
    )
    with op.batch_alter_table("commune", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_commune_departement_code"), ["departement_code"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_commune_epci_siren"), ["epci_siren"], unique=False)

    op.create_table(
        "mcs",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("ars_code", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("professional_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("samu_attachment", sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
        sa.Column("convention_date", sa.Date(), nullable=True),
        sa.Column("convention_number", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("availability", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(
            ["ars_code"],
            ["ars.code"],
        ),
        sa.ForeignKeyConstraint(
            ["professional_id"],
            ["professional.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("mcs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mcs_ars_code"), ["ars_code"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_mcs_professional_id"), ["professional_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_mcs_status"), ["status"], unique=False)

    op.create_table(
        "msp_funding",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("ars_code", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("msp_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("funder", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("decision_date", sa.Date(), nullable=True),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(
            ["ars_code"],
            ["ars.code"],
        ),
        sa.ForeignKeyConstraint(
            ["msp_id"],
            ["msp_project.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("msp_funding", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_msp_funding_ars_code"), ["ars_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_msp_funding_msp_id"), ["msp_id"], unique=False)

    op.create_table(
        "msp_staffing",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("ars_code", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("msp_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("profession", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("planned", sa.Integer(), nullable=False),
        sa.Column("present", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ars_code"],
            ["ars.code"],
        ),
        sa.ForeignKeyConstraint(
            ["msp_id"],
            ["msp_project.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("msp_id", "profession"),
    )
    with op.batch_alter_table("msp_staffing", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_msp_staffing_ars_code"), ["ars_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_msp_staffing_msp_id"), ["msp_id"], unique=False)

    op.create_table(
        "cpts",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("ars_code", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
        sa.Column("commune_code", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=True),
        sa.Column("population_covered", sa.Integer(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("signed_date", sa.Date(), nullable=True),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(
            ["ars_code"],
            ["ars.code"],
        ),
        sa.ForeignKeyConstraint(
            ["commune_code"],
            ["commune.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("cpts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cpts_ars_code"), ["ars_code"], unique=False)

    op.create_table(
        "installation_project",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("ars_code", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("professional_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("commune_code", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
        sa.Column("localite", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("practice_mode", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("first_contact_date", sa.Date(), nullable=False),
        sa.Column("planned_installation_date", sa.Date(), nullable=True),
        sa.Column("installation_date", sa.Date(), nullable=True),
        sa.Column("zoning_class", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=True),
        sa.Column("aids_requested", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("aids_obtained", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("referent", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("next_action", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("next_action_due", sa.Date(), nullable=True),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(
            ["ars_code"],
            ["ars.code"],
        ),
        sa.ForeignKeyConstraint(
            ["commune_code"],
            ["commune.code"],
        ),
        sa.ForeignKeyConstraint(
            ["professional_id"],
            ["professional.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("installation_project", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_installation_project_ars_code"), ["ars_code"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_installation_project_commune_code"), ["commune_code"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_installation_project_first_contact_date"),
            ["first_contact_date"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_installation_project_next_action_due"), ["next_action_due"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_installation_project_professional_id"), ["professional_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_installation_project_status"), ["status"], unique=False
        )

    op.create_table(
        "mcs_commune",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("ars_code", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("mcs_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("commune_code", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
        sa.Column("localite", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.ForeignKeyConstraint(
            ["ars_code"],
            ["ars.code"],
        ),
        sa.ForeignKeyConstraint(
            ["commune_code"],
            ["commune.code"],
        ),
        sa.ForeignKeyConstraint(
            ["mcs_id"],
            ["mcs.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("mcs_commune", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mcs_commune_ars_code"), ["ars_code"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_mcs_commune_commune_code"), ["commune_code"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_mcs_commune_mcs_id"), ["mcs_id"], unique=False)

    op.create_table(
        "mcs_equipment",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("ars_code", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("mcs_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("item", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("handed_over_date", sa.Date(), nullable=True),
        sa.Column("expiry_date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["ars_code"],
            ["ars.code"],
        ),
        sa.ForeignKeyConstraint(
            ["mcs_id"],
            ["mcs.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("mcs_equipment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mcs_equipment_ars_code"), ["ars_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_mcs_equipment_mcs_id"), ["mcs_id"], unique=False)

    op.create_table(
        "mcs_intervention",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("ars_code", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("mcs_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("intervention_date", sa.Date(), nullable=False),
        sa.Column("commune_code", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
        sa.Column("localite", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("smur_engaged", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ars_code"],
            ["ars.code"],
        ),
        sa.ForeignKeyConstraint(
            ["commune_code"],
            ["commune.code"],
        ),
        sa.ForeignKeyConstraint(
            ["mcs_id"],
            ["mcs.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("mcs_intervention", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mcs_intervention_ars_code"), ["ars_code"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_mcs_intervention_mcs_id"), ["mcs_id"], unique=False)

    op.create_table(
        "mcs_training",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("ars_code", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("mcs_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("training_date", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ars_code"],
            ["ars.code"],
        ),
        sa.ForeignKeyConstraint(
            ["mcs_id"],
            ["mcs.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("mcs_training", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mcs_training_ars_code"), ["ars_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_mcs_training_mcs_id"), ["mcs_id"], unique=False)

    op.create_table(
        "medical_assistant",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("ars_code", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("employer_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("commune_code", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
        sa.Column("contract_date", sa.Date(), nullable=True),
        sa.Column("fte", sa.Float(), nullable=False),
        sa.Column("underserved_area", sa.Boolean(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["ars_code"],
            ["ars.code"],
        ),
        sa.ForeignKeyConstraint(
            ["commune_code"],
            ["commune.code"],
        ),
        sa.ForeignKeyConstraint(
            ["employer_id"],
            ["professional.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("medical_assistant", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_medical_assistant_ars_code"), ["ars_code"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_medical_assistant_employer_id"), ["employer_id"], unique=False
        )

    op.create_table(
        "msp_site",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("ars_code", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("msp_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("commune_code", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
        sa.Column("localite", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("qpv", sa.Boolean(), nullable=False),
        sa.Column("finess", sqlmodel.sql.sqltypes.AutoString(length=9), nullable=True),
        sa.Column("is_main_site", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ars_code"],
            ["ars.code"],
        ),
        sa.ForeignKeyConstraint(
            ["commune_code"],
            ["commune.code"],
        ),
        sa.ForeignKeyConstraint(
            ["msp_id"],
            ["msp_project.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("msp_site", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_msp_site_ars_code"), ["ars_code"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_msp_site_commune_code"), ["commune_code"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_msp_site_msp_id"), ["msp_id"], unique=False)

    op.create_table(
        "solidarity_mission",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("ars_code", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("priority_zone_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("professional_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("host_kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("host_name", sqlmodel.sql.sqltypes.AutoString(length=160), nullable=True),
        sa.Column("commune_code", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("consultations", sa.Integer(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(
            ["ars_code"],
            ["ars.code"],
        ),
        sa.ForeignKeyConstraint(
            ["commune_code"],
            ["commune.code"],
        ),
        sa.ForeignKeyConstraint(
            ["priority_zone_id"],
            ["priority_zone.id"],
        ),
        sa.ForeignKeyConstraint(
            ["professional_id"],
            ["professional.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("solidarity_mission", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_solidarity_mission_ars_code"), ["ars_code"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_solidarity_mission_priority_zone_id"), ["priority_zone_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_solidarity_mission_professional_id"), ["professional_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_solidarity_mission_start_date"), ["start_date"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_solidarity_mission_status"), ["status"], unique=False)

    op.create_table(
        "teleconsultation_booth",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("ars_code", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("commune_code", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
        sa.Column("localite", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("site_kind", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("operator", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("cost_cents", sa.Integer(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("installed_date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["ars_code"],
            ["ars.code"],
        ),
        sa.ForeignKeyConstraint(
            ["commune_code"],
            ["commune.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("teleconsultation_booth", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_teleconsultation_booth_ars_code"), ["ars_code"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_teleconsultation_booth_commune_code"), ["commune_code"], unique=False
        )

    op.create_table(
        "urgent_care_coverage",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("ars_code", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("commune_code", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
        sa.Column("localite", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("population_beyond_30min", sa.Integer(), nullable=False),
        sa.Column("active_mcs", sa.Integer(), nullable=False),
        sa.Column("population_covered_by_mcs", sa.Integer(), nullable=False),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(
            ["ars_code"],
            ["ars.code"],
        ),
        sa.ForeignKeyConstraint(
            ["commune_code"],
            ["commune.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("urgent_care_coverage", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_urgent_care_coverage_ars_code"), ["ars_code"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_urgent_care_coverage_as_of"), ["as_of"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_urgent_care_coverage_commune_code"), ["commune_code"], unique=False
        )

    op.create_table(
        "zoning_entry",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("ars_code", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("order_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("commune_code", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
        sa.Column("zone_class", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("tvs_code", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("tvs_name", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.ForeignKeyConstraint(
            ["ars_code"],
            ["ars.code"],
        ),
        sa.ForeignKeyConstraint(
            ["commune_code"],
            ["commune.code"],
        ),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["zoning_order.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("order_id", "commune_code"),
    )
    with op.batch_alter_table("zoning_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_zoning_entry_ars_code"), ["ars_code"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_zoning_entry_commune_code"), ["commune_code"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_zoning_entry_order_id"), ["order_id"], unique=False)

    op.create_table(
        "aid_contract",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("ars_code", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("professional_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column(
            "installation_project_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True
        ),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("funder", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("commune_code", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("amount_cents", sa.Integer(), nullable=True),
        sa.Column("monthly_amount_cents", sa.Integer(), nullable=True),
        sa.Column("months_paid", sa.Integer(), nullable=True),
        sa.Column("guaranteed_monthly_income_cents", sa.Integer(), nullable=True),
        sa.Column("monthly_complement_cap_cents", sa.Integer(), nullable=True),
        sa.Column("consultations_per_month", sa.Integer(), nullable=True),
        sa.Column("half_days_per_week", sa.Integer(), nullable=True),
        sa.Column("secteur", sa.Integer(), nullable=True),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(
            ["ars_code"],
            ["ars.code"],
        ),
        sa.ForeignKeyConstraint(
            ["commune_code"],
            ["commune.code"],
        ),
        sa.ForeignKeyConstraint(
            ["installation_project_id"],
            ["installation_project.id"],
        ),
        sa.ForeignKeyConstraint(
            ["professional_id"],
            ["professional.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("aid_contract", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_aid_contract_ars_code"), ["ars_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_aid_contract_end_date"), ["end_date"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_aid_contract_installation_project_id"),
            ["installation_project_id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_aid_contract_kind"), ["kind"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_aid_contract_professional_id"), ["professional_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_aid_contract_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("aid_contract", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_aid_contract_status"))
        batch_op.drop_index(batch_op.f("ix_aid_contract_professional_id"))
        batch_op.drop_index(batch_op.f("ix_aid_contract_kind"))
        batch_op.drop_index(batch_op.f("ix_aid_contract_installation_project_id"))
        batch_op.drop_index(batch_op.f("ix_aid_contract_end_date"))
        batch_op.drop_index(batch_op.f("ix_aid_contract_ars_code"))

    op.drop_table("aid_contract")
    with op.batch_alter_table("zoning_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_zoning_entry_order_id"))
        batch_op.drop_index(batch_op.f("ix_zoning_entry_commune_code"))
        batch_op.drop_index(batch_op.f("ix_zoning_entry_ars_code"))

    op.drop_table("zoning_entry")
    with op.batch_alter_table("urgent_care_coverage", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_urgent_care_coverage_commune_code"))
        batch_op.drop_index(batch_op.f("ix_urgent_care_coverage_as_of"))
        batch_op.drop_index(batch_op.f("ix_urgent_care_coverage_ars_code"))

    op.drop_table("urgent_care_coverage")
    with op.batch_alter_table("teleconsultation_booth", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_teleconsultation_booth_commune_code"))
        batch_op.drop_index(batch_op.f("ix_teleconsultation_booth_ars_code"))

    op.drop_table("teleconsultation_booth")
    with op.batch_alter_table("solidarity_mission", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_solidarity_mission_status"))
        batch_op.drop_index(batch_op.f("ix_solidarity_mission_start_date"))
        batch_op.drop_index(batch_op.f("ix_solidarity_mission_professional_id"))
        batch_op.drop_index(batch_op.f("ix_solidarity_mission_priority_zone_id"))
        batch_op.drop_index(batch_op.f("ix_solidarity_mission_ars_code"))

    op.drop_table("solidarity_mission")
    with op.batch_alter_table("msp_site", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_msp_site_msp_id"))
        batch_op.drop_index(batch_op.f("ix_msp_site_commune_code"))
        batch_op.drop_index(batch_op.f("ix_msp_site_ars_code"))

    op.drop_table("msp_site")
    with op.batch_alter_table("medical_assistant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_medical_assistant_employer_id"))
        batch_op.drop_index(batch_op.f("ix_medical_assistant_ars_code"))

    op.drop_table("medical_assistant")
    with op.batch_alter_table("mcs_training", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mcs_training_mcs_id"))
        batch_op.drop_index(batch_op.f("ix_mcs_training_ars_code"))

    op.drop_table("mcs_training")
    with op.batch_alter_table("mcs_intervention", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mcs_intervention_mcs_id"))
        batch_op.drop_index(batch_op.f("ix_mcs_intervention_ars_code"))

    op.drop_table("mcs_intervention")
    with op.batch_alter_table("mcs_equipment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mcs_equipment_mcs_id"))
        batch_op.drop_index(batch_op.f("ix_mcs_equipment_ars_code"))

    op.drop_table("mcs_equipment")
    with op.batch_alter_table("mcs_commune", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mcs_commune_mcs_id"))
        batch_op.drop_index(batch_op.f("ix_mcs_commune_commune_code"))
        batch_op.drop_index(batch_op.f("ix_mcs_commune_ars_code"))

    op.drop_table("mcs_commune")
    with op.batch_alter_table("installation_project", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_installation_project_status"))
        batch_op.drop_index(batch_op.f("ix_installation_project_professional_id"))
        batch_op.drop_index(batch_op.f("ix_installation_project_next_action_due"))
        batch_op.drop_index(batch_op.f("ix_installation_project_first_contact_date"))
        batch_op.drop_index(batch_op.f("ix_installation_project_commune_code"))
        batch_op.drop_index(batch_op.f("ix_installation_project_ars_code"))

    op.drop_table("installation_project")
    with op.batch_alter_table("cpts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cpts_ars_code"))

    op.drop_table("cpts")
    with op.batch_alter_table("msp_staffing", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_msp_staffing_msp_id"))
        batch_op.drop_index(batch_op.f("ix_msp_staffing_ars_code"))

    op.drop_table("msp_staffing")
    with op.batch_alter_table("msp_funding", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_msp_funding_msp_id"))
        batch_op.drop_index(batch_op.f("ix_msp_funding_ars_code"))

    op.drop_table("msp_funding")
    with op.batch_alter_table("mcs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mcs_status"))
        batch_op.drop_index(batch_op.f("ix_mcs_professional_id"))
        batch_op.drop_index(batch_op.f("ix_mcs_ars_code"))

    op.drop_table("mcs")
    with op.batch_alter_table("commune", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_commune_epci_siren"))
        batch_op.drop_index(batch_op.f("ix_commune_departement_code"))

    op.drop_table("commune")
    op.drop_table("ars_departement")
    with op.batch_alter_table("zoning_order", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_zoning_order_effective_date"))
        batch_op.drop_index(batch_op.f("ix_zoning_order_ars_code"))

    op.drop_table("zoning_order")
    with op.batch_alter_table("professional", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_professional_rpps"))
        batch_op.drop_index(batch_op.f("ix_professional_ars_code"))

    op.drop_table("professional")
    with op.batch_alter_table("priority_zone", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_priority_zone_epci_siren"))
        batch_op.drop_index(batch_op.f("ix_priority_zone_ars_code"))

    op.drop_table("priority_zone")
    with op.batch_alter_table("msp_project", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_msp_project_status"))
        batch_op.drop_index(batch_op.f("ix_msp_project_ars_code"))

    op.drop_table("msp_project")
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_follow_up_next_action_due"))
        batch_op.drop_index(batch_op.f("ix_follow_up_event_date"))
        batch_op.drop_index(batch_op.f("ix_follow_up_entity_id"))
        batch_op.drop_index(batch_op.f("ix_follow_up_ars_code"))

    op.drop_table("follow_up")
    with op.batch_alter_table("departement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_departement_region_code"))

    op.drop_table("departement")
    op.drop_table("region")
    with op.batch_alter_table("outbox_op", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_op_state"))
        batch_op.drop_index(batch_op.f("ix_outbox_op_seq"))
        batch_op.drop_index(batch_op.f("ix_outbox_op_entity_id"))

    op.drop_table("outbox_op")
    op.drop_table("national_indicator")
    op.drop_table("local_setting")
    with op.batch_alter_table("history_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_history_entry_entity_id"))

    op.drop_table("history_entry")
    op.drop_table("epci")
    op.drop_table("ars")
