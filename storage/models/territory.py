"""Territorial records: zonage, zones prioritaires and missions, CPTS, assistants, cabines."""

from __future__ import annotations

from datetime import date

from sqlmodel import Field, UniqueConstraint

from storage.models.base import SyncedRecord, commune_ref, optional_text, parent_id


class ZoningOrder(SyncedRecord, table=True):
    """An arrêté de zonage of the DG ARS, in force from ``effective_date`` to ``end_date``."""

    __tablename__ = "zoning_order"

    number: str = Field(max_length=60)
    signed_date: date | None = None
    effective_date: date = Field(index=True)
    end_date: date | None = None
    profession: str = Field(default="medecin", max_length=40)
    #: Method of the national arrêté ("2017" or "2025").
    method: str | None = optional_text(10)
    notes: str | None = None


class ZoningEntry(SyncedRecord, table=True):
    """One commune's class in an arrêté (ZIP, ZAC, ZV, HZ or a regional variant)."""

    __tablename__ = "zoning_entry"
    __table_args__ = (UniqueConstraint("order_id", "commune_code"),)

    order_id: str = parent_id("zoning_order")
    commune_code: str = commune_ref(index=True)
    zone_class: str = Field(max_length=10)
    #: A territory the ARS retained itself ("d'autres territoires en fonction des besoins
    #: localement identifiés"), beyond what the national method gives.
    retained_by_ars: bool = Field(default=False)
    #: Territoire de vie-santé the commune belongs to in this arrêté.
    tvs_code: str | None = optional_text(20)
    tvs_name: str | None = optional_text(120)


class PriorityZone(SyncedRecord, table=True):
    """A zone prioritaire (2025): an EPCI from the imported official list."""

    __tablename__ = "priority_zone"

    epci_siren: str = Field(foreign_key="epci.siren", index=True, max_length=9)
    year: int = 2025
    population: int | None = None


class SolidarityMission(SyncedRecord, table=True):
    """A mission de solidarité territoriale: a volunteer doctor's days in a zone prioritaire."""

    __tablename__ = "solidarity_mission"

    priority_zone_id: str = parent_id("priority_zone")
    professional_id: str = parent_id("professional")
    host_kind: str = Field(default="msp", max_length=20)
    host_name: str | None = optional_text(160)
    commune_code: str | None = commune_ref(optional=True)
    start_date: date | None = Field(default=None, index=True)
    end_date: date | None = None
    days: int = 0
    consultations: int = 0
    status: str = Field(default="volontaire_inscrit", index=True, max_length=30)
    notes: str | None = None


class Cpts(SyncedRecord, table=True):
    """A communauté professionnelle territoriale de santé."""

    __tablename__ = "cpts"

    name: str = Field(max_length=160)
    commune_code: str | None = commune_ref(optional=True)
    population_covered: int | None = None
    status: str = Field(default="projet", max_length=30)
    #: Its FINESS (category 604) once registered: what a FINESS import matches it by.
    finess: str | None = optional_text(9)
    signed_date: date | None = None
    notes: str | None = None


class MedicalAssistant(SyncedRecord, table=True):
    """An assistant médical contract, held by the employing doctor."""

    __tablename__ = "medical_assistant"

    employer_id: str = parent_id("professional")
    commune_code: str = commune_ref()
    contract_date: date | None = None
    #: Full-time equivalent (0.5 = half time).
    fte: float = 1.0
    underserved_area: bool = False
    status: str = Field(default="signe", max_length=20)


class TeleconsultationBooth(SyncedRecord, table=True):
    """A cabine de téléconsultation."""

    __tablename__ = "teleconsultation_booth"

    commune_code: str = commune_ref(index=True)
    localite: str | None = optional_text(120)
    site_kind: str = Field(max_length=30)
    operator: str | None = optional_text(120)
    cost_cents: int | None = None
    status: str = Field(default="projet", max_length=20)
    installed_date: date | None = None


class FollowUp(SyncedRecord, table=True):
    """An entry of the journal de suivi, attached to any record."""

    __tablename__ = "follow_up"

    entity: str = Field(max_length=40)
    entity_id: str = Field(index=True, max_length=36)
    event_date: date = Field(index=True)
    kind: str = Field(max_length=20)
    summary: str
    next_action: str | None = None
    next_action_due: date | None = Field(default=None, index=True)
    author: str | None = optional_text(120)


class RegionalObjective(SyncedRecord, table=True):
    """An objective the ARS set itself (projet régional de santé) for one dashboard indicator.

    National figures are references, never a territory's target (reference/README.md): the
    dashboard measures a territory's progress only against these.
    """

    __tablename__ = "regional_objective"

    #: A dashboard indicator (``storage.queries.dashboard.INDICATOR_FIGURES``), e.g. "mcs_nombre".
    indicator: str = Field(index=True, max_length=40)
    value: int
    #: The year the objective is for (it has expired once that year is over).
    year: int
    #: Where the ARS set it ("PRS 2018-2028, schéma régional de santé, p. 42").
    source: str = Field(max_length=300)
