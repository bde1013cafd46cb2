"""Round trips: an export imported again into the same device changes nothing; imported into a
new device of the same ARS it gives the same records, with the same ids and links."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from storage.db import Database, open_database
from storage.demo.generator import generate_demo
from storage.exchange.exports import export_records
from storage.exchange.imports import import_file

TODAY = date(2026, 3, 2)
#: Export kind -> (table, columns compared).
ROUND_TRIPS = {
    "professionnels": (
        "professional",
        "id, last_name, first_name, rpps, profession, specialty, situation, phone, email,"
        " consent_date, ars_code",
    ),
    "installations": (
        "installation_project",
        "id, professional_id, commune_code, localite, practice_mode, status, first_contact_date,"
        " planned_installation_date, installation_date, zoning_class, referent, next_action_due,"
        " ars_code",
    ),
    "msp": (
        "msp_project",
        "id, name, kind, sponsor_kind, sponsor_name, status, opening_date, aci_signed_date,"
        " health_themes, referent, ars_code,"
        " (SELECT commune_code || '/' || coalesce(finess, '') FROM msp_site s"
        "  WHERE s.msp_id = msp_project.id AND s.deleted = 0"
        "  ORDER BY is_main_site DESC, s.id LIMIT 1) AS main_site",
    ),
    "mcs": (
        "mcs",
        "id, professional_id, samu_attachment, status, convention_date, convention_number,"
        " availability, ars_code",
    ),
    "couverture": (
        "urgent_care_coverage",
        "id, commune_code, localite, as_of, population_beyond_30min, active_mcs,"
        " population_covered_by_mcs, notes, ars_code",
    ),
    "contrats": (
        "aid_contract",
        "id, professional_id, installation_project_id, kind, status, funder, commune_code,"
        " start_date, end_date, amount_cents, monthly_amount_cents, months_paid, secteur, notes,"
        " ars_code",
    ),
    "missions": (
        "solidarity_mission",
        "id, priority_zone_id, professional_id, host_kind, host_name, commune_code, start_date,"
        " end_date, days, consultations, status, ars_code,"
        " (SELECT epci_siren || '/' || year FROM priority_zone z"
        "  WHERE z.id = solidarity_mission.priority_zone_id) AS zone",
    ),
}


#: The ARS of the round trip (the 151 zones prioritaires of 2025 are metropolitan).
ARS = "BRE"


@pytest.fixture
def source(tmp_path: Path, fresh_database_file: Path):
    path = tmp_path / "source.db"
    shutil.copyfile(fresh_database_file, path)
    database = open_database(path)
    # A metropolitan ARS: the demo makes zones prioritaires (and missions) only there.
    generate_demo(database.engine, records=300, ars_code=ARS, today=TODAY)
    yield database
    database.dispose()


def rows(database: Database, table: str, columns: str) -> list[tuple]:
    with database.engine.connect() as connection:
        return [
            tuple(row)
            for row in connection.execute(
                text(f"SELECT {columns} FROM {table} WHERE deleted = 0 ORDER BY id")
            )
        ]


def ops(database: Database) -> int:
    with database.engine.connect() as connection:
        return connection.execute(text("SELECT COUNT(*) FROM outbox_op")).scalar_one()


def export_all(database: Database, tmp_path: Path) -> dict[str, Path]:
    files = {}
    for kind in ROUND_TRIPS:
        files[kind] = tmp_path / f"{kind}.csv"
        export_records(database.engine, kind, files[kind], ars_code=ARS)
    return files


def test_exports_import_into_a_new_device_with_the_same_ids_and_links(
    source: Database, database: Database, tmp_path: Path
) -> None:
    files = export_all(source, tmp_path)
    for kind, path in files.items():
        import_file(database.engine, kind, path, user="c.payet", ars_code=ARS, today=TODAY)
    for table, columns in ROUND_TRIPS.values():
        copied = rows(database, table, columns)
        assert copied, table
        assert copied == rows(source, table, columns)
    # Every import went through the outbox, as a save does: at least one op per record.
    assert ops(database) >= sum(len(rows(source, t, "id")) for t, _ in ROUND_TRIPS.values())


def test_exports_import_into_the_same_device_unchanged(source: Database, tmp_path: Path) -> None:
    files = export_all(source, tmp_path)
    before = {table: rows(source, table, columns) for table, columns in ROUND_TRIPS.values()}
    ops_before = ops(source)
    for kind, path in files.items():
        result = import_file(source.engine, kind, path, user="c.payet", ars_code=ARS, today=TODAY)
        assert result.total("created") == result.total("updated") == 0, kind
        assert result.total("unchanged") > 0
    after = {table: rows(source, table, columns) for table, columns in ROUND_TRIPS.values()}
    assert after == before
    assert ops(source) == ops_before
