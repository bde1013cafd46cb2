"""Aides et contrats: when a CESP, PTMG or CDE ends, which ones are running, which end soon.

The end of a contract is *computed* from its start and the rules of DOMAIN.md, the same way in
Python (:func:`contract_end`, for a record page) and in SQL (:func:`contract_end_sql`, for lists
sorted or filtered on it, paged by SQLite):

=====  ===========================================================================================
CESP   start + max(24, months of allowance paid) months (:func:`storage.rules.cesp_commitment_end`)
PTMG   start + 12 months, 24 once renewed (status "Renouvelé", or an end typed past 12 months)
CDE    start + 36 months
other  the end date typed on the record (aids of the Assurance maladie, of collectivités)
=====  ===========================================================================================

A contract without a start date has no computed end (a CESP student not yet committed).

>>> contract_end("cesp", "engagement_en_cours", date(2024, 1, 31), months_paid=13)
datetime.date(2026, 1, 31)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy import ColumnElement, Connection

from storage.models import AidContract, Professional
from storage.rules import CESP_MINIMUM_COMMITMENT_MONTHS, add_months, cesp_commitment_end

#: PTMG: one year, renewable once (DOMAIN.md).
PTMG_MONTHS = 12
PTMG_RENEWED_MONTHS = 24
#: CDE (contrat de début d'exercice): three years.
CDE_MONTHS = 36
#: "Ending soon" on the dashboard and in the section: within this many months.
ENDING_SOON_MONTHS = 6

#: The kinds whose end is computed from the rules.
COMPUTED_KINDS = ("cesp", "ptmg", "cde")

#: Workflow states in which a contract is running (signed and not over), by kind.
RUNNING_STATES: dict[str, frozenset[str]] = {
    "cesp": frozenset({"signe", "allocation_en_cours", "choix_du_lieu", "engagement_en_cours"}),
    "ptmg": frozenset({"signe", "en_cours", "renouvele"}),
    "cde": frozenset({"signe", "en_cours", "renouvele"}),
}


def contract_end(
    kind: str,
    status: str | None,
    start: date | None,
    *,
    months_paid: int | None = None,
    end_date: date | None = None,
) -> date | None:
    """The end of an aid or contract by the rules (see the module docstring)."""
    if kind not in COMPUTED_KINDS:
        return end_date
    if start is None:
        return None
    if kind == "cesp":
        return cesp_commitment_end(start, months_paid or 0)
    if kind == "cde":
        return add_months(start, CDE_MONTHS)
    renewed = status == "renouvele" or (
        end_date is not None and end_date > add_months(start, PTMG_MONTHS)
    )
    return add_months(start, PTMG_RENEWED_MONTHS if renewed else PTMG_MONTHS)


def record_end(record: dict[str, Any]) -> date | None:
    """:func:`contract_end` of a record as :meth:`storage.store.Store.get` returns it."""
    return contract_end(
        record["kind"],
        record.get("status"),
        record.get("start_date"),
        months_paid=record.get("months_paid"),
        end_date=record.get("end_date"),
    )


def is_running(kind: str, status: str | None) -> bool:
    return status in RUNNING_STATES.get(kind, frozenset())


def _add_months_sql(start: Any, months: Any) -> ColumnElement[Any]:
    """SQLite text of ``start`` + ``months`` months, clipped to the month's end like
    :func:`storage.rules.add_months` (SQLite's own '+N months' would run over: 31/01 + 1 month
    gives 03/03)."""
    day = sa.cast(sa.func.strftime("%d", start), sa.Integer)
    same_day = sa.func.date(
        start,
        "start of month",
        sa.func.printf("%+d months", months),
        sa.func.printf("%+d days", day - 1),
    )
    month_end = sa.func.date(
        start, "start of month", sa.func.printf("%+d months", months + 1), "-1 day"
    )
    # Scalar min() of two ISO dates: text order is date order.
    return sa.func.min(same_day, month_end)


def contract_end_sql(table: Any = None) -> ColumnElement[date]:
    """:func:`contract_end` as a SQL expression on the ``aid_contract`` table (a ``Date``)."""
    aid = AidContract.__table__ if table is None else table
    c = aid.c
    cesp_months = sa.func.max(CESP_MINIMUM_COMMITMENT_MONTHS, sa.func.coalesce(c.months_paid, 0))
    renewed = sa.or_(
        c.status == "renouvele",
        sa.and_(c.end_date.is_not(None), c.end_date > _add_months_sql(c.start_date, PTMG_MONTHS)),
    )
    ptmg_months = sa.case((renewed, PTMG_RENEWED_MONTHS), else_=PTMG_MONTHS)
    months = sa.case(
        (c.kind == "cesp", cesp_months),
        (c.kind == "ptmg", ptmg_months),
        else_=CDE_MONTHS,
    )
    computed = sa.case(
        (c.start_date.is_(None), sa.null()),
        else_=_add_months_sql(c.start_date, months),
    )
    end = sa.case((c.kind.in_(COMPUTED_KINDS), computed), else_=c.end_date)
    return sa.type_coerce(end, sa.Date)


def running_condition(table: Any = None) -> ColumnElement[bool]:
    """SQL: the contract is a CESP, PTMG or CDE in a running state (see :data:`RUNNING_STATES`)."""
    aid = AidContract.__table__ if table is None else table
    return sa.or_(
        *(
            sa.and_(aid.c.kind == kind, aid.c.status.in_(sorted(states)))
            for kind, states in RUNNING_STATES.items()
        )
    )


@dataclass(frozen=True)
class EndingContract:
    """A running contract whose computed end falls within the window."""

    id: str
    professional_name: str
    kind: str
    status: str
    start_date: date | None
    end: date


@dataclass(frozen=True)
class ContractCounts:
    """Running CESP/PTMG/CDE by kind, and how many of them end within six months."""

    running: dict[str, int]
    ending_soon: dict[str, int]

    @property
    def total_running(self) -> int:
        return sum(self.running.values())

    @property
    def total_ending_soon(self) -> int:
        return sum(self.ending_soon.values())


def ending_soon_conditions(
    today: date, months: int = ENDING_SOON_MONTHS, table: Any = None
) -> list[ColumnElement[bool]]:
    """SQL: a running contract whose computed end is between ``today`` and ``months`` later."""
    end = contract_end_sql(table)
    return [running_condition(table), end >= today, end <= add_months(today, months)]


def _ending_where(today: date, months: int, ars_code: str | None) -> list[ColumnElement[bool]]:
    aid = AidContract.__table__
    conditions = [aid.c.deleted.is_(False), *ending_soon_conditions(today, months)]
    if ars_code is not None:
        conditions.append(aid.c.ars_code == ars_code)
    return conditions


def contracts_ending(
    connection: Connection,
    today: date,
    *,
    months: int = ENDING_SOON_MONTHS,
    ars_code: str | None = None,
    limit: int = 200,
) -> list[EndingContract]:
    """Running contracts whose computed end is between ``today`` and ``months`` months later,
    soonest first (at most ``limit``: the count is in :func:`contract_counts`)."""
    aid = AidContract.__table__
    pro = Professional.__table__
    end = contract_end_sql().label("end")
    rows = connection.execute(
        sa.select(
            aid.c.id,
            (pro.c.last_name + " " + pro.c.first_name).label("name"),
            aid.c.kind,
            aid.c.status,
            aid.c.start_date,
            end,
        )
        .select_from(aid.join(pro, aid.c.professional_id == pro.c.id))
        .where(*_ending_where(today, months, ars_code))
        .order_by(end, aid.c.id)
        .limit(limit)
    ).all()
    return [
        EndingContract(row.id, row.name, row.kind, row.status, row.start_date, row.end)
        for row in rows
    ]


def contract_counts(
    connection: Connection,
    today: date,
    *,
    months: int = ENDING_SOON_MONTHS,
    ars_code: str | None = None,
) -> ContractCounts:
    """How many CESP/PTMG/CDE are running, and end within ``months`` months, by kind."""
    aid = AidContract.__table__
    scope = [aid.c.deleted.is_(False), running_condition()]
    if ars_code is not None:
        scope.append(aid.c.ars_code == ars_code)
    running = dict(
        connection.execute(
            sa.select(aid.c.kind, sa.func.count()).where(*scope).group_by(aid.c.kind)
        ).all()
    )
    ending = dict(
        connection.execute(
            sa.select(aid.c.kind, sa.func.count())
            .where(*_ending_where(today, months, ars_code))
            .group_by(aid.c.kind)
        ).all()
    )
    return ContractCounts(
        running={kind: running.get(kind, 0) for kind in COMPUTED_KINDS},
        ending_soon={kind: ending.get(kind, 0) for kind in COMPUTED_KINDS},
    )
