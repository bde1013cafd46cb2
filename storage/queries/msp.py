"""Projets de MSP: sites, staffing planned vs present, fundings, and the opened MSP left empty.

An MSP that opened with empty offices is a known failure ("maisons de santé vides", docs/DOMAIN.md):
:func:`opened_msp_with_vacancies` lists the opened MSP whose planned posts are not all filled,
and :func:`vacancies_sql` gives the number of unfilled posts of any MSP as a SQL expression, for
lists sorted or filtered on it. A post is unfilled when fewer professionals are present than
planned; more present than planned fills nothing elsewhere (two nurses do not replace a doctor).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy import ColumnElement, Connection

from storage.models import Commune, MspFunding, MspProject, MspSite, MspStaffing
from storage.queries.rows import for_ars, live_lines, made_of, tables
from storage.records.workflows import statuses_tagged


def opened_states() -> tuple[str, ...]:
    """Workflow states of an MSP that has opened its doors (tagged ``opened``)."""
    return statuses_tagged("msp_project", "opened")


class StaffingLine(NamedTuple):
    id: str
    profession: str
    planned: int
    present: int
    #: Posts planned and not filled (never negative): :func:`unfilled_sql`.
    unfilled: int


class SiteLine(NamedTuple):
    id: str
    commune_code: str
    commune_name: str
    localite: str | None
    qpv: bool
    finess: str | None
    is_main_site: bool


class FundingLine(NamedTuple):
    id: str
    funder: str
    amount_cents: int
    decision_date: date | None


@dataclass(frozen=True)
class MspDetail:
    """What an MSP's page shows beside the project's own fields."""

    sites: list[SiteLine]
    staffing: list[StaffingLine]
    fundings: list[FundingLine]
    #: Whether the MSP has opened (an opened MSP with unfilled posts must show).
    opened: bool

    @property
    def planned(self) -> int:
        return sum(line.planned for line in self.staffing)

    @property
    def present(self) -> int:
        return sum(line.present for line in self.staffing)

    @property
    def unfilled(self) -> int:
        return sum(line.unfilled for line in self.staffing)

    @property
    def funding_total_cents(self) -> int:
        return sum(line.amount_cents for line in self.fundings)


def is_opened(status: str | None, opening_date: date | None) -> bool:
    """An MSP is open in an opened state, or "En difficulté" after its opening date was set."""
    return status in opened_states() or (status == "en_difficulte" and opening_date is not None)


def opened_sql(table: Any = None) -> ColumnElement[bool]:
    """:func:`is_opened` in SQL."""
    msp = MspProject.__table__ if table is None else table
    return sa.or_(
        msp.c.status.in_(opened_states()),
        sa.and_(msp.c.status == "en_difficulte", msp.c.opening_date.is_not(None)),
    )


def unfilled_sql() -> ColumnElement[int]:
    """A staffing row's posts planned and not filled, never negative: more present than planned
    fills nothing elsewhere (two nurses do not replace a doctor)."""
    staff = MspStaffing.__table__
    return sa.func.max(staff.c.planned - staff.c.present, 0)


def vacancies_sql(table: Any = None) -> ColumnElement[int]:
    """Unfilled posts of each MSP row of ``table``: a correlated subquery (0 without staffing)."""
    msp = MspProject.__table__ if table is None else table
    staff = MspStaffing.__table__
    return (
        sa.select(sa.func.coalesce(sa.func.sum(unfilled_sql()), 0))
        .where(staff.c.msp_id == msp.c.id, staff.c.deleted.is_(False))
        .scalar_subquery()
    )


def msp_detail(connection: Connection, msp_id: str) -> MspDetail:
    """Sites (main site first), staffing (largest gap first) and fundings of one MSP."""
    msp, site, staff, funding, commune = tables(
        MspProject, MspSite, MspStaffing, MspFunding, Commune
    )
    project = connection.execute(
        sa.select(msp.c.status, msp.c.opening_date).where(msp.c.id == msp_id)
    ).one_or_none()
    lines = partial(live_lines, connection, msp_id)
    sites = lines(SiteLine, site.c.msp_id, (site.c.is_main_site.desc(), commune.c.name, site.c.id))
    staffing = sorted(
        lines(StaffingLine, staff.c.msp_id, named={"unfilled": unfilled_sql()}),
        key=lambda line: (-line.unfilled, line.profession),
    )
    fundings = lines(
        FundingLine,
        funding.c.msp_id,
        (funding.c.decision_date.nulls_last(), funding.c.funder, funding.c.id),
    )
    opened = project is not None and is_opened(project.status, project.opening_date)
    return MspDetail(sites, staffing, fundings, opened)


@dataclass(frozen=True)
class MspVacancy:
    """An opened MSP with posts planned and not filled."""

    id: str
    name: str
    status: str
    opening_date: date | None
    planned: int
    present: int
    unfilled: int


def opened_msp_with_vacancies(
    connection: Connection,
    *,
    ars_code: str | None = None,
    territory_sql: str | None = None,
    params: Mapping[str, Any] | None = None,
) -> list[MspVacancy]:
    """Opened MSP with unfilled planned posts, most unfilled first.

    The one definition behind the MSP section's list and the dashboard's "MSP ouvertes, postes
    non pourvus": ``territory_sql`` is the dashboard's territory filter on the MSP (alias ``m``)
    with its ``params``.
    """
    msp = MspProject.__table__.alias("m")
    staff = MspStaffing.__table__
    unfilled = sa.func.sum(unfilled_sql()).label("unfilled")
    query = (
        sa.select(
            msp.c.id,
            msp.c.name,
            msp.c.status,
            msp.c.opening_date,
            sa.func.sum(staff.c.planned).label("planned"),
            sa.func.sum(staff.c.present).label("present"),
            unfilled,
        )
        .select_from(msp.join(staff, staff.c.msp_id == msp.c.id))
        .where(
            msp.c.deleted.is_(False),
            staff.c.deleted.is_(False),
            msp.c.kind == "msp",  # a centre de santé is not an MSP
            opened_sql(msp),
        )
        .group_by(msp.c.id)
        .having(unfilled > 0)
        .order_by(unfilled.desc(), msp.c.name, msp.c.id)
    )
    query = for_ars(query, msp, ars_code)
    if territory_sql is not None:
        used = {
            name: value for name, value in (params or {}).items() if f":{name}" in territory_sql
        }
        query = query.where(sa.text(territory_sql).bindparams(**used))
    return made_of(connection, MspVacancy, query)


@dataclass(frozen=True)
class FundingTotal:
    funder: str
    count: int
    amount_cents: int


def funding_totals(connection: Connection, *, ars_code: str | None = None) -> list[FundingTotal]:
    """Fundings of live MSP projects by funder, largest amount first."""
    msp = MspProject.__table__
    funding = MspFunding.__table__
    amount = sa.func.sum(funding.c.amount_cents).label("amount")
    query = (
        sa.select(funding.c.funder, sa.func.count().label("count"), amount)
        .select_from(funding.join(msp, funding.c.msp_id == msp.c.id))
        .where(funding.c.deleted.is_(False), msp.c.deleted.is_(False))
        .group_by(funding.c.funder)
        .order_by(amount.desc(), funding.c.funder)
    )
    return [FundingTotal(*row) for row in connection.execute(for_ars(query, msp, ars_code))]
