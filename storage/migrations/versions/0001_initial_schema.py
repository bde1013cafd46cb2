"""Initial schema: reference territories, every record type, outbox, history, settings."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

from storage.migrations.ddl import (
    create_indexes,
    create_record_table,
    drop_indexes,
    drop_record_table,
    foreign_key,
)

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
    create_record_table(
        "follow_up",
        sa.Column("entity", AutoString(length=40), nullable=False),
        sa.Column("entity_id", AutoString(length=36), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=False),
        sa.Column("kind", AutoString(length=20), nullable=False),
        sa.Column("summary", AutoString(), nullable=False),
        sa.Column("next_action", AutoString(), nullable=True),
        sa.Column("next_action_due", sa.Date(), nullable=True),
        sa.Column("author", AutoString(length=120), nullable=True),
        indexes=("entity_id", "event_date", "next_action_due"),
    )
    create_record_table(
        "msp_project",
        sa.Column("name", AutoString(length=160), nullable=False),
        sa.Column("sponsor_kind", AutoString(length=20), nullable=False),
        sa.Column("sponsor_name", AutoString(length=160), nullable=True),
        sa.Column("status", AutoString(length=40), nullable=False),
        sa.Column("health_themes", AutoString(), nullable=True),
        sa.Column("opening_date", sa.Date(), nullable=True),
        sa.Column("aci_signed_date", sa.Date(), nullable=True),
        sa.Column("referent", AutoString(length=120), nullable=True),
        sa.Column("notes", AutoString(), nullable=True),
        indexes=("status",),
    )
    create_record_table(
        "priority_zone",
        sa.Column("epci_siren", AutoString(length=9), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("population", sa.Integer(), nullable=True),
        references=(("epci_siren", "epci.siren"),),
        indexes=("epci_siren",),
    )
    create_record_table(
        "professional",
        sa.Column("last_name", AutoString(length=80), nullable=False),
        sa.Column("first_name", AutoString(length=80), nullable=False),
        sa.Column("rpps", AutoString(length=11), nullable=True),
        sa.Column("profession", AutoString(length=40), nullable=False),
        sa.Column("specialty", AutoString(length=80), nullable=True),
        sa.Column("situation", AutoString(length=30), nullable=False),
        sa.Column("phone", AutoString(length=30), nullable=True),
        sa.Column("email", AutoString(length=120), nullable=True),
        sa.Column("consent_date", sa.Date(), nullable=True),
        indexes=("rpps",),
    )
    create_record_table(
        "zoning_order",
        sa.Column("number", AutoString(length=60), nullable=False),
        sa.Column("signed_date", sa.Date(), nullable=True),
        sa.Column("effective_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("profession", AutoString(length=40), nullable=False),
        sa.Column("method", AutoString(length=10), nullable=True),
        sa.Column("notes", AutoString(), nullable=True),
        indexes=("effective_date",),
    )
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
    create_record_table(
        "mcs",
        sa.Column("professional_id", AutoString(length=36), nullable=False),
        sa.Column("samu_attachment", AutoString(length=160), nullable=False),
        sa.Column("convention_date", sa.Date(), nullable=True),
        sa.Column("convention_number", AutoString(length=40), nullable=True),
        sa.Column("status", AutoString(length=20), nullable=False),
        sa.Column("availability", AutoString(), nullable=True),
        sa.Column("notes", AutoString(), nullable=True),
        references=(("professional_id", "professional.id"),),
        indexes=("professional_id", "status"),
    )
    create_record_table(
        "msp_funding",
        sa.Column("msp_id", AutoString(length=36), nullable=False),
        sa.Column("funder", AutoString(length=40), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("decision_date", sa.Date(), nullable=True),
        sa.Column("notes", AutoString(), nullable=True),
        references=(("msp_id", "msp_project.id"),),
        indexes=("msp_id",),
    )
    create_record_table(
        "msp_staffing",
        sa.Column("msp_id", AutoString(length=36), nullable=False),
        sa.Column("profession", AutoString(length=40), nullable=False),
        sa.Column("planned", sa.Integer(), nullable=False),
        sa.Column("present", sa.Integer(), nullable=False),
        references=(("msp_id", "msp_project.id"),),
        unique=(("msp_id", "profession"),),
        indexes=("msp_id",),
    )
    create_record_table(
        "cpts",
        sa.Column("name", AutoString(length=160), nullable=False),
        sa.Column("commune_code", AutoString(length=5), nullable=True),
        sa.Column("population_covered", sa.Integer(), nullable=True),
        sa.Column("status", AutoString(length=30), nullable=False),
        sa.Column("signed_date", sa.Date(), nullable=True),
        sa.Column("notes", AutoString(), nullable=True),
        references=(("commune_code", "commune.code"),),
    )
    create_record_table(
        "installation_project",
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
        references=(("commune_code", "commune.code"), ("professional_id", "professional.id")),
        indexes=(
            "commune_code",
            "first_contact_date",
            "next_action_due",
            "professional_id",
            "status",
        ),
    )
    create_record_table(
        "mcs_commune",
        sa.Column("mcs_id", AutoString(length=36), nullable=False),
        sa.Column("commune_code", AutoString(length=5), nullable=False),
        sa.Column("localite", AutoString(length=120), nullable=True),
        references=(("commune_code", "commune.code"), ("mcs_id", "mcs.id")),
        indexes=("commune_code", "mcs_id"),
    )
    create_record_table(
        "mcs_equipment",
        sa.Column("mcs_id", AutoString(length=36), nullable=False),
        sa.Column("item", AutoString(length=120), nullable=False),
        sa.Column("handed_over_date", sa.Date(), nullable=True),
        sa.Column("expiry_date", sa.Date(), nullable=True),
        references=(("mcs_id", "mcs.id"),),
        indexes=("mcs_id",),
    )
    create_record_table(
        "mcs_intervention",
        sa.Column("mcs_id", AutoString(length=36), nullable=False),
        sa.Column("intervention_date", sa.Date(), nullable=False),
        sa.Column("commune_code", AutoString(length=5), nullable=False),
        sa.Column("localite", AutoString(length=120), nullable=True),
        sa.Column("smur_engaged", sa.Boolean(), nullable=False),
        references=(("commune_code", "commune.code"), ("mcs_id", "mcs.id")),
        indexes=("mcs_id",),
    )
    create_record_table(
        "mcs_training",
        sa.Column("mcs_id", AutoString(length=36), nullable=False),
        sa.Column("kind", AutoString(length=20), nullable=False),
        sa.Column("training_date", sa.Date(), nullable=False),
        references=(("mcs_id", "mcs.id"),),
        indexes=("mcs_id",),
    )
    create_record_table(
        "medical_assistant",
        sa.Column("employer_id", AutoString(length=36), nullable=False),
        sa.Column("commune_code", AutoString(length=5), nullable=False),
        sa.Column("contract_date", sa.Date(), nullable=True),
        sa.Column("fte", sa.Float(), nullable=False),
        sa.Column("underserved_area", sa.Boolean(), nullable=False),
        sa.Column("status", AutoString(length=20), nullable=False),
        references=(("commune_code", "commune.code"), ("employer_id", "professional.id")),
        indexes=("employer_id",),
    )
    create_record_table(
        "msp_site",
        sa.Column("msp_id", AutoString(length=36), nullable=False),
        sa.Column("commune_code", AutoString(length=5), nullable=False),
        sa.Column("localite", AutoString(length=120), nullable=True),
        sa.Column("qpv", sa.Boolean(), nullable=False),
        sa.Column("finess", AutoString(length=9), nullable=True),
        sa.Column("is_main_site", sa.Boolean(), nullable=False),
        references=(("commune_code", "commune.code"), ("msp_id", "msp_project.id")),
        indexes=("commune_code", "msp_id"),
    )
    create_record_table(
        "solidarity_mission",
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
        references=(
            ("commune_code", "commune.code"),
            ("priority_zone_id", "priority_zone.id"),
            ("professional_id", "professional.id"),
        ),
        indexes=("priority_zone_id", "professional_id", "start_date", "status"),
    )
    create_record_table(
        "teleconsultation_booth",
        sa.Column("commune_code", AutoString(length=5), nullable=False),
        sa.Column("localite", AutoString(length=120), nullable=True),
        sa.Column("site_kind", AutoString(length=30), nullable=False),
        sa.Column("operator", AutoString(length=120), nullable=True),
        sa.Column("cost_cents", sa.Integer(), nullable=True),
        sa.Column("status", AutoString(length=20), nullable=False),
        sa.Column("installed_date", sa.Date(), nullable=True),
        references=(("commune_code", "commune.code"),),
        indexes=("commune_code",),
    )
    create_record_table(
        "urgent_care_coverage",
        sa.Column("commune_code", AutoString(length=5), nullable=False),
        sa.Column("localite", AutoString(length=120), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("population_beyond_30min", sa.Integer(), nullable=False),
        sa.Column("active_mcs", sa.Integer(), nullable=False),
        sa.Column("population_covered_by_mcs", sa.Integer(), nullable=False),
        sa.Column("notes", AutoString(), nullable=True),
        references=(("commune_code", "commune.code"),),
        indexes=("as_of", "commune_code"),
    )
    create_record_table(
        "zoning_entry",
        sa.Column("order_id", AutoString(length=36), nullable=False),
        sa.Column("commune_code", AutoString(length=5), nullable=False),
        sa.Column("zone_class", AutoString(length=10), nullable=False),
        sa.Column("tvs_code", AutoString(length=20), nullable=True),
        sa.Column("tvs_name", AutoString(length=120), nullable=True),
        references=(("commune_code", "commune.code"), ("order_id", "zoning_order.id")),
        unique=(("order_id", "commune_code"),),
        indexes=("commune_code", "order_id"),
    )
    create_record_table(
        "aid_contract",
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
        references=(
            ("commune_code", "commune.code"),
            ("installation_project_id", "installation_project.id"),
            ("professional_id", "professional.id"),
        ),
        indexes=("end_date", "installation_project_id", "kind", "professional_id", "status"),
    )


def downgrade() -> None:
    drop_record_table(
        "aid_contract", "end_date", "installation_project_id", "kind", "professional_id", "status"
    )
    drop_record_table("zoning_entry", "commune_code", "order_id")
    drop_record_table("urgent_care_coverage", "as_of", "commune_code")
    drop_record_table("teleconsultation_booth", "commune_code")
    drop_record_table(
        "solidarity_mission", "priority_zone_id", "professional_id", "start_date", "status"
    )
    drop_record_table("msp_site", "commune_code", "msp_id")
    drop_record_table("medical_assistant", "employer_id")
    drop_record_table("mcs_training", "mcs_id")
    drop_record_table("mcs_intervention", "mcs_id")
    drop_record_table("mcs_equipment", "mcs_id")
    drop_record_table("mcs_commune", "commune_code", "mcs_id")
    drop_record_table(
        "installation_project",
        "commune_code",
        "first_contact_date",
        "next_action_due",
        "professional_id",
        "status",
    )
    drop_record_table("cpts")
    drop_record_table("msp_staffing", "msp_id")
    drop_record_table("msp_funding", "msp_id")
    drop_record_table("mcs", "professional_id", "status")
    drop_indexes("commune", "epci_siren", "departement_code")
    op.drop_table("commune")
    op.drop_table("ars_departement")
    drop_record_table("zoning_order", "effective_date")
    drop_record_table("professional", "rpps")
    drop_record_table("priority_zone", "epci_siren")
    drop_record_table("msp_project", "status")
    drop_record_table("follow_up", "entity_id", "event_date", "next_action_due")
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
