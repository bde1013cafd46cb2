"""Urgent care: médecins correspondants du SAMU and the 30-minute coverage of the territory."""

from __future__ import annotations

from datetime import date

from sqlmodel import Field

from storage.models.base import SyncedRecord, commune_ref, optional_text, parent_id


class Mcs(SyncedRecord, table=True):
    """A médecin correspondant du SAMU."""

    __tablename__ = "mcs"

    professional_id: str = parent_id("professional")
    samu_attachment: str = Field(max_length=160)
    convention_date: date | None = None
    convention_number: str | None = optional_text(40)
    status: str = Field(default="candidat", index=True, max_length=20)
    #: Free text, e.g. "nuits de semaine; week-ends impairs".
    availability: str | None = None
    notes: str | None = None


class McsTraining(SyncedRecord, table=True):
    """Initial training or a yearly refresher."""

    __tablename__ = "mcs_training"

    mcs_id: str = parent_id("mcs")
    kind: str = Field(default="initiale", max_length=20)
    training_date: date


class McsEquipment(SyncedRecord, table=True):
    __tablename__ = "mcs_equipment"

    mcs_id: str = parent_id("mcs")
    item: str = Field(max_length=120)
    handed_over_date: date | None = None
    expiry_date: date | None = None


class McsCommune(SyncedRecord, table=True):
    """A commune (and optional localité) an MCS covers."""

    __tablename__ = "mcs_commune"

    mcs_id: str = parent_id("mcs")
    commune_code: str = commune_ref(index=True)
    localite: str | None = optional_text(120)


class McsIntervention(SyncedRecord, table=True):
    __tablename__ = "mcs_intervention"

    mcs_id: str = parent_id("mcs")
    intervention_date: date
    commune_code: str = commune_ref()
    localite: str | None = optional_text(120)
    smur_engaged: bool = False


class UrgentCareCoverage(SyncedRecord, table=True):
    """Population of a commune or localité beyond 30 minutes from urgent care, on a date."""

    __tablename__ = "urgent_care_coverage"

    commune_code: str = commune_ref(index=True)
    localite: str | None = optional_text(120)
    as_of: date = Field(index=True)
    population_beyond_30min: int = 0
    active_mcs: int = 0
    population_covered_by_mcs: int = 0
    notes: str | None = None
