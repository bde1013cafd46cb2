"""Reading rows for the sections' pages: the live lines under one record (an MSP's sites, an
MCS's trainings...), and a list narrowed to one ARS made into its dataclass; the tables of a
query named in one line.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import Column, ColumnElement, Connection

from storage.models import Commune

T = TypeVar("T")


def tables(*models: Any) -> tuple[sa.Table, ...]:
    """The tables of ``models``, in this order (``a, b = tables(A, B)``)."""
    return tuple(model.__table__ for model in models)


def live_lines(
    connection: Connection,
    parent_id: str,
    make: Callable[..., T],
    parent: Column[Any],
    order_by: Sequence[ColumnElement[Any]] = (),
    *,
    named: Mapping[str, ColumnElement[Any]] | None = None,
) -> list[T]:
    """One ``make`` (a NamedTuple: a line is a row) for each live row of ``parent``'s table
    whose ``parent`` is ``parent_id``, in ``order_by`` order. Its fields name the table's
    columns, but ``commune_name``: the name of the line's commune (``commune_code``), and the
    figures ``named`` gives in SQL."""
    table = parent.table
    commune = Commune.__table__
    sql = {"commune_name": commune.c.name, **(named or {})}
    fields: tuple[str, ...] = make._fields  # type: ignore[attr-defined]
    columns = [sql[name] if name in sql else table.c[name] for name in fields]
    joined = table
    if "commune_name" in fields:
        joined = table.join(commune, table.c.commune_code == commune.c.code)
    query = (
        sa.select(*columns)
        .select_from(joined)
        .where(parent == parent_id, table.c.deleted.is_(False))
        .order_by(*order_by)
    )
    return [make(*row) for row in connection.execute(query)]


def for_ars(query: sa.Select[Any], table: Any, ars_code: str | None) -> sa.Select[Any]:
    """``query`` narrowed to the records of ARS ``ars_code`` (None: every ARS)."""
    return query if ars_code is None else query.where(table.c.ars_code == ars_code)


def made_of(connection: Connection, make: Callable[..., T], query: sa.Select[Any]) -> list[T]:
    """``make(**row)`` for each row of ``query``: its labels are the dataclass's fields."""
    return [make(**row) for row in connection.execute(query).mappings()]
