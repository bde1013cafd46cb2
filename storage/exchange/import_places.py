"""Imports of the region's tables about places: arrêtés de zonage (``zonage``), zones
prioritaires (``zones-prioritaires``) and the objectives (``objectifs``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa

from storage import vocabulary as voc
from storage.exchange.csv_io import CsvTable
from storage.exchange.import_run import (
    BAD,
    DEFAULT_PRIORITY_YEAR,
    ImportColumn,
    ImportRun,
    Line,
    _Duplicates,
    _prepare,
    resolve_columns,
)
from storage.models import RECORD_TYPES
from storage.records import identifiers, rules
from storage.records.field_rules import split_retained_class
from storage.records.validation import ValidationError

# --- zonage -------------------------------------------------------------------------------------


@dataclass
class _Order:
    """One arrêté of the file, with its lines' entries (commune -> (line, class, TVS, TVS name))."""

    number: str
    profession: str
    effective_date: date
    end_date: date | None
    signed_date: date | None
    first_line: int
    ars_code: str | None = None
    entries: dict[str, tuple[int, str, str | None, str | None, bool]] = field(default_factory=dict)
    #: Lines that name a TVS and no commune: (line, TVS code, class, TVS name, retained).
    tvs_lines: list[tuple[int, str, str, str | None, bool]] = field(default_factory=list)


ZONAGE_COLUMNS = (
    ImportColumn("commune_code"),
    ImportColumn("tvs_code"),
    ImportColumn("tvs_name"),
    ImportColumn("zone_class", required=True),
    ImportColumn("retained_by_ars"),
    ImportColumn("number", required=True),
    ImportColumn("effective_date", required=True),
    ImportColumn("end_date"),
    ImportColumn("signed_date"),
    ImportColumn("profession"),
)


def _import_zonage(run: ImportRun, table: CsvTable) -> None:
    found, _ = resolve_columns(run.kind, table.header, ZONAGE_COLUMNS)
    has_place = "commune_code" in found or "tvs_code" in found
    if not has_place:
        run.fail(1, voc.MSG_IMPORT_ZONAGE_PLACE_COLUMN)
    lines = _prepare(run, table, ZONAGE_COLUMNS)
    if lines is None or not has_place:
        return
    orders: dict[tuple[str, str], _Order] = {}
    duplicates = _Duplicates(run)
    for line in lines:
        _read_zonage_line(run, line, orders, duplicates)
    # Which communes the file itself puts in each TVS (any arrêté of the file).
    tvs_members: dict[str, set[str]] = {}
    for order in orders.values():
        for commune, (_, _, tvs_code, _, _) in order.entries.items():
            if tvs_code is not None:
                tvs_members.setdefault(tvs_code, set()).add(commune)
    for order in orders.values():
        _expand_tvs(run, order, tvs_members)
    if run.errors:
        return  # nothing to gain from writing: the file is refused
    for order in orders.values():
        _write_order(run, order)


def _read_zonage_line(
    run: ImportRun,
    line: Line,
    orders: dict[tuple[str, str], _Order],
    duplicates: _Duplicates,
) -> None:
    errors_before = len(run.errors)
    number = line.get("number").strip()
    if not number:
        run.fail(line.number, voc.MSG_REQUIRED.format(label=voc.field_label("number")))
    profession = line.get("profession").strip().lower() or "medecin"
    effective = run.value(line, "zoning_order", "effective_date")
    if effective is None:
        run.fail(line.number, voc.MSG_REQUIRED.format(label=voc.field_label("effective_date")))
    end = run.value(line, "zoning_order", "end_date")
    signed = run.value(line, "zoning_order", "signed_date")
    # "ZIP-R": a class the ARS retained itself (field_rules.split_retained_class).
    class_text, retained = split_retained_class(line.get("zone_class"))
    zone_class = run.value(line, "zoning_entry", "zone_class", raw=class_text)
    if zone_class is None:
        run.fail(line.number, voc.MSG_REQUIRED.format(label=voc.field_label("zone_class")))
    if line.get("retained_by_ars").strip():
        flag = run.value(line, "zoning_entry", "retained_by_ars")
        retained = retained or flag is True
    tvs_code = line.get("tvs_code").strip() or None
    tvs_name = line.get("tvs_name").strip() or None
    commune = None
    if line.get("commune_code").strip():
        commune = run.commune(line, line.get("commune_code"))
    elif tvs_code is None:
        run.fail(line.number, voc.MSG_IMPORT_ZONAGE_NO_PLACE)
    if len(run.errors) > errors_before:
        return
    if end is not None and end < effective:
        run.fail(
            line.number,
            voc.MSG_DATE_BEFORE.format(
                label=voc.field_label("end_date"),
                other=voc.field_label("effective_date"),
                other_value=voc.format_date(effective),
            ),
        )
        return
    key = (number, profession)
    order = orders.get(key)
    if order is None:
        order = orders[key] = _Order(number, profession, effective, end, signed, line.number)
    elif (order.effective_date, order.end_date, order.signed_date) != (effective, end, signed):
        run.fail(
            line.number,
            voc.MSG_IMPORT_ZONAGE_ORDER_DATES.format(number=number, first=order.first_line),
        )
        return
    if commune is None:
        assert tvs_code is not None
        if duplicates.check(line, (key, "tvs", tvs_code), voc.MSG_IMPORT_SAME_TVS):
            order.tvs_lines.append((line.number, tvs_code, zone_class, tvs_name, retained))
        return
    if not duplicates.check(line, (key, commune), voc.MSG_IMPORT_SAME_COMMUNE):
        return
    if not _zonage_ars(run, line.number, order, commune):
        return
    order.entries[commune] = (line.number, zone_class, tvs_code, tvs_name, retained)


def _zonage_ars(run: ImportRun, line: int, order: _Order, commune: str) -> bool:
    """The commune belongs to the arrêté's ARS (on its date) and to the scope: else an error."""
    if not run.in_scope(commune):
        run.fail(line, voc.MSG_IMPORT_OTHER_ARS.format(code=commune, ars=run.scope))
        return False
    ars = rules.ars_of_commune(commune, order.effective_date)
    if order.ars_code is None:
        order.ars_code = ars
    elif ars != order.ars_code:
        run.fail(
            line,
            voc.MSG_IMPORT_ZONAGE_MIXED_ARS.format(code=commune, ars=ars, order_ars=order.ars_code),
        )
        return False
    return True


def _expand_tvs(run: ImportRun, order: _Order, tvs_members: Mapping[str, set[str]]) -> None:
    """Lines naming a TVS only: every commune the file or an earlier arrêté puts in that TVS."""
    for line, tvs_code, zone_class, tvs_name, retained in order.tvs_lines:
        communes = set(tvs_members.get(tvs_code, ()))
        known = run.connection.execute(
            sa.text(
                "SELECT DISTINCT commune_code FROM zoning_entry"
                " WHERE tvs_code = :tvs AND deleted = 0"
            ),
            {"tvs": tvs_code},
        ).scalars()
        communes.update(code for code in known if run.in_scope(code))
        if not communes:
            run.fail(line, voc.MSG_IMPORT_UNKNOWN_TVS.format(tvs=tvs_code))
            continue
        for commune in sorted(communes):
            if commune in order.entries:
                continue  # a line naming the commune itself wins over its TVS's line
            if not _zonage_ars(run, line, order, commune):
                break
            order.entries[commune] = (line, zone_class, tvs_code, tvs_name, retained)


def _write_order(run: ImportRun, order: _Order) -> None:
    assert order.ars_code is not None
    values = {
        "number": order.number,
        "profession": order.profession,
        "effective_date": order.effective_date,
        "end_date": order.end_date,
        "signed_date": order.signed_date,
    }
    order_id = run.connection.execute(
        sa.text(
            "SELECT id FROM zoning_order WHERE ars_code = :ars AND number = :number"
            " AND profession = :profession AND deleted = 0 ORDER BY id LIMIT 1"
        ),
        {"ars": order.ars_code, "number": order.number, "profession": order.profession},
    ).scalar()
    if order_id is None:
        order_id = run.create(order.first_line, "zoning_order", values, ars_code=order.ars_code)
        if order_id is None:
            return
        existing: dict[str, dict[str, Any]] = {}
    else:
        current = run.load("zoning_order", order_id)
        assert current is not None
        dates = {key: values[key] for key in ("effective_date", "end_date", "signed_date")}
        if run.update(order.first_line, "zoning_order", current, dates) is None:
            return
        entry_table = RECORD_TYPES["zoning_entry"].__table__  # type: ignore[attr-defined]
        rows = run.connection.execute(
            sa.select(entry_table).where(
                entry_table.c.order_id == order_id, entry_table.c.deleted.is_(False)
            )
        ).mappings()
        existing = {row["commune_code"]: dict(row) for row in rows}
    for commune, (line, zone_class, tvs_code, tvs_name, retained) in order.entries.items():
        entry: dict[str, Any] = {"zone_class": zone_class, "retained_by_ars": retained}
        if tvs_code is not None:
            entry["tvs_code"] = tvs_code
        if tvs_name is not None:
            entry["tvs_name"] = tvs_name
        if commune in existing:
            run.update(line, "zoning_entry", existing[commune], entry)
        else:
            run.create(
                line, "zoning_entry", {**entry, "order_id": order_id, "commune_code": commune}
            )


# --- zones-prioritaires -------------------------------------------------------------------------

PRIORITY_COLUMNS = (
    ImportColumn("epci_siren", required=True),
    ImportColumn("epci_name"),
    ImportColumn("population"),
    ImportColumn("year"),
)


def _import_priority_zones(run: ImportRun, table: CsvTable) -> None:
    duplicates = _Duplicates(run)
    entity = "priority_zone"
    for line in _prepare(run, table, PRIORITY_COLUMNS) or ():  # None: a column is missing
        try:
            siren = identifiers.check_siren(line.get("epci_siren"))
        except ValidationError as error:
            run.fail_validation(line.number, error)
            continue
        year = run.value(line, entity, "year") if line.get("year").strip() else None
        population = run.value(line, entity, "population")
        if year is BAD or population is BAD:
            continue
        year = year or DEFAULT_PRIORITY_YEAR
        if not duplicates.check(line, (siren, year), voc.MSG_IMPORT_SAME_EPCI):
            continue
        communes = run.connection.execute(
            sa.text(
                "SELECT code, population FROM commune WHERE epci_siren = :siren"
                " ORDER BY population DESC, code"
            ),
            {"siren": siren},
        ).all()
        known = run.connection.execute(
            sa.text("SELECT 1 FROM epci WHERE siren = :siren"), {"siren": siren}
        ).first()
        if known is None or not communes:
            label = voc.field_label("epci_siren")
            run.fail(line.number, voc.MSG_UNKNOWN_EPCI.format(label=label, value=siren))
            continue
        # The EPCI's ARS is that of its most populated commune (an EPCI rarely spans two).
        if not run.in_scope(communes[0][0]):
            run.ignored += 1
            continue
        ars = rules.ars_of_commune(communes[0][0], run.today)
        if population is None:
            population = sum(count or 0 for _, count in communes)
        current = run.connection.execute(
            sa.text(
                "SELECT id FROM priority_zone WHERE epci_siren = :siren AND year = :year"
                " AND ars_code = :ars AND deleted = 0 ORDER BY id LIMIT 1"
            ),
            {"siren": siren, "year": year, "ars": ars},
        ).scalar()
        values = {"epci_siren": siren, "year": year, "population": population}
        if current is None:
            run.create(line.number, entity, values, ars_code=ars)
        else:
            record = run.load(entity, current)
            assert record is not None
            changes = {"population": population} if line.get("population").strip() else {}
            run.update(line.number, entity, record, changes)


# --- objectifs ---------------------------------------------------------------------------------

OBJECTIVE_COLUMNS = (
    ImportColumn("ars_code"),
    ImportColumn("indicator", required=True),
    ImportColumn("year", required=True),
    ImportColumn("value", required=True),
    ImportColumn("source", required=True),
)
OBJECTIVE_FIELDS = ("indicator", "year", "value", "source")


def _import_objectives(run: ImportRun, table: CsvTable) -> None:
    """The ARS's own objectives (projet régional de santé): one per ARS, indicator and year.

    A line whose ARS, indicator and year match a live objective updates its value and source;
    the others are created. The ARS column, if any, must be the import's ARS.
    """
    duplicates = _Duplicates(run)
    entity = "regional_objective"
    for line in _prepare(run, table, OBJECTIVE_COLUMNS) or ():  # None: a column is missing
        ars = (line.get("ars_code").strip().upper() or run.scope or "")[:3]
        if ars != run.scope:
            message = voc.MSG_IMPORT_OBJECTIVE_OTHER_ARS.format(ars=ars or "?", scope=run.scope)
            run.fail(line.number, message)
            continue
        values = run.values(line, entity, OBJECTIVE_FIELDS)
        if values is None:
            continue
        key = (ars, values["indicator"], values["year"])
        if not duplicates.check(line, key, voc.MSG_IMPORT_SAME_OBJECTIVE):
            continue
        current = run.connection.execute(
            sa.text(
                "SELECT id FROM regional_objective WHERE ars_code = :ars AND indicator = :indicator"
                " AND year = :year AND deleted = 0 ORDER BY id LIMIT 1"
            ),
            {"ars": ars, "indicator": values["indicator"], "year": values["year"]},
        ).scalar()
        if current is None:
            run.create(line.number, entity, values, ars_code=ars)
        else:
            record = run.load(entity, current)
            assert record is not None
            run.update(line.number, entity, record, values)
