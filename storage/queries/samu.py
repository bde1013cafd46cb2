"""SAMU / MCS: an MCS's trainings, equipment and communes; who is due for the yearly refresher;
and the 30-minute coverage of urgent care per territory.

*Refresher due*: an active MCS must train every year. One whose last training (initial or
refresher) is more than :data:`REFRESHER_MONTHS` months old on ``today``, or who has none, is
due; the due date is the last training + 12 months.

*Coverage per territory*: each place (commune, or localité within it) has dated measures; the
latest measure on or before ``on`` counts. Per territory (ARS, département, commune) the figures
are the sums of those measures (population beyond 30 minutes, population brought under 30
minutes by the MCS, the difference still beyond) and the number of *distinct* active MCS
covering a commune of the territory (an MCS covering three communes of a département counts
once for it), with how many of them are due for their refresher.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any, Literal, NamedTuple

import sqlalchemy as sa
from sqlalchemy import ColumnElement, Connection

from storage.models import (
    Ars,
    Commune,
    Departement,
    Mcs,
    McsCommune,
    McsEquipment,
    McsIntervention,
    McsTraining,
    Professional,
    UrgentCareCoverage,
)
from storage.queries.rows import for_ars, live_lines, made_of, tables
from storage.records.rules import add_months
from storage.records.workflows import statuses_tagged

#: An MCS trains again every this many months.
REFRESHER_MONTHS = 12

Level = Literal["ars", "departement", "commune"]
LEVELS: tuple[Level, ...] = ("ars", "departement", "commune")


def refresher_due_date(last_training: date | None) -> date | None:
    """When the next refresher is due (None: never trained, due at once)."""
    return None if last_training is None else add_months(last_training, REFRESHER_MONTHS)


def is_refresher_due(last_training: date | None, today: date) -> bool:
    due = refresher_due_date(last_training)
    return due is None or due < today


def last_training_sql(table: Any = None) -> ColumnElement[date]:
    """Correlated subquery: the date of the MCS's last live training (None: never trained)."""
    mcs = Mcs.__table__ if table is None else table
    training = McsTraining.__table__
    return (
        sa.select(sa.func.max(training.c.training_date))
        .where(training.c.mcs_id == mcs.c.id, training.c.deleted.is_(False))
        .scalar_subquery()
    )


def refresher_due_sql(today: date) -> ColumnElement[bool]:
    """SQL: an active MCS with no training since ``today`` - 12 months."""
    mcs = Mcs.__table__
    last = last_training_sql()
    return sa.and_(
        mcs.c.status.in_(statuses_tagged("mcs", "active")),
        sa.or_(last.is_(None), last < add_months(today, -REFRESHER_MONTHS)),
    )


# --- One MCS -----------------------------------------------------------------------------------


class TrainingLine(NamedTuple):
    id: str
    kind: str
    training_date: date


class EquipmentLine(NamedTuple):
    id: str
    item: str
    handed_over_date: date | None
    expiry_date: date | None


class CommuneLine(NamedTuple):
    id: str
    commune_code: str
    commune_name: str
    localite: str | None


class InterventionLine(NamedTuple):
    id: str
    intervention_date: date
    commune_name: str
    localite: str | None
    smur_engaged: bool


@dataclass(frozen=True)
class McsDetail:
    """What an MCS's page shows beside the MCS's own fields (lists newest first)."""

    trainings: list[TrainingLine]
    equipment: list[EquipmentLine]
    communes: list[CommuneLine]
    interventions: list[InterventionLine]

    @property
    def last_training(self) -> date | None:
        return max((t.training_date for t in self.trainings), default=None)

    @property
    def refresher_due(self) -> date | None:
        return refresher_due_date(self.last_training)

    def expired_equipment(self, today: date) -> list[EquipmentLine]:
        return [e for e in self.equipment if e.expiry_date is not None and e.expiry_date < today]


def mcs_detail(connection: Connection, mcs_id: str) -> McsDetail:
    training, equipment, covered, intervention, commune = tables(
        McsTraining, McsEquipment, McsCommune, McsIntervention, Commune
    )
    lines = partial(live_lines, connection, mcs_id)
    return McsDetail(
        trainings=lines(
            TrainingLine, training.c.mcs_id, (training.c.training_date.desc(), training.c.id)
        ),
        equipment=lines(EquipmentLine, equipment.c.mcs_id, (equipment.c.item, equipment.c.id)),
        communes=lines(
            CommuneLine,
            covered.c.mcs_id,
            (commune.c.name, covered.c.localite.nulls_first(), covered.c.id),
        ),
        interventions=lines(
            InterventionLine,
            intervention.c.mcs_id,
            (intervention.c.intervention_date.desc(), intervention.c.id),
        ),
    )


# --- MCS due for their refresher -----------------------------------------------------------------


@dataclass(frozen=True)
class McsDue:
    id: str
    professional_name: str
    samu_attachment: str
    last_training: date | None

    @property
    def due_since(self) -> date | None:
        return refresher_due_date(self.last_training)


def mcs_due_for_refresher(
    connection: Connection, today: date, *, ars_code: str | None = None
) -> list[McsDue]:
    """Active MCS whose last training is more than 12 months old (or who have none), the
    longest overdue first."""
    mcs = Mcs.__table__
    pro = Professional.__table__
    last = last_training_sql().label("last_training")
    query = (
        sa.select(
            mcs.c.id,
            (pro.c.last_name + " " + pro.c.first_name).label("professional_name"),
            mcs.c.samu_attachment,
            last,
        )
        .select_from(mcs.join(pro, mcs.c.professional_id == pro.c.id))
        .where(mcs.c.deleted.is_(False), refresher_due_sql(today))
        .order_by(last.nulls_first(), "professional_name", mcs.c.id)
    )
    return made_of(connection, McsDue, for_ars(query, mcs, ars_code))


# --- Coverage per territory ---------------------------------------------------------------------


@dataclass(frozen=True)
class CoverageRow:
    """The 30-minute coverage of one territory."""

    code: str
    name: str
    #: Places (communes or localités) with a measure.
    places: int
    population_beyond_30min: int
    population_covered_by_mcs: int
    #: Distinct active MCS covering at least one commune of the territory.
    active_mcs: int
    #: Of those, how many are due for their yearly refresher.
    mcs_due: int

    @property
    def still_beyond(self) -> int:
        """Population still beyond 30 minutes once the MCS are counted (never negative)."""
        return max(self.population_beyond_30min - self.population_covered_by_mcs, 0)


def _territory_key(level: Level, commune: Any, record: Any) -> ColumnElement[str]:
    if level == "ars":
        return record.c.ars_code
    if level == "departement":
        return commune.c.departement_code
    return commune.c.code


def coverage_by_territory(
    connection: Connection,
    level: Level,
    *,
    today: date,
    on: date | None = None,
    ars_code: str | None = None,
    within: str | None = None,
) -> list[CoverageRow]:
    """Coverage per territory of ``level``, the most population still beyond 30 minutes first.

    ``on`` picks the measures (the latest on or before that date; default ``today``);
    ``today`` decides who is due for a refresher. ``within`` narrows to one département
    (for ``level="commune"``) or one ARS (for ``level="departement"``). Only territories with a
    measure or an active MCS appear.
    """
    if level not in LEVELS:
        raise ValueError(f"unknown territory level {level!r}")
    on = on or today
    cov = UrgentCareCoverage.__table__
    commune = Commune.__table__
    mcs = Mcs.__table__
    covered = McsCommune.__table__

    # The latest live measure of each place, on or before ``on``.
    latest = (
        sa.select(
            cov.c.commune_code,
            cov.c.localite,
            sa.func.max(cov.c.as_of).label("as_of"),
        )
        .where(cov.c.deleted.is_(False), cov.c.as_of <= on)
        .group_by(cov.c.commune_code, cov.c.localite)
        .subquery("latest")
    )
    measure = cov.join(
        latest,
        sa.and_(
            cov.c.commune_code == latest.c.commune_code,
            cov.c.localite.is_not_distinct_from(latest.c.localite),
            cov.c.as_of == latest.c.as_of,
        ),
    ).join(commune, cov.c.commune_code == commune.c.code)
    key = _territory_key(level, commune, cov).label("code")
    measures = sa.select(
        key,
        sa.func.count().label("places"),
        sa.func.sum(cov.c.population_beyond_30min).label("beyond"),
        sa.func.sum(cov.c.population_covered_by_mcs).label("covered"),
    ).select_from(measure)
    measures = measures.where(
        cov.c.deleted.is_(False), *_scope(level, commune, cov, ars_code, within)
    )
    sums = {r.code: r for r in connection.execute(measures.group_by(key))}

    # Distinct active MCS per territory, and how many of them are due.
    mcs_key = _territory_key(level, commune, mcs).label("code")
    due = refresher_due_sql(today)
    served = (
        sa.select(mcs_key, mcs.c.id.label("mcs_id"), sa.case((due, 1), else_=0).label("due"))
        .select_from(
            mcs.join(covered, covered.c.mcs_id == mcs.c.id).join(
                commune, covered.c.commune_code == commune.c.code
            )
        )
        .where(
            mcs.c.deleted.is_(False),
            covered.c.deleted.is_(False),
            mcs.c.status.in_(statuses_tagged("mcs", "active")),
            *_scope(level, commune, mcs, ars_code, within),
        )
        .distinct()
        .subquery("served")
    )
    counts = {
        r.code: r
        for r in connection.execute(
            sa.select(
                served.c.code,
                sa.func.count().label("active"),
                sa.func.sum(served.c.due).label("due"),
            ).group_by(served.c.code)
        )
    }
    codes = sums.keys() | counts.keys()
    names = _names(connection, level, codes)
    rows = [
        CoverageRow(
            code=code,
            name=names.get(code, code),
            places=sums[code].places if code in sums else 0,
            population_beyond_30min=int(sums[code].beyond or 0) if code in sums else 0,
            population_covered_by_mcs=int(sums[code].covered or 0) if code in sums else 0,
            active_mcs=counts[code].active if code in counts else 0,
            mcs_due=int(counts[code].due or 0) if code in counts else 0,
        )
        for code in codes
    ]
    rows.sort(key=lambda row: (-row.still_beyond, -row.population_beyond_30min, row.name))
    return rows


def _scope(
    level: Level, commune: Any, record: Any, ars_code: str | None, within: str | None
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if ars_code is not None:
        conditions.append(record.c.ars_code == ars_code)
    if within is not None:
        if level == "commune":
            conditions.append(commune.c.departement_code == within)
        elif level == "departement":
            conditions.append(record.c.ars_code == within)
    return conditions


def _names(connection: Connection, level: Level, codes: set[str]) -> dict[str, str]:
    if not codes:
        return {}
    table = {"ars": Ars, "departement": Departement, "commune": Commune}[level].__table__
    return dict(
        connection.execute(
            sa.select(table.c.code, table.c.name).where(table.c.code.in_(sorted(codes)))
        ).all()
    )
