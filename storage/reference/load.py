"""The reference data shipped in the package: loading it into a database, reading it without one.

``storage/reference/data/`` holds one CSV per reference table (header = the table's columns) and a
``VERSION`` file, all made by :mod:`storage.reference.build`. Nothing here reads the sources: the
packaged files are read through :mod:`importlib.resources`, so an installed wheel works offline.

:func:`ensure_reference_data` runs on every open of a database. When the database already holds
this exact data (its ``local_setting`` ``reference_version`` equals ``VERSION``) it costs one
SELECT; otherwise it upserts every row. Rows are never deleted: records point at communes by
foreign key, and a commune that disappears from a later edition must stay for them.

>>> departement_of_commune("97611")
'976'
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection
from sqlmodel import SQLModel

from storage.db import REFERENCE_VERSION_SETTING
from storage.models import reference as ref
from storage.text import SEARCH_KEY_SOURCES, search_key

#: The ``local_setting`` key holding the version of the reference data a database has.
VERSION_SETTING = REFERENCE_VERSION_SETTING

#: Packaged files, in load order (a table's foreign keys point at tables loaded before it).
PACKAGED_TABLES: tuple[tuple[str, type[SQLModel]], ...] = (
    ("regions.csv", ref.Region),
    ("departements.csv", ref.Departement),
    ("ars.csv", ref.Ars),
    ("ars_departements.csv", ref.ArsDepartement),
    ("epci.csv", ref.Epci),
    ("communes.csv", ref.Commune),
    ("national_indicators.csv", ref.NationalIndicator),
)

#: Page cache during a load, in KiB (SQLite's negative form): room for every reference table.
LOAD_CACHE_SIZE = -32_768

#: Commune columns whose text makes up ``commune.search_key``.
COMMUNE_SEARCH_COLUMNS = SEARCH_KEY_SOURCES["commune"]


class ReferenceDataError(Exception):
    """The packaged reference files do not match the tables (a broken build or install)."""


@dataclass(frozen=True)
class ArsInfo:
    """One ARS as packaged: today's 18 and the historical ARS Océan Indien (OI)."""

    code: str
    name: str
    #: None for OI, which spanned two régions.
    region_code: str | None
    #: Codes of the départements (and collectivités 977/978) it covers.
    departements: tuple[str, ...]
    active_from: date
    #: Last day of activity (OI: 2019-12-31); None for an ARS still active.
    active_to: date | None

    def active_on(self, day: date) -> bool:
        """Whether this ARS existed on ``day`` (both bounds included)."""
        return self.active_from <= day and (self.active_to is None or day <= self.active_to)


def _data_file(name: str) -> Traversable:
    return files("storage.reference").joinpath("data", name)


@cache
def packaged_version() -> str:
    """The version of the packaged reference data (a short hash of its files)."""
    return _data_file("VERSION").read_text(encoding="ascii").strip()


def _read_csv(name: str) -> tuple[list[str], Iterator[list[str]]]:
    """Header and rows of a packaged CSV file."""
    text = _data_file(name).read_text(encoding="utf-8")
    reader = csv.reader(io.StringIO(text, newline=""))
    return next(reader), reader


def _optional(text: str) -> str | None:
    return text or None


@cache
def packaged_ars() -> tuple[ArsInfo, ...]:
    """Every packaged ARS with its départements, ordered by code; no database needed."""
    _, links = _read_csv("ars_departements.csv")
    covered: dict[str, list[str]] = {}
    for ars_code, departement_code in links:
        covered.setdefault(ars_code, []).append(departement_code)
    header, rows = _read_csv("ars.csv")
    result = []
    for row in rows:
        record = dict(zip(header, row, strict=True))
        active_to = _optional(record["active_to"])
        result.append(
            ArsInfo(
                code=record["code"],
                name=record["name"],
                region_code=_optional(record["region_code"]),
                departements=tuple(covered.get(record["code"], ())),
                active_from=date.fromisoformat(record["active_from"]),
                active_to=date.fromisoformat(active_to) if active_to else None,
            )
        )
    return tuple(result)


@cache
def packaged_keys(table: str) -> frozenset[str]:
    """The primary keys of one packaged reference table (commune, epci, ars...), no database.

    What the central server checks a commune or an EPCI against: it has no reference tables.
    """
    for name, model in PACKAGED_TABLES:
        if model.__tablename__ == table:  # type: ignore[attr-defined]
            key = next(iter(model.__table__.primary_key.columns)).name  # type: ignore[attr-defined]
            header, rows = _read_csv(name)
            index = header.index(key)
            return frozenset(row[index] for row in rows)
    return frozenset()


@cache
def packaged_rows(table: str) -> dict[str, dict[str, str]]:
    """The rows of one packaged reference table by primary key, as text ("" for none), no
    database: what the central server looks a commune's EPCI or population up in."""
    for name, model in PACKAGED_TABLES:
        if model.__tablename__ == table:  # type: ignore[attr-defined]
            key = next(iter(model.__table__.primary_key.columns)).name  # type: ignore[attr-defined]
            header, rows = _read_csv(name)
            index = header.index(key)
            return {row[index]: dict(zip(header, row, strict=True)) for row in rows}
    return {}


def departement_of_commune(code: str) -> str:
    """The département of an INSEE commune code: "2A004" -> "2A", "97611" -> "976".

    Overseas (97x, 98x) the département has three characters, elsewhere two.
    """
    if len(code) != 5:
        raise ValueError(f"not an INSEE commune code: {code!r}")
    return code[:3] if code.startswith(("97", "98")) else code[:2]


def stored_version(connection: Connection) -> str | None:
    """The reference version the database holds, None before the first load."""
    return connection.exec_driver_sql(
        "SELECT value FROM local_setting WHERE key = ?", (VERSION_SETTING,)
    ).scalar()


def ensure_reference_data(connection: Connection) -> bool:
    """Load the packaged reference data unless the database already has this version.

    Runs inside the caller's write transaction (:func:`storage.db.open_database`), after the
    migrations. Returns True when it loaded, False when the data was already there.
    """
    version = packaged_version()
    if stored_version(connection) == version:
        return False
    # SQLite's default page cache (2 MiB) is smaller than the commune table and its indexes:
    # pages would spill to the WAL mid-load, doubling its time. Widen it for the load only.
    previous_cache = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size = {LOAD_CACHE_SIZE}")
    try:
        for name, model in PACKAGED_TABLES:
            _upsert(connection, name, model)
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {int(previous_cache)}")
    connection.exec_driver_sql(
        "INSERT INTO local_setting (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (VERSION_SETTING, version),
    )
    return True


def _placeholder(column: sa.Column[Any]) -> str:
    """The SQL that turns the text of one CSV cell into the column's value.

    SQLite converts while inserting, which is much faster than a Python call per cell: an empty
    cell is NULL (a NOT NULL column then fails loudly); numbers are cast. Dates stay ISO text,
    which is how SQLAlchemy stores them in SQLite.
    """
    if isinstance(column.type, sa.Integer):
        return "CAST(NULLIF(?, '') AS INTEGER)"
    if isinstance(column.type, sa.Float):
        return "CAST(NULLIF(?, '') AS REAL)"
    return "NULLIF(?, '')"


def _upsert(connection: Connection, name: str, model: type[SQLModel]) -> None:
    """INSERT ... ON CONFLICT DO UPDATE every row of one packaged file into its table.

    A row that is already there with the same values is left alone (the ``WHERE ... IS NOT``),
    so loading a new edition only writes what changed.
    """
    table: sa.Table = model.__table__  # type: ignore[attr-defined]
    header, reader = _read_csv(name)
    unknown = [column for column in header if column not in table.c]
    if unknown:
        raise ReferenceDataError(f"{name}: columns {unknown} are not in table {table.name}")
    columns = list(header)
    if table.name == ref.Commune.__tablename__:
        positions = [header.index(column) for column in COMMUNE_SEARCH_COLUMNS]
        columns.append("search_key")
        rows = [(*row, search_key(*(row[i] for i in positions))) for row in reader]
    else:
        rows = [tuple(row) for row in reader]
    if not rows:
        return

    keys = [column.name for column in table.primary_key.columns]
    updates = [column for column in columns if column not in keys]
    if updates:
        conflict = (
            "DO UPDATE SET "
            + ", ".join(f"{column} = excluded.{column}" for column in updates)
            + f" WHERE ({', '.join(updates)}) IS NOT"
            + f" ({', '.join('excluded.' + column for column in updates)})"
        )
    else:
        conflict = "DO NOTHING"
    sql = (
        f"INSERT INTO {table.name} ({', '.join(columns)})"
        f" VALUES ({', '.join(_placeholder(table.c[column]) for column in columns)})"
        f" ON CONFLICT ({', '.join(keys)}) {conflict}"
    )
    connection.exec_driver_sql(sql, rows)
