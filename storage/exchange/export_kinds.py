"""The KINDs of ``ars-tui export``: for each, the SELECT that makes a record readable (names
of the professional, the commune...) and its columns, in the order of the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

import sqlalchemy as sa

from storage import vocabulary as voc
from storage.exchange.csv_io import format_money
from storage.exchange.export_format import (
    ExportColumn,
    ExportError,
    ExportSpec,
    Formatter,
    _bool,
    _choice,
    _date,
    _int,
    _money,
    _status,
    _text,
    header,
)
from storage.models import (
    AidContract,
    Commune,
    Epci,
    InstallationProject,
    Mcs,
    McsCommune,
    McsIntervention,
    McsTraining,
    MspFunding,
    MspProject,
    MspSite,
    MspStaffing,
    PriorityZone,
    Professional,
    SolidarityMission,
    UrgentCareCoverage,
    ZoningEntry,
    ZoningOrder,
)
from storage.queries.contracts import contract_end_sql
from storage.queries.rows import tables
from storage.records import rules, workflows

# --- The KINDs ----------------------------------------------------------------------------------


def _t(model: Any) -> sa.Table:
    return model.__table__  # type: ignore[no-any-return]


def _indemnity(value: Any, _row: Mapping[str, Any]) -> str:
    return format_money(rules.mission_indemnity_cents(max(0, value or 0)))


def _indemnity_due(value: Any, row: Mapping[str, Any]) -> str:
    due = row["status"] in workflows.statuses_tagged("solidarity_mission", "indemnity_due")
    return format_money(rules.mission_indemnity_cents(max(0, value or 0)) if due else 0)


#: Formatters whose cells are numbers, dates or yes/no, never text a person typed.
_NOT_TEXT: frozenset[Formatter] = frozenset(
    {_date, _int, _money, _bool, _indemnity, _indemnity_due}
)


def _format_of(entity: str, key: str, column: sa.ColumnElement[Any]) -> Formatter:
    """How a cell is written when its kind does not say: the workflow label of ``status``,
    euros for an amount in cents, else by the column's SQL type (a closed list says its own)."""
    if key == "status":
        return _status(entity)
    if key.endswith("_cents"):
        return _money
    if isinstance(column.type, sa.Boolean):
        return _bool
    if isinstance(column.type, sa.Date):
        return _date
    if isinstance(column.type, sa.Integer):
        return _int
    return _text


def _spec(
    kind: str,
    table: sa.Table,
    keys: str,
    *,
    joined: Any = None,
    named: Mapping[str, sa.ColumnElement[Any]] | None = None,
    formats: Mapping[str, Formatter] | None = None,
    order: tuple[sa.ColumnElement[Any], ...] = (),
    where: tuple[sa.ColumnElement[bool], ...] = (),
) -> ExportSpec:
    """The export ``kind`` of ``table``'s records: its columns ``keys`` (in file order, split on
    spaces) read from ``table`` unless ``named`` gives their SQL (a name from a joined table, a
    figure), written as ``formats`` says or as :func:`_format_of` guesses from their type."""
    entity = table.name
    named = named or {}
    sql = {key: named[key] if key in named else table.c[key] for key in keys.split()}
    formatters = {
        key: (formats or {}).get(key) or _format_of(entity, key, column)
        for key, column in sql.items()
    }
    # A column keeps its own name where it is the key (the SQL stays as plain as it was).
    labelled = [
        column if getattr(column, "name", None) == key else column.label(key)
        for key, column in sql.items()
    ]
    return ExportSpec(
        kind=kind,
        entity=entity,
        columns=tuple(
            ExportColumn(header(key), key, formatter, text=formatter not in _NOT_TEXT)
            for key, formatter in formatters.items()
        ),
        select=lambda: (
            sa.select(*labelled).select_from(table if joined is None else joined).where(*where)
        ),
        order=lambda: order,
    )


def _installations() -> ExportSpec:
    inst, pro, com = _t(InstallationProject), _t(Professional), _t(Commune)
    return _spec(
        "installations",
        inst,
        "id professional_id last_name first_name commune_code commune_name localite practice_mode"
        " status first_contact_date planned_installation_date installation_date zoning_class"
        " aids_requested aids_obtained referent next_action next_action_due notes",
        joined=inst.join(pro, inst.c.professional_id == pro.c.id).join(
            com, inst.c.commune_code == com.c.code
        ),
        named={**_name_of(pro), "commune_name": com.c.name},
        formats={"practice_mode": _choice(inst.name, "practice_mode")},
        order=(pro.c.search_key, com.c.search_key),
    )


def _name_of(pro: sa.Table) -> dict[str, sa.ColumnElement[Any]]:
    """The professional's name, in the exports of their records (never RPPS, phone or email)."""
    return {"last_name": pro.c.last_name, "first_name": pro.c.first_name}


#: The columns of ``professionnels``: the one export meant to carry personal data.
PROFESSIONAL_FIELDS: tuple[str, ...] = (
    "id",
    "last_name",
    "first_name",
    "rpps",
    "profession",
    "specialty",
    "situation",
    "phone",
    "email",
    "consent_date",
)


def _professionals() -> ExportSpec:
    pro = _t(Professional)
    return _spec(
        "professionnels",
        pro,
        " ".join(PROFESSIONAL_FIELDS),
        formats={name: _choice(pro.name, name) for name in ("profession", "situation")},
        order=(pro.c.search_key,),
    )


def _msp() -> ExportSpec:
    msp, site, staff, funding, com = tables(MspProject, MspSite, MspStaffing, MspFunding, Commune)
    live_sites = sa.and_(site.c.msp_id == msp.c.id, site.c.deleted.is_(False))
    # The main site (else the first made) gives the MSP's commune and FINESS.
    main_site = (
        sa.select(site.c.id)
        .where(live_sites)
        .order_by(site.c.is_main_site.desc(), site.c.id)
        .limit(1)
        .scalar_subquery()
    )
    main = site.alias("main_site")

    def staffing(column: sa.Column[Any], profession: str | None) -> sa.ScalarSelect[Any]:
        conditions = [staff.c.msp_id == msp.c.id, staff.c.deleted.is_(False)]
        if profession is not None:
            conditions.append(staff.c.profession == profession)
        return (
            sa.select(sa.func.coalesce(sa.func.sum(column), 0)).where(*conditions).scalar_subquery()
        )

    return _spec(
        "msp",
        msp,
        "id name sponsor_kind sponsor_name status commune_code commune_name finess site_count"
        " gp_planned gp_present staff_planned staff_present funding_total_cents opening_date"
        " aci_signed_date health_themes referent",
        joined=msp.outerjoin(main, main.c.id == main_site).outerjoin(
            com, main.c.commune_code == com.c.code
        ),
        named={
            "commune_code": main.c.commune_code,
            "commune_name": com.c.name,
            "finess": main.c.finess,
            "site_count": sa.select(sa.func.count())
            .select_from(site)
            .where(live_sites)
            .scalar_subquery(),
            "gp_planned": staffing(staff.c.planned, "mg"),
            "gp_present": staffing(staff.c.present, "mg"),
            "staff_planned": staffing(staff.c.planned, None),
            "staff_present": staffing(staff.c.present, None),
            "funding_total_cents": sa.select(
                sa.func.coalesce(sa.func.sum(funding.c.amount_cents), 0)
            )
            .where(funding.c.msp_id == msp.c.id, funding.c.deleted.is_(False))
            .scalar_subquery(),
        },
        formats={"sponsor_kind": _choice(msp.name, "sponsor_kind")},
        order=(msp.c.search_key,),
    )


def _mcs() -> ExportSpec:
    mcs, pro, training, covered, intervention = tables(
        Mcs, Professional, McsTraining, McsCommune, McsIntervention
    )

    def count(table: sa.Table) -> sa.ScalarSelect[Any]:
        return (
            sa.select(sa.func.count())
            .select_from(table)
            .where(table.c.mcs_id == mcs.c.id, table.c.deleted.is_(False))
            .scalar_subquery()
        )

    return _spec(
        "mcs",
        mcs,
        "id professional_id last_name first_name samu_attachment status convention_date"
        " convention_number last_training_date communes_covered interventions availability",
        joined=mcs.join(pro, mcs.c.professional_id == pro.c.id),
        named={
            **_name_of(pro),
            "last_training_date": sa.select(sa.func.max(training.c.training_date))
            .where(training.c.mcs_id == mcs.c.id, training.c.deleted.is_(False))
            .scalar_subquery(),
            "communes_covered": count(covered),
            "interventions": count(intervention),
        },
        order=(pro.c.search_key,),
    )


def _coverage() -> ExportSpec:
    cov, com = _t(UrgentCareCoverage), _t(Commune)
    return _spec(
        "couverture",
        cov,
        "id commune_code commune_name localite as_of population_beyond_30min active_mcs"
        " population_covered_by_mcs notes",
        joined=cov.join(com, cov.c.commune_code == com.c.code),
        named={"commune_name": com.c.name},
        order=(com.c.search_key,),
    )


def _contracts() -> ExportSpec:
    aid, pro = _t(AidContract), _t(Professional)
    return _spec(
        "contrats",
        aid,
        "id professional_id installation_project_id last_name first_name kind status funder"
        " commune_code signed_date start_date end_date commitment_end amount_cents"
        " monthly_amount_cents months_paid allowance_end_date practice_start_date secteur notes",
        joined=aid.join(pro, aid.c.professional_id == pro.c.id),
        # The end by the contract's rule (storage.records.contract_rules), beside the end typed.
        named={**_name_of(pro), "commitment_end": contract_end_sql(aid)},
        formats={"kind": _choice(aid.name, "kind")},
        order=(pro.c.search_key,),
    )


def _zonage() -> ExportSpec:
    """One line per commune of each arrêté, in the columns ``import zonage`` reads back."""
    entry, order, com = _t(ZoningEntry), _t(ZoningOrder), _t(Commune)
    return _spec(
        "zonage",
        entry,
        "commune_code commune_name zone_class retained_by_ars number effective_date end_date"
        " signed_date tvs_code tvs_name",
        joined=entry.join(order, entry.c.order_id == order.c.id).join(
            com, entry.c.commune_code == com.c.code
        ),
        named={
            "commune_name": com.c.name,
            **{
                key: order.c[key] for key in ("number", "effective_date", "end_date", "signed_date")
            },
        },
        order=(com.c.search_key,),
        where=(order.c.deleted.is_(False),),
    )


def _missions() -> ExportSpec:
    mission, zone, epci, pro = tables(SolidarityMission, PriorityZone, Epci, Professional)
    return _spec(
        "missions",
        mission,
        "id priority_zone_id epci_siren zone_year epci_name professional_id last_name first_name"
        " host_kind host_name commune_code start_date end_date days consultations status"
        " indemnity indemnity_due",
        joined=mission.join(zone, mission.c.priority_zone_id == zone.c.id)
        .join(epci, zone.c.epci_siren == epci.c.siren)
        .join(pro, mission.c.professional_id == pro.c.id),
        named={
            **_name_of(pro),
            "epci_siren": zone.c.epci_siren,
            "zone_year": zone.c.year,
            "epci_name": epci.c.name,
            "indemnity": mission.c.days,
            "indemnity_due": mission.c.days,
        },
        formats={
            "host_kind": _choice(mission.name, "host_kind"),
            "indemnity": _indemnity,
            "indemnity_due": _indemnity_due,
        },
        order=(pro.c.search_key,),
    )


@cache
def export_specs() -> Mapping[str, ExportSpec]:
    """Every export by KIND."""
    specs = (
        _installations(),
        _professionals(),
        _msp(),
        _mcs(),
        _coverage(),
        _contracts(),
        _missions(),
        _zonage(),
    )
    return {spec.kind: spec for spec in specs}


def export_spec(kind: str) -> ExportSpec:
    try:
        return export_specs()[kind]
    except KeyError:
        raise ExportError(
            voc.MSG_EXPORT_UNKNOWN_KIND.format(kind=kind, kinds=", ".join(export_specs()))
        ) from None
