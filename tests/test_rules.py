"""Computed rules: months, CESP commitment, ARS of a commune, zonage on a date, CPTS, missions."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Connection

from storage.db import Database, read_connection, write_transaction
from storage.models import ZoningEntry, ZoningOrder
from storage.records.rules import (
    MISSION_DAY_RATE_CENTS,
    add_months,
    ars_of_commune,
    cesp_commitment_end,
    cpts_size,
    mission_indemnity_cents,
    zoning_class_on,
)
from storage.records.validation import ValidationError
from storage.uuids import new_id

dates = st.dates(min_value=date(1950, 1, 1), max_value=date(2150, 12, 31))

# --- add_months ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2100, 1, 31), 1, date(2100, 2, 28)),  # not a leap year (century)
        (date(2000, 1, 31), 1, date(2000, 2, 29)),  # leap year (400)
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2024, 3, 31), 1, date(2024, 4, 30)),
        (date(2024, 11, 15), 2, date(2025, 1, 15)),
        (date(2024, 1, 15), -1, date(2023, 12, 15)),
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
        (date(2024, 5, 7), 0, date(2024, 5, 7)),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


@given(dates, st.integers(min_value=-600, max_value=600))
def test_add_months_lands_in_the_right_month_on_the_clipped_day(day: date, months: int) -> None:
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    month_length = calendar.monthrange(result.year, result.month)[1]
    assert result.day == min(day.day, month_length)


@given(dates, st.integers(min_value=-600, max_value=600))
def test_add_months_goes_back_exactly_when_no_day_was_clipped(day: date, months: int) -> None:
    there = add_months(day, months)
    if there.day == day.day:
        assert add_months(there, -months) == day


# --- CESP ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("months_paid", "expected"),
    [
        (0, date(2026, 9, 1)),
        (10, date(2026, 9, 1)),
        (24, date(2026, 9, 1)),
        (25, date(2026, 10, 1)),
        (36, date(2027, 9, 1)),
        (-3, date(2026, 9, 1)),
    ],
)
def test_cesp_commitment_lasts_the_months_paid_and_at_least_24(
    months_paid: int, expected: date
) -> None:
    assert cesp_commitment_end(date(2024, 9, 1), months_paid) == expected


def test_cesp_commitment_from_a_month_end() -> None:
    assert cesp_commitment_end(date(2024, 1, 31), 25) == date(2026, 2, 28)


@given(dates, st.integers(min_value=0, max_value=240))
def test_cesp_end_is_never_before_start_plus_24_months(start: date, months_paid: int) -> None:
    end = cesp_commitment_end(start, months_paid)
    assert end >= add_months(start, 24)
    assert end == add_months(start, max(24, months_paid))


# --- ARS of a commune ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("commune", "on", "ars"),
    [
        ("97411", date(2019, 12, 31), "OI"),  # Saint-Denis, La Réunion
        ("97411", date(2020, 1, 1), "REU"),
        ("97611", date(2019, 12, 31), "OI"),  # Mamoudzou, Mayotte
        ("97611", date(2020, 1, 1), "MAY"),
        ("97611", date(2011, 6, 1), "OI"),
        ("97611", date(2005, 6, 1), "OI"),  # before any ARS: the first that covered it
        ("97701", date(2024, 1, 1), "GUA"),  # Saint-Barthélemy
        ("97801", date(2024, 1, 1), "GUA"),  # Saint-Martin
        ("97105", date(2024, 1, 1), "GUA"),
        ("97302", date(2024, 1, 1), "GUY"),
        ("2A004", date(2024, 1, 1), "COR"),
        ("2b033", date(2024, 1, 1), "COR"),
        ("69123", date(2024, 1, 1), "ARA"),
        ("69123", date(2012, 1, 1), "ARA"),  # before the 2016 merge: today's ARS
        ("75056", date(2015, 1, 1), "IDF"),
    ],
)
def test_ars_of_commune(commune: str, on: date, ars: str) -> None:
    assert ars_of_commune(commune, on) == ars


def test_ars_of_commune_takes_a_datetime() -> None:
    assert ars_of_commune("97411", datetime(2019, 12, 31, 23, 59, tzinfo=UTC)) == "OI"


@pytest.mark.parametrize("commune", ["97502", "97501", "98818"])
def test_no_ars_for_saint_pierre_et_miquelon_and_beyond(commune: str) -> None:
    with pytest.raises(ValidationError) as caught:
        ars_of_commune(commune, date(2024, 1, 1))
    assert caught.value.errors[0].field == "commune_code"
    assert "aucune ARS" in str(caught.value)


def test_ars_of_a_malformed_commune_code() -> None:
    with pytest.raises(ValidationError, match="5 caractères"):
        ars_of_commune("974", date(2024, 1, 1))


# --- Zonage on a date ---------------------------------------------------------------------------

SAINT_DENIS, SAINT_PAUL, MAMOUDZOU = "97411", "97415", "97611"


def add_order(connection: Connection, ars: str, effective: date, end: date | None, **extra: Any):
    row = {
        "id": new_id(),
        "ars_code": ars,
        "version": 0,
        "updated_at": datetime(2025, 1, 1, tzinfo=UTC),
        "updated_by": "test",
        "deleted": False,
        "number": f"arrêté {effective.isoformat()}",
        "effective_date": effective,
        "end_date": end,
        "profession": "medecin",
        **extra,
    }
    connection.execute(sa.insert(ZoningOrder.__table__).values(**row))
    return row["id"]


def add_entry(connection: Connection, order_id: str, commune: str, zone: str, **extra: Any):
    connection.execute(
        sa.insert(ZoningEntry.__table__).values(
            id=new_id(),
            ars_code="REU",
            version=0,
            updated_at=datetime(2025, 1, 1, tzinfo=UTC),
            updated_by="test",
            deleted=extra.pop("deleted", False),
            order_id=order_id,
            commune_code=commune,
            zone_class=zone,
            **extra,
        )
    )


def zoning(database: Database, commune: str, on: date, **options: Any) -> str | None:
    with read_connection(database.engine) as connection:
        return zoning_class_on(connection, commune, on, **options)


def zonings(database: Database, on: date) -> dict[str, str | None]:
    """The class of Saint-Paul and of Saint-Denis on ``on``."""
    return {commune: zoning(database, commune, on) for commune in (SAINT_PAUL, SAINT_DENIS)}


def test_no_arrete_no_class(database: Database) -> None:
    assert zoning(database, SAINT_PAUL, date(2024, 1, 1)) is None


def test_the_latest_arrete_in_force_decides(database: Database) -> None:
    with write_transaction(database.engine) as connection:
        old = add_order(connection, "REU", date(2020, 1, 1), None)
        add_entry(connection, old, SAINT_PAUL, "ZAC")
        new = add_order(connection, "REU", date(2022, 7, 1), date(2024, 6, 30))
        add_entry(connection, new, SAINT_PAUL, "ZIP")
        add_entry(connection, new, SAINT_DENIS, "ZV")
    assert zoning(database, SAINT_PAUL, date(2019, 12, 31)) is None  # before any arrêté
    assert zoning(database, SAINT_PAUL, date(2020, 1, 1)) == "ZAC"  # effective date included
    assert zoning(database, SAINT_PAUL, date(2022, 6, 30)) == "ZAC"
    assert zoning(database, SAINT_PAUL, date(2022, 7, 1)) == "ZIP"
    assert zoning(database, SAINT_PAUL, date(2024, 6, 30)) == "ZIP"  # end date included
    assert zoning(database, SAINT_PAUL, date(2024, 7, 1)) == "ZAC"  # the new one has ended
    # Saint-Denis: listed only in the new arrêté; the old one, in force, does not list it.
    assert zoning(database, SAINT_DENIS, date(2023, 1, 1)) == "ZV"
    assert zoning(database, SAINT_DENIS, date(2021, 1, 1)) == "HZ"


def test_a_commune_missing_from_the_arrete_in_force_is_hors_zonage(database: Database) -> None:
    with write_transaction(database.engine) as connection:
        order = add_order(connection, "REU", date(2023, 1, 1), None)
        add_entry(connection, order, SAINT_DENIS, "ZIP")
    assert zonings(database, date(2024, 1, 1)) == {SAINT_PAUL: "HZ", SAINT_DENIS: "ZIP"}


def test_deleted_rows_do_not_count(database: Database) -> None:
    with write_transaction(database.engine) as connection:
        kept = add_order(connection, "REU", date(2020, 1, 1), None)
        add_entry(connection, kept, SAINT_PAUL, "ZAC")
        add_entry(connection, kept, SAINT_DENIS, "ZIP", deleted=True)
        gone = add_order(connection, "REU", date(2023, 1, 1), None, deleted=True)
        add_entry(connection, gone, SAINT_PAUL, "ZIP")
    assert zonings(database, date(2024, 1, 1)) == {SAINT_PAUL: "ZAC", SAINT_DENIS: "HZ"}


def test_only_the_communes_ars_and_profession_count(database: Database) -> None:
    with write_transaction(database.engine) as connection:
        mayotte = add_order(connection, "MAY", date(2021, 1, 1), None)
        add_entry(connection, mayotte, SAINT_PAUL, "ZIP")  # a wrong row: not REU's arrêté
        add_entry(connection, mayotte, MAMOUDZOU, "ZIP")
        nurses = add_order(connection, "REU", date(2021, 1, 1), None, profession="infirmier")
        add_entry(connection, nurses, SAINT_PAUL, "ZV")
    assert zoning(database, SAINT_PAUL, date(2022, 1, 1)) is None
    assert zoning(database, SAINT_PAUL, date(2022, 1, 1), profession="infirmier") == "ZV"
    assert zoning(database, MAMOUDZOU, date(2022, 1, 1)) == "ZIP"


def test_ocean_indien_arretes_before_2020(database: Database) -> None:
    with write_transaction(database.engine) as connection:
        oi = add_order(connection, "OI", date(2018, 1, 1), date(2019, 12, 31))
        add_entry(connection, oi, MAMOUDZOU, "ZIP")
        add_entry(connection, oi, SAINT_PAUL, "ZAC")
        reu = add_order(connection, "REU", date(2020, 1, 1), None)
        add_entry(connection, reu, SAINT_PAUL, "ZIP")
    assert zoning(database, SAINT_PAUL, date(2019, 12, 31)) == "ZAC"
    assert zoning(database, SAINT_PAUL, date(2020, 1, 1)) == "ZIP"
    assert zoning(database, MAMOUDZOU, date(2019, 12, 31)) == "ZIP"
    assert zoning(database, MAMOUDZOU, date(2020, 1, 1)) is None  # MAY has no arrêté here


def test_same_effective_date_the_latest_signed_wins(database: Database) -> None:
    with write_transaction(database.engine) as connection:
        first = add_order(connection, "REU", date(2023, 1, 1), None, signed_date=date(2022, 11, 2))
        add_entry(connection, first, SAINT_PAUL, "ZAC")
        fixed = add_order(connection, "REU", date(2023, 1, 1), None, signed_date=date(2022, 12, 20))
        add_entry(connection, fixed, SAINT_PAUL, "ZIP")
    assert zoning(database, SAINT_PAUL, date(2023, 6, 1)) == "ZIP"


def test_no_zonage_where_no_ars(database: Database) -> None:
    assert zoning(database, "97502", date(2024, 1, 1)) is None


# --- CPTS and missions --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("population", "size"),
    [
        (0, "T1"),
        (39_999, "T1"),
        (40_000, "T2"),
        (79_999, "T2"),
        (80_000, "T3"),
        (175_000, "T3"),
        (175_001, "T4"),
        (2_000_000, "T4"),
    ],
)
def test_cpts_size_boundaries(population: int, size: str) -> None:
    assert cpts_size(population) == size


def test_cpts_size_of_a_negative_population() -> None:
    with pytest.raises(ValidationError, match="positive ou nulle"):
        cpts_size(-1)


@given(st.integers(min_value=0, max_value=10**7), st.integers(min_value=0, max_value=10**7))
def test_cpts_size_grows_with_population(a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert cpts_size(low) <= cpts_size(high)  # "T1" < "T2" < "T3" < "T4"


def test_mission_indemnity_is_200_euros_a_day() -> None:
    assert mission_indemnity_cents(0) == 0
    assert mission_indemnity_cents(1) == 20_000
    assert mission_indemnity_cents(2) == 40_000
    assert mission_indemnity_cents(3, rate_cents=15_050) == 45_150
    assert MISSION_DAY_RATE_CENTS == 200 * 100


def test_mission_indemnity_refuses_negative_days() -> None:
    with pytest.raises(ValidationError) as caught:
        mission_indemnity_cents(-1)
    assert caught.value.errors[0].field == "days"
