"""Reference territories shipped with the app (loaded from ``storage/reference/data``).

These tables are read-only for the user and never synced: every device gets the same rows from
the package on first open.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Field, SQLModel


def _region_code(**options: Any) -> Any:
    """A region's INSEE code (2 characters)."""
    return Field(foreign_key="region.code", max_length=2, **options)


def _departement_code(**options: Any) -> Any:
    """A département's INSEE code (3 characters: "974", "2A")."""
    return Field(foreign_key="departement.code", max_length=3, **options)


class Region(SQLModel, table=True):
    __tablename__ = "region"

    code: str = Field(primary_key=True, max_length=2)
    name: str


class Departement(SQLModel, table=True):
    """A département, or a collectivité d'outre-mer that an ARS covers (977, 978)."""

    __tablename__ = "departement"

    code: str = Field(primary_key=True, max_length=3)
    name: str
    region_code: str = _region_code(index=True)
    #: "departement" for the 101 départements, "collectivite" for Saint-Barthélemy/Saint-Martin.
    kind: str = Field(default="departement", max_length=12)


class Ars(SQLModel, table=True):
    """An agence régionale de santé, today's 18 and the historical ARS Océan Indien."""

    __tablename__ = "ars"

    code: str = Field(primary_key=True, max_length=3)
    name: str
    region_code: str | None = Field(default=None, max_length=2)
    active_from: date
    active_to: date | None = None
    note: str | None = None


class ArsDepartement(SQLModel, table=True):
    """Which départements an ARS covers (OI covers 974 and 976 until 2019-12-31)."""

    __tablename__ = "ars_departement"

    ars_code: str = Field(foreign_key="ars.code", primary_key=True, max_length=3)
    departement_code: str = _departement_code(primary_key=True)


class Epci(SQLModel, table=True):
    """An intercommunalité (EPCI à fiscalité propre), identified by its SIREN."""

    __tablename__ = "epci"

    siren: str = Field(primary_key=True, max_length=9)
    name: str
    nature: str = Field(max_length=8)


class Commune(SQLModel, table=True):
    __tablename__ = "commune"

    #: INSEE code, always text: "2A004", "97611".
    code: str = Field(primary_key=True, max_length=5)
    name: str
    departement_code: str = _departement_code(index=True)
    region_code: str = _region_code()
    epci_siren: str | None = Field(default=None, foreign_key="epci.siren", index=True, max_length=9)
    #: Population municipale (INSEE populations légales; Mayotte: 2017 census).
    population: int | None = None
    #: Population totale.
    population_total: int | None = None
    #: Lower-case, accent-free name for filtering ("reunion" finds "Réunion").
    search_key: str = Field(default="", index=True)


class NationalIndicator(SQLModel, table=True):
    """A dated national figure or target (Pacte territoire santé, plan 2025)."""

    __tablename__ = "national_indicator"

    code: str = Field(primary_key=True, max_length=40)
    year: int = Field(primary_key=True)
    #: "realise" (measured) or "cible" (target).
    kind: str = Field(primary_key=True, max_length=8)
    label: str
    value: float
    source: str
