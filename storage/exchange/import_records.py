"""Imports of records: professionals (``professionnels``), installation projects
(``installations``), and our own exports back (MSP, MCS, coverage, contracts, missions).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from storage import vocabulary as voc
from storage.exchange.csv_io import CsvStream, CsvTable
from storage.exchange.export_kinds import PROFESSIONAL_FIELDS
from storage.exchange.import_run import (
    BAD,
    CREATED,
    DEFAULT_PRIORITY_YEAR,
    ImportColumn,
    ImportRun,
    Line,
    _chunks,
    _Duplicates,
    _owned,
    _prefetch,
    _prepare,
    _prepared_chunks,
    _professionals_by_rpps,
    _reusable_id,
)
from storage.records import identifiers
from storage.records.validation import ValidationError
from storage.text import search_key

# --- professionnels -----------------------------------------------------------------------------

PROFESSIONAL_COLUMNS = (
    ImportColumn("id"),
    ImportColumn("last_name", required=True),
    ImportColumn("first_name", required=True),
    *(ImportColumn(name) for name in PROFESSIONAL_FIELDS[3:]),
)
_PROFESSIONAL_VALUES = PROFESSIONAL_FIELDS[1:]


def _import_professionals(run: ImportRun, table: CsvTable | CsvStream) -> None:
    _import_chunks(
        run,
        _prepared_chunks(run, table, PROFESSIONAL_COLUMNS),
        "professional",
        lambda chunk: _professionals_by_rpps(
            run, [identifiers.compact(line.get("rpps")) for line in chunk]
        ),
        _import_professional,
    )


#: Records read for a chunk of lines, by id (or by RPPS).
_Records = Mapping[str, dict[str, Any]]
#: import_line(run, line, duplicates, records of the chunk by id, other records it needs).
_LineImport = Callable[[ImportRun, Line, _Duplicates, _Records, _Records], object]


def _import_chunks(
    run: ImportRun,
    chunks: Iterable[list[Line]],
    entity: str,
    linked: Callable[[list[Line]], _Records],
    import_line: _LineImport,
) -> None:
    """Each chunk: its records by id and the ``linked`` ones read at once, its lines imported
    one by one, then written together."""
    duplicates = _Duplicates(run)
    for chunk in chunks:
        by_id = _prefetch(run, entity, [line.get("id").strip() for line in chunk])
        others = linked(chunk)
        for line in chunk:
            import_line(run, line, duplicates, by_id, others)
            run.tick()
        run.flush()


def _import_professional(
    run: ImportRun, line: Line, duplicates: _Duplicates, by_id: _Records, by_rpps: _Records
) -> None:
    entity = "professional"
    values = run.values(line, entity, _PROFESSIONAL_VALUES)
    if values is None:
        return
    rpps = values.get("rpps")
    if rpps:
        # The RPPS is checked by the save's validation (bulk_create/bulk_update check the whole
        # record); it is checked here too only when it is already known (a later line with it,
        # or a record of this device): a bad number is refused for its key, not as a duplicate
        # or a match. Checking every line here as well doubled the import's Luhn work.
        if (("rpps", rpps) in duplicates.seen or rpps in by_rpps) and not _rpps_ok(run, line, rpps):
            return
        if not duplicates.check(line, ("rpps", rpps), voc.MSG_IMPORT_SAME_RPPS):
            return
    record_id = line.get("id").strip()
    if record_id and not duplicates.check(line, ("id", record_id), voc.MSG_IMPORT_SAME_ID):
        return
    current = by_id.get(record_id) if record_id else None
    if current is None and rpps:
        current = by_rpps.get(rpps)
    if current is None:
        run.bulk_create(line.number, entity, values, record_id=_reusable_id(record_id))
    elif _owned(run, line, current):
        run.bulk_update(line.number, entity, current, values)


def _rpps_ok(run: ImportRun, line: Line, rpps: str) -> bool:
    """Whether ``rpps`` is a valid RPPS (else an error for the line)."""
    try:
        identifiers.check_rpps(rpps)
    except ValidationError as error:
        run.fail_validation(line.number, error)
        return False
    return True


# --- installations ------------------------------------------------------------------------------

INSTALLATION_FIELDS = (
    "commune_code",
    "localite",
    "practice_mode",
    "first_contact_date",
    "planned_installation_date",
    "installation_date",
    "zoning_class",
    "aids_requested",
    "aids_obtained",
    "referent",
    "next_action",
    "next_action_due",
    "notes",
)
INSTALLATION_COLUMNS = (
    ImportColumn("id"),
    ImportColumn("professional_id"),
    ImportColumn("last_name"),
    ImportColumn("first_name"),
    ImportColumn("status"),
    ImportColumn("commune_code", required=True),
    ImportColumn("first_contact_date", required=True),
    *(
        ImportColumn(name)
        for name in INSTALLATION_FIELDS
        if name not in ("commune_code", "first_contact_date")
    ),
)


def _import_installations(run: ImportRun, table: CsvTable) -> None:
    lines = _prepare(run, table, INSTALLATION_COLUMNS)
    if lines is None:
        return
    _import_chunks(
        run,
        _chunks(lines),
        "installation_project",
        lambda chunk: _professionals_of_chunk(run, chunk),
        _import_installation,
    )


def _professionals_of_chunk(run: ImportRun, chunk: list[Line]) -> dict[str, dict[str, Any]]:
    """The professionals the chunk's lines name by « Identifiant du professionnel »."""
    return _prefetch(run, "professional", [line.get("professional_id").strip() for line in chunk])


def _import_installation(
    run: ImportRun, line: Line, duplicates: _Duplicates, by_id: _Records, professionals: _Records
) -> None:
    entity = "installation_project"
    errors_before = len(run.errors)
    values = run.values(line, entity, INSTALLATION_FIELDS)
    if values is not None and values.get("commune_code"):
        run.commune(line, values["commune_code"])
    status = run.status(line, entity, {})
    professional_id = _professional_of(run, line, professionals)
    if len(run.errors) > errors_before or values is None or status is BAD:
        return
    record_id = line.get("id").strip()
    if record_id and not duplicates.check(line, ("id", record_id), voc.MSG_IMPORT_SAME_ID):
        return
    assert professional_id is not None
    values["professional_id"] = professional_id
    if status is not None:
        values["status"] = status
    current = by_id.get(record_id) if record_id else None
    if current is None:
        run.bulk_create(line.number, entity, values, record_id=_reusable_id(record_id))
    elif _owned(run, line, current):
        run.bulk_update(line.number, entity, current, values)


def _professional_of(
    run: ImportRun, line: Line, professionals: Mapping[str, dict[str, Any]]
) -> str | None:
    """The project's professional: by « Identifiant du professionnel » if this database has it
    (an export carries it: names are not unique), else by name when only one matches."""
    professional_id = line.get("professional_id").strip()
    if professional_id:
        found = professionals.get(professional_id)
        if found is not None and not found["deleted"]:
            return professional_id
    last, first = line.get("last_name").strip(), line.get("first_name").strip()
    if not last:
        run.fail(line.number, voc.MSG_IMPORT_PROFESSIONAL_NOT_FOUND)
        return None
    candidates = run.connection.execute(
        sa.text(
            "SELECT id, last_name, first_name FROM professional WHERE deleted = 0"
            " AND (:ars IS NULL OR ars_code = :ars) AND search_key LIKE :prefix"
        ),
        {"ars": run.scope, "prefix": search_key(last) + "%"},
    ).all()
    wanted = (search_key(last), search_key(first))
    matches = [
        row.id
        for row in candidates
        if (search_key(row.last_name), search_key(row.first_name)) == wanted
    ]
    if len(matches) == 1:
        return matches[0]
    run.fail(
        line.number,
        voc.MSG_IMPORT_PROFESSIONAL_AMBIGUOUS if matches else voc.MSG_IMPORT_PROFESSIONAL_NOT_FOUND,
    )
    return None


# --- msp, mcs, couverture, contrats, missions: our own exports back -----------------------------

#: Export columns that are read back into another record than the exported one, or that the
#: export computes: never a field of the record itself.
_NOT_RECORD_FIELDS = frozenset(
    {"id", "status", "commune_name", "epci_name", "zone_year", "last_name", "first_name"}
)


@dataclass(frozen=True)
class _RecordKind:
    """How one export kind is read back: its record type and the fields its columns carry."""

    kind: str
    entity: str
    fields: tuple[str, ...]
    columns: tuple[ImportColumn, ...]


def _record_kind(kind: str) -> _RecordKind:
    from storage.exchange.export_kinds import export_spec
    from storage.records.field_specs import field_specs

    spec = export_spec(kind)
    specs = field_specs(spec.entity)
    fields = tuple(
        column.key
        for column in spec.columns
        if column.key in specs and column.key not in _NOT_RECORD_FIELDS
    )
    # The professional's name finds them when their id is not in this database.
    names = ("last_name", "first_name") if "professional_id" in fields else ()
    zone = ("priority_zone_id", "epci_siren", "zone_year") if "priority_zone_id" in fields else ()
    columns = (
        ImportColumn("id"),
        ImportColumn("status"),
        *(ImportColumn(name) for name in (*names, *zone)),
        *(ImportColumn(name) for name in fields if name not in zone),
        # The MSP export carries its main site's commune and FINESS.
        *((ImportColumn("commune_code"), ImportColumn("finess")) if kind == "msp" else ()),
    )
    return _RecordKind(kind, spec.entity, fields, columns)


def _import_records(run: ImportRun, table: CsvTable) -> None:
    """An export of ours (msp, mcs, couverture, contrats, missions) back, matched by id."""
    how = _record_kind(run.kind)
    lines = _prepare(run, table, how.columns)
    if lines is None:
        return
    duplicates = _Duplicates(run)
    for chunk in _chunks(lines):
        by_id = _prefetch(run, how.entity, [line.get("id").strip() for line in chunk])
        professionals = _professionals_of_chunk(run, chunk)
        sites: list[tuple[Line, str]] = []
        for line in chunk:
            record_id = _import_record(run, how, line, duplicates, by_id, professionals)
            if record_id is not None and how.entity == "msp_project":
                sites.append((line, record_id))
            run.tick()
        run.flush()  # the projects exist before their sites are checked
        for line, project_id in sites:
            _import_main_site(run, line, project_id)
        run.flush()


def _import_record(
    run: ImportRun,
    how: _RecordKind,
    line: Line,
    duplicates: _Duplicates,
    by_id: Mapping[str, dict[str, Any]],
    professionals: Mapping[str, dict[str, Any]],
) -> str | None:
    entity = how.entity
    errors_before = len(run.errors)
    values = run.values(line, entity, [name for name in how.fields if not name.endswith("_id")])
    if values is not None and values.get("commune_code"):
        run.commune(line, values["commune_code"])
    status = run.status(line, entity, values or {})
    links: dict[str, Any] = {}
    if "professional_id" in how.fields:
        links["professional_id"] = _professional_of(run, line, professionals)
    if "priority_zone_id" in how.fields:
        links["priority_zone_id"] = _priority_zone_of(run, line)
    if "installation_project_id" in how.fields:
        links["installation_project_id"] = _optional_link(run, line, "installation_project_id")
    if len(run.errors) > errors_before or values is None or status is BAD:
        return None
    record_id = line.get("id").strip()
    if record_id and not duplicates.check(line, ("id", record_id), voc.MSG_IMPORT_SAME_ID):
        return None
    values.update(links)
    if status is not None:
        values["status"] = status
    current = by_id.get(record_id) if record_id else None
    if current is None:
        return run.bulk_create(line.number, entity, values, record_id=_reusable_id(record_id))
    if _owned(run, line, current) and run.bulk_update(line.number, entity, current, values):
        return str(current["id"])
    return None


def _optional_link(run: ImportRun, line: Line, name: str) -> str | None:
    """A link this database may lack (a contract's project): kept if the record is here."""
    record_id = line.get(name).strip()
    if not record_id:
        return None
    entity = name.removesuffix("_id")
    found = run.load(entity, record_id)
    return record_id if found is not None and not found["deleted"] else None


def _priority_zone_of(run: ImportRun, line: Line) -> str | None:
    """A mission's zone prioritaire: by its id, else by SIREN and year; made if missing.

    Zones prioritaires come from the national list: a new device may not have imported it yet,
    so the zone is made (with the exported id) rather than the mission refused.
    """
    zone_id = line.get("priority_zone_id").strip()
    if zone_id:
        found = run.load("priority_zone", zone_id)
        if found is not None and not found["deleted"]:
            return zone_id
    try:
        siren = identifiers.check_siren(line.get("epci_siren"))
    except ValidationError as error:
        run.fail_validation(line.number, error)
        return None
    year = run.value(line, "priority_zone", "year", column="zone_year")
    if year is BAD:
        return None
    year = year or DEFAULT_PRIORITY_YEAR
    found_id = run.connection.execute(
        sa.text(
            "SELECT id FROM priority_zone WHERE epci_siren = :siren AND year = :year"
            " AND deleted = 0 AND (:ars IS NULL OR ars_code = :ars) ORDER BY id LIMIT 1"
        ),
        {"siren": siren, "year": year, "ars": run.scope},
    ).scalar()
    if found_id is not None:
        return str(found_id)
    values = {"epci_siren": siren, "year": year}
    try:
        made = run.bulk.create(
            "priority_zone", values, ars_code=run.scope, record_id=_reusable_id(zone_id)
        )
    except ValidationError as error:
        run.fail_validation(line.number, error)
        return None
    run.count("priority_zone", CREATED)
    run.flush()  # written now: the mission's check looks for it, and the next line too
    return made


def _import_main_site(run: ImportRun, line: Line, project_id: str) -> None:
    """The MSP's main site: its commune and FINESS, as the export gives them."""
    commune = line.get("commune_code").strip()
    if not commune:
        return
    finess = line.get("finess").strip() or None
    row = (
        run.connection.execute(
            sa.text(
                "SELECT * FROM msp_site WHERE msp_id = :msp AND deleted = 0"
                " ORDER BY is_main_site DESC, id LIMIT 1"
            ),
            {"msp": project_id},
        )
        .mappings()
        .first()
    )
    if row is None:
        values = {"msp_id": project_id, "commune_code": commune, "is_main_site": True}
        if finess:
            values["finess"] = finess
        run.bulk_create(line.number, "msp_site", values)
        return
    changes: dict[str, Any] = {"commune_code": commune}
    if finess:
        changes["finess"] = finess
    run.bulk_update(line.number, "msp_site", dict(row), changes)
