"""Professionals, their installation projects and the aids/contracts that go with them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Index
from sqlmodel import Field

from storage.models.base import SyncedRecord, commune_ref, optional_text, parent_id


class Professional(SyncedRecord, table=True):
    """A health professional the correspondent follows (personal data: RGPD)."""

    __tablename__ = "professional"

    last_name: str = Field(max_length=80)
    first_name: str = Field(max_length=80)
    #: 11 digits, the last a Luhn key. Students may not have one yet.
    rpps: str | None = Field(default=None, max_length=11, index=True)
    profession: str = Field(default="medecin", max_length=40)
    specialty: str | None = optional_text(80)
    situation: str = Field(default="installe_liberal", max_length=30)
    phone: str | None = optional_text(30)
    email: str | None = optional_text(120)
    #: Date the professional was informed of / consented to the processing of their data.
    consent_date: date | None = None
    #: Places of practice from the Annuaire Santé, one a line: "97424 Cilaos · Libéral · site".
    practice_places: str | None = None
    #: Lower-case, accent-free "nom prénom rpps" for filtering.
    search_key: str = Field(default="", index=True)


class InstallationProject(SyncedRecord, table=True):
    """The correspondent's core record: one professional's project to set up practice."""

    __tablename__ = "installation_project"
    #: Covers the dashboard's first figures (projects by status of a territory): the count reads
    #: the index alone, never the 100,000 rows (docs/ARCHITECTURE.md, "Start-up").
    __table_args__ = (
        Index(
            "ix_installation_project_status_figures",
            "ars_code",
            "deleted",
            "status",
            "commune_code",
        ),
    )

    professional_id: str = parent_id("professional")
    commune_code: str = commune_ref(index=True)
    localite: str | None = optional_text(120)
    practice_mode: str = Field(default="liberal_seul", max_length=30)
    status: str = Field(default="premier_contact", index=True, max_length=40)
    first_contact_date: date = Field(index=True)
    planned_installation_date: date | None = None
    installation_date: date | None = None
    #: Zonage class of the commune when the project was opened: kept, not recomputed.
    zoning_class: str | None = optional_text(3)
    aids_requested: str | None = None
    aids_obtained: str | None = None
    referent: str | None = optional_text(120)
    next_action: str | None = None
    next_action_due: date | None = Field(default=None, index=True)
    notes: str | None = None
    #: Lower-case, accent-free "localité référent" for filtering ("ilet" finds "Îlet à Bourse").
    search_key: str = Field(default="", index=True)


class AidContract(SyncedRecord, table=True):
    """One aid or contract (CESP, PTMG, CDE, Assurance maladie, collectivité), typed by ``kind``.

    The kind-specific details are nullable columns of the same row: a CESP has ``months_paid``,
    a PTMG/CDE has its guarantee, activity and sector conditions.
    """

    __tablename__ = "aid_contract"

    professional_id: str = parent_id("professional")
    installation_project_id: str | None = Field(
        default=None, foreign_key="installation_project.id", index=True, max_length=36
    )
    kind: str = Field(index=True, max_length=20)
    status: str = Field(index=True, max_length=40)
    funder: str | None = optional_text(120)
    commune_code: str | None = commune_ref(optional=True)
    localite: str | None = optional_text(120)
    #: Date the contract was signed (a PTMG signed after the CDE replaced it is refused).
    signed_date: date | None = None
    #: Start of the contract; for a CESP, start of the allowance.
    start_date: date | None = None
    end_date: date | None = Field(default=None, index=True)
    amount_cents: int | None = None
    monthly_amount_cents: int | None = None
    # CESP
    months_paid: int | None = None
    #: End of the allowance (the student's last month paid).
    allowance_end_date: date | None = None
    #: Start of practice in the chosen place: the commitment runs from this day.
    practice_start_date: date | None = None
    # PTMG / CDE
    guaranteed_monthly_income_cents: int | None = None
    monthly_complement_cap_cents: int | None = None
    consultations_per_month: int | None = None
    half_days_per_week: int | None = None
    secteur: int | None = None
    notes: str | None = None
