"""Maisons de santé pluriprofessionnelles: the project, its sites, staffing and fundings."""

from __future__ import annotations

from datetime import date

from sqlmodel import Field, UniqueConstraint

from storage.models.base import SyncedRecord, commune_ref, optional_text, parent_id


class MspProject(SyncedRecord, table=True):
    __tablename__ = "msp_project"

    name: str = Field(max_length=160)
    #: msp | centre_sante: a centre de santé (FINESS 124) is followed like an MSP, with sites.
    kind: str = Field(default="msp", max_length=20, sa_column_kwargs={"server_default": "msp"})
    sponsor_kind: str = Field(default="sisa", max_length=20)
    sponsor_name: str | None = optional_text(160)
    status: str = Field(default="emergence", index=True, max_length=40)
    #: Thèmes of the projet de santé, separated by ";".
    health_themes: str | None = None
    opening_date: date | None = None
    aci_signed_date: date | None = None
    referent: str | None = optional_text(120)
    notes: str | None = None
    search_key: str = Field(default="", index=True)


class MspSite(SyncedRecord, table=True):
    """One site of an MSP (a multi-site MSP is normal)."""

    __tablename__ = "msp_site"

    msp_id: str = parent_id("msp_project")
    commune_code: str = commune_ref(index=True)
    localite: str | None = optional_text(120)
    qpv: bool = False
    finess: str | None = optional_text(9)
    is_main_site: bool = False


class MspStaffing(SyncedRecord, table=True):
    """Professionals planned and present in an MSP, for one profession."""

    __tablename__ = "msp_staffing"
    __table_args__ = (UniqueConstraint("msp_id", "profession"),)

    msp_id: str = parent_id("msp_project")
    profession: str = Field(max_length=40)
    planned: int = 0
    present: int = 0


class MspFunding(SyncedRecord, table=True):
    __tablename__ = "msp_funding"

    msp_id: str = parent_id("msp_project")
    funder: str = Field(max_length=40)
    amount_cents: int = 0
    decision_date: date | None = None
    notes: str | None = None
