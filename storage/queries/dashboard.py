"""The figures of the Tableau de bord for one territory, on one day: pure SQL aggregates.

:func:`dashboard_figures` reads everything in one read transaction (so the figures agree with
each other) and returns a frozen :class:`Dashboard`. ``today`` is a parameter, never read from
the clock here: tests and snapshots pass a fixed day. A former ARS (OI) is counted on its last
day instead (:func:`storage.queries.territories.counting_day`). Records are placed in the territory
by
:mod:`storage.queries.territories` (ARS: the record's scope; below: its commune).

What each figure counts (live records only, ``deleted = 0``):

- installations: projects per status; *installed this year*: an ``installation_date`` from
  1 January to ``today`` with status Installé(e) or Suivi post-installation (the same rule gives
  the 24-month trend, ``today``'s month included); *overdue follow-ups*: a ``next_action_due``
  before ``today`` on a project still open (not final, not an exit of the workflow).
- MSP per status; *opened with unfilled posts*: the MSP section's list
  (:func:`storage.queries.msp.opened_msp_with_vacancies`: opened, En difficulté only once opened,
  at least one profession where fewer are present than planned), counted for the territory.
- urgent care: the latest measure (on or before ``today``) of each commune or localité, summed;
  MCS with status Actif; *refresher due*: an active MCS whose last training (initial or refresher)
  is more than 11 months old (the yearly refresher falls within a month or is late), or none.
- CESP, PTMG, CDE *en cours* on ``today`` (a running status, started and not ended by their
  computed end) and among them those ending within the next 6 months: the same function as the
  Contrats section (:func:`storage.queries.contracts.contract_counts`).
- missions: done (Réalisée or Indemnisée), their days; indemnities due (Réalisée, not yet paid)
  and paid (Indemnisée), days x 200 € (:data:`storage.records.rules.MISSION_DAY_RATE_CENTS`).
- indicators: the territory's own figure (see :data:`INDICATOR_FIGURES`) beside dated national
  references (never prorated: no source sets a territory's target that way), the figures of the
  ARS Océan Indien results sheet for La Réunion or Mayotte, and the ARS's own objective
  (``regional_objective``), the only yardstick a progress is measured against.

On 100,000 installation projects an ARS takes a few tens of milliseconds
(``bench/bench_dashboard.py``). Nothing at module level imports SQLAlchemy: the dashboard
screen imports this module for its first frame.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from storage.queries.territories import Territory, Zoning

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

#: Months of the installations trend.
TREND_MONTHS = 24
#: "Ending soon" for a contract: within this many months.
ENDING_SOON_MONTHS = 6
#: An MCS is due for its yearly refresher when its last training is this old or older.
REFRESHER_DUE_AFTER = timedelta(days=365 - 30)

CONTRACT_KINDS: tuple[str, ...] = ("cesp", "ptmg", "cde")
# What counts as installed, opened, active, signed...: the states' tags in workflows.toml.

#: Dashboard indicator -> what the territory's own figure is (a key of ``_territory_figures``).
INDICATOR_FIGURES: dict[str, str] = {
    "msp_nombre": "msp_working",
    "mcs_nombre": "mcs_active",
    "installations_aidees": "ptmg_cde_signed",
    "ptmg_signes": "ptmg_signed",
    "cesp_signes": "cesp_signed",
    "assistants_medicaux_contrats": "medical_assistants",
    "zones_prioritaires": "priority_zones",
}
#: Dashboard indicator -> the national figures (``national_indicator.code``) shown beside it as
#: dated references. reference/README.md: "They are national references with their year and
#: source, never targets of a territory: do not prorate them."
INDICATOR_REFERENCES: dict[str, tuple[str, ...]] = {
    "msp_nombre": ("msp_nombre",),
    "mcs_nombre": ("mcs_nombre",),
    "installations_aidees": ("installations_aidees",),
    "ptmg_signes": ("ptmg_signes", "ptmg_nouvelles_installations"),
    "cesp_signes": ("cesp_signes",),
    "assistants_medicaux_contrats": (
        "assistants_medicaux_contrats",
        "assistants_medicaux_contrats_zone_sous_dense",
    ),
    "zones_prioritaires": ("zones_prioritaires",),
}
#: Regional figures of the ARS Océan Indien results sheet: code -> (dashboard indicator, the
#: département they describe). The sheet is undated (after the end of 2015, before 2020): the
#: year of the reference row is a placeholder, never shown.
SHEET_FIGURES: dict[str, tuple[str, str]] = {
    "mayotte_mcs": ("mcs_nombre", "976"),
    "reunion_msp": ("msp_nombre", "974"),
}
#: The source of a regional sheet figure (``national_indicator.source`` starts with it).
SHEET_SOURCE = "seed 003"


@dataclass(frozen=True)
class ContractFigures:
    running: int
    ending_soon: int


@dataclass(frozen=True)
class Reference:
    """A dated figure of a source text, shown for reference, never as the territory's goal."""

    code: str
    value: float
    #: Year the figure describes; None when the source is undated (the ARS OI sheet).
    year: int | None
    #: "realise" (a count made) or "cible" (what a plan aimed at for ``year``).
    kind: str
    #: The source document's short key ("seed 001"), named by ``fr.SOURCE_NAMES``.
    source: str

    @property
    def is_target(self) -> bool:
        return self.kind == "cible"


@dataclass(frozen=True)
class Objective:
    """An objective the ARS set itself (projet régional de santé), entered as an ``objectif``."""

    value: int
    year: int
    source: str


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator: the territory's figure, national references, the ARS's own objective."""

    code: str
    label: str
    territory_value: int
    #: National figures of the source texts, oldest first (never prorated).
    references: tuple[Reference, ...] = ()
    #: Figures the sources give for this territory's island (ARS OI sheet), if any.
    regional: tuple[Reference, ...] = ()
    #: The ARS's latest objective for this indicator, if it entered one.
    objective: Objective | None = None
    #: The day the territory is counted on (an objective for an earlier year has expired).
    day: date | None = None

    @property
    def objective_running(self) -> bool:
        """Whether the objective is for this year or later (an expired one is no yardstick)."""
        return (
            self.objective is not None
            and self.day is not None
            and self.objective.year >= self.day.year
        )

    @property
    def progress(self) -> float | None:
        """Territory's figure / the ARS's running objective, capped at 1 (else None).

        Issue 12: "never compare an expired target with today's count as progress", and no
        national figure is a territory's target.
        """
        if not self.objective_running or not self.objective or self.objective.value <= 0:
            return None
        return min(1.0, self.territory_value / self.objective.value)


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
    #: The last day of a former ARS (OI) whose figures are counted on that day, not today.
    ended_on: date | None = None
    #: (code, name, last day) of the former ARS whose records these figures include (OI for
    #: REU, 974, a commune of Mayotte...): see :func:`storage.queries.territories.record_filter`.
    former_ars: tuple[tuple[str, str, date], ...] = ()
    #: The database holds demo data (``ars-tui demo``): the screen and the report say so.
    demo: bool = False
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
    from storage.records.workflows import workflow_for

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

    from storage.queries import territories
    from storage.queries.territory_zoning import priority_zones_in, zoning_on
    from storage.records.rules import MISSION_DAY_RATE_CENTS
    from storage.records.workflows import statuses_tagged
    from storage.settings import is_demo

    base = territories.params(territory)
    # A former ARS (OI) is counted on its last day, not today: no follow-up of 2018 "late" in
    # 2026, no MCS "due" for a refresher it could not have had after the ARS ended.
    asked = today
    today = territories.counting_day(connection, territory, asked)

    def rows(sql: str, **extra: Any) -> list[Any]:
        return connection.execute(text(sql), {**base, **extra}).all()

    def where(alias: str, entity: str) -> str:
        return f"{alias}.deleted = 0 AND {territories.record_filter(territory, alias, entity)}"

    population, communes = territories.population_of(connection, territory)
    priority_epci, priority_population = priority_zones_in(connection, territory, today)

    # --- Installation projects: one pass over them, grouped by status and month of
    # installation, gives the statuses, the installations of the year and of the trend, and
    # the overdue follow-ups.
    open_sql, open_values = _in_list("open", _open_statuses())
    installed = statuses_tagged("installation_project", "installed")
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
        if day is not None and status in installed:
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
    from storage.queries.msp import opened_msp_with_vacancies

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
    active_sql, active_values = _in_list("active", statuses_tagged("mcs", "active"))
    mcs_active, refresher_due = rows(
        "SELECT COUNT(*), COALESCE(SUM(last IS NULL OR last <= :due_before), 0) FROM ("
        " SELECT (SELECT MAX(t.training_date) FROM mcs_training t"
        "  WHERE t.mcs_id = m.id AND t.deleted = 0 AND t.training_date <= :today) AS last"
        f" FROM mcs m WHERE {where('m', 'mcs')} AND m.status IN {active_sql})",
        **active_values,
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
        kind: sum(
            by_kind_status.get((kind, status), 0)
            for status in statuses_tagged("aid_contract", "signed", {"kind": kind})
        )
        for kind in CONTRACT_KINDS
    }

    # --- Missions de solidarité territoriale.
    done_sql, done_values = _in_list("done", statuses_tagged("solidarity_mission", "done"))
    due_sql, due_values = _in_list("due", statuses_tagged("solidarity_mission", "indemnity_due"))
    paid_sql, paid_values = _in_list("paid", statuses_tagged("solidarity_mission", "indemnified"))
    done, days_done, days_due, days_paid = rows(
        f"SELECT COALESCE(SUM(s.status IN {done_sql}), 0),"
        f" COALESCE(SUM(CASE WHEN s.status IN {done_sql} THEN s.days END), 0),"
        f" COALESCE(SUM(CASE WHEN s.status IN {due_sql} THEN s.days END), 0),"
        f" COALESCE(SUM(CASE WHEN s.status IN {paid_sql} THEN s.days END), 0)"
        f" FROM solidarity_mission s WHERE {where('s', 'solidarity_mission')}",
        **done_values,
        **due_values,
        **paid_values,
    )[0]

    # --- The territory's own figures for the national indicators.
    own = _territory_figures(rows, where, signed, msp_by_status, mcs_active)
    own["priority_zones"] = priority_epci
    indicators = _indicators(connection, territory, own, today)

    pending_count = 0
    if pending:
        from storage.sync.progress import count_pending

        pending_count = count_pending(connection)

    return Dashboard(
        territory=territory,
        today=today,
        population=population,
        commune_count=communes,
        zoning=zoning_on(connection, territory, today),
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
        ended_on=today if today != asked else None,
        former_ars=tuple(territories.former_ars_included(connection, territory)),
        demo=is_demo(connection),
    )


def _contract_figures(
    connection: Connection, today: date, territory_sql: str, params: dict[str, Any]
) -> dict[str, ContractFigures]:
    """Contracts en cours on ``today`` and ending within six months, by kind, in the territory:
    :func:`storage.queries.contracts.contract_counts` (computed ends, dates of the day)."""
    from storage.models import AidContract
    from storage.queries.contracts import contract_counts, text_condition

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
    from storage.records.workflows import statuses_tagged

    opened = statuses_tagged("msp_project", "opened")
    assistants = rows(
        "SELECT COUNT(*) FROM medical_assistant r"
        f" WHERE {where('r', 'medical_assistant')} AND r.status IN ('signe', 'en_poste')"
    )[0][0]
    return {
        "msp_working": sum(msp_by_status.get(status, 0) for status in opened),
        "mcs_active": mcs_active,
        "ptmg_cde_signed": signed["ptmg"] + signed["cde"],
        "ptmg_signed": signed["ptmg"],
        "cesp_signed": signed["cesp"],
        "medical_assistants": int(assistants),
    }


def _indicators(
    connection: Connection, territory: Territory, own: dict[str, int], today: date
) -> list[IndicatorRow]:
    """Each indicator: the territory's figure, the national references, the ARS's objective."""
    from sqlalchemy import text

    references: dict[str, list[Reference]] = {}
    labels: dict[str, str] = {}
    for code, year, kind, label, value, source in connection.execute(
        text("SELECT code, year, kind, label, value, source FROM national_indicator ORDER BY year")
    ):
        undated = str(source).startswith(SHEET_SOURCE)
        references.setdefault(code, []).append(
            Reference(
                code=code,
                value=float(value),
                year=None if undated else int(year),
                kind=kind,
                source=_source_key(str(source)),
            )
        )
        labels.setdefault(code, label)
    departements = _departements_of(connection, territory)
    objectives = _objectives(connection, territory, today)
    result = []
    for code, figure in INDICATOR_FIGURES.items():
        national = tuple(r for ref in INDICATOR_REFERENCES[code] for r in references.get(ref, []))
        regional = tuple(
            r
            for sheet, (row, departement) in SHEET_FIGURES.items()
            if row == code and departement in departements
            for r in references.get(sheet, [])
        )
        result.append(
            IndicatorRow(
                code=code,
                label=labels.get(code, code),
                territory_value=own.get(figure, 0),
                references=national,
                regional=regional,
                objective=objectives.get(code),
                day=today,
            )
        )
    return result


def _source_key(source: str) -> str:
    """ "seed 001 (Pacte territoire santé 2)" -> "seed 001": the document, named in fr.py."""
    return source[:8] if source.startswith("seed ") else source


def _departements_of(connection: Connection, territory: Territory) -> set[str]:
    """The départements a whole ARS or département covers (none below: a regional figure
    describes a whole island, not a commune or an EPCI)."""
    from sqlalchemy import text

    if territory.level == "departement":
        return {territory.code}
    if territory.level != "ars":
        return set()
    return set(
        connection.execute(
            text("SELECT departement_code FROM ars_departement WHERE ars_code = :code"),
            {"code": territory.code},
        ).scalars()
    )


def _objectives(connection: Connection, territory: Territory, today: date) -> dict[str, Objective]:
    """The ARS's objective per indicator: the nearest one not yet expired, else the last one.

    Objectives are the ARS's (projet régional de santé): shown for the ARS itself and for a
    département that is a whole ARS (974 is La Réunion, 976 Mayotte); never below, where no
    objective was set.
    """
    from sqlalchemy import text

    ars = _objective_ars(connection, territory)
    if ars is None:
        return {}
    chosen: dict[str, tuple[tuple[int, int], Objective]] = {}
    for indicator, value, year, source in connection.execute(
        text(
            "SELECT indicator, value, year, source FROM regional_objective"
            " WHERE deleted = 0 AND ars_code = :ars ORDER BY updated_at, id"
        ),
        {"ars": ars},
    ):
        year = int(year)
        # Running objectives first (nearest year first), then expired ones (latest first).
        rank = (0, year) if year >= today.year else (1, -year)
        best = chosen.get(indicator)
        if best is None or rank <= best[0]:
            chosen[indicator] = (rank, Objective(int(value), year, str(source)))
    return {indicator: objective for indicator, (_, objective) in chosen.items()}


def _objective_ars(connection: Connection, territory: Territory) -> str | None:
    """The ARS whose objectives apply to the whole territory, if any."""
    from sqlalchemy import text

    if territory.level == "ars":
        return territory.code
    if territory.level != "departement":
        return None
    # The ARS of today covering this département and nothing else.
    return connection.execute(
        text(
            "SELECT a.code FROM ars a JOIN ars_departement d ON d.ars_code = a.code"
            " WHERE a.active_to IS NULL AND d.departement_code = :code"
            " AND (SELECT COUNT(*) FROM ars_departement o WHERE o.ars_code = a.code) = 1"
        ),
        {"code": territory.code},
    ).scalar()
