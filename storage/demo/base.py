"""The machinery every part of the demo generator shares: context, ids, dates, bulk writes.

Speed is the point of this module. A demo of 100,000 installation projects writes about 400,000
rows, so the generator works with plain tuples and ``executemany`` on one connection, dates as
ordinals (``date.toordinal()``) turned into ISO text through a lookup table, and ids made in bulk.

Ids are made in bulk by :class:`storage.uuids.IdFactory` (real UUIDv7, about 0.5 µs each),
unique and ordered in creation order, as the store's are.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from importlib import resources
from random import Random
from typing import Any

from sqlalchemy import Connection

from storage.uuids import IdFactory

#: Who the demo rows say wrote them.
DEMO_USER = "démo"

#: The sync metadata every record starts with, in this order (storage.models.base).
META_COLUMNS = ("id", "ars_code", "version", "updated_at", "updated_by", "deleted")

#: Days that ISO text is precomputed for (any date the demo makes falls well inside).
_FIRST_DAY = date(1990, 1, 1).toordinal()
_LAST_DAY = date(2070, 12, 31).toordinal()


@cache
def iso_days() -> dict[int, str]:
    """``ordinal -> "YYYY-MM-DD"``, the text SQLAlchemy stores for a ``Date`` in SQLite."""
    return {day: date.fromordinal(day).isoformat() for day in range(_FIRST_DAY, _LAST_DAY + 1)}


def sqlite_datetime(moment: datetime) -> str:
    """A timezone-aware datetime as SQLAlchemy's ``UTCDateTime`` writes it in SQLite.

    SQLModel converts to UTC and SQLite's ``DATETIME`` type stores the naive text
    ``YYYY-MM-DD HH:MM:SS.ffffff``; reading back through the model gives the UTC datetime again.
    """
    if moment.utcoffset() is None:
        raise ValueError("sqlite_datetime needs a timezone-aware datetime")
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


@cache
def demo_data(name: str) -> dict[str, Any]:
    """One of the packaged ``storage/demo/data/*.toml`` files, parsed."""
    text = resources.files("storage.demo").joinpath("data", f"{name}.toml").read_text("utf-8")
    return tomllib.loads(text)


@dataclass(frozen=True)
class Period:
    """The days the demo records of one ARS are dated in.

    ``end`` is the data's "today": for the historical ARS Océan Indien it is 2019-12-31, the
    day before the split, and nothing the demo plans (due dates, planned installations) goes past
    ``horizon``.
    """

    start: int
    end: int
    horizon: int

    def clamp(self, day: int) -> int:
        return min(day, self.horizon)


class Draw:
    """Fast draws from a ``random.Random`` stream, for the loops that run once per row.

    ``randint`` and ``choice`` cost about 0.5 µs each (they draw bits until a value fits);
    scaling one ``random()`` costs a third of that, and its bias (about 1e-8 at most for the
    ranges used here) does not matter for demo data. Same seed, same draws.
    """

    __slots__ = ("random",)

    def __init__(self, rng: Random) -> None:
        self.random = rng.random

    def between(self, low: int, high: int) -> int:
        """An int in ``[low, high]`` (both included), like ``randint``."""
        return low + int(self.random() * (high - low + 1))

    def pick(self, items: Sequence[Any]) -> Any:
        return items[int(self.random() * len(items))]


@dataclass
class DemoContext:
    """What every generator step needs: the connection, the random stream, the ARS and period."""

    connection: Connection
    rng: Random
    ars_code: str
    period: Period
    updated_at: str
    ids: IdFactory = field(default_factory=IdFactory)
    counts: dict[str, int] = field(default_factory=dict)
    draw: Draw = field(init=False)
    #: A new id (bound method of ``ids``: called once per row, so no extra call layer).
    new_id: Callable[[], str] = field(init=False)

    def __post_init__(self) -> None:
        self.draw = Draw(self.rng)
        self.new_id = self.ids.new

    def insert(self, table: str, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> None:
        """``executemany`` rows of (id, *columns) and count them.

        The other sync columns are the same for every row of the run, so they are written as
        SQL literals rather than bound per row (a fifth of the binding work saved).
        """
        rows = rows if isinstance(rows, list) else list(rows)
        self.counts[table] = self.counts.get(table, 0) + len(rows)
        if not rows:
            return
        constants = ", ".join(
            _sql_literal(value) for value in (self.ars_code, 0, self.updated_at, DEMO_USER, 0)
        )
        names = ", ".join((*META_COLUMNS, *columns))
        marks = ", ".join("?" * len(columns))
        sql = f"INSERT INTO {table} ({names}) VALUES (?, {constants}, {marks})"
        self.connection.exec_driver_sql(sql, rows)  # type: ignore[arg-type]


def _sql_literal(value: str | int) -> str:
    """An SQL literal: ints as they are, text quoted with its quotes doubled."""
    if isinstance(value, int):
        return str(value)
    return "'" + value.replace("'", "''") + "'"


#: Rows a generation must add, at least, before it rebuilds indexes instead of updating them.
REBUILD_INDEXES_FROM = 20_000


@contextmanager
def indexes_rebuilt(
    connection: Connection, tables: Sequence[str], rows_coming: int
) -> Iterator[None]:
    """Drop the secondary indexes of ``tables`` for the block, then make them again.

    Inserting 100,000 rows into a table with six indexes updates each index at random places,
    row by row; making the index afterwards sorts once, and costs about a third. Worth it only
    when the rows coming outnumber those already there (and are many: see
    :data:`REBUILD_INDEXES_FROM`). Runs inside the caller's transaction: if anything fails, the
    rollback brings the indexes back with the rest. Indexes SQLite made itself (primary keys,
    UNIQUE constraints) have no SQL and stay.
    """
    marks = ", ".join("?" * len(tables))
    existing = sum(
        connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one() for table in tables
    )
    if rows_coming < max(REBUILD_INDEXES_FROM, existing):
        yield
        return
    indexes = connection.exec_driver_sql(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        f" AND tbl_name IN ({marks}) ORDER BY name",
        tuple(tables),
    ).all()
    for name, _sql in indexes:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    for _name, sql in indexes:
        connection.exec_driver_sql(sql)


def cumulative(weights: Iterable[float]) -> list[float]:
    """Running totals, for ``Random.choices(cum_weights=...)`` (faster than plain weights)."""
    total = 0.0
    out = []
    for weight in weights:
        total += weight
        out.append(total)
    return out


class WeightedCodes:
    """Draw codes by fixed weights, quickly, many times: ``pick()`` with one ``random()`` each."""

    def __init__(self, rng: Random, weights: dict[str, float]) -> None:
        from bisect import bisect

        self._codes = list(weights)
        self._cum = cumulative(weights.values())
        self._total = self._cum[-1]
        self._last = len(self._codes) - 1
        self._random = rng.random
        self._bisect = bisect

    def pick(self) -> str:
        index = self._bisect(self._cum, self._random() * self._total, 0, self._last)
        return self._codes[index]
