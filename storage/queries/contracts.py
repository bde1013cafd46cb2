"""Aides et contrats: when a CESP, PTMG or CDE ends, which ones are running, which end soon.

The end of a contract is *computed* from its dates and the rules of
:mod:`storage.records.contract_rules` (figures in ``contract_rules.toml``), the same way in Python
(:func:`contract_end`, for a record page) and in SQL (:func:`contract_end_sql`, for lists sorted
or filtered on it, paged by SQLite):

=====  ===========================================================================================
CESP   start of practice + max(24, months of allowance paid) months
PTMG   start + 12 months, 24 once renewed (status "Renouvelé", or an end typed past 12 months)
CDE    start + 36 months
other  the end date typed on the record (aids, PTMA/PTMR/PIAS of the history)
=====  ===========================================================================================

A contract is *en cours* on a day when its status is a running one and, on that day, it has
started and not ended (:func:`storage.records.contract_rules.in_force_on`): the dashboard, the
report and the Contrats section all count with :func:`contract_counts`. A CESP without a start of
practice has no end yet (a student still paid).

>>> contract_end("cesp", "engagement_en_cours", None, months_paid=13,
...              practice_start=date(2024, 1, 31))
datetime.date(2026, 1, 31)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy import ColumnElement, Connection

from storage.models import AidContract, Professional
from storage.records.contract_rules import COMPUTED_KINDS, contract_end, contract_rules
from storage.records.rules import add_months
from storage.records.workflows import statuses_tagged

__all__ = ["COMPUTED_KINDS", "contract_end"]

#: "Ending soon" on the dashboard and in the section: within this many months.
ENDING_SOON_MONTHS = 6


def running_states() -> dict[str, tuple[str, ...]]:
    """Workflow states in which a contract is running (signed and not over), by kind: the
    states tagged ``running`` in workflows.toml."""
    return {
        kind: statuses_tagged("aid_contract", "running", {"kind": kind}) for kind in COMPUTED_KINDS
    }


def record_end(record: dict[str, Any]) -> date | None:
    """:func:`contract_end` of a record as :meth:`storage.records.store.Store.get` returns it."""
    return contract_end(
        record["kind"],
        record.get("status"),
        record.get("start_date"),
        months_paid=record.get("months_paid"),
        end_date=record.get("end_date"),
        practice_start=record.get("practice_start_date"),
    )


def is_running(kind: str, status: str | None) -> bool:
    return status in running_states().get(kind, ())


def _add_months_sql(start: Any, months: Any) -> ColumnElement[Any]:
    """SQLite text of ``start`` + ``months`` months, clipped to the month's end like
    :func:`storage.records.rules.add_months` (SQLite's own '+N months' would run over: 31/01 + 1
    month
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
    rules = contract_rules()
    cesp_months = sa.func.max(rules.cesp_min_commitment_months, sa.func.coalesce(c.months_paid, 0))
    renewed = sa.or_(
        c.status.in_(statuses_tagged("aid_contract", "renewed", {"kind": "ptmg"})),
        sa.and_(
            c.end_date.is_not(None),
            c.end_date > _add_months_sql(c.start_date, rules.ptmg_months),
        ),
    )
    ptmg_months = sa.case((renewed, rules.ptmg_renewed_months), else_=rules.ptmg_months)
    months = sa.case((c.kind == "ptmg", ptmg_months), else_=rules.cde_months)
    computed = sa.case(
        (c.start_date.is_(None), sa.null()),
        else_=_add_months_sql(c.start_date, months),
    )
    cesp = sa.case(
        (c.practice_start_date.is_(None), sa.null()),
        else_=_add_months_sql(c.practice_start_date, cesp_months),
    )
    end = sa.case(
        (c.kind == "cesp", cesp),
        (c.kind.in_(COMPUTED_KINDS), computed),
        else_=c.end_date,
    )
    return sa.type_coerce(end, sa.Date)


def running_condition(table: Any = None) -> ColumnElement[bool]:
    """SQL: the contract is a CESP, PTMG or CDE in a running state (:func:`running_states`)."""
    aid = AidContract.__table__ if table is None else table
    return sa.or_(
        *(
            sa.and_(aid.c.kind == kind, aid.c.status.in_(states))
            for kind, states in running_states().items()
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


def in_force_conditions(today: date, table: Any = None) -> list[ColumnElement[bool]]:
    """SQL: the contract is "en cours" on ``today``: a running status, started by then and not
    ended (its computed end not past; :func:`storage.records.contract_rules.in_force_on`)."""
    aid = AidContract.__table__ if table is None else table
    end = contract_end_sql(aid)
    return [
        running_condition(aid),
        sa.or_(aid.c.start_date.is_(None), aid.c.start_date <= today),
        sa.or_(end.is_(None), end >= today),
    ]


def ending_soon_conditions(
    today: date, months: int = ENDING_SOON_MONTHS, table: Any = None
) -> list[ColumnElement[bool]]:
    """SQL: a contract en cours on ``today`` whose computed end is at most ``months`` later."""
    end = contract_end_sql(table)
    return [*in_force_conditions(today, table), end <= add_months(today, months)]


def _ending_where(today: date, months: int, ars_code: str | None) -> list[ColumnElement[bool]]:
    aid = AidContract.__table__
    conditions = [aid.c.deleted.is_(False), *ending_soon_conditions(today, months)]
    if ars_code is not None:
        conditions.append(aid.c.ars_code == ars_code)
    return conditions


def text_condition(sql: str, params: dict[str, Any]) -> ColumnElement[bool]:
    """A condition written in SQL text (a territory filter of :mod:`storage.queries.territories`)
    with the bind parameters it uses."""
    used = {key: value for key, value in params.items() if re.search(rf":{key}\b", sql)}
    return sa.text(sql).bindparams(**used)  # type: ignore[return-value]


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
    table: Any = None,
    scope: ColumnElement[bool] | None = None,
) -> ContractCounts:
    """How many CESP/PTMG/CDE are en cours on ``today``, and end within ``months`` months, by
    kind (see the module docstring). ``table`` may be an alias of ``aid_contract`` that
    ``scope``, a condition on it, narrows to a territory; ``ars_code`` narrows to one ARS."""
    aid = AidContract.__table__ if table is None else table
    where = [aid.c.deleted.is_(False), *in_force_conditions(today, aid)]
    if ars_code is not None:
        where.append(aid.c.ars_code == ars_code)
    if scope is not None:
        where.append(scope)
    soon = contract_end_sql(aid) <= add_months(today, months)
    rows = connection.execute(
        sa.select(aid.c.kind, sa.func.count(), sa.func.sum(sa.case((soon, 1), else_=0)))
        .where(*where)
        .group_by(aid.c.kind)
    ).all()
    found = {kind: (int(count), int(ending or 0)) for kind, count, ending in rows}
    return ContractCounts(
        running={kind: found.get(kind, (0, 0))[0] for kind in COMPUTED_KINDS},
        ending_soon={kind: found.get(kind, (0, 0))[1] for kind in COMPUTED_KINDS},
    )
