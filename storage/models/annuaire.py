"""Device-only memory of the Annuaire Santé imports: who practised here, and what changed.

An annuaire import compares the professionals practising in the ARS today with those of the
previous import (``annuaire_presence``), and keeps what it found (``annuaire_change``): the
"Installations détectées" screen lists them. None of this syncs: each device compares its own
successive imports.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from storage.models.base import optional_text


class AnnuaireImport(SQLModel, table=True):
    """One annuaire import that was written (dry runs are not kept)."""

    __tablename__ = "annuaire_import"

    id: int | None = Field(default=None, primary_key=True)
    ars_code: str = Field(max_length=3)
    imported_on: date
    at: datetime
    lines: int
    professionals: int
    #: The first import of an ARS is the reference: nothing is "detected" against nothing.
    baseline: bool = False


class AnnuairePresence(SQLModel, table=True):
    """A professional practising in the ARS at the last import: the communes of their places."""

    __tablename__ = "annuaire_presence"

    ars_code: str = Field(primary_key=True, max_length=3)
    rpps: str = Field(primary_key=True, max_length=11)
    professional_id: str = Field(max_length=36)
    #: INSEE codes separated by ";", sorted.
    communes: str


class AnnuaireChange(SQLModel, table=True):
    """An arrival, a departure or a move found by one import."""

    __tablename__ = "annuaire_change"

    id: int | None = Field(default=None, primary_key=True)
    import_id: int = Field(foreign_key="annuaire_import.id", index=True)
    #: arrivee | depart | demenagement
    kind: str = Field(max_length=12)
    professional_id: str = Field(max_length=36)
    commune_code: str | None = optional_text(5)
    previous_commune: str | None = optional_text(5)
    #: The installation project made from this line (the key "i" of the screen), if any.
    project_id: str | None = optional_text(36)
