"""Missions de solidarité territoriale: days and indemnities per zone prioritaire.

A mission's indemnity is its days x 200 € (:func:`storage.records.rules.mission_indemnity_cents`).
Per zone the section shows the days *planned* (volunteer registered or planned), the days *done*
(mission done or already indemnified) and the indemnities: those of the days done, of which
already paid (status "Indemnisée") and still to pay (status "Réalisée"). Cancelled missions count
nowhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy import ColumnElement, Connection

from storage.models import Epci, PriorityZone, SolidarityMission
from storage.queries.rows import for_ars
from storage.records.rules import MISSION_DAY_RATE_CENTS, mission_indemnity_cents

PLANNED_STATES = ("volontaire_inscrit", "planifiee")
DONE_STATES = ("realisee", "indemnisee")
PAID_STATE = "indemnisee"
CANCELLED_STATE = "annulee"


def record_indemnity_cents(record: dict[str, Any]) -> int:
    """The indemnity of one mission record (its days x the daily rate)."""
    return mission_indemnity_cents(int(record.get("days") or 0))


def indemnity_sql(table: Any = None) -> ColumnElement[int]:
    """:func:`record_indemnity_cents` in SQL, for the list of missions."""
    mission = SolidarityMission.__table__ if table is None else table
    return mission.c.days * MISSION_DAY_RATE_CENTS


@dataclass(frozen=True)
class ZoneTotals:
    """Missions of one zone prioritaire, added up."""

    id: str
    epci_siren: str
    name: str
    year: int
    population: int | None
    #: Missions not cancelled.
    missions: int
    planned_days: int
    done_days: int
    paid_days: int
    consultations: int

    @property
    def indemnity_cents(self) -> int:
        """Indemnities of the days done (paid or not)."""
        return mission_indemnity_cents(self.done_days)

    @property
    def paid_cents(self) -> int:
        return mission_indemnity_cents(self.paid_days)

    @property
    def due_cents(self) -> int:
        """Indemnities of missions done and not yet paid."""
        return mission_indemnity_cents(self.done_days - self.paid_days)


def zone_totals(connection: Connection, *, ars_code: str | None = None) -> list[ZoneTotals]:
    """Every live zone prioritaire (with or without missions), by EPCI name."""
    zone = PriorityZone.__table__
    epci = Epci.__table__
    mission = SolidarityMission.__table__

    def days_in(states: tuple[str, ...]) -> Any:
        return sa.func.coalesce(
            sa.func.sum(sa.case((mission.c.status.in_(states), mission.c.days), else_=0)), 0
        )

    live_mission = sa.and_(
        mission.c.priority_zone_id == zone.c.id,
        mission.c.deleted.is_(False),
        mission.c.status != CANCELLED_STATE,
    )
    query = (
        sa.select(
            zone.c.id,
            zone.c.epci_siren,
            epci.c.name,
            zone.c.year,
            zone.c.population,
            sa.func.count(mission.c.id).label("missions"),
            days_in(PLANNED_STATES).label("planned_days"),
            days_in(DONE_STATES).label("done_days"),
            days_in((PAID_STATE,)).label("paid_days"),
            sa.func.coalesce(
                sa.func.sum(
                    sa.case((mission.c.status.in_(DONE_STATES), mission.c.consultations), else_=0)
                ),
                0,
            ).label("consultations"),
        )
        .select_from(
            zone.join(epci, zone.c.epci_siren == epci.c.siren).outerjoin(mission, live_mission)
        )
        .where(zone.c.deleted.is_(False))
        .group_by(zone.c.id)
        .order_by(epci.c.name, zone.c.id)
    )
    return [
        ZoneTotals(
            r.id,
            r.epci_siren,
            r.name,
            r.year,
            r.population,
            r.missions,
            int(r.planned_days),
            int(r.done_days),
            int(r.paid_days),
            int(r.consultations),
        )
        for r in connection.execute(for_ars(query, zone, ars_code))
    ]


def zone_name(connection: Connection, zone_id: str | None) -> str | None:
    """The name of the zone prioritaire ``zone_id`` (its EPCI's), None if there is no such zone."""
    zone, epci = PriorityZone.__table__, Epci.__table__
    return connection.execute(
        sa.select(epci.c.name)
        .select_from(zone.join(epci, zone.c.epci_siren == epci.c.siren))
        .where(zone.c.id == zone_id)
    ).scalar()
