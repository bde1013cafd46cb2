"""Realistic demo data for one ARS, written fast: the engine of ``ars-tui demo``.

::

    summary = generate_demo(database.engine, records=1000, ars_code="REU")
    summary.counts["installation_project"], round(summary.seconds, 1)  # (1000, 0.2)

``records`` (N) is the number of installation projects; the other records follow in proportion:

=========================  =================================================================
professional               N + N/20 (each project's professional, plus installed doctors)
aid_contract               about 0.4 N (by project status: always while aids are instructed)
msp_project                N/50 (at most one per 25,000 inhabitants), with 1-3 sites (1.45 on
                           average), 4-8 staffing rows (one per profession) and 0-3 fundings
                           (1.2 on average)
mcs                        N/40 (at most one per 10,000 inhabitants), with 1-4 communes covered
                           (2.5), and for those with a convention an initial training and
                           yearly refreshers (1.5 trainings per MCS on average), 2-4 equipment
                           items and 0-6 interventions
solidarity_mission         N/25 (none before the 2025 zones prioritaires, none overseas)
urgent_care_coverage       N/20: every localité first, then small communes, 1-3 yearly measures
                           each (so fewer where there are few places: La Réunion, Mayotte)
cpts                       N/1000, at least 2, at most one per EPCI of the ARS
medical_assistant          N/50 (at most one per 10,000 inhabitants); teleconsultation_booth
                           N/100 (at most one per 20,000); at least 1 of each
follow_up                  0.6 N about projects + 0.2 N about aids, MSP and MCS
zoning_order / _entry      2 arrêtés, each with every commune of the ARS (made once per ARS)
priority_zone              about one EPCI in eight, among the rural ones (once per ARS, from 2025;
                           none overseas: the 151 zones of 2025 are metropolitan)
=========================  =================================================================

Measured at N = 100,000 (bench/bench_demo.py): about 392,000 rows for a metropolitan ARS,
375,000 for La Réunion (before the population caps, which make overseas demos a little smaller).

Every count is at least 1 for N >= 1, zones and missions apart. The period comes from the ARS
table: ARS Océan Indien ("OI") records are dated 2012-2019 on La Réunion and Mayotte communes
(the ARS ended on 2019-12-31, and nothing planned goes past it); REU and MAY from 2020-01-01;
the others from 2014-01-01; all up to ``today``.

Demo rows look like records never synced: version 0, ``updated_by`` "démo", and no outbox op nor
history entry (demo data must never reach a real server). The database says it holds demo data
with the local settings ``demo`` = "1" and ``demo_ars`` = the last ARS generated. Running again
adds records (the same seed draws the same ones again under new ids; an RPPS already in the
database is never made twice); the arrêtés and zones prioritaires of an ARS are made once, then
reused.

All of it is one write transaction: an error leaves the database as it was. Identical ``seed``
and ``today`` give identical records (ids and ``updated_at`` apart) on identical databases.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from random import Random

from sqlalchemy import Connection, Engine, text

from storage import vocabulary as voc
from storage.db import write_transaction
from storage.demo_base import DemoContext, Period, indexes_rebuilt, sqlite_datetime
from storage.demo_care import make_mcs, make_msp
from storage.demo_people import People
from storage.demo_places import (
    make_assistants,
    make_booths,
    make_coverage,
    make_cpts,
    make_journal,
    make_missions,
    make_priority_zones,
)
from storage.demo_projects import make_projects
from storage.demo_territory import load_territory, make_zoning
from storage.models import RECORD_TYPES
from storage.validation import FieldError, ValidationError

#: Records of the ARS still active start here (or when the ARS started, if later).
EARLIEST_START = date(2014, 1, 1)
#: The historical ARS Océan Indien's demo records start here.
OI_START = date(2012, 1, 1)
#: Page cache during the generation, in KiB (SQLite's negative form): the indexes of 400,000 new
#: rows stay in memory instead of spilling to the WAL mid-transaction.
DEMO_CACHE_SIZE = -262_144
#: The tables that get most rows (see :func:`storage.demo_base.indexes_rebuilt`).
BULK_TABLES = ("professional", "installation_project", "aid_contract", "follow_up")
#: Number of fictional correspondents ("référents") the records are shared between.
REFERENTS = 6


@dataclass(frozen=True)
class DemoSummary:
    """What :func:`generate_demo` wrote: rows per table (every record type) and the time taken."""

    counts: dict[str, int]
    seconds: float


def generate_demo(
    engine: Engine,
    *,
    records: int,
    ars_code: str,
    seed: int = 2026,
    today: date | None = None,
) -> DemoSummary:
    """Fill the opened database with demo records of one ARS (see the module docstring).

    Raises :class:`~storage.validation.ValidationError` (French messages, nothing written) for
    an unknown ARS code or fewer than one record.
    """
    began = time.perf_counter()
    code = str(ars_code).strip().upper()
    today = today or date.today()
    with write_transaction(engine) as connection:
        period = _check_and_period(connection, code, records, today)
        previous_cache = connection.exec_driver_sql("PRAGMA cache_size").scalar()
        connection.exec_driver_sql(f"PRAGMA cache_size = {DEMO_CACHE_SIZE}")
        try:
            ctx = DemoContext(
                connection=connection,
                rng=Random(seed),
                ars_code=code,
                period=period,
                updated_at=sqlite_datetime(datetime.now(UTC)),
            )
            with indexes_rebuilt(connection, BULK_TABLES, rows_coming=records * 3):
                _generate(ctx, records)
            _remember_demo(connection, code)
        finally:
            connection.exec_driver_sql(f"PRAGMA cache_size = {int(previous_cache)}")
    counts = {table: ctx.counts.get(table, 0) for table in RECORD_TYPES}
    return DemoSummary(counts=counts, seconds=time.perf_counter() - began)


def _generate(ctx: DemoContext, records: int) -> None:
    territory = load_territory(ctx)
    zoning = make_zoning(ctx, territory)
    region_of = dict(
        ctx.connection.execute(text("SELECT code, region_code FROM departement")).all()
    )
    people = People(ctx, region_of)
    main = max(territory.departement_names, key=lambda d: territory.biggest(d).population)
    referents = [
        " ".join(reversed(people.name(main, ctx.rng.random() < 0.6))) for _ in range(REFERENTS)
    ]
    made = make_projects(ctx, territory, zoning, people, referents, records)
    population = sum(place.population for place in territory.communes)
    msp_count = scaled(records // 50, population, "msp")
    others = made.aids + make_msp(ctx, territory, referents, msp_count)
    others += make_mcs(ctx, territory, made.doctors, scaled(records // 40, population, "mcs"))
    zones = make_priority_zones(ctx, territory)
    make_missions(ctx, territory, zones, made.doctors, max(1, records // 25))
    make_coverage(ctx, territory, max(5, records // 20))
    make_cpts(ctx, territory, max(2, records // 1000))
    make_booths(ctx, territory, scaled(records // 100, population, "booth"))
    make_assistants(ctx, zoning, made.doctors, scaled(records // 50, population, "assistant"))
    make_journal(ctx, made.journal, referents, max(1, records * 3 // 5))
    make_journal(ctx, others, referents, max(1, records // 5))


#: Inhabitants per MSP, MCS, cabine and assistant médical at most: the demo's volumes follow
#: the territory's population, not only the number of projects asked for (Mayotte, 256,000
#: inhabitants, gets about 10 MSP and 25 MCS, not 40 MSP for 2,000 projects). France counts
#: about 2,500 MSP and 5,355 assistant contracts (2023) for 68 million people; the fiche ARS
#: Océan Indien gives 23 MCS for Mayotte's dispensaires.
INHABITANTS_PER: dict[str, int] = {
    "msp": 25_000,
    "mcs": 10_000,
    "booth": 20_000,
    "assistant": 10_000,
}


def scaled(wanted: int, population: int, kind: str) -> int:
    """``wanted`` records, at most one per :data:`INHABITANTS_PER` inhabitants, at least 1."""
    return max(1, min(wanted, population // INHABITANTS_PER[kind]))


def _check_and_period(connection: Connection, code: str, records: int, today: date) -> Period:
    """The demo period of the ARS; ValidationError for an unknown ARS or too few records."""
    rows = connection.execute(text("SELECT code, active_from, active_to FROM ars ORDER BY code"))
    known = {row.code: row for row in rows}
    errors = []
    if code not in known:
        choices = ", ".join(known)
        errors.append(
            FieldError("ars_code", voc.MSG_ARS_UNKNOWN.format(value=code, choices=choices))
        )
    if not isinstance(records, int) or records < 1:
        errors.append(FieldError("records", voc.MSG_DEMO_RECORDS_MIN.format(value=records)))
    if _holds_real_records(connection):
        errors.append(FieldError("db", voc.MSG_DEMO_REAL_DATABASE))
    if errors:
        raise ValidationError(errors)
    row = known[code]
    active_from = date.fromisoformat(str(row.active_from))
    active_to = date.fromisoformat(str(row.active_to)) if row.active_to else None
    if active_to is not None:  # a historical ARS: its last years
        start, end = OI_START, min(today, active_to)
        horizon = active_to
    else:
        start = max(active_from, EARLIEST_START)
        end = today
        horizon = date(9000, 1, 1)
    start_day = start.toordinal()
    # A period shorter than a year (a "today" just after the ARS began) is stretched to one.
    end_day = max(end.toordinal(), start_day + 365)
    return Period(start=start_day, end=end_day, horizon=max(horizon.toordinal(), end_day))


def _holds_real_records(connection: Connection) -> bool:
    """Whether the database has records that are not demo data (a correspondent's own file).

    Fake records mixed into real ones could not be told apart any more: the demo only goes into
    an empty database or one it made itself.
    """
    flag = connection.execute(text("SELECT value FROM local_setting WHERE key = 'demo'")).scalar()
    if flag == "1":
        return False
    return any(
        connection.exec_driver_sql(f"SELECT 1 FROM {table} LIMIT 1").first() is not None
        for table in RECORD_TYPES
    )


def _remember_demo(connection: Connection, code: str) -> None:
    for key, value in (("demo", "1"), ("demo_ars", code)):
        connection.execute(
            text(
                "INSERT INTO local_setting (key, value) VALUES (:key, :value)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value"
            ),
            {"key": key, "value": value},
        )
