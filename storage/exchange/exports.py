"""``ars-tui export KIND FILE``: records as a CSV that Excel FR opens as it is.

Each KIND is an :class:`ExportSpec`: a SELECT (the record's table joined to what makes it
readable: the professional's name, the commune's name) and its columns, each with a French header
and a formatter (dates JJ/MM/AAAA, decimal commas, closed-list codes as their French labels,
statuses as their workflow labels).

Rows come in French order of the names (the accent-free indexed ``search_key`` of the
professional, MSP or commune, as the lists sort them; then the id), from one ordered query whose
cursor is read :data:`PAGE_SIZE` rows at a time inside one read transaction: SQLite sorts (spilling
to its temporary files), 100,000 records are never in Python's memory at once, and the file is one
consistent snapshot even if the TUI saves meanwhile.

What leaves the device is chosen here, not by the caller:

- only the records of one ARS (the device's, or ``--ars``): never another ARS's;
- tombstoned records are not exported;
- personal data only where the export is for it: ``professionnels`` carries names, RPPS,
  phone, email and consent date; the other record exports carry the professional's name only
  (never RPPS, phone or email); ``couverture`` none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, Engine

from storage import rules, workflows
from storage import vocabulary as voc
from storage.contract_queries import contract_end_sql
from storage.db import read_connection
from storage.exchange.csv_io import (
    excel_csv,
    format_bool,
    format_date,
    format_money,
    format_number,
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
from storage.settings import is_demo

#: Rows read from SQL at a time.
PAGE_SIZE = 2_000

Formatter = Callable[[Any, Mapping[str, Any]], str]


@dataclass(frozen=True)
class ExportColumn:
    """One column of an export: its header, the row key it reads and how it is written."""

    header: str
    key: str
    format: Formatter
    #: False for a number, a date, an amount, yes/no: written as it is. A text cell that starts
    #: like a formula (=, +, -, @, tab, CR) gets the CSV guard (see storage.exchange.csv_io).
    text: bool = True


@dataclass(frozen=True)
class ExportSpec:
    kind: str
    #: The record type (the table whose ``id``, ``ars_code`` and ``deleted`` filter and page).
    entity: str
    columns: tuple[ExportColumn, ...]
    #: The SELECT of every column (labelled with the columns' keys), without filter or order.
    select: Callable[[], sa.Select[Any]]
    #: The French-order sort keys of the rows (accent-free ``search_key`` columns of the tables
    #: joined in ``select``), before the id; none: id order.
    order: Callable[[], tuple[sa.ColumnElement[Any], ...]] = tuple


@dataclass(frozen=True)
class ExportResult:
    kind: str
    path: Path
    rows: int
    ars_code: str
    #: The database holds demo data: every row says so in a last column.
    demo: bool = False


class ExportError(ValueError):
    """An export that cannot run (unknown kind, no ARS): French message."""


# --- Formatters ---------------------------------------------------------------------------------


def _text(value: Any, _row: Mapping[str, Any]) -> str:
    return "" if value is None else str(value)


def _date(value: Any, _row: Mapping[str, Any]) -> str:
    return format_date(value)


def _int(value: Any, _row: Mapping[str, Any]) -> str:
    return format_number(value)


def _money(value: Any, _row: Mapping[str, Any]) -> str:
    return format_money(value)


def _bool(value: Any, _row: Mapping[str, Any]) -> str:
    return format_bool(value)


def _choice(entity: str, field: str) -> Formatter:
    """A closed-list code as its French label (the import reads labels and codes alike)."""
    choices = voc.choices_for(entity, field) or {}

    def write(value: Any, _row: Mapping[str, Any]) -> str:
        if value is None:
            return ""
        return choices.get(str(value), str(value))

    return write


def _status(entity: str) -> Formatter:
    """A workflow state as its label (an aid's workflow depends on its ``kind``)."""

    def write(value: Any, row: Mapping[str, Any]) -> str:
        if value is None:
            return ""
        try:
            return workflows.workflow_for(entity, row).label_of(value)
        except (workflows.TransitionError, KeyError):
            return str(value)

    return write


def header(field: str) -> str:
    """The French header of a field in exports (and the first one imports look for)."""
    return voc.EXPORT_HEADERS.get(field) or voc.field_label(field)


def _columns(*entries: tuple[str, Formatter]) -> tuple[ExportColumn, ...]:
    return tuple(
        ExportColumn(header(key), key, formatter, text=formatter not in _NOT_TEXT)
        for key, formatter in entries
    )


# --- The KINDs ----------------------------------------------------------------------------------


def _t(model: Any) -> sa.Table:
    return model.__table__  # type: ignore[no-any-return]


def _installations() -> ExportSpec:
    inst, pro, com = _t(InstallationProject), _t(Professional), _t(Commune)
    entity = "installation_project"
    return ExportSpec(
        kind="installations",
        entity=entity,
        columns=_columns(
            ("id", _text),
            ("professional_id", _text),
            ("last_name", _text),
            ("first_name", _text),
            ("commune_code", _text),
            ("commune_name", _text),
            ("localite", _text),
            ("practice_mode", _choice(entity, "practice_mode")),
            ("status", _status(entity)),
            ("first_contact_date", _date),
            ("planned_installation_date", _date),
            ("installation_date", _date),
            ("zoning_class", _text),
            ("aids_requested", _text),
            ("aids_obtained", _text),
            ("referent", _text),
            ("next_action", _text),
            ("next_action_due", _date),
            ("notes", _text),
        ),
        select=lambda: sa.select(
            inst.c.id,
            inst.c.professional_id,
            pro.c.last_name,
            pro.c.first_name,
            inst.c.commune_code,
            com.c.name.label("commune_name"),
            inst.c.localite,
            inst.c.practice_mode,
            inst.c.status,
            inst.c.first_contact_date,
            inst.c.planned_installation_date,
            inst.c.installation_date,
            inst.c.zoning_class,
            inst.c.aids_requested,
            inst.c.aids_obtained,
            inst.c.referent,
            inst.c.next_action,
            inst.c.next_action_due,
            inst.c.notes,
        ).select_from(
            inst.join(pro, inst.c.professional_id == pro.c.id).join(
                com, inst.c.commune_code == com.c.code
            )
        ),
        order=lambda: (pro.c.search_key, com.c.search_key),
    )


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
    entity = "professional"
    formats: dict[str, Formatter] = {
        "profession": _choice(entity, "profession"),
        "situation": _choice(entity, "situation"),
        "consent_date": _date,
    }
    return ExportSpec(
        kind="professionnels",
        entity=entity,
        columns=_columns(*((field, formats.get(field, _text)) for field in PROFESSIONAL_FIELDS)),
        select=lambda: sa.select(*(pro.c[field] for field in PROFESSIONAL_FIELDS)),
        order=lambda: (pro.c.search_key,),
    )


def _msp() -> ExportSpec:
    msp, site, staff, funding, com = (
        _t(MspProject),
        _t(MspSite),
        _t(MspStaffing),
        _t(MspFunding),
        _t(Commune),
    )
    entity = "msp_project"
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

    return ExportSpec(
        kind="msp",
        entity=entity,
        columns=_columns(
            ("id", _text),
            ("name", _text),
            ("sponsor_kind", _choice(entity, "sponsor_kind")),
            ("sponsor_name", _text),
            ("status", _status(entity)),
            ("commune_code", _text),
            ("commune_name", _text),
            ("finess", _text),
            ("site_count", _int),
            ("gp_planned", _int),
            ("gp_present", _int),
            ("staff_planned", _int),
            ("staff_present", _int),
            ("funding_total_cents", _money),
            ("opening_date", _date),
            ("aci_signed_date", _date),
            ("health_themes", _text),
            ("referent", _text),
        ),
        select=lambda: sa.select(
            msp.c.id,
            msp.c.name,
            msp.c.sponsor_kind,
            msp.c.sponsor_name,
            msp.c.status,
            main.c.commune_code,
            com.c.name.label("commune_name"),
            main.c.finess,
            sa.select(sa.func.count())
            .select_from(site)
            .where(live_sites)
            .scalar_subquery()
            .label("site_count"),
            staffing(staff.c.planned, "mg").label("gp_planned"),
            staffing(staff.c.present, "mg").label("gp_present"),
            staffing(staff.c.planned, None).label("staff_planned"),
            staffing(staff.c.present, None).label("staff_present"),
            sa.select(sa.func.coalesce(sa.func.sum(funding.c.amount_cents), 0))
            .where(funding.c.msp_id == msp.c.id, funding.c.deleted.is_(False))
            .scalar_subquery()
            .label("funding_total_cents"),
            msp.c.opening_date,
            msp.c.aci_signed_date,
            msp.c.health_themes,
            msp.c.referent,
        ).select_from(
            msp.outerjoin(main, main.c.id == main_site).outerjoin(
                com, main.c.commune_code == com.c.code
            )
        ),
        order=lambda: (msp.c.search_key,),
    )


def _mcs() -> ExportSpec:
    mcs, pro, training, covered, intervention = (
        _t(Mcs),
        _t(Professional),
        _t(McsTraining),
        _t(McsCommune),
        _t(McsIntervention),
    )
    entity = "mcs"

    def count(table: sa.Table) -> sa.ScalarSelect[Any]:
        return (
            sa.select(sa.func.count())
            .select_from(table)
            .where(table.c.mcs_id == mcs.c.id, table.c.deleted.is_(False))
            .scalar_subquery()
        )

    return ExportSpec(
        kind="mcs",
        entity=entity,
        columns=_columns(
            ("id", _text),
            ("professional_id", _text),
            ("last_name", _text),
            ("first_name", _text),
            ("samu_attachment", _text),
            ("status", _status(entity)),
            ("convention_date", _date),
            ("convention_number", _text),
            ("last_training_date", _date),
            ("communes_covered", _int),
            ("interventions", _int),
            ("availability", _text),
        ),
        select=lambda: sa.select(
            mcs.c.id,
            mcs.c.professional_id,
            pro.c.last_name,
            pro.c.first_name,
            mcs.c.samu_attachment,
            mcs.c.status,
            mcs.c.convention_date,
            mcs.c.convention_number,
            sa.select(sa.func.max(training.c.training_date))
            .where(training.c.mcs_id == mcs.c.id, training.c.deleted.is_(False))
            .scalar_subquery()
            .label("last_training_date"),
            count(covered).label("communes_covered"),
            count(intervention).label("interventions"),
            mcs.c.availability,
        ).select_from(mcs.join(pro, mcs.c.professional_id == pro.c.id)),
        order=lambda: (pro.c.search_key,),
    )


def _coverage() -> ExportSpec:
    cov, com = _t(UrgentCareCoverage), _t(Commune)
    return ExportSpec(
        kind="couverture",
        entity="urgent_care_coverage",
        columns=_columns(
            ("id", _text),
            ("commune_code", _text),
            ("commune_name", _text),
            ("localite", _text),
            ("as_of", _date),
            ("population_beyond_30min", _int),
            ("active_mcs", _int),
            ("population_covered_by_mcs", _int),
            ("notes", _text),
        ),
        select=lambda: sa.select(
            cov.c.id,
            cov.c.commune_code,
            com.c.name.label("commune_name"),
            cov.c.localite,
            cov.c.as_of,
            cov.c.population_beyond_30min,
            cov.c.active_mcs,
            cov.c.population_covered_by_mcs,
            cov.c.notes,
        ).select_from(cov.join(com, cov.c.commune_code == com.c.code)),
        order=lambda: (com.c.search_key,),
    )


def _contracts() -> ExportSpec:
    aid, pro = _t(AidContract), _t(Professional)
    entity = "aid_contract"
    return ExportSpec(
        kind="contrats",
        entity=entity,
        columns=_columns(
            ("id", _text),
            ("professional_id", _text),
            ("installation_project_id", _text),
            ("last_name", _text),
            ("first_name", _text),
            ("kind", _choice(entity, "kind")),
            ("status", _status(entity)),
            ("funder", _text),
            ("commune_code", _text),
            ("signed_date", _date),
            ("start_date", _date),
            ("end_date", _date),
            ("commitment_end", _date),
            ("amount_cents", _money),
            ("monthly_amount_cents", _money),
            ("months_paid", _int),
            ("allowance_end_date", _date),
            ("practice_start_date", _date),
            ("secteur", _int),
            ("notes", _text),
        ),
        select=lambda: sa.select(
            aid.c.id,
            aid.c.professional_id,
            aid.c.installation_project_id,
            pro.c.last_name,
            pro.c.first_name,
            aid.c.kind,
            aid.c.status,
            aid.c.funder,
            aid.c.commune_code,
            aid.c.signed_date,
            aid.c.start_date,
            aid.c.end_date,
            # The end by the contract's rule (storage.contract_rules), beside the end typed.
            contract_end_sql(aid).label("commitment_end"),
            aid.c.amount_cents,
            aid.c.monthly_amount_cents,
            aid.c.months_paid,
            aid.c.allowance_end_date,
            aid.c.practice_start_date,
            aid.c.secteur,
            aid.c.notes,
        ).select_from(aid.join(pro, aid.c.professional_id == pro.c.id)),
        order=lambda: (pro.c.search_key,),
    )


def _zonage() -> ExportSpec:
    """One line per commune of each arrêté, in the columns ``import zonage`` reads back."""
    entry, order, com = _t(ZoningEntry), _t(ZoningOrder), _t(Commune)
    return ExportSpec(
        kind="zonage",
        entity="zoning_entry",
        columns=_columns(
            ("commune_code", _text),
            ("commune_name", _text),
            ("zone_class", _text),
            ("retained_by_ars", _bool),
            ("number", _text),
            ("effective_date", _date),
            ("end_date", _date),
            ("signed_date", _date),
            ("tvs_code", _text),
            ("tvs_name", _text),
        ),
        select=lambda: (
            sa.select(
                entry.c.id,
                entry.c.commune_code,
                com.c.name.label("commune_name"),
                entry.c.zone_class,
                entry.c.retained_by_ars,
                order.c.number,
                order.c.effective_date,
                order.c.end_date,
                order.c.signed_date,
                entry.c.tvs_code,
                entry.c.tvs_name,
            )
            .select_from(
                entry.join(order, entry.c.order_id == order.c.id).join(
                    com, entry.c.commune_code == com.c.code
                )
            )
            .where(order.c.deleted.is_(False))
        ),
        order=lambda: (com.c.search_key,),
    )


#: Statuses of a mission whose indemnity is due (done, not yet paid).
MISSION_DUE_STATUSES = frozenset({"realisee"})


def _indemnity(value: Any, _row: Mapping[str, Any]) -> str:
    return format_money(rules.mission_indemnity_cents(max(0, value or 0)))


def _indemnity_due(value: Any, row: Mapping[str, Any]) -> str:
    due = row["status"] in MISSION_DUE_STATUSES
    return format_money(rules.mission_indemnity_cents(max(0, value or 0)) if due else 0)


#: Formatters whose cells are numbers, dates or yes/no, never text a person typed.
_NOT_TEXT: frozenset[Formatter] = frozenset(
    {_date, _int, _money, _bool, _indemnity, _indemnity_due}
)


def _missions() -> ExportSpec:
    mission, zone, epci, pro = (
        _t(SolidarityMission),
        _t(PriorityZone),
        _t(Epci),
        _t(Professional),
    )
    entity = "solidarity_mission"
    return ExportSpec(
        kind="missions",
        entity=entity,
        columns=_columns(
            ("id", _text),
            ("priority_zone_id", _text),
            ("epci_siren", _text),
            ("zone_year", _int),
            ("epci_name", _text),
            ("professional_id", _text),
            ("last_name", _text),
            ("first_name", _text),
            ("host_kind", _choice(entity, "host_kind")),
            ("host_name", _text),
            ("commune_code", _text),
            ("start_date", _date),
            ("end_date", _date),
            ("days", _int),
            ("consultations", _int),
            ("status", _status(entity)),
            ("indemnity", _indemnity),
            ("indemnity_due", _indemnity_due),
        ),
        select=lambda: sa.select(
            mission.c.id,
            mission.c.priority_zone_id,
            zone.c.epci_siren,
            zone.c.year.label("zone_year"),
            epci.c.name.label("epci_name"),
            mission.c.professional_id,
            pro.c.last_name,
            pro.c.first_name,
            mission.c.host_kind,
            mission.c.host_name,
            mission.c.commune_code,
            mission.c.start_date,
            mission.c.end_date,
            mission.c.days,
            mission.c.consultations,
            mission.c.status,
            mission.c.days.label("indemnity"),
            mission.c.days.label("indemnity_due"),
        ).select_from(
            mission.join(zone, mission.c.priority_zone_id == zone.c.id)
            .join(epci, zone.c.epci_siren == epci.c.siren)
            .join(pro, mission.c.professional_id == pro.c.id)
        ),
        order=lambda: (pro.c.search_key,),
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


# --- Running ------------------------------------------------------------------------------------


def iter_rows(
    connection: Connection, spec: ExportSpec, ars_code: str, *, page_size: int = PAGE_SIZE
) -> Iterator[Mapping[str, Any]]:
    """The rows of an export in French order of their names (then id), fetched ``page_size``
    at a time from one cursor: SQLite does the sorting, Python never holds the table."""
    table = _t_of(spec.entity)
    query = (
        spec.select()
        .where(table.c.ars_code == ars_code, table.c.deleted.is_(False))
        .order_by(*spec.order(), table.c.id)
    )
    result = connection.execution_options(yield_per=page_size).execute(query)
    try:
        yield from result.mappings()
    finally:
        result.close()


def _t_of(entity: str) -> sa.Table:
    from storage.models import RECORD_TYPES

    return _t(RECORD_TYPES[entity])


def format_row(spec: ExportSpec, row: Mapping[str, Any]) -> list[str]:
    return [column.format(row[column.key], row) for column in spec.columns]


def text_columns(spec: ExportSpec) -> list[bool]:
    """Which cells of a row are text (guarded against formulas), in column order."""
    return [column.text for column in spec.columns]


def headers(spec: ExportSpec) -> Sequence[str]:
    return [column.header for column in spec.columns]


def export_records(
    engine: Engine,
    kind: str,
    path: Path | str,
    *,
    ars_code: str | None,
    page_size: int = PAGE_SIZE,
) -> ExportResult:
    """Write the ``kind`` records of ARS ``ars_code`` to ``path`` (see the module docstring).

    ``ars_code`` None: refused (an export must know whose records it may carry).
    """
    spec = export_spec(kind)
    if not ars_code:
        raise ExportError(voc.MSG_EXPORT_NO_ARS)
    ars_code = ars_code.strip().upper()
    with read_connection(engine) as connection:
        known = connection.execute(sa.text("SELECT 1 FROM ars WHERE code = :c"), {"c": ars_code})
        if known.first() is None:
            raise ExportError(voc.MSG_EXPORT_UNKNOWN_ARS.format(ars=ars_code))
        # A demo database's rows say so on every line, in a column the imports ignore: a
        # file opened alone in Excel must never pass for real records.
        demo = is_demo(connection)
        extra = [voc.EXPORT_DEMO_VALUE] if demo else []
        text = text_columns(spec) + [True] * len(extra)
        with excel_csv(path) as writer:
            writer.header([*headers(spec), *([voc.EXPORT_DEMO_HEADER] if demo else [])])
            for row in iter_rows(connection, spec, ars_code, page_size=page_size):
                writer.row(format_row(spec, row) + extra, text)
    return ExportResult(
        kind=kind, path=Path(path), rows=writer.rows_written, ars_code=ars_code, demo=demo
    )
