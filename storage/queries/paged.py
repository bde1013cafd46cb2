"""Paged lists: filter, sort and page in SQL, never a whole table in memory.

A list screen asks for one page at a time::

    page = list_page(connection, ListRequest("installation_project", search="payet", limit=50))
    page.rows      # at most 50 dicts, the columns of the list
    page.total     # how many records match, for "1–50 sur 1 234"

Each record type that has a list declares a :class:`ListSpec`: its columns (with joins to the
professional and the commune, so the table shows names, not ids), the text columns a search
looks into (accent-free ``search_key`` columns, so "reunion" finds "Réunion"), the filters it
accepts and the columns it sorts on. Sorting always ends on the id, so pages never overlap.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, String, func, literal, or_, select
from sqlalchemy.sql.elements import Label

from storage.models import (
    AidContract,
    Commune,
    Epci,
    FollowUp,
    InstallationProject,
    Mcs,
    MspProject,
    PriorityZone,
    Professional,
    RegionalObjective,
    SolidarityMission,
    UrgentCareCoverage,
)
from storage.queries.contracts import contract_end_sql
from storage.queries.missions import indemnity_sql
from storage.queries.msp import vacancies_sql
from storage.queries.samu import last_training_sql
from storage.text import FRENCH_COLLATION, search_key

MAX_PAGE_SIZE = 500


@dataclass(frozen=True)
class ListRequest:
    entity: str
    search: str = ""
    #: Exact-match filters by name (see each spec's ``filters``); ``None`` values are ignored.
    filters: Mapping[str, Any] = field(default_factory=dict)
    sort: str | None = None
    descending: bool = False
    limit: int = 50
    offset: int = 0
    include_deleted: bool = False


@dataclass(frozen=True)
class Page:
    rows: list[dict[str, Any]]
    total: int
    offset: int
    limit: int


@dataclass(frozen=True)
class ListSpec:
    """How one record type is listed."""

    #: The record's own table (for id, deleted, ars_code).
    table: Any
    columns: Mapping[str, ColumnElement[Any]]
    search: tuple[ColumnElement[Any], ...]
    filters: Mapping[str, ColumnElement[Any]]
    default_sort: str
    #: The FROM clause: the record's table joined to what its columns show (None: the table).
    base: Any = None
    #: Sort expressions that differ from the column: an accent-free indexed key in French order
    #: (a Python collation over 100,000 rows would cost seconds).
    sort_keys: Mapping[str, ColumnElement[Any]] = field(default_factory=dict)

    @property
    def from_clause(self) -> Any:
        return self.table if self.base is None else self.base


def sort_expression(spec: ListSpec, name: str) -> ColumnElement[Any]:
    """What ORDER BY uses for column ``name``: text in French order, other types as they are."""
    if name in spec.sort_keys:
        return spec.sort_keys[name]
    column = spec.columns[name]
    element = column.element if isinstance(column, Label) else column
    if isinstance(element.type, String):
        return element.collate(FRENCH_COLLATION)
    return column


def _pro_name() -> ColumnElement[Any]:
    pro = Professional.__table__.c
    return (pro.last_name + literal(" ") + pro.first_name).label("professional_name")


def _own(table: Any, *names: str) -> dict[str, ColumnElement[Any]]:
    """The columns ``names`` of ``table``, each under its own name."""
    return {name: table.c[name] for name in names}


def _specs() -> dict[str, ListSpec]:
    pro = Professional.__table__
    com = Commune.__table__
    inst = InstallationProject.__table__
    aid = AidContract.__table__
    msp = MspProject.__table__
    mcs = Mcs.__table__
    mission = SolidarityMission.__table__
    cov = UrgentCareCoverage.__table__
    zone = PriorityZone.__table__
    epci = Epci.__table__
    objective = RegionalObjective.__table__

    def territory(table: Any) -> dict[str, ColumnElement[Any]]:
        return {
            "ars_code": table.c.ars_code,
            "commune_code": com.c.code,
            **_own(com, "departement_code", "epci_siren"),
        }

    def of_professional(
        table: Any,
        columns: Mapping[str, ColumnElement[Any]],
        *,
        filters: Mapping[str, ColumnElement[Any]],
        default_sort: str,
        joins: Callable[[Any], Any] = lambda base: base,
        search: tuple[ColumnElement[Any], ...] = (),
    ) -> ListSpec:
        """The list of records that belong to a professional: after the id, their name, searched
        and sorted in French order; ``joins`` adds to the FROM, ``search`` to the name."""
        return ListSpec(
            table=table,
            base=joins(table.join(pro, table.c.professional_id == pro.c.id)),
            columns={"id": table.c.id, "professional_name": _pro_name(), **columns},
            search=(pro.c.search_key, *search),
            filters=filters,
            default_sort=default_sort,
            sort_keys={"professional_name": pro.c.search_key},
        )

    return {
        "installation_project": ListSpec(
            base=inst.join(pro, inst.c.professional_id == pro.c.id).join(
                com, inst.c.commune_code == com.c.code
            ),
            table=inst,
            columns={
                "id": inst.c.id,
                "professional_name": _pro_name(),
                "commune_name": com.c.name.label("commune_name"),
                **_own(
                    inst,
                    "localite",
                    "status",
                    "first_contact_date",
                    "installation_date",
                    "next_action_due",
                    "zoning_class",
                ),
            },
            search=(pro.c.search_key, com.c.search_key, inst.c.search_key),
            filters={**territory(inst), "status": inst.c.status},
            default_sort="first_contact_date",
            sort_keys={"professional_name": pro.c.search_key, "commune_name": com.c.search_key},
        ),
        "professional": ListSpec(
            table=pro,
            columns=_own(pro, "id", "last_name", "first_name", "rpps", "profession", "situation"),
            search=(pro.c.search_key,),
            filters=_own(pro, "ars_code", "situation"),
            default_sort="last_name",
            sort_keys={"last_name": pro.c.search_key},
        ),
        "aid_contract": of_professional(
            aid,
            {
                **_own(aid, "kind", "status", "start_date", "end_date", "amount_cents"),
                # CESP/PTMG/CDE: end by the rules (storage.queries.contracts); others: as typed.
                "commitment_end": contract_end_sql(aid).label("commitment_end"),
            },
            filters=_own(aid, "ars_code", "kind", "status"),
            default_sort="end_date",
        ),
        "msp_project": ListSpec(
            table=msp,
            columns={
                **_own(msp, "id", "name", "kind", "sponsor_name", "status", "opening_date"),
                "unfilled_posts": vacancies_sql(msp).label("unfilled_posts"),
            },
            search=(msp.c.search_key,),
            filters=_own(msp, "ars_code", "status", "kind"),
            default_sort="name",
            sort_keys={"name": msp.c.search_key},
        ),
        "mcs": of_professional(
            mcs,
            {
                **_own(mcs, "samu_attachment", "status", "convention_date"),
                "last_training": last_training_sql(mcs).label("last_training"),
            },
            filters=_own(mcs, "ars_code", "status"),
            default_sort="professional_name",
        ),
        "solidarity_mission": of_professional(
            mission,
            {
                **_own(mission, "host_name", "start_date", "days"),
                "zone_name": epci.c.name.label("zone_name"),
                "indemnity_cents": indemnity_sql(mission).label("indemnity_cents"),
                "status": mission.c.status,
            },
            filters=_own(mission, "ars_code", "status", "priority_zone_id"),
            default_sort="start_date",
            # The zone prioritaire's name is its EPCI's.
            joins=lambda base: base.join(zone, mission.c.priority_zone_id == zone.c.id).join(
                epci, zone.c.epci_siren == epci.c.siren
            ),
            search=(mission.c.host_name,),
        ),
        "urgent_care_coverage": ListSpec(
            base=cov.join(com, cov.c.commune_code == com.c.code),
            table=cov,
            columns={
                "id": cov.c.id,
                "commune_name": com.c.name.label("commune_name"),
                **_own(cov, "localite", "as_of", "population_beyond_30min", "active_mcs"),
            },
            search=(com.c.search_key, cov.c.localite),
            filters=territory(cov),
            default_sort="population_beyond_30min",
            sort_keys={"commune_name": com.c.search_key},
        ),
        "regional_objective": ListSpec(
            table=objective,
            columns=_own(objective, "id", "ars_code", "indicator", "year", "value", "source"),
            search=(objective.c.indicator, objective.c.source),
            filters=_own(objective, "ars_code", "indicator"),
            default_sort="year",
        ),
    }


_SPECS: dict[str, ListSpec] | None = None


def list_spec(entity: str) -> ListSpec:
    global _SPECS
    if _SPECS is None:
        _SPECS = _specs()
    try:
        return _SPECS[entity]
    except KeyError:
        raise ValueError(f"no list for record type {entity!r}") from None


def _where(spec: ListSpec, request: ListRequest) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if not request.include_deleted:
        conditions.append(spec.table.c.deleted.is_(False))
    for name, value in request.filters.items():
        if value is None:
            continue
        if name not in spec.filters:
            raise ValueError(f"{request.entity}: no filter {name!r}")
        conditions.append(spec.filters[name] == value)
    # Every word must appear in one of the searched columns: "payet possession" narrows.
    for word in search_key(request.search).split():
        pattern = f"%{_escape_like(word)}%"
        conditions.append(or_(*(column.like(pattern, escape="\\") for column in spec.search)))
    return conditions


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def page_query(request: ListRequest) -> Select[Any]:
    """The SELECT of one page (exposed so tests and benchmarks can look at its plan)."""
    spec = list_spec(request.entity)
    sort_name = request.sort or spec.default_sort
    if sort_name not in spec.columns:
        raise ValueError(f"{request.entity}: cannot sort on {sort_name!r}")
    sort_column = sort_expression(spec, sort_name)
    order = [sort_column.desc() if request.descending else sort_column.asc(), spec.table.c.id]
    limit = max(1, min(request.limit, MAX_PAGE_SIZE))
    return (
        select(*spec.columns.values())
        .select_from(spec.from_clause)
        .where(*_where(spec, request))
        .order_by(*order)
        .limit(limit)
        .offset(max(0, request.offset))
    )


def count_query(request: ListRequest) -> Select[Any]:
    spec = list_spec(request.entity)
    return select(func.count()).select_from(spec.from_clause).where(*_where(spec, request))


def page_rows(connection: Connection, request: ListRequest) -> list[dict[str, Any]]:
    """The rows of one page of a list (a paged list reads them before the count)."""
    return [dict(row) for row in connection.execute(page_query(request)).mappings()]


def matching_count(connection: Connection, request: ListRequest) -> int:
    """How many records match the list's search and filters."""
    return connection.execute(count_query(request)).scalar_one()


def list_page(connection: Connection, request: ListRequest) -> Page:
    """One page of a list and the number of matching records."""
    rows = page_rows(connection, request)
    total = matching_count(connection, request)
    limit = max(1, min(request.limit, MAX_PAGE_SIZE))
    return Page(rows=rows, total=total, offset=max(0, request.offset), limit=limit)


def list_page_where(
    connection: Connection,
    request: ListRequest,
    conditions: Sequence[ColumnElement[bool]] = (),
    *,
    nulls_last: bool = False,
) -> Page:
    """:func:`list_page` narrowed by ``conditions`` a screen computes itself (a date window, a
    flag that depends on today): the ``fetch`` of a paged list. ``nulls_last`` puts the rows
    without a value in the sort column after the others, whichever the direction (contracts
    without an end date after those ending soonest)."""
    query = page_query(request).where(*conditions)
    if nulls_last:
        spec = list_spec(request.entity)
        column = sort_expression(spec, request.sort or spec.default_sort)
        order = column.desc() if request.descending else column.asc()
        query = query.order_by(None).order_by(order.nulls_last(), spec.table.c.id)
    rows = [dict(row) for row in connection.execute(query).mappings()]
    total = connection.execute(count_query(request).where(*conditions)).scalar_one()
    limit = max(1, min(request.limit, MAX_PAGE_SIZE))
    return Page(rows=rows, total=total, offset=max(0, request.offset), limit=limit)


def journal_entries(connection: Connection, entity: str, record_id: str) -> list[dict[str, Any]]:
    """The live journal entries (``follow_up``) about one record, the latest first."""
    table = FollowUp.__table__
    rows = connection.execute(
        select(table)
        .where(table.c.entity == entity, table.c.entity_id == record_id, table.c.deleted.is_(False))
        .order_by(table.c.event_date.desc(), table.c.id.desc())
    ).mappings()
    return [dict(row) for row in rows]


def next_action_overdue(on_day: date) -> ColumnElement[bool]:
    """The installation projects whose next action was due before ``on_day`` (a list's fetch
    narrows on it: "Échéance passée")."""
    return InstallationProject.__table__.c.next_action_due < on_day
