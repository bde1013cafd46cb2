"""Initial schema: reference territories, every record type, outbox, history, settings."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

from storage.migrations.ddl import create_indexes, drop_indexes, foreign_key, record_columns

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "ars",
        sa.Column("code", AutoString(length=3), nullable=False),
        sa.Column("name", AutoString(), nullable=False),
        sa.Column("region_code", AutoString(length=2), nullable=True),
        sa.Column("active_from", sa.Date(), nullable=False),
        sa.Column("active_to", sa.Date(), nullable=True),
        sa.Column("note", AutoString(), nullable=True),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "epci",
        sa.Column("siren", AutoString(length=9), nullable=False),
        sa.Column("name", AutoString(), nullable=False),
        sa.Column("nature", AutoString(length=8), nullable=False),
        sa.PrimaryKeyConstraint("siren"),
    )
    op.create_table(
        "history_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity", AutoString(length=40), nullable=False),
        sa.Column("entity_id", AutoString(length=36), nullable=False),
        sa.Column("op_id", AutoString(length=36), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("user", AutoString(length=120), nullable=False),
        sa.Column("field", AutoString(length=60), nullable=False),
        sa.Column("old_value", AutoString(), nullable=True),
        sa.Column("new_value", AutoString(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    create_indexes("history_entry", "entity_id")
    op.create_table(
        "local_setting",
        sa.Column("key", AutoString(length=60), nullable=False),
        sa.Column("value", AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "national_indicator",
        sa.Column("code", AutoString(length=40), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kind", AutoString(length=8), nullable=False),
        sa.Column("label", AutoString(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("source", AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("code", "year", "kind"),
    )
    op.create_table(
        "outbox_op",
        sa.Column("op_id", AutoString(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("entity", AutoString(length=40), nullable=False),
        sa.Column("entity_id", AutoString(length=36), nullable=False),
        sa.Column("kind", AutoString(length=10), nullable=False),
        sa.Column("fields", AutoString(), nullable=False),
        sa.Column("base", AutoString(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("ars_code", AutoString(length=3), nullable=False),
        sa.Column("client_time", UTCDateTime(), nullable=False),
        sa.Column("user", AutoString(length=120), nullable=False),
        sa.Column("state", AutoString(length=10), nullable=False),
        sa.Column("server_seq", sa.Integer(), nullable=True),
        sa.Column("result", AutoString(), nullable=True),
        sa.PrimaryKeyConstraint("op_id"),
    )
    create_indexes("outbox_op", "entity_id", "seq", "state", unique=("seq",))
    op.create_table(
        "region",
        sa.Column("code", AutoString(length=2), nullable=False),
        sa.Column("name", AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "departement",
        sa.Column("code", AutoString(length=3), nullable=False),
        sa.Column("name", AutoString(), nullable=False),
        sa.Column("region_code", AutoString(length=2), nullable=False),
        sa.Column("kind", AutoString(length=12), nullable=False),
        foreign_key("region_code", "region.code"),
        sa.PrimaryKeyConstraint("code"),
    )
    create_indexes("departement", "region_code")
    op.create_table(
        "follow_up",
        *record_columns(),
        sa.Column("entity", AutoString(length=40), nullable=False),
        sa.Column("entity_id", AutoString(length=36), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=False),
        sa.Column("kind", AutoString(length=20), nullable=False),
        sa.Column("summary", AutoString(), nullable=False),
        sa.Column("next_action", AutoString(), nullable=True),
        sa.Column("next_action_due", sa.Date(), nullable=True),
        sa.Column("author", AutoString(length=120), nullable=True),
        foreign_key("ars_code", "ars.code"),
        sa.PrimaryKeyConstraint("id"),
    )
    create_indexes("follow_up", "ars_code", "entity_id", "event_date", "next_action_due")
    op.create_table(
        "msp_project",
        *record_columns(),
        sa.Column("name", AutoString(length=160), nullable=False),
        sa.Column("sponsor_kind", AutoString(length=20), nullable=False),
        sa.Column("sponsor_name", AutoString(length=160), nullable=True),
        sa.Column("status", AutoString(length=40), nullable=False),
        sa.Column("health_themes", AutoString(), nullable=True),
        sa.Column("opening_date", sa.Date(), nullable=True),
        sa.Column("aci_signed_date", sa.Date(), nullable=True),
        sa.Column("referent", AutoString(length=120), nullable=True),
        sa.Column("notes", AutoString(), nullable=True),
        foreign_key("ars_code", "ars.code"),
        sa.PrimaryKeyConstraint("id"),
    )
    create_indexes("msp_project", "ars_code", "status")
    op.create_table(
        "priority_zone",
        *record_columns(),
        sa.Column("epci_siren", AutoString(length=9), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("population", sa.Integer(), nullable=True),
        foreign_key("ars_code", "ars.code"),
        foreign_key("epci_siren", "epci.siren"),
        sa.PrimaryKeyConstraint("id"),
    )
    create_indexes("priority_zone", "ars_code", "epci_siren")
    op.create_table(
        "professional",
        *record_columns(),
        sa.Column("last_name", AutoString(length=80), nullable=False),
        sa.Column("first_name", AutoString(length=80), nullable=False),
        sa.Column("rpps", AutoString(length=11), nullable=True),
        sa.Column("profession", AutoString(length=40), nullable=False),
        sa.Column("specialty", AutoString(length=80), nullable=True),
        sa.Column("situation", AutoString(length=30), nullable=False),
        sa.Column("phone", AutoString(length=30), nullable=True),
        sa.Column("email", AutoString(length=120), nullable=True),
        sa.Column("consent_date", sa.Date(), nullable=True),
        foreign_key("ars_code", "ars.code"),
        sa.PrimaryKeyConstraint("id"),
    )
    create_indexes("professional", "ars_code", "rpps")
    op.create_table(
        "zoning_order",
        *record_columns(),
        sa.Column("number", AutoString(length=60), nullable=False),
        sa.Column("signed_date", sa.Date(), nullable=True),
        sa.Column("effective_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("profession", AutoString(length=40), nullable=False),
        sa.Column("method", AutoString(length=10), nullable=True),
        sa.Column("notes", AutoString(), nullable=True),
        foreign_key("ars_code", "ars.code"),
        sa.PrimaryKeyConstraint("id"),
    )
    create_indexes("zoning_order", "ars_code", "effective_date")
    op.create_table(
        "ars_departement",
        sa.Column("ars_code", AutoString(length=3), nullable=False),
        sa.Column("departement_code", AutoString(length=3), nullable=False),
        foreign_key("ars_code", "ars.code"),
        foreign_key("departement_code", "departement.code"),
        sa.PrimaryKeyConstraint("ars_code", "departement_code"),
    )
    op.create_table(
        "commune",
        sa.Column("code", AutoString(length=5), nullable=False),
        sa.Column("name", AutoString(), nullable=False),
        sa.Column("departement_code", AutoString(length=3), nullable=False),
        sa.Column("region_code", AutoString(length=2), nullable=False),
        sa.Column("epci_siren", AutoString(length=9), nullable=True),
        sa.Column("population", sa.Integer(), nullable=True),
        sa.Column("population_total", sa.Integer(), nullable=True),
        foreign_key("departement_code", "departement.code"),
        foreign_key("epci_siren", "epci.siren"),
        foreign_key("region_code", "region.code"),
        sa.PrimaryKeyConstraint("code"),
    )
    create_indexes("commune", "departement_code", "epci_siren")
    op.create_table(
        "mcs",
        *record_columns(),
        sa.Column("professional_id", AutoString(length=36), nullable=False),
        sa.Column("samu_attachment", AutoString(length=160), nullable=False),
        sa.Column("convention_date", sa.Date(), nullable=True),
        sa.Column("convention_number", AutoString(length=40), nullable=True),
        sa.Column("status", AutoString(length=20), nullable=False),
        sa.Column("availability", AutoString(), nullable=True),
        sa.Column("notes", AutoString(), nullable=True),
        foreign_key("ars_code", "ars.code"),
        foreign_key("professional_id", "professional.id"),
        sa.PrimaryKeyConstraint("id"),
    )
    create_indexes("mcs", "ars_code", "professional_id", "status")
    op.create_table(
        "msp_funding",
        *record_columns(),
        sa.Column("msp_id", AutoString(length=36), nullable=False),
        sa.Column("funder", AutoString(length=40), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("decision_date", sa.Date(), nullable=True),
        sa.Column("notes", AutoString(), nullable=True),
        foreign_key("ars_code", "ars.code"),
        foreign_key("msp_id", "msp_project.id"),
        sa.PrimaryKeyConstraint("id"),
    )
    create_indexes("msp_funding", "ars_code", "msp_id")
    op.create_table(
        "msp_staffing",
        *record_columns(),
        sa.Column("msp_id", AutoString(length=36), nullable=False),
        sa.Column("profession", AutoString(length=40), nullable=False),
        sa.Column("planned", sa.Integer(), nullable=False),
        sa.Column("present", sa.Integer(), nullable=False),
        foreign_key("ars_code", "ars.code"),
        foreign_key("msp_id", "msp_project.id"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("msp_id", "profession"),
    )
    create_indexes("msp_staffing", "ars_code", "msp_id")
    op.create_table(
        "cpts",
        *record_columns(),
        sa.Column("name", AutoString(length=160), nullable=False),
        sa.Column("commune_code", AutoString(length=5), nullable=True),
        sa.Column("population_covered", sa.Integer(), nullable=True),
        sa.Column("status", AutoString(length=30), nullable=False),
        sa.Column("signed_date", sa.Date(), nullable=True),
        sa.Column("notes", AutoString(), nullable=True),
        foreign_key("ars_code", "ars.code"),
        foreign_key("commune_code", "commune.code"),
        sa.PrimaryKeyConstraint("id"),
    )
    create_indexes("cpts", "ars_code")
    op.create_table(
        "installation_project",
        *record_columns(),
        sa.Column("professional_id", AutoString(length=36), nullable=False),
        sa.Column("commune_code", AutoString(length=5), nullable=False),
        sa.Column("localite", AutoString(length=120), nullable=True),
        sa.Column("practice_mode", AutoString(length=30), nullable=False),
        sa.Column("status", AutoString(length=40), nullable=False),
        sa.Column("first_contact_date", sa.Date(), nullable=False),
        sa.Column("planned_installation_date", sa.Date(), nullable=True),
        sa.Column("installation_date", sa.Date(), nullable=True),
        sa.Column("zoning_class", AutoString(length=3), nullable=True),
        sa.Column("aids_requested", AutoString(), nullable=True),
        sa.Column("aids_obtained", AutoString(), nullable=True),
        sa.Column("referent", AutoString(length=120), nullable=True),
        sa.Column("next_action", AutoString(), nullable=True),
        sa.Column("next_action_due", sa.Date(), nullable=True),
        sa.Column("notes", AutoString(), nullable=True),
        foreign_key("ars_code", "ars.code"),
        foreign_key("commune_code", "commune.code"),
        foreign_key("professional_id", "professional.id"),
        sa.PrimaryKeyConstraint("id"),
    )
    create_indexes(
        "installation_project",
        "ars_code",
        "commune_code",
        "first_contact_date",
        "next_action_due",
        "professional_id",
        "status",
    )
    op.create_table(
        "mcs_commune",
        *record_columns(),
        sa.Column("mcs_id", AutoString(length=36), nullable=False),
        sa.Column("commune_code", AutoString(length=5), nullable=False),
        sa.Column("localite", AutoString(length=120), nullable=True),
        foreign_key("ars_code", "ars.code"),
        foreign_key("commune_code", "commune.code"),
        foreign_key("mcs_id", "mcs.id"),
        sa.PrimaryKeyConstraint("id"),
    )
    create_indexes("mcs_commune", "ars_code", "commune_code", "mcs_id")
    op.create_table(
        "mcs_equipment",
        *record_columns(),
        sa.Column("mcs_id", AutoString(length=36), nullable=False),
        sa.Column("item", AutoString(length=120), nullable=False),
        sa.Column("handed_over_date", sa.Date(), nullable=True),
        sa.Column("expiry_date", sa.Date(), nullable=True),
        foreign_key("ars_code", "ars.code"),
        foreign_key("mcs_id", "mcs.id"),
        sa.PrimaryKeyConstraint("id"),
    )
    create_indexes("mcs_equipment", "ars_code", "mcs_id")
    op.create_table(
        "mcs_intervention",
        *record_columns(),
        sa.Column("mcs_id", AutoString(length=36), nullable=False),
        sa.Column("intervention_date", sa.Date(), nullable=False),
        sa.Column("commune_code", AutoString(length=5), nullable=False),
        sa.Column("localite", AutoString(length=120), nullable=True),
        sa.Column("smur_engaged", sa.Boolean(), nullable=False),
        foreign_key("ars_code", "ars.code"),
        foreign_key("commune_code", "commune.code"),
        foreign_key("mcs_id", "mcs.id"),
        sa.PrimaryKeyConstraint("id"),
    )
    create_indexes("mcs_intervention", "ars_code", "mcs_id")
    op.create_table(
        "mcs_training",
        *record_columns(),
        sa.Column("mcs_id", AutoString(length=36), nullable=False),
        sa.Column("kind", AutoString(length=20), nullable=False),
        sa.Column("training_date", sa.Date(), nullable=False),
        foreign_key("ars_code", "ars.code"),
        foreign_key("mcs_id", "mcs.id"),
        sa.PrimaryKeyConstraint("id"),
    )
    create_indexes("mcs_training", "ars_code", "mcs_id")
    op.create_table(
        "medical_assistant",
        *record_columns(),
        sa.Column("employer_id", AutoString(length=36), nullable=False),
        sa.Column("commune_code", AutoString(length=5), nullable=False),
        sa.Column("contract_date", sa.Date(), nullable=True),
        sa.Column("fte", sa.Float(), nullable=False),
        sa.Column("underserved_area", sa.Boolean(), nullable=False),
        sa.Column("status", AutoString(length=20), nullable=False),
        foreign_key("ars_code", "ars.code"),
        foreign_key("commune_code", "commune.code"),
        foreign_key("employer_id", "professional.id"),
        sa.PrimaryKeyConstraint("id"),
    )
    create_indexes("medical_assistant", "ars_code", "employer_id")
    op.create_table(
        "msp_site",
        *record_columns(),
        sa.Column("msp_id", AutoString(length=36), nullable=False),
        sa.Column("commune_code", AutoString(length=5), nullable=False),
        sa.Column("localite", AutoString(length=120), nullable=True),
        sa.Column("qpv", sa.Boolean(), nullable=False),
        sa.Column("finess", AutoString(length=9), nullable=True),
        sa.Column("is_main_site", sa.Boolean(), nullable=False),
        foreign_key("ars_code", "ars.code"),
        foreign_key("commune_code", "commune.code"),
        foreign_key("msp_id", "msp_project.id"),
        sa.PrimaryKeyConstraint("id"),
    )
    create_indexes("msp_site", "ars_code", "commune_code", "msp_id")
    op.create_table(
        "solidarity_mission",
        *record_columns(),
        sa.Column("priority_zone_id", AutoString(length=36), nullable=False),
        sa.Column("professional_id", AutoString(length=36), nullable=False),
        sa.Column("host_kind", AutoString(length=20), nullable=False),
        sa.Column("host_name", AutoString(length=160), nullable=True),
        sa.Column("commune_code", AutoString(length=5), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("consultations", sa.Integer(), nullable=False),
        sa.Column("status", AutoString(length=30), nullable=False),
        sa.Column("notes", AutoString(), nullable=True),
        foreign_key("ars_code", "ars.code"),
        foreign_key("commune_code", "commune.code"),
        foreign_key("priority_zone_id", "priority_zone.id"),
        foreign_key("professional_id", "professional.id"),
        sa.PrimaryKeyConstraint("id"),
    )
    create_indexes(
        "solidarity_mission",
        "ars_code",
        "priority_zone_id",
        "professional_id",
        "start_date",
        "status",
    )
    op.create_table(
        "teleconsultation_booth",
        *record_columns(),
        sa.Column("commune_code", AutoString(length=5), nullable=False),
        sa.Column("localite", AutoString(length=120), nullable=True),
        sa.Column("site_kind", AutoString(length=30), nullable=False),
        sa.Column("operator", AutoString(length=120), nullable=True),
        sa.Column("cost_cents", sa.Integer(), nullable=True),
        sa.Column("status", AutoString(length=20), nullable=False),
        sa.Column("installed_date", sa.Date(), nullable=True),
        foreign_key("ars_code", "ars.code"),
        foreign_key("commune_code", "commune.code"),
        sa.PrimaryKeyConstraint("id"),
    )
    create_indexes("teleconsultation_booth", "ars_code", "commune_code")
    op.create_table(
        "urgent_care_coverage",
        *record_columns(),
        sa.Column("commune_code", AutoString(length=5), nullable=False),
        sa.Column("localite", AutoString(length=120), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("population_beyond_30min", sa.Integer(), nullable=False),
        sa.Column("active_mcs", sa.Integer(), nullable=False),
        sa.Column("population_covered_by_mcs", sa.Integer(), nullable=False),
        sa.Column("notes", AutoString(), nullable=True),
        foreign_key("ars_code", "ars.code"),
        foreign_key("commune_code", "commune.code"),
        sa.PrimaryKeyConstraint("id"),
    )
    create_indexes("urgent_care_coverage", "ars_code", "as_of", "commune_code")
    op.create_table(
        "zoning_entry",
        *record_columns(),
        sa.Column("order_id", AutoString(length=36), nullable=False),
        sa.Column("commune_code", AutoString(length=5), nullable=False),
        sa.Column("zone_class", AutoString(length=10), nullable=False),
        sa.Column("tvs_code", AutoString(length=20), nullable=True),
        sa.Column("tvs_name", AutoString(length=120), nullable=True),
        foreign_key("ars_code", "ars.code"),
        foreign_key("commune_code", "commune.code"),
        foreign_key("order_id", "zoning_order.id"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("order_id", "commune_code"),
    )
    create_indexes("zoning_entry", "ars_code", "commune_code", "order_id")
    op.create_table(
        "aid_contract",
        *record_columns(),
        sa.Column("professional_id", AutoString(length=36), nullable=False),
        sa.Column("installation_project_id", AutoString(length=36), nullable=True),
        sa.Column("kind", AutoString(length=20), nullable=False),
        sa.Column("status", AutoString(length=40), nullable=False),
        sa.Column("funder", AutoString(length=120), nullable=True),
        sa.Column("commune_code", AutoString(length=5), nullable=True),
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
        sa.Column("notes", AutoString(), nullable=True),
        foreign_key("ars_code", "ars.code"),
        foreign_key("commune_code", "commune.code"),
        foreign_key("installation_project_id", "installation_project.id"),
        foreign_key("professional_id", "professional.id"),
        sa.PrimaryKeyConstraint("id"),
    )
    create_indexes(
        "aid_contract",
        "ars_code",
        "end_date",
        "installation_project_id",
        "kind",
        "professional_id",
        "status",
    )


def downgrade() -> None:
    drop_indexes(
        "aid_contract",
        "status",
        "professional_id",
        "kind",
        "installation_project_id",
        "end_date",
        "ars_code",
    )
    op.drop_table("aid_contract")
    drop_indexes("zoning_entry", "order_id", "commune_code", "ars_code")
    op.drop_table("zoning_entry")
    drop_indexes("urgent_care_coverage", "commune_code", "as_of", "ars_code")
    op.drop_table("urgent_care_coverage")
    drop_indexes("teleconsultation_booth", "commune_code", "ars_code")
    op.drop_table("teleconsultation_booth")
    drop_indexes(
        "solidarity_mission",
        "status",
        "start_date",
        "professional_id",
        "priority_zone_id",
        "ars_code",
    )
    op.drop_table("solidarity_mission")
    drop_indexes("msp_site", "msp_id", "commune_code", "ars_code")
    op.drop_table("msp_site")
    drop_indexes("medical_assistant", "employer_id", "ars_code")
    op.drop_table("medical_assistant")
    drop_indexes("mcs_training", "mcs_id", "ars_code")
    op.drop_table("mcs_training")
    drop_indexes("mcs_intervention", "mcs_id", "ars_code")
    op.drop_table("mcs_intervention")
    drop_indexes("mcs_equipment", "mcs_id", "ars_code")
    op.drop_table("mcs_equipment")
    drop_indexes("mcs_commune", "mcs_id", "commune_code", "ars_code")
    op.drop_table("mcs_commune")
    drop_indexes(
        "installation_project",
        "status",
        "professional_id",
        "next_action_due",
        "first_contact_date",
        "commune_code",
        "ars_code",
    )
    op.drop_table("installation_project")
    drop_indexes("cpts", "ars_code")
    op.drop_table("cpts")
    drop_indexes("msp_staffing", "msp_id", "ars_code")
    op.drop_table("msp_staffing")
    drop_indexes("msp_funding", "msp_id", "ars_code")
    op.drop_table("msp_funding")
    drop_indexes("mcs", "status", "professional_id", "ars_code")
    op.drop_table("mcs")
    drop_indexes("commune", "epci_siren", "departement_code")
    op.drop_table("commune")
    op.drop_table("ars_departement")
    drop_indexes("zoning_order", "effective_date", "ars_code")
    op.drop_table("zoning_order")
    drop_indexes("professional", "rpps", "ars_code")
    op.drop_table("professional")
    drop_indexes("priority_zone", "epci_siren", "ars_code")
    op.drop_table("priority_zone")
    drop_indexes("msp_project", "status", "ars_code")
    op.drop_table("msp_project")
    drop_indexes("follow_up", "next_action_due", "event_date", "entity_id", "ars_code")
    op.drop_table("follow_up")
    drop_indexes("departement", "region_code")
    op.drop_table("departement")
    op.drop_table("region")
    drop_indexes("outbox_op", "state", "seq", "entity_id")
    op.drop_table("outbox_op")
    op.drop_table("national_indicator")
    op.drop_table("local_setting")
    drop_indexes("history_entry", "entity_id")
    op.drop_table("history_entry")
    op.drop_table("epci")
    op.drop_table("ars")
