"""The figures of the Tableau de bord for one territory, on one day: pure SQL aggregates.

:func:`dashboard_figures` reads everything in one read transaction (so the figures agree with
each other) and returns a frozen :class:`Dashboard`. ``today`` is a parameter, never read from
the clock here: tests and snapshots pass a fixed day. Records are placed in the territory by
:mod:`storage.territories` (ARS: the record's scope; below: its commune).

What each figure counts (live records only, ``deleted = 0``):

- installations: projects per status; *installed this year*: an ``installation_date`` from
  1 January to ``today`` with status Installé(e) or Suivi post-installation (the same rule gives
  the 24-month trend, ``today``'s month included); *overdue follow-ups*: a ``next_action_due``
  before ``today`` on a project still open (not final, not an exit of the workflow).
- MSP per status; *opened with unfilled posts*: the MSP section's list
  (:func:`storage.msp_queries.opened_msp_with_vacancies`: opened, En difficulté only once opened,
  at least one profession where fewer are present than planned), counted for the territory.
- urgent care: the latest measure (on or before ``today``) of each commune or localité, summed;
  MCS with status Actif; *refresher due*: an active MCS whose last training (initial or refresher)
  is more than 11 months old (the yearly refresher falls within a month or is late), or none.
- CESP, PTMG, CDE *en cours* on ``today`` (a running status, started and not ended by their
  computed end) and among them those ending within the next 6 months: the same function as the
  Contrats section (:func:`storage.contract_queries.contract_counts`).
- missions: done (Réalisée or Indemnisée), their days; indemnities due (Réalisée, not yet paid)
  and paid (Indemnisée), days x 200 € (:data:`storage.rules.MISSION_DAY_RATE_CENTS`).
- national indicators beside the territory's own figure (see :data:`INDICATOR_FIGURES`), with
  the national target prorated to the territory's population.

On 100,000 installation projects an ARS takes a few tens of milliseconds
(``bench/bench_dashboard.py``). Nothing at module level imports SQLAlchemy: the dashboard
screen imports this module for its first frame.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from storage.territories import Territory, Zoning

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

#: Months of the installations trend.
TREND_MONTHS = 24
#: "Ending soon" for a contract: within this many months.
ENDING_SOON_MONTHS = 6
#: An MCS is due for its yearly refresher when its last training is this old or older.
REFRESHER_DUE_AFTER = timedelta(days=365 - 30)

INSTALLED_STATUSES: tuple[str, ...] = ("installe", "suivi_post_installation")
#: The MSP that count as "en fonctionnement" against the national figure.
WORKING_MSP_STATUSES: tuple[str, ...] = ("ouverte", "aci_signe", "en_fonctionnement")
CONTRACT_KINDS: tuple[str, ...] = ("cesp", "ptmg", "cde")
#: Contracts in force, per kind (workflows.toml: cesp, contrat).
RUNNING_STATUSES: dict[str, tuple[str, ...]] = {
    "cesp": ("signe", "allocation_en_cours", "choix_du_lieu", "engagement_en_cours"),
    "ptmg": ("signe", "en_cours", "renouvele"),
    "cde": ("signe", "en_cours", "renouvele"),
}
#: Contracts that were signed at some point (running, ended normally, or suspended).
SIGNED_STATUSES: dict[str, tuple[str, ...]] = {
    "cesp": (*RUNNING_STATUSES["cesp"], "engagement_accompli", "suspendu"),
    "ptmg": (*RUNNING_STATUSES["ptmg"], "termine"),
    "cde": (*RUNNING_STATUSES["cde"], "termine"),
}
MISSION_DONE_STATUSES: tuple[str, ...] = ("realisee", "indemnisee")

#: National indicator code -> what the territory's own figure is (a key of ``_territory_figures``).
INDICATOR_FIGURES: dict[str, str] = {
    "msp_nombre": "msp_working",
    "mcs_nombre": "mcs_active",
    "installations_aidees": "ptmg_cde_signed",
    "ptmg_signes": "ptmg_signed",
    "cesp_signes": "cesp_signed",
    "assistants_medicaux_contrats": "medical_assistants",
    "zones_prioritaires": "priority_zones",
}


@dataclass(frozen=True)
class ContractFigures:
    running: int
    ending_soon: int


@dataclass(frozen=True)
class IndicatorRow:
    """One national indicator beside the territory's figure."""

    code: str
    label: str
    territory_value: int
    #: The latest national figure measured ("réalisé") and its year, if any.
    national_value: float | None
    national_year: int | None
    #: The latest national target ("cible") and its year, if any.
    target: float | None
    target_year: int | None
    #: ``target`` x the territory's share of the national population (None without target).
    territory_target: float | None

    @property
    def progress(self) -> float | None:
        """Territory's figure / its prorated target, capped at 1 (None without target)."""
        if not self.territory_target:
            return None
        return min(1.0, self.territory_value / self.territory_target)


@dataclass(frozen=True)
class Dashboard:
    """Every figure of the Tableau de bord for one territory on one day."""

    territory: Territory
    today: date
    population: int
    commune_count: int
    zoning: Zoning
    #: Zones prioritaires (EPCI) in the territory and the population of their communes there.
    priority_epci: int
    priority_population: int

    projects_by_status: dict[str, int]
    installed_this_year: int
    overdue_followups: int
    #: (first day of the month, installations), oldest first, :data:`TREND_MONTHS` of them.
    installations_by_month: list[tuple[date, int]]

    msp_by_status: dict[str, int]
    msp_open_unfilled: int
    msp_unfilled_posts: int

    population_beyond_30min: int
    coverage_as_of: date | None
    mcs_active: int
    mcs_refresher_due: int

    contracts: dict[str, ContractFigures]

    missions_done: int
    mission_days_done: int
    indemnities_due_cents: int
    indemnities_paid_cents: int

    indicators: list[IndicatorRow] = field(default_factory=list)
    #: Local edits waiting to be sent (the whole database, not the territory).
    pending_changes: int = 0
    #: Time the figures took, in seconds (shown by the bench).
    seconds: float = 0.0

    @property
    def is_priority(self) -> bool:
        return self.priority_epci > 0

    @property
    def project_total(self) -> int:
        return sum(self.projects_by_status.values())


def _month_start(day: date, back: int) -> date:
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def _in_list(name: str, values: tuple[str, ...]) -> tuple[str, dict[str, str]]:
    """An SQL ``IN (:name_0, ...)`` list and its parameters."""
    names = {f"{name}_{i}": value for i, value in enumerate(values)}
    return "(" + ", ".join(f":{key}" for key in names) + ")", names


def _open_statuses() -> tuple[str, ...]:
    """Installation statuses still being followed: neither final nor exits."""
    from storage.workflows import workflow_for

    workflow = workflow_for("installation_project", {})
    closed = {code for code, state in workflow.states.items() if state.is_final or state.is_exit}
    return tuple(code for code in workflow.states if code not in closed)


def dashboard_figures(
    engine: Engine, territory: Territory, today: date, *, pending: bool = True
) -> Dashboard:
    """Count everything the dashboard shows of ``territory`` on ``today``."""
    from storage.db import read_connection

    started = time.perf_counter()
    with read_connection(engine) as connection:
        figures = _figures(connection, territory, today, pending=pending)
    return _replace_seconds(figures, time.perf_counter() - started)


def _replace_seconds(figures: Dashboard, seconds: float) -> Dashboard:
    from dataclasses import replace

    return replace(figures, seconds=seconds)


def _figures(
    connection: Connection, territory: Territory, today: date, *, pending: bool
) -> Dashboard:
    from sqlalchemy import text

    from storage import territories
    from storage.rules import MISSION_DAY_RATE_CENTS

    base = territories.params(territory)

    def rows(sql: str, **extra: Any) -> list[Any]:
        return connection.execute(text(sql), {**base, **extra}).all()

    def where(alias: str, entity: str) -> str:
        return f"{alias}.deleted = 0 AND {territories.record_filter(territory, alias, entity)}"

    population, communes = territories.population_of(connection, territory)
    priority_epci, priority_population = territories.priority_zones_in(connection, territory)

    # --- Installation projects: one pass over them, grouped by status and month of
    # installation, gives the statuses, the installations of the year and of the trend, and
    # the overdue follow-ups.
    open_sql, open_values = _in_list("open", _open_statuses())
    first_month = _month_start(today, TREND_MONTHS - 1)
    jan1, today_iso = date(today.year, 1, 1).isoformat(), today.isoformat()
    projects_by_status: dict[str, int] = {}
    per_month: dict[str, int] = {}
    installed_this_year = overdue = 0
    for status, day, count, late in rows(
        "SELECT p.status, CASE WHEN p.installation_date BETWEEN :first AND :today"
        " THEN p.installation_date END AS day, COUNT(*),"
        f" SUM(p.status IN {open_sql} AND p.next_action_due < :today)"
        f" FROM installation_project p WHERE {where('p', 'installation_project')}"
        " GROUP BY p.status, day",
        **open_values,
        first=first_month.isoformat(),
        today=today_iso,
    ):
        projects_by_status[status] = projects_by_status.get(status, 0) + int(count)
        overdue += int(late or 0)
        if day is not None and status in INSTALLED_STATUSES:
            day = str(day)[:10]
            per_month[day[:7]] = per_month.get(day[:7], 0) + int(count)
            if day >= jan1:
                installed_this_year += int(count)
    trend = []
    for back in range(TREND_MONTHS - 1, -1, -1):
        month = _month_start(today, back)
        trend.append((month, per_month.get(month.isoformat()[:7], 0)))

    # --- MSP.
    msp_by_status = {
        status: int(count)
        for status, count in rows(
            f"SELECT m.status, COUNT(*) FROM msp_project m WHERE {where('m', 'msp_project')}"
            # Centres de santé (FINESS 124) are followed as msp_project too: not MSP figures.
            " AND m.kind = 'msp' GROUP BY m.status"
        )
    }
    # The MSP section's own query: one figure, one meaning.
    from storage.msp_queries import opened_msp_with_vacancies

    vacancies = opened_msp_with_vacancies(
        connection,
        territory_sql=territories.record_filter(territory, "m", "msp_project"),
        params=base,
    )
    unfilled_msp, unfilled_posts = len(vacancies), sum(msp.unfilled for msp in vacancies)

    # --- Urgent care and MCS.
    beyond, as_of = rows(
        "SELECT COALESCE(SUM(u.population_beyond_30min), 0), MAX(u.as_of)"
        f" FROM urgent_care_coverage u WHERE {where('u', 'urgent_care_coverage')}"
        " AND u.as_of = (SELECT MAX(v.as_of) FROM urgent_care_coverage v"
        "  WHERE v.commune_code = u.commune_code AND v.localite IS u.localite"
        "  AND v.deleted = 0 AND v.as_of <= :today)",
        today=today.isoformat(),
    )[0]
    mcs_active, refresher_due = rows(
        "SELECT COUNT(*), COALESCE(SUM(last IS NULL OR last <= :due_before), 0) FROM ("
        " SELECT (SELECT MAX(t.training_date) FROM mcs_training t"
        "  WHERE t.mcs_id = m.id AND t.deleted = 0 AND t.training_date <= :today) AS last"
        f" FROM mcs m WHERE {where('m', 'mcs')} AND m.status = 'actif')",
        today=today.isoformat(),
        due_before=(today - REFRESHER_DUE_AFTER).isoformat(),
    )[0]

    # --- Contracts: CESP, PTMG, CDE. Running and ending soon by their computed dates, with the
    # same function as the Contrats section; signed ones (national indicators) by status.
    kinds_sql, kinds_values = _in_list("kind", CONTRACT_KINDS)
    by_kind_status = {
        (kind, status): int(count)
        for kind, status, count in rows(
            "SELECT a.kind, a.status, COUNT(*)"
            f" FROM aid_contract a WHERE {where('a', 'aid_contract')} AND a.kind IN {kinds_sql}"
            " GROUP BY a.kind, a.status",
            **kinds_values,
        )
    }
    contracts = _contract_figures(connection, today, where("a", "aid_contract"), base)
    signed = {
        kind: sum(by_kind_status.get((kind, s), 0) for s in SIGNED_STATUSES[kind])
        for kind in CONTRACT_KINDS
    }

    # --- Missions de solidarité territoriale.
    done, days_done, days_due, days_paid = rows(
        "SELECT COALESCE(SUM(s.status IN ('realisee', 'indemnisee')), 0),"
        " COALESCE(SUM(CASE WHEN s.status IN ('realisee', 'indemnisee') THEN s.days END), 0),"
        " COALESCE(SUM(CASE WHEN s.status = 'realisee' THEN s.days END), 0),"
        " COALESCE(SUM(CASE WHEN s.status = 'indemnisee' THEN s.days END), 0)"
        f" FROM solidarity_mission s WHERE {where('s', 'solidarity_mission')}"
    )[0]

    # --- The territory's own figures for the national indicators.
    own = _territory_figures(rows, where, signed, msp_by_status, mcs_active)
    own["priority_zones"] = priority_epci
    indicators = _indicators(connection, own, population)

    pending_count = 0
    if pending:
        pending_count = int(
            connection.execute(
                text("SELECT COUNT(*) FROM outbox_op WHERE state = 'pending'")
            ).scalar_one()
        )

    return Dashboard(
        territory=territory,
        today=today,
        population=population,
        commune_count=communes,
        zoning=territories.zoning_on(connection, territory, today),
        priority_epci=priority_epci,
        priority_population=priority_population,
        projects_by_status=projects_by_status,
        installed_this_year=installed_this_year,
        overdue_followups=overdue,
        installations_by_month=trend,
        msp_by_status=msp_by_status,
        msp_open_unfilled=int(unfilled_msp),
        msp_unfilled_posts=int(unfilled_posts),
        population_beyond_30min=int(beyond),
        coverage_as_of=date.fromisoformat(str(as_of)[:10]) if as_of else None,
        mcs_active=int(mcs_active),
        mcs_refresher_due=int(refresher_due),
        contracts=contracts,
        missions_done=int(done),
        mission_days_done=int(days_done),
        indemnities_due_cents=int(days_due) * MISSION_DAY_RATE_CENTS,
        indemnities_paid_cents=int(days_paid) * MISSION_DAY_RATE_CENTS,
        indicators=indicators,
        pending_changes=pending_count,
    )


def _contract_figures(
    connection: Connection, today: date, territory_sql: str, params: dict[str, Any]
) -> dict[str, ContractFigures]:
    """Contracts en cours on ``today`` and ending within six months, by kind, in the territory:
    :func:`storage.contract_queries.contract_counts` (computed ends, dates of the day)."""
    from storage.contract_queries import contract_counts, text_condition
    from storage.models import AidContract

    aid = AidContract.__table__.alias("a")  # type: ignore[attr-defined]
    counts = contract_counts(
        connection,
        today,
        months=ENDING_SOON_MONTHS,
        table=aid,
        scope=text_condition(territory_sql, params),
    )
    return {
        kind: ContractFigures(running=counts.running[kind], ending_soon=counts.ending_soon[kind])
        for kind in CONTRACT_KINDS
    }


def _territory_figures(
    rows: Any,
    where: Any,
    signed: dict[str, int],
    msp_by_status: dict[str, int],
    mcs_active: int,
) -> dict[str, int]:
    """The territory's figure for each key of :data:`INDICATOR_FIGURES` (zones apart)."""
    assistants = rows(
        "SELECT COUNT(*) FROM medical_assistant r"
        f" WHERE {where('r', 'medical_assistant')} AND r.status IN ('signe', 'en_poste')"
    )[0][0]
    return {
        "msp_working": sum(msp_by_status.get(status, 0) for status in WORKING_MSP_STATUSES),
        "mcs_active": mcs_active,
        "ptmg_cde_signed": signed["ptmg"] + signed["cde"],
        "ptmg_signed": signed["ptmg"],
        "cesp_signed": signed["cesp"],
        "medical_assistants": int(assistants),
    }


def _indicators(connection: Connection, own: dict[str, int], population: int) -> list[IndicatorRow]:
    """Latest national figure and target of each indicator the territory can be set against."""
    from sqlalchemy import text

    national_population = connection.execute(
        text("SELECT COALESCE(SUM(population), 0) FROM commune")
    ).scalar_one()
    latest: dict[tuple[str, str], tuple[int, float, str]] = {}
    for code, year, kind, label, value in connection.execute(
        text("SELECT code, year, kind, label, value FROM national_indicator ORDER BY year")
    ):
        latest[(code, kind)] = (int(year), float(value), label)
    result = []
    for code, figure in INDICATOR_FIGURES.items():
        measured = latest.get((code, "realise"))
        target = latest.get((code, "cible"))
        if measured is None and target is None:
            continue
        label = (target or measured)[2]  # type: ignore[index]
        share = None
        if target is not None and national_population:
            share = target[1] * population / national_population
        result.append(
            IndicatorRow(
                code=code,
                label=label,
                territory_value=own.get(figure, 0),
                national_value=measured[1] if measured else None,
                national_year=measured[0] if measured else None,
                target=target[1] if target else None,
                target_year=target[0] if target else None,
                territory_target=share,
            )
        )
    return result
