"""Urgent care: médecins correspondants du SAMU and the 30-minute coverage of the territory."""

from __future__ import annotations

from datetime import date

from sqlmodel import Field

from storage.models.base import SyncedRecord


class Mcs(SyncedRecord, table=True):
    """A médecin correspondant du SAMU."""

    __tablename__ = "mcs"

    professional_id: str = Field(foreign_key="professional.id", index=True, max_length=36)
    samu_attachment: str = Field(max_length=160)
    convention_date: date | None = None
    convention_number: str | None = Field(default=None, max_length=40)
    status: str = Field(default="candidat", index=True, max_length=20)
    #: Free text, e.g. "nuits de semaine; week-ends impairs".
    availability: str | None = None
    notes: str | None = None


class McsTraining(SyncedRecord, table=True):
    """Initial training or a yearly refresher."""

    __tablename__ = "mcs_training"

    mcs_id: str = Field(foreign_key="mcs.id", index=True, max_length=36)
    kind: str = Field(default="initiale", max_length=20)
    training_date: date


class McsEquipment(SyncedRecord, table=True):
    __tablename__ = "mcs_equipment"

    mcs_id: str = Field(foreign_key="mcs.id", index=True, max_length=36)
    item: str = Field(max_length=120)
    handed_over_date: date | None = None
    expiry_date: date | None = None


class McsCommune(SyncedRecord, table=True):
    """A commune (and optional localité) an MCS covers."""

    __tablename__ = "mcs_commune"

    mcs_id: str = Field(foreign_key="mcs.id", index=True, max_length=36)
    commune_code: str = Field(foreign_key="commune.code", index=True, max_length=5)
    localite: str | None = Field(default=None, max_length=120)


class McsIntervention(SyncedRecord, table=True):
    __tablename__ = "mcs_intervention"

    mcs_id: str = Field(foreign_key="mcs.id", index=True, max_length=36)
    intervention_date: date
    commune_code: str = Field(foreign_key="commune.code", max_length=5)
    localite: str | None = Field(default=None, max_length=120)
    smur_engaged: bool = False


class UrgentCareCoverage(SyncedRecord, table=True):
    """Population of a commune or localité beyond 30 minutes from urgent care, on a date."""

    __tablename__ = "urgent_care_coverage"

    commune_code: str = Field(foreign_key="commune.code", index=True, max_length=5)
    localite: str | None = Field(default=None, max_length=120)
    as_of: date = Field(index=True)
    population_beyond_30min: int = 0
    active_mcs: int = 0
    population_covered_by_mcs: int = 0
    notes: str | None = None
